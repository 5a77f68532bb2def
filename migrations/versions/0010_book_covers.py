"""book covers

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28 11:26:03.816113
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN: a batch rebuild of "books" on SQLite would cascade-delete its
    # chapters through their foreign keys.
    op.add_column(
        "books",
        sa.Column("cover_file", sa.String(length=100), server_default="", nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("books", schema=None) as batch_op:
        batch_op.drop_column("cover_file")
