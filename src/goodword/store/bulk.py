"""Rows straight through the database driver, for the millions a mailbox or a network gives.

SQLAlchemy's per-row work (parameters going in, rows coming out) costs
about as much as the database's own. :class:`BulkInsert` compiles the
INSERT once, converts the values that need it (timestamps; SQLAlchemy's own
bind processors for any other type) and hands plain tuples to the driver's
``executemany`` on the session's connection, inside its transaction;
:func:`driver_rows` reads a SELECT's rows as the driver gives them, and
:func:`goodword.store.reading.timestamp_reader` turns their timestamps back
into aware datetimes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Boolean, Connection, Select, Table, bindparam, insert
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from goodword.store.models import UTCDateTime
from goodword.store.reading import sqlite_timestamp


def converter(column_type: TypeEngine[Any], dialect: Dialect) -> Callable[[Any], Any] | None:
    """How a value of ``column_type`` is handed to ``dialect``'s driver; None: as it is."""
    if isinstance(column_type, Boolean):
        return None  # both drivers take Python's bools (SQLite as 0 and 1, like SQLAlchemy)
    if isinstance(column_type, UTCDateTime) and dialect.name == "sqlite":
        return sqlite_timestamp
    return column_type.bind_processor(dialect)


class BulkInsert:
    """INSERT rows given as tuples in ``columns`` order into ``table``."""

    def __init__(self, session: Session, table: Table, columns: Sequence[str]) -> None:
        dialect = session.get_bind().dialect
        statement = insert(table).values({name: bindparam(name) for name in columns})
        compiled = statement.compile(dialect=dialect)
        self.sql = compiled.string
        self.columns = tuple(columns)
        names = compiled.positiontup if compiled.positional else None
        # Where the driver wants positional parameters, their order in the SQL.
        self.order = [self.columns.index(n) for n in names] if names is not None else None
        if self.order == list(range(len(self.columns))):
            self.order = None
        self.named = not compiled.positional
        self.processors: list[tuple[int, Callable[[Any], Any]]] = []
        for index, name in enumerate(self.columns):
            processor = converter(table.c[name].type, dialect)
            if processor is not None:
                self.processors.append((index, processor))

    def __call__(self, session: Session, rows: Sequence[Sequence[Any]]) -> None:
        """Write ``rows`` with one driver-level executemany."""
        if not rows:
            return
        prepared: list[Any] = []
        processors, order, columns = self.processors, self.order, self.columns
        for row in rows:
            values = list(row)
            for index, processor in processors:
                values[index] = processor(values[index])
            if self.named:
                prepared.append(dict(zip(columns, values, strict=True)))
            elif order is not None:
                prepared.append([values[i] for i in order])
            else:
                prepared.append(values)
        cursor = session.connection().connection.cursor()
        try:
            cursor.executemany(self.sql, prepared)
        finally:
            cursor.close()


def existing_keys(session: Session, table: Table, owner_id: int, keys: Sequence[str]) -> set[str]:
    """Which of ``keys`` ``table`` already holds for the owner, asked in one query.

    Written for the driver (``IN (?, ...)`` on SQLite, ``= ANY(%s)`` on
    PostgreSQL): SQLAlchemy would compile a bound parameter for every key.
    """
    if not keys:
        return set()
    unique = list(dict.fromkeys(keys))
    name = session.get_bind().dialect.name
    cursor = session.connection().connection.cursor()
    try:
        if name == "postgresql":
            cursor.execute(
                f"SELECT natural_key FROM {table.name} WHERE owner_id = %s AND natural_key = ANY(%s)",
                (owner_id, unique),
            )
        else:
            marks = ",".join("?" * len(unique))
            cursor.execute(
                f"SELECT natural_key FROM {table.name} WHERE owner_id = ? AND natural_key IN ({marks})",
                (owner_id, *unique),
            )
        return {row[0] for row in cursor.fetchall()}
    finally:
        cursor.close()


def driver_rows(connection: Connection, statement: Select[Any]) -> list[Any]:
    """Every row of ``statement`` as the database driver gives them: no result processing.

    SQLAlchemy's rows cost more than the database's work on a million of
    them. Values come raw: timestamps need :func:`timestamp_reader`.
    """
    dialect = connection.dialect
    compiled = statement.compile(dialect=dialect)
    values: dict[str, Any] = {}
    for name, value in compiled.construct_params().items():
        # Bound values as their column types write them (a timestamp as SQLite's text).
        processor = compiled.binds[name].type.bind_processor(dialect)
        values[name] = processor(value) if processor is not None else value
    if compiled.positional:
        arguments: Any = tuple(values[name] for name in compiled.positiontup or ())
    else:
        arguments = values
    cursor = connection.connection.cursor()
    try:
        cursor.execute(compiled.string, arguments)
        return list(cursor.fetchall())
    finally:
        cursor.close()
