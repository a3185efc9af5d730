"""Meetings and availability signals on interactions; identity provenance; match decisions.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 23:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from goodword.store.models import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ends_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("sender_identity_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("interaction_participant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("identity_id", sa.Integer(), nullable=True))
    op.create_table(
        "person_match",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("other_id", sa.Integer(), nullable=True),
        sa.Column("left_key", sa.String(length=300), nullable=False),
        sa.Column("right_key", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("decided_by", sa.String(length=10), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["other_id"],
            ["person.id"],
            name=op.f("fk_person_match_other_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["owner.id"],
            name=op.f("fk_person_match_owner_id_owner"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_person_match_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_match")),
        sa.UniqueConstraint(
            "owner_id",
            "left_key",
            "right_key",
            name=op.f("uq_person_match_owner_id_left_key_right_key"),
        ),
    )
    op.create_index(op.f("ix_person_match_other_id"), "person_match", ["other_id"])
    op.create_index(op.f("ix_person_match_owner_id"), "person_match", ["owner_id"])
    op.create_index(op.f("ix_person_match_person_id"), "person_match", ["person_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_person_match_person_id"), table_name="person_match")
    op.drop_index(op.f("ix_person_match_owner_id"), table_name="person_match")
    op.drop_index(op.f("ix_person_match_other_id"), table_name="person_match")
    op.drop_table("person_match")
    with op.batch_alter_table("interaction_participant", schema=None) as batch_op:
        batch_op.drop_column("identity_id")
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.drop_column("sender_identity_id")
        batch_op.drop_column("ends_at")
