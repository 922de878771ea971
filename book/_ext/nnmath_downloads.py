"""Downloads for every chapter: an executed notebook, a plain script and one archive of notebooks.

At the end of an HTML build, for every page that myst-nb executed (a chapter with code cells),
this extension takes the executed notebook myst-nb wrote to ``_build/jupyter_execute`` (outputs
from the same run that produced the page) and writes, inside the site:

- ``downloads/notebooks/<chapter>.ipynb``: the notebook with its outputs. Its Markdown is made
  readable in JupyterLab, which does not know MyST: ``{glue:text}`name:.3f``` becomes the
  formatted number, ``{ref}``, ``{numref}``, ``{cite}``, ``{term}`` and ``{py:func}`` become
  their text, a ``literalinclude`` of library code becomes the code itself, exercises and
  solutions become headed paragraphs, and links to other chapters point at their notebooks.
  Code cells are unchanged (hidden glue cells stay: they run wherever myst-nb is installed).
- ``downloads/scripts/<chapter>.py``: the same in jupytext's percent format, with the prose as
  comments. The last expression of every cell whose value the page shows is wrapped in
  ``print()``, so that ``python <chapter>.py`` prints what the page shows.
- ``downloads/nnmath-notebooks.zip``: every notebook, in one folder.

Each chapter page lists its notebook, its script and the archive in the theme's download menu.
"""

from __future__ import annotations

import ast
import copy
import re
import zipfile
from pathlib import Path

import nbformat

DOWNLOADS = "downloads"
ARCHIVE = "nnmath-notebooks.zip"
ARCHIVE_FOLDER = "nnmath-notebooks"

_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}\s*(?P<arg>.*)$")
_ROLE = re.compile(r"\{(?P<name>[\w:+-]+)\}`(?P<body>[^`]*)`")
_LINK_MD = re.compile(r"\]\((?P<path>[^)\s#:]+)\.md(?P<anchor>#[^)\s]*)?\)")
_LINK_PAGE = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<path>[^)\s#:]+)\.md(?:#[^)\s]*)?\)")
_TARGET = re.compile(r"^\(([\w:.-]+)\)=\s*$")
_DOLLAR_LABEL = re.compile(r"^(\s*\$\$)\s*\([\w:.-]+\)\s*$")

ADMONITIONS = {
    "note", "tip", "hint", "important", "warning", "caution", "attention", "danger", "error",
    "seealso", "admonition", "margin", "sidebar", "topic", "dropdown", "epigraph",
}


# ---------------------------------------------------------------- what the build knows

class BookInfo:
    """What the converter needs from the Sphinx environment: titles, numbers, references."""

    def __init__(self, titles=None, labels=None, numbers=None, citations=None, root=None,
                 notebooks=None):
        self.titles = titles or {}          # docname -> page title
        self.notebooks = set(notebooks or ())  # docnames that get a notebook
        self.labels = labels or {}          # label -> (docname, section title)
        self.numbers = numbers or {}        # label -> (kind, "3.2")
        self.citations = citations or {}    # bibtex key -> (authors, year)
        self.root = Path(root) if root else Path.cwd()

    @classmethod
    def from_app(cls, app) -> "BookInfo":
        env = app.env
        titles = {doc: node.astext() for doc, node in env.titles.items()}
        std = env.get_domain("std")
        labels = {name: (doc, title) for name, (doc, _anchor, title) in std.labels.items()}
        numbers = {}
        anon = std.anonlabels
        for name, (doc, node_id) in anon.items():
            for kind, ids in env.toc_fignumbers.get(doc, {}).items():
                if node_id in ids:
                    numbers[name] = (kind, ".".join(map(str, ids[node_id])))
        notebooks = {doc for doc, path in notebook_docs(app).items() if has_code(path)}
        return cls(titles, labels, numbers, _citations(app), app.confdir, notebooks)


def _citations(app) -> dict[str, tuple[str, str]]:
    files = getattr(app.config, "bibtex_bibfiles", []) or []
    out = {}
    try:
        from pybtex.database import parse_file
    except ImportError:  # pragma: no cover - sphinxcontrib-bibtex brings pybtex
        return out
    for name in files:
        data = parse_file(str(Path(app.confdir) / name))
        for key, entry in data.entries.items():
            people = entry.persons.get("author") or entry.persons.get("editor") or []
            last = [" ".join(p.last_names) for p in people]
            last = [re.sub(r"[{}]", "", n) for n in last]
            if not last:
                authors = re.sub(r"[{}]", "", entry.fields.get("organization", key))
            elif len(last) == 1:
                authors = last[0]
            elif len(last) == 2:
                authors = f"{last[0]} and {last[1]}"
            else:
                authors = f"{last[0]} et al."
            out[key] = (authors, entry.fields.get("year", "n.d."))
    return out


# ---------------------------------------------------------------- glue values

def glued_outputs(nb) -> dict[str, dict]:
    """Glued outputs of an executed notebook, by name (the mime bundle myst-nb pastes)."""
    found = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {}).get("scrapbook")
            if meta and "name" in meta:
                found[meta["name"]] = output.get("data", {})
    return found


def format_glue(data: dict, spec: str) -> str:
    from myst_nb.core.variables import format_plain_text

    text = data.get("text/plain")
    if text is None:
        raise KeyError("no text/plain")
    return format_plain_text(text, spec)


# ---------------------------------------------------------------- Markdown for JupyterLab

def _display(body: str) -> tuple[str, str]:
    """(text shown, target) of a role body: 'text <target>' or 'target'."""
    m = re.match(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", body, re.S)
    if m and m.group("text"):
        return m.group("text"), m.group("target")
    return "", body.strip()


class MarkdownConverter:
    def __init__(self, info: BookInfo, docname: str, glue: dict[str, dict]):
        self.info = info
        self.docname = docname
        self.glue = glue
        self.problems: list[str] = []

    # roles -----------------------------------------------------------------
    def role(self, match: re.Match) -> str:
        name, body = match.group("name"), match.group("body")
        text, target = _display(body)
        if name.startswith("glue"):
            key, _, spec = target.rpartition(":") if ":" in target else (target, "", "")
            key = key.split("::")[-1]
            if key not in self.glue:
                self.problems.append(f"glued value {key!r} not found")
                return f"`{target}`"
            data = self.glue[key]
            if name in ("glue", "glue:", "glue:text", "glue:any", "glue:md"):
                try:
                    return format_glue(data, spec)
                except (KeyError, ValueError, TypeError) as exc:
                    self.problems.append(f"glued value {key!r}: {exc}")
                    return f"`{key}`"
            return f"`{key}`"
        if name in ("ref", "doc"):
            if text:
                return text
            if name == "doc":
                doc = (Path(self.docname).parent / target).as_posix()
                return self.info.titles.get(doc, target)
            doc_title = self.info.labels.get(target.lower(), (None, None))[1]
            if doc_title:
                return doc_title
            kind, number = self.info.numbers.get(target.lower(), (None, None))
            return f"{_kind_name(kind)} {number}" if kind else target
        if name == "numref":
            kind, number = self.info.numbers.get(target.lower(), (None, None))
            if text and "%s" in text or text and "{number}" in text:
                return text.replace("%s", number or "?").replace("{number}", number or "?")
            if text:
                return text
            if kind:
                return f"{_kind_name(kind)} {number}"
            return self.info.labels.get(target.lower(), (None, target))[1] or target
        if name in ("eq",):
            return f"({target})"
        if name.startswith("cite"):
            keys = [k.strip() for k in target.split(",")]
            parts = [self.info.citations.get(k, (k, "")) for k in keys]
            if name in ("cite:t", "cite:ct", "cite:ts"):
                return "; ".join(f"{a} ({y})" if y else a for a, y in parts)
            return "(" + "; ".join(f"{a}, {y}" if y else a for a, y in parts) + ")"
        if name in ("math",):
            return f"${body}$"
        if name in ("term", "index", "abbr", "sub", "sup", "kbd", "guilabel", "menuselection"):
            return text or target
        if name.startswith("py:") or name in ("func", "class", "meth", "mod", "attr", "obj",
                                              "data", "exc"):
            shown = text or target
            if shown.startswith("~"):
                shown = shown[1:].split(".")[-1]
            if name.endswith("func") or name.endswith("meth"):
                shown = shown if shown.endswith(")") else shown + "()"
            return f"`{shown}`"
        return text or target

    def inline(self, line: str) -> str:
        line = _ROLE.sub(self.role, line)
        return self._links(line)

    def _link(self, match: re.Match) -> str:
        """A link to another chapter points at its notebook, beside this one in the archive."""
        path = match.group("path")
        if path.startswith(("http", "/")):
            return match.group(0)
        target = (Path(self.docname).parent / path).as_posix()
        if target in self.info.notebooks:
            return f"]({Path(path).name}.ipynb{match.group('anchor') or ''})"
        return match.group(0)

    def _links(self, line: str) -> str:
        line = _LINK_MD.sub(self._link, line)
        # A page without a notebook (the introduction, the bibliography) is on the website
        # only: keep the link's text, drop the dead link.
        return _LINK_PAGE.sub(lambda m: m.group("text"), line)

    # directives -------------------------------------------------------------
    def convert(self, source: str) -> str:
        return "\n".join(self._lines(source.split("\n")))

    def _lines(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        in_code = None
        while i < len(lines):
            line = lines[i]
            if in_code:
                out.append(line)
                if line.strip().startswith(in_code) and line.strip() == line.strip()[0] * len(
                        line.strip()) and len(line.strip()) >= len(in_code):
                    in_code = None
                i += 1
                continue
            m = _FENCE.match(line)
            if m:
                end = self._closing(lines, i + 1, m.group("fence"))
                body = lines[i + 1:end]
                out.extend(self._directive(m.group("name"), m.group("arg").strip(), body))
                i = end + 1
                continue
            plain = re.match(r"^\s*(`{3,}|~{3,})", line)
            if plain:
                in_code = plain.group(1)
                out.append(line)
                i += 1
                continue
            if _TARGET.match(line):
                i += 1
                continue
            dollar = _DOLLAR_LABEL.match(line)
            if dollar:
                out.append(dollar.group(1))
                i += 1
                continue
            out.append(self.inline(line))
            i += 1
        return out

    @staticmethod
    def _closing(lines: list[str], start: int, fence: str) -> int:
        char = fence[0]
        for j in range(start, len(lines)):
            s = lines[j].strip()
            if s and set(s) == {char} and len(s) >= len(fence):
                return j
        return len(lines)

    @staticmethod
    def _options(body: list[str]) -> tuple[dict[str, str], list[str]]:
        options = {}
        rest = list(body)
        if rest and rest[0].strip() == "---":
            end = next((k for k in range(1, len(rest)) if rest[k].strip() == "---"), None)
            if end is not None:
                for opt in rest[1:end]:
                    key, _, value = opt.partition(":")
                    options[key.strip()] = value.strip()
                rest = rest[end + 1:]
        while rest and re.match(r"^:[\w-]+:", rest[0]):
            key, _, value = rest.pop(0)[1:].partition(":")
            options[key.strip()] = value.strip()
        while rest and not rest[0].strip():
            rest.pop(0)
        return options, rest

    def _directive(self, name: str, arg: str, body: list[str]) -> list[str]:
        options, content = self._options(body)
        label = options.get("label", "")
        if name == "literalinclude":
            return self._literalinclude(arg, options)
        if name == "exercise":
            title = self._number_title("Exercise", label)
            if arg:
                title += f" ({self.inline(arg)})"
            return [f"**{title}.**", "", *self._lines(content)]
        if name in ("solution-start", "solution"):
            ex = self.info.numbers.get(arg.lower())
            title = f"Solution to exercise {ex[1]}" if ex else "Solution"
            return [f"**{title}.**", "", *self._lines(content)]
        if name == "solution-end":
            return ["*End of the solution.*"]
        if name in ("math",):
            return ["$$", *content, "$$"]
        if name in ("index", "bibliography", "glossary", "toctree", "tableofcontents"):
            return [] if name != "bibliography" else ["*(The bibliography is on the website.)*"]
        if name in ("figure", "image"):
            return [f"![{options.get('alt', '')}]({arg})", *self._lines(content)]
        if name in ADMONITIONS or name.startswith("prf:"):
            heading = arg if name in ("admonition", "dropdown", "topic", "sidebar") and arg \
                else name.split(":")[-1].capitalize()
            inner = self._lines(content)
            return [f"> **{self.inline(heading)}**", ">", *[f"> {x}" if x else ">" for x in inner]]
        if name.startswith("glue"):
            return self._glue_directive(name, arg, content)
        if name in ("code-block", "code", "sourcecode"):
            return [f"```{arg}", *content, "```"]
        # Unknown directive: keep its content readable.
        return self._lines(content)

    def _glue_directive(self, name, arg, content):
        key = arg.split("::")[-1]
        if key not in self.glue:
            self.problems.append(f"glued figure {key!r} not found")
            return self._lines(content)
        return [f"*(Figure `{key}`: see the output of the cell that computes it.)*",
                *self._lines(content)]

    def _number_title(self, kind: str, label: str) -> str:
        found = self.info.numbers.get(label.lower()) if label else None
        return f"{kind} {found[1]}" if found else kind

    def _literalinclude(self, arg: str, options: dict[str, str]) -> list[str]:
        path = (self.info.root / Path(self.docname).parent / arg).resolve()
        try:
            code = path.read_text()
        except OSError:
            self.problems.append(f"literalinclude: cannot read {arg}")
            return [f"*(See `{arg}` in the nnmath library.)*"]
        obj = options.get("pyobject")
        if obj:
            from sphinx.pycode import ModuleAnalyzer

            tags = ModuleAnalyzer.for_string(code, "").find_tags()
            if obj not in tags:
                self.problems.append(f"literalinclude: {obj} not in {arg}")
                return [f"*(See `{obj}` in `{arg}`.)*"]
            _, start, end = tags[obj]
            lines = code.split("\n")[start - 1:end - 1]
            while lines and not lines[-1].strip():
                lines.pop()
            code = "\n".join(lines)
            indent = min((len(x) - len(x.lstrip()) for x in lines if x.strip()), default=0)
            code = "\n".join(x[indent:] for x in lines)
        where = Path(arg).as_posix().lstrip("./")
        lang = options.get("language", "python")
        head = f"From `{where}`" + (f", `{obj}`" if obj else "") + ":"
        return [head, "", f"```{lang}", code.rstrip("\n"), "```"]


def _kind_name(kind: str) -> str:
    return {"figure": "Figure", "table": "Table", "code-block": "Listing",
            "exercise": "Exercise", "section": "Section"}.get(kind, kind.capitalize())


# ---------------------------------------------------------------- notebooks and scripts

def load_glue(notebook_path: Path) -> dict[str, dict]:
    """The values a chapter glued: myst-nb moves them out of the notebook into <doc>.glue.json."""
    import json

    path = notebook_path.with_name(notebook_path.stem + ".glue.json")
    if not path.is_file():
        return {}
    return {name: output.get("data", {}) for name, output in json.loads(path.read_text()).items()}


def reader_notebook(executed, docname: str, info: BookInfo, glue: dict | None = None):
    """The executed notebook with Markdown a reader's JupyterLab renders; returns (nb, problems)."""
    nb = copy.deepcopy(executed)
    glue = {**glued_outputs(executed), **(glue or {})}
    converter = MarkdownConverter(info, docname, glue)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = converter.convert(cell.source)
    meta = nb.metadata
    meta.pop("jupytext", None)
    meta.pop("source_map", None)
    meta.setdefault("kernelspec", {"display_name": "Python 3", "language": "python",
                                   "name": "python3"})
    meta.setdefault("language_info", {"name": "python"})
    nbformat.validator.normalize(nb)  # ids and other nbformat 4.5 details
    return nb, converter.problems


def _print_last_expression(source: str) -> str:
    """Wrap the cell's final expression in print(), as the page shows its value."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        return source
    last = tree.body[-1]
    lines = source.split("\n")
    first, final = last.lineno - 1, last.end_lineno - 1
    # AST column offsets count UTF-8 bytes.
    before = lines[first].encode()[:last.col_offset].decode()
    after = lines[final].encode()[last.end_col_offset:].decode()
    if after.strip().startswith(";"):
        return source  # the page shows nothing for a cell ending in ';'
    expression = ast.get_source_segment(source, last)
    wrapped = f"{before}print({expression}){after}".split("\n")
    return "\n".join(lines[:first] + wrapped + lines[final + 1:])


def script_text(nb) -> str:
    import jupytext

    script = copy.deepcopy(nb)
    for cell in script.cells:
        if cell.cell_type != "code":
            continue
        if any(o.get("output_type") == "execute_result" for o in cell.get("outputs", [])):
            cell.source = _print_last_expression(cell.source)
        cell.outputs = []
        cell.execution_count = None
    script.metadata["jupytext"] = {"notebook_metadata_filter": "-all",
                                   "cell_metadata_filter": "tags"}
    text = jupytext.writes(script, fmt="py:percent")
    header = ("# This script was made from the book's chapter page; the prose is in the "
              "comments.\n# Run it with:  python {name}.py   (after: pip install \"nnmath[book]\")"
              "\n# It prints the tables and values the page shows; figures are drawn but "
              "not shown\n# unless you add plt.show().\n\n")
    return header + text


def notebook_docs(app) -> dict[str, Path]:
    """docname -> executed notebook, for pages with code cells that myst-nb executed."""
    folder = Path(app.outdir).parent / "jupyter_execute"
    found = {}
    for doc in sorted(app.env.found_docs):
        path = folder / f"{doc}.ipynb"
        if path.is_file():
            found[doc] = path
    return found


def has_code(path: Path) -> bool:
    nb = nbformat.read(path, as_version=4)
    return any(c.cell_type == "code" for c in nb.cells)


def download_names(docname: str) -> dict[str, str]:
    stem = Path(docname).name
    return {"notebook": f"{DOWNLOADS}/notebooks/{stem}.ipynb",
            "script": f"{DOWNLOADS}/scripts/{stem}.py",
            "archive": f"{DOWNLOADS}/{ARCHIVE}"}


def write_downloads(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    info = BookInfo.from_app(app)
    out = Path(app.outdir)
    written = []
    for doc, path in notebook_docs(app).items():
        if not has_code(path):
            continue
        names = download_names(doc)
        executed = nbformat.read(path, as_version=4)
        nb, problems = reader_notebook(executed, doc, info, load_glue(path))
        for problem in problems:
            logger.warning(f"{doc}: download notebook: {problem}", location=doc)
        target = out / names["notebook"]
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
        script = out / names["script"]
        script.parent.mkdir(parents=True, exist_ok=True)
        script.write_text(script_text(nb).replace("{name}", Path(doc).name))
        written.append(target)
    if not written:
        return
    with zipfile.ZipFile(out / DOWNLOADS / ARCHIVE, "w", zipfile.ZIP_DEFLATED) as zf:
        for target in sorted(written):
            zf.write(target, f"{ARCHIVE_FOLDER}/{target.name}")
        # The recorded full-size results that digits and cnn read, where
        # those pages look for them (scripts/results/ beside the notebook).
        for record in sorted((Path(app.confdir) / "scripts" / "results").glob("*.json")):
            zf.write(record, f"{ARCHIVE_FOLDER}/scripts/results/{record.name}")


def add_download_buttons(app, pagename, templatename, context, doctree) -> None:
    """Put the chapter's notebook, script and the archive in the theme's download menu."""
    path = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not path.is_file() or not has_code(path):
        return
    pathto = context["pathto"]
    names = download_names(pagename)
    ours = [
        {"type": "link", "url": pathto(names["notebook"], 1), "text": ".ipynb",
         "tooltip": "Download this chapter as an executed notebook", "icon": "fas fa-book",
         "label": "download-nnmath-notebook-button"},
        {"type": "link", "url": pathto(names["script"], 1), "text": ".py",
         "tooltip": "Download this chapter as a Python script", "icon": "fab fa-python",
         "label": "download-nnmath-script-button"},
        {"type": "link", "url": pathto(names["archive"], 1), "text": "all notebooks (.zip)",
         "tooltip": "Download every chapter's notebook in one archive",
         "icon": "fas fa-file-archive", "label": "download-nnmath-archive-button"},
    ]
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            group["buttons"][:0] = ours
            return


def setup(app):
    app.connect("html-page-context", add_download_buttons, priority=600)
    app.connect("build-finished", write_downloads, priority=400)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
