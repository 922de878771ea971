"""The API reference, the glossary and the index.

Fast checks (no build): every public module of nnmath has a page in book/api/ that is in
_toc.yml and documents the module with autodoc; every glossary term is defined once; every
{term} role in the chapters names a defined term.

Book checks (the session's ``build`` fixture): every name in each module's ``__all__`` has an
entry (an anchor ``nnmath.<module>.<name>``) on its module's page, with the chapter links the
page promises; the glossary page shows its terms; the general index is in the table of contents
and lists the library's functions and the glossary's terms.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import nnmath
from booktools import ROOT, toc_files

API = ROOT / "book" / "api"
GLOSSARY = ROOT / "book" / "glossary.md"


def _public_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(nnmath.__path__) if not m.name.startswith("_"))


def _glossary_terms() -> list[str]:
    """Term lines of the {glossary} block: unindented, non-empty, not an option."""
    text = GLOSSARY.read_text()
    block = re.search(r"```\{glossary\}\n(.*?)\n```", text, re.S).group(1)
    return [line.strip() for line in block.splitlines() if line.strip() and not line.startswith((" ", ":"))]


def test_every_public_module_has_an_api_page_in_the_toc():
    toc = set(toc_files())
    for name in _public_modules():
        page = API / f"{name}.md"
        assert page.is_file(), f"nnmath.{name} has no page {page.relative_to(ROOT)}"
        assert f"book/api/{name}" in toc, f"book/api/{name} is not in _toc.yml"
        assert f".. automodule:: nnmath.{name}" in page.read_text(), f"{page.name} does not automodule nnmath.{name}"
    assert {"book/api/index", "book/glossary", "genindex"} <= toc


def test_api_pages_summarise_every_public_name():
    for name in _public_modules():
        module = importlib.import_module(f"nnmath.{name}")
        listed = re.findall(r"^   (\w+)$", (API / f"{name}.md").read_text(), re.M)
        missing = sorted(set(module.__all__) - set(listed))
        assert not missing, f"book/api/{name}.md: autosummary misses {missing}"


def test_glossary_defines_each_term_once():
    terms = [t.lower() for t in _glossary_terms()]
    assert len(terms) >= 30, f"only {len(terms)} glossary terms"
    duplicates = sorted({t for t in terms if terms.count(t) > 1})
    assert not duplicates, f"terms defined more than once: {duplicates}"
    for required in ["logit", "epoch", "vector-Jacobian product", "saturation", "inverted dropout", "minibatch",
                     "learning rate", "one-hot", "softmax", "cross-entropy", "gradient check"]:
        assert required.lower() in terms, f"the glossary lacks {required!r}"


def test_term_roles_name_defined_terms():
    terms = {t.lower() for t in _glossary_terms()}
    for path in sorted((ROOT / "book").glob("*.md")):
        for match in re.finditer(r"\{term\}`([^`]+)`", path.read_text()):
            target = match.group(1)
            target = re.search(r"<([^>]+)>$", target).group(1) if target.endswith(">") else target
            assert target.lower() in terms, f"{path.name}: {{term}} {target!r} is not in the glossary"


@pytest.mark.book
def test_every_public_name_has_an_entry(build):
    for name in _public_modules():
        module = importlib.import_module(f"nnmath.{name}")
        html = (build / "html" / "book" / "api" / f"{name}.html").read_text()
        missing = [n for n in module.__all__ if f'id="nnmath.{name}.{n}"' not in html]
        assert not missing, f"book/api/{name}.html has no entry for {missing}"
        assert 'class="sig-name descname"' in html, f"{name}.html shows no signatures"
    # numpydoc sections render as field lists, not as text with underlines
    for name in ["losses", "layers", "training"]:
        html = (build / "html" / "book" / "api" / f"{name}.html").read_text()
        assert "Parameters" in html and "Returns" in html or name == "layers", f"{name}.html: no numpydoc fields"
        assert "----------" not in html, f"{name}.html shows a numpydoc section unparsed"


@pytest.mark.book
def test_glossary_and_index_pages(build):
    html = build / "html"
    glossary = (html / "book" / "glossary.html").read_text()
    for term in _glossary_terms():
        anchor = "term-" + re.sub(r"[^A-Za-z0-9]+", "-", term).strip("-")  # Sphinx keeps the case
        assert f'id="{anchor}"' in glossary, f"glossary.html has no entry {anchor}"
    index = (html / "genindex.html").read_text()
    for entry in ["softmax_cross_entropy", "Dense", "logit", "vector-Jacobian product"]:
        assert entry in index, f"the general index does not list {entry!r}"
    # the chapters link to the glossary and to the API reference
    losses = (html / "book" / "losses.html").read_text()
    assert 'href="glossary.html#term-' in losses
    assert 'href="api/losses.html#nnmath.losses.' in losses
