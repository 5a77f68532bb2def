"""The library world the API and CSV tests share: tags to file under, people with tokens."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from cbook.principles import service as tagging
from cbook.roles import Role
from tests.support import api_token, make_user


class Library:
    """An admin's principle and audience, two authors and an editor, and the library API."""

    def __init__(self, client: FlaskClient, session: Session) -> None:
        self.client = client
        admin = make_user(session, Role.ADMIN)
        tagging.create_principle(session, admin, title="Real work", statement="S.",
                                 slug="real-work")
        tagging.create_audience(session, admin, name="Boards", slug="boards")
        session.commit()
        self.author = api_token(session, make_user(session, Role.AUTHOR))
        self.editor = api_token(session, make_user(session, Role.EDITOR))
        self.other = api_token(session, make_user(session, Role.AUTHOR, "other@test.example"))

    def add(self, who: dict[str, str] | None = None, **body: Any) -> Any:
        """Add a resource over the API (as the first author unless ``who`` is given)."""
        return self.client.post("/api/v1/resources", json=body, headers=who or self.author)

    def titles(self, query: str = "") -> list[str]:
        """The titles the resource list shows for ``query``."""
        return [r["title"] for r in self.client.get(f"/api/v1/resources{query}").get_json()]
