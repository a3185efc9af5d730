"""Record the contact details each person agreed to share, and each opportunity's outcome.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 22:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ask", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("shared_contacts", sa.JSON(), nullable=False, server_default="{}")
        )
        batch_op.add_column(
            sa.Column("preferred_contact", sa.String(length=30), nullable=False, server_default="")
        )
    with op.batch_alter_table("opportunity", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outcome_note", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("opportunity", schema=None) as batch_op:
        batch_op.drop_column("outcome_note")
    with op.batch_alter_table("ask", schema=None) as batch_op:
        batch_op.drop_column("preferred_contact")
        batch_op.drop_column("shared_contacts")
