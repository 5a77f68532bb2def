"""A cohort by CSV: a preview of every line (with its problem, if any), then the invitations."""

from __future__ import annotations

import io
import re

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cbook.invitations.cohort import MAX_BYTES, MAX_ROWS
from cbook.invitations.models import Invitation
from tests.invitations.conftest import Cohort
from tests.invitations.helpers import mails_to
from tests.support import csrf_token, make_user, sign_in


def upload(client: FlaskClient, data: bytes, name: str = "cohort.csv"):  # type: ignore[no-untyped-def]
    return client.post("/invitations/cohort", data={
        "file": (io.BytesIO(data), name), "csrf_token": csrf_token(client)})


def outcomes(page: str) -> list[tuple[str, str]]:
    """(email, outcome) per previewed row: "ok", or the problem it shows."""
    found = []
    for ok, body in re.findall(r'<tr data-testid="cohort-row" data-ok="(yes|no)">(.*?)</tr>',
                               page, re.S):
        email = re.search(r"<th[^>]*>(.*?)</th>", body, re.S)
        assert email is not None
        last_cell = re.sub(r"<[^>]+>", "", body.rsplit("<td", 1)[1].split(">", 1)[1])
        found.append((email.group(1).strip(), "ok" if ok == "yes" else last_cell.strip()))
    return found


def invitations(session: Session) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(Invitation)) or 0)


def test_preview_then_confirm_invites_the_good_lines_only(
        client: FlaskClient, session: Session, cohort: Cohort) -> None:
    make_user(session, "reader", "known@test.example")
    sign_in(client, cohort.coordinator.email)
    csv = (f"Email,Role,Trio\r\n"
           f"amina@test.example,author,{cohort.trio_slug}\r\n"
           f"known@test.example,author,{cohort.trio_slug}\r\n"
           f"jon@test.example,Reader,\r\n"
           f"boss@test.example,admin,\r\n"
           f"nowhere@test.example,author,no-such-trio\r\n"
           f"not-an-address,author,\r\n"
           f"amina@test.example,editor,\r\n"
           f"\r\n").encode()
    preview = upload(client, csv)
    assert preview.status_code == 200
    page = preview.get_data(as_text=True)
    found = outcomes(page)
    assert [email for email, _ in found] == [
        "amina@test.example", "known@test.example", "jon@test.example", "boss@test.example",
        "nowhere@test.example", "not-an-address", "amina@test.example"]
    said = [outcome for _, outcome in found]
    assert said[0] == said[1] == said[2] == "ok"
    assert "sign in" in page  # the known address is told to sign in, not given a 2nd account
    assert "not allowed" in said[3]
    assert "there is no trio &#39;no-such-trio&#39;" in said[4]
    assert "email address" in said[5]
    assert "on an earlier line" in said[6]
    assert "3 of 7 lines will be invited." in page
    assert invitations(session) == 0  # a preview writes nothing
    assert mails_to(session, "amina@test.example") == []

    text = re.search(r'name="csv_text" type="hidden" value="([^"]*)"', page)
    assert text is not None
    done = client.post("/invitations/cohort", data={
        "csv_text": text.group(1).replace("&#13;", "\r").replace("&#10;", "\n"),
        "csrf_token": csrf_token(client)}, follow_redirects=True)
    assert "Sent 3 invitations." in done.get_data(as_text=True)
    assert invitations(session) == 3
    assert len(mails_to(session, "amina@test.example")) == 1
    assert mails_to(session, "boss@test.example") == []


def test_a_file_that_is_not_csv_or_too_big_is_refused_plainly(
        client: FlaskClient, session: Session, cohort: Cohort) -> None:
    sign_in(client, cohort.admin.email)
    cases = {
        b"\xff\xfe\x00b\x00a\x00d": "not UTF-8",
        b"%PDF-1.4 \x00\x01\x02": "not a CSV file",
        b"name,phone\nAmina,123\n": "must name the columns",
        b"": "Choose a CSV file",
        b"email,role\n": "names nobody",
        b'email,role\n"unterminated,author\n' + b"x" * 10: "not valid CSV",
        b"email,role\n" + b"a@test.example,author\n" * (MAX_BYTES // 20): "larger than",
        b"email,role\n" + b"".join(f"p{i}@t.example,author\n".encode()
                                   for i in range(MAX_ROWS + 1)): "more than",
    }
    for data, says in cases.items():
        response = upload(client, data)
        assert response.status_code == 400, says
        assert says in response.get_data(as_text=True), says
    assert invitations(session) == 0


def test_a_lead_may_preview_but_only_invite_authors_into_their_trio(
        client: FlaskClient, session: Session, cohort: Cohort) -> None:
    sign_in(client, cohort.lead.email)
    page = upload(client, (f"email,role,trio\nmine@test.example,author,{cohort.trio_slug}\n"
                           f"theirs@test.example,author,{cohort.other_trio_slug}\n"
                           f"boss@test.example,editor,{cohort.trio_slug}\n").encode())
    found = dict(outcomes(page.get_data(as_text=True)))
    assert found["mine@test.example"] == "ok"
    assert "not allowed" in found["theirs@test.example"]
    assert "not allowed" in found["boss@test.example"]
