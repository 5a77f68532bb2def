"""Editions of a translation: every format in the translation's language and direction,
with the sections not yet translated (or behind their source) shown in the source language
under a notice, or left out, as the coordinator chooses; the edition's own words in its
language; EPUBCheck-clean Urdu and Arabic EPUBs, and PDFs, with every font embedded."""

from __future__ import annotations

import copy
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.books import service as books
from cbook.books.models import Book, Chapter, Section
from cbook.editor import authority
from cbook.export.chrome import edition_words
from cbook.export.edition import EditionOptions, gather
from cbook.export.models import ExportJob
from cbook.roles import Role
from cbook.translating import service as translating
from tests.export.helpers import export, para, poppler, text
from tests.export.test_export import assert_epub_clean
from tests.support import api_token, make_user, sign_in

TITLES = {"ur": "تبدیلی کی کتاب", "ar": "كتاب التغيير"}
CHAPTER = {"ur": "اصل کام", "ar": "العمل الحقيقي"}
FIRST = {"ur": ("چھوٹے سے شروع کریں", "اصل مسئلے سے شروع کریں۔"),  # noqa: RUF001
         "ar": ("ابدأ صغيرًا", "ابدأ بالمشكلة الحقيقية.")}
SECOND = {"ur": ("سنیں", "ٹھیک کرنے سے پہلے سنیں۔"),  # noqa: RUF001
          "ar": ("استمع", "استمع قبل أن تصلح.")}
ENGLISH = {"ur": "انگریزی", "ar": "الإنجليزية"}  # "English", as each language names it
BEHIND_TEXT = "Listen before you fix, and again after."
MISSING_TEXT = "Trust is built in small steps."
# Enough English to run the missing section over two more pages of a PDF.
LONG_TEXT = " ".join(["Nobody changes a system alone; the people who live with a barrier "
                      "know where it binds, and they are the first to ask."] * 60)
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                  r"([^<]*)</word>")


def _doc(block_id: str, words: str) -> dict[str, Any]:
    return {"type": "doc", "content": [para(block_id, text(words))]}


def _translated(session: Session, translation: Book, source: Section) -> Section:
    return session.scalars(select(Section).join(Chapter).where(
        Chapter.book_id == translation.id, Section.source_section_id == source.id)).one()


def _translate(session: Session, editor: User, translation: Book, source: Section,
               title: str, words: str, block_id: str) -> None:
    mine = _translated(session, translation, source)
    books.update_section(session, editor, mine, title=title)
    authority.replace_whole_document(session, mine.document, _doc(block_id, words), editor)
    books.publish_section(session, editor, mine)


@pytest.fixture
def world(session: Session) -> dict[str, Any]:
    """An English book of three published sections and its Urdu and Arabic translations:
    the first section translated, the second translated and then republished in English
    (behind), the third never translated (missing)."""
    coordinator = make_user(session, Role.COORDINATOR, "coord@test.example")
    editor = make_user(session, Role.EDITOR, "editor@test.example")
    source = books.create_book(session, coordinator, title="The book of change",
                               language="en")
    chapter = books.create_chapter(session, editor, source, title="Real work")
    first = books.create_section(session, editor, chapter, title="Start small",
                                 doc=_doc("a1", "Start with the real problem."))
    second = books.create_section(session, editor, chapter, title="Listen",
                                  doc=_doc("b1", "Listen before you fix."))
    third = books.create_section(session, editor, chapter, title="Trust", doc={
        "type": "doc", "content": [para("c1", text(MISSING_TEXT)), para("c2", text(LONG_TEXT))]})
    for section in (first, second, third):
        books.publish_section(session, editor, section)
    session.commit()
    found: dict[str, Any] = {"coordinator": coordinator, "source": source}
    for language in ("ur", "ar"):
        translation = translating.start_translation(session, coordinator, source, language)
        session.flush()
        translation.title = TITLES[language]
        translation.chapters[0].title = CHAPTER[language]
        translation.chapters[0].source_title = chapter.title
        _translate(session, editor, translation, first, *FIRST[language], "a1")
        _translate(session, editor, translation, second, *SECOND[language], "b1")
        found[language] = translation
    changed = copy.deepcopy(second.published_doc)
    assert changed is not None
    changed["content"][0]["content"][0]["text"] = BEHIND_TEXT
    authority.replace_whole_document(session, second.document, changed, editor)
    books.publish_section(session, editor, second)
    session.commit()
    return found


def _zip_texts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n).decode() for n in archive.namelist()
                if not n.endswith((".ttf", ".png", ".jpg"))}


def _names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


@pytest.mark.parametrize(("language", "font"), [("ur", "NotoNastaliqUrdu"),
                                                ("ar", "NotoNaskhArabic")])
def test_a_translation_epub_is_right_to_left_clean_and_carries_its_fonts(
        session: Session, world: dict[str, Any], tmp_path: Path, language: str,
        font: str) -> None:
    path = export(session, world[language], "epub", tmp_path)
    assert_epub_clean(path)
    files = _zip_texts(path)
    opf = files["EPUB/content.opf"]
    assert f"<dc:language>{language}</dc:language>" in opf
    assert re.search(r'<spine[^>]*page-progression-direction="rtl"', opf), opf
    for weight in ("Regular", "Bold"):  # every font it is set in, inside the EPUB
        assert f"EPUB/fonts/{font}-{weight}.ttf" in _names(path)
        assert f'href="fonts/{font}-{weight}.ttf"' in opf
    pages = {n: t for n, t in files.items() if n.endswith(".xhtml")}
    for name, page in pages.items():  # every page, the contents too, is right to left
        assert f'lang="{language}" xml:lang="{language}" dir="rtl"' in page, name
    # The contents are headed in the edition's language, not in English.
    assert f'<h1 id="toc-title">{edition_words(language)["contents"]}</h1>' in pages[
        "EPUB/nav.xhtml"]
    chapter = pages["EPUB/text/ch001.xhtml"]
    # The translated section in its language; the behind and the missing one in English,
    # each under a notice in the edition's language, their text marked English and LTR.
    assert FIRST[language][1] in chapter and SECOND[language][1] not in chapter
    assert BEHIND_TEXT in chapter and MISSING_TEXT in chapter
    assert '<h2 lang="en" dir="ltr">Listen</h2>' in chapter
    assert '<h2 lang="en" dir="ltr">Trust</h2>' in chapter
    assert chapter.count('<div class="source-language" lang="en" dir="ltr">') == 2
    notices = re.findall(rf'class="untranslated-notice" lang="{language}" dir="rtl">\s*'
                         r"<p>([^<]+)</p>", chapter)
    assert len(notices) == 2 and all(ENGLISH[language] in n for n in notices)
    assert "untranslated-notice" in "".join(t for n, t in files.items() if n.endswith(".css"))


def test_the_notices_say_which_sections_are_missing_or_behind_in_the_books_language(
        session: Session, world: dict[str, Any]) -> None:
    content = gather(session, world["ur"], EditionOptions())
    words = content.words
    assert words == edition_words("ur") and words["contents"] == "فہرست"
    shown = {s.title: s for c in content.chapters for s in c.sections}
    assert list(shown) == [FIRST["ur"][0], "Listen", "Trust"]
    assert shown[FIRST["ur"][0]].language == "" and shown["Trust"].language == "en"
    source = world["source"].chapters[0].sections
    day = source[1].published_at
    assert day is not None
    # Which notice, the language named and the date written the Urdu way (Urdu months).
    for section, kind in ((shown["Listen"], "notice_behind"), (shown["Trust"], "notice_missing")):
        head = words[kind].split("%(language)s")[0]
        assert section.notice.startswith(head) and ENGLISH["ur"] in section.notice
        assert str(day.year) in section.notice
        assert not re.search(r"January|February|March|April|May|June|July|August|"
                             r"September|October|November|December", section.notice)


def test_untranslated_sections_can_be_left_out(session: Session, world: dict[str, Any],
                                               tmp_path: Path) -> None:
    content = gather(session, world["ar"], EditionOptions(untranslated="omit"))
    assert [s.title for c in content.chapters for s in c.sections] == [FIRST["ar"][0]]
    chapter = _zip_texts(export(session, world["ar"], "epub", tmp_path,
                                untranslated="omit"))["EPUB/text/ch001.xhtml"]
    assert FIRST["ar"][1] in chapter
    assert BEHIND_TEXT not in chapter and MISSING_TEXT not in chapter
    assert "untranslated-notice" not in chapter and 'lang="en"' not in chapter


def _pages(path: Path) -> list[list[tuple[float, float, float, str]]]:
    """Each page's words as (xMin, yMin, xMax, text), from pdftotext -bbox."""
    html = poppler("pdftotext", "-bbox", str(path), "-")
    return [[(float(a), float(b), float(c), w) for a, b, c, _d, w in WORD.findall(page)]
            for page in html.split("<page ")[1:]]


def _margins(words: list[tuple[float, float, float, str]], width: float) -> tuple[str, str]:
    """Which margin of a page's body text is the inside one (2 cm) and which the outside
    (1.6 cm): ("outside", "inside") is narrow on the left, wide on the right."""
    body = [w for w in words if 70 < w[1] < 770]
    return _which(min(w[0] for w in body)), _which(width - max(w[2] for w in body))


def _which(margin: float) -> str:
    return "inside" if abs(margin - INSIDE) < 2 else "outside" if abs(margin - OUTSIDE) < 2 \
        else f"{margin:.1f}pt"


INSIDE, OUTSIDE, A4_WIDTH = 56.69, 45.35, 595.276  # the template's 2 cm and 1.6 cm, in points


@pytest.mark.parametrize(("language", "font"), [("ur", "NotoNastaliqUrdu"),
                                                ("ar", "NotoNaskhArabic")])
def test_a_translation_pdf_is_bound_on_the_right_with_its_fonts_embedded(
        session: Session, world: dict[str, Any], tmp_path: Path, language: str,
        font: str) -> None:
    path = export(session, world[language], "pdf", tmp_path)
    fonts = poppler("pdffonts", str(path)).splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts), fonts  # every font embedded
    assert any(font in line for line in fonts)
    pages = _pages(path)
    assert len(pages) >= 4
    # Mirrored margins: a right-to-left book is bound on the right, so its odd (recto)
    # pages have the wide inside margin on the right and its even pages on the left.
    assert _margins(pages[2], A4_WIDTH) == ("outside", "inside")
    assert _margins(pages[3], A4_WIDTH) == ("inside", "outside")
    english = _pages(export(session, world["source"], "pdf", tmp_path / ".."))
    assert _margins(english[2], A4_WIDTH) == ("inside", "outside")  # left to right: opposite
    if language == "ar":  # Naskh comes back out of the PDF word for word
        # The running head: the book's title at the start (right), the chapter's at the end.
        head = sorted((w for w in pages[3] if w[1] < 50), key=lambda w: -w[0])
        # (pdftotext gives each word's letters in visual order: right to left, reversed)
        assert " ".join(w[3][::-1] for w in head) == f"{TITLES['ar']} {CHAPTER['ar']}"
        assert (_which(A4_WIDTH - head[0][2]), _which(head[-1][0])) == ("outside", "inside")
        assert "المحتويات" in poppler("pdftotext", str(path), "-")  # "Contents"


def test_a_translation_word_document_is_right_to_left_with_the_notice_styled(
        session: Session, world: dict[str, Any], tmp_path: Path) -> None:
    files = _zip_texts(export(session, world["ur"], "docx", tmp_path))
    document = files["word/document.xml"]
    # Right to left paragraphs in Urdu, the contents headed in Urdu; English ones not.
    assert "<w:bidi />" in document and '<w:lang w:val="ur" />' in document
    assert '<w:rtl /></w:rPr><w:t xml:space="preserve">فہرست</w:t>' in document
    listen = document[document.index(">Listen<") - 200:document.index(BEHIND_TEXT) + 20]
    assert "<w:bidi />" not in listen.split("UntranslatedNotice")[0]  # English heading
    assert '<w:lang w:val="en" /></w:rPr><w:t xml:space="preserve">Listen before' in listen
    assert '<w:pStyle w:val="UntranslatedNotice" /><w:bidi />' in listen
    assert 'w:styleId="UntranslatedNotice"' in files["word/styles.xml"]


def test_web_blog_and_markdown_editions_of_a_translation(
        session: Session, world: dict[str, Any], tmp_path: Path) -> None:
    web = export(session, world["ur"], "web", tmp_path / "..")
    files = _zip_texts(web)
    index = files["web/index.html"]
    assert '<html lang="ur" dir="rtl">' in index and "فہرست" in index
    assert {"web/fonts/NotoNastaliqUrdu-Regular.ttf",
            "web/fonts/NotoNastaliqUrdu-Bold.ttf"} <= set(_names(web))
    assert 'url("fonts/NotoNastaliqUrdu-Regular.ttf")' in files["web/style.css"]
    behind = next(t for n, t in files.items() if BEHIND_TEXT in t and n.endswith(".html"))
    assert '<h1 lang="en" dir="ltr">Listen</h1>' in behind
    assert 'class="untranslated-notice" lang="ur" dir="rtl"' in behind
    assert '<div class="source-language" lang="en" dir="ltr">' in behind
    blog = _zip_texts(export(session, world["ur"], "blog", tmp_path, blog_unit="section"))
    post = next(t for n, t in blog.items() if n.endswith(".html") and BEHIND_TEXT in t)
    assert '<html lang="ur" dir="rtl">' in post and '<h1 lang="en" dir="ltr">Listen</h1>' in post
    assert "untranslated-notice" in post and 'url("../fonts/NotoNastaliqUrdu' in post
    markdown = _zip_texts(export(session, world["ur"], "markdown", tmp_path / "md",
                                 untranslated="source")
                          if (tmp_path / "md").mkdir() is None else tmp_path)
    readme = next(t for n, t in markdown.items() if n.endswith("README.md"))
    assert "## فہرست" in readme
    trust = next(t for n, t in markdown.items() if n.endswith("trust.md"))
    assert trust.startswith('---\ntitle: "Trust"') and '\nlang: "en"\n' in trust
    assert "untranslated-notice" in trust and MISSING_TEXT in trust


def test_a_book_that_is_no_translation_is_built_as_before(
        session: Session, world: dict[str, Any], tmp_path: Path) -> None:
    content = gather(session, world["source"], EditionOptions(untranslated="omit"))
    assert [s.title for c in content.chapters for s in c.sections] == [
        "Start small", "Listen", "Trust"]
    assert all(not s.language and not s.notice for c in content.chapters for s in c.sections)
    files = _zip_texts(export(session, world["source"], "epub", tmp_path))
    assert "page-progression-direction" not in files["EPUB/content.opf"]
    assert not [n for n, t in files.items()
                if n.endswith(".xhtml") and (' dir="' in t or "untranslated-notice" in t)]
    assert "Table of Contents" in files["EPUB/nav.xhtml"]  # pandoc's own words, as before


def test_the_choice_is_an_option_of_the_api_and_of_the_editions_page(
        client: FlaskClient, session: Session, world: dict[str, Any]) -> None:
    who = api_token(session, world["coordinator"])
    urdu, source = world["ur"].slug, world["source"].slug
    made = client.post(f"/api/v1/books/{urdu}/exports", headers=who,
                       json={"format": "epub", "options": {"untranslated": "omit"}})
    assert made.status_code == 202, made.get_json()
    assert session.get(ExportJob, made.get_json()["id"]).options["untranslated"] == "omit"
    refused = client.post(f"/api/v1/books/{urdu}/exports", headers=who,
                          json={"format": "pdf", "options": {"untranslated": "machine"}})
    assert refused.status_code == 400 and "untranslated" in refused.get_data(as_text=True)
    # A book that is no translation has nothing to choose: the option is dropped.
    plain = client.post(f"/api/v1/books/{source}/exports", headers=who,
                        json={"format": "epub", "options": {"untranslated": "omit"}})
    assert plain.status_code == 202 and "untranslated" not in plain.get_json()["options"]
    sign_in(client, "coord@test.example")
    page = client.get(f"/books/{urdu}/exports").get_data(as_text=True)
    assert 'name="untranslated"' in page and 'value="omit"' in page
    assert 'name="untranslated"' not in client.get(
        f"/books/{source}/exports").get_data(as_text=True)
