"""profiles: pronouns and a short bio beside a person's name

Revision ID: 0017_profiles
Revises: 0016_notification_mail
Create Date: 2026-12-04 04:25:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_profiles"
down_revision: str | None = "0016_notification_mail"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pronouns", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("bio", sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("bio")
        batch_op.drop_column("pronouns")
