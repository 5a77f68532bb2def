"""Loading the demo Culture Book, its people and trios into a fresh database."""

from __future__ import annotations

import copy
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.accounts.service import create_user
from cbook.books import service as books
from cbook.books import trios
from cbook.books.models import Book, Trio
from cbook.demo.content import AUDIENCES, BOOK, PRINCIPLES, STAFF_USERS, TRIO_USERS, TRIOS
from cbook.demo.files import start_handouts
from cbook.demo.library import RESOURCES
from cbook.demo.people import TRANSLATOR_USERS
from cbook.demo.prose import CITE_PREFIX
from cbook.demo.review import load_review_demo
from cbook.demo.translations import load_translations
from cbook.errors import Unprocessable
from cbook.library import service as library
from cbook.library.files import FileStore
from cbook.library.models import Resource
from cbook.principles import service as tagging
from cbook.roles import Role, SectionStatus


@dataclass(frozen=True)
class DemoLogin:
    """A demo account and the password it was given."""

    email: str
    role: str
    password: str


def load_demo(session: Session, password: str | None = None,
              files: FileStore | None = None) -> list[DemoLogin]:
    """Create the demo book, principles, audiences, trios, library and one user per role,
    and a start on its Urdu and Polish translations with their translators.

    Each account gets a fresh random password unless ``password`` is given (tests), so
    a demo instance exposed by mistake has no well-known logins. With ``files`` (the
    instance's library store) the library's guides, worksheet and checklist are made
    into PDF and DOCX files and attached.
    """
    if session.scalar(select(func.count()).select_from(Book).where(Book.slug == BOOK["slug"])):
        raise Unprocessable("the demo book is already loaded")
    # Converting takes child processes, not the database: let it run meanwhile.
    handouts = start_handouts() if files is not None else None
    try:
        logins, resources = _load(session, password)
        if handouts is not None and files is not None:
            handouts.attach(session, _coordinator(session), resources, files)
    finally:
        if handouts is not None:
            handouts.close()
    return logins


def _load(session: Session, password: str | None
          ) -> tuple[list[DemoLogin], dict[str, Resource]]:
    logins = []
    for person in [*STAFF_USERS, *TRIO_USERS, *TRANSLATOR_USERS]:
        secret = password or secrets.token_urlsafe(12)
        existing = session.scalar(select(User).where(User.email == person["email"]))
        if existing is None:
            create_user(session, person["email"], Role(person["role"]), name=person["name"],
                        password=secret)
            logins.append(DemoLogin(person["email"], person["role"], secret))
    admin = session.scalar(select(User).where(User.email == STAFF_USERS[0]["email"]))
    if admin is None or admin.role != Role.ADMIN:
        raise Unprocessable(f"{STAFF_USERS[0]['email']} exists but is not an admin")

    for principle in PRINCIPLES:
        tagging.create_principle(session, admin, **principle)
    for audience in AUDIENCES:
        tagging.create_audience(session, admin, **audience)
    trio_by_slug: dict[str, Trio] = {}
    for trio_data in TRIOS:
        trio = trios.create_trio(session, admin, name=trio_data["name"], slug=trio_data["slug"],
                                 description=trio_data["description"])
        trios.set_trio_members(session, admin, trio, lead=trio_data["lead"],
                               members=trio_data["members"])
        trio_by_slug[trio_data["slug"]] = trio

    # The library first, so that the book can cite it.
    resources = load_library(session)
    cited = {key: resource.id for key, resource in resources.items()}
    book = books.create_book(session, admin, title=BOOK["title"], slug=BOOK["slug"],
                             subtitle=BOOK["subtitle"], language=BOOK["language"],
                             description=BOOK["description"])
    for chapter_data in BOOK["chapters"]:
        chapter = books.create_chapter(
            session, admin, book, title=chapter_data["title"], summary=chapter_data["summary"],
            trio=trio_by_slug[chapter_data["trio"]] if chapter_data["trio"] else None)
        for data in chapter_data["sections"]:
            section = books.create_section(session, admin, chapter, title=data["title"],
                                           doc=with_citations(data["doc"], cited))
            books.update_section(session, admin, section, principles=data["principles"],
                                 audiences=data["audiences"])
            if data["status"] == "published":
                books.publish_section(session, admin, section)
            else:
                books.update_section(session, admin, section, status=SectionStatus(data["status"]))
    load_review_demo(session, book)
    load_translations(session, book, lambda doc: with_citations(doc, cited))
    return logins, resources


def _coordinator(session: Session) -> User | None:
    email = next(user["email"] for user in STAFF_USERS if user["role"] == "coordinator")
    return session.scalar(select(User).where(User.email == email))


def load_library(session: Session) -> dict[str, Resource]:
    """Add the demo library's resources, as added by the demo coordinator; by key."""
    coordinator = _coordinator(session)
    added: dict[str, Resource] = {}
    for data in RESOURCES:
        fields: dict[str, Any] = {name: value for name, value in data.items() if name != "key"}
        added[data["key"]] = library.add_resource(session, coordinator, **fields)
    return added


def with_citations(doc: dict[str, Any], ids: dict[str, int]) -> dict[str, Any]:
    """A copy of a demo document whose citations name resources by id instead of key."""
    result = copy.deepcopy(doc)
    stack = [result]
    while stack:
        node = stack.pop()
        if node.get("type") == "resource_ref":
            key = str(node["attrs"]["resource"]).removeprefix(CITE_PREFIX)
            if key not in ids:
                raise Unprocessable(f"the demo book cites an unknown resource {key!r}")
            node["attrs"]["resource"] = ids[key]
        stack.extend(child for child in node.get("content") or [] if isinstance(child, dict))
    return result
