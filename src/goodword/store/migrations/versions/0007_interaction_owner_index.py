"""Drop the interaction table's owner index: its unique (owner, natural key) index serves.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 02:10:00

Both SQLite and PostgreSQL use the leading column of the unique index for
lookups by owner, so the single-column index only cost an extra B-tree
write for every message stored (a mailbox stores millions).
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("interaction") as batch:
        batch.drop_index("ix_interaction_owner_id")


def downgrade() -> None:
    with op.batch_alter_table("interaction") as batch:
        batch.create_index("ix_interaction_owner_id", ["owner_id"], unique=False)
