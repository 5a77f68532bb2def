"""published citations: which published sections cite which library resources

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 11:06:41.379763
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # No rows to fill: nothing could cite a resource before this revision.
    op.create_table(
        "published_citations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("block_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["resource_id"],
            ["resources.id"],
            name=op.f("fk_published_citations_resource_id_resources"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["section_id"],
            ["sections.id"],
            name=op.f("fk_published_citations_section_id_sections"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_published_citations")),
    )
    op.create_index(
        op.f("ix_published_citations_resource_id"),
        "published_citations",
        ["resource_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_published_citations_section_id"),
        "published_citations",
        ["section_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_published_citations_section_id"), table_name="published_citations")
    op.drop_index(op.f("ix_published_citations_resource_id"), table_name="published_citations")
    op.drop_table("published_citations")
