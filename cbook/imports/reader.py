"""An uploaded document's bytes -> pandoc's JSON AST, safely.

Everything is judged before pandoc sees the file: the type by content (never only by the
name), archives for corruption, truncation and zip bombs (declared sizes, entry count,
compression ratio, then every entry's CRC), text for UTF-8 and size. Pandoc runs without a
shell, under a timeout and in its sandbox (readers touch no file but the input); only DOCX
and ODT have their embedded media extracted, so a Markdown or HTML file can never make
pandoc read a local path or fetch a URL.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cbook.archives import ArchiveLimits, ArchiveRefused, text_document_kind
from cbook.errors import TooLarge, Unprocessable
from cbook.library.files import describe_size
from cbook.pandoc.run import READ_TIMEOUT_SECONDS, read_json

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_TEXT_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ZIP_ENTRIES = 5_000
MAX_RATIO = 200  # for entries over RATIO_FLOOR bytes unpacked
RATIO_FLOOR = 1024 * 1024
MAX_MEDIA_BYTES = 10 * 1024 * 1024
FORMATS = ("docx", "odt", "markdown", "html")
EXTENSIONS = {".docx": "docx", ".odt": "odt", ".md": "markdown", ".markdown": "markdown",
              ".txt": "markdown", ".html": "html", ".htm": "html"}
PANDOC_READERS = {"docx": "docx+styles", "odt": "odt", "markdown": "markdown", "html": "html"}
LABELS = {"docx": "DOCX", "odt": "ODT", "markdown": "Markdown", "html": "HTML"}


@dataclass
class ReadDocument:
    """What pandoc made of a file: its AST and the embedded media it referred to."""

    format: str
    ast: dict[str, Any]
    media: dict[str, bytes] = field(default_factory=dict)  # src in the AST -> bytes


# Imports keep their own limits, tighter than library attachments'.
ARCHIVE_LIMITS = ArchiveLimits(max_entries=MAX_ZIP_ENTRIES, max_unpacked_bytes=MAX_UNPACKED_BYTES,
                               max_ratio=MAX_RATIO, ratio_floor=RATIO_FLOOR)


def _zip_format(data_path: Path) -> str:
    """"docx" or "odt" for a sound, reasonably sized archive; Unprocessable otherwise."""
    try:
        return text_document_kind(data_path, ARCHIVE_LIMITS)
    except ArchiveRefused as refused:
        if refused.problem == "unpacked":  # the import pages give sizes as "100.0 MB"
            raise Unprocessable("the document would unpack to more than "
                                f"{describe_size(MAX_UNPACKED_BYTES)}") from refused
        raise Unprocessable(refused.message) from refused


def _text(data: bytes, label: str) -> str:
    if len(data) > MAX_TEXT_BYTES:
        raise TooLarge(f"a {label} file may be at most {describe_size(MAX_TEXT_BYTES)}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Unprocessable(f"the {label} file is not UTF-8 text") from error
    if "\x00" in text:
        raise Unprocessable(f"the {label} file contains a NUL character: is it really text?")
    return text


def detect_format(data: bytes, filename: str) -> str:
    """The format to read ``data`` as, judged by its bytes with the name as a hint."""
    if not data:
        raise Unprocessable("the file is empty")
    if len(data) > MAX_FILE_BYTES:
        raise TooLarge(f"the file is larger than {describe_size(MAX_FILE_BYTES)}")
    wanted = EXTENSIONS.get(Path(filename).suffix.lower())
    is_zip = data.startswith(b"PK\x03\x04")
    if wanted in ("docx", "odt"):
        if not is_zip:
            raise Unprocessable(f"this is not a {LABELS[wanted]} document "
                                "(its content is not a word-processor archive)")
        return wanted  # confirmed (or refused) by the archive checks
    if is_zip:
        if wanted is not None:
            raise Unprocessable(f"this is an archive, not a {LABELS[wanted]} file")
        return "docx"  # the archive checks say which, or refuse it
    if wanted is not None:
        return wanted
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    raise Unprocessable("only DOCX, ODT, Markdown (.md) and HTML files can be imported")


def read_document(data: bytes, filename: str, *,
                  timeout: float = READ_TIMEOUT_SECONDS) -> ReadDocument:
    """Check a file and have pandoc read it; Unprocessable or TooLarge says why not."""
    fmt = detect_format(data, filename)
    with tempfile.TemporaryDirectory(prefix="cbook-import-") as folder:
        work = Path(folder)
        source = work / "source"
        source.write_bytes(data)
        if fmt in ("docx", "odt"):
            found = _zip_format(source)
            if found != fmt and Path(filename).suffix.lower() in (".docx", ".odt"):
                raise Unprocessable(f"this is not a {LABELS[fmt]} document "
                                    f"(it is {LABELS[found]})")
            fmt = found
        else:
            _text(data, LABELS[fmt])
        media = work / "media"
        ast = read_json(source, PANDOC_READERS[fmt], LABELS[fmt],
                        media if fmt in ("docx", "odt") else None, timeout=timeout)
        return ReadDocument(fmt, ast, _collect_media(ast, media))


def _collect_media(ast: dict[str, Any], media: Path) -> dict[str, bytes]:
    """The bytes of every image src that is a file pandoc extracted (nothing else)."""
    found: dict[str, bytes] = {}
    if not media.is_dir():
        return found
    root = media.resolve()
    stack: list[Any] = [ast.get("blocks")]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            if item.get("t") == "Image":
                src = item["c"][2][0] if len(item.get("c") or []) == 3 else None
                if isinstance(src, str) and src not in found:
                    path = Path(src).resolve()
                    if path.is_relative_to(root) and path.is_file() and (
                            path.stat().st_size <= MAX_MEDIA_BYTES):
                        found[src] = path.read_bytes()
            stack.extend(v for v in item.values() if isinstance(v, (list, dict)))
    return found
