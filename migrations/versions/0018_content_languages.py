"""content languages: resources and principles say what they are written in

Revision ID: 0018_content_languages
Revises: 0017_profiles
Create Date: 2026-12-04 14:15:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_content_languages"
down_revision: str | None = "0017_profiles"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("resources", "principles"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("language", sa.String(length=20), nullable=False,
                                          server_default="en"))


def downgrade() -> None:
    for table in ("resources", "principles"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("language")
