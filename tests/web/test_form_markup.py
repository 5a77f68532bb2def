"""Form fields tell assistive technology the truth about their state."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from tests.support import csrf_token


def _email_input(page: str) -> str:
    match = re.search(r'<input[^>]*name="email"[^>]*>', page)
    assert match, "the sign-in page has an email field"
    return match.group(0)


def test_a_field_without_an_error_is_not_announced_as_invalid(client: FlaskClient) -> None:
    field = _email_input(client.get("/login").get_data(as_text=True))
    # A screen reader reads any aria-invalid value but "false" (even "None") as invalid.
    assert "aria-invalid" not in field
    assert 'aria-describedby=""' not in field


def test_a_field_with_an_error_is_invalid_and_points_at_its_message(
        client: FlaskClient) -> None:
    page = client.post("/login", data={"email": "", "password": "x",
                                       "csrf_token": csrf_token(client)}).get_data(as_text=True)
    field = _email_input(page)
    assert 'aria-invalid="true"' in field
    described = re.search(r'aria-describedby="([^"]+)"', field)
    assert described and f'id="{described.group(1)}"' in page
