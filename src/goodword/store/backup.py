"""Whole-database copies while goodword may be running, and putting one back.

- SQLite: the backup API (:meth:`sqlite3.Connection.backup`) copies the
  database as one committed moment, whatever another connection is writing;
  restoring copies the backup back the same way.
- PostgreSQL: ``pg_dump`` in its custom format, of the home's schema only;
  restoring runs ``pg_restore --clean`` in one transaction into the same
  schema (a backup cannot move to a schema of another name: pg_restore has
  no way to rename one). The client tools must be at least as new as the server.

Both write to a ``.partial`` file first and rename it, so a failed backup
leaves no half file under the name asked for. See ``docs/export.md``.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import Engine, text

from goodword.errors import InvalidInput, StoreError
from goodword.store.reading import packaged_head

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


def backup_kind(path: Path) -> str:
    """``sqlite`` or ``postgresql``: which database a backup file came from (by its first bytes)."""
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    with path.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    raise InvalidInput(
        f"{path}: not a goodword backup (neither a SQLite file nor a pg_dump archive)"
    )


def partial(out: Path) -> Path:
    """Where a file is written before it gets its name."""
    return out.with_name(out.name + ".partial")


# -- SQLite


def backup_sqlite(database: Path, out: Path) -> None:
    """Copy the SQLite ``database`` to ``out`` as one committed moment (the backup API)."""
    work = partial(out)
    work.unlink(missing_ok=True)
    source = sqlite3.connect(database, timeout=30)
    try:
        target = sqlite3.connect(work)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            target.close()
    except sqlite3.Error as exc:
        work.unlink(missing_ok=True)
        raise StoreError(f"the backup failed: {exc}") from exc
    finally:
        source.close()
    os.replace(work, out)


def sqlite_revision(backup: Path) -> str:
    """The migration revision a SQLite backup is at, checking that it is a goodword database."""
    try:
        connection = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            ok = connection.execute("PRAGMA quick_check").fetchone()
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise InvalidInput(f"{backup}: not a goodword backup ({exc})") from None
    if not ok or ok[0] != "ok":
        raise InvalidInput(f"{backup}: the backup is damaged ({ok[0] if ok else 'unreadable'})")
    if revision is None:
        raise InvalidInput(f"{backup}: not a goodword backup (no migration revision)")
    return str(revision[0])


def check_revision(revision: str, backup: Path) -> None:
    """Refuse a backup made by a newer goodword (its tables are ones this one does not know)."""
    if revision[:4] > packaged_head():
        raise InvalidInput(
            f"{backup}: made by a newer goodword (database revision {revision}, this goodword "
            f"knows up to {packaged_head()}); upgrade goodword to restore it"
        )


def restore_sqlite(backup: Path, database: Path) -> None:
    """Copy a SQLite backup over ``database`` (the backup API: all or nothing)."""
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(database, timeout=30)
        try:
            source.backup(target)
        finally:
            target.close()
    except sqlite3.Error as exc:
        raise StoreError(f"the restore failed, the database is as it was: {exc}") from exc
    finally:
        source.close()


# -- PostgreSQL


def pg_tool(name: str) -> str:
    """The path of ``pg_dump`` or ``pg_restore``, or a one-line error saying how to get it."""
    found = shutil.which(name)
    if found is None:
        raise StoreError(
            f"{name} not found: install PostgreSQL's client tools "
            "(Debian and Ubuntu: apt install postgresql-client) to back up or restore "
            "a PostgreSQL home"
        )
    return found


def tool_major(tool: str) -> int:
    """The major version of a PostgreSQL client tool (``pg_dump (PostgreSQL) 15.2`` → 15)."""
    try:
        said = subprocess.run(
            [tool, "--version"], capture_output=True, text=True, check=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise StoreError(f"{tool} does not run: {exc}") from None
    found = re.search(r"(\d+)(?:\.\d+)?", said)
    if found is None:
        raise StoreError(f"{tool} --version said {said.strip()!r}: not a PostgreSQL tool")
    return int(found.group(1))


def server_major(engine: Engine) -> tuple[int, str]:
    """The server's major version and the schema the home lives in."""
    with engine.connect() as connection:
        number = int(connection.execute(text("SHOW server_version_num")).scalar_one())
        schema = str(connection.execute(text("SELECT current_schema()")).scalar_one())
    return number // 10000, schema


def _check_versions(tool: str, engine: Engine) -> str:
    """The home's schema, once the tool is known to handle the server's version."""
    major, schema = server_major(engine)
    have = tool_major(tool)
    if have < major:
        raise StoreError(
            f"{Path(tool).name} is version {have} but the server runs PostgreSQL {major}: "
            f"install the version {major} client tools (or newer)"
        )
    return schema


def _pg_env(engine: Engine) -> dict[str, str]:
    """libpq's environment for the engine's database (the password never on a command line)."""
    url = engine.url
    env = dict(os.environ)
    for name, value in (
        ("PGHOST", url.host),
        ("PGPORT", str(url.port) if url.port else None),
        ("PGUSER", url.username),
        ("PGPASSWORD", url.password),
        ("PGDATABASE", url.database),
    ):
        if value:
            env[name] = str(value)
    options = url.query.get("options")
    if options:
        env["PGOPTIONS"] = options if isinstance(options, str) else " ".join(options)
    return env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        raise StoreError(f"{what} failed: {lines[0] if lines else f'exit {done.returncode}'}")


def backup_postgres(engine: Engine, out: Path) -> None:
    """``pg_dump`` the home's schema to ``out`` in the custom format."""
    tool = pg_tool("pg_dump")
    schema = _check_versions(tool, engine)
    work = partial(out)
    work.unlink(missing_ok=True)
    try:
        _run(
            [tool, "--format=custom", f"--schema={schema}", "--no-owner", f"--file={work}"],
            _pg_env(engine),
            "pg_dump",
        )
    except StoreError:
        work.unlink(missing_ok=True)
        raise
    os.replace(work, out)


def check_postgres_backup(backup: Path, engine: Engine) -> str:
    """The archive's table of contents, schema entries left out (the schema stays as it is)."""
    tool = pg_tool("pg_restore")
    schema = _check_versions(tool, engine)
    listed = subprocess.run(
        [tool, "--list", str(backup)], capture_output=True, text=True, check=False
    )
    if listed.returncode != 0:
        lines = listed.stderr.strip().splitlines()
        raise InvalidInput(
            f"{backup}: not a goodword backup ({lines[0] if lines else 'unreadable'})"
        )
    if "TABLE DATA" not in listed.stdout or " alembic_version " not in listed.stdout:
        raise InvalidInput(f"{backup}: not a goodword backup (no goodword tables in it)")
    taken = {
        parts[4]
        for parts in (line.split() for line in listed.stdout.splitlines())
        if len(parts) > 5 and parts[3] == "TABLE" and parts[4] != "DATA"
    }
    if taken != {schema}:
        raise InvalidInput(
            f"{backup} holds the PostgreSQL schema {', '.join(sorted(taken))} but this home is "
            f"the schema {schema}: pg_restore puts a backup back only where it was taken from"
        )
    kept = [line for line in listed.stdout.splitlines() if " SCHEMA " not in line]
    return "\n".join(kept) + "\n"


def restore_postgres(backup: Path, engine: Engine, contents: str, work_dir: Path) -> None:
    """``pg_restore --clean`` the archive in one transaction (all or nothing)."""
    tool = pg_tool("pg_restore")
    listing = work_dir / "goodword-restore.list"
    listing.write_text(contents)
    try:
        _run(
            [
                tool,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--use-list={listing}",
                f"--dbname={engine.url.database}",
                str(backup),
            ],
            _pg_env(engine),
            "pg_restore (the database is as it was)",
        )
    finally:
        listing.unlink(missing_ok=True)
