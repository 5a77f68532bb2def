"""Loading the demo Culture Book, its people and trios into a fresh database."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.accounts.service import create_user
from cbook.books import service as books
from cbook.books import trios
from cbook.books.models import Book, Trio
from cbook.demo.content import AUDIENCES, BOOK, PRINCIPLES, STAFF_USERS, TRIO_USERS, TRIOS
from cbook.demo.library import RESOURCES
from cbook.demo.review import load_review_demo
from cbook.errors import Unprocessable
from cbook.library import service as library
from cbook.principles import service as tagging
from cbook.roles import Role, SectionStatus


@dataclass(frozen=True)
class DemoLogin:
    """A demo account and the password it was given."""

    email: str
    role: str
    password: str


def load_demo(session: Session, password: str | None = None) -> list[DemoLogin]:
    """Create the demo book, principles, audiences, trios, library and one user per role.

    Each account gets a fresh random password unless ``password`` is given (tests), so
    a demo instance exposed by mistake has no well-known logins.
    """
    if session.scalar(select(func.count()).select_from(Book).where(Book.slug == BOOK["slug"])):
        raise Unprocessable("the demo book is already loaded")
    logins = []
    for person in [*STAFF_USERS, *TRIO_USERS]:
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

    book = books.create_book(session, admin, title=BOOK["title"], slug=BOOK["slug"],
                             subtitle=BOOK["subtitle"], language=BOOK["language"],
                             description=BOOK["description"])
    for chapter_data in BOOK["chapters"]:
        chapter = books.create_chapter(
            session, admin, book, title=chapter_data["title"], summary=chapter_data["summary"],
            trio=trio_by_slug[chapter_data["trio"]] if chapter_data["trio"] else None)
        for data in chapter_data["sections"]:
            section = books.create_section(session, admin, chapter, title=data["title"],
                                           doc=data["doc"])
            books.update_section(session, admin, section, principles=data["principles"],
                                 audiences=data["audiences"])
            if data["status"] == "published":
                books.publish_section(session, admin, section)
            else:
                books.update_section(session, admin, section, status=SectionStatus(data["status"]))
    load_review_demo(session, book)
    load_library(session)
    return logins


def load_library(session: Session) -> None:
    """Add the demo library's resources, as added by the demo coordinator."""
    email = next(user["email"] for user in STAFF_USERS if user["role"] == "coordinator")
    coordinator = session.scalar(select(User).where(User.email == email))
    for resource in RESOURCES:
        library.add_resource(session, coordinator, **resource)
