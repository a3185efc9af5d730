"""Kept scores under their own name: the ``evidence_summary*`` tables become ``kept_score*``.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 13:10:00

The code, the docs and the tests call them kept scores; the tables kept
the name of an earlier idea. Kept scores are a cache recomputed from the
evidence on the next ``people``, so the old tables are dropped, not copied:
nothing is lost, and the first read after the upgrade scores everyone afresh
(see docs/kept-scores.md).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from goodword.store.models import UTCDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_CHILDREN = ("person", "payload", "term")


def _header(name: str) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("computed_for", UTCDateTime(), nullable=False),
        sa.Column("valid_until", UTCDateTime(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["owner.id"], name=op.f(f"fk_{name}_owner_id_owner"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    )
    op.create_index(op.f(f"ix_{name}_owner_id"), name, ["owner_id"])


def _summary_key(header: str, table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["summary_id"],
        [f"{header}.id"],
        name=op.f(f"fk_{table}_summary_id_{header}"),
        ondelete="CASCADE",
    )


def _children(header: str) -> None:
    person, payload, term = (f"{header}_{child}" for child in _CHILDREN)
    op.create_table(
        person,
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
        _summary_key(header, person),
        sa.PrimaryKeyConstraint("summary_id", "person_id", name=op.f(f"pk_{person}")),
    )
    op.create_table(
        payload,
        sa.Column("summary_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        _summary_key(header, payload),
        sa.PrimaryKeyConstraint("summary_id", "person_id", name=op.f(f"pk_{payload}")),
    )
    op.create_table(
        term,
        sa.Column("summary_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("term", sa.Text(), nullable=False),
        sa.Column("postings", sa.Text(), nullable=False),
        _summary_key(header, term),
        sa.PrimaryKeyConstraint("summary_id", "key", name=op.f(f"pk_{term}")),
    )


def _drop(header: str) -> None:
    for child in _CHILDREN:
        op.drop_table(f"{header}_{child}")
    op.drop_index(op.f(f"ix_{header}_owner_id"), table_name=header)
    op.drop_table(header)


def upgrade() -> None:
    _drop("evidence_summary")
    _header("kept_score")
    _children("kept_score")


def downgrade() -> None:
    _drop("kept_score")
    _header("evidence_summary")
    _children("evidence_summary")
