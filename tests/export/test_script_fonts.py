"""Books in Arabic script come out readable everywhere: an Urdu EPUB carries Nastaliq and
an Arabic one Naskh (EPUBCheck-clean), and a PDF's Arabic letters are set in those fonts
rather than missing from typst's own."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from cbook.books import service as books
from cbook.books.models import Book
from cbook.roles import Role
from tests.export.helpers import export, para, poppler, text
from tests.export.test_export import assert_epub_clean
from tests.support import make_user

WORDS = {"ur": "ہم نے مل کر Culture Book کے اصول لکھے۔",  # noqa: RUF001 - Urdu full stop
         "ar": "كتبنا معًا مبادئ Culture Book."}


def book_in(session: Session, language: str) -> Book:
    admin = make_user(session, Role.ADMIN, f"admin-{language}@test.example")
    book = books.create_book(session, admin, title=f"کتاب {language}", language=language)
    chapter = books.create_chapter(session, admin, book, title="باب")
    section = books.create_section(session, admin, chapter, title="حصہ", doc={
        "type": "doc", "content": [para("p1", text(WORDS[language]))]})
    session.flush()
    books.publish_section(session, admin, section)
    session.commit()
    return book


@pytest.mark.parametrize(("language", "font"), [("ur", "NotoNastaliqUrdu"),
                                                ("ar", "NotoNaskhArabic")])
def test_an_epub_in_arabic_script_embeds_its_font(session: Session, tmp_path: Path,
                                                  language: str, font: str) -> None:
    path = export(session, book_in(session, language), "epub", tmp_path)
    with zipfile.ZipFile(path) as epub:
        names = epub.namelist()
        assert f"EPUB/fonts/{font}-Regular.ttf" in names
        styles = "".join(epub.read(n).decode() for n in names if n.endswith(".css"))
        chapter = "".join(epub.read(n).decode() for n in names if n.endswith(".xhtml"))
    assert f"../fonts/{font}-Regular.ttf" in styles
    assert WORDS[language] in chapter and f'lang="{language}"' in chapter
    assert_epub_clean(path)


def test_an_english_epub_carries_no_arabic_font(session: Session, awkward_book: Book,
                                                tmp_path: Path) -> None:
    with zipfile.ZipFile(export(session, awkward_book, "epub", tmp_path)) as epub:
        assert not [n for n in epub.namelist() if n.endswith(".ttf")]


@pytest.mark.parametrize(("language", "font"), [("ur", "NotoNastaliqUrdu"),
                                                ("ar", "NotoNaskhArabic")])
def test_a_pdf_in_arabic_script_is_set_in_its_font(session: Session, tmp_path: Path,
                                                   language: str, font: str) -> None:
    path = export(session, book_in(session, language), "pdf", tmp_path)
    fonts = poppler("pdffonts", str(path))
    assert font in fonts, fonts
    # The words come back out of the PDF: they were set, not dropped as missing glyphs.
    assert "Culture Book" in poppler("pdftotext", str(path), "-")
