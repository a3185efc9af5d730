"""The background refresher: one at a time per data directory, and a dead one's lock is taken over."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from goodword.config import Settings
from goodword.service import Service
from goodword.service.scores import refresh
from goodword.store import kept as kept_store
from goodword.store.owner import local_owner


def _settings(tmp_path: Path) -> Settings:
    home = tmp_path / "home"
    home.mkdir()
    return Settings(home=home, database_url=f"sqlite:///{home / 'goodword.db'}")


def _finished(settings: Settings) -> None:
    lock = refresh.lock_path(settings)
    deadline = time.monotonic() + 60
    while lock.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not lock.exists(), "the refresher did not finish"


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_running_refresher_is_not_started_twice(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    refresh.lock_path(settings).write_text(f"{os.getpid()}\n")  # this process is alive

    assert refresh.start(settings) is False
    assert refresh.lock_path(settings).read_text().strip() == str(os.getpid())


def test_a_lock_left_by_a_refresher_that_died_is_taken_over(service: Service) -> None:
    settings = service.settings
    settings.data_dir().mkdir(parents=True, exist_ok=True)
    with service.store.session() as session:  # a database with nothing kept yet
        owner = local_owner(session)
        assert (
            kept_store.newest(session, owner.id, kept_store.data_version(session, owner), _now())
            is None
        )
    refresh.lock_path(settings).write_text(f"{_dead_pid()}\n")

    started = refresh.start(settings)
    _finished(settings)

    assert started is True
    with service.store.session() as session:  # the refresher kept the scores for now
        owner = local_owner(session)
        assert kept_store.newest(session, owner.id, kept_store.data_version(session, owner), _now())
    assert not (settings.data_dir() / "refresh.log").exists()


def test_a_lock_just_taken_waits_for_its_refresher_to_start(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    refresh.lock_path(settings).write_text("")  # taken a moment ago, no process id yet

    assert refresh.start(settings) is False


def test_a_refresher_that_fails_says_so_in_db_status_until_one_succeeds(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    unreachable = Settings(home=settings.home, database_url="postgresql://nobody@127.0.0.1:1/no")

    code = refresh.main(unreachable)
    failed = Service(settings).db_info().background_failure
    refresh.main(settings)
    after_success = Service(settings).db_info().background_failure

    assert code == 1
    assert failed is not None and "scoring in the background failed" in failed
    assert not refresh.lock_path(settings).exists()
    assert after_success is None


def test_the_database_url_goes_to_the_refresher_by_its_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Anyone on the machine can read a process's arguments; a URL may hold a password."""
    settings = Settings(
        home=tmp_path / "home", database_url="postgresql://sam:s3cret@127.0.0.1:1/goodword"
    )
    started: list[tuple[list[str], dict[str, str]]] = []

    class Recorder:
        def __init__(self, args: list[str], *, env: dict[str, str], **_: object) -> None:
            started.append((args, env))

    monkeypatch.setattr(refresh.subprocess, "Popen", Recorder)

    assert refresh.start(settings) is True
    [(args, env)] = started
    assert not any("s3cret" in arg for arg in args)
    assert env["GOODWORD_DATABASE_URL"].endswith("sam:s3cret@127.0.0.1:1/goodword")
    assert env["GOODWORD_HOME"] == str(tmp_path / "home")


def _now() -> datetime:
    return datetime.now(UTC)


def test_a_data_directory_that_cannot_be_written_starts_no_refresher(tmp_path: Path) -> None:
    """The command that noticed the need still answers; it just cannot hand the work on."""
    settings = Settings(home=tmp_path / "a-file", database_url="sqlite:///:memory:")
    (tmp_path / "a-file").write_text("not a folder")

    assert refresh.start(settings) is False
