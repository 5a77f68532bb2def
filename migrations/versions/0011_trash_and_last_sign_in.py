"""trash for chapters and sections; when each person last signed in

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 11:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMNs: a batch rebuild of "chapters" or "sections" on SQLite would
    # cascade-delete their children through the foreign keys.
    op.add_column("chapters", sa.Column("trashed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("sections", sa.Column("trashed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "users", sa.Column("last_signed_in_at", sa.DateTime(timezone=True), nullable=True)
    )
    # Where each co-author's cursor is (mapped to ``selection_version``), for named carets.
    op.add_column("presence", sa.Column("anchor", sa.Integer(), nullable=True))
    op.add_column("presence", sa.Column("head", sa.Integer(), nullable=True))
    op.add_column("presence", sa.Column("selection_version", sa.Integer(), nullable=True))
    op.add_column("presence",
                  sa.Column("active_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "trash_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("book_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("chapter_id", sa.Integer(), nullable=True),
        sa.Column("section_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_by_id", sa.Integer(), nullable=True),
        sa.Column("purge_after", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["book_id"], ["books.id"],
                                name=op.f("fk_trash_items_book_id_books"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["chapter_id"], ["chapters.id"],
                                name=op.f("fk_trash_items_chapter_id_chapters"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["section_id"], ["sections.id"],
                                name=op.f("fk_trash_items_section_id_sections"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["deleted_by_id"], ["users.id"],
                                name=op.f("fk_trash_items_deleted_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trash_items")),
    )
    with op.batch_alter_table("trash_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_trash_items_book_id"), ["book_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_trash_items_chapter_id"), ["chapter_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_trash_items_section_id"), ["section_id"],
                              unique=False)
    # What a "moved to the trash" / "restored" notice is about when it is a whole chapter.
    # Nothing refers to notifications, so rebuilding it on SQLite cascades nowhere.
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chapter_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_notifications_chapter_id_chapters"),
                                    "chapters", ["chapter_id"], ["id"], ondelete="CASCADE")


def downgrade() -> None:
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_notifications_chapter_id_chapters"),
                                 type_="foreignkey")
        batch_op.drop_column("chapter_id")
    with op.batch_alter_table("trash_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trash_items_section_id"))
        batch_op.drop_index(batch_op.f("ix_trash_items_chapter_id"))
        batch_op.drop_index(batch_op.f("ix_trash_items_book_id"))
    op.drop_table("trash_items")
    for column in ("active_at", "selection_version", "head", "anchor"):
        op.drop_column("presence", column)
    op.drop_column("users", "last_signed_in_at")
    op.drop_column("sections", "trashed_at")
    op.drop_column("chapters", "trashed_at")
