"""The backup format: a zip holding ``manifest.json``, one JSON Lines file per table and
the instance's uploaded files, each member listed in the manifest with its size and
SHA-256.

    manifest.json          {"format": "cbook-backup", "format_version": 1,
                            "schema_revision": "0019_translations", "created_at": ...,
                            "engine": "sqlite", "tables": {"users": {"rows": 5}, ...},
                            "members": {"tables/users.jsonl": {"size": .., "sha256": ..}}}
    tables/<table>.jsonl   one JSON object per row, columns by name; moments as ISO 8601
                           in UTC, binary as base64; in primary-key order
    files/<path>           <instance>/uploads/<path>, byte for byte
    secret_key             the instance's secret key, only with --with-secret

Nothing in it depends on the database engine: a backup from SQLite restores into
PostgreSQL and back.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

FORMAT = "cbook-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# Refused before anything is read out: far more than a book's instance, far less than a
# zip bomb needs (members are streamed, so memory is not the limit; the disk is).
MAX_TOTAL_BYTES = 20 * 1024 ** 3
MAX_RATIO = 200  # uncompressed / compressed, for members bigger than 1 MiB
CHUNK = 1024 * 1024


class BadBackup(Exception):
    """The archive is not a backup this version can restore, or it was damaged."""


def sha256_of(stream: IO[bytes]) -> tuple[int, str]:
    """The size and SHA-256 of a stream, read in chunks."""
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


@dataclass
class Manifest:
    """What a backup says about itself."""

    schema_revision: str
    created_at: str
    engine: str
    tables: dict[str, dict[str, int]]
    members: dict[str, dict[str, Any]]
    with_secret: bool = False

    def as_json(self) -> dict[str, Any]:
        """The manifest as written into the archive."""
        return {"format": FORMAT, "format_version": FORMAT_VERSION,
                "schema_revision": self.schema_revision, "created_at": self.created_at,
                "engine": self.engine, "with_secret": self.with_secret,
                "tables": self.tables, "members": self.members}


def read_manifest(archive: zipfile.ZipFile) -> Manifest:
    """The manifest, checked for what this version understands."""
    try:
        raw = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise BadBackup("not a Culture Book backup: it has no manifest.json") from None
    except (ValueError, UnicodeDecodeError):
        raise BadBackup("the backup's manifest.json is not valid JSON") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise BadBackup("not a Culture Book backup: its manifest names another format")
    if raw.get("format_version") != FORMAT_VERSION:
        raise BadBackup(f"backup format version {raw.get('format_version')!r} is not one this "
                        f"version reads (it reads {FORMAT_VERSION}): use a newer Culture Book")
    try:
        manifest = Manifest(str(raw["schema_revision"]), str(raw["created_at"]),
                            str(raw["engine"]), dict(raw["tables"]), dict(raw["members"]),
                            bool(raw.get("with_secret")))
    except (KeyError, TypeError, ValueError):
        raise BadBackup("the backup's manifest is incomplete") from None
    return manifest


def verify(archive: zipfile.ZipFile, manifest: Manifest) -> None:
    """Every member the manifest lists is there with its size and checksum, nothing else
    is, and nothing is a zip bomb; raises BadBackup before anything is restored."""
    infos = {info.filename: info for info in archive.infolist()}
    total = sum(info.file_size for info in infos.values())
    if total > MAX_TOTAL_BYTES:
        raise BadBackup(f"the backup would unpack to {total:,} bytes, more than the "
                        f"{MAX_TOTAL_BYTES:,} a restore accepts")
    listed = set(manifest.members) | {MANIFEST}
    extra = sorted(set(infos) - listed)
    if extra:
        raise BadBackup(f"the backup holds a member its manifest does not list: {extra[0]}")
    for name, expected in manifest.members.items():
        info = infos.get(name)
        if info is None:
            raise BadBackup(f"the backup is missing {name} (truncated?)")
        if _unsafe(name):
            raise BadBackup(f"the backup names a file outside its folders: {name}")
        if info.file_size > CHUNK and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise BadBackup(f"{name} unpacks to {MAX_RATIO}x its packed size: refused")
        if info.file_size != expected.get("size"):
            raise BadBackup(f"{name} is not the size the manifest says: the backup was changed "
                            "or damaged")
        try:
            with archive.open(info) as stream:
                _size, digest = sha256_of(stream)
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise BadBackup(f"{name} cannot be read ({error}): the backup is damaged") from None
        if digest != expected.get("sha256"):
            raise BadBackup(f"{name} does not match its checksum: the backup was changed or "
                            "damaged")


def _unsafe(name: str) -> bool:
    path = Path(name)
    return path.is_absolute() or ".." in path.parts or not (
        name.startswith(("tables/", "files/")) or name == "secret_key")


def open_archive(path: Path) -> zipfile.ZipFile:
    """The backup zip, or BadBackup saying why it is not one."""
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BadBackup(f"no such file: {path}") from None
    except (zipfile.BadZipFile, OSError):
        raise BadBackup(f"{path} is not a zip archive (truncated or another kind of file)"
                        ) from None
