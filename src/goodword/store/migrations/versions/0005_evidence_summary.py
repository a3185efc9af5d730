"""The evidence summary: a day's scores per owner, kept until the evidence changes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 00:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from goodword.store.models import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evidence_summary",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("computed_for", UTCDateTime(), nullable=False),
        sa.Column("valid_until", UTCDateTime(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["owner.id"],
            name=op.f("fk_evidence_summary_owner_id_owner"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_summary")),
    )
    op.create_index(op.f("ix_evidence_summary_owner_id"), "evidence_summary", ["owner_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_evidence_summary_owner_id"), table_name="evidence_summary")
    op.drop_table("evidence_summary")
