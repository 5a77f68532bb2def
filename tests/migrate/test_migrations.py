"""The migration history is linear and produces exactly the schema the models describe."""

from __future__ import annotations

import json
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from cbook.db import Base, make_engine
from cbook.migrate import alembic_config, head_revisions, is_current, upgrade


def test_there_is_exactly_one_head() -> None:
    assert len(head_revisions()) == 1


def test_migrated_database_matches_the_models(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        assert is_current(engine)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
        assert differences == [], f"models drifted from migrations: {differences}"
    finally:
        engine.dispose()


def test_upgrading_twice_is_harmless(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        assert is_current(engine)
    finally:
        engine.dispose()


def test_upgrading_keeps_the_book_and_indexes_passages_already_published(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0003")
            tagged = {"type": "doc", "content": [
                {"type": "paragraph", "attrs": {"id": "p1", "principles": ["real-work"],
                                                "audiences": []},
                 "content": [{"type": "text", "text": "Start from real problems."}]}]}
            now = "2026-01-01 00:00:00"
            connection.execute(text(
                "INSERT INTO books (id, slug, title, subtitle, description, language, "
                "created_at) VALUES (1, 'b', 'B', '', '', 'en', :now)"), {"now": now})
            connection.execute(text(
                "INSERT INTO chapters (id, book_id, title, summary, position) "
                "VALUES (1, 1, 'C', '', 0)"))
            connection.execute(text(
                "INSERT INTO documents (id, version, snapshot, snapshot_version, created_at) "
                "VALUES (1, 0, :doc, 0, :now)"), {"doc": json.dumps(tagged), "now": now})
            connection.execute(text(
                "INSERT INTO sections (id, chapter_id, title, position, status, document_id, "
                "published_doc, published_version, created_at, updated_at) VALUES "
                "(1, 1, 'S', 0, 'published', 1, :doc, 0, :now, :now)"),
                {"doc": json.dumps(tagged), "now": now})
        upgrade(engine)
        with engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT section_id, block_id, tag_kind, slug, excerpt FROM published_passages"
            )).all()
            allow = connection.scalar(text("SELECT allow_self_merge FROM books"))
            kept = connection.execute(text(
                "SELECT (SELECT count(*) FROM chapters), (SELECT count(*) FROM sections)"
            )).one()
        assert tuple(kept) == (1, 1), "upgrading lost chapters or sections"
        assert [tuple(row) for row in rows] == [
            (1, "p1", "principle", "real-work", "Start from real problems.")]
        assert not allow
    finally:
        engine.dispose()
