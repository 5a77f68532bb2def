"""The library as CSV: export everything, import checked row by row, all or nothing.

Lists (principles, audiences, tags) are separated by semicolons inside their cell. A row
with an ``id`` that exists updates that resource; any other row adds one. If any row is
wrong, :class:`CsvRefused` lists every problem with its line number, and as it undoes the
caller's unit of work, nothing is stored.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.errors import DomainError, InvalidInput, Unprocessable
from cbook.library import queries, service
from cbook.library.models import Resource
from cbook.policy import Action, require

COLUMNS = ("id", "kind", "title", "url", "authors", "year", "summary", "principles",
           "audiences", "tags")
LIST_COLUMNS = ("principles", "audiences", "tags")
MAX_ROWS = 5_000


@dataclass
class ImportReport:
    """What an import did."""

    added: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)


class CsvRefused(Unprocessable):
    """Some rows (or the file itself) are wrong: ``errors`` says each problem and where."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("the CSV has problems, so nothing was stored", extra={"errors": errors})
        self.errors = errors


def export_csv(resources: Sequence[Resource]) -> str:
    """Every resource as a CSV text with a header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in resources:
        writer.writerow([
            r.id, r.kind, r.title, r.url, r.authors, "" if r.year is None else r.year,
            r.summary, "; ".join(p.slug for p in r.principles),
            "; ".join(a.slug for a in r.audiences), "; ".join(sorted(t.tag for t in r.tags)),
        ])
    return out.getvalue()


def _row_fields(row: dict[str, str]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for column, value in row.items():
        if column == "id" or value is None:
            continue
        value = value.strip()
        if column in LIST_COLUMNS:
            fields[column] = [part.strip() for part in value.split(";") if part.strip()]
        elif column == "year":
            if value and not value.isdigit():
                raise InvalidInput("year must be a number")
            fields[column] = int(value) if value else None
        else:
            fields[column] = value
    return fields


def import_csv(session: Session, actor: User | None, text: str) -> ImportReport:
    """Add or update resources from CSV text; CsvRefused if any row is wrong.

    Rows are added to the session as they are checked; the refusal, raised once every row
    has been checked, rolls the caller's transaction back, so nothing is stored unless
    every row is right.
    """
    require(actor, Action.EDIT_LIBRARY)
    try:
        report = _import_rows(session, actor, csv.DictReader(io.StringIO(text)))
    except csv.Error as error:  # a NUL byte, an oversized cell, a stray quote...
        line = getattr(error, "line_num", None)
        report = ImportReport(errors=[f"this is not a CSV file we can read: {error}"
                                      + (f" (near line {line})" if line else "")])
    if report.errors:
        raise CsvRefused(report.errors)
    return report


def _import_rows(session: Session, actor: User | None, reader: csv.DictReader[str]
                 ) -> ImportReport:
    header = reader.fieldnames or []
    unknown = [name for name in header if name not in COLUMNS]
    missing = [name for name in ("kind", "title") if name not in header]
    if unknown or missing:
        problems = ([f"unknown columns: {', '.join(unknown)}"] if unknown else []) + (
            [f"missing columns: {', '.join(missing)}"] if missing else [])
        return ImportReport(errors=[f"line 1: {'; '.join(problems)} (columns are: "
                                    f"{', '.join(COLUMNS)})"])
    report = ImportReport()
    for number, row in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            report.errors.append(f"more than {MAX_ROWS} rows; split the file")
            break
        if None in row:
            report.errors.append(f"line {number}: more cells than columns")
            continue
        try:
            fields = _row_fields(row)
            existing = row.get("id", "").strip()
            if existing:
                if not existing.isdigit():
                    raise InvalidInput("id must be a number (or empty for a new resource)")
                service.update_resource(session, actor,
                                        queries.get_resource(session, int(existing)),
                                        **fields)
                report.updated += 1
            else:
                service.add_resource(session, actor, **fields)
                report.added += 1
        except DomainError as error:
            # Every row is checked, so that one refusal lists every problem at once.
            report.errors.append(f"line {number}: {error.message}")
    return report
