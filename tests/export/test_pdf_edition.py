"""The PDF is a book: a title page that says who it is for and who wrote it, no blank
page, a principles index with page numbers and each entry once, appendices that flow."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from cbook.books import service as books
from cbook.books import trios
from cbook.library import service as library
from cbook.principles import service as principles
from cbook.roles import Role
from tests.export.helpers import export, poppler
from tests.support import make_user


def tagged(block_id: str, words: str, *principle: str) -> dict[str, Any]:
    return {"type": "paragraph", "attrs": {"id": block_id, "principles": list(principle)},
            "content": [{"type": "text", "text": words}]}


def pages(path: Path) -> list[str]:
    return poppler("pdftotext", "-layout", str(path), "-").split("\f")


def test_an_audience_pdf_is_a_book_with_a_title_page_and_a_paged_index(
        session: Session, tmp_path: Path) -> None:
    admin = make_user(session, Role.ADMIN)
    writer = make_user(session, Role.AUTHOR, name="Grace Mensah")
    trust = principles.create_principle(session, admin, title="Trust", statement="We trust.")
    principles.create_audience(session, admin, name="Board members")
    trio = trios.create_trio(session, admin, name="North trio")
    trios.add_member(session, admin, trio, writer, lead=True)
    book = books.create_book(session, admin, title="Small Book", subtitle="For trying out")
    chapter = books.create_chapter(session, admin, book, title="Chapter one", trio=trio)
    # Two passages of one section carry the principle: the index names the section once.
    first = books.create_section(session, admin, chapter, title="Opening", doc={
        "type": "doc", "content": [tagged("a", "Trust first.", trust.slug),
                                   tagged("b", "Trust again.", trust.slug)]})
    later = books.create_chapter(session, admin, book, title="Chapter two")
    report = library.add_resource(session, admin, title="A short report", kind="report")
    cited = tagged("c", "Trust at the end, as ", trust.slug)
    cited["content"].append({"type": "resource_ref",
                             "attrs": {"resource": report.id, "title": report.title}})
    second = books.create_section(session, admin, later, title="Closing", doc={
        "type": "doc", "content": [cited]})
    session.flush()
    for section in (first, second):
        books.publish_section(session, admin, section)
    session.commit()

    printed = pages(export(session, book, "pdf", tmp_path, audience="board-members"))
    title_page = " ".join(printed[0].split())
    assert "Small Book" in title_page and "For trying out" in title_page
    assert "An edition for board members" in title_page
    assert "Contributors" in title_page and "Grace Mensah" in title_page
    assert re.search(r"Edition of \d{1,2} [A-Z][a-z]+ \d{4}", title_page)
    assert "Contents" in printed[1]  # no blank page 2
    assert all(page.strip() for page in printed[:-1]), "a blank page"

    index_page = next(i for i, page in enumerate(printed) if "Principles index" in page
                      and "Contents" not in page)
    index = printed[index_page][printed[index_page].index("Principles index"):]
    entries = [" ".join(line.split()) for line in index.splitlines()
               if line.strip().startswith("•")]
    found = [re.fullmatch(r"• (.+?) [. ]+ (\d+)", entry) for entry in entries]
    assert all(found), entries
    listed = [(m.group(1), int(m.group(2))) for m in found if m]
    assert [name for name, _page in listed] == ["Chapter one: Opening", "Chapter two: Closing"]
    # The appendices flow: one short list of resources does not take a page to itself.
    assert "Resources cited" in printed[index_page] and "A short report" in printed[index_page]
    # Each entry's number is the page its section is printed on.
    for name, number in listed:
        title = name.split(": ")[1]
        assert title in printed[number - 1] and "Contents" not in printed[number - 1]
