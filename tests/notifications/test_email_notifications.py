"""Notifications by email: each person's choice per kind, mail at once or in a daily
digest, never twice, and one-click unsubscribe that needs no sign-in."""

from __future__ import annotations

import email
import email.policy
import re
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from cbook.accounts.models import User
from cbook.books import service as books
from cbook.books.models import Section
from cbook.books.trios import add_member, create_trio
from cbook.config import Settings
from cbook.db import session_scope
from cbook.mail.models import MailMessage
from cbook.mail.sender import deliver_due
from cbook.mail.transport import transport_for
from cbook.notifications.links import Links, unsubscribe_token
from cbook.notifications.mailer import mail_digests, mail_immediate
from cbook.notifications.models import Category
from cbook.notifications.service import choices_for, save_choices
from cbook.review.queries import section_place
from cbook.review.service.comments import add_comment
from cbook.roles import Role
from tests.review.helpers import paragraph
from tests.support import csrf_token, make_user, sign_in

ROOT = "https://book.example.org"
DOC = {"type": "doc", "content": [paragraph("p1", "Leaders meet the same barriers.")]}


def _links(app: Flask) -> Links:
    return Links(root=ROOT, secret=app.config["SECRET_KEY"])


def _world(session: Session) -> tuple[User, User, User, Section]:
    """An admin, a trio member (the section is theirs) and an outsider who comments."""
    admin = make_user(session, Role.ADMIN, "admin@test.example")
    member = make_user(session, Role.AUTHOR, "member@test.example", name="Mina Member")
    editor = make_user(session, Role.EDITOR, "editor@test.example", name="Eddie Editor")
    trio = create_trio(session, admin, name="Harbour")
    add_member(session, admin, trio, member)
    book = books.create_book(session, admin, title="Book")
    chapter = books.create_chapter(session, admin, book, title="Listening", trio=trio)
    section = books.create_section(session, admin, chapter, title="Hearing first", doc=DOC)
    session.commit()
    return admin, member, editor, section


def _comment(session: Session, actor: User, section: Section, body: str) -> int:
    place = section_place(session, actor, section.id)
    comment = add_comment(session, actor, place, body=body, from_=1, to=2,
                          version=place.document.version)
    session.commit()
    return comment.id


def _outbox(session: Session) -> list[MailMessage]:
    session.expire_all()
    return list(session.scalars(select(MailMessage).order_by(MailMessage.id)))


def test_a_mention_is_mailed_once_with_a_one_click_unsubscribe(
        app: Flask, session: Session) -> None:
    _, _member, editor, section = _world(session)
    _comment(session, editor, section, "What do you think, @Mina Member?")
    assert mail_immediate(session, _links(app)) == 1
    session.commit()
    assert mail_immediate(session, _links(app)) == 0  # already mailed: never twice
    [message] = _outbox(session)
    assert message.to_address == "member@test.example"
    assert "Eddie Editor mentioned you in Hearing first" in message.subject
    assert re.search(rf"{ROOT}/inbox/\d+", message.text_body)
    unsubscribe = message.headers["List-Unsubscribe"]
    assert unsubscribe.startswith(f"<{ROOT}/unsubscribe/")
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Stop these emails" in message.text_body


def test_the_mail_written_out_carries_the_headers(app: Flask, session: Session,
                                                  settings: Settings) -> None:
    _, _, editor, section = _world(session)
    _comment(session, editor, section, "@Mina Member see here")
    mail_immediate(session, _links(app))
    session.commit()
    deliver_due(app.extensions["cbook.sessions"], transport_for(settings), settings)
    [written] = list(Path(settings.instance, "mail").glob("*.eml"))
    parsed = email.message_from_bytes(written.read_bytes(), policy=email.policy.default)
    assert str(parsed["List-Unsubscribe"]).strip().startswith(f"<{ROOT}/unsubscribe/")
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert parsed.get_body(preferencelist=("html",)) is not None


def test_two_senders_at_once_mail_each_entry_once(app: Flask, session: Session) -> None:
    _, _, editor, section = _world(session)
    for n in range(5):
        _comment(session, editor, section, f"@Mina Member point {n}")
    factory: sessionmaker[Session] = app.extensions["cbook.sessions"]
    queued: list[int] = []

    def run() -> None:
        with session_scope(factory) as own:
            queued.append(mail_immediate(own, _links(app)))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(queued) == 5
    assert len(_outbox(session)) == 5


def test_never_means_no_mail_and_the_inbox_still_has_it(
        app: Flask, client: FlaskClient, session: Session) -> None:
    _, member, editor, section = _world(session)
    save_choices(session, member, {"mention": "none"})
    session.commit()
    _comment(session, editor, section, "@Mina Member hello")
    assert mail_immediate(session, _links(app)) == 0
    assert _outbox(session) == []
    sign_in(client, "member@test.example")
    assert "mentioned you" in client.get("/inbox").get_data(as_text=True)


def test_an_entry_read_on_the_site_first_is_not_mailed(
        app: Flask, client: FlaskClient, session: Session) -> None:
    _, _, editor, section = _world(session)
    _comment(session, editor, section, "@Mina Member hello")
    sign_in(client, "member@test.example")
    client.post("/inbox", data={"csrf_token": csrf_token(client)})  # Mark all read
    assert mail_immediate(session, _links(app)) == 0


def test_the_digest_groups_by_section_and_waits_for_its_hour(
        app: Flask, session: Session) -> None:
    admin, _member, editor, section = _world(session)
    other = books.create_section(session, admin, section.chapter, title="Second thoughts",
                                 doc=DOC)
    session.commit()
    # New threads on the trio's sections: "comments on my sections", a digest by default.
    first = _comment(session, editor, section, "A first remark")
    _comment(session, editor, other, "Another remark")
    _comment(session, editor, section, "And one more")
    assert mail_immediate(session, _links(app)) == 0
    early = datetime.now(UTC).replace(hour=6, minute=0)
    assert mail_digests(session, _links(app), hour=7, now=early) == 0
    late = datetime.now(UTC) + timedelta(days=1)
    assert mail_digests(session, _links(app), hour=0, now=late) == 1
    session.commit()
    [digest] = _outbox(session)
    assert digest.to_address == "member@test.example"
    assert "3 things" in digest.subject
    text = digest.text_body
    assert text.index("Listening: Hearing first") < text.index("Listening: Second thoughts")
    assert text.count("commented on Hearing first") == 2
    assert "A first remark" in text and first  # the comment itself, quoted
    assert mail_digests(session, _links(app), hour=0, now=late, force=True) == 0


def test_choices_page_shows_defaults_and_saves(client: FlaskClient, session: Session) -> None:
    _, member, _, _ = _world(session)
    sign_in(client, "member@test.example")
    page = client.get("/account/notifications").get_data(as_text=True)
    checked = set(re.findall(r'<input checked id="[^"]+" name="([a-z_]+)" type="radio" '
                             r'value="([a-z]+)"', page))
    assert checked == {("review_requested", "immediate"), ("verdict", "immediate"),
                       ("merge", "digest"), ("reply", "immediate"), ("mention", "immediate"),
                       ("my_sections", "digest")}
    answer = client.post("/account/notifications", data={
        "csrf_token": csrf_token(client), "review_requested": "digest", "verdict": "immediate",
        "merge": "none", "reply": "immediate", "mention": "none", "my_sections": "digest"},
        follow_redirects=True)
    assert "Saved: you will be emailed as you chose." in answer.get_data(as_text=True)
    session.expire_all()
    chosen = choices_for(session, member.id)
    assert chosen[Category.REVIEW_REQUESTED] == "digest" and chosen[Category.MENTION] == "none"
    bad = client.post("/account/notifications", data={
        "csrf_token": csrf_token(client), "review_requested": "hourly", "verdict": "immediate",
        "merge": "none", "reply": "immediate", "mention": "none", "my_sections": "digest"})
    assert bad.status_code == 200 and "Not a valid choice" in bad.get_data(as_text=True)
    session.expire_all()
    assert choices_for(session, member.id)[Category.REVIEW_REQUESTED] == "digest"


def test_unsubscribe_asks_first_then_stops_only_that_kind(
        app: Flask, client: FlaskClient, session: Session) -> None:
    _, member, _, _ = _world(session)
    token = unsubscribe_token(app.config["SECRET_KEY"], member.id, Category.MENTION)
    page = client.get(f"/unsubscribe/{token}")
    assert page.status_code == 200 and "Stop these emails?" in page.get_data(as_text=True)
    assert "m…@test.example" in page.get_data(as_text=True)
    session.expire_all()
    assert choices_for(session, member.id)[Category.MENTION] == "immediate"  # GET changes nothing
    # A mail client's RFC 8058 one-click POST: no session, no CSRF token.
    done = client.post(f"/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "Stopped" in done.get_data(as_text=True)
    session.expire_all()
    chosen = choices_for(session, member.id)
    assert chosen[Category.MENTION] == "none" and chosen[Category.REPLY] == "immediate"


def test_a_tampered_unsubscribe_link_changes_nothing(
        app: Flask, client: FlaskClient, session: Session) -> None:
    _, member, _, _ = _world(session)
    token = unsubscribe_token(app.config["SECRET_KEY"], member.id, Category.MENTION)
    forged = unsubscribe_token("another secret", member.id, Category.REPLY)
    for bad in (token[:-2] + "xx", forged, "nonsense"):
        answer = client.post(f"/unsubscribe/{bad}")
        assert answer.status_code == 404
        assert "This link does not work" in answer.get_data(as_text=True)
    session.expire_all()
    assert choices_for(session, member.id)[Category.REPLY] == "immediate"
    assert session.scalar(select(func.count()).select_from(MailMessage)) == 0
