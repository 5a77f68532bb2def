"""Building mail: one template gives the HTML part and the plain-text part, headers checked.

A template (``templates/mail/NAME.html``) sets ``subject`` and writes the body in plain
HTML (paragraphs, links, lists, emphasis); the HTML part is that body in
``mail/_layout.html``, the text part the same body turned into text here, so the two can
never say different things. Every value that reaches a header (address, name, subject,
extra headers) is refused if it holds a line break or another control character: a
header can never be split into two by what a user typed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from email.charset import QP, Charset
from email.header import Header
from email.headerregistry import Address
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import format_datetime, formataddr
from functools import cache
from html.parser import HTMLParser
from typing import Any

import jinja2
from babel.dates import format_date
from babel.support import NullTranslations, Translations
from markupsafe import Markup

from cbook.errors import InvalidInput
from cbook.languages import DEFAULT, direction_of, shipped
from cbook.resources import PACKAGE_DIR, resource_dir

MAX_ADDRESS = 254  # RFC 5321's limit on a forward path
MAX_NAME = 200
MAX_SUBJECT = 300
MAX_BODY = 512 * 1024  # a message is a notice, not a document
# Extra headers a caller may set (all others are ours to write, or nobody's).
EXTRA_HEADERS = frozenset({"List-Unsubscribe", "List-Unsubscribe-Post", "Reply-To"})
_LOCAL_PART = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$")
_DOMAIN_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")


@dataclass(frozen=True)
class Message:
    """A checked message to one recipient, ready for ``service.enqueue``."""

    kind: str
    to_address: str
    subject: str
    text: str
    html: str
    to_name: str = ""
    headers: dict[str, str] = field(default_factory=dict)


def _refuse_controls(value: str, what: str) -> None:
    # Cc and Cf cover CR, LF, NUL, tabs, DEL, bidi overrides; Cs catches lone surrogates
    # (bytes that were not UTF-8, smuggled in by surrogateescape).
    if any(unicodedata.category(ch) in ("Cc", "Cs") or ch in "\u2028\u2029" for ch in value):
        raise InvalidInput(f"{what} must not contain line breaks or control characters")


def clean_text(value: Any, what: str, limit: int) -> str:
    """A header's text (a name, a subject): one line, no control characters, not too long."""
    if not isinstance(value, str):
        raise InvalidInput(f"{what} must be text")
    _refuse_controls(value, what)
    line = " ".join(value.split())
    if len(line) > limit:
        raise InvalidInput(f"{what} must be at most {limit} characters")
    return line


def clean_address(value: Any) -> str:
    """An email address fit for an envelope and a To header, or ``InvalidInput``.

    The local part must be ASCII (most servers do not speak SMTPUTF8); an international
    domain is written in its ASCII (IDNA) form.
    """
    if not isinstance(value, str):
        raise InvalidInput("the email address must be text")
    _refuse_controls(value, "the email address")
    value = value.strip()
    if len(value) > MAX_ADDRESS:
        raise InvalidInput(f"the email address must be at most {MAX_ADDRESS} characters")
    local, at, domain = value.rpartition("@")
    if not at or not _LOCAL_PART.match(local) or local.startswith(".") or ".." in local:
        raise InvalidInput(f"{value!r} is not an email address")
    try:
        ascii_domain = domain.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise InvalidInput(f"{value!r} is not an email address") from None
    if not all(_DOMAIN_LABEL.match(label) for label in ascii_domain.split(".")):
        raise InvalidInput(f"{value!r} is not an email address")
    address = f"{local}@{ascii_domain}"
    if len(address) > MAX_ADDRESS:
        raise InvalidInput(f"the email address must be at most {MAX_ADDRESS} characters")
    return address


def clean_headers(headers: dict[str, str] | None) -> dict[str, str]:
    """The extra headers a caller asked for, checked (only ``EXTRA_HEADERS``)."""
    cleaned: dict[str, str] = {}
    for name, value in (headers or {}).items():
        if name not in EXTRA_HEADERS:
            raise InvalidInput(f"the header {name!r} cannot be set on a message")
        cleaned[name] = clean_text(value, f"the {name} header", 2000)
    return cleaned


@cache
def _environment(language: str) -> jinja2.Environment:
    """The mail templates speaking ``language`` (a shipped code): the interface's own
    catalogs, so a message reads as the pages its recipient sees."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resource_dir("templates"))),
        autoescape=True, undefined=jinja2.StrictUndefined, extensions=["jinja2.ext.i18n"],
        trim_blocks=True, lstrip_blocks=True)
    translations: NullTranslations = NullTranslations()
    if language != DEFAULT:
        translations = Translations.load(str(PACKAGE_DIR / "translations"), [language])
    environment.install_gettext_translations(  # type: ignore[attr-defined]
        translations, newstyle=True)
    environment.globals.update(
        # Mail clients ignore logical CSS properties: inline styles name the side.
        language=language, direction=direction_of(language),
        start="right" if direction_of(language) == "rtl" else "left",
        format_date=lambda day, style="long": format_date(day, style, locale=language))
    return environment


def compose(template: str, *, to: str, context: dict[str, Any] | None = None,
            kind: str | None = None, to_name: str = "",
            headers: dict[str, str] | None = None, language: str | None = None) -> Message:
    """Render ``templates/mail/TEMPLATE.html`` for one recipient into a checked message,
    in ``language`` (the recipient's; English when it is none we ship)."""
    environment = _environment(shipped(language) or DEFAULT)
    values = {**(context or {}), "recipient_name": to_name}
    module = environment.get_template(f"mail/{template}.html").make_module(values)
    subject = getattr(module, "subject", None)
    if not subject:
        raise ValueError(f"mail/{template}.html must set a subject")
    body = str(module)
    html = environment.get_template("mail/_layout.html").render(
        subject=subject, body=Markup(body))  # noqa: S704 - rendered, escaped
    text = html_to_text(body)
    if len(html) + len(text) > MAX_BODY:
        raise InvalidInput("the message is too long")
    return Message(kind=clean_text(kind or template, "the kind", 40), to_address=clean_address(to),
                   subject=clean_text(str(subject), "the subject", MAX_SUBJECT), text=text,
                   html=html, to_name=clean_text(to_name, "the name", MAX_NAME),
                   headers=clean_headers(headers))


class _TextWriter(HTMLParser):
    """The plain-text reading of a small HTML body: paragraphs, lists, links with address."""

    BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "ul", "ol", "blockquote",
                        "table", "tr", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.line: list[str] = []
        self.links: list[str | None] = []
        self.link_text: list[str] = []

    def _end_line(self) -> None:
        line = " ".join("".join(self.line).split())
        if line:
            self.paragraphs.append(line)
        self.line = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self._end_line()
        elif tag == "li":
            self._end_line()
            self.line.append("- ")
        elif tag == "br":
            self._end_line()
        elif tag == "a":
            self.links.append(dict(attrs).get("href"))
            self.link_text.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS or tag == "li":
            self._end_line()
        elif tag == "a" and self.links:
            href, text = self.links.pop(), self.link_text.pop()
            if href and " ".join(text.split()) != href:
                self.line.append(f" <{href}>")

    def handle_data(self, data: str) -> None:
        self.line.append(data)
        if self.link_text:
            self.link_text[-1] += data

    def text(self) -> str:
        self._end_line()
        return "\n\n".join(self.paragraphs) + "\n"


def html_to_text(html: str) -> str:
    """The text part for an HTML body (links written out as ``words <address>``)."""
    writer = _TextWriter()
    writer.feed(html)
    writer.close()
    return writer.text()


def message_id(row_id: int, created_at: datetime, sender: str) -> str:
    """The Message-ID of an outbox row: the same on every attempt, so a receiver that sees
    a message twice (after a crash between sending and marking it sent) can tell."""
    domain = Address(addr_spec=sender_address(sender)).domain or "localhost"
    return f"<cbook-mail-{row_id}-{int(created_at.timestamp())}@{domain}>"


def sender_address(sender: str) -> str:
    """The bare address of ``CBOOK_MAIL_FROM`` (``Name <a@b>`` or ``a@b``)."""
    _name, address = parse_sender(sender)
    return address


def parse_sender(sender: str) -> tuple[str, str]:
    """``CBOOK_MAIL_FROM`` split into display name and checked address."""
    sender = clean_text(sender, "CBOOK_MAIL_FROM", MAX_NAME + MAX_ADDRESS)
    match = re.fullmatch(r"\s*(?:\"?([^\"<]*?)\"?\s*<([^<>]+)>|([^<>\s]+))\s*", sender)
    if match is None:
        raise InvalidInput(f"CBOOK_MAIL_FROM {sender!r} is not 'Name <address>' or 'address'")
    name, bracketed, bare = match.groups()
    return (name or "").strip(), clean_address(bracketed or bare)


def to_mime(*, sender: str, to_address: str, to_name: str, subject: str, text: str,
            html: str, headers: dict[str, Any], message_id: str, date: datetime) -> bytes:
    """The wire form of a message: multipart/alternative, text first, then HTML.

    Built with the classic (compat32) classes: several times faster than
    ``EmailMessage`` at the sender's rate, and safe here because every value was checked
    for line breaks above; non-ASCII names and subjects become RFC 2047 encoded words.
    """
    from_name, from_address = parse_sender(sender)
    mime = MIMEMultipart("alternative")
    mime["From"] = formataddr((from_name, from_address), charset="utf-8")
    mime["To"] = formataddr((clean_text(to_name, "the name", MAX_NAME),
                             clean_address(to_address)), charset="utf-8")
    subject = clean_text(subject, "the subject", MAX_SUBJECT)
    if subject.isascii():
        mime["Subject"] = subject
    else:
        mime["Subject"] = Header(subject, "utf-8")  # type: ignore[assignment]  # compat32 folds it
    mime["Date"] = format_datetime(date)
    mime["Message-ID"] = message_id
    for name, value in clean_headers(headers).items():
        mime[name] = value
    mime.attach(_part(text, "plain"))
    mime.attach(_part(html, "html"))
    return mime.as_bytes(policy=_WIRE)


_WIRE = compat32.clone(linesep="\r\n")  # SMTP's line ends, in .eml files too
_UTF8_QP = Charset("utf-8")
_UTF8_QP.body_encoding = QP  # readable in a raw .eml, and 7-bit safe for every server


def _part(body: str, subtype: str) -> MIMEText:
    part = MIMEText("", subtype, None)
    del part["Content-Transfer-Encoding"]
    part.set_payload(body, _UTF8_QP)
    return part
