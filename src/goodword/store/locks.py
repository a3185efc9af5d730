"""One writer at a time per home: the lock that migrations and imports take.

Two ``goodword`` commands may run on the same home at once. Migrating a new
database twice at once fails half-way ("table owner already exists"), and
two imports interleaved resolve the same people twice. So both run under
one lock per database, held outside their transaction:

- SQLite: an exclusive ``flock`` on ``<database file>.lock`` beside the
  database (``LockFileEx`` through ``msvcrt`` on Windows);
- PostgreSQL: a session advisory lock (``pg_advisory_lock``) on a key made
  from the schema, so two homes on one server (or two test schemas) do not
  wait for each other.

Either lock dies with its process: the kernel drops the ``flock``, the
server the advisory lock of a closed connection. A second command waits for
the first; ``waiting`` is called once, before it starts to wait, so a face
can say why nothing happens. An in-memory SQLite database has no neighbour
and takes no lock.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from sqlalchemy import Engine, text

# Any constant would do; it keeps goodword's locks apart from other users of the server.
_NAMESPACE = "goodword:home"


@contextmanager
def home_lock(engine: Engine, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the home's writer lock while the block runs (waiting for another holder first)."""
    if engine.dialect.name == "postgresql":
        with _advisory_lock(engine, waiting):
            yield
        return
    database = engine.url.database
    if not database or database == ":memory:":
        yield
        return
    with _file_lock(Path(database).expanduser().with_name(Path(database).name + ".lock"), waiting):
        yield


@contextmanager
def _advisory_lock(engine: Engine, waiting: Callable[[], None] | None) -> Iterator[None]:
    # A connection of its own, in autocommit: the lock outlives the transactions run meanwhile.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        key = connection.execute(
            text("SELECT hashtext(:namespace || current_schema())"), {"namespace": _NAMESPACE}
        ).scalar_one()
        taken = connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key})
        if not taken.scalar_one():
            if waiting is not None:
                waiting()
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})


@contextmanager
def _file_lock(path: Path, waiting: Callable[[], None] | None) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+b") as handle:
        if not _try_lock(handle):
            if waiting is not None:
                waiting()
            _lock(handle)
        try:
            yield
        finally:
            _unlock(handle)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt
    import time

    def _try_lock(handle: IO[bytes]) -> bool:
        handle.seek(0)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _lock(handle: IO[bytes]) -> None:
        while not _try_lock(handle):  # LK_LOCK gives up after ten seconds: retry until free
            time.sleep(0.2)

    def _unlock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _lock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
