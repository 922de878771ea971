"""Lines fit the page: ruff (configured in pyproject.toml) checks the
library, and every chapter's code cells, at 79 characters or fewer.

The book shows library code with literalinclude and runs its code cells on
the site, where a longer line would scroll sideways.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```\s*$", re.M | re.S)


def _ruff() -> list[str]:
    exe = Path(sys.executable).with_name("ruff")
    if exe.exists():
        return [str(exe)]
    if shutil.which("ruff"):
        return ["ruff"]
    pytest.fail("ruff is not installed: pip install -e '.[test]'")


def _run_ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*_ruff(), "check", "--no-cache", *args],
                          capture_output=True, text=True, cwd=ROOT)


def code_cells(markdown: str) -> list[str]:
    """The source of each ``{code-cell}`` of a MyST notebook, without its
    options (a ``---`` YAML block or ``:key: value`` lines at the top)."""
    cells = []
    for match in CELL.finditer(markdown):
        lines = match.group(1).splitlines()
        if lines and lines[0].strip() == "---":
            end = lines.index("---", 1)
            lines = lines[end + 1:]
        while lines and re.match(r"^:[\w-]+:", lines[0]):
            lines = lines[1:]
        cells.append("\n".join(lines))
    return cells


def test_code_cells_are_extracted_with_their_options_removed():
    text = ("```{code-cell} ipython3\n:tags: [remove-cell]\nx = 1\n```\n"
            "prose\n```{code-cell} ipython3\n---\ntags: [hide-input]\n---\n"
            "y = 2\nz = 3\n```\n")
    assert code_cells(text) == ["x = 1", "y = 2\nz = 3"]


def test_library_passes_ruff():
    proc = _run_ruff("nnmath")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_catches_a_long_line(tmp_path):
    # The check must be able to fail: an 80-character line is refused.
    bad = tmp_path / "bad.py"
    bad.write_text("x = " + "1" * 76 + "\n")
    proc = _run_ruff("--select", "E501", "--config", "line-length = 79",
                     str(bad))
    assert proc.returncode == 1 and "E501" in proc.stdout


def test_chapter_code_cells_fit_in_79_columns(tmp_path):
    chapters = sorted((ROOT / "book").glob("*.md"))
    written = 0
    for chapter in chapters:
        cells = code_cells(chapter.read_text())
        if cells:
            # One file per chapter, cells in order, so a message names it.
            script = tmp_path / f"{chapter.stem}.py"
            script.write_text("\n\n".join(cells) + "\n")
            written += 1
    assert written >= 10, "found too few chapters with code cells"
    proc = _run_ruff("--select", "E501", "--config", "line-length = 79",
                     str(tmp_path))
    assert proc.returncode == 0, (
        "chapter code cells with lines over 79 characters:\n"
        + proc.stdout)
