"""Export jobs: request one, claim it, build it (or find it built), and recover from crashes.

Files live in ``<instance>/exports/`` named by the fingerprint of what they were built
from (content, options, format), so an unchanged edition is served from there at once. A
writer moves a finished file into place only when complete; a job whose runner vanished
(its heartbeat stopped) is marked failed rather than left "running" for ever.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from cbook.accounts.models import User
from cbook.audit.models import AuditAction
from cbook.audit.service import record
from cbook.books.models import Book
from cbook.db import session_scope, utcnow
from cbook.errors import DomainError, InvalidInput, NotFound
from cbook.export.covers import cover_path
from cbook.export.edition import EditionOptions, gather
from cbook.export.formats import get_format
from cbook.export.models import ExportJob, JobStatus
from cbook.export.translated import UNTRANSLATED_CHOICES
from cbook.policy import Action, require
from cbook.principles.models import Audience

log = logging.getLogger(__name__)
STALE_AFTER = timedelta(seconds=90)  # no heartbeat for this long: the runner is gone
PAPERS = ("a4", "a5")


def exports_folder(instance: Path) -> Path:
    """Where finished edition files are kept."""
    return instance / "exports"


def clean_options(raw: Any) -> dict[str, Any]:
    """Edition options from user input, checked; unknown keys are refused, not ignored."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise InvalidInput("options must be an object")
    cleaned: dict[str, Any] = {}
    for key, value in raw.items():
        if key in ("title_page", "resources_appendix", "principles_index", "drafts"):
            if not isinstance(value, bool):
                raise InvalidInput(f"option {key} must be true or false")
            cleaned[key] = value
        elif key == "cover":
            if not isinstance(value, bool):
                raise InvalidInput("option cover must be true or false")
            cleaned[key] = value
        elif key == "contents_depth":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3:
                raise InvalidInput("option contents_depth must be 0 (none) to 3")
            cleaned[key] = value
        elif key == "paper":
            if value not in PAPERS:
                raise InvalidInput("option paper must be a4 or a5")
            cleaned[key] = value
        elif key == "untranslated":
            if value not in UNTRANSLATED_CHOICES:
                raise InvalidInput("option untranslated must be source (show them in the "
                                   "source language, with a notice) or omit")
            cleaned[key] = value
        elif key in BLOG_OPTIONS:
            cleaned[key] = _blog_option(key, value)
        else:
            raise InvalidInput(f"unknown option {key!r}")
    return cleaned


BLOG_OPTIONS = ("blog_unit", "blog_start", "blog_interval_days", "site_url")
_BOOK = ("drafts", "resources_appendix", "principles_index", "untranslated")
# The options each format's writer reads; the others are checked, then dropped, so they
# cannot split an edition's cache (a paper size means nothing to an EPUB).
FORMAT_OPTIONS: dict[str, tuple[str, ...]] = {
    "epub": (*_BOOK, "contents_depth", "title_page", "cover"),
    "pdf": (*_BOOK, "contents_depth", "title_page", "cover", "paper"),
    "docx": (*_BOOK, "contents_depth"),
    "markdown": _BOOK,
    "web": (*_BOOK, "contents_depth"),
    "blog": ("drafts", "untranslated", *BLOG_OPTIONS),
}
# Options that mean something only for a translation, dropped for other books.
TRANSLATION_OPTIONS = ("untranslated",)
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _blog_option(key: str, value: Any) -> Any:
    """One option of the blog series (site_url serves the web edition too), checked."""
    if key == "blog_unit":
        if value not in ("chapter", "section"):
            raise InvalidInput("option blog_unit must be chapter or section")
        return value
    if key == "blog_interval_days":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 365:
            raise InvalidInput("option blog_interval_days must be a whole number from 1 to 365")
        return value
    if not isinstance(value, str):
        raise InvalidInput(f"option {key} must be text")
    if key == "blog_start":
        if not value:
            return datetime.now(UTC).date().isoformat()  # stored, so the edition is fixed
        try:
            day = date.fromisoformat(value) if _ISO_DAY.match(value) else None
        except ValueError:
            day = None
        if day is None or not 1970 <= day.year <= 2999:
            raise InvalidInput("option blog_start must be a date written YYYY-MM-DD "
                               "(1970 to 2999), or empty for today")
        return value
    # site_url: where the web edition will be published.
    if not value:
        return ""
    refused = InvalidInput("option site_url must be an http:// or https:// address "
                           "(no spaces, credentials, query or fragment), or empty")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - a port that is not a number raises ValueError
    except ValueError as error:
        raise refused from error
    if (len(value) > 500 or parts.scheme not in ("http", "https") or not parts.hostname
            or "@" in parts.netloc or parts.query or parts.fragment
            or any(ch.isspace() or ch in "\"'<>\\`" or ord(ch) < 32 for ch in value)):
        raise refused
    return value.rstrip("/")


def request_export(session: Session, actor: User | None, book: Book, fmt: Any,
                   audience: Any = None, options: Any = None) -> ExportJob:
    """Queue an edition; checks the format, audience and options before anything is stored."""
    require(actor, Action.EXPORT_BOOK, book)
    if not isinstance(fmt, str):
        raise InvalidInput("format must be text")
    get_format(fmt)
    if audience is not None and (not isinstance(audience, str) or session.scalar(
            select(Audience.id).where(Audience.slug == audience)) is None):
        raise InvalidInput(f"no audience with slug {audience!r}")
    cleaned = clean_options(options)
    if fmt == "blog":
        cleaned.setdefault("blog_start", datetime.now(UTC).date().isoformat())
    kept = FORMAT_OPTIONS.get(fmt, ())
    if not book.is_translation:
        kept = tuple(k for k in kept if k not in TRANSLATION_OPTIONS)
    cleaned = {k: v for k, v in cleaned.items() if k in kept}
    job = ExportJob(book_id=book.id, format=fmt, audience=audience, options=cleaned,
                    requested_by_id=actor.id if actor else None)
    session.add(job)
    session.flush()
    record(session, AuditAction.EXPORT_REQUESTED, actor=actor, target_kind="book",
           target_id=book.id, target_label=book.title,
           details={"export": job.id, "format": fmt, "audience": audience,
                    "options": cleaned})
    return job


def get_job(session: Session, job_id: int) -> ExportJob:
    """A job by id, or NotFound."""
    job = session.get(ExportJob, job_id)
    if job is None:
        raise NotFound("no such export")
    return job


def recent_jobs(session: Session, book: Book, limit: int = 20) -> list[ExportJob]:
    """The book's latest jobs, newest first."""
    return list(session.scalars(select(ExportJob).where(ExportJob.book_id == book.id)
                                .order_by(ExportJob.id.desc()).limit(limit)))


def claim_next(session: Session) -> int | None:
    """Take the oldest queued job for this runner (one runner wins it); its id or None.

    The caller commits (the runner's session scope), so the claim is held from then on.
    """
    candidate = session.scalar(select(ExportJob.id).where(ExportJob.status == JobStatus.QUEUED)
                               .order_by(ExportJob.id).limit(1))
    if candidate is None:
        return None
    now = utcnow()
    claimed = session.execute(
        update(ExportJob).where(ExportJob.id == candidate,
                                ExportJob.status == JobStatus.QUEUED)
        .values(status=JobStatus.RUNNING, started_at=now, heartbeat_at=now,
                step="starting", progress=0.05)
    )
    session.flush()
    return candidate if claimed.rowcount else None  # type: ignore[attr-defined]


def fail_stale(session: Session, now: datetime | None = None) -> int:
    """Mark running jobs whose runner stopped beating as failed (the caller commits)."""
    limit = (now or utcnow()) - STALE_AFTER
    failed = session.execute(
        update(ExportJob).where(ExportJob.status == JobStatus.RUNNING,
                                ExportJob.heartbeat_at < limit)
        .values(status=JobStatus.FAILED, finished_at=utcnow(),
                error="the export stopped unexpectedly (the server restarted?); try again")
    )
    session.flush()
    return int(failed.rowcount)  # type: ignore[attr-defined]


def sweep_partials(instance: Path, now: datetime | None = None) -> int:
    """Delete half-written files a killed export left (never under a real name)."""
    folder = exports_folder(instance)
    if not folder.is_dir():
        return 0
    limit = ((now or utcnow()) - STALE_AFTER).timestamp()
    removed = 0
    for partial in folder.glob(".*.part"):
        try:
            if partial.stat().st_mtime < limit:
                partial.unlink()
                removed += 1
        except FileNotFoundError:
            continue  # another process swept it first
    return removed


def _report(factory: sessionmaker[Session], job_id: int, step: str, progress: float,
            **values: Any) -> None:
    # Its own unit of work: the progress is seen at once, whatever the job does next.
    with session_scope(factory) as session:
        session.execute(update(ExportJob).where(ExportJob.id == job_id).values(
            step=step[:200], progress=progress, heartbeat_at=utcnow(), **values))


def run_job(factory: sessionmaker[Session], instance: Path, job_id: int,
            on_step: Callable[[str, float], None] | None = None) -> None:
    """Build a claimed job's file (or find it already built) and record the outcome."""
    def step(text: str, progress: float, **values: Any) -> None:
        _report(factory, job_id, text, progress, **values)
        if on_step is not None:
            on_step(text, progress)

    try:
        with factory() as session:
            job = get_job(session, job_id)
            options = EditionOptions(audience=job.audience, **job.options)
            chosen = get_format(job.format)
            step("reading the book", 0.15)
            content = gather(session, job.book, options, cover_path(instance, job.book))
        if not content.chapters:
            raise InvalidInput("nothing to export: no published section for this audience")
        fingerprint = content.fingerprint(options, chosen.name)
        target = exports_folder(instance) / f"{fingerprint}{chosen.suffix}"
        cached = target.exists()
        if not cached:
            step(f"writing {chosen.name} ({content.word_count:,} words)", 0.4,
                 fingerprint=fingerprint)
            chosen.write(content, options, target)
        step("done", 1.0, status=JobStatus.DONE, finished_at=utcnow(),
             fingerprint=fingerprint, file_name=target.name, size=target.stat().st_size,
             from_cache=cached)
    except DomainError as error:
        step("failed", 1.0, status=JobStatus.FAILED, finished_at=utcnow(),
             error=error.message)
    except Exception as error:  # a job must end failed with a reason, never stay running
        log.exception("export job %s failed", job_id)
        step("failed", 1.0, status=JobStatus.FAILED, finished_at=utcnow(),
             error=f"the export failed unexpectedly ({error.__class__.__name__})")


def download_name(job: ExportJob) -> str:
    """A friendly file name: book slug, audience, draft marker, the format's suffix."""
    parts = [job.book.slug]
    if job.format in ("web", "blog"):
        parts.append(job.format)  # both zips, like markdown: say which is which
    if job.audience:
        parts.append(job.audience)
    if job.drafts:
        parts.append("draft-preview")
    return "-".join(parts) + get_format(job.format).suffix
