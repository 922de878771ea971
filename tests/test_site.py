"""The site as deployed: its workflow, its home, its links, and how it reads on any screen.

- The Pages workflow validates against GitHub's workflow schema, offline (check-jsonschema's
  built-in ``vendor.github-workflows`` schema ships inside the package), builds the PDF with the
  TeX packages listed in .ci/tex-packages.txt and publishes it beside the site.
- Built by that workflow (GITHUB_REPOSITORY set), the repository and "suggest an edit" buttons
  point at the repository; a local build shows none of them (no dead buttons).
- Every relative link and source in the built HTML resolves to a file of the site, and every
  ``#anchor`` exists on its page.
- In headless Chromium, at the default width no code cell scrolls sideways, and in dark mode
  figures keep a white background (black axis labels stay readable); at phone width the page
  does not scroll sideways.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "book.yml"
EXT = ROOT / "book" / "_ext"

spec = importlib.util.spec_from_file_location("nnmath_book", EXT / "nnmath_book.py")
ext = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ext)


# ---------------------------------------------------------------- the workflow

def _check_jsonschema() -> str:
    exe = Path(sys.executable).with_name("check-jsonschema")
    found = str(exe) if exe.exists() else shutil.which("check-jsonschema")
    if found is None:
        pytest.fail("check-jsonschema is not installed: pip install -e '.[test]'")
    return found


def test_workflow_validates_against_the_github_schema_offline():
    # The built-in schema is vendored in the package: no network is needed (or used).
    proc = subprocess.run([_check_jsonschema(), "--builtin-schema", "vendor.github-workflows",
                           str(WORKFLOW)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_workflow_schema_check_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    steps:\n      - run: echo hi\n")
    proc = subprocess.run([_check_jsonschema(), "--builtin-schema", "vendor.github-workflows",
                           str(broken)], capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0, "a job without runs-on passed the schema check"


def _steps() -> list[dict]:
    workflow = yaml.safe_load(WORKFLOW.read_text())
    return workflow["jobs"]["build"]["steps"]


def test_workflow_builds_the_pdf_and_publishes_it_beside_the_site():
    runs = "\n".join(step.get("run", "") for step in _steps())
    assert ".ci/tex-packages.txt" in runs, "the workflow does not install the TeX packages"
    assert re.search(r"jupyter-book build \. --builder pdflatex", runs), "no PDF build"
    assert "cp _build/latex/book.pdf _build/html/book.pdf" in runs, "the PDF is not published"
    upload = [s for s in _steps() if str(s.get("uses", "")).startswith("actions/upload-pages")]
    assert upload and upload[0]["with"]["path"] == "_build/html"
    order = [s.get("run", "") for s in _steps()]
    html_step = next(i for i, run in enumerate(order) if "jupyter-book build . -W" in run)
    pdf_step = next(i for i, run in enumerate(order) if "--builder pdflatex" in run)
    check = next(i for i, run in enumerate(order) if "nnmath_linkcheck" in run)
    assert html_step < pdf_step, "the PDF should reuse the execution cache of the HTML build"
    assert pdf_step < check, "the link check should see the published PDF"


def test_workflow_runs_the_link_check():
    runs = "\n".join(step.get("run", "") for step in _steps())
    assert "python book/_ext/nnmath_linkcheck.py _build/html" in runs


# ---------------------------------------------------------------- the site's home

def test_without_a_repository_the_buttons_are_off():
    options = ext.repository_options({})
    assert options == {key: False for key in ext.REPOSITORY_BUTTONS}


def test_the_pages_workflow_points_the_buttons_at_its_repository():
    options = ext.repository_options({"GITHUB_REPOSITORY": "someone/nnmath", "GITHUB_REF_NAME": "main"})
    assert options["repository_url"] == "https://github.com/someone/nnmath"
    assert options["repository_branch"] == "main" and options["path_to_docs"] == ""
    assert all(options[key] for key in ext.REPOSITORY_BUTTONS)


def test_a_malformed_repository_is_refused():
    from sphinx.errors import ConfigError

    with pytest.raises(ConfigError, match="owner/name"):
        ext.repository_options({"GITHUB_REPOSITORY": "not a repository"})


def _mini_site(tmp_path: Path, environ: dict[str, str]) -> str:
    """Build a one-page site with the book's theme and extension; return its HTML."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(EXT)!r})
        extensions = ["myst_nb", "nnmath_book"]
        html_theme = "sphinx_book_theme"
        html_theme_options = {{"search_bar_text": "Search the book..."}}
        nb_execution_mode = "off"
    """))
    (src / "index.md").write_text("# A page\n\nSome text.\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env.update(environ)
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(out)],
                          capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return (out / "index.html").read_text()


def test_a_pages_build_links_repository_and_edit_buttons(tmp_path):
    page = _mini_site(tmp_path, {"GITHUB_REPOSITORY": "someone/nnmath", "GITHUB_REF_NAME": "main"})
    assert 'href="https://github.com/someone/nnmath"' in page
    assert 'href="https://github.com/someone/nnmath/edit/main/index.md"' in page
    assert 'href="https://github.com/someone/nnmath/issues' in page
    for button in ("repository", "edit", "issues"):
        assert f"btn-source-{button}-button" in page


def test_a_local_build_shows_no_repository_buttons(tmp_path):
    page = _mini_site(tmp_path, {})
    assert "github.com" not in page
    assert "btn-source-repository-button" not in page and "btn-source-edit-button" not in page


@pytest.mark.book
def test_the_book_points_its_buttons_at_its_home_or_shows_none(build):
    page = (build / "html" / "book" / "notation.html").read_text()
    repo = os.environ.get("GITHUB_REPOSITORY")
    if repo:  # built by the Pages workflow
        assert f'href="https://github.com/{repo}/edit/' in page
    else:
        for button in ("repository", "edit", "issues"):
            assert f"btn-source-{button}-button" not in page, f"a dead {button} button"


# ---------------------------------------------------------------- links in the built site

lspec = importlib.util.spec_from_file_location("nnmath_linkcheck", EXT / "nnmath_linkcheck.py")
linkcheck = importlib.util.module_from_spec(lspec)
lspec.loader.exec_module(linkcheck)

# Published beside the site by the Pages workflow after the HTML build (it is a separate build).
PUBLISHED_LATER = ("book.pdf",)


def test_the_link_check_finds_a_broken_link_and_a_missing_anchor(tmp_path):
    (tmp_path / "a.html").write_text('<a id="top" href="b.html#nowhere">b</a><img src="x.png">'
                                     '<a href="a.html#top">a</a><a href="https://example.org">x</a>')
    (tmp_path / "b.html").write_text('<p id="here">b</p>')
    broken = linkcheck.broken_links(tmp_path)
    assert broken == ["a.html -> b.html#nowhere (no such anchor)", "a.html -> x.png (no such file)"]


@pytest.mark.book
def test_internal_links_resolve(build):
    broken = linkcheck.broken_links(build / "html", allow_missing=PUBLISHED_LATER)
    assert not broken, f"{len(broken)} broken internal links, e.g.:\n" + "\n".join(broken[:40])


# ---------------------------------------------------------------- screens (headless Chromium)

def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


PROBE = """
<script>
window.addEventListener("load", () => {
  document.documentElement.dataset.theme = "%(theme)s";
  const wide = [];
  for (const pre of document.querySelectorAll(".bd-content div.cell_input pre")) {
    if (pre.scrollWidth > pre.clientWidth + 1) wide.push(pre.textContent.slice(0, 40));
  }
  const dark = [];
  for (const img of document.querySelectorAll(".bd-content div.cell_output img")) {
    const style = getComputedStyle(img);
    if (style.backgroundColor !== "rgb(255, 255, 255)" || style.filter !== "none") {
      dark.push(style.backgroundColor + " " + style.filter);
    }
  }
  const page = document.documentElement.scrollWidth > window.innerWidth + 1;
  const result = JSON.stringify({wide, dark, page, width: window.innerWidth});
  window.parent.postMessage(result, "*");
});
</script>
"""

# Chromium's headless window is at least 500 px wide, so the page is loaded in an iframe of the
# width under test (a phone's 390 px): media queries see the iframe's width.
FRAME = """<!DOCTYPE html>
<html><body style="margin:0">
<iframe src="%(src)s" style="border:0; width:%(width)dpx; height:900px"></iframe>
<script>
window.addEventListener("message", (event) => {
  const out = document.createElement("pre");
  out.id = "nnmath-probe";
  out.textContent = event.data;
  document.body.appendChild(out);
});
</script>
</body></html>
"""


def _probe(page: Path, tmp_path: Path, width: int, theme: str) -> dict:
    import html as html_lib
    import json

    probe = page.with_name(f".probe-{theme}-{width}-{page.name}")
    frame = page.with_name(f".frame-{theme}-{width}-{page.name}")
    probe.write_text(page.read_text().replace("</body>", PROBE % {"theme": theme} + "</body>"))
    frame.write_text(FRAME % {"src": probe.name, "width": width})
    try:
        proc = subprocess.run(
            [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000",
             "--virtual-time-budget=15000", f"--user-data-dir={tmp_path / 'profile'}",
             "--dump-dom", frame.as_uri()], capture_output=True, text=True, timeout=300)
    finally:
        probe.unlink()
        frame.unlink()
    found = re.search(r'<pre id="nnmath-probe"[^>]*>(.*?)</pre>', proc.stdout, re.S)
    assert found, f"the probe did not run: {proc.stderr[-2000:]}"
    result = json.loads(html_lib.unescape(found.group(1)))
    assert result["width"] == width, f"the page was laid out at {result['width']} px, not {width}"
    return result


SCREEN_PAGES = ["book/notation", "book/sine", "book/backprop"]


# 1200 px is the narrowest window with the page's table of contents beside the text (the
# narrowest content column of a laptop); 1280 px a common default.
@pytest.mark.book
@pytest.mark.parametrize("width", [1200, 1280])
@pytest.mark.parametrize("page", SCREEN_PAGES)
def test_pages_read_on_a_laptop_in_dark_mode(build, tmp_path, page, width):
    if _chromium() is None:
        pytest.skip("headless browser check needs Chromium: apt-get install chromium")
    result = _probe(build / "html" / f"{page}.html", tmp_path, width, "dark")
    assert not result["wide"], f"{page}: code cells scroll sideways at {width} px: {result['wide']}"
    assert not result["dark"], f"{page}: figures without a white background in dark mode: {result['dark']}"


@pytest.mark.book
@pytest.mark.parametrize("page", SCREEN_PAGES)
def test_pages_fit_a_phone(build, tmp_path, page):
    if _chromium() is None:
        pytest.skip("headless browser check needs Chromium: apt-get install chromium")
    result = _probe(build / "html" / f"{page}.html", tmp_path, 390, "light")
    assert not result["page"], f"{page}: the whole page scrolls sideways at 390 px"
