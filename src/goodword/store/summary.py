"""The evidence summary: a day's scores for the whole network, kept until the evidence changes.

Scoring 30,000 people from a million interactions takes seconds; reading
yesterday's answer back takes a fraction of one. A summary holds, for one
owner, one row per person (:class:`Standing`: the numbers lists sort and
filter on, as real columns, plus an opaque JSON payload with the whys that
the evidence stage encodes and decodes), the words of everyone's relevance
documents (their postings), and a header with the moment it was computed
for, the moment it stops being true (``valid_until``: the next midnight
UTC, the next dated evidence, the next ask that becomes old enough to
judge) and the *data version* it was computed from.

The data version is a fingerprint of everything scoring reads, taken with
a handful of aggregate queries (counts and largest ids of every evidence
table, plus the rows the user edits in place: flags, their own positions).
Any import, vetting, flag, relationship, ask, merge or split changes it, so
nobody has to remember to invalidate the summary — a stale row is simply
not used. :func:`invalidate` exists for tools that want to drop it anyway.

This module writes the summary; its reads, plain SQL that needs no
SQLAlchemy, are in :mod:`goodword.store.reading` (the few taking a session
here run those on the session's connection).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.orm import Session

from goodword.store import models as m
from goodword.store import reading
from goodword.store.facts import Standing
from goodword.store.reading import DataParts, Reader, StoredSummary, term_key

EvidenceSummary = m.EvidenceSummary


_PERSON = m.SummaryPerson.__table__
_PERSON_TABLE = cast(Table, _PERSON)
_TERM_TABLE = cast(Table, m.SummaryTerm.__table__)
_PAYLOAD_TABLE = cast(Table, m.SummaryPayload.__table__)


def _owner(owner: m.Owner) -> reading.OwnerRow:
    return reading.OwnerRow(owner.id, owner.self_person_id, owner.name)


def data_parts(session: Session, owner: m.Owner) -> DataParts:
    """The parts of the fingerprint of every row scoring reads (see :class:`DataParts`)."""
    return reading.data_parts(Reader.of(session), _owner(owner))


def data_version(session: Session, owner: m.Owner) -> str:
    """A fingerprint of every row scoring reads: it changes whenever the evidence does."""
    return data_parts(session, owner).version()


def next_evidence_after(session: Session, owner: m.Owner, moment: datetime) -> datetime | None:
    """The first dated evidence at or after ``moment`` (a scheduled meeting, a future-dated message)."""
    found: list[datetime] = []
    for column, owner_column in (
        (m.Interaction.occurred_at, m.Interaction.owner_id),
        (m.Endorsement.endorsed_at, m.Endorsement.owner_id),
        (m.Recommendation.created_at, m.Recommendation.owner_id),
        (m.AskEvent.at, m.AskEvent.owner_id),
    ):
        value = session.scalar(
            select(func.min(column)).where(owner_column == owner.id, column >= moment)
        )
        if value is not None:
            found.append(value)
    return min(found, default=None)


def read(session: Session, owner: m.Owner, version: str, moment: datetime) -> StoredSummary | None:
    """A summary computed from ``version`` that still holds at ``moment``, if there is one."""
    return reading.newest(Reader.of(session), owner.id, version, moment)


def write(
    session: Session,
    owner: m.Owner,
    *,
    version: str,
    computed_for: datetime,
    valid_until: datetime,
    payload: bytes,
    people: Iterable[tuple[Standing, str]] = (),
    terms: dict[str, list[int]] | None = None,
) -> int:
    """Keep this summary as the owner's only one: its people (standing, payload) and words.

    ``terms`` maps each word of the relevance documents to its postings
    (person id, count, person id, count, ...). Returns the summary's id.
    """
    invalidate(session, owner)
    row = EvidenceSummary(
        owner_id=owner.id,
        version=version,
        computed_for=computed_for,
        valid_until=valid_until,
        payload=payload,
    )
    session.add(row)
    session.flush()
    # Core executemany on the session's connection: no ORM bookkeeping for 30,000 rows.
    db = session.connection()
    batch: list[dict[str, Any]] = []
    texts: list[dict[str, Any]] = []
    for position, (standing, text) in enumerate(people):
        batch.append({**standing._asdict(), "summary_id": row.id, "position": position})
        texts.append({"summary_id": row.id, "person_id": standing.person_id, "payload": text})
        if len(batch) >= _BATCH:
            db.execute(insert(_PERSON_TABLE), batch)
            db.execute(insert(_PAYLOAD_TABLE), texts)
            batch, texts = [], []
    if batch:
        db.execute(insert(_PERSON_TABLE), batch)
        db.execute(insert(_PAYLOAD_TABLE), texts)
    rows = [
        {"summary_id": row.id, "key": term_key(term), "term": term, "postings": json.dumps(found)}
        for term, found in (terms or {}).items()
    ]
    for start in range(0, len(rows), _BATCH):
        db.execute(insert(_TERM_TABLE), rows[start : start + _BATCH])
    return row.id


_BATCH = 5_000


def payloads(
    session: Session, summary_id: int, person_ids: Collection[int] | None = None
) -> dict[int, str]:
    """The stored judgement (JSON) of some people of a summary, or of everyone in order."""
    return reading.payloads(Reader.of(session), summary_id, person_ids)


def replace_people(
    session: Session, summary_id: int, people: Iterable[tuple[Standing, str]]
) -> None:
    """Overwrite some people's rows of a summary (standing and payload), keeping their place."""
    db = session.connection()
    for standing, text in people:
        where = (_PERSON.c.summary_id == summary_id) & (_PERSON.c.person_id == standing.person_id)
        db.execute(update(_PERSON_TABLE).where(where).values(standing._asdict()))
        db.execute(
            update(_PAYLOAD_TABLE)
            .where(
                (_PAYLOAD_TABLE.c.summary_id == summary_id)
                & (_PAYLOAD_TABLE.c.person_id == standing.person_id)
            )
            .values(payload=text)
        )


def restamp(
    session: Session,
    summary_id: int,
    *,
    version: str,
    computed_for: datetime,
    valid_until: datetime,
) -> None:
    """Move a summary to a new data version and span (after its changed rows were rewritten)."""
    session.execute(
        update(EvidenceSummary)
        .where(EvidenceSummary.id == summary_id)
        .values(version=version, computed_for=computed_for, valid_until=valid_until)
    )


def invalidate(session: Session, owner: m.Owner) -> None:
    """Drop the owner's summaries (never needed for correctness: a changed version is not read)."""
    session.execute(delete(EvidenceSummary).where(EvidenceSummary.owner_id == owner.id))
