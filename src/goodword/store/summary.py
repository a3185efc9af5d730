"""The evidence summary: a day's scores for the whole network, kept until the evidence changes.

Scoring 30,000 people from a million interactions takes seconds; reading
yesterday's answer back takes a fraction of one. A summary holds, for one
owner, one row per person (:class:`Standing`: the numbers lists sort and
filter on, as real columns, plus an opaque JSON payload with the whys that
the evidence stage encodes and decodes), the words of everyone's relevance
documents (:func:`postings`), and a header with the moment it was computed for, the moment it stops being true
(``valid_until``: the next midnight UTC, the next dated evidence, the next
ask that becomes old enough to judge) and the *data version* it was
computed from.

The data version is a fingerprint of everything scoring reads, taken with
a handful of aggregate queries (counts and largest ids of every evidence
table, plus the rows the user edits in place: flags, their own positions).
Any import, vetting, flag, relationship, ask, merge or split changes it, so
nobody has to remember to invalidate the summary — a stale row is simply
not used. :func:`invalidate` exists for tools that want to drop it anyway.
"""

from __future__ import annotations

import hashlib
import json
from collections import namedtuple
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any, NamedTuple, cast

from sqlalchemy import ColumnElement, Table, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from goodword.store import models as m
from goodword.store.bulk import driver_rows
from goodword.store.facts import Standing

EvidenceSummary = m.EvidenceSummary


_PERSON = m.SummaryPerson.__table__
_PERSON_TABLE = cast(Table, _PERSON)
_TERM_TABLE = cast(Table, m.SummaryTerm.__table__)
_PAYLOAD_TABLE = cast(Table, m.SummaryPayload.__table__)
_STANDING = [_PERSON.c[name] for name in Standing._fields]


@dataclass(frozen=True, slots=True)
class StoredSummary:
    """A summary row read back: its id, payload and the span it holds for."""

    id: int
    version: str
    computed_for: datetime
    valid_until: datetime
    payload: bytes


def _counted(model: type[m.Base], owner_id: int, *extra: ColumnElement[Any]) -> list[Any]:
    table = model.__table__
    where = table.c.owner_id == owner_id
    return [
        select(func.count()).select_from(table).where(where).scalar_subquery(),
        select(func.max(table.c.id)).where(where).scalar_subquery(),
        *(select(column).where(where).scalar_subquery() for column in extra),
    ]


class DataParts(NamedTuple):
    """What the data version is a fingerprint of, in three parts a change can be told by.

    ``evidence`` is what only an import, a merge or a split changes (and your
    own positions and name); ``judgements`` the vettings, relationships, asks
    and their events; ``flagged`` the people flagged or noted, one row each.
    """

    evidence: tuple[Any, ...]
    judgements: tuple[Any, ...]
    flagged: tuple[Any, ...]

    def version(self) -> str:
        """The data version: a digest of all three."""
        return hashlib.sha256(repr(tuple(self)).encode()).hexdigest()


def data_parts(session: Session, owner: m.Owner) -> DataParts:
    """The parts of the fingerprint of every row scoring reads (see :class:`DataParts`)."""
    i, p, t = m.Interaction.__table__, m.Person.__table__, m.Tenure.__table__
    # Messages, meetings and their people are written only by imports (an import run) and
    # moved only by merges and splits (people and match rows change): the newest id is all
    # the big tables need, and scanning a million rows would cost more than the answer.
    columns: list[Any] = [
        select(func.max(i.c.id)).where(i.c.owner_id == owner.id).scalar_subquery(),
        *_counted(m.Person, owner.id, func.sum(func.coalesce(p.c.organization_id, 0))),
        *_counted(m.Identity, owner.id, func.sum(m.Identity.__table__.c.person_id)),
        *_counted(m.Tenure, owner.id, func.sum(t.c.person_id), func.count(t.c.end_on)),
        *_counted(m.Endorsement, owner.id, func.sum(m.Endorsement.__table__.c.person_id)),
        *_counted(m.Recommendation, owner.id, func.sum(m.Recommendation.__table__.c.person_id)),
        *_counted(m.ImportRun, owner.id, func.count(m.ImportRun.__table__.c.finished_at)),
        *_counted(m.PersonMatch, owner.id),
        *_counted(m.Vetting, owner.id),
        *_counted(m.Relationship, owner.id),
        *_counted(m.Ask, owner.id),
        *_counted(m.AskEvent, owner.id),
    ]
    counts = tuple(session.execute(select(*columns)).one())
    judged = 8  # the last four tables' count and largest id
    # Rows the user edits in place: the flags and notes, the owner's own positions.
    flagged = session.execute(
        select(p.c.id, p.c.soured, p.c.do_not_ask, p.c.soured_note)
        .where(
            p.c.owner_id == owner.id,
            or_(p.c.soured.is_(True), p.c.do_not_ask.is_(True), p.c.soured_note != ""),
        )
        .order_by(p.c.id)
    ).all()
    own = session.execute(
        select(t.c.id, t.c.organization_id, t.c.title, t.c.start_on, t.c.end_on, t.c.is_current)
        .where(t.c.owner_id == owner.id, t.c.person_id == owner.self_person_id)
        .order_by(t.c.id)
    ).all()
    return DataParts(
        (*counts[:-judged], tuple(map(tuple, own)), owner.name, owner.self_person_id),
        counts[-judged:],
        tuple(map(tuple, flagged)),
    )


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
    return _newest(
        session,
        owner,
        version,
        EvidenceSummary.computed_for <= moment,
        EvidenceSummary.valid_until > moment,
    )


def read_lapsed(
    session: Session, owner: m.Owner, version: str, moment: datetime, since: datetime
) -> StoredSummary | None:
    """A summary of ``version`` that time alone ran out: it stopped holding after ``since``.

    The evidence is the same (same data version); only the clock moved past
    its span — a new day, an ask old enough to judge, a meeting that began.
    """
    return _newest(
        session,
        owner,
        version,
        EvidenceSummary.computed_for <= moment,
        EvidenceSummary.valid_until <= moment,
        EvidenceSummary.valid_until > since,
    )


def _newest(
    session: Session, owner: m.Owner, version: str, *where: ColumnElement[bool]
) -> StoredSummary | None:
    row = session.execute(
        select(
            EvidenceSummary.id,
            EvidenceSummary.version,
            EvidenceSummary.computed_for,
            EvidenceSummary.valid_until,
            EvidenceSummary.payload,
        )
        .where(EvidenceSummary.owner_id == owner.id, EvidenceSummary.version == version, *where)
        .order_by(EvidenceSummary.id.desc())
        .limit(1)
    ).first()
    return None if row is None else StoredSummary(row[0], row[1], row[2], row[3], bytes(row[4]))


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
        {"summary_id": row.id, "key": _key(term), "term": term, "postings": json.dumps(found)}
        for term, found in (terms or {}).items()
    ]
    for start in range(0, len(rows), _BATCH):
        db.execute(insert(_TERM_TABLE), rows[start : start + _BATCH])
    return row.id


_BATCH = 5_000


def _key(term: str) -> str:
    return hashlib.blake2b(term.encode(), digest_size=16).hexdigest()


def standings(session: Session, summary_id: int) -> list[Standing]:
    """Everyone's standing in a summary, in the order they were scored."""
    # Straight from the driver: 30,000 plain rows, no result processing.
    connection = session.connection()
    rows = driver_rows(
        connection,
        select(*_STANDING).where(_PERSON.c.summary_id == summary_id).order_by(_PERSON.c.position),
    )
    if connection.dialect.name != "sqlite":
        return list(map(Standing._make, rows))
    # SQLite hands booleans back as 0 and 1, and dates as their text.
    day = date.fromisoformat
    return [
        Standing(
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            row[5],
            row[6],
            row[7],
            row[8],
            row[9],
            row[10] == 1,
            row[11] == 1,
            row[12],
            None if row[13] is None else day(row[13]),
            row[14] == 1,
            row[15],
            row[16],
        )
        for row in rows
    ]


@cache
def _ranked_type(fields: tuple[str, ...]) -> Any:
    return namedtuple("Ranked", ("person_id", *fields))


def ranking(session: Session, summary_id: int, fields: Collection[str]) -> list[Any]:
    """Everyone's id and only ``fields`` of their standing, in the order they were scored.

    What a list needs to sort and filter 30,000 people is two or three
    columns; reading all seventeen costs several times as much. The rows
    have the fields as attributes, like :class:`Standing`.
    """
    wanted = tuple(name for name in Standing._fields if name in fields and name != "person_id")
    make = _ranked_type(wanted)._make
    rows = driver_rows(
        session.connection(),
        select(_PERSON.c.person_id, *(_PERSON.c[name] for name in wanted))
        .where(_PERSON.c.summary_id == summary_id)
        .order_by(_PERSON.c.position),
    )
    return list(map(make, rows))


def payloads(
    session: Session, summary_id: int, person_ids: Collection[int] | None = None
) -> dict[int, str]:
    """The stored judgement (JSON) of some people of a summary, or of everyone in order."""
    query = select(m.SummaryPayload.person_id, m.SummaryPayload.payload).where(
        m.SummaryPayload.summary_id == summary_id
    )
    if person_ids is None:
        ordered = session.execute(
            query.join(
                m.SummaryPerson,
                (m.SummaryPerson.summary_id == m.SummaryPayload.summary_id)
                & (m.SummaryPerson.person_id == m.SummaryPayload.person_id),
            ).order_by(m.SummaryPerson.position)
        )
        return {pid: text for pid, text in ordered}  # noqa: C416 (rows are not pairs to mypy)
    found: dict[int, str] = {}
    wanted = list(person_ids)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found.update(
            (pid, text)
            for pid, text in session.execute(query.where(m.SummaryPayload.person_id.in_(chunk)))
        )
    return found


def postings(session: Session, summary_id: int, terms: Collection[str]) -> dict[str, list[int]]:
    """For each of ``terms`` used by someone: person id, count, person id, count, ..."""
    keys = {_key(term): term for term in terms}
    found: dict[str, list[int]] = {}
    for key, term, text in session.execute(
        select(m.SummaryTerm.key, m.SummaryTerm.term, m.SummaryTerm.postings).where(
            m.SummaryTerm.summary_id == summary_id, m.SummaryTerm.key.in_(list(keys))
        )
    ):
        if keys.get(key) == term:
            found[term] = json.loads(text)
    return found


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
