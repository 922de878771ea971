"""Build the whole book, as a reader would, and check what it shows.

The build runs in a temporary directory with warnings as errors, so it never reuses a stale
execution cache. Then: every page in _toc.yml has HTML, no executed cell errored, every number a
page glues lies in the band its chapter claims (BANDS), and the site loads nothing from other hosts.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml
from booktools import ROOT, toc_files

pytestmark = pytest.mark.book  # deselect with: pytest -m "not book"


# Bands claimed by the chapters for every number they glue live in tests/book_bands/<page>.yml
# (one file per chapter, named after the page in book/): "name: [low, high]". A glued number
# without a band, or a band without its number, fails the test.
BANDS_DIR = Path(__file__).resolve().parent / "book_bands"


def _bands() -> dict[str, dict[str, tuple[float, float]]]:
    bands = {}
    for path in sorted(BANDS_DIR.glob("*.yml")):
        entries = yaml.safe_load(path.read_text()) or {}
        bands[f"book/{path.stem}"] = {name: (float(lo), float(hi)) for name, (lo, hi) in entries.items()}
    return bands


BANDS = _bands()


def _executed_notebooks(build: Path) -> dict[str, dict]:
    """Executed notebooks with all outputs (glue included), keyed by page name like 'book/sine'."""
    from jupyter_cache import get_cache

    cache = get_cache(build / ".jupyter_cache")
    notebooks = {}
    for record in cache.list_cache_records():
        page = Path(record.uri).resolve().relative_to(ROOT).with_suffix("").as_posix()
        notebooks[page] = cache.get_cache_bundle(record.pk).nb
    return notebooks


def _glued_numbers(nb) -> dict[str, float]:
    values = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {}).get("scrapbook")
            if not meta:
                continue
            text = next((v for k, v in output["data"].items() if k.endswith("text/plain")), None)
            try:
                value = ast.literal_eval(re.sub(r"^np\.float64\((.*)\)$", r"\1", text))
            except (ValueError, SyntaxError, TypeError):
                continue  # a glued figure or text, not a number
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                values[meta["name"]] = float(value)
    return values


def test_every_toc_page_has_html(build):
    missing = [f for f in toc_files() if not (build / "html" / f"{f}.html").is_file()]
    assert not missing, f"pages in _toc.yml without HTML: {missing}"


def test_every_notebook_page_executed_without_error(build):
    notebooks = _executed_notebooks(build)
    code_pages = [f for f in toc_files() if "{code-cell}" in (ROOT / f"{f}.md").read_text()]
    assert code_pages, "no page has code cells"
    for page in code_pages:
        assert page in notebooks, f"{page} was not executed"
        errors = [o for c in notebooks[page].cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
        assert not errors, f"{page}: a cell raised {errors[0].get('ename')}: {errors[0].get('evalue')}"


def test_glued_numbers_lie_in_their_bands(build):
    notebooks = _executed_notebooks(build)
    checked = 0
    for page, nb in notebooks.items():
        glued = _glued_numbers(nb)
        bands = BANDS.get(page, {})
        assert not set(glued) - set(bands), f"{page}: glued numbers with no band: {sorted(set(glued) - set(bands))}"
        assert not set(bands) - set(glued), f"{page}: bands whose number was not glued: {sorted(set(bands) - set(glued))}"
        for name, value in glued.items():
            low, high = bands[name]
            assert low <= value <= high, f"{page}: {name} = {value} lies outside its band [{low}, {high}]"
            checked += 1
    unbuilt = sorted(set(BANDS) - set(notebooks))
    assert not unbuilt, f"band files for pages that were not built (not in _toc.yml?): {unbuilt}"
    assert checked == sum(len(b) for b in BANDS.values())


def test_site_loads_nothing_from_other_hosts(build):
    html = build / "html"
    external = re.compile(r"""<(?:script|link|img|iframe|source)\b[^>]*?\b(?:src|href)\s*=\s*["'](?:https?:)?//""", re.I)
    offenders = [p.relative_to(html).as_posix() for p in html.rglob("*.html") if external.search(p.read_text())]
    assert not offenders, f"pages that load from other hosts: {offenders}"
    css_imports = [p.name for p in html.rglob("*.css") if re.search(r"@import\s+url\(\s*['\"]?https?:", p.read_text())]
    assert not css_imports, f"stylesheets importing from other hosts: {css_imports}"
    page = (html / "book" / "notation.html").read_text()
    src = re.search(r"<script[^>]*src=\"([^\"]*tex-chtml\.js)\"", page)
    assert src, "MathJax is not loaded on a page with mathematics"
    assert (html / "book" / src.group(1)).resolve().is_file(), "MathJax is not served from the site"
