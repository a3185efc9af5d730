"""Kept scores in the store: everyone's scores of one day, read back until the evidence changes.

Scoring 30,000 people from a million interactions takes seconds; reading
yesterday's answer back takes a fraction of one. The kept scores of one
owner are a header (the moment they were computed for, the moment they stop
being true — ``valid_until``: the next midnight UTC, the next dated
evidence, the next ask that becomes old enough to judge —, the *data
version* and the scoring version they were computed from), one row per
person (:class:`~goodword.store.facts.ScoreRow`: the numbers lists sort and
filter on, as real columns), one opaque JSON payload per person (the whys,
encoded and decoded by :mod:`goodword.service.scores.codec`) and the
postings of everyone's relevance documents: the tables ``kept_score``,
``kept_score_person``, ``kept_score_payload`` and ``kept_score_term``.

The data version is a fingerprint of everything scoring reads, taken with
a handful of aggregate queries (counts and largest ids of every evidence
table, plus the rows the user edits in place: flags, their own positions).
Any import, vetting, flag, relationship, ask, merge or split changes it, so
nobody has to remember to drop kept scores — a stale row is simply not
used. :func:`invalidate` exists for tools that want to drop them anyway.

Two halves, one module. The reads are plain SQL on a
:class:`~goodword.store.reading.Reader` and load no SQLAlchemy: ``goodword
people`` answers from them without opening the store (see
:mod:`goodword.service.scores`). The writes take a session; they import
SQLAlchemy and the models inside the functions, so that importing this
module for its reads stays cheap.
"""

from __future__ import annotations

import hashlib
import json
from collections import namedtuple
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from goodword.store.facts import ScoreRow
from goodword.store.reading import OwnerRow, Reader, placeholders

if TYPE_CHECKING:
    from sqlalchemy import Table
    from sqlalchemy.orm import Session

    from goodword.store import models as m


# -- the data version


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


def _counted(table: str, *extra: str) -> list[str]:
    where = f"FROM {table} WHERE owner_id = :owner"
    return [f"(SELECT count(*) {where})", f"(SELECT max(id) {where})"] + [
        f"(SELECT {expression} {where})" for expression in extra
    ]


# Messages, meetings and their people are written only by imports (an import run) and moved
# only by merges and splits (people and match rows change): the newest id is all the big
# tables need, and scanning a million rows would cost more than the answer.
_EVIDENCE = [
    "(SELECT max(id) FROM interaction WHERE owner_id = :owner)",
    *_counted("person", "sum(coalesce(organization_id, 0))"),
    *_counted("identity", "sum(person_id)"),
    *_counted("tenure", "sum(person_id)", "count(end_on)"),
    *_counted("endorsement", "sum(person_id)"),
    *_counted("recommendation", "sum(person_id)"),
    *_counted("import_run", "count(finished_at)"),
    *_counted("person_match"),
]
_JUDGEMENTS = [
    *_counted("vetting"),
    *_counted("relationship"),
    *_counted("ask"),
    *_counted("ask_event"),
]
_COUNTS = "SELECT " + ", ".join(_EVIDENCE + _JUDGEMENTS)
_FLAGGED = (
    "SELECT id, soured, do_not_ask, soured_note FROM person WHERE owner_id = :owner"
    " AND (soured = :yes OR do_not_ask = :yes OR soured_note != '') ORDER BY id"
)
_OWN = (
    "SELECT id, organization_id, title, start_on, end_on, is_current FROM tenure"
    " WHERE owner_id = :owner AND person_id = :me ORDER BY id"
)


def data_parts(source: Session | Reader, owner: OwnerRow | m.Owner) -> DataParts:
    """The parts of the fingerprint of every row scoring reads (see :class:`DataParts`)."""
    reader = Reader.of(source)
    counts = tuple(reader.rows(_COUNTS, owner=owner.id)[0])
    flagged = tuple(
        (pid, reader.flag(soured), reader.flag(do_not_ask), note)
        for pid, soured, do_not_ask, note in reader.rows(_FLAGGED, owner=owner.id, yes=True)
    )
    own = tuple(
        (tid, org, title, reader.day(start), reader.day(end), reader.flag(current))
        for tid, org, title, start, end, current in reader.rows(
            _OWN, owner=owner.id, me=owner.self_person_id
        )
    )
    judged = len(_JUDGEMENTS)
    return DataParts(
        (*counts[:-judged], own, owner.name, owner.self_person_id),
        counts[-judged:],
        flagged,
    )


def data_version(source: Session | Reader, owner: OwnerRow | m.Owner) -> str:
    """A fingerprint of every row scoring reads: it changes whenever the evidence does."""
    return data_parts(source, owner).version()


# -- reading kept scores


@dataclass(frozen=True, slots=True)
class StoredScores:
    """The header of kept scores read back: its id, data version, payload and the span it holds for."""

    id: int
    version: str
    computed_for: datetime
    valid_until: datetime
    payload: bytes


_HEADER = (
    "SELECT id, version, computed_for, valid_until, payload FROM kept_score"
    " WHERE owner_id = :owner AND version = :version AND computed_for <= :moment AND {span}"
    " ORDER BY id DESC LIMIT 1"
)


def newest(
    source: Session | Reader,
    owner_id: int,
    version: str,
    moment: datetime,
    *,
    lapsed_since: datetime | None = None,
) -> StoredScores | None:
    """The newest kept scores of ``version`` that hold at ``moment``.

    With ``lapsed_since``, instead the newest whose span time alone ran out
    after that moment (the same evidence; only the clock moved past it).
    """
    reader = Reader.of(source)
    stamp = reader.stamp
    if lapsed_since is None:
        sql = _HEADER.format(span="valid_until > :moment")
        rows = reader.rows(sql, owner=owner_id, version=version, moment=stamp(moment))
    else:
        sql = _HEADER.format(span="valid_until <= :moment AND valid_until > :since")
        rows = reader.rows(
            sql, owner=owner_id, version=version, moment=stamp(moment), since=stamp(lapsed_since)
        )
    if not rows:
        return None
    sid, found, computed_for, valid_until, payload = rows[0]
    return StoredScores(
        sid, found, reader.timestamp(computed_for), reader.timestamp(valid_until), bytes(payload)
    )


_STANDINGS = "SELECT {columns} FROM kept_score_person WHERE summary_id = :kept ORDER BY position"
# Columns SQLite gives back as it stores them (0 and 1, a date's text): only score_rows() reads them.
_AS_STORED = frozenset({"soured", "do_not_ask", "away", "away_until"})


def score_rows(source: Session | Reader, kept_id: int) -> list[ScoreRow]:
    """Everyone's row of the kept scores ``kept_id``, in the order they were scored."""
    reader = Reader.of(source)
    rows = reader.rows(_STANDINGS.format(columns=", ".join(ScoreRow._fields)), kept=kept_id)
    if not reader.sqlite:
        return list(map(ScoreRow._make, rows))
    # SQLite hands booleans back as 0 and 1, and dates as their text.
    day = date.fromisoformat
    return [
        ScoreRow(
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


def ranking(source: Session | Reader, kept_id: int, fields: Collection[str]) -> list[Any]:
    """Everyone's id and only ``fields`` of their score_row, in the order they were scored.

    What a list needs to sort and filter 30,000 people is two or three
    columns; reading all seventeen costs several times as much. The rows
    have the fields as attributes, like :class:`ScoreRow`.
    """
    reader = Reader.of(source)
    wanted = tuple(name for name in ScoreRow._fields if name in fields and name != "person_id")
    if _AS_STORED.intersection(wanted):  # not read as the driver gives them: see score_rows()
        raise ValueError(f"ranking reads numbers and text, not {sorted(_AS_STORED & set(wanted))}")
    rows = reader.rows(_STANDINGS.format(columns=", ".join(("person_id", *wanted))), kept=kept_id)
    return list(map(_ranked_type(wanted)._make, rows))


def payloads(
    source: Session | Reader, kept_id: int, person_ids: Collection[int] | None = None
) -> dict[int, str]:
    """The kept judgement (JSON) of some people, or of everyone in scoring order."""
    reader = Reader.of(source)
    if person_ids is None:
        rows = reader.rows(
            "SELECT p.person_id, p.payload FROM kept_score_payload p"
            " JOIN kept_score_person s"
            " ON s.summary_id = p.summary_id AND s.person_id = p.person_id"
            " WHERE p.summary_id = :kept ORDER BY s.position",
            kept=kept_id,
        )
        return dict(rows)
    found: dict[int, str] = {}
    wanted = list(person_ids)
    for start in range(0, len(wanted), 500):
        marks, values = placeholders(wanted[start : start + 500], "p")
        found.update(
            reader.rows(
                "SELECT person_id, payload FROM kept_score_payload"
                f" WHERE summary_id = :kept AND person_id IN ({marks})",
                kept=kept_id,
                **values,
            )
        )
    return found


def term_key(term: str) -> str:
    """The indexed key a word's postings are found by."""
    return hashlib.blake2b(term.encode(), digest_size=16).hexdigest()


def postings(
    source: Session | Reader, kept_id: int, terms: Collection[str]
) -> dict[str, list[int]]:
    """For each of ``terms`` used by someone: person id, count, person id, count, ..."""
    reader = Reader.of(source)
    keys = {term_key(term): term for term in terms}
    found: dict[str, list[int]] = {}
    listed = list(keys)
    # A long posting gives thousands of words and phrases: ask in batches that stay under
    # every database's limit on bound parameters.
    for start in range(0, len(listed), _TERMS_PER_QUERY):
        marks, values = placeholders(listed[start : start + _TERMS_PER_QUERY], "k")
        for key, term, text in reader.rows(
            "SELECT key, term, postings FROM kept_score_term"
            f" WHERE summary_id = :kept AND key IN ({marks})",
            kept=kept_id,
            **values,
        ):
            if keys.get(key) == term:
                found[term] = json.loads(text)
    return found


_TERMS_PER_QUERY = 2_000


# -- writing kept scores (through a session)


# -- writing kept scores (through a session)


def next_evidence_after(session: Session, owner: m.Owner, moment: datetime) -> datetime | None:
    """The first dated evidence at or after ``moment`` (a scheduled meeting, a future-dated message)."""
    from sqlalchemy import func, select

    from goodword.store import models as m

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


def write(
    session: Session,
    owner: m.Owner,
    *,
    version: str,
    computed_for: datetime,
    valid_until: datetime,
    payload: bytes,
    people: Iterable[tuple[ScoreRow, str]] = (),
    terms: dict[str, list[int]] | None = None,
) -> int:
    """Keep these scores as the owner's only ones: their people (row, payload) and words.

    ``terms`` maps each word of the relevance documents to its postings
    (person id, count, person id, count, ...). Returns the kept scores' id.
    """
    from sqlalchemy import insert

    from goodword.store import models as m

    invalidate(session, owner)
    row = m.KeptScores(
        owner_id=owner.id,
        version=version,
        computed_for=computed_for,
        valid_until=valid_until,
        payload=payload,
    )
    session.add(row)
    session.flush()
    person, text, term = _tables()
    # Core executemany on the session's connection: no ORM bookkeeping for 30,000 rows.
    db = session.connection()
    batch: list[dict[str, Any]] = []
    texts: list[dict[str, Any]] = []
    for position, (score_row, encoded) in enumerate(people):
        batch.append({**score_row._asdict(), "summary_id": row.id, "position": position})
        texts.append({"summary_id": row.id, "person_id": score_row.person_id, "payload": encoded})
        if len(batch) >= _BATCH:
            db.execute(insert(person), batch)
            db.execute(insert(text), texts)
            batch, texts = [], []
    if batch:
        db.execute(insert(person), batch)
        db.execute(insert(text), texts)
    rows = [
        {"summary_id": row.id, "key": term_key(word), "term": word, "postings": json.dumps(found)}
        for word, found in (terms or {}).items()
    ]
    for start in range(0, len(rows), _BATCH):
        db.execute(insert(term), rows[start : start + _BATCH])
    return row.id


_BATCH = 5_000


def _tables() -> tuple[Table, Table, Table]:
    """The tables of people, payloads and terms (for Core statements)."""
    from goodword.store import models as m

    return (
        cast("Table", m.KeptPerson.__table__),
        cast("Table", m.KeptPayload.__table__),
        cast("Table", m.KeptTerm.__table__),
    )


def replace_people(session: Session, kept_id: int, people: Iterable[tuple[ScoreRow, str]]) -> None:
    """Overwrite some people's rows of kept scores (row and payload), keeping their place."""
    from sqlalchemy import update

    person, text, _term = _tables()
    db = session.connection()
    for score_row, encoded in people:
        db.execute(
            update(person)
            .where((person.c.summary_id == kept_id) & (person.c.person_id == score_row.person_id))
            .values(score_row._asdict())
        )
        db.execute(
            update(text)
            .where((text.c.summary_id == kept_id) & (text.c.person_id == score_row.person_id))
            .values(payload=encoded)
        )


def restamp(
    session: Session,
    kept_id: int,
    *,
    version: str,
    computed_for: datetime,
    valid_until: datetime,
) -> None:
    """Move kept scores to a new data version and span (after their changed rows were rewritten)."""
    from sqlalchemy import update

    from goodword.store import models as m

    session.execute(
        update(m.KeptScores)
        .where(m.KeptScores.id == kept_id)
        .values(version=version, computed_for=computed_for, valid_until=valid_until)
    )


def invalidate(session: Session, owner: m.Owner) -> int:
    """Drop the owner's kept scores, their people, payloads and words; returns how many.

    Never needed for correctness when the evidence changed (a changed data
    version is not read); needed when a kept score must not survive at all,
    as when a person is forgotten (their name and words are in others' rows).
    """
    from sqlalchemy import delete, func, select

    from goodword.store import models as m

    mine = m.KeptScores.owner_id == owner.id
    dropped = session.scalar(select(func.count()).select_from(m.KeptScores).where(mine)) or 0
    session.execute(delete(m.KeptScores).where(mine))  # people, payloads, words: on delete cascade
    return dropped
