"""A local database has exactly one owner, and the database itself says so.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 10:40:00

Two commands started together on an empty home could each make an owner;
the people the second imported then belonged to nobody goodword shows.
``owner.is_local`` is True for the local owner and NULL for any other, under
a unique index, so a second local owner cannot be stored. The oldest
owner of an existing database is the local one (the one goodword has always
shown); owners made by that race stay as they are, NULL.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added in place, never by copying the table: on SQLite a copy drops the old owner
    # table, and its foreign keys would take every person with it.
    op.add_column("owner", sa.Column("is_local", sa.Boolean(), nullable=True))
    op.execute(
        sa.text(
            "UPDATE owner SET is_local = :yes WHERE id = (SELECT MIN(id) FROM owner)"
        ).bindparams(yes=True)
    )
    op.create_index(op.f("ix_owner_is_local"), "owner", ["is_local"], unique=True)


def downgrade() -> None:
    op.drop_index(op.f("ix_owner_is_local"), table_name="owner")
    op.drop_column("owner", "is_local")  # in place too (SQLite 3.35 and newer)
