"""Check the internal links of a built site: every relative href/src resolves, every anchor exists.

Usage:  python book/_ext/nnmath_linkcheck.py _build/html [--allow-missing NAME ...]

External links (http:, mailto:, //host) are not followed: the site must work offline, and
tests/test_book.py checks that no page loads anything from another host. Exit status 1 lists
the broken links.
"""

from __future__ import annotations

import argparse
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(key):
                self.ids.add(attrs[key])
        for key in ("href", "src"):
            if attrs.get(key) is not None:
                self.links.append(attrs[key])


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def broken_links(html: Path, allow_missing=()) -> list[str]:
    """'page -> link (reason)' for every internal link of the site that does not resolve.

    allow_missing: file names that are published beside the site later (the book's PDF).
    """
    html = Path(html).resolve()
    # Pages of the site; the theme's template macros in _static are not pages.
    pages = {p: _parse(p) for p in sorted(html.rglob("*.html"))
             if p.relative_to(html).parts[0] not in ("_static", "_sources")}
    broken = []
    for page, parsed in pages.items():
        for link in parsed.links:
            parts = urlsplit(link)
            if not link or parts.scheme or parts.netloc:
                continue  # external, mailto:, javascript:, data:
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            where = f"{page.relative_to(html)} -> {link}"
            if not target.is_file():
                if target.name not in allow_missing:
                    broken.append(f"{where} (no such file)")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{where} (no such anchor)")
    return broken


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("html", type=Path)
    parser.add_argument("--allow-missing", nargs="*", default=())
    args = parser.parse_args(argv)
    broken = broken_links(args.html, args.allow_missing)
    for line in broken:
        print(line)
    print(f"{len(broken)} broken internal links")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
