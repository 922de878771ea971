"""The book's Sphinx extension: the execution cache is emptied when nnmath/ changes, and warnings
fail the build. Tested on a fake Sphinx application in a temporary directory."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("nnmath_book", ROOT / "book" / "_ext" / "nnmath_book.py")
ext = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ext)


@pytest.fixture
def project(tmp_path):
    (tmp_path / "nnmath").mkdir()
    (tmp_path / "nnmath" / "layers.py").write_text("x = 1\n")
    outdir = tmp_path / "_build" / "html"
    app = SimpleNamespace(confdir=str(tmp_path), outdir=str(outdir),
                          config=SimpleNamespace(nb_execution_mode="cache", nb_execution_cache_path=""))
    return tmp_path, app


def _cached_output(root: Path) -> Path:
    marker = root / "_build" / ".jupyter_cache" / "executed" / "result.ipynb"
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text("{}")
    return marker


def test_cache_survives_while_the_library_is_unchanged(project):
    root, app = project
    ext.invalidate_stale_cache(app)  # first build: records the library's hash
    marker = _cached_output(root)
    ext.invalidate_stale_cache(app)
    assert marker.exists() and app.nnmath_library_changed is False


def test_a_library_change_empties_the_cache_and_outdates_every_page(project):
    root, app = project
    ext.invalidate_stale_cache(app)
    marker = _cached_output(root)
    (root / "nnmath" / "layers.py").write_text("x = 2\n")
    ext.invalidate_stale_cache(app)
    assert not marker.exists()
    env = SimpleNamespace(found_docs={"book/sine", "book/intro"})
    assert ext.outdated_after_library_change(app, env, set(), set(), set()) == ["book/intro", "book/sine"]
    ext.invalidate_stale_cache(app)  # the next build sees the new hash as current
    assert ext.outdated_after_library_change(app, env, set(), set(), set()) == []


def test_library_hash_depends_on_content_and_new_files(project):
    root, _ = project
    before = ext.library_hash(root)
    (root / "nnmath" / "extra.py").write_text("")
    assert ext.library_hash(root) != before


def test_other_execution_modes_leave_the_cache_alone(project):
    root, app = project
    app.config.nb_execution_mode = "force"
    marker = _cached_output(root)
    ext.invalidate_stale_cache(app)
    assert marker.exists()


def test_warnings_fail_the_build():
    with pytest.raises(ext.WarningsAreErrors, match="2 warning"):
        ext.fail_on_warnings(SimpleNamespace(_warncount=2), None)
    ext.fail_on_warnings(SimpleNamespace(_warncount=0), None)  # a clean build passes
