"""Reading the evidence summary straight through the database driver, without SQLAlchemy.

``goodword people`` and ``goodword suggest`` answer from the day's summary.
Reading it is a handful of small queries; loading SQLAlchemy and the models
to send them cost more than twice as long as the queries themselves. So the
summary's reads — the owner, the data version, the summary that holds, the
standings, the payloads and the postings — are plain SQL here, run on a
:class:`Reader`: a DB-API connection of either database. The service runs
the very same reads on its session's connection (:meth:`Reader.of`); a
command that only reads opens one without the engine (:meth:`Reader.open`).
Writing the summary stays in :mod:`goodword.store.summary`.

SQL is written once, with ``:name`` parameters, and only in the common
dialect of SQLite and PostgreSQL. Timestamps are naive UTC in both (SQLite
as text, ``YYYY-MM-DD HH:MM:SS.ffffff``, which compares in time order) and
come back aware, as :class:`~goodword.store.models.UTCDateTime` gives them.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections import namedtuple
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from goodword.store.facts import Standing

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def sqlite_timestamp(value: datetime | None) -> str | None:
    """An aware datetime as SQLite stores it: naive UTC, ``YYYY-MM-DD HH:MM:SS.ffffff``.

    The text SQLAlchemy's own processors write for a :class:`UTCDateTime`
    (a test holds them equal), in a fraction of the time: a mailbox has
    millions of them.
    """
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("goodword stores aware datetimes only")
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.isoformat(" ", "microseconds")[:26]


def timestamp_reader(dialect: str) -> Callable[[Any], datetime]:
    """How a timestamp read past its column type becomes the aware UTC datetime it stands for.

    SQLite keeps naive UTC text (``2024-03-01 09:30:00.000000``), PostgreSQL
    naive UTC timestamps; :class:`~goodword.store.models.UTCDateTime` would
    give the same values, at several times the cost per row.
    """
    if dialect == "sqlite":

        def from_text(value: Any) -> datetime:
            # Parsing the offset gives datetime.UTC itself, six times faster than replace().
            return datetime.fromisoformat(value + "+00:00")

        return from_text

    def aware(value: Any) -> datetime:
        moment: datetime = value
        return moment.replace(tzinfo=UTC)

    return aware


_NAMED = re.compile(r"(?<![:\w]):(\w+)")


class Reader:
    """A DB-API connection of SQLite or PostgreSQL, and how to talk to it in plain SQL."""

    def __init__(
        self, connection: Any, dialect: str, errors: tuple[type[Exception], ...] = ()
    ) -> None:
        self.connection = connection
        self.dialect = dialect
        self.sqlite = dialect == "sqlite"
        self.timestamp = timestamp_reader(dialect)
        self.errors = errors
        """What the driver raises when a read fails (a lock held too long, a lost connection)."""

    @classmethod
    def of(cls, session: Session | Reader) -> Reader:
        """The connection ``session`` works in, inside its transaction, its changes flushed.

        Given a reader, that reader: callers that read stored scores take either.
        """
        if isinstance(session, Reader):
            return session
        session.flush()
        connection = session.connection()
        dialect = connection.dialect
        errors = (dialect.dbapi.Error,) if dialect.dbapi is not None else ()
        return cls(connection.connection.driver_connection, dialect.name, errors)

    @classmethod
    @contextmanager
    def open(cls, url: str) -> Iterator[Reader | None]:
        """A connection of its own to the database at ``url``; None when it cannot be had so.

        A database that is not there yet, or a driver that is not
        installed, is for the full store to create or report.
        """
        reader = _connect(url)
        try:
            yield reader
        finally:
            if reader is not None:
                with suppress(Exception):
                    reader.connection.close()

    def rows(self, sql: str, **params: Any) -> list[Any]:
        """Every row of ``sql`` (with ``:name`` parameters), as the driver gives them."""
        cursor = self.connection.cursor()
        try:
            cursor.execute(sql if self.sqlite else _NAMED.sub(r"%(\1)s", sql), params)
            return list(cursor.fetchall())
        finally:
            cursor.close()

    def stamp(self, moment: datetime) -> Any:
        """``moment`` as a parameter compared with a stored timestamp."""
        if self.sqlite:
            return sqlite_timestamp(moment)
        return moment.astimezone(UTC).replace(tzinfo=None)

    def flag(self, value: Any) -> bool:
        """A stored boolean (SQLite gives 0 and 1)."""
        return bool(value)

    def day(self, value: Any) -> date | None:
        """A stored date (SQLite gives its text)."""
        if value is None or isinstance(value, date):
            return value
        return date.fromisoformat(value)


def _connect(url: str) -> Reader | None:
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[1] if ":///" in url else ""
        if not path or path == ":memory:" or "?" in path:
            return None
        file = Path(path).expanduser()
        if not file.is_file():
            return None
        try:
            connection = sqlite3.connect(file, timeout=10.0, isolation_level=None)
        except sqlite3.Error:
            return None
        # Reads only, in one snapshot: a writer in another process waits for nobody.
        connection.execute("BEGIN")
        return Reader(connection, "sqlite", (sqlite3.Error,))
    if url.startswith("postgresql+psycopg://"):
        try:
            import psycopg
        except ImportError:
            return None
        try:
            # Briefly: a server that does not answer is the store's to report, in its own words.
            server = psycopg.connect("postgresql://" + url.split("://", 1)[1], connect_timeout=3)
        except psycopg.Error:
            return None
        server.read_only = True
        # Every read sees one moment, as SQLite's BEGIN above gives: an import committing
        # meanwhile cannot show a person whose rows are not there yet.
        server.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        return Reader(server, "postgresql", (psycopg.Error,))
    return None


# -- the owner and the data version


class OwnerRow(NamedTuple):
    """The local owner, as the data version and the summary need them."""

    id: int
    self_person_id: int | None
    name: str


def owner(reader: Reader) -> OwnerRow | None:
    """The local database's owner (the first one), or None before the first import."""
    rows = reader.rows("SELECT id, self_person_id, name FROM owner ORDER BY id LIMIT 1")
    return OwnerRow(*rows[0]) if rows else None


MIGRATIONS = Path(__file__).parent / "migrations" / "versions"


def packaged_head() -> str:
    """The newest packaged migration, from the file names (``0006_….py`` → ``0006``).

    The migrations form one line, each numbered one more than the last (a
    test holds Alembic's head to this), so opening a database that is up to
    date needs no Alembic at all: it loads slowly and every command opens
    the store.
    """
    return max(p.name[:4] for p in MIGRATIONS.glob("[0-9][0-9][0-9][0-9]_*.py"))


def schema_version(reader: Reader) -> str | None:
    """The database's migration revision, or None when it has none."""
    try:
        rows = reader.rows("SELECT version_num FROM alembic_version")
    except reader.errors:  # no such table: a database goodword never migrated
        return None
    return rows[0][0] if rows else None


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


def data_parts(reader: Reader, owner: OwnerRow) -> DataParts:
    """The parts of the fingerprint of every row scoring reads (see :class:`DataParts`)."""
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


# -- the summary


@dataclass(frozen=True, slots=True)
class StoredSummary:
    """A summary row read back: its id, payload and the span it holds for."""

    id: int
    version: str
    computed_for: datetime
    valid_until: datetime
    payload: bytes


_SUMMARY = (
    "SELECT id, version, computed_for, valid_until, payload FROM evidence_summary"
    " WHERE owner_id = :owner AND version = :version AND computed_for <= :moment AND {span}"
    " ORDER BY id DESC LIMIT 1"
)


def newest(
    reader: Reader,
    owner_id: int,
    version: str,
    moment: datetime,
    *,
    lapsed_since: datetime | None = None,
) -> StoredSummary | None:
    """The newest summary of ``version`` that holds at ``moment``.

    With ``lapsed_since``, instead the newest whose span time alone ran out
    after that moment (the same evidence; only the clock moved past it).
    """
    stamp = reader.stamp
    if lapsed_since is None:
        sql = _SUMMARY.format(span="valid_until > :moment")
        rows = reader.rows(sql, owner=owner_id, version=version, moment=stamp(moment))
    else:
        sql = _SUMMARY.format(span="valid_until <= :moment AND valid_until > :since")
        rows = reader.rows(
            sql, owner=owner_id, version=version, moment=stamp(moment), since=stamp(lapsed_since)
        )
    if not rows:
        return None
    sid, found, computed_for, valid_until, payload = rows[0]
    return StoredSummary(
        sid, found, reader.timestamp(computed_for), reader.timestamp(valid_until), bytes(payload)
    )


_STANDINGS = (
    "SELECT {columns} FROM evidence_summary_person WHERE summary_id = :summary ORDER BY position"
)
# Columns SQLite gives back as it stores them (0 and 1, a date's text): only standings() reads them.
_AS_STORED = frozenset({"soured", "do_not_ask", "away", "away_until"})


def standings(reader: Reader, summary_id: int) -> list[Standing]:
    """Everyone's standing in a summary, in the order they were scored."""
    rows = reader.rows(_STANDINGS.format(columns=", ".join(Standing._fields)), summary=summary_id)
    if not reader.sqlite:
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


def ranking(reader: Reader, summary_id: int, fields: Collection[str]) -> list[Any]:
    """Everyone's id and only ``fields`` of their standing, in the order they were scored.

    What a list needs to sort and filter 30,000 people is two or three
    columns; reading all seventeen costs several times as much. The rows
    have the fields as attributes, like :class:`Standing`.
    """
    wanted = tuple(name for name in Standing._fields if name in fields and name != "person_id")
    if _AS_STORED.intersection(wanted):  # not read as the driver gives them: see standings()
        raise ValueError(f"ranking reads numbers and text, not {sorted(_AS_STORED & set(wanted))}")
    rows = reader.rows(
        _STANDINGS.format(columns=", ".join(("person_id", *wanted))), summary=summary_id
    )
    return list(map(_ranked_type(wanted)._make, rows))


def _placeholders(values: Sequence[Any], prefix: str) -> tuple[str, dict[str, Any]]:
    names = {f"{prefix}{index}": value for index, value in enumerate(values)}
    return ", ".join(f":{name}" for name in names), names


def payloads(
    reader: Reader, summary_id: int, person_ids: Collection[int] | None = None
) -> dict[int, str]:
    """The stored judgement (JSON) of some people of a summary, or of everyone in order."""
    if person_ids is None:
        rows = reader.rows(
            "SELECT p.person_id, p.payload FROM evidence_summary_payload p"
            " JOIN evidence_summary_person s"
            " ON s.summary_id = p.summary_id AND s.person_id = p.person_id"
            " WHERE p.summary_id = :summary ORDER BY s.position",
            summary=summary_id,
        )
        return dict(rows)
    found: dict[int, str] = {}
    wanted = list(person_ids)
    for start in range(0, len(wanted), 500):
        marks, values = _placeholders(wanted[start : start + 500], "p")
        found.update(
            reader.rows(
                "SELECT person_id, payload FROM evidence_summary_payload"
                f" WHERE summary_id = :summary AND person_id IN ({marks})",
                summary=summary_id,
                **values,
            )
        )
    return found


def term_key(term: str) -> str:
    """The indexed key a word's postings are found by."""
    return hashlib.blake2b(term.encode(), digest_size=16).hexdigest()


def postings(reader: Reader, summary_id: int, terms: Collection[str]) -> dict[str, list[int]]:
    """For each of ``terms`` used by someone: person id, count, person id, count, ..."""
    keys = {term_key(term): term for term in terms}
    found: dict[str, list[int]] = {}
    listed = list(keys)
    # A long posting gives thousands of words and phrases: ask in batches that stay under
    # every database's limit on bound parameters.
    for start in range(0, len(listed), _TERMS_PER_QUERY):
        marks, values = _placeholders(listed[start : start + _TERMS_PER_QUERY], "k")
        for key, term, text in reader.rows(
            "SELECT key, term, postings FROM evidence_summary_term"
            f" WHERE summary_id = :summary AND key IN ({marks})",
            summary=summary_id,
            **values,
        ):
            if keys.get(key) == term:
                found[term] = json.loads(text)
    return found


_TERMS_PER_QUERY = 2_000


# -- opportunities and asks


class JobRow(NamedTuple):
    """An opportunity as stored (the columns :func:`goodword.service.views.job_view` reads)."""

    id: int
    title: str
    organization_name: str
    description: str
    deadline: date | None
    needs: dict[str, Any]
    needs_text: str
    confidential: bool
    status: str


def jobs(reader: Reader, owner_id: int) -> list[JobRow]:
    """Every opportunity of the owner, newest first."""
    rows = reader.rows(
        "SELECT id, title, organization_name, description, deadline, needs, needs_text,"
        " confidential, status FROM opportunity WHERE owner_id = :owner ORDER BY id DESC",
        owner=owner_id,
    )
    return [
        JobRow(
            jid,
            title,
            organization,
            description,
            reader.day(deadline),
            json.loads(needs) if isinstance(needs, str | bytes) else needs,  # SQLite: its text
            needs_text,
            reader.flag(confidential),
            status,
        )
        for jid, title, organization, description, deadline, needs, needs_text, confidential, status in rows
    ]


def times_asked(
    reader: Reader,
    owner_id: int,
    *,
    since: datetime,
    until: datetime,
    states: Collection[str],
    except_opportunity: int | None = None,
) -> dict[int, int]:
    """Per person: for how many other opportunities they were asked between ``since`` and ``until``."""
    marks, values = _placeholders(sorted(states), "s")
    other = "" if except_opportunity is None else " AND a.opportunity_id != :job"
    rows = reader.rows(
        "SELECT a.person_id, count(DISTINCT a.opportunity_id) FROM ask a"
        " JOIN ask_event e ON e.ask_id = a.id"
        f" WHERE a.owner_id = :owner AND e.to_state IN ({marks})"
        f" AND e.at >= :since AND e.at < :until{other} GROUP BY a.person_id",
        owner=owner_id,
        since=reader.stamp(since),
        until=reader.stamp(until),
        job=except_opportunity,
        **values,
    )
    return {int(person_id): int(count) for person_id, count in rows}


def maybe_you(reader: Reader, owner_id: int) -> frozenset[int]:
    """The contacts waiting in ``goodword review`` as "is this you?" (see store.matching)."""
    rows = reader.rows(
        "SELECT other_id FROM person_match WHERE owner_id = :owner AND right_key = :you"
        " AND status = :pending AND other_id IS NOT NULL",
        owner=owner_id,
        you="you",
        pending="pending",
    )
    return frozenset(int(other_id) for (other_id,) in rows)
