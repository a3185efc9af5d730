"""How each import's export date was found; open positions get the date of their export.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 08:30:00

An export is read as of the day it was made: a position still open in it is
known only up to that day. ``import_run.export_basis`` records how the date
was found (the file name, the newest row or message, the files' times), and
positions stored before this revision without that day (``observed_on``)
take it from the import that brought them. Summaries kept before are dropped:
they were computed as if every export were made today.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("import_run") as batch:
        batch.add_column(
            sa.Column("export_basis", sa.String(length=20), nullable=False, server_default="")
        )
    op.execute(
        "UPDATE tenure SET observed_on = (SELECT import_run.export_date FROM import_run"
        " WHERE import_run.id = tenure.import_id)"
        " WHERE observed_on IS NULL AND import_id IS NOT NULL"
    )
    op.execute("DELETE FROM evidence_summary_term")
    op.execute("DELETE FROM evidence_summary_payload")
    op.execute("DELETE FROM evidence_summary_person")
    op.execute("DELETE FROM evidence_summary")


def downgrade() -> None:
    with op.batch_alter_table("import_run") as batch:
        batch.drop_column("export_basis")
