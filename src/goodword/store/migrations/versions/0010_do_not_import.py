"""The do-not-import list: what keeps a forgotten person forgotten on every re-import.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 12:20:00

``goodword forget`` removes a person and everything about them; these two
tables keep them from coming back. ``do_not_import`` holds, per owner, a
keyed one-way digest of each key that named them (identities, row keys,
name at organisation), never the key itself; ``do_not_import_secret`` holds
the owner's random key for those digests, made on the first forget (see
docs/privacy.md for why the digest is keyed).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from goodword.store.models import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "do_not_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["owner.id"],
            name=op.f("fk_do_not_import_owner_id_owner"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_do_not_import")),
        sa.UniqueConstraint("owner_id", "digest", name=op.f("uq_do_not_import_owner_id_digest")),
    )
    op.create_index(op.f("ix_do_not_import_owner_id"), "do_not_import", ["owner_id"])
    op.create_table(
        "do_not_import_secret",
        sa.Column("owner_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("secret", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["owner.id"],
            name=op.f("fk_do_not_import_secret_owner_id_owner"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("owner_id", name=op.f("pk_do_not_import_secret")),
    )


def downgrade() -> None:
    op.drop_table("do_not_import_secret")
    op.drop_index(op.f("ix_do_not_import_owner_id"), table_name="do_not_import")
    op.drop_table("do_not_import")
