"""Every chapter as a reader takes it away: an executed notebook, a plain script, one archive.

The build (book/_ext/nnmath_downloads.py) writes them into the site from the same execution that
made the pages. Checked here: every notebook opens with nbformat and validates, keeps its outputs
and shows every glued number as the text the page shows (no raw MyST role left); the archive
holds them all; each chapter page links its downloads and the links resolve; one chapter's
notebook re-runs top to bottom with nbclient and one chapter's script runs with plain python
(both in an empty folder, as a reader's download would) and prints what the page shows.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import importlib.util

import nbformat
import pytest
from booktools import ROOT, toc_files

# Fast chapters, self-contained: they run in a reader's empty folder in well under a minute.
RUN_NOTEBOOK = "backprop"
RUN_SCRIPT = "backprop"


def _chapters() -> list[str]:
    """Pages in _toc.yml with code cells: the ones that get a notebook and a script."""
    files = toc_files()
    return [f for f in files if (ROOT / f"{f}.md").is_file() and "{code-cell}" in (ROOT / f"{f}.md").read_text()]


CHAPTERS = _chapters()


spec = importlib.util.spec_from_file_location("nnmath_downloads", ROOT / "book" / "_ext" / "nnmath_downloads.py")
conv = importlib.util.module_from_spec(spec)
spec.loader.exec_module(conv)


# ---------------------------------------------------------------- the converter, on small inputs

def _converter(glue=None, **info):
    return conv.MarkdownConverter(conv.BookInfo(root=ROOT, **info), "book/sine", glue or {})


def test_glue_roles_become_the_formatted_value():
    c = _converter({"rate": {"text/plain": "0.012345"}, "n": {"text/plain": "1200"},
                    "share": {"text/plain": "0.25"}, "name": {"text/plain": "'tanh'"}})
    text = "{glue:text}`rate:.3f` and {glue:text}`n:,` ({glue:text}`share:.0%`), {glue:text}`name`"
    assert c.convert(text) == "0.012 and 1,200 (25%), tanh"
    assert not c.problems


def test_a_missing_glued_value_is_reported():
    c = _converter()
    c.convert("{glue:text}`nowhere:.2f`")
    assert c.problems == ["glued value 'nowhere' not found"]


def test_references_and_citations_become_readable_text():
    c = _converter(titles={"book/losses": "Loss functions", "book/intro": "Introduction"},
                   notebooks={"book/losses"},
                   labels={"sec-mse": ("book/losses", "Mean squared error")},
                   numbers={"ex-1": ("exercise", "3")},
                   citations={"glorot2010": ("Glorot and Bengio", "2010"),
                              "he2015": ("He et al.", "2015")})
    text = ("{ref}`sec-mse`, {ref}`the section <sec-mse>`, {numref}`ex-1`, "
            "{cite}`glorot2010,he2015`, {cite:t}`he2015`, {term}`logits <logit>`, "
            "{py:func}`nnmath.losses.mse`, [losses](losses.md#top), [the set-up](intro.md)")
    assert c.convert(text) == (
        "Mean squared error, the section, Exercise 3, (Glorot and Bengio, 2010; He et al., 2015), "
        "He et al. (2015), logits, `nnmath.losses.mse()`, [losses](losses.ipynb#top), the set-up")


def test_directives_become_markdown_a_notebook_renders():
    c = _converter(numbers={"sine-ex-1": ("exercise", "2")})
    text = "\n".join([
        "(sec-label)=", "## Exercises", "", "```{exercise}", ":label: sine-ex-1", "",
        "Prove it.", "```", "", "````{solution-start} sine-ex-1", ":class: dropdown", "````",
        "", "```{note}", "Careful.", "```", "", "```python", "{glue:text}`kept`", "```",
    ])
    assert c.convert(text).split("\n") == [
        "## Exercises", "", "**Exercise 2.**", "", "Prove it.", "",
        "**Solution to exercise 2.**", "", "", "> **Note**", ">", "> Careful.", "",
        "```python", "{glue:text}`kept`", "```"]


def test_literalinclude_becomes_the_library_code():
    c = _converter()
    out = c.convert("```{literalinclude} ../nnmath/losses.py\n:pyobject: mse\n```")
    assert out.startswith("From `nnmath/losses.py`, `mse`:\n\n```python\ndef mse(")
    assert out.endswith("```") and not c.problems


def test_the_script_prints_what_the_page_shows():
    assert conv._print_last_expression("x = 1\nx + 1") == "x = 1\nprint(x + 1)"
    assert conv._print_last_expression("df.head(\n    3\n)") == "print(df.head(\n    3\n))"
    assert conv._print_last_expression("fig.tight_layout();") == "fig.tight_layout();"
    assert conv._print_last_expression("y = 2") == "y = 2"
    assert conv._print_last_expression("a - b  # the (gap)") == "print(a - b)  # the (gap)"
    assert conv._print_last_expression("f(\"é\", 1)  # é") == "print(f(\"é\", 1))  # é"


# ---------------------------------------------------------------- the downloads of the built book

@pytest.fixture(scope="module")
def downloads(build) -> Path:
    return build / "html" / "downloads"


def _notebook(downloads: Path, page: str):
    return nbformat.read(downloads / "notebooks" / f"{Path(page).name}.ipynb", as_version=4)


def _markdown(nb) -> str:
    return "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")


@pytest.mark.book
def test_every_chapter_has_a_valid_executed_notebook_and_a_script(downloads):
    assert CHAPTERS, "no chapter with code cells in _toc.yml"
    for page in CHAPTERS:
        nb = _notebook(downloads, page)
        nbformat.validate(nb)
        assert nb.metadata["kernelspec"]["name"] == "python3"
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert code and any(c.outputs for c in code), f"{page}: the notebook has no outputs"
        script = downloads / "scripts" / f"{Path(page).name}.py"
        assert script.is_file(), f"{page}: no script"
        compile(script.read_text(), str(script), "exec")  # plain Python: no magics, no MyST


ROLE = re.compile(r"\{(?:glue|ref|numref|cite|term|eq|doc|py:\w+|func|class)[\w:]*\}`")
DIRECTIVE = re.compile(r"^\s*(?:`{3,}|:{3,})\{", re.M)


@pytest.mark.book
def test_no_myst_role_or_directive_is_left_in_a_notebook(downloads):
    for page in CHAPTERS:
        md = _markdown(_notebook(downloads, page))
        assert "{glue" not in md, f"{page}: a raw glue role is left"
        assert not ROLE.search(md), f"{page}: a raw MyST role is left: {ROLE.search(md).group(0)}"
        assert not DIRECTIVE.search(md), f"{page}: a raw MyST directive is left"
        assert not re.search(r"\]\([^)\s:]+\.md\b", md), f"{page}: a link to a .md page is left"
        for target in re.findall(r"\]\(([^)\s:#]+\.ipynb)", md):
            assert (downloads / "notebooks" / target).is_file(), f"{page}: dead link {target}"


GLUE_TEXT = re.compile(r"\{glue:text\}`([^`:]+)(?::([^`]*))?`")


@pytest.mark.book
def test_glued_numbers_appear_as_the_page_formats_them(build, downloads):
    from myst_nb.core.variables import format_plain_text

    import json

    checked = 0
    for page in CHAPTERS:
        source = (ROOT / f"{page}.md").read_text()
        glue_file = build / "jupyter_execute" / f"{page}.glue.json"
        glued = json.loads(glue_file.read_text()) if glue_file.is_file() else {}
        md = _markdown(_notebook(downloads, page))
        for name, spec in GLUE_TEXT.findall(source):
            text = format_plain_text(glued[name]["data"]["text/plain"], spec or "")
            assert text in md, f"{page}: glued {name} ({text}) is not in the notebook"
            checked += 1
    assert checked, "no glued number checked"


@pytest.mark.book
def test_library_code_shown_on_a_page_is_in_its_notebook(downloads):
    for page in CHAPTERS:
        source = (ROOT / f"{page}.md").read_text()
        md = _markdown(_notebook(downloads, page))
        for obj in re.findall(r"^:pyobject:\s*(\S+)", source, re.M):
            method = obj.split(".")[-1]
            assert re.search(rf"^(?:def|class) {re.escape(method)}\b", md, re.M), \
                f"{page}: {obj} is not in the notebook"


@pytest.mark.book
def test_the_archive_holds_every_notebook(downloads):
    with zipfile.ZipFile(downloads / "nnmath-notebooks.zip") as zf:
        names = set(zf.namelist())
        notebooks = {n for n in names if n.endswith(".ipynb")}
        assert notebooks == {f"nnmath-notebooks/{Path(p).name}.ipynb" for p in CHAPTERS}
        for name in notebooks:
            nbformat.validate(nbformat.reads(zf.read(name).decode(), as_version=4))
        # the recorded full-size results that digits and cnn read, where they look for them
        records = sorted((ROOT / "scripts" / "results").glob("*.json"))
        assert records, "no recorded results in scripts/results"
        assert names - notebooks == {f"nnmath-notebooks/scripts/results/{r.name}" for r in records}
        for record in records:
            assert zf.read(f"nnmath-notebooks/scripts/results/{record.name}") == record.read_bytes()


@pytest.mark.book
def test_every_chapter_page_links_its_downloads(build):
    html = build / "html"
    for page in CHAPTERS:
        path = html / f"{page}.html"
        hrefs = re.findall(r'href="([^"]*downloads/[^"]*)"', path.read_text())
        stem = Path(page).name
        wanted = {f"notebooks/{stem}.ipynb", f"scripts/{stem}.py", "nnmath-notebooks.zip"}
        found = {h.split("downloads/", 1)[1] for h in hrefs}
        assert wanted <= found, f"{page}: download links missing: {sorted(wanted - found)}"
        for href in hrefs:
            assert (path.parent / urlsplit(href).path).resolve().is_file(), f"{page}: {href} is dead"


def _reader_env() -> dict[str, str]:
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MPLBACKEND="Agg")
    env.pop("PYTHONPATH", None)
    return env


@pytest.mark.book
def test_a_notebook_reruns_top_to_bottom(downloads, tmp_path):
    from nbclient import NotebookClient

    nb = _notebook(downloads, f"book/{RUN_NOTEBOOK}")
    stored = [c.outputs for c in nb.cells if c.cell_type == "code"]
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    # In a reader's empty folder, not in the repository.
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    rerun = [c.outputs for c in nb.cells if c.cell_type == "code"]
    errors = [o for outs in rerun for o in outs if o.get("output_type") == "error"]
    assert not errors
    assert sum(map(len, rerun)) >= sum(map(len, stored))


@pytest.mark.book
def test_a_script_runs_with_python_and_prints_what_the_page_shows(downloads, tmp_path):
    script = tmp_path / f"{RUN_SCRIPT}.py"
    script.write_text((downloads / "scripts" / f"{RUN_SCRIPT}.py").read_text())
    proc = subprocess.run([sys.executable, script.name], cwd=tmp_path, env=_reader_env(),
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-4000:]
    nb = _notebook(downloads, f"book/{RUN_SCRIPT}")
    shown = []
    for cell in nb.cells:
        if cell.cell_type != "code" or "remove-cell" in cell.metadata.get("tags", []):
            continue
        for output in cell.outputs:
            if output.get("output_type") == "stream" and output.get("name") == "stdout":
                shown.append(output["text"])
            elif output.get("output_type") == "execute_result":
                shown.append(output["data"].get("text/plain", ""))
    assert shown, f"{RUN_SCRIPT}: the page shows no text output"
    for text in shown:
        for line in text.strip().splitlines():
            assert line.rstrip() in proc.stdout, f"the script did not print: {line!r}"
