"""An edition's content: what goes into a book for one audience, as one pandoc document.

``gather`` reads the database once (published texts in book order, or the working drafts
for a coordinator's preview); ``build`` turns that into pandoc's AST with chapter and
section headings, an optional resources appendix and principles index. ``fingerprint``
names the content exactly, so an unchanged edition can be served from cache.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, undefer

from cbook.accounts.models import User
from cbook.books.models import Book, Chapter, Section, Trio, TrioMembership
from cbook.db import utcnow
from cbook.editor import authority
from cbook.editor.models import Revision, RevisionKind
from cbook.export import translated
from cbook.export.chrome import edition_words, long_date
from cbook.export.translated import language_pairs, section_blocks
from cbook.languages import direction_of
from cbook.library.models import Resource
from cbook.pandoc.ast_out import Conversion, Json, attr, blocks, document, text_inlines
from cbook.principles.models import Audience, Principle
from cbook.roles import SectionStatus

CHAPTER_LEVEL, SECTION_LEVEL = 1, 2
# Bump when the way editions are built changes, so cached files are not reused.
FINGERPRINT_VERSION = 3
# Publishing and checkpoints write no words: whoever pressed the button is not credited.
UNCREDITED = (RevisionKind.PUBLISH, RevisionKind.CHECKPOINT)
HEADING_SHIFT = 1  # document headings (levels 2-4) sit below the section title: 3-5


@dataclass(frozen=True)
class EditionOptions:
    """What a coordinator chooses for an edition (besides its format)."""

    audience: str | None = None  # an audience slug, or None for everyone
    title_page: bool = True
    contents_depth: int = 2  # 0: no table of contents
    resources_appendix: bool = True
    principles_index: bool = True
    drafts: bool = False  # preview the working drafts instead of the published texts
    paper: str = "a4"  # PDF only: "a4" or "a5"
    cover: bool = True  # use the book's cover image, if it has one
    blog_unit: str = "chapter"  # blog only: a post per "chapter" or per "section"
    blog_start: str = ""  # blog only: first post's date, YYYY-MM-DD; "" is today (UTC)
    blog_interval_days: int = 7  # blog only: days between posts, 1 to 365
    site_url: str = ""  # where the web edition lives (http/https), for the blog's links
    # A translation's sections that are behind or missing: "source" (shown in the source
    # language, under a notice) or "omit"; see cbook.export.translated.
    untranslated: str = translated.SOURCE


@dataclass(frozen=True)
class SectionText:
    """One section as the edition prints it."""

    id: int
    title: str
    doc: dict[str, Any]
    language: str = ""  # the text's language when it is not the edition's (a source's)
    notice: str = ""  # why it is in that language, in the edition's language

    @property
    def direction(self) -> str:
        """``ltr`` or ``rtl`` for a text in another language ("" for the edition's)."""
        return direction_of(self.language) if self.language else ""


@dataclass(frozen=True)
class ChapterText:
    """One chapter with the sections this edition keeps."""

    id: int
    title: str
    summary: str
    sections: list[SectionText]


@dataclass(frozen=True)
class ResourceInfo:
    """What the resources appendix says about a cited resource."""

    id: int
    title: str
    kind: str
    authors: str
    year: int | None
    url: str


@dataclass
class EditionContent:
    """Everything an edition is built from; plain data, so building needs no database."""

    slug: str
    title: str
    subtitle: str
    description: str
    language: str
    chapters: list[ChapterText]
    principles: list[tuple[str, str, str]]  # slug, title, statement in book order
    resources: dict[int, ResourceInfo] = field(default_factory=dict)
    drafts: bool = False
    cover: str = ""  # the cover image file (its name is its content hash), or ""
    audience_name: str = ""  # the audience this edition is for ("" for everyone)
    contributors: list[str] = field(default_factory=list)  # names, for the title page
    edition_date: str = ""  # YYYY-MM-DD: its newest publication (today for a preview)
    words: dict[str, str] = field(default_factory=dict)  # its chrome, in its language

    def __post_init__(self) -> None:
        if not self.words:
            self.words = edition_words(self.language)

    @property
    def direction(self) -> str:
        """``ltr`` or ``rtl``: how the edition's language is written."""
        return direction_of(self.language)

    @property
    def display_title(self) -> str:
        """The title, marked as a draft preview when it is one."""
        if not self.drafts:
            return self.title
        return self.words["draft_title"] % {"title": self.title}

    def fingerprint(self, options: EditionOptions, fmt: str) -> str:
        """A hash of the content, options and format: equal exactly when the output is.

        Built by hand rather than with ``asdict``, which would deep-copy every document
        first; stored documents keep their key order, so the same text hashes the same.
        """
        digest = hashlib.sha256()
        head = [FINGERPRINT_VERSION, fmt, asdict(options), self.slug, self.title,
                self.subtitle, self.description, self.language, self.principles,
                sorted((k, asdict(v)) for k, v in self.resources.items()), self.drafts,
                Path(self.cover).name, self.audience_name, self.contributors,
                self.edition_date, self.words]
        digest.update(json.dumps(head, default=str).encode())
        for chapter in self.chapters:
            digest.update(json.dumps([chapter.id, chapter.title, chapter.summary]).encode())
            for section in chapter.sections:
                digest.update(json.dumps([section.id, section.title, section.doc,
                                          section.language, section.notice]).encode())
        return digest.hexdigest()

    @property
    def word_count(self) -> int:
        """Roughly how many words the edition holds (for progress and reports)."""
        total = 0
        stack: list[Any] = [s.doc for c in self.chapters for s in c.sections]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                total += len(str(node.get("text") or "").split())
                stack.extend(node.get("content") or [])
        return total


def _section_for(section: Section, audience: str | None) -> bool:
    if audience is None:
        return True
    slugs = [a.slug for a in section.audiences]
    return not slugs or audience in slugs


def gather(session: Session, book: Book, options: EditionOptions,
           cover: Path | None = None) -> EditionContent:
    """The edition's content from the database: published texts (or drafts) in order.

    ``cover`` is the book's cover image file, used when the options ask for a cover.
    """
    chapters = session.scalars(
        select(Chapter).where(Chapter.book_id == book.id, Chapter.trashed_at.is_(None))
        .order_by(Chapter.position, Chapter.id)
        .options(selectinload(Chapter.sections).selectinload(Section.audiences),
                 selectinload(Chapter.sections).selectinload(Section.document),
                 selectinload(Chapter.sections).selectinload(Section.source_section)
                 .options(undefer(Section.published_doc)),
                 selectinload(Chapter.trio).selectinload(Trio.memberships)
                 .selectinload(TrioMembership.user))
    ).all()
    kept: list[ChapterText] = []
    published: list[date] = []  # dates: a fresh value is aware, a stored one may be naive
    documents: list[int] = []
    names: set[str] = set()
    for chapter in chapters:
        texts = []
        for section in sorted(chapter.sections, key=lambda s: (s.position, s.id)):
            if not _section_for(section, options.audience):
                continue
            when, document_id = section.published_at, section.document_id
            if options.drafts:
                text = SectionText(section.id, section.title,
                                   authority.document_json(session, section.document))
            elif book.is_translation:
                chosen = translated.choose(book, section, options.untranslated)
                if chosen is None:
                    continue
                text = SectionText(section.id, chosen.title, chosen.doc, chosen.language,
                                   chosen.notice)
                when, document_id = chosen.published_at, chosen.document_id
            elif section.status == SectionStatus.PUBLISHED and section.published_doc:
                text = SectionText(section.id, section.title, section.published_doc)
            else:
                continue
            texts.append(text)
            documents.append(document_id)
            if when is not None:
                published.append(when.date())
        if texts:
            kept.append(ChapterText(chapter.id, chapter.title, chapter.summary, texts))
            if chapter.trio is not None:
                names.update(m.user.name for m in chapter.trio.memberships)
    principles = [(p.slug, p.title, p.statement) for p in session.scalars(
        select(Principle).order_by(Principle.position, Principle.id))]
    content = EditionContent(
        slug=book.slug, title=book.title, subtitle=book.subtitle,
        description=book.description, language=book.language or "en",
        chapters=kept, principles=principles, drafts=options.drafts,
        cover=str(cover) if cover is not None and options.cover else "",
        audience_name=(session.scalar(select(Audience.name).where(
            Audience.slug == options.audience)) or "") if options.audience else "",
        contributors=_contributors(session, documents, names),
        edition_date=(utcnow().date() if options.drafts or not published
                      else max(published)).isoformat(),
    )
    cited = _cited_ids(content)
    if cited:
        for resource in session.scalars(select(Resource).where(Resource.id.in_(cited))):
            content.resources[resource.id] = ResourceInfo(
                resource.id, resource.title, resource.kind, resource.authors, resource.year,
                resource.url)
    return content


def _contributors(session: Session, documents: list[int], names: set[str]) -> list[str]:
    """The people credited: the trios of its chapters and the authors of its revisions."""
    for start in range(0, len(documents), 500):  # bounded IN lists for every engine
        names.update(session.scalars(
            select(User.name).join(Revision, Revision.author_id == User.id)
            .where(Revision.document_id.in_(documents[start:start + 500]),
                   Revision.kind.not_in(UNCREDITED)).distinct()))
    return sorted((name for name in names if name.strip()), key=str.casefold)


def _cited_ids(content: EditionContent) -> list[int]:
    found: list[int] = []
    stack: list[Any] = [s.doc for c in content.chapters for s in c.sections]
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        if node.get("type") == "resource_ref":
            resource = (node.get("attrs") or {}).get("resource")
            if isinstance(resource, int) and not isinstance(resource, bool):
                found.append(resource)
        stack.extend(node.get("content") or [])
    return sorted(set(found))


def _header(level: int, identifier: str, title: str,
            pairs: Sequence[tuple[str, str]] = ()) -> Json:
    return {"t": "Header", "c": [level, attr(identifier, (), pairs), text_inlines(title)]}


def _para(*inlines: Json) -> Json:
    return {"t": "Para", "c": list(inlines)}


def _resources_appendix(content: EditionContent, conversion: Conversion) -> list[Json]:
    entries = []
    for resource_id in conversion.cited:
        info = content.resources.get(resource_id)
        if info is None:
            continue  # removed from the library since it was cited
        line: list[Json] = [{"t": "Strong", "c": text_inlines(info.title)}]
        details = [info.kind.replace("_", " "), info.authors, str(info.year or "")]
        described = ", ".join(d for d in details if d)
        if described:
            line += [{"t": "Space"}, *text_inlines(f"({described})")]
        if info.url:
            line += [{"t": "Space"}, {"t": "Link", "c": [attr(), text_inlines(info.url),
                                                         [info.url, ""]]}]
        entries.append([{"t": "Plain", "c": line}])
    if not entries:
        return []
    return [_header(CHAPTER_LEVEL, "resources", content.words["resources_cited"]),
            {"t": "BulletList", "c": entries}]


def _principles_index(content: EditionContent, conversion: Conversion) -> list[Json]:
    out: list[Json] = []
    for slug, title, statement in content.principles:
        passages = conversion.passages.get(slug) or []
        if not passages:
            continue
        out.append(_header(SECTION_LEVEL, f"principle-{slug}", title))
        if statement:
            out.append(_para({"t": "Emph", "c": text_inlines(statement)}))
        # One entry per section, however many of its passages carry the principle.
        first: dict[str, str] = {}
        for identifier in passages:
            first.setdefault(conversion.places.get(identifier) or identifier, identifier)
        links = [[{"t": "Plain", "c": [{"t": "Link", "c": [
            attr(), text_inlines(place), [f"#{identifier}", ""]]}]}]
            for place, identifier in first.items()]
        out.append({"t": "BulletList", "c": links})
    if not out:
        return []
    return [_header(CHAPTER_LEVEL, "principles-index", content.words["principles_index"]),
            *out]


def _lower_first(name: str) -> str:
    """"Board members" -> "board members", but "NHS leaders" stays as it is."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def build(content: EditionContent, options: EditionOptions,
          conversion: Conversion | None = None) -> tuple[Json, Conversion]:
    """The whole edition as one pandoc document, and what converting it learned."""
    conversion = conversion or Conversion()
    conversion.audience = options.audience
    conversion.heading_shift = HEADING_SHIFT
    body: list[Json] = []
    words = content.words
    if content.drafts:
        body.append({"t": "Div", "c": [attr("draft-notice", ["draft-notice"]), [_para(
            {"t": "Strong", "c": text_inlines(words["draft_label"])}, {"t": "Space"},
            *text_inlines(words["draft_text"]))]]})
    for chapter in content.chapters:
        body.append(_header(CHAPTER_LEVEL, f"chapter-{chapter.id}", chapter.title))
        if chapter.summary:
            body.append(_para({"t": "Emph", "c": text_inlines(chapter.summary)}))
        for section in chapter.sections:
            body.append(_header(SECTION_LEVEL, f"section-{section.id}", section.title,
                                language_pairs(section.language) if section.language else ()))
            conversion.id_prefix = f"s{section.id}-"
            conversion.place = f"{chapter.title}: {section.title}"
            body.extend(section_blocks(content, section,
                                       blocks(section.doc.get("content") or [], conversion)))
    if options.resources_appendix:
        body.extend(_resources_appendix(content, conversion))
    if options.principles_index:
        body.extend(_principles_index(content, conversion))
    meta: dict[str, Any] = {"title": content.display_title, "lang": content.language}
    if content.direction == "rtl":
        meta["dir"] = "rtl"
    if content.subtitle:
        meta["subtitle"] = content.subtitle
    if content.description:
        meta["description"] = content.description
    if content.audience_name:
        meta["edition-for"] = words["edition_for"] % {
            "audience": _lower_first(content.audience_name)}
    if content.edition_date:
        day = long_date(date.fromisoformat(content.edition_date), content.language)
        meta["edition-date"] = day
        meta["edition-line"] = words["edition_of"] % {"date": day}
    if content.contributors:
        meta["contributors"] = content.contributors
    return document(body, meta), conversion
