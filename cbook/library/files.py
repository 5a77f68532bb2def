"""Files attached to library resources: checked by their content, stored under random names.

Nothing here knows about HTTP: callers hand over a binary stream and the name the user
gave it. A file is written to a temporary file beside its final place, its type is judged
from its bytes (never from its name or a client's content type), and only then is it moved
into place under a random name. Deleting stored bytes waits for the database commit, so a
failed commit never loses a file; a file written for a transaction that does not commit is
removed when that transaction ends.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import secrets
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from cbook.archives import ArchiveLimits, ArchiveRefused, Problem, text_document_kind
from cbook.errors import TooLarge, Unprocessable
from cbook.upload_folders import UploadFolders

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# A DOCX or ODT whose entries declare more than this when unpacked is refused: a few
# hundred kilobytes of zip can declare gigabytes (a zip bomb).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 10_000
CHUNK_BYTES = 64 * 1024
NAME_MAX = 150
STORED_NAME = re.compile(r"[0-9a-f]{32}")
UNSAFE_IN_NAMES = re.compile(r'["*:<>?|]')


class FileRefused(Unprocessable):
    """This file cannot be attached: not a PDF, DOCX or ODT, empty, damaged or a zip bomb."""


class FileTooLarge(FileRefused, TooLarge):
    """This file is past the size limit."""

    status = TooLarge.status


@dataclass(frozen=True)
class FileType:
    """A kind of file the library accepts."""

    key: str
    content_type: str
    label: str


FILE_TYPES: dict[str, FileType] = {
    "pdf": FileType("pdf", "application/pdf", "PDF"),
    "docx": FileType(
        "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "DOCX"),
    "odt": FileType("odt", "application/vnd.oasis.opendocument.text", "ODT"),
}


@dataclass(frozen=True)
class StoredFile:
    """A checked file now in the store."""

    stored_name: str
    file_type: str
    size: int
    sha256: str


# Attachments keep their own limits, looser than imports'; ratio and CRC checks are shared.
ARCHIVE_LIMITS = ArchiveLimits(max_entries=MAX_ZIP_ENTRIES, max_unpacked_bytes=MAX_UNPACKED_BYTES)
# The library's own wording where it differs from the checker's.
_ARCHIVE_MESSAGES: dict[Problem, str] = {
    "entries": "the archive holds too many entries",
    "checksum": "the document is damaged or not a readable archive",
    "damaged": "the document is damaged or not a readable archive",
}


def _zip_type(path: Path) -> str:
    try:
        return text_document_kind(path, ARCHIVE_LIMITS)
    except ArchiveRefused as refused:
        raise FileRefused(_ARCHIVE_MESSAGES.get(refused.problem, refused.message)) from refused


def detect_type(path: Path) -> str:
    """The type of the file at ``path`` ("pdf", "docx" or "odt"), judged by its bytes."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if not head:
        raise FileRefused("the file is empty")
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(path)
    raise FileRefused("only PDF, DOCX and ODT files can be attached, and this is none of them")


def clean_file_name(name: str, file_type: str) -> str:
    """The user's file name made safe to show and to offer as a download name.

    Only the last path part is kept; control and format characters (e.g. right-to-left
    overrides) and characters that file systems refuse are dropped, and the name ends in
    the extension of the type its content was found to be.
    """
    name = unicodedata.normalize("NFC", name)
    name = re.split(r"[\\/]", name)[-1]
    name = re.sub(r"\s", " ", name)  # line breaks and tabs become spaces before controls go
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = " ".join(UNSAFE_IN_NAMES.sub("_", name).split())
    extension = f".{file_type}"
    if name.lower().endswith(extension):
        name = name[: -len(extension)]
    stem = name[:NAME_MAX].strip(" .") or "file"
    return stem + extension


def describe_size(size: int) -> str:
    """A size for people: "830 bytes", "12 KB", "1.2 MB"."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


class FileStore:
    """A folder of uploaded files, each under a random name."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def for_instance(cls, instance: Path) -> FileStore:
        """Where an instance keeps the library's uploaded files."""
        return cls(UploadFolders(instance).resources)

    def path(self, stored_name: str) -> Path:
        """Where the file stored as ``stored_name`` lives."""
        if not STORED_NAME.fullmatch(stored_name):
            raise ValueError(f"not a stored file name: {stored_name!r}")
        return self.root / stored_name

    def save(self, stream: IO[bytes], max_bytes: int) -> StoredFile:
        """Check a file and store it; on any refusal nothing is left behind."""
        self.root.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.root, prefix=".upload-", suffix=".part")
        part = Path(temporary)
        try:
            digest = hashlib.sha256()
            size = 0
            with os.fdopen(handle, "wb") as out:
                while chunk := stream.read(CHUNK_BYTES):
                    size += len(chunk)
                    if size > max_bytes:
                        raise FileTooLarge(f"the file is larger than {describe_size(max_bytes)}")
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            file_type = detect_type(part)
            stored_name = secrets.token_hex(16)
            os.replace(part, self.root / stored_name)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        return StoredFile(stored_name, file_type, size, digest.hexdigest())


# --- Deleting after commit, cleaning up after rollback ---------------------------------

DELETE_AFTER_COMMIT = "cbook.library.files.delete_after_commit"
DELETE_UNLESS_COMMITTED = "cbook.library.files.delete_unless_committed"


def delete_after_commit(session: Session, path: Path) -> None:
    """Remove ``path`` once the session's transaction commits (kept if it does not)."""
    session.info.setdefault(DELETE_AFTER_COMMIT, []).append(path)


def delete_unless_committed(session: Session, path: Path) -> None:
    """Remove ``path`` if the session's transaction ends without committing."""
    session.info.setdefault(DELETE_UNLESS_COMMITTED, []).append(path)


def _remove(paths: list[Path]) -> None:
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            # The database no longer points at it: an orphan wastes space but loses nothing.
            log.warning("could not remove the stored file %s", path, exc_info=True)


def _after_commit(session: Session) -> None:
    session.info.pop(DELETE_UNLESS_COMMITTED, None)
    _remove(session.info.pop(DELETE_AFTER_COMMIT, []))


def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is not None:
        return  # a savepoint; the outer transaction decides
    # Reached after a commit too, but _after_commit has already emptied both lists.
    session.info.pop(DELETE_AFTER_COMMIT, None)
    _remove(session.info.pop(DELETE_UNLESS_COMMITTED, []))


def track_file_changes(factory: sessionmaker[Session]) -> None:
    """Make sessions from ``factory`` delete stored files only when it is safe to."""
    event.listen(factory, "after_commit", _after_commit)
    event.listen(factory, "after_transaction_end", _after_transaction_end)
