"""Book covers for editions: a PNG or JPEG, checked by its bytes, stored by its hash."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.books.models import Book
from cbook.errors import TooLarge, Unprocessable
from cbook.policy import Action, require
from cbook.upload_folders import UploadFolders

MAX_COVER_BYTES = 5 * 1024 * 1024
_TYPES = {b"\x89PNG\r\n\x1a\n": (".png", "image/png"), b"\xff\xd8\xff": (".jpg", "image/jpeg")}


def covers_folder(instance: Path) -> Path:
    """Where cover images live."""
    return UploadFolders(instance).covers


def cover_type(data: bytes) -> tuple[str, str]:
    """(suffix, media type) of a PNG or JPEG; Unprocessable for anything else."""
    for magic, kind in _TYPES.items():
        if data.startswith(magic):
            return kind
    raise Unprocessable("a cover must be a PNG or JPEG image")


def media_type(name: str) -> str:
    """The media type of a stored cover, by the suffix we gave it."""
    return "image/png" if name.endswith(".png") else "image/jpeg"


def set_cover(session: Session, actor: User | None, book: Book, data: bytes,
              instance: Path) -> str:
    """Store ``data`` as the book's cover (after checking it) and return its file name.

    The file is named by its content hash, so an old cover stays valid for cached
    editions that were built with it, and storing the same image twice is harmless.
    """
    require(actor, Action.EXPORT_BOOK, book)
    if not data:
        raise Unprocessable("the cover file is empty")
    if len(data) > MAX_COVER_BYTES:
        raise TooLarge(f"a cover may be at most {MAX_COVER_BYTES // (1024 * 1024)} MB")
    suffix, _media = cover_type(data)
    name = hashlib.sha256(data).hexdigest()[:40] + suffix
    folder = covers_folder(instance)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if not target.exists():
        handle, partial = tempfile.mkstemp(dir=folder, prefix=".cover.", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(partial, target)
        finally:
            if os.path.exists(partial):
                os.unlink(partial)
    book.cover_file = name
    session.flush()
    return name


def remove_cover(session: Session, actor: User | None, book: Book) -> None:
    """Editions of this book will have no cover (the file stays for cached editions)."""
    require(actor, Action.EXPORT_BOOK, book)
    book.cover_file = ""
    session.flush()


def cover_path(instance: Path, book: Book) -> Path | None:
    """The book's cover file, if it has one that exists."""
    if not book.cover_file:
        return None
    path = covers_folder(instance) / book.cover_file
    return path if path.is_file() else None
