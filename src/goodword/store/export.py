"""Everything one owner holds, as sections of plain rows, read and written table by table.

The export format (``docs/export.md``) is this module's :data:`SECTIONS`: one
section per table, named by what it holds, in an order where each row's
references come before it. Reading streams each table in id order inside the
caller's transaction (a snapshot, so the sections agree); writing puts rows
back with their own ids into an empty home, in batches, inside the caller's
transaction, so a bad row anywhere leaves the database as it was.

Kept scores (the ``kept_score*`` tables) are left out: they are
recomputed from these rows. A new table is one more :class:`Section` line
(and a line in ``docs/export.md``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Float,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    delete,
    func,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from goodword.errors import InvalidInput
from goodword.store import models as m

FORMAT = "goodword-export"
VERSION = 1
BATCH = 1000
KEPT_SCORES_TABLES = (
    "kept_score",
    "kept_score_person",
    "kept_score_payload",
    "kept_score_term",
)
"""Caches that an export leaves out: kept scores are computed again from the rows."""


@dataclass(frozen=True)
class Section:
    """One part of the export: a concept's name and the table that holds it."""

    name: str
    table: str

    @property
    def columns(self) -> list[Column[Any]]:
        """The table's columns as the export writes them (every one but ``owner_id``)."""
        return [c for c in _table(self.table).columns if c.name not in _OWNER_COLUMNS]


_OWNER_COLUMNS = ("owner_id", "is_local")

OWNER = Section("owner", "owner")
"""The owner: written as one object, not a list, and put back as the home's local owner."""

SECTIONS: tuple[Section, ...] = (
    Section("organizations", "organization"),
    Section("imports", "import_run"),
    Section("import_problems", "import_issue"),
    Section("people", "person"),
    Section("identities", "identity"),
    Section("positions", "tenure"),
    Section("relationships", "relationship"),
    Section("interactions", "interaction"),
    Section("interaction_participants", "interaction_participant"),
    Section("endorsements", "endorsement"),
    Section("recommendations", "recommendation"),
    Section("jobs", "opportunity"),
    Section("vettings", "vetting"),
    Section("asks", "ask"),
    Section("ask_events", "ask_event"),
    Section("identity_decisions", "person_match"),
    # Forgotten people (docs/privacy.md): without the list, a restored home would let them back.
    Section("do_not_import", "do_not_import"),
    Section("do_not_import_key", "do_not_import_secret"),
)
"""Every owned table but the owner and kept scores, each after the tables it refers to."""

BY_NAME = {section.name: section for section in SECTIONS}


def _table(name: str) -> Table:
    return m.Base.metadata.tables[name]


# -- reading


def read_owner(session: Session, owner: m.Owner) -> dict[str, Any]:
    """The owner's own row, as plain values."""
    columns = OWNER.columns
    row = session.execute(select(*columns).where(_table("owner").c.id == owner.id)).one()
    return {column.name: row[i] for i, column in enumerate(columns)}


def read_rows(session: Session, owner: m.Owner, section: Section) -> Iterator[dict[str, Any]]:
    """The owner's rows of ``section``, in primary-key order, streamed in batches."""
    table = _table(section.table)
    columns = section.columns
    query = (
        select(*columns)
        .where(table.c.owner_id == owner.id)
        .order_by(*table.primary_key.columns)
        .execution_options(yield_per=BATCH)
    )
    for row in session.execute(query):
        yield {column.name: row[i] for i, column in enumerate(columns)}


def counts(session: Session, owner: m.Owner) -> dict[str, int]:
    """How many rows each section holds for ``owner``."""
    found = {}
    for section in SECTIONS:
        table = _table(section.table)
        found[section.name] = session.execute(
            select(func.count()).select_from(table).where(table.c.owner_id == owner.id)
        ).scalar_one()
    return found


def plain(value: Any) -> Any:
    """A stored value as JSON can hold it: dates and times as ISO 8601 text, bytes as hex."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


# -- emptiness


def holds_data(session: Session) -> bool:
    """True when the home holds anything more than a new owner and their own person row.

    A home holds data from its first contact, import, job or other row on;
    the owner row and self person every command makes on first use do not
    count (nor a name given to ``goodword me``: an import replaces it).
    """
    if session.execute(select(func.count()).select_from(_table("owner"))).scalar_one() > 1:
        return True
    owner = session.execute(select(m.Owner.self_person_id)).first()
    self_id = owner.self_person_id if owner is not None else None
    for section in SECTIONS:
        table = _table(section.table)
        query = select(table.c.owner_id).limit(1)
        if section.table == "person" and self_id is not None:
            query = query.where(table.c.id != self_id)
        if session.execute(query).first() is not None:
            return True
    return False


# -- writing


class ExportReadError(InvalidInput):
    """The export cannot be read; nothing was imported."""


def clear_new_home(session: Session) -> None:
    """Remove the blank owner (and their self person) a new home made, before an import."""
    session.execute(update(_table("owner")).values(self_person_id=None))
    session.execute(delete(_table("person")))
    session.execute(delete(_table("owner")))


def write_owner(session: Session, values: dict[str, Any]) -> tuple[int, int | None]:
    """Insert the exported owner as the home's local owner: its id and the self person to link."""
    row = decode_row(OWNER, values, where="owner")
    self_person = row.pop("self_person_id", None)
    row["self_person_id"] = None
    row["is_local"] = True
    session.execute(_table("owner").insert(), [row])
    return int(row["id"]), self_person


def link_self(session: Session, owner_id: int, person_id: int | None) -> None:
    """Point the owner at their own person row once people are in."""
    if person_id is not None:
        session.execute(
            update(_table("owner"))
            .where(_table("owner").c.id == owner_id)
            .values(self_person_id=person_id)
        )


def write_rows(session: Session, owner_id: int, section: Section, rows: Iterable[Any]) -> int:
    """Insert ``rows`` of ``section`` for ``owner_id`` in batches; how many were written."""
    table = _table(section.table)
    batch: list[dict[str, Any]] = []
    written = 0
    for index, raw in enumerate(rows):
        row = decode_row(section, raw, where=f"{section.name}[{index}]")
        row["owner_id"] = owner_id
        batch.append(row)
        if len(batch) >= BATCH:
            session.execute(table.insert(), batch)
            written += len(batch)
            batch = []
    if batch:
        session.execute(table.insert(), batch)
        written += len(batch)
    return written


def reset_sequences(session: Session) -> None:
    """Make PostgreSQL's id sequences start after the ids just written (SQLite needs nothing)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for name in ("owner", *(section.table for section in SECTIONS)):
        table = _table(name)
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:table, 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {name}), 1), "
                f"(SELECT MAX(id) FROM {name}) IS NOT NULL)"
            ),
            {"table": name},
        )


def decode_row(section: Section, raw: Any, *, where: str) -> dict[str, Any]:
    """One exported row checked against its table and turned back into stored values."""
    if not isinstance(raw, dict):
        raise ExportReadError(f"{where}: expected an object, found {_kind(raw)}")
    columns = {column.name: column for column in section.columns}
    unknown = sorted(set(raw) - set(columns))
    if unknown:
        raise ExportReadError(f"{where}: unknown field {unknown[0]!r} (made by a newer goodword?)")
    row: dict[str, Any] = {}
    for name, column in columns.items():
        if name in raw:
            row[name] = _decode(column, raw[name], f"{where}.{name}")
        elif column.primary_key:
            raise ExportReadError(f"{where}: the field {name!r} is missing")
        else:
            row[name] = _default(column, f"{where}.{name}")
    return row


def _default(column: Column[Any], where: str) -> Any:
    default = column.default
    if default is None:
        if column.nullable:
            return None
        raise ExportReadError(f"{where}: the field is missing")
    arg = getattr(default, "arg", None)
    if callable(arg):
        return arg(None)
    return arg


def _decode(column: Column[Any], value: Any, where: str) -> Any:
    kind = column.type
    if value is None:
        if column.nullable and not column.primary_key:
            return None
        raise ExportReadError(f"{where}: cannot be null")
    if isinstance(kind, m.UTCDateTime):
        return _moment(value, where)
    if isinstance(kind, Date):
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise ExportReadError(f"{where}: expected a date as YYYY-MM-DD, found {value!r}")
    if isinstance(kind, Boolean):
        if isinstance(value, bool):
            return value
        raise ExportReadError(f"{where}: expected true or false, found {_kind(value)}")
    if isinstance(kind, Integer):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise ExportReadError(f"{where}: expected a whole number, found {_kind(value)}")
    if isinstance(kind, Float):
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        raise ExportReadError(f"{where}: expected a number, found {_kind(value)}")
    if isinstance(kind, LargeBinary):
        if isinstance(value, str):
            try:
                return bytes.fromhex(value)
            except ValueError:
                pass
        raise ExportReadError(f"{where}: expected bytes as hexadecimal text, found {_kind(value)}")
    if isinstance(kind, String | Text):
        if isinstance(value, str):
            return value
        raise ExportReadError(f"{where}: expected text, found {_kind(value)}")
    if isinstance(kind, JSON):
        return value
    raise ExportReadError(f"{where}: goodword cannot read this field")  # pragma: no cover


def _moment(value: Any, where: str) -> datetime:
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is not None:
            return moment
    raise ExportReadError(
        f"{where}: expected a time with its offset (2024-05-01T09:30:00+00:00), found {value!r}"
    )


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"text {value[:40]!r}"
    return json.dumps(value)
