"""The evidence summary per person: ranked from compact rows, decoded only for who is shown.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 01:00:00

Summaries kept before this revision are dropped: they are derived data, and
the next ``people`` call computes one in the new shape.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM evidence_summary")
    op.create_table(
        "evidence_summary_person",
        sa.Column("summary_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("organization_key", sa.Text(), nullable=False),
        sa.Column("fit", sa.Float(), nullable=False),
        sa.Column("familiarity", sa.Float(), nullable=True),
        sa.Column("communication", sa.Float(), nullable=True),
        sa.Column("satisfaction", sa.Float(), nullable=True),
        sa.Column("satisfaction_confidence", sa.Float(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("soured", sa.Boolean(), nullable=False),
        sa.Column("do_not_ask", sa.Boolean(), nullable=False),
        sa.Column("relationship", sa.String(length=40), nullable=False),
        sa.Column("away_until", sa.Date(), nullable=True),
        sa.Column("away", sa.Boolean(), nullable=False),
        sa.Column("document_pieces", sa.Integer(), nullable=False),
        sa.Column("document_length", sa.Integer(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["summary_id"],
            ["evidence_summary.id"],
            name=op.f("fk_evidence_summary_person_summary_id_evidence_summary"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("summary_id", "person_id", name=op.f("pk_evidence_summary_person")),
    )
    op.create_table(
        "evidence_summary_term",
        sa.Column("summary_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("term", sa.Text(), nullable=False),
        sa.Column("postings", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["summary_id"],
            ["evidence_summary.id"],
            name=op.f("fk_evidence_summary_term_summary_id_evidence_summary"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("summary_id", "key", name=op.f("pk_evidence_summary_term")),
    )


def downgrade() -> None:
    op.drop_table("evidence_summary_term")
    op.drop_table("evidence_summary_person")
    op.execute("DELETE FROM evidence_summary")
