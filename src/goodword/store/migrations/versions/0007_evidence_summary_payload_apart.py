"""Each person's summary JSON in a table of its own, apart from the compact standings.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 03:20:00

Every ``people`` and ``suggest`` call reads everyone's standing; with the
JSON (a couple of kilobytes a person) in the same rows, that read walked
the JSON's pages too. Summaries kept before this revision are dropped: they
are derived data, and the next call computes one in the new shape.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM evidence_summary_term")
    op.execute("DELETE FROM evidence_summary_person")
    op.execute("DELETE FROM evidence_summary")
    op.create_table(
        "evidence_summary_payload",
        sa.Column("summary_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["summary_id"],
            ["evidence_summary.id"],
            name=op.f("fk_evidence_summary_payload_summary_id_evidence_summary"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "summary_id", "person_id", name=op.f("pk_evidence_summary_payload")
        ),
    )
    with op.batch_alter_table("evidence_summary_person") as batch:
        batch.drop_column("payload")


def downgrade() -> None:
    op.execute("DELETE FROM evidence_summary_term")
    op.execute("DELETE FROM evidence_summary_person")
    op.execute("DELETE FROM evidence_summary")
    with op.batch_alter_table("evidence_summary_person") as batch:
        batch.add_column(sa.Column("payload", sa.Text(), nullable=False, server_default=""))
    op.drop_table("evidence_summary_payload")
