"""Composing mail: both parts from one template, and headers nobody can split."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy

import pytest

from cbook.errors import InvalidInput
from cbook.mail.compose import compose, html_to_text, message_id, to_mime


def _wire(message: object, sender: str = "Culture Book <books@example.org>") -> bytes:
    m = message
    return to_mime(sender=sender, to_address=m.to_address, to_name=m.to_name,  # type: ignore[attr-defined]
                   subject=m.subject, text=m.text, html=m.html,  # type: ignore[attr-defined]
                   headers=m.headers, message_id="<x@example.org>",  # type: ignore[attr-defined]
                   date=datetime(2026, 12, 3, tzinfo=UTC))


def test_one_template_gives_a_text_part_and_an_html_part_that_say_the_same() -> None:
    message = compose("test_message", to="ann@example.org", to_name="Ann Ó Súilleabháin",
                      context={"site_url": "https://book.example.org/"})
    parsed = message_from_bytes(_wire(message), policy=policy.default)
    assert parsed.get_content_type() == "multipart/alternative"
    text = parsed.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = parsed.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "Hello Ann Ó Súilleabháin," in text and "Hello Ann Ó Súilleabháin," in html
    assert "Open Culture Book <https://book.example.org/>" in text
    assert '<a href="https://book.example.org/">Open Culture Book</a>' in html
    assert "<p>" not in text
    assert parsed["Subject"] == "Culture Book can send you mail"
    assert parsed["To"].addresses[0].display_name == "Ann Ó Súilleabháin"
    assert parsed["From"].addresses[0].addr_spec == "books@example.org"


def test_names_are_escaped_in_the_html_part() -> None:
    message = compose("test_message", to="ann@example.org", to_name="<script>x</script>")
    assert "<script>" not in message.html
    assert "&lt;script&gt;" in message.html


@pytest.mark.parametrize(("field", "value"), [
    ("to_name", "Ann\r\nBcc: victim@example.org"),
    ("to_name", "Ann\nX-Evil: 1"),
    ("to", "ann@example.org\r\nBcc: victim@example.org"),
    ("to", "ann@example.org\x00"),
    ("to", "a" * 250 + "@example.org"),
    ("to", "not an address"),
    ("to", "ann@@example.org"),
    ("to", "ann\udce9@example.org"),  # not UTF-8: a lone surrogate from surrogateescape
    ("to", "ann@exa mple.org"),
    ("to_name", "x" * 201),
])
def test_header_injection_and_bad_addresses_are_refused(field: str, value: str) -> None:
    arguments = {"to": "ann@example.org", "to_name": "Ann", field: value}
    with pytest.raises(InvalidInput):
        compose("test_message", **arguments)


def test_only_known_extra_headers_are_allowed_and_checked() -> None:
    with pytest.raises(InvalidInput):
        compose("test_message", to="ann@example.org", headers={"Bcc": "victim@example.org"})
    with pytest.raises(InvalidInput):
        compose("test_message", to="ann@example.org",
                headers={"List-Unsubscribe": "<https://x/u>\r\nBcc: victim@example.org"})
    message = compose("test_message", to="ann@example.org",
                      headers={"List-Unsubscribe": "<https://book.example.org/u/abc>"})
    parsed = message_from_bytes(_wire(message), policy=policy.default)
    assert parsed["List-Unsubscribe"] == "<https://book.example.org/u/abc>"


def test_an_international_domain_is_sent_in_its_ascii_form() -> None:
    message = compose("test_message", to="ann@bücher.example")
    assert message.to_address == "ann@xn--bcher-kva.example"


def test_a_bad_sender_setting_is_refused() -> None:
    message = compose("test_message", to="ann@example.org")
    with pytest.raises(InvalidInput):
        _wire(message, sender="Books\r\nBcc: x@example.org <books@example.org>")


def test_the_message_id_is_stable_per_row() -> None:
    created = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    first = message_id(7, created, "Books <books@example.org>")
    assert first == message_id(7, created, "Books <books@example.org>")
    assert first.endswith("@example.org>") and first != message_id(8, created, "b@example.org")


def test_text_reading_of_lists_and_breaks() -> None:
    assert html_to_text("<p>One<br>two</p><ul><li>a</li><li><a href='u'>b</a></li></ul>") == (
        "One\n\ntwo\n\n- a\n\n- b <u>\n")


def test_a_long_subject_in_any_script_survives_the_wire() -> None:
    message = compose("test_message", to="ann@example.org")
    subject = "Écoutez: نقطة البداية " * 10
    raw = to_mime(sender="Books <books@example.org>", to_address=message.to_address,
                  to_name="", subject=subject, text=message.text, html=message.html,
                  headers={}, message_id="<x@example.org>", date=datetime(2026, 12, 3, tzinfo=UTC))
    assert all(len(line) <= 998 and line.isascii() for line in raw.split(b"\r\n"))
    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed["Subject"] == " ".join(subject.split())
