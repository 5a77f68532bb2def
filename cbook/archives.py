"""Checking an uploaded DOCX or ODT archive before anything unpacks it.

Shared by library attachments and document imports, each with its own limits. The checks
run from cheapest to dearest: entry count and declared unpacked size (a zip bomb declares
gigabytes), per-entry compression ratio, the kind of document and its macros, and last
every entry's CRC, which reads the whole archive (bounded by the sizes already checked).
Refusals are an ``ArchiveRefused`` naming the problem with a message a caller may reword;
this module imports no feature package.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
DOCX_PARTS = frozenset({"[Content_Types].xml", "word/document.xml"})
CONTENT_TYPES_READ_BYTES = 1024 * 1024

Kind = Literal["docx", "odt"]
Problem = Literal["entries", "unpacked", "ratio", "kind", "macros", "checksum", "damaged"]


@dataclass(frozen=True)
class ArchiveLimits:
    """How large an archive may be: entries, declared unpacked bytes, compression ratio."""

    max_entries: int
    max_unpacked_bytes: int
    max_ratio: int = 200  # unpacked : packed, only for entries over ratio_floor unpacked
    ratio_floor: int = 1024 * 1024


class ArchiveRefused(Exception):
    """The archive failed a check; ``problem`` says which, ``message`` says it to a user."""

    def __init__(self, problem: Problem, message: str) -> None:
        super().__init__(message)
        self.problem: Problem = problem
        self.message = message


# What zipfile and zlib raise for corrupt or truncated archives.
_DAMAGED = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError,
            zlib.error, ValueError, OSError)


def text_document_kind(path: Path, limits: ArchiveLimits) -> Kind:
    """"docx" or "odt" for a sound archive within ``limits``; ArchiveRefused otherwise."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if len(entries) > limits.max_entries:
                raise ArchiveRefused(
                    "entries", f"the archive holds more than {limits.max_entries} entries")
            if sum(entry.file_size for entry in entries) > limits.max_unpacked_bytes:
                megabytes = limits.max_unpacked_bytes // (1024 * 1024)
                raise ArchiveRefused(
                    "unpacked", f"the document would unpack to more than {megabytes} MB")
            for entry in entries:
                if entry.file_size > limits.ratio_floor and (
                        entry.file_size > limits.max_ratio * max(entry.compress_size, 1)):
                    raise ArchiveRefused(
                        "ratio", "the archive is packed suspiciously tightly (a zip bomb?)")
            kind = _kind(archive, entries)
            # Reads every entry, bounded by the declared sizes checked above.
            if archive.testzip() is not None:
                raise ArchiveRefused(
                    "checksum", "the document is damaged (an entry fails its checksum)")
            return kind
    except _DAMAGED as error:
        raise ArchiveRefused("damaged", "the document is damaged or truncated") from error


def _kind(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> Kind:
    names = {entry.filename for entry in entries}
    # ODT requires an uncompressed "mimetype" entry first; its bytes name the document type.
    if entries and entries[0].filename == "mimetype":
        with archive.open(entries[0]) as mimetype:
            if mimetype.read(len(ODT_MIMETYPE) + 1) == ODT_MIMETYPE:
                return "odt"
    if DOCX_PARTS.issubset(names):
        with archive.open("[Content_Types].xml") as types:
            if b"macroenabled" in types.read(CONTENT_TYPES_READ_BYTES).lower():
                raise ArchiveRefused("macros", "documents with macros are not accepted")
        return "docx"
    raise ArchiveRefused("kind", "the archive is not a DOCX or ODT text document")
