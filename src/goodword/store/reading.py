"""Reading straight through the database driver, without SQLAlchemy.

``goodword people`` and ``goodword suggest`` answer from kept scores
(:mod:`goodword.store.kept`). Reading them is a handful of small queries;
loading SQLAlchemy and the models to send them cost more than twice as long
as the queries themselves. So those reads — and the few others a slate
needs: the owner, the schema's revision, the opportunities, who was asked
lately — are plain SQL run on a :class:`Reader`: a DB-API connection of
either database. The service runs the very same reads on its session's
connection (:meth:`Reader.of`); a command that only reads opens one
without the engine (:meth:`Reader.open`).

SQL is written once, with ``:name`` parameters, and only in the common
dialect of SQLite and PostgreSQL. Timestamps are naive UTC in both (SQLite
as text, ``YYYY-MM-DD HH:MM:SS.ffffff``, which compares in time order) and
come back aware, as :class:`~goodword.store.models.UTCDateTime` gives them.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

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
    """The local owner, as the data version and kept scores need them."""

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


def placeholders(values: Sequence[Any], prefix: str) -> tuple[str, dict[str, Any]]:
    """``:p0, :p1, ...`` for an ``IN (...)`` of ``values``, and the parameters they name."""
    names = {f"{prefix}{index}": value for index, value in enumerate(values)}
    return ", ".join(f":{name}" for name in names), names


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
    marks, values = placeholders(sorted(states), "s")
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
