"""Build the book as a PDF, as the README says, and check what a reader gets.

The PDF builder reuses the session's HTML build (the ``build`` fixture): the same output folder,
so the same execution cache, and no chapter runs twice. Then: the PDF exists, has a plausible
number of pages, contains every chapter title of _toc.yml, shows glued numbers as numbers (no raw
``{glue:...}`` roles), and every figure it includes is a raster or PDF image (no SVG, which LaTeX
cannot include).

Without TeX the tests skip and say what to install; under CI (the variable ``CI`` set, as
``.ci/run`` runs) they fail instead, because ``.ci/run`` installs TeX first.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from booktools import ROOT, jupyter_book, toc_files

pytestmark = pytest.mark.book  # deselect with: pytest -m "not book"

TEX_PACKAGES = ROOT / ".ci" / "tex-packages.txt"
PDF_NAME = "book.pdf"  # latex.latex_documents.targetname in _config.yml, as .pdf


def _tex_packages() -> list[str]:
    lines = TEX_PACKAGES.read_text().splitlines()
    return [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]


def _require(tools: list[str]) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if not missing:
        return
    message = (
        f"the PDF build needs {', '.join(missing)} (TeX Live and poppler-utils); on Debian or "
        f"Ubuntu install them with: sudo apt-get install {' '.join(_tex_packages())}"
    )
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {message}")
    pytest.skip(message)


def _title(page: str) -> str:
    """The first level-1 heading after the front matter, as plain text."""
    text = (ROOT / f"{page}.md").read_text()
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    heading = next(line for line in text.splitlines() if line.startswith("# "))
    return re.sub(r"[`$*\\]", "", heading[2:]).strip()  # "$\\sin(x)$" is "sin(x)" in the PDF


def _normalise(text: str) -> str:
    # NFKC turns ligatures (U+FB01 "fi") into letters; a hyphen at a line end joins the word.
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'")
    text = re.sub(r"-\n(?=\w)", "-", text)
    return re.sub(r"\s+", " ", text).lower()


@pytest.fixture(scope="module")
def pdf(build) -> Path:
    _require(["xelatex", "latexmk", "xindy"])
    out = build.parent  # the HTML build's --path-output: its execution cache is reused
    cmd = [jupyter_book(), "build", str(ROOT), "--path-output", str(out), "--builder", "pdflatex"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=3600, cwd=ROOT)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"PDF build failed (exit {proc.returncode}):\n{log[-8000:]}"
    path = build / "latex" / PDF_NAME
    assert path.is_file(), f"no {PDF_NAME} in {build / 'latex'}:\n{log[-3000:]}"
    return path


@pytest.fixture(scope="module")
def pdf_text(pdf) -> str:
    _require(["pdftotext"])
    proc = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, timeout=600, check=True)
    return proc.stdout


def _page_count(pdf: Path) -> int:
    _require(["pdfinfo"])
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def test_pdf_has_a_plausible_number_of_pages(pdf):
    # 16 chapters of 10 to 50 pages, the API reference, glossary and index: about 500 pages.
    pages = _page_count(pdf)
    assert 300 <= pages <= 1500, f"{pdf.name} has {pages} pages"


def test_pdf_contains_every_chapter_title(pdf_text):
    text = _normalise(pdf_text)
    missing = [(page, _title(page)) for page in toc_files()
               if page != "genindex" and _normalise(_title(page)) not in text]
    assert not missing, f"chapter titles not found in the PDF text: {missing}"


def test_pdf_shows_glued_numbers_not_roles(pdf_text):
    raw = sorted(set(re.findall(r"\{glue:?\w*\}`?[\w.:-]*", pdf_text)))
    assert not raw, f"glue roles left unrendered in the PDF: {raw[:10]}"


def test_pdf_figures_are_raster_or_pdf(pdf):
    tex = pdf.with_suffix(".tex").read_text()
    # Sphinx writes \sphinxincludegraphics[options]{{name}.png} (braces guard dots in names)
    images = [re.sub(r"[{}]", "", m) for m in
              re.findall(r"\\sphinxincludegraphics(?:\[[^\]]*\])?\{((?:\{[^}]*\})?[^}]*)\}", tex)]
    assert len(images) >= 50, f"only {len(images)} figures in the PDF"
    bad = [name for name in images if not name.lower().endswith((".png", ".jpg", ".jpeg", ".pdf"))]
    assert not bad, f"figures that are not PNG, JPEG or PDF: {bad[:10]}"
    missing = [name for name in images if not (pdf.parent / name).is_file()]
    assert not missing, f"figures missing beside the .tex: {missing[:10]}"
