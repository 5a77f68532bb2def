"""resource files: an optional uploaded file per library resource

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 10:52:23.199653
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


COLUMNS = ("file_name", "file_type", "file_size", "file_sha256", "file_stored_name")


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch rebuild: on SQLite a rebuild drops the table, and the
    # drop would cascade to the resources' tags, principles and audiences.
    op.add_column("resources", sa.Column("file_name", sa.String(length=200), nullable=True))
    op.add_column("resources", sa.Column("file_type", sa.String(length=10), nullable=True))
    op.add_column("resources", sa.Column("file_size", sa.Integer(), nullable=True))
    op.add_column("resources", sa.Column("file_sha256", sa.String(length=64), nullable=True))
    op.add_column("resources", sa.Column("file_stored_name", sa.String(length=64), nullable=True))


def downgrade() -> None:
    # SQLite (3.35+) and PostgreSQL both drop a column in place.
    for column in reversed(COLUMNS):
        op.drop_column("resources", column)
