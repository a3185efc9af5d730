"""Score everyone in another process, while the command that noticed the need answers.

When the day's first ``people`` or ``suggest`` finds yesterday's kept scores
of the very same evidence (see :func:`goodword.service.scores.answer`), it
answers from them, says so, and calls :func:`start`: a detached
``python -m goodword.service.scores.refresh`` (the data directory and
database in its environment, never its arguments) scores everyone and keeps
the new scores, so the next call answers with today's. Why a process of its
own, with figures: ``docs/architecture.md``, "The seam for scores". At most one
runs per data directory: a lock file holds the refresher's process id; a
lock whose process is gone, or older than :data:`STALE_LOCK`, is taken
over. Nothing leaves the machine; the child writes only kept scores (and,
if it fails, one line in ``refresh.log`` in the data directory, which
``goodword db status`` shows until a later refresh succeeds).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from goodword.config import Settings, load_settings

LOCK_NAME = "refresh.lock"
FAILURE_NAME = "refresh.log"
STALE_LOCK = 15 * 60.0  # seconds: longer than scoring the largest network takes
STARTING = 60.0  # seconds a lock may stay empty while its refresher starts


def lock_path(settings: Settings) -> Path:
    """Where the running refresher leaves its process id."""
    return settings.data_dir() / LOCK_NAME


def failure_path(settings: Settings) -> Path:
    """Where a refresher that failed says why (`goodword db status` shows it)."""
    return settings.data_dir() / FAILURE_NAME


def _take(lock: Path, attempts: int = 3) -> bool:
    try:
        handle = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        if attempts <= 1 or _alive(lock):
            return False
        lock.unlink(missing_ok=True)  # its refresher died (or finished just now)
        return _take(lock, attempts - 1)
    os.close(handle)
    return True


def _alive(lock: Path) -> bool:
    """Whether the refresher that holds ``lock`` is still at work."""
    try:
        text = lock.read_text().strip()
        age = time.time() - lock.stat().st_mtime
    except FileNotFoundError:
        return False
    if age >= STALE_LOCK:
        return False
    if not text.isdigit():
        return age < STARTING  # taken, its child not yet running
    if os.name == "nt":
        return True  # signal 0 means CTRL_C_EVENT there: trust the lock's age alone
    try:
        os.kill(int(text), 0)  # signal 0: is there such a process?
    except ProcessLookupError:
        return False
    except OSError:
        return True  # there is one, not ours to signal
    return True


def start(settings: Settings) -> bool:
    """Start scoring everyone in a detached process; False when one is already running."""
    lock = lock_path(settings)
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        if not _take(lock):
            return False
    except OSError:
        return False  # a data directory we cannot write to: the next call scores in place
    # Where to work goes in the environment, not the arguments: anyone on the machine can
    # read a process's arguments, and a database URL may hold a password.
    environment = {
        **os.environ,
        "GOODWORD_HOME": str(settings.data_dir()),
        "GOODWORD_DATABASE_URL": settings.resolved_database_url(),
    }
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "goodword.service.scores.refresh"],
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )
    except OSError:
        lock.unlink(missing_ok=True)
        return False
    del child  # detached: it writes its own process id into the lock and removes it when done
    return True


def main(settings: Settings | None = None) -> int:
    """The refresher: score everyone for now, keep their scores, drop the lock.

    ``settings`` default to the environment :func:`start` passed.
    """
    settings = settings or load_settings()
    lock = lock_path(settings)
    lock.write_text(f"{os.getpid()}\n")
    from goodword.service import Service  # the whole facade only in the child

    service = Service(settings)
    failure = failure_path(settings)
    try:
        service.refresh_scores()
    except Exception as exc:  # nobody is watching: leave a line for `goodword db status`
        failure.write_text(
            f"{time.strftime('%Y-%m-%d %H:%M:%S')} scoring in the background failed: {exc!r}\n"
        )
        return 1
    finally:
        service.close()
        lock.unlink(missing_ok=True)
    failure.unlink(missing_ok=True)  # that was then; it works now
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
