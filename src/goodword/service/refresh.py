"""Score everyone in another process, while the command that noticed the need answers.

When the day's first ``people`` or ``suggest`` finds yesterday's summary of
the very same evidence (see :func:`goodword.service.scoring.snapshot`), it
answers from it, says so, and calls :func:`start`: a detached
``python -m goodword.service.refresh HOME URL`` scores everyone and keeps
the new summary, so the next call answers with today's scores. At most one
runs per data directory: a lock file holds the refresher's process id, and
a lock older than :data:`STALE_LOCK` (a refresher that died) is taken over.
Nothing leaves the machine; the child writes only the summary.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from goodword.config import Settings

LOCK_NAME = "refresh.lock"
STALE_LOCK = 15 * 60.0  # seconds: longer than scoring the largest network takes


def lock_path(settings: Settings) -> Path:
    """Where the running refresher leaves its process id."""
    return settings.data_dir() / LOCK_NAME


def _take(lock: Path) -> bool:
    try:
        handle = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        try:
            age = time.time() - lock.stat().st_mtime
        except FileNotFoundError:
            return _take(lock)  # the refresher just finished
        if age < STALE_LOCK:
            return False
        lock.unlink(missing_ok=True)
        return _take(lock)
    os.close(handle)
    return True


def start(settings: Settings) -> bool:
    """Start scoring everyone in a detached process; False when one is already running."""
    lock = lock_path(settings)
    lock.parent.mkdir(parents=True, exist_ok=True)
    if not _take(lock):
        return False
    try:
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "goodword.service.refresh",
                str(settings.data_dir()),
                settings.resolved_database_url(),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )
    except OSError:
        lock.unlink(missing_ok=True)
        return False
    lock.write_text(f"{child.pid}\n")
    return True


def main(argv: list[str]) -> int:
    """The refresher: score everyone for now, keep the summary, drop the lock."""
    home, url = argv
    settings = Settings(home=Path(home), database_url=url)
    from goodword.service import Service  # the whole facade only in the child

    service = Service(settings)
    try:
        service.refresh_scores()
    finally:
        service.close()
        lock_path(settings).unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
