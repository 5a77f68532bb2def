"""translations: a book may translate another, its chapters and sections linked to theirs

Revision ID: 0019_translations
Revises: 0018_content_languages
Create Date: 2026-12-04 22:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019_translations"
down_revision: str | None = "0018_content_languages"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("books", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_book_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_books_source_book_id", ["source_book_id"])
        batch_op.create_foreign_key("fk_books_source_book_id_books", "books",
                                    ["source_book_id"], ["id"], ondelete="CASCADE")
        batch_op.create_unique_constraint("uq_books_source_book_id_language",
                                           ["source_book_id", "language"])
    with op.batch_alter_table("chapters", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_chapter_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("source_title", sa.String(length=300), nullable=True))
        batch_op.create_index("ix_chapters_source_chapter_id", ["source_chapter_id"])
        batch_op.create_foreign_key("fk_chapters_source_chapter_id_chapters", "chapters",
                                    ["source_chapter_id"], ["id"], ondelete="SET NULL")
    with op.batch_alter_table("sections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_section_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("source_version", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("source_title", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("caught_up", sa.JSON(), nullable=False,
                                      server_default="[]"))
        batch_op.create_index("ix_sections_source_section_id", ["source_section_id"])
        batch_op.create_foreign_key("fk_sections_source_section_id_sections", "sections",
                                    ["source_section_id"], ["id"], ondelete="SET NULL")
    op.create_table(
        "translation_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("book_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("trio_id", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["book_id"], ["books.id"], name="fk_translation_members_book_id_books", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["trio_id"], ["trios.id"], name="fk_translation_members_trio_id_trios", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_translation_members_user_id_users", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_translation_members"),
        sa.UniqueConstraint("book_id", "trio_id", name="uq_translation_members_book_id_trio_id"),
        sa.UniqueConstraint("book_id", "user_id", name="uq_translation_members_book_id_user_id"),
    )
    op.create_index("ix_translation_members_book_id", "translation_members", ["book_id"])


def downgrade() -> None:
    op.drop_index("ix_translation_members_book_id", table_name="translation_members")
    op.drop_table("translation_members")
    with op.batch_alter_table("sections", schema=None) as batch_op:
        batch_op.drop_constraint("fk_sections_source_section_id_sections", type_="foreignkey")
        batch_op.drop_index("ix_sections_source_section_id")
        for column in ("caught_up", "source_title", "source_version", "source_section_id"):
            batch_op.drop_column(column)
    with op.batch_alter_table("chapters", schema=None) as batch_op:
        batch_op.drop_constraint("fk_chapters_source_chapter_id_chapters", type_="foreignkey")
        batch_op.drop_index("ix_chapters_source_chapter_id")
        batch_op.drop_column("source_title")
        batch_op.drop_column("source_chapter_id")
    with op.batch_alter_table("books", schema=None) as batch_op:
        batch_op.drop_constraint("uq_books_source_book_id_language", type_="unique")
        batch_op.drop_constraint("fk_books_source_book_id_books", type_="foreignkey")
        batch_op.drop_index("ix_books_source_book_id")
        batch_op.drop_column("source_book_id")
