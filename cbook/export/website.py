"""The web edition: a static multi-page site, zipped, that opens from disk or any server.

The zip holds one folder, ``web/``: ``index.html`` (title, description, contents), a page
per chapter (``chapter-<id>/index.html``) and per section
(``chapter-<id>/section-<id>.html``, every passage keeping the live site's ``b-<id>``
anchor), ``principles/`` (an index and a page per principle linking to its passages),
``resources.html`` (the resources the text cites), ``search.html`` with a small local
search, and one ``style.css``. Every internal link is relative and nothing is fetched from
elsewhere, so the folder works from ``file://`` as well as from a web server.

Each section is converted with its own :class:`Conversion` (so its anchors are exactly
the live reader's), and pandoc runs once for the whole site: the parts are cut apart at
invisible markers. Our own pages are jinja2 templates with autoescape; pandoc's HTML
writer escapes the text it writes.
"""

from __future__ import annotations

import json
import posixpath
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from cbook.export.chrome import passages_count
from cbook.export.edition import (
    ChapterText,
    EditionContent,
    EditionOptions,
    SectionText,
)
from cbook.export.script_fonts import font_files, script_font, web_font_css
from cbook.export.translated import section_blocks
from cbook.languages import direction_of
from cbook.pandoc.ast_out import Conversion, Json, blocks, document
from cbook.pandoc.atomic import atomic_path
from cbook.pandoc.run import run_pandoc
from cbook.resources import PACKAGE_DIR

ASSETS = PACKAGE_DIR / "export" / "assets"
WEB_FOLDER = "web"  # the zip's one top folder
STYLESHEET = ASSETS / "site" / "style.css"
_SECTION_LINK = re.compile(r"^/sections/(\d+)/?(#[A-Za-z0-9_-]+)?$")
_CHAPTER_LINK = re.compile(r"^/chapters/(\d+)/?$")
_PART_MARK = re.compile(r"^<!-- cbook-part:(\d+) -->\n", re.MULTILINE)
_FILE_SAFE = re.compile(r"[^a-z0-9_-]+")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same edition zips to the same bytes

_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(ASSETS), autoescape=True,
    undefined=jinja2.StrictUndefined, trim_blocks=False, keep_trailing_newline=True)


def _safe_words(words: str, **values: str) -> Markup:
    """One of the edition's words that holds our own markup (a link), its placeholders
    filled with escaped values: the words come from our catalogs, never from a user."""
    return Markup(words) % values  # noqa: S704 - our catalogs' text; values are escaped


_templates.filters["safe_words"] = _safe_words
_templates.filters["direction"] = direction_of
_templates.filters["em"] = lambda text: Markup("<em>%s</em>") % text


def render(template: str, **values: Any) -> str:
    """One of our export templates (``site/...``, ``blog/...``), autoescaped."""
    return _templates.get_template(template).render(**values)


def chapter_page(chapter: ChapterText) -> str:
    """A chapter's page, relative to the web edition's root."""
    return f"chapter-{chapter.id}/index.html"


def section_page(chapter: ChapterText, section: SectionText) -> str:
    """A section's page, relative to the web edition's root."""
    return f"chapter-{chapter.id}/section-{section.id}.html"


def principle_page(slug: str) -> str:
    """A principle's page, relative to the web edition's root."""
    return f"principles/{_FILE_SAFE.sub('-', slug.lower()).strip('-') or 'principle'}.html"


def relative(from_page: str, to_page: str) -> str:
    """A link from one page of the site to another (both relative to its root)."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def link_rewriter(content: EditionContent, prefix: str) -> Callable[[str], str]:
    """Links to the live reader's sections and chapters, as links to the edition's pages
    (``prefix`` + the page); other links unchanged."""
    sections = {s.id: section_page(c, s) for c in content.chapters for s in c.sections}
    chapters = {c.id: chapter_page(c) for c in content.chapters}

    def target(href: str) -> str:
        found = _SECTION_LINK.match(href)
        if found and int(found.group(1)) in sections:
            return prefix + sections[int(found.group(1))] + (found.group(2) or "")
        found = _CHAPTER_LINK.match(href)
        if found and int(found.group(1)) in chapters:
            return prefix + chapters[int(found.group(1))]
        return href

    return target


@dataclass
class SectionPart:
    """One section converted on its own: its blocks and what converting them learned."""

    chapter: ChapterText
    section: SectionText
    page: str
    blocks: list[Json]
    conversion: Conversion


def convert_sections(content: EditionContent, options: EditionOptions, *, heading_shift: int,
                     link_target: Callable[[str], str]) -> list[SectionPart]:
    """Every section in reading order, each with its own conversion, so a passage's anchor
    is ``b-<id>`` as on the live site (block ids are unique within a section)."""
    parts = []
    for chapter in content.chapters:
        for section in chapter.sections:
            conversion = Conversion(audience=options.audience, heading_shift=heading_shift,
                                    link_target=link_target,
                                    place=f"{chapter.title}: {section.title}")
            converted = section_blocks(content, section,
                                       blocks(section.doc.get("content") or [], conversion))
            parts.append(SectionPart(chapter, section, section_page(chapter, section),
                                     converted, conversion))
    return parts


def render_parts(parts: Sequence[list[Json]], to: str, args: Sequence[str] = ()) -> list[str]:
    """Several lists of pandoc blocks written by one pandoc run, cut apart again."""
    body: list[Json] = []
    for number, part in enumerate(parts):
        body.append({"t": "RawBlock", "c": ["html", f"<!-- cbook-part:{number} -->"]})
        body.extend(part)
    with tempfile.TemporaryDirectory(prefix="cbook-parts-") as folder:
        written = Path(folder) / "parts.out"
        run_pandoc(document(body), to, written, ["--wrap=none", *args])
        pieces = _PART_MARK.split(written.read_text(encoding="utf-8"))
    texts = [""] * len(parts)
    for marked, text in zip(pieces[1::2], pieces[2::2], strict=True):
        texts[int(marked)] = text.strip() + "\n"
    return texts


def without_word_styles(node: Any) -> Any:
    """Pandoc blocks without the ``custom-style`` attributes that name Word styles."""
    if isinstance(node, list):
        return [without_word_styles(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: without_word_styles(value) for key, value in node.items()}
    if out.get("t") == "Div":
        (identifier, classes, pairs), inner = out["c"]
        out["c"] = [[identifier, classes, [p for p in pairs if p[0] != "custom-style"]], inner]
    return out


_INLINE_TAGS = frozenset({"a", "em", "strong", "code", "span", "b", "i", "u", "s", "sub",
                          "sup", "small", "mark", "del", "ins", "abbr", "cite", "q"})


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _INLINE_TAGS:
            self.parts.append(" ")  # a block or a break separates words

    def handle_endtag(self, tag: str) -> None:
        self.handle_starttag(tag, [])

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(fragment: str) -> str:
    """The words of an HTML fragment, whitespace collapsed (for the search index)."""
    parser = _TextOf()
    parser.feed(fragment)
    parser.close()
    return " ".join("".join(parser.parts).split())


def principle_order(content: EditionContent, found: Iterable[str]) -> list[str]:
    """The principle slugs among ``found``, in the book's order of principles."""
    wanted = set(found)
    return [slug for slug, _title, _statement in content.principles if slug in wanted]


def write_zip(files: Mapping[str, str | bytes], output: Path) -> None:
    """The files zipped at ``output``, written beside it and moved into place when whole."""
    with atomic_path(output) as partial, \
            zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])


def _resources(content: EditionContent, parts: list[SectionPart]) -> list[dict[str, Any]]:
    cited: dict[int, None] = {}
    for part in parts:
        cited.update(dict.fromkeys(part.conversion.cited))
    out = []
    for resource_id in cited:
        info = content.resources.get(resource_id)
        if info is None:
            continue  # removed from the library since it was cited
        details = [info.kind.replace("_", " "), info.authors, str(info.year or "")]
        url = info.url if info.url.startswith(("https://", "http://")) else ""
        out.append({"id": info.id, "title": info.title, "url": url,
                    "details": ", ".join(d for d in details if d)})
    return out


def _principles(content: EditionContent, parts: list[SectionPart]) -> list[dict[str, Any]]:
    passages: dict[str, list[tuple[str, str]]] = {}  # slug -> (place, page#anchor)
    for part in parts:
        for slug, identifiers in part.conversion.passages.items():
            passages.setdefault(slug, []).extend(
                (part.conversion.places.get(i) or i, f"{part.page}#{i}") for i in identifiers)
    out = []
    for slug, title, statement in content.principles:
        if passages.get(slug):
            page = principle_page(slug)
            out.append({"slug": slug, "title": title, "statement": statement, "page": page,
                        "href": relative("principles/index.html", page),
                        "passages": [(place, relative(page, target))
                                     for place, target in passages[slug]]})
    return out


def _pager(page: str, pages: list[tuple[str, str]], title: str) -> dict[str, Any]:
    """Previous and next (title, link) around ``page`` in ``pages`` of (title, page)."""
    at = [p for _t, p in pages].index(page)
    before = pages[at - 1] if at > 0 else None
    after = pages[at + 1] if at + 1 < len(pages) else None
    return {"heading": title,
            "previous": (before[0], relative(page, before[1])) if before else None,
            "following": (after[0], relative(page, after[1])) if after else None}


def site_files(content: EditionContent, options: EditionOptions) -> dict[str, str | bytes]:
    """Every file of the web edition, by its path below the site's root."""
    # Section pages all sit one folder down, so an internal link is "../" + the page.
    parts = convert_sections(content, options, heading_shift=0,
                             link_target=link_rewriter(content, "../"))
    fragments = render_parts([without_word_styles(part.blocks) for part in parts], "html")
    principles = _principles(content, parts) if options.principles_index else []
    resources = _resources(content, parts) if options.resources_appendix else []
    by_slug = {p["slug"]: p for p in principles}
    files: dict[str, str | bytes] = {}
    words = content.words

    def page(path: str, template: str, **values: Any) -> None:
        root = relative(path, "index.html")[: -len("index.html")]
        files[path] = render(f"site/{template}", book=content, lang=content.language,
                             dir=content.direction, words=words, root=root,
                             drafts=content.drafts, heading_lang=values.pop("heading_lang", ""),
                             passages_count=lambda n: passages_count(content.language, n),
                             has_principles=bool(principles), has_resources=bool(resources),
                             crumbs=values.pop("crumbs", []), scripts=values.pop("scripts", []),
                             **{"previous": None, "following": None, **values})

    chapter_pages = [(c.title, chapter_page(c)) for c in content.chapters]
    section_pages = [(part.section.title, part.page) for part in parts]
    page("index.html", "index.html", heading=content.title,
         depth=max(options.contents_depth, 1),
         chapters=[{"title": c.title, "href": chapter_page(c),
                    "sections": [{"title": s.title, "href": section_page(c, s)}
                                 for s in c.sections]} for c in content.chapters])
    for chapter in content.chapters:
        path = chapter_page(chapter)
        page(path, "chapter.html", summary=chapter.summary,
             crumbs=[(words["contents"], relative(path, "index.html"))],
             sections=[{"title": s.title, "href": relative(path, section_page(chapter, s))}
                       for s in chapter.sections],
             **_pager(path, chapter_pages, chapter.title))
    search_index: list[dict[str, str]] = []
    for part, fragment in zip(parts, fragments, strict=True):
        path = part.page
        tagged = principle_order(content, part.conversion.passages)
        page(path, "section.html", text=Markup(fragment),  # noqa: S704 - pandoc escaped it
             crumbs=[(words["contents"], relative(path, "index.html")),
                     (part.chapter.title, relative(path, chapter_page(part.chapter)))],
             principles=[(by_slug[s]["title"], relative(path, by_slug[s]["page"]))
                         for s in tagged if s in by_slug],
             heading_lang=part.section.language,
             **_pager(path, section_pages, part.section.title))
        search_index.append({"title": part.section.title, "context": part.chapter.title,
                             "url": path, "text": html_text(fragment)})
    if principles:
        page("principles/index.html", "principles.html", heading=words["principles"],
             principles=principles, crumbs=[(words["contents"], "../index.html")])
        for principle in principles:
            path = principle["page"]
            page(path, "principle.html", heading=principle["title"],
                 statement=principle["statement"], passages=principle["passages"],
                 crumbs=[(words["contents"], relative(path, "index.html")),
                         (words["principles"], relative(path, "principles/index.html"))])
            search_index.append({"title": principle["title"], "context": words["principle"],
                                 "url": path, "text": principle["statement"]})
    if resources:
        page("resources.html", "resources.html", heading=words["resources_cited"],
             resources=resources, crumbs=[(words["contents"], "index.html")])
    page("search.html", "search.html", heading=words["search"],
         scripts=["search-index.js", "search.js"])
    # A script, not JSON: browsers refuse to fetch() a file opened from disk.
    files["search-index.js"] = ("window.CBOOK_SEARCH_INDEX = "
                                + json.dumps(search_index, ensure_ascii=True, indent=0)
                                + ";\n")
    files["search.js"] = (ASSETS / "site" / "search.js").read_text(encoding="utf-8")
    style = STYLESHEET.read_text(encoding="utf-8")
    family = script_font(content.language)
    if family is not None:  # a reader's device may have no font for the book's script
        style += web_font_css(family, "fonts/")
        files.update({f"fonts/{path.name}": path.read_bytes() for path in font_files(family)})
    files["style.css"] = style
    return files


def write_web(content: EditionContent, options: EditionOptions, output: Path) -> None:
    """The web edition as a zip whose one folder, ``web/``, is the whole site."""
    files = site_files(content, options)
    write_zip({f"{WEB_FOLDER}/{path}": text for path, text in files.items()}, output)
