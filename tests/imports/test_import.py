"""Importing DOCX, ODT, Markdown and HTML into a chapter: conversion, refusals, web, CLI."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cbook.books import service as books
from cbook.books import trios
from cbook.books.models import Book, Chapter, Section
from cbook.cli import main
from cbook.editor import authority
from cbook.editor.documents import normalise_document
from cbook.errors import DomainError
from cbook.export.edition import ChapterText, EditionContent, EditionOptions, SectionText
from cbook.export.formats import get_format
from cbook.imports.images import ImageStore
from cbook.imports.sections import Imported
from cbook.imports.service import convert_file
from cbook.pandoc.run import run_pandoc
from tests.support import csrf_token, make_user, sign_in

Json = dict[str, Any]

SAMPLE = """---
title: Working Together
---

Before any heading: an *opening* paragraph.

## Barriers

Some **strong** words, `code`, a [safe link](https://example.org/x) and a
[bad one](javascript:alert(1)).

### Going deeper

- first
- second
    1. nested

| Who | What |
|-----|------|
| Ana | Leads |

## Enablers

> A quote worth keeping.

Closing text.
"""


def png(width: int = 2) -> bytes:
    """A small valid PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(width))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, width, 8, 2,
                                                                0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def made_with_pandoc(tmp_path: Path, fmt: str, markdown: str = SAMPLE) -> bytes:
    """A real file in ``fmt``, written by pandoc from Markdown."""
    output = tmp_path / f"made.{fmt}"
    run_pandoc(markdown, fmt, output, ["--standalone"], source_format="markdown",
               workdir=tmp_path)
    return output.read_bytes()


def stripped(node: Any) -> Any:
    """A document without block ids and tags, for comparing content."""
    if isinstance(node, dict):
        return {k: stripped(v) for k, v in node.items()
                if k not in ("id", "principles", "audiences", "colwidth")}
    if isinstance(node, list):
        return [stripped(child) for child in node]
    return node


def all_text(doc: Json) -> str:
    parts: list[str] = []
    stack = [doc]
    while stack:
        node = stack.pop(0)
        parts.append(str(node.get("text") or ""))
        stack[:0] = node.get("content") or []
    return "".join(parts)


def find(doc: Json, kind: str) -> list[Json]:
    found, stack = [], [doc]
    while stack:
        node = stack.pop()
        if node.get("type") == kind:
            found.append(node)
        stack.extend(node.get("content") or [])
    return found


def marked(doc: Json, mark: str) -> list[str]:
    return [n["text"] for n in find(doc, "text")
            if any(m["type"] == mark for m in n.get("marks") or [])]


def convert(tmp_path: Path, data: bytes, name: str) -> tuple[Imported, list[str]]:
    _fmt, imported, names = convert_file(data, name, ImageStore(tmp_path / "staged"))
    for section in imported.sections:
        assert normalise_document(section.doc) == section.doc  # schema-valid as it stands
    return imported, names


def check_sample(imported: Imported) -> None:
    assert [s.title for s in imported.sections] == ["Introduction", "Barriers", "Enablers"]
    intro, barriers, enablers = (s.doc for s in imported.sections)
    assert "opening" in marked(intro, "em")
    assert "strong" in marked(barriers, "strong")
    assert "code" in marked(barriers, "code")
    links = [m["attrs"]["href"] for n in find(barriers, "text") for m in n.get("marks") or []
             if m["type"] == "link"]
    assert links == ["https://example.org/x"]  # the javascript: link is gone...
    assert "bad one" in all_text(barriers)  # ...but not its words
    assert [h["attrs"]["level"] for h in find(barriers, "heading")] == [2]
    (bullets,) = find(barriers, "bullet_list")
    assert len(bullets["content"]) == 2 and find(bullets, "ordered_list")
    (table,) = find(barriers, "table")
    assert [c["type"] for c in table["content"][0]["content"]] == ["table_header"] * 2
    assert all_text(table) == "WhoWhatAnaLeads"
    assert find(enablers, "blockquote")
    ids = [n["attrs"]["id"] for s in imported.sections for n in find(s.doc, "paragraph")]
    assert all(ids) and len(set(ids)) == len(ids)


def test_markdown_splits_at_headings_and_keeps_structure(tmp_path: Path) -> None:
    imported, _ = convert(tmp_path, SAMPLE.encode(), "notes.md")
    assert imported.title == "Working Together"
    check_sample(imported)
    assert any("javascript" in note for note in imported.notes)


@pytest.mark.parametrize("fmt", ["docx", "odt", "html"])
def test_each_format_imports_the_same_structure(tmp_path: Path, fmt: str) -> None:
    imported, _ = convert(tmp_path, made_with_pandoc(tmp_path, fmt), f"notes.{fmt}")
    # Pandoc's ODT reader does not read the title metadata: the file name stands in.
    assert imported.title == ("notes" if fmt == "odt" else "Working Together")
    check_sample(imported)


def test_a_lone_top_heading_is_the_title_and_unsupported_content_is_kept_as_text(
        tmp_path: Path) -> None:
    markdown = ("# The Title\n\nText with a note.[^1] And $x^2$.\n\n"
                "```\nprint('hi')\n```\n\n<b>bold</b> <!-- hidden -->\n\n"
                "[^1]: The words of the note.\n")
    imported, _ = convert(tmp_path, markdown.encode(), "doc.md")
    assert imported.title == "The Title"
    (section,) = imported.sections
    assert section.title == "The Title"
    text = all_text(section.doc)
    assert "note.[1]" in text and "[1] The words of the note." in text
    assert "x^2" in text
    assert "print('hi')" in marked(section.doc, "code")
    assert "bold" in text and "hidden" not in text and "<b>" not in text
    assert any("Raw markup" in note for note in imported.notes)  # said, not hidden


def test_html_loses_scripts_and_raw_markup(tmp_path: Path) -> None:
    page = ("<!doctype html><html><head><title>Page</title><script>alert(1)</script></head>"
            "<body><h1>One</h1><p onclick='x()'>Hi <a href='javascript:evil()'>there</a>"
            "<img src='https://example.org/a.png' alt='Remote'></p>"
            "<h1>Two</h1><ul><li>a</li></ul><iframe src='https://evil.example'></iframe>"
            "</body></html>")
    imported, names = convert(tmp_path, page.encode(), "page.html")
    assert [s.title for s in imported.sections] == ["One", "Two"]
    first = imported.sections[0].doc
    assert "alert" not in str(imported.sections) and "evil" not in str(imported.sections)
    assert "there" in all_text(first)
    (image,) = find(first, "image")
    assert image["attrs"]["src"] == "https://example.org/a.png" and not names


def test_docx_images_become_uploads(tmp_path: Path) -> None:
    (tmp_path / "dot.png").write_bytes(png())
    data = made_with_pandoc(tmp_path, "docx",
                            "## Pictures\n\n![A red dot](dot.png)\n\nAfter.\n")
    imported, names = convert(tmp_path, data, "pictures.docx")
    (image,) = find(imported.sections[0].doc, "image")
    assert image["attrs"]["alt"] == "A red dot"
    (name,) = names
    assert image["attrs"]["src"] == f"/uploads/images/{name}"
    assert (tmp_path / "staged" / name).read_bytes().startswith(b"\x89PNG")


def varied_documents() -> list[Json]:
    def t(text: str, *marks: Any) -> Json:
        node: Json = {"type": "text", "text": text}
        if marks:
            node["marks"] = [m if isinstance(m, dict) else {"type": m} for m in marks]
        return node

    def p(*content: Json) -> Json:
        return {"type": "paragraph", "content": list(content)}

    def items(*texts: str) -> list[Json]:
        return [{"type": "list_item", "content": [p(t(x))]} for x in texts]

    link = {"type": "link", "attrs": {"href": "https://example.org/a", "title": None}}
    first = {"type": "doc", "content": [
        p(t("Plain, "), t("strong", "strong"), t(" and "), t("emphasis", "em"), t(", a "),
          t("link", link), t(" and "), t("code", "code"), t(".")),
        {"type": "heading", "attrs": {"level": 2}, "content": [t("A heading")]},
        p(t("Line one"), {"type": "hard_break"}, t("line two")),
        {"type": "callout", "attrs": {"kind": "barrier", "title": "Silos"},
         "content": [p(t("Teams do not talk.")), p(t("Second paragraph."))]},
        {"type": "callout", "attrs": {"kind": "enabler", "title": ""},
         "content": [p(t("Shared goals."))]},
        {"type": "heading", "attrs": {"level": 3}, "content": [t("Deeper")]},
        {"type": "bullet_list", "content": [
            {"type": "list_item", "content": [p(t("one")), {
                "type": "ordered_list", "attrs": {"order": 3}, "content": items("c", "d")}]},
            *items("two")]},
        {"type": "heading", "attrs": {"level": 4}, "content": [t("Deepest")]},
        {"type": "callout", "attrs": {"kind": "tool", "title": "Checklist"}, "content": [
            p(t("Steps:")), {"type": "bullet_list", "content": items("ask", "listen")}]},
    ]}
    second = {"type": "doc", "content": [
        {"type": "table", "content": [
            {"type": "table_row", "content": [
                {"type": "table_header", "content": [p(t("Who"))]},
                {"type": "table_header", "content": [p(t("What"))]}]},
            {"type": "table_row", "content": [
                {"type": "table_cell", "content": [p(t("Ana"))]},
                {"type": "table_cell", "content": [p(t("Leads"))]}]}]},
        {"type": "blockquote", "content": [p(t("A quote."))]},
        {"type": "horizontal_rule"},
        {"type": "ordered_list", "attrs": {"order": 1}, "content": items("first", "second")},
        p(t("bold link", link, "strong")),
    ]}
    return [first, second]


def test_docx_export_reimported_gives_the_same_document(tmp_path: Path) -> None:
    first, second = varied_documents()
    content = EditionContent(
        slug="book", title="The Book", subtitle="", description="", language="en",
        chapters=[ChapterText(1, "Chapter One", "", [SectionText(1, "First", first),
                                                     SectionText(2, "Second", second)])],
        principles=[])
    output = tmp_path / "book.docx"
    get_format("docx").write(content, EditionOptions(), output)
    imported, _ = convert(tmp_path, output.read_bytes(), "book.docx")
    assert imported.title == "Chapter One"
    assert [s.title for s in imported.sections] == ["First", "Second"]
    for section, original in zip(imported.sections, (first, second), strict=True):
        assert stripped(section.doc) == stripped(normalise_document(original))


def zip_bytes(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_bomb(megabytes: int = 300) -> bytes:
    """A DOCX-shaped zip whose document is ``megabytes`` of zeros (a few hundred KB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            block = bytes(1024 * 1024)
            for _ in range(megabytes):
                entry.write(block)
    return buffer.getvalue()


def refusals(tmp_path: Path) -> list[tuple[str, bytes, str]]:
    docx = made_with_pandoc(tmp_path, "docx")
    return [
        ("text.docx", b"Just some text pretending to be Word.", "not a DOCX"),
        ("truncated.docx", docx[: len(docx) // 2], "damaged or truncated"),
        ("bomb.docx", zip_bomb(), "unpack to more than 100.0 MB"),
        ("dense.docx", zip_bomb(20), "zip bomb"),
        ("huge.md", b"word " * (1024 * 1024 + 10), "at most"),
        ("latin1.md", "Caf\u00e9".encode("latin-1"), "not UTF-8"),
        ("empty.md", b"", "empty"),
        ("other.docx", zip_bytes({"a.txt": b"hello"}), "not a DOCX or ODT"),
        ("nul.md", b"text\x00more", "NUL"),
    ]


def test_bad_files_are_refused_with_a_clear_message(tmp_path: Path) -> None:
    for name, data, message in refusals(tmp_path):
        with pytest.raises(DomainError) as refused:
            convert_file(data, name, ImageStore(tmp_path / "staged"))
        assert message in refused.value.message, (name, refused.value.message)
    assert not list((tmp_path / "staged").glob("*"))


# --- The CLI --------------------------------------------------------------------------

@pytest.fixture
def import_book(session: Session) -> Book:
    admin = make_user(session, "admin", email="admin@import.example")
    created = books.create_book(session, admin, title="Import book", slug="import-book")
    session.commit()
    return created


def cbook(app: Flask, database_url: str, *args: str) -> Any:
    instance = str(app.config["CBOOK_SETTINGS"].instance)
    return CliRunner().invoke(main, [*args, "--instance", instance],
                              env={"CBOOK_DATABASE_URL": database_url})


def stored_nothing(app: Flask, session: Session) -> None:
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Chapter)) == 0
    assert session.scalar(select(func.count()).select_from(Section)) == 0
    instance = Path(app.config["CBOOK_SETTINGS"].instance)
    assert not list((instance / "uploads" / "images").glob("*"))
    assert not list((instance / "imports").glob("*"))


def test_cli_imports_a_docx_as_a_new_chapter(app: Flask, session: Session, import_book: Book,
                                             database_url: str, tmp_path: Path) -> None:
    (tmp_path / "dot.png").write_bytes(png())
    source = tmp_path / "notes.docx"
    source.write_bytes(made_with_pandoc(tmp_path, "docx", SAMPLE + "\n![Dot](dot.png)\n"))
    result = cbook(app, database_url, "import", str(source), "--book", "import-book",
                   "--chapter", "From Word")
    assert result.exit_code == 0, result.output
    assert "Created chapter 'From Word'" in result.output and "Barriers" in result.output
    session.expire_all()
    chapter = session.scalars(select(Chapter)).one()
    assert chapter.title == "From Word" and chapter.book_id == import_book.id
    assert [s.title for s in chapter.sections] == ["Introduction", "Barriers", "Enablers"]
    doc = authority.document_json(session, chapter.sections[2].document)
    (image,) = find(doc, "image")
    name = image["attrs"]["src"].removeprefix("/uploads/images/")
    instance = Path(app.config["CBOOK_SETTINGS"].instance)
    assert (instance / "uploads" / "images" / name).is_file()
    assert not list((instance / "imports").glob("*"))


def test_cli_refusals_store_nothing(app: Flask, session: Session, import_book: Book,
                                    database_url: str, tmp_path: Path) -> None:
    del import_book
    for name, data, message in refusals(tmp_path):
        source = tmp_path / name
        source.write_bytes(data)
        result = cbook(app, database_url, "import", str(source), "--book", "import-book")
        assert result.exit_code == 1, (name, result.output)
        assert message in result.output and "Traceback" not in result.output
        assert result.output.count("\n") == 1, result.output
        stored_nothing(app, session)
    missing = cbook(app, database_url, "import", str(tmp_path / "huge.md"), "--book", "nope")
    assert missing.exit_code == 1 and "Traceback" not in missing.output


# --- The web: upload, preview, save ----------------------------------------------------

def test_web_preview_then_save(app: Flask, client: FlaskClient, session: Session, import_book: Book,
                               tmp_path: Path) -> None:
    admin = make_user(session, "coordinator", email="coord@import.example")
    author = make_user(session, "author", email="author@import.example")
    trio = trios.create_trio(session, admin, name="Import trio")
    trios.set_trio_members(session, admin, trio, lead=author.email, members=[])
    session.commit()
    sign_in(client, author.email)
    page = client.get(f"/books/{import_book.slug}").get_data(as_text=True)
    assert f"/books/{import_book.slug}/import" in page
    (tmp_path / "dot.png").write_bytes(png())
    data = made_with_pandoc(tmp_path, "docx", SAMPLE + "\n![Dot](dot.png)\n")
    response = client.post(f"/books/{import_book.slug}/import", data={
        "csrf_token": csrf_token(client), "chapter": "", "title": "",
        "file": (io.BytesIO(data), "notes.docx")}, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    preview_url = response.headers["Location"]
    token = preview_url.split("/import/")[1].split("?")[0]
    preview = client.get(preview_url).get_data(as_text=True)
    assert "Working Together" in preview and "Barriers" in preview and "Leads" in preview
    assert "safe link" in preview and 'href="javascript' not in preview
    instance = Path(app.config["CBOOK_SETTINGS"].instance)
    assert not list((instance / "uploads" / "images").glob("*"))  # staged until saved

    # Someone else cannot confirm this preview.
    other = make_user(session, "editor", email="editor@import.example")
    intruder = app.test_client()
    sign_in(intruder, other.email)
    refused = intruder.post(f"/books/{import_book.slug}/import/{token}/save",
                            data={"csrf_token": csrf_token(intruder)})
    assert refused.status_code == 302 and refused.headers["Location"].endswith("/import")
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Chapter)) == 0

    saved = client.post(f"/books/{import_book.slug}/import/{token}/save",
                        data={"csrf_token": csrf_token(client)})
    assert saved.status_code == 302 and "/chapters/" in saved.headers["Location"]
    session.expire_all()
    chapter = session.scalars(select(Chapter)).one()
    assert chapter.title == "Working Together" and chapter.trio_id == trio.id
    assert [s.title for s in chapter.sections] == ["Introduction", "Barriers", "Enablers"]
    (image,) = find(authority.document_json(session, chapter.sections[2].document), "image")
    served = client.get(image["attrs"]["src"])
    assert served.status_code == 200 and served.mimetype == "image/png"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "immutable" in served.headers["Cache-Control"]
    served.close()
    assert not list((instance / "imports").glob("*"))
    again = client.post(f"/books/{import_book.slug}/import/{token}/save",
                        data={"csrf_token": csrf_token(client)})
    assert again.status_code == 302 and again.headers["Location"].endswith("/import")
    assert client.get("/uploads/images/..%2f..%2fsecret.png").status_code == 404
    assert client.get("/uploads/images/" + "a" * 32 + ".png").status_code == 404


def test_web_refusal_shows_the_reason_and_stores_nothing(
        app: Flask, client: FlaskClient, session: Session, import_book: Book) -> None:
    sign_in(client, "admin@import.example")
    response = client.post(f"/books/{import_book.slug}/import", data={
        "csrf_token": csrf_token(client), "chapter": "",
        "file": (io.BytesIO(b"not really word"), "fake.docx")},
        content_type="multipart/form-data")
    assert response.status_code == 200
    assert "not a DOCX document" in response.get_data(as_text=True)
    stored_nothing(app, session)
