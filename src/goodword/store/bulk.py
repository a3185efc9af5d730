"""Bulk INSERT straight through the database driver, for the millions of rows a mailbox gives.

SQLAlchemy's executemany costs about as much per row in parameter handling
as the database spends storing it. :class:`BulkInsert` compiles the INSERT
once, takes SQLAlchemy's own bind processors for the columns that need one
(timestamps, booleans), and hands plain tuples to the driver's
``executemany`` on the session's connection, inside its transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Table, bindparam, insert
from sqlalchemy.orm import Session


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
        self.processors: list[tuple[int, Callable[[Any], Any]]] = []
        for index, name in enumerate(self.columns):
            processor = table.c[name].type.bind_processor(dialect)
            if processor is not None:
                self.processors.append((index, processor))

    def __call__(self, session: Session, rows: Sequence[tuple[Any, ...]]) -> None:
        """Write ``rows`` with one driver-level executemany."""
        if not rows:
            return
        prepared: list[Any] = []
        for row in rows:
            values = list(row)
            for index, processor in self.processors:
                values[index] = processor(values[index])
            if self.order is not None:
                prepared.append(tuple(values[i] for i in self.order))
            else:
                prepared.append(dict(zip(self.columns, values, strict=True)))
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
