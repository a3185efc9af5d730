"""Keep the honest conversation's two questions verbatim on each vetting.

Rows recorded before this migration were asked the standard wording, which
fills them.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 22:26:25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

RECOMMEND = "Would you be able to honestly recommend me for a future job opportunity?"
CONCERNS = "Do you have any concerns about doing so?"


def upgrade() -> None:
    with op.batch_alter_table("vetting", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("question_recommend", sa.Text(), nullable=False, server_default=RECOMMEND)
        )
        batch_op.add_column(
            sa.Column("question_concerns", sa.Text(), nullable=False, server_default=CONCERNS)
        )
    # The defaults only filled existing rows; new rows always say what was asked.
    with op.batch_alter_table("vetting", schema=None) as batch_op:
        batch_op.alter_column("question_recommend", server_default=None)
        batch_op.alter_column("question_concerns", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("vetting", schema=None) as batch_op:
        batch_op.drop_column("question_concerns")
        batch_op.drop_column("question_recommend")
