"""Backup and restore on both databases: a change after the backup is gone once it is restored,
a restore over data needs --force, a backup taken during another connection's open write holds
only what was committed, and a missing or too old pg_dump says so in one line.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from goodword.config import Settings
from goodword.errors import InvalidInput, StoreError
from goodword.service import Service
from tests.service.test_export import other_database


def _small_home(service: Service) -> None:
    service.add_job(title="Staff engineer", organization="Acme", description="", needs="")
    service.update_me(name="Ari Silva", add_emails=["ari@example.com"])


def test_a_restore_puts_the_backup_back_and_needs_force_over_data(
    service: Service, tmp_path: Path
) -> None:
    _small_home(service)
    out = tmp_path / "home.backup"

    made = service.backup(out)

    assert made.size == out.stat().st_size > 0
    service.add_job(title="Made after the backup", organization="", description="", needs="")
    service.update_me(name="Someone Else")
    with pytest.raises(InvalidInput, match="--force"):
        service.restore(out)
    assert len(service.jobs()) == 2  # refused: nothing changed

    restored = service.restore(out, force=True)

    assert restored.counts["jobs"] == 1
    assert [job.title for job in service.jobs()] == ["Staff engineer"]
    assert service.me().name == "Ari Silva" and service.me().emails == ["ari@example.com"]
    service.add_job(title="After the restore", organization="", description="", needs="")
    assert len(service.jobs()) == 2


def test_a_backup_restores_into_an_empty_home_without_force_on_its_own_schema(
    service: Service, db_url: str, tmp_path: Path
) -> None:
    _small_home(service)
    out = tmp_path / "home.backup"
    service.backup(out)
    for url in other_database(db_url, tmp_path, "empty"):
        empty = Service(Settings(home=tmp_path / "empty-home", database_url=url))
        try:
            if url.startswith("sqlite"):
                empty.restore(out)
                assert [job.title for job in empty.jobs()] == ["Staff engineer"]
            else:  # PostgreSQL restores a backup into the schema it was taken from only
                with pytest.raises(InvalidInput, match="only where it was taken from"):
                    empty.restore(out)
                assert empty.jobs() == []
        finally:
            empty.close()


def test_a_backup_is_not_written_over_a_file_and_a_stranger_is_not_restored(
    service: Service, tmp_path: Path
) -> None:
    _small_home(service)
    taken = tmp_path / "taken"
    taken.write_text("mine", encoding="utf-8")
    with pytest.raises(InvalidInput, match="exists already"):
        service.backup(taken)
    with pytest.raises(InvalidInput, match="not a goodword backup"):
        service.restore(taken, force=True)
    stranger = tmp_path / "stranger.db"
    sqlite3.connect(stranger).execute("create table t (x)").connection.close()
    with pytest.raises(InvalidInput):  # another database, or the wrong kind for this home
        service.restore(stranger, force=True)
    assert [job.title for job in service.jobs()] == ["Staff engineer"]


def test_a_sqlite_backup_during_an_open_write_holds_what_was_committed(
    tmp_path: Path,
) -> None:
    database = tmp_path / "home" / "goodword.db"
    service = Service(Settings(home=tmp_path / "home"))
    try:
        _small_home(service)
        writer = sqlite3.connect(database, isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "INSERT INTO opportunity (owner_id, title, organization_name, description, "
            "needs_text, needs, kind, confidential, status, outcome_note, created_at) "
            "SELECT id, 'Uncommitted', '', '', '', '{}', 'reference', 0, 'open', '', "
            "'2026-01-01 00:00:00' FROM owner"
        )
        try:
            service.backup(tmp_path / "during.backup")
        finally:
            writer.execute("COMMIT")
            writer.close()
    finally:
        service.close()
    copy = sqlite3.connect(tmp_path / "during.backup")
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        titles = [row[0] for row in copy.execute("SELECT title FROM opportunity")]
        owner = copy.execute("SELECT name FROM owner").fetchone()
    finally:
        copy.close()
    assert titles == ["Staff engineer"] and owner == ("Ari Silva",)
    assert not list(tmp_path.glob("*.partial"))


def _postgres_service(service: Service) -> None:
    if "postgresql" not in service.settings.resolved_database_url():
        pytest.skip("pg_dump is for PostgreSQL homes")


def test_a_missing_pg_dump_is_said_in_one_line(
    service: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _postgres_service(service)
    _small_home(service)
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    with pytest.raises(StoreError, match="pg_dump not found: install PostgreSQL's client tools"):
        service.backup(tmp_path / "home.backup")
    assert not (tmp_path / "home.backup").exists()


def test_a_pg_dump_older_than_the_server_is_refused(
    service: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _postgres_service(service)
    _small_home(service)
    tools = tmp_path / "old-tools"
    tools.mkdir()
    old = tools / "pg_dump"
    old.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n", encoding="utf-8")
    old.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(StoreError, match=r"pg_dump is version 9 but the server runs PostgreSQL"):
        service.backup(tmp_path / "home.backup")
    assert not (tmp_path / "home.backup").exists()
