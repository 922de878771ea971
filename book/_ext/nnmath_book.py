"""Sphinx extension for the nnmath book: keep the execution cache honest, and fail on warnings.

myst-nb's cache keys a notebook on its own code only. Our chapters call ``nnmath``, so a change in
the library must re-execute them. At start-up we hash every file under ``nnmath/``; when the hash
differs from the one stored beside the cache, the cache is emptied before any notebook is read, and
every page is marked outdated so that Sphinx reads (and so re-executes) it again.

The book also treats every Sphinx warning as an error, even in a plain ``jupyter-book build .``:
a warning usually means a broken reference, a glue name that was not found, or a figure that
did not render, and a reader should never get such a page.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from sphinx.errors import SphinxError

STAMP = "nnmath-source.sha256"


def library_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted((root / "nnmath").rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _cache_dir(app) -> Path:
    configured = app.config.nb_execution_cache_path
    return Path(configured) if configured else Path(app.outdir).parent / ".jupyter_cache"


def invalidate_stale_cache(app) -> None:
    if app.config.nb_execution_mode != "cache":
        return
    root = Path(app.confdir)
    cache = _cache_dir(app)
    stamp = cache / STAMP
    current = library_hash(root)
    app.nnmath_library_changed = not (stamp.is_file() and stamp.read_text().strip() == current)
    if not app.nnmath_library_changed:
        return
    if cache.exists():
        shutil.rmtree(cache)
    cache.mkdir(parents=True)
    stamp.write_text(current + "\n")


def outdated_after_library_change(app, env, added, changed, removed):
    # Sphinx would otherwise skip pages whose own source did not change, keeping old outputs.
    return sorted(env.found_docs) if getattr(app, "nnmath_library_changed", False) else []


class WarningsAreErrors(SphinxError):
    category = "nnmath book"


def fail_on_warnings(app, exception) -> None:
    count = getattr(app, "_warncount", 0)
    if exception is None and count:
        raise WarningsAreErrors(f"the build emitted {count} warning(s); this book treats warnings as errors")


def setup(app):
    # Priority 100 runs before myst-nb's own builder-inited handlers (default 500).
    app.connect("builder-inited", invalidate_stale_cache, priority=100)
    app.connect("env-get-outdated", outdated_after_library_change)
    app.connect("build-finished", fail_on_warnings)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
