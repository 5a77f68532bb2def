"""``cbook backup`` and ``cbook restore``: the whole instance round-trips across engines
(the test database, SQLite or PostgreSQL, to a fresh SQLite instance and back), every row
and file equal; a damaged, tampered, foreign or zip-bomb archive is a one-line error that
changes nothing; a non-empty instance is replaced only when asked."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

import cbook.models  # noqa: F401 - every table in the metadata
from cbook.backup import tables
from cbook.backup.dump import backed_up_tables
from cbook.books.models import Book
from cbook.db import make_engine
from cbook.editor import authority
from cbook.library.models import Resource
from tests.cli.helpers import assert_one_line_error, run


def _everything(url: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table a backup holds, as it writes them (engine-neutral)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return {table.name: [tables.encode(table, row) for row in connection.execute(
                select(table).order_by(*table.primary_key.columns)).mappings()]
                for table in backed_up_tables()}
    finally:
        engine.dispose()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()} if folder.is_dir() else {}


def _with_activity(session: Session, env: dict[str, str]) -> None:
    """The demo, plus an edit, a translation's text and an uploaded file."""
    book = session.scalars(select(Book).where(Book.slug == "pushing-what-moves")).one()
    section = book.chapters[0].sections[0]
    doc = authority.document_json(session, section.document)
    doc["content"][0]["content"][0]["text"] += " Edited before the backup."
    authority.replace_whole_document(session, section.document, doc, None)
    session.commit()
    uploads = Path(env["CBOOK_INSTANCE"]) / "uploads" / "resources"
    uploads.mkdir(parents=True, exist_ok=True)
    (uploads / "report.pdf").write_bytes(b"%PDF-1.4 a report\n%%EOF\n")


def test_an_instance_round_trips_through_another_engine_and_back(
        demo_session: Session, env: dict[str, str], tmp_path: Path) -> None:
    assert run("init", env=env).returncode == 0  # the instance folder and its secret key
    _with_activity(demo_session, env)
    demo_session.close()
    original = _everything(env["CBOOK_DATABASE_URL"])
    files = _files(Path(env["CBOOK_INSTANCE"]) / "uploads")
    assert original["sections"] and original["document_steps"] and files

    first = tmp_path / "first.zip"
    made = run("backup", str(first), env=env)
    assert made.returncode == 0, made.stderr
    assert "Wrote" in made.stdout and "100%" in made.stderr
    with zipfile.ZipFile(first) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["tables"]["sections"]["rows"] == len(original["sections"])
    assert "secret_key" not in manifest["members"]

    # Into a fresh SQLite instance...
    other = {**env, "CBOOK_INSTANCE": str(tmp_path / "other"),
             "CBOOK_DATABASE_URL": f"sqlite:///{tmp_path / 'other.sqlite3'}"}
    restored = run("restore", str(first), env=other)
    assert restored.returncode == 0, restored.stderr
    assert "Indexed" in restored.stdout  # the search index is rebuilt, not restored
    assert _everything(other["CBOOK_DATABASE_URL"]) == original
    assert _files(tmp_path / "other" / "uploads") == files
    found = run("search", "\"not short of leaders\"", env=other)
    assert found.returncode == 0 and "Why a Culture Book" in found.stdout

    # ...and from there back over the test's own database (PostgreSQL in CI's second run).
    second = tmp_path / "second.zip"
    assert run("backup", str(second), "--with-secret", env=other).returncode == 0
    refused = run("restore", str(second), env=env)
    assert_one_line_error(refused, "not empty")
    assert run("restore", str(second), "--replace", env=env).returncode == 0
    assert _everything(env["CBOOK_DATABASE_URL"]) == original
    assert (Path(env["CBOOK_INSTANCE"]) / "secret_key").read_bytes() == (
        tmp_path / "other" / "secret_key").read_bytes()


def _rewrite(source: Path, target: Path, change: Any) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        members = {info.filename: old.read(info) for info in old.infolist()}
        for name, data in change(members).items():
            new.writestr(name, data)


def _tamper(members: dict[str, bytes]) -> dict[str, bytes]:
    # One digit of the first table with rows changed: same size, other bytes.
    name = next(n for n, data in sorted(members.items()) if n.startswith("tables/") and data)
    data = bytearray(members[name])
    at = next(i for i, byte in enumerate(data) if chr(byte).isdigit())
    data[at] = ord("7") if data[at] != ord("7") else ord("8")
    members[name] = bytes(data)
    return members


def _newer_format(members: dict[str, bytes]) -> dict[str, bytes]:
    manifest = json.loads(members["manifest.json"])
    manifest["format_version"] = 99
    members["manifest.json"] = json.dumps(manifest).encode()
    return members


def _bomb(members: dict[str, bytes]) -> dict[str, bytes]:
    manifest = json.loads(members["manifest.json"])
    members["files/zeros.bin"] = bytes(50 * 1024 * 1024)
    manifest["members"]["files/zeros.bin"] = {"size": 50 * 1024 * 1024, "sha256": "0" * 64}
    members["manifest.json"] = json.dumps(manifest).encode()
    return members


def _unlisted(members: dict[str, bytes]) -> dict[str, bytes]:
    members["files/../../escape.txt"] = b"x"
    return members


@pytest.mark.parametrize(("damage", "fragment"), [
    ("truncated", "not a zip archive"),
    ("not a zip", "not a zip archive"),
    (_tamper, "does not match its checksum"),
    (_newer_format, "backup format version 99"),
    (_bomb, "unpacks to 200x"),
    (_unlisted, "does not list"),
])
def test_a_bad_archive_is_refused_in_one_line_and_nothing_changes(
        session: Session, env: dict[str, str], tmp_path: Path, damage: Any,
        fragment: str) -> None:
    assert run("init", env=env).returncode == 0
    session.add(Resource(title="In the backup", kind="report"))
    session.commit()
    good = tmp_path / "good.zip"
    assert run("backup", str(good), env=env).returncode == 0
    session.add(Resource(title="Made after the backup", kind="report"))
    session.commit()
    before = _everything(env["CBOOK_DATABASE_URL"])
    bad = tmp_path / "bad.zip"
    if damage == "truncated":
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    elif damage == "not a zip":
        bad.write_bytes(b"hello, I am a text file\n")
    else:
        _rewrite(good, bad, damage)
    assert_one_line_error(run("restore", str(bad), "--replace", env=env), fragment)
    assert _everything(env["CBOOK_DATABASE_URL"]) == before


def test_restore_says_what_is_wrong_with_the_arguments(env: dict[str, str],
                                                       tmp_path: Path) -> None:
    assert_one_line_error(run("restore", str(tmp_path / "missing.zip"), env=env),
                          "no such file")
    assert_one_line_error(run("backup", str(tmp_path / "no" / "such" / "out.zip"), env=env),
                          "no such folder")


def test_a_replace_that_fails_leaves_the_instance_as_it_was(
        session: Session, env: dict[str, str], tmp_path: Path) -> None:
    assert run("init", env=env).returncode == 0
    good = tmp_path / "good.zip"
    assert run("backup", str(good), env=env).returncode == 0
    session.add(Resource(title="Kept", kind="report"))
    session.commit()
    before = _everything(env["CBOOK_DATABASE_URL"])

    def dangling(members: dict[str, bytes]) -> dict[str, bytes]:
        # Rows pointing at a user the backup does not hold, checksums made to match.
        manifest = json.loads(members["manifest.json"])
        row = {"id": 999, "user_id": 424242, "trio_id": 1, "is_lead": False}
        members["tables/trio_memberships.jsonl"] = (json.dumps(row) + "\n").encode()
        manifest["tables"]["trio_memberships"] = {"rows": 1}
        data = members["tables/trio_memberships.jsonl"]
        manifest["members"]["tables/trio_memberships.jsonl"] = {
            "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        members["manifest.json"] = json.dumps(manifest).encode()
        return members

    bad = tmp_path / "dangling.zip"
    _rewrite(good, bad, dangling)
    failed = run("restore", str(bad), "--replace", env=env)
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    assert "point at rows it does not hold" in failed.stderr
    assert _everything(env["CBOOK_DATABASE_URL"]) == before
