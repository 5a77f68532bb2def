"""The whole book as Markdown files, zipped: for archives and other tools.

``README.md`` holds the title, description and a linked contents list; each section is
``NN-chapter/MM-section.md`` with YAML front matter (title, chapter, principles,
audiences); the appendices (cited resources, principles index) have their own files.
Pandoc runs once over the whole book with invisible markers between the parts, and the
output is cut at the markers, so a 100-section book costs one conversion, not a hundred.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

from cbook.export.edition import EditionContent, EditionOptions, build
from cbook.export.website import write_zip
from cbook.pandoc.ast_out import Json
from cbook.pandoc.run import run_pandoc
from cbook.textrules import slugify

_MARK = "cbook-file:"
_MARK_RE = re.compile(r"^<!-- cbook-file:(\S+) -->\n", re.MULTILINE)


def _marker(path: str) -> Json:
    return {"t": "RawBlock", "c": ["markdown", f"<!-- {_MARK}{path} -->"]}


def _paths(content: EditionContent) -> dict[int, str]:
    """Section id -> its file path in the archive."""
    paths: dict[int, str] = {}
    for c, chapter in enumerate(content.chapters, start=1):
        folder = f"{c:02d}-{slugify(chapter.title, 'chapter', max_length=50)}"
        for s, section in enumerate(chapter.sections, start=1):
            name = slugify(section.title, "section", max_length=50)
            paths[section.id] = f"{folder}/{s:02d}-{name}.md"
    return paths


def _unwrap_anchors(blocks: list[Json]) -> list[Json]:
    """Drop the Divs that only give a passage an id: in plain files they are noise."""
    out: list[Json] = []
    for item in blocks:
        kind = item.get("t")
        if kind == "Div":
            (_identifier, classes, pairs), inner = item["c"]
            inner = _unwrap_anchors(inner)
            if not classes and not pairs:
                out.extend(inner)
                continue
            item = {"t": "Div", "c": [item["c"][0], inner]}
        elif kind == "BlockQuote":
            item = {"t": "BlockQuote", "c": _unwrap_anchors(item["c"])}
        elif kind in ("BulletList",):
            item = {"t": kind, "c": [_unwrap_anchors(entry) for entry in item["c"]]}
        elif kind == "OrderedList":
            item = {"t": kind, "c": [item["c"][0], [_unwrap_anchors(e) for e in item["c"][1]]]}
        out.append(item)
    return out


_PASSAGE_LINK = re.compile(r"\]\(#s(\d+)-b-[^)\s]*\)")


def _link_passages_to_files(text: str, paths: dict[int, str]) -> str:
    """Index links to passages (``#s12-b-...``) become links to the section's file."""
    def replace(match: re.Match[str]) -> str:
        path = paths.get(int(match.group(1)))
        return f"]({path})" if path else match.group(0)

    return _PASSAGE_LINK.sub(replace, text)


def _with_markers(blocks: list[Json], content: EditionContent) -> list[Json]:
    """The book's blocks with a marker before each section and each appendix."""
    paths = _paths(content)
    starts = {f"section-{sid}": path for sid, path in paths.items()}
    starts.update({"resources": "resources.md", "principles-index": "principles.md"})
    out: list[Json] = []
    for item in blocks:
        if item.get("t") == "Header":
            identifier = item["c"][1][0]
            if identifier in starts:
                out.append(_marker(starts[identifier]))
            elif item["c"][0] == 1:
                out.append(_marker("README.md"))  # chapter headings live in the contents
                continue
        out.append(item)
    return out


def _front_matter(values: dict[str, Any]) -> str:
    # JSON strings are valid YAML scalars, so every title is quoted safely.
    lines = ["---"]
    for key, value in values.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n---\n\n"


def _readme(content: EditionContent, paths: dict[int, str], has: set[str]) -> str:
    lines = [f"# {content.title}", ""]
    if content.subtitle:
        lines += [f"*{content.subtitle}*", ""]
    if content.description:
        lines += [content.description, ""]
    words = content.words
    if content.drafts:
        lines += [f"**{words['draft_label']}** {words['draft_text']}", ""]
    lines += [f"## {words['contents']}", ""]
    for chapter in content.chapters:
        lines.append(f"- {chapter.title}")
        lines += [f"  - [{s.title}]({paths[s.id]})" for s in chapter.sections]
    for name, title in (("resources.md", words["resources_cited"]),
                        ("principles.md", words["principles_index"])):
        if name in has:
            lines.append(f"- [{title}]({name})")
    return "\n".join(lines) + "\n"


def write_markdown_files(content: EditionContent, options: EditionOptions,
                         output: Path) -> None:
    """A zip of Markdown files (see the module docstring), moved into place when whole."""
    ast, _ = build(content, options)
    ast["blocks"] = _unwrap_anchors(_with_markers(ast["blocks"], content))
    ast["meta"] = {}
    with tempfile.TemporaryDirectory(prefix="cbook-md-") as folder:
        markdown = Path(folder) / "book.md"
        run_pandoc(ast, "markdown-smart", markdown, ["--wrap=none"])
        parts = _MARK_RE.split(markdown.read_text(encoding="utf-8"))
    files: dict[str, str] = {}
    for path, text in zip(parts[1::2], parts[2::2], strict=True):
        if path != "README.md":
            files[path] = files.get(path, "") + text
    sections = {s.id: (chapter, s) for chapter in content.chapters for s in chapter.sections}
    for sid, path in _paths(content).items():
        chapter, section = sections[sid]
        tags = _section_tags(section.doc)
        # A section shown in its source language says so, for tools that read its lang.
        shown_in = {"lang": section.language} if section.language else {}
        files[path] = _front_matter({"title": section.title, "chapter": chapter.title,
                                     **shown_in, **tags}) + files.get(path, "")
    if "principles.md" in files:
        files["principles.md"] = _link_passages_to_files(files["principles.md"],
                                                         _paths(content))
    files["README.md"] = _readme(content, _paths(content), set(files))
    write_zip({f"{content.slug}/{path}": text for path, text in files.items()}, output)


def _section_tags(doc: dict[str, Any]) -> dict[str, list[str]]:
    found: dict[str, dict[str, None]] = {"principles": {}, "audiences": {}}
    stack: list[Any] = [doc]
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        attrs = node.get("attrs") or {}
        for key, seen in found.items():
            for value in attrs.get(key) or []:
                seen[str(value)] = None
        stack.extend(node.get("content") or [])
    return {key: sorted(values) for key, values in found.items() if values}
