"""A cohort invited at once from a CSV file (columns ``email,role,trio``): read, plan, send.

The file is read into rows and each row checked exactly as a single invitation would be
(``service.clean_request``), so the preview says per row what will happen or what is
wrong, and confirming sends the rows that were fine and nothing else.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.books.models import Trio
from cbook.errors import DomainError, InvalidInput, TooLarge
from cbook.invitations.queries import find_trio
from cbook.invitations.service import LinkFor, Sent, clean_request, invite, one_line

MAX_BYTES = 256 * 1024
MAX_ROWS = 500
COLUMNS = ("email", "role", "trio")


@dataclass(frozen=True)
class PlannedRow:
    """One line of the file: what it asks, and either what will happen or what is wrong."""

    line: int
    email: str
    role: str
    trio: str
    error: str | None = None
    has_account: bool = False

    @property
    def ok(self) -> bool:
        """Whether confirming will send this row's invitation."""
        return self.error is None


def read_rows(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """The file's rows as ``(line, {email, role, trio})``, or ``InvalidInput`` saying why not."""
    if len(data) > MAX_BYTES:
        raise TooLarge(f"the file is larger than {MAX_BYTES // 1024} KB: split the cohort")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("the file is not UTF-8 text: save it as CSV (UTF-8)") from None
    if "\x00" in text:
        raise InvalidInput("the file is not a CSV file")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise InvalidInput("the file is empty")
        names = [cell.strip().lower() for cell in header]
        if "email" not in names or "role" not in names:
            raise InvalidInput("the first line must name the columns: email,role,trio")
        rows: list[tuple[int, dict[str, str]]] = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise TooLarge(f"the file has more than {MAX_ROWS} people: split the cohort")
            values = dict(zip(names, cells, strict=False))
            rows.append((reader.line_num,
                         {column: values.get(column, "").strip() for column in COLUMNS}))
    except csv.Error as error:
        raise InvalidInput(f"the file is not valid CSV (line {reader.line_num}): {error}") from None
    if not rows:
        raise InvalidInput("the file names nobody: add a line per person under the header")
    return rows


def _trio_of(session: Session, slug: str, trios: dict[str, Trio | None]) -> Trio | None:
    if slug not in trios:
        trios[slug] = find_trio(session, slug)
    found = trios[slug]
    if found is None:
        raise InvalidInput(f"there is no trio {one_line(slug)[:80]!r}")
    return found


def plan(session: Session, actor: User | None, data: bytes) -> list[PlannedRow]:
    """Check every row as an invitation, without writing anything."""
    planned: list[PlannedRow] = []
    seen: set[str] = set()
    trios: dict[str, Trio | None] = {}
    for line, row in read_rows(data):
        email, role, trio_slug = (one_line(row[column])[:254] for column in COLUMNS)
        try:
            trio = _trio_of(session, row["trio"], trios) if row["trio"] else None
            cleaned = clean_request(session, actor, row["email"], row["role"].lower(), trio)
            if cleaned.email in seen:
                raise InvalidInput(f"{cleaned.email} is on an earlier line already")
            seen.add(cleaned.email)
        except DomainError as error:  # a refused row is reported, not raised
            planned.append(PlannedRow(line, email, role, trio_slug, error=error.message))
            continue
        planned.append(PlannedRow(line, email, role, trio_slug, has_account=cleaned.has_account))
    return planned


def send(session: Session, actor: User | None, data: bytes, link_for: LinkFor, *,
         language: str | None = None) -> list[Sent]:
    """Invite everyone on the rows ``plan`` found fine; the others are left out."""
    sent: list[Sent] = []
    trios: dict[str, Trio | None] = {}
    for row in plan(session, actor, data):
        if row.ok:
            trio = _trio_of(session, row.trio, trios) if row.trio else None
            sent.append(invite(session, actor, row.email, row.role.lower(), trio, link_for,
                               language=language))
    return sent
