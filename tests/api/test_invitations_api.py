"""The invitations API: POST /invitations -> 201 {id, email, role, expires_at}; GET; DELETE."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.books import trios
from cbook.invitations.models import Invitation
from cbook.roles import Role
from tests.support import api_token, make_user


def test_send_list_and_withdraw(client: FlaskClient, session: Session) -> None:
    admin = make_user(session, Role.ADMIN, "admin@test.example")
    trio = trios.create_trio(session, admin, name="Harbour trio")
    session.commit()
    headers = api_token(session, admin)
    response = client.post("/api/v1/invitations", headers=headers,
                           json={"email": "Amina@Test.example", "role": "author",
                                 "trio": trio.slug})
    assert response.status_code == 201
    body = response.get_json()
    assert list(body) == ["id", "email", "role", "expires_at"]
    assert body["email"] == "amina@test.example" and body["role"] == "author"
    expires = datetime.fromisoformat(body["expires_at"])
    assert timedelta(days=6, hours=23) < expires - datetime.now(expires.tzinfo) <= timedelta(days=7)
    assert "token" not in response.get_data(as_text=True)

    listed = client.get("/api/v1/invitations", headers=headers)
    assert listed.status_code == 200 and listed.get_json() == [body]
    assert client.delete(f"/api/v1/invitations/{body['id']}", headers=headers).status_code == 204
    assert client.get("/api/v1/invitations", headers=headers).get_json() == []
    assert client.delete(f"/api/v1/invitations/{body['id']}", headers=headers).status_code == 204
    assert client.delete("/api/v1/invitations/999999", headers=headers).status_code == 404
    invitation = session.scalar(select(Invitation))
    assert invitation is not None and invitation.revoked_at is not None


def test_refusals_are_json_4xx(client: FlaskClient, session: Session) -> None:
    coordinator = make_user(session, Role.COORDINATOR, "coord@test.example")
    reader = make_user(session, Role.READER, "reader@test.example")
    headers = api_token(session, coordinator)
    post = lambda body, h=headers: client.post("/api/v1/invitations", headers=h,  # noqa: E731
                                               json=body)
    assert post({"email": "x@test.example", "role": "admin"}).status_code == 403
    assert post({"email": "x@test.example", "role": "author"}, api_token(session, reader)
                ).status_code == 403
    assert post({"email": "x@test.example", "role": "author"}, {}).status_code == 401
    assert post({"email": "x@test.example", "role": "wizard"}).status_code == 400
    assert post({"email": "x@test.example", "role": "author", "trio": "nope"}).status_code == 422
    assert post({"email": "x" * 2000, "role": "author"}).status_code == 422
    assert post({"email": "x@test.example\r\nBcc: y@test.example", "role": "author"}
                ).status_code in (400, 422)
    assert post({"role": "author"}).status_code == 422
    assert post({"email": "x@test.example", "role": "author"}).status_code == 201
    assert post({"email": "x@test.example", "role": "author"}).status_code == 409
