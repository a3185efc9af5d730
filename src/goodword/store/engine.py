"""Open the database: engine, SQLite pragmas, sessions, and Alembic migrations.

SQLite (the default) gets WAL, foreign keys and a busy timeout; PostgreSQL
is selected by URL. Migrations run from the package itself, so an installed
goodword needs no ``alembic.ini`` on disk.

Two commands may open one home at once: migrations run under the home's
lock (:mod:`goodword.store.locks`), and so does an import
(:meth:`Store.exclusive`). A reader that must see people and their
identities as one moment asks for ``session(snapshot=True)``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from goodword.errors import StoreError
from goodword.store.locks import home_lock
from goodword.store.reading import packaged_head

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create an engine for ``url``; SQLite's directory is created if needed."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except ModuleNotFoundError as exc:
        raise StoreError("PostgreSQL needs psycopg 3: pip install 'goodword[postgres]'") from exc


def alembic_config(engine: Engine) -> Config:
    """An Alembic config that runs the packaged migrations on ``engine``."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


@dataclass(frozen=True)
class MigrationStatus:
    """Where the database stands against the packaged migrations."""

    current: str | None
    head: str
    pending: list[str]

    @property
    def up_to_date(self) -> bool:
        """True when no migration is pending."""
        return not self.pending


def migration_status(engine: Engine) -> MigrationStatus:
    """Compare the database's revision with the newest packaged migration."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(engine))
    head = script.get_current_head()
    assert head is not None
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    except OperationalError as exc:
        raise StoreError(f"cannot open the database: {_first_line(exc)}") from exc
    pending = [
        rev.revision
        for rev in reversed(list(script.iterate_revisions(head, current)))
        if rev.revision != current
    ]
    return MigrationStatus(current=current, head=head, pending=pending)


def blank_status() -> MigrationStatus:
    """The status of a database that does not exist yet: every migration pending."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    head = script.get_current_head()
    assert head is not None
    pending = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    return MigrationStatus(current=None, head=head, pending=pending)


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for other databases and in-memory ones)."""
    parsed = make_url(url)
    if (
        parsed.get_backend_name() != "sqlite"
        or not parsed.database
        or parsed.database == ":memory:"
    ):
        return None
    return Path(parsed.database).expanduser()


def upgrade(engine: Engine) -> None:
    """Apply every pending migration, one command at a time (under the home's lock)."""
    from alembic import command

    try:
        with home_lock(engine):
            # Another command may have migrated while this one waited: Alembic reads
            # the revision again and finds nothing left to do.
            command.upgrade(alembic_config(engine), "head")
    except SQLAlchemyError as exc:
        raise StoreError(f"migrating the database failed: {_first_line(exc)}") from exc


def _at_packaged_head(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            current = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:
        return False  # no version table yet: a new database
    return current == packaged_head()


def _begin_snapshot(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    else:
        session.connection().exec_driver_sql("BEGIN")


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


class Store:
    """An open database: the engine and a session factory, migrated on open."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        self.engine = make_engine(url)
        if migrate and not _at_packaged_head(self.engine):
            status = migration_status(self.engine)
            if status.pending:
                upgrade(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self, *, snapshot: bool = False) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error.

        ``snapshot`` makes every read see the database as it was at the first
        one, whatever another command commits meanwhile: PostgreSQL runs the
        transaction at REPEATABLE READ, and SQLite begins it before the first
        read (its driver otherwise starts a transaction only at the first
        write, so each read would see a newer moment). A snapshot suits
        readers: a write in it may fail if another command wrote first.
        """
        session = self._sessions()
        try:
            with session.begin():
                if snapshot:
                    _begin_snapshot(session)
                yield session
        finally:
            session.close()

    @contextmanager
    def exclusive(self, waiting: Callable[[], None] | None = None) -> Iterator[None]:
        """Hold the home's writer lock (an import runs under it; a second one waits).

        ``waiting`` is called once if another command holds the lock.
        """
        with home_lock(self.engine, waiting):
            yield

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
