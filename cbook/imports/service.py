"""Preview and save an imported document: pending imports kept server-side, then sections.

Converting happens once, when the file arrives: the result (sections, notes) and the
images it holds are written under ``<instance>/imports/<token>/``, bound to the user and
the book and kept for an hour. Saving reads that back (the client only sends the token),
creates the chapter and its sections, and moves the images into the uploads store; if the
transaction does not commit, the moved images are removed again.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.books import service as books
from cbook.books.models import Book, Chapter, Trio
from cbook.editor.links import is_safe_href
from cbook.errors import DomainError, NotFound, PermissionDenied
from cbook.imports.images import MAX_IMAGE_BYTES, ImageStore, image_url
from cbook.imports.reader import LABELS, read_document
from cbook.imports.sections import Imported, ImportedSection, convert
from cbook.library.files import delete_unless_committed
from cbook.policy import Action, require

PENDING_SECONDS = 3600
MAX_IMAGES = 300
TOKEN = re.compile(r"[0-9a-f]{32}")
_DATA_URI = re.compile(r"data:image/[a-z+.-]+;base64,", re.IGNORECASE)


@dataclass
class PendingImport:
    """A converted document waiting for its owner to look and confirm."""

    token: str
    owner_id: int
    book_id: int
    created: float
    file_name: str
    file_format: str
    imported: Imported
    images: list[str]


def _decode_data_uri(src: str) -> bytes | None:
    match = _DATA_URI.match(src)
    if match is None or len(src) > MAX_IMAGE_BYTES * 4 // 3 + 100:
        return None
    try:
        return base64.b64decode(src[match.end():], validate=False)
    except (binascii.Error, ValueError):
        return None


def _image_source(media: dict[str, bytes], store: ImageStore, names: list[str],
                  notes: list[str]) -> Callable[[str, str], str | None]:
    def note(message: str) -> None:
        if message not in notes:
            notes.append(message)

    stored: dict[str, str] = {}  # an image used twice is stored once

    def source(src: str, alt: str) -> str | None:
        if src in stored:
            return stored[src]
        data = media.get(src)
        if data is None and src.startswith("data:"):
            data = _decode_data_uri(src)
        if data is not None:
            if len(names) >= MAX_IMAGES:
                note(f"Only the first {MAX_IMAGES} images were kept; the rest are described.")
                return None
            try:
                name = store.save(data)
            except DomainError:
                note("Images that are not PNG, JPEG, GIF or WebP (or are over 10 MB) were "
                     "replaced by their description.")
                return None
            names.append(name)
            stored[src] = image_url(name)
            return stored[src]
        if src.lower().startswith(("http://", "https://")) and is_safe_href(src):
            return src
        note("Images the document only refers to (not inside the file) were replaced by "
             "their description.")
        return None

    return source


def convert_file(data: bytes, file_name: str, images: ImageStore) -> tuple[str, Imported,
                                                                            list[str]]:
    """(format, sections, stored image names) for a file; images stored in ``images``."""
    read = read_document(data, file_name)
    names: list[str] = []
    notes: list[str] = []
    stem = Path(file_name.replace("\\", "/")).stem.strip() or "Imported document"
    imported = convert(read.ast, stem, _image_source(read.media, images, names, notes))
    imported.notes = notes + imported.notes
    return read.format, imported, names


class PendingImports:
    """The folder of pending imports (``<instance>/imports``)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _folder(self, token: str) -> Path:
        if not TOKEN.fullmatch(token):
            raise NotFound("no such import")
        return self.root / token

    def create(self, owner: User, book: Book, data: bytes, file_name: str) -> PendingImport:
        """Convert a file for ``owner`` and keep the result; nothing is kept on refusal."""
        self.expire()
        token = secrets.token_hex(16)
        folder = self.root / token
        folder.mkdir(parents=True)
        try:
            fmt, imported, names = convert_file(data, file_name, ImageStore(folder / "images"))
            pending = PendingImport(token, owner.id, book.id, time.time(), file_name[-200:],
                                    fmt, imported, names)
            payload = {"owner": pending.owner_id, "book": pending.book_id,
                       "created": pending.created, "file_name": pending.file_name,
                       "format": fmt, "title": imported.title, "notes": imported.notes,
                       "sections": [{"title": s.title, "doc": s.doc}
                                    for s in imported.sections], "images": names}
            (folder / "import.json").write_text(json.dumps(payload), encoding="utf-8")
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return pending

    def find(self, token: str, owner: User, book: Book) -> PendingImport | None:
        """The pending import ``token`` of this user and book; None if expired or not theirs."""
        if not TOKEN.fullmatch(token):
            return None
        try:
            payload = json.loads((self.root / token / "import.json").read_text("utf-8"))
        except (OSError, ValueError):
            return None
        if (payload.get("owner") != owner.id or payload.get("book") != book.id
                or time.time() - float(payload["created"]) > PENDING_SECONDS):
            return None
        imported = Imported(payload["title"], [ImportedSection(s["title"], s["doc"])
                                               for s in payload["sections"]], payload["notes"])
        return PendingImport(token, owner.id, book.id, float(payload["created"]),
                             payload["file_name"], payload["format"], imported,
                             list(payload["images"]))

    def discard(self, token: str) -> None:
        """Forget a pending import and its staged images."""
        shutil.rmtree(self._folder(token), ignore_errors=True)

    def expire(self) -> None:
        """Remove pending imports older than an hour."""
        if not self.root.is_dir():
            return
        cutoff = time.time() - PENDING_SECONDS
        for folder in self.root.iterdir():
            if TOKEN.fullmatch(folder.name) and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)

    def staged_images(self, token: str) -> ImageStore:
        """Where a pending import's images wait."""
        return ImageStore(self._folder(token) / "images")


def save_import(session: Session, actor: User | None, book: Book, pending: PendingImport,
                staged: ImageStore, uploads: ImageStore, *, chapter: Chapter | None = None,
                title: str | None = None, trio: Trio | None = None) -> Chapter:
    """Create the sections (in a new chapter, for ``trio`` if given, unless ``chapter`` is
    given); flushes only."""
    if chapter is None:
        target = books.create_chapter(session, actor, book, trio=trio,
                                      title=(title or "").strip() or pending.imported.title)
    else:
        if chapter.book_id != book.id:
            raise PermissionDenied("that chapter is in another book")
        require(actor, Action.EDIT_CHAPTER, chapter)
        target = chapter
    for section in pending.imported.sections:
        books.create_section(session, actor, target, title=section.title, doc=section.doc)
    for name in pending.images:
        moved = uploads.adopt(staged.path(name), name)
        delete_unless_committed(session, moved)
    return target


def describe(pending: PendingImport) -> str:
    """"3 sections from a DOCX document" and the like."""
    count = len(pending.imported.sections)
    return (f"{count} section{'s' if count != 1 else ''} from "
            f"{LABELS.get(pending.file_format, pending.file_format)}")
