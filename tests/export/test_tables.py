"""Tables round-trip: imported from every format as tables, shown as real tables to
readers, and kept as tables by every edition (re-importing one gives the same table)."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from cbook.books import service as books
from cbook.books.models import Book, Section
from cbook.editor.render import render_html
from cbook.imports.service import ImageStore, convert_file
from cbook.pandoc.run import pandoc_path
from cbook.roles import Role
from tests.export.helpers import export, poppler
from tests.support import make_user

SOURCE = """# Who does what

## Roles

Before the table.

| Who   | What    |
|-------|---------|
| Ana   | Leads   |
| Tomas | Listens |

After the table.
"""
EXPECTED = [[("th", "Who"), ("th", "What")], [("td", "Ana"), ("td", "Leads")],
            [("td", "Tomas"), ("td", "Listens")]]
Json = dict[str, Any]


def words(node: Json) -> str:
    if node.get("type") == "text":
        return str(node.get("text"))
    return " ".join(words(child) for child in node.get("content") or []).strip()


def grid(doc: Json) -> list[list[tuple[str, str]]]:
    """The one table in ``doc`` as rows of (th|td, text)."""
    tables = [node for node in doc.get("content") or [] if node["type"] == "table"]
    assert len(tables) == 1, [node["type"] for node in doc.get("content") or []]
    return [[("th" if cell["type"] == "table_header" else "td", words(cell))
             for cell in row["content"]] for row in tables[0]["content"]]


def html_rows(html: str) -> list[list[tuple[str, str]]]:
    """The rows of the first HTML table in ``html`` as (th|td, text)."""
    table = html[html.index("<table"):html.index("</table>")]
    return [[(kind, " ".join(re.sub(r"<[^>]+>", " ", inner).split()))
             for kind, inner in re.findall(r"<(th|td)\b[^>]*>(.*?)</\1>", row, re.S)]
            for row in re.findall(r"<tr\b[^>]*>(.*?)</tr>", table, re.S)]


def imported_doc(data: bytes, name: str, tmp_path: Path) -> Json:
    _fmt, imported, _names = convert_file(data, name, ImageStore(tmp_path / "staged"))
    (section,) = [s for s in imported.sections if any(
        n["type"] == "table" for n in s.doc["content"])]
    return section.doc


def pandoc_convert(markdown: str, to: str, tmp_path: Path) -> bytes:
    output = tmp_path / f"source.{to}"
    subprocess.run([pandoc_path(), "--from=markdown", f"--to={to}", "-o", str(output)],
                   input=markdown.encode(), check=True, timeout=60)
    return output.read_bytes()


@pytest.mark.parametrize("fmt", ["md", "grid", "html", "docx", "odt"])
def test_tables_import_as_tables_from_every_format(fmt: str, tmp_path: Path) -> None:
    if fmt == "md":
        data, name = SOURCE.encode(), "roles.md"
    elif fmt == "grid":
        data = SOURCE.replace(SOURCE[SOURCE.index("| Who"):SOURCE.index("\nAfter")], (
            "+-------+---------+\n| Who   | What    |\n+=======+=========+\n"
            "| Ana   | Leads   |\n+-------+---------+\n| Tomas | Listens |\n"
            "+-------+---------+\n")).encode()
        name = "roles.md"
    else:
        data, name = pandoc_convert(SOURCE, fmt, tmp_path), f"roles.{fmt}"
    doc = imported_doc(data, name, tmp_path)
    assert grid(doc) == EXPECTED
    kinds = [node["type"] for node in doc["content"]]
    assert kinds == ["paragraph", "table", "paragraph"]  # not a paragraph per cell


def test_reader_pages_show_a_table_with_column_headers() -> None:
    doc = {"type": "doc", "content": [{"type": "table", "attrs": {"id": "t1"}, "content": [
        {"type": "table_row", "content": [
            {"type": "table_header", "content": [{"type": "paragraph", "content": [
                {"type": "text", "text": "Who"}]}]},
            {"type": "table_header", "attrs": {"colspan": 2}, "content": [
                {"type": "paragraph", "content": [{"type": "text", "text": "<What>"}]}]}]},
        {"type": "table_row", "content": [
            {"type": "table_header", "content": [{"type": "paragraph", "content": [
                {"type": "text", "text": "Ana"}]}]},
            {"type": "table_cell", "attrs": {"colspan": "2 onclick=x"}, "content": [
                {"type": "paragraph", "content": [{"type": "text", "text": "Leads"}]}]}]}]}]}
    html = str(render_html(doc))
    assert html.startswith('<table id="b-t1"><thead><tr><th scope="col"><p>Who</p></th>'
                           '<th scope="col" colspan="2"><p>&lt;What&gt;</p></th></tr></thead>')
    # A header cell in a body row heads its row; a hostile span is dropped.
    assert '<tbody><tr><th scope="row"><p>Ana</p></th><td><p>Leads</p></td></tr></tbody>' in html
    assert "onclick" not in html


def edition(session: Session, book: Book, fmt: str, tmp_path: Path) -> Path:
    folder = tmp_path / fmt
    folder.mkdir()
    return export(session, book, fmt, folder)


@pytest.fixture
def table_book(session: Session, tmp_path: Path) -> tuple[Book, Section]:
    admin = make_user(session, Role.ADMIN)
    book = books.create_book(session, admin, title="Tables")
    chapter = books.create_chapter(session, admin, book, title="Who does what")
    section = books.create_section(session, admin, chapter, title="Roles",
                                   doc=imported_doc(SOURCE.encode(), "roles.md", tmp_path))
    session.flush()
    books.publish_section(session, admin, section)
    session.commit()
    return book, section


def test_an_imported_table_survives_the_reader_page_and_every_edition(
        client: FlaskClient, session: Session, table_book: tuple[Book, Section],
        tmp_path: Path) -> None:
    book, section = table_book
    page = client.get(f"/sections/{section.id}").get_data(as_text=True)
    assert re.search(r'<th[^>]* scope="col"><p[^>]*>Who</p></th>', page)
    assert re.search(r"<td[^>]*><p[^>]*>Tomas</p></td>", page)

    # Word and Markdown editions read back in give the very same table.
    docx = edition(session, book, "docx", tmp_path)
    assert grid(imported_doc(docx.read_bytes(), "back.docx", tmp_path)) == EXPECTED
    with zipfile.ZipFile(edition(session, book, "markdown", tmp_path)) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith("roles.md")]
        markdown = archive.read(name)
    assert grid(imported_doc(markdown, "back.md", tmp_path)) == EXPECTED

    # EPUB, the web edition and the blog carry an HTML table with its header row.
    for fmt in ("epub", "web", "blog"):
        with zipfile.ZipFile(edition(session, book, fmt, tmp_path)) as archive:
            html = "".join(archive.read(n).decode() for n in archive.namelist()
                           if n.endswith((".xhtml", ".html", ".md")) and "Tomas" in
                           archive.read(n).decode())
        assert html_rows(html) == EXPECTED, fmt

    # The PDF prints the table row by row.
    pdf = edition(session, book, "pdf", tmp_path)
    lines = [" ".join(line.split()) for line in
             poppler("pdftotext", "-layout", str(pdf), "-").splitlines()]
    assert "Who What" in lines and "Ana Leads" in lines and "Tomas Listens" in lines
