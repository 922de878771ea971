"""Sphinx extension for the nnmath book: keep the execution cache honest, and fail on warnings.

myst-nb's cache keys a notebook on its own code only. Our chapters call ``nnmath``, so a change in
the library must re-execute them. At start-up we hash every file under ``nnmath/``; when the hash
differs from the one stored beside the cache, the cache is emptied before any notebook is read, and
every page is marked outdated so that Sphinx reads (and so re-executes) it again.

The book also treats every Sphinx warning as an error, even in a plain ``jupyter-book build .``:
a warning usually means a broken reference, a glue name that was not found, or a figure that
did not render, and a reader should never get such a page.

The site knows its home: built by the Pages workflow (``GITHUB_REPOSITORY`` set, as GitHub
Actions sets it), the repository, issues and "suggest an edit" buttons point at that repository
and branch; a local build has no repository to point at, so it shows none of these buttons
rather than dead ones. Each chapter's downloads (notebook, script, archive) come from the
companion extension ``nnmath_downloads``.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

from sphinx.errors import ConfigError, SphinxError

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


REPOSITORY_BUTTONS = ("use_repository_button", "use_issues_button", "use_edit_page_button")


def repository_options(environ) -> dict:
    """Theme options for the repository buttons, from the CI environment (empty: no buttons)."""
    repo = environ.get("GITHUB_REPOSITORY", "").strip()
    if not repo:
        return {key: False for key in REPOSITORY_BUTTONS}
    if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", repo):
        raise ConfigError(f"GITHUB_REPOSITORY should look like 'owner/name', got {repo!r}")
    server = environ.get("GITHUB_SERVER_URL", "").strip().rstrip("/") or "https://github.com"
    options = {key: True for key in REPOSITORY_BUTTONS}
    options.update(repository_url=f"{server}/{repo}", path_to_docs="",
                   repository_branch=environ.get("GITHUB_REF_NAME", "").strip() or "main")
    return options


def point_at_repository(app, config) -> None:
    options = dict(config.html_theme_options or {})
    for key in ("repository_url", "repository_branch", "path_to_docs"):
        options.pop(key, None)
    options.update(repository_options(os.environ))
    config.html_theme_options = options


class WarningsAreErrors(SphinxError):
    category = "nnmath book"


def fail_on_warnings(app, exception) -> None:
    count = getattr(app, "_warncount", 0)
    if exception is None and count:
        raise WarningsAreErrors(f"the build emitted {count} warning(s); this book treats warnings as errors")


def setup(app):
    app.connect("config-inited", point_at_repository)
    # Priority 100 runs before myst-nb's own builder-inited handlers (default 500).
    app.connect("builder-inited", invalidate_stale_cache, priority=100)
    app.connect("env-get-outdated", outdated_after_library_change)
    app.connect("build-finished", fail_on_warnings)
    app.setup_extension("nnmath_downloads")
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
