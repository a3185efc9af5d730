"""Your data out and back: the JSON and CSV exports, importing an export, backup and restore.

The export's sections and their rows come from :mod:`goodword.store.export`
(read in one snapshot, so they agree with each other); this module writes
them as the documented JSON (``docs/export.md``), one row a line so a large
home streams out and back in, or as one CSV a section for spreadsheets.
Backups are whole-database copies (:mod:`goodword.store.backup`).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from goodword import __version__
from goodword.errors import InvalidInput
from goodword.service.base import ServiceBase
from goodword.service.jsonstream import JsonStream
from goodword.store import backup as copies
from goodword.store import export as rows
from goodword.store.engine import sqlite_file
from goodword.store.owner import local_owner
from goodword.store.reading import packaged_head

FORMATS = ("json", "csv")
METADATA = ("exported_at", "goodword", "schema", "left_out", "counts")
"""Top-level members of the JSON besides the format, its version and the sections."""


@dataclass(frozen=True, slots=True)
class DataCopy:
    """What an export, an import of one, a backup or a restore did, and where."""

    action: str  # "export", "import", "backup" or "restore"
    path: str
    format: str  # "json", "csv", "sqlite" or "postgresql"
    counts: dict[str, int] = field(default_factory=dict)
    size: int = 0  # bytes written (a CSV folder: all its files)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "action": self.action,
            "path": self.path,
            "format": self.format,
            "counts": dict(self.counts),
            "size": self.size,
        }


def is_export(path: Path) -> bool:
    """True when ``path`` is a goodword JSON export (by its first few hundred characters)."""
    path = path.expanduser()
    if not path.is_file():
        return False
    try:
        with path.open(encoding="utf-8", errors="replace") as file:
            head = file.read(400)
    except OSError:
        return False
    return head.lstrip().startswith("{") and f'"{rows.FORMAT}"' in head


def _fresh(out: Path) -> Path:
    out = out.expanduser()
    if out.exists():
        raise InvalidInput(f"{out} exists already: give a new name (goodword overwrites nothing)")
    if not out.parent.is_dir():
        raise InvalidInput(f"{out.parent}: no such folder")
    return out


def _line(row: dict[str, Any]) -> str:
    return json.dumps(
        {key: rows.plain(value) for key, value in row.items()},
        ensure_ascii=False,
        separators=(",", ":"),
    )


def write_json(session: Session, target: TextIO) -> dict[str, int]:
    """The whole export as JSON into ``target``, one row a line; the count of each section."""
    owner = local_owner(session)
    counts = rows.counts(session, owner)
    header = {
        "format": rows.FORMAT,
        "version": rows.VERSION,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "goodword": __version__,
        "schema": packaged_head(),
        "left_out": list(rows.KEPT_SCORES_TABLES),
        "counts": counts,
    }
    target.write("{\n")
    for key, value in header.items():
        target.write(f"{json.dumps(key)}: {json.dumps(value)},\n")
    target.write(f'"owner": {_line(rows.read_owner(session, owner))}')
    for section in rows.SECTIONS:
        target.write(f",\n{json.dumps(section.name)}: [")
        first = True
        for row in rows.read_rows(session, owner, section):
            target.write("\n" if first else ",\n")
            target.write(_line(row))
            first = False
        target.write("\n]" if not first else "]")
    target.write("\n}\n")
    return counts


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(rows.plain(value))


def write_csv(session: Session, folder: Path) -> dict[str, int]:
    """One CSV a section (and ``owner.csv``) into ``folder``; the count of each section."""
    owner = local_owner(session)
    counts: dict[str, int] = {}
    for section in (rows.OWNER, *rows.SECTIONS):
        names = [column.name for column in section.columns]
        with (folder / f"{section.name}.csv").open("w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file)
            writer.writerow(names)
            found = (
                iter([rows.read_owner(session, owner)])
                if section is rows.OWNER
                else rows.read_rows(session, owner, section)
            )
            written = 0
            for row in found:
                writer.writerow([_cell(row[name]) for name in names])
                written += 1
        if section is not rows.OWNER:
            counts[section.name] = written
    return counts


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(child.stat().st_size for child in path.iterdir())
    return path.stat().st_size


class DataActions(ServiceBase):
    """Export, import an export, back up and restore the whole home."""

    def export_data(self, out: Path, *, format: str = "json") -> DataCopy:
        """Write everything this home holds to ``out``: a JSON file, or a folder of CSVs."""
        if format not in FORMATS:
            raise InvalidInput(f"--format {format!r}: choose json or csv")
        out = _fresh(out)
        work = out.with_name(out.name + ".partial")
        if work.is_dir():
            shutil.rmtree(work)
        else:
            work.unlink(missing_ok=True)
        try:
            with self.store.session(snapshot=True) as session:
                if format == "json":
                    with work.open("w", encoding="utf-8") as target:
                        counts = write_json(session, target)
                else:
                    work.mkdir()
                    counts = write_csv(session, work)
        except BaseException:
            if work.is_dir():
                shutil.rmtree(work, ignore_errors=True)
            else:
                work.unlink(missing_ok=True)
            raise
        os.replace(work, out)
        return DataCopy("export", str(out), format, counts, _size(out))

    def import_export(self, path: Path, *, waiting: Callable[[], None] | None = None) -> DataCopy:
        """Put a JSON export back into this home, which must hold nothing yet (all or nothing)."""
        path = path.expanduser()
        try:
            with path.open(encoding="utf-8") as source:
                stream = JsonStream(source)
                members = stream.members()
                _check_header(members, stream)
                with self.store.exclusive(waiting), self.store.session() as session:
                    if rows.holds_data(session):
                        raise InvalidInput(
                            "this home already holds data: an export is imported only into an "
                            "empty home (point GOODWORD_HOME or GOODWORD_DATABASE_URL at a new one)"
                        )
                    rows.clear_new_home(session)
                    counts = _load_sections(session, members, stream)
        except UnicodeDecodeError:
            raise InvalidInput(f"{path}: not UTF-8 text, so not a goodword export") from None
        except IntegrityError as exc:
            first = str(exc.orig or exc).strip().splitlines()[0]
            raise InvalidInput(f"{path}: its rows do not fit together ({first})") from None
        except OSError as exc:
            raise InvalidInput(f"{path}: {exc.strerror or exc}") from None
        return DataCopy("import", str(path), "json", counts, path.stat().st_size)

    def home_holds_data(self) -> bool:
        """Whether this home holds anything yet (a new home's blank owner does not count)."""
        with self.store.session() as session:
            return rows.holds_data(session)

    def backup(self, out: Path) -> DataCopy:
        """A consistent copy of the whole database, taken while goodword may be running."""
        out = _fresh(out)
        url = self.settings.resolved_database_url()
        database = sqlite_file(url)
        engine = self.store.engine  # opening it migrates a new home first
        if database is not None:
            copies.backup_sqlite(database, out)
            kind = "sqlite"
        else:
            copies.backup_postgres(engine, out)
            kind = "postgresql"
        return DataCopy("backup", str(out), kind, size=out.stat().st_size)

    def restore(self, backup: Path, *, force: bool = False) -> DataCopy:
        """Put a backup back in place of this home's data (refused over data unless ``force``)."""
        backup = backup.expanduser()
        kind = copies.backup_kind(backup)
        url = self.settings.resolved_database_url()
        database = sqlite_file(url)
        here = "sqlite" if database is not None else "postgresql"
        if kind != here:
            raise InvalidInput(
                f"{backup} is a {kind} backup but this home is on {here}: restore it into a "
                f"{kind} home, or move data between databases with export and import"
            )
        engine = self.store.engine
        if database is not None:
            copies.check_revision(copies.sqlite_revision(backup), backup)
        else:
            contents = copies.check_postgres_backup(backup, engine)
        if not force and self.home_holds_data():
            raise InvalidInput(
                "this home holds data that the restore would replace: "
                "add --force to replace it (take a backup of it first)"
            )
        with self.store.exclusive():
            engine.dispose()  # no pooled connection of ours holds a table the restore replaces
            if database is not None:
                copies.restore_sqlite(backup, database)
            else:
                with tempfile.TemporaryDirectory() as work:
                    copies.restore_postgres(backup, engine, contents, Path(work))
        self.close()  # the next command opens (and, for an older backup, migrates) it afresh
        with self.store.session() as session:
            counts = rows.counts(session, local_owner(session))
        return DataCopy("restore", str(backup), kind, counts, backup.stat().st_size)


def _check_header(members: Iterator[str], stream: JsonStream) -> None:
    """The format's name and a version this goodword reads, before anything is written."""
    first = next(members, None)
    if first != "format" or stream.value() != rows.FORMAT:
        raise InvalidInput("not a goodword export (its first member is not the format name)")
    if next(members, None) != "version":
        raise InvalidInput("not a goodword export (no format version after its name)")
    version = stream.value()
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InvalidInput(f"the export's version {version!r} is not a version number")
    if version > rows.VERSION:
        raise InvalidInput(
            f"the export is format version {version}, made by a newer goodword; "
            f"this one reads version {rows.VERSION}: upgrade goodword to import it"
        )


def _load_sections(session: Session, members: Iterator[str], stream: JsonStream) -> dict[str, int]:
    """Every section after the header into the (empty) home, checked against its counts."""
    owner_id: int | None = None
    self_person: int | None = None
    declared: dict[str, int] | None = None
    counts: dict[str, int] = {}
    last = -1
    order = [section.name for section in rows.SECTIONS]
    for key in members:
        if key in METADATA:
            value = stream.value()
            if key == "counts":
                if not isinstance(value, dict):
                    raise InvalidInput("the export's counts are not an object")
                declared = value
        elif key == "owner":
            if owner_id is not None:
                raise InvalidInput("the export has two owners")
            owner_id, self_person = rows.write_owner(session, stream.value())
        elif key in rows.BY_NAME:
            if owner_id is None:
                raise InvalidInput(f"the export's {key!r} comes before its owner")
            if order.index(key) <= last:
                raise InvalidInput(
                    f"the export's {key!r} comes after {order[last]!r}: "
                    "sections go in the order docs/export.md lists"
                )
            last = order.index(key)
            counts[key] = rows.write_rows(session, owner_id, rows.BY_NAME[key], stream.items())
            if key == "people":
                rows.link_self(session, owner_id, self_person)
        else:
            raise InvalidInput(f"the export has a section goodword does not know: {key!r}")
    if owner_id is None:
        raise InvalidInput("the export has no owner")
    for name in order:
        counts.setdefault(name, 0)
    if declared is not None:
        for name in order:
            if declared.get(name, 0) != counts[name]:
                raise InvalidInput(
                    f"the export says it holds {declared.get(name, 0)} {name} but has "
                    f"{counts[name]}: it was cut short or edited; nothing was imported"
                )
    rows.reset_sequences(session)
    return counts
