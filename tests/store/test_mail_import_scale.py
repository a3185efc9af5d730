"""A large mailbox: read in a second process, killed mid-import, imported again.

The kill is a real SIGKILL of a real ``goodword import`` process; the
database must be as it was, and the next run must complete without
duplicates. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from goodword.service import Service
from goodword.sources import pick
from goodword.sources.mail import background
from goodword.sources.mail.mbox import MboxImporter
from goodword.store import models as m
from tests.store.test_mbox_import import message

ME = "Sam Rivera <sam.rivera@example.com>"


def big_mailbox(path: Path, count: int) -> Path:
    """``count`` one-to-one messages: the owner writes to 200 people, half of them answer."""
    with path.open("w", encoding="utf-8") as out:
        for n in range(1, count + 1):
            other = f"Person {n % 200} <person{n % 200}@example.org>"
            day = f"Mon, {n % 28 + 1:02d} Mar 2025 09:00:00 +0000"
            if n % 2:
                out.write(message(n, ME, other, day, f"Question {n}", labels="Sent"))
            else:
                out.write(message(n, other, ME, day, f"Re: Question {n - 1}", reply_to=n - 1))
    return path


def test_a_second_process_reads_exactly_what_one_process_reads(tmp_path: Path) -> None:
    path = big_mailbox(tmp_path / "big.mbox", 3000)
    here = MboxImporter().parse(path)
    expected = list(here.records)
    there = background.in_background(MboxImporter(), MboxImporter().parse(path))
    got = list(there.records)
    assert background.FALLBACK_NOTE not in there.notes
    assert got == expected
    assert [f.rows for f in there.files] == [3000]
    assert there.position is not None and there.position() == (path.stat().st_size, 3000)
    assert there.export_date == here.export_date


MAIL = Path(__file__).parent.parent / "fixtures" / "mail"


@pytest.mark.parametrize("leave", [2, 0])
@pytest.mark.parametrize(
    "tree",
    ["enron_like_tree", "eml_signals", "maildir_plus_dot_folders", "thunderbird_local_folders"],
)
def test_a_folder_of_mail_read_in_two_stages_gives_what_one_process_gives(
    tree: str, leave: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The child reads headers and leaves every ``leave``-th message to this process; copies,
    # threads, skips, problems and your addresses must come out as one process makes them.
    path = MAIL / tree
    importer = pick(path)
    here = importer.parse(path)
    expected = list(here.records)
    monkeypatch.setattr(background, "LEAVE", leave)
    there = background.in_background(importer, importer.parse(path))
    got = list(there.records)
    assert background.FALLBACK_NOTE not in there.notes
    assert got == expected
    assert [(f.name, f.rows, f.records, dict(f.skipped), f.problems) for f in there.files] == [
        (f.name, f.rows, f.records, dict(f.skipped), f.problems) for f in here.files
    ]
    assert there.export_date == here.export_date


def test_an_import_in_two_processes_stores_what_one_process_stores(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = big_mailbox(tmp_path / "big.mbox", 1000)
    monkeypatch.setenv("GOODWORD_DATABASE_URL", db_url)
    monkeypatch.setattr(background, "MIN_BYTES", 0)
    summary = Service().import_path(path)
    [report] = summary.files
    assert (report.rows, report.added) == (1000, 1000)
    assert summary.people_added == 200
    assert summary.owner_identities_added == ["email:sam.rivera@example.com"]


def _interactions(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(m.Interaction)).scalar_one()
    engine.dispose()
    return int(count)


def test_a_killed_import_leaves_nothing_and_the_rerun_completes(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = big_mailbox(tmp_path / "big.mbox", 6000)
    # Its own name: a killed import's session can linger on the server for a while.
    tag = f"goodword-test-{uuid.uuid4().hex[:12]}"
    # The same name in the environment every process it starts inherits.
    env = {**os.environ, "GOODWORD_DATABASE_URL": _tagged(db_url, tag), "GOODWORD_TEST_TAG": tag}
    monkeypatch.setenv("GOODWORD_DATABASE_URL", db_url)
    service = Service()
    assert service.store is not None  # opening migrates: the schema exists before the import
    # `goodword import`, with the mailbox read in a second process however small it is.
    command = [sys.executable, "-c", _IN_BACKGROUND, "import", str(path), "--json"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # Wait until it is writing (messages stored, not yet committed), then pull the plug.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if _writing(db_url, tmp_path, tag):
            break
        time.sleep(0.02)
    assert process.poll() is None, "the import finished before it could be killed"
    procfs = Path("/proc/self/environ").exists()  # where processes can be told apart
    assert not procfs or len(_tagged_processes(tag)) >= 2, "no second process read the mailbox"
    process.send_signal(signal.SIGKILL)
    process.wait()
    # The reader and multiprocessing's resource tracker end with the import.
    deadline = time.monotonic() + 15
    while procfs and _tagged_processes(tag) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not procfs or _tagged_processes(tag) == []
    assert _interactions(db_url) == 0
    summary = service.import_path(path)
    assert summary.files[0].added == 6000
    again = service.import_path(path)
    assert again.files[0].added == 0 and again.files[0].unchanged == 6000
    assert _interactions(db_url) == 6000


_IN_BACKGROUND = (
    "import sys; sys.argv[0] = 'goodword'; "
    "from goodword.sources.mail import background; background.MIN_BYTES = 0; "
    "from goodword.cli import main; main()"
)


def _tagged_processes(tag: str) -> list[str]:
    """The command lines of the live processes whose environment carries ``tag``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            status = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:  # gone meanwhile, or not ours
            continue
        if status.rsplit(")", 1)[-1].split()[0] == "Z":
            continue  # a zombie is dead; its parent has yet to collect it
        if f"GOODWORD_TEST_TAG={tag}".encode() in environ.split(b"\0"):
            found.append(cmdline.replace(b"\0", b" ").decode(errors="replace"))
    return found


def _tagged(url: str, tag: str) -> str:
    """``url`` for the import under test, named so the database can tell its session apart."""
    if url.startswith("sqlite"):
        return url
    named = make_url(url).update_query_dict({"application_name": tag})
    return named.render_as_string(hide_password=False)


def _writing(url: str, tmp_path: Path, tag: str) -> bool:
    """True once the import under test is under way: holding the home's lock, or in a transaction."""
    if url.startswith("sqlite"):
        # The import holds the home's lock (store/locks.py) from before its first write.
        import fcntl

        lock = Path(url.removeprefix("sqlite:///") + ".lock")
        if not lock.exists():
            return False
        with lock.open("a+b") as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        return False
    engine = create_engine(url)
    with engine.connect() as connection:
        # Only this test's import: other tests write to the same server at the same time.
        busy = connection.execute(
            text(
                "select count(*) from pg_stat_activity where application_name = :tag "
                "and xact_start is not null and now() - xact_start > interval '200 milliseconds'"
            ),
            {"tag": tag},
        ).scalar_one()
    engine.dispose()
    return bool(busy)


def test_ctrl_c_stops_an_import_with_one_line_and_nothing_changed(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = big_mailbox(tmp_path / "big.mbox", 6000)
    # Its own name: a killed import's session can linger on the server for a while.
    tag = f"goodword-test-{uuid.uuid4().hex[:12]}"
    env = {**os.environ, "GOODWORD_DATABASE_URL": _tagged(db_url, tag)}
    monkeypatch.setenv("GOODWORD_DATABASE_URL", db_url)
    assert Service().store is not None
    process = subprocess.Popen(
        [sys.executable, "-m", "goodword", "import", str(path)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        # A terminal's Ctrl-C: SIGINT to the whole process group, default handling restored.
        preexec_fn=lambda: (signal.signal(signal.SIGINT, signal.SIG_DFL), os.setsid()),
    )
    deadline = time.monotonic() + 60
    while (
        time.monotonic() < deadline
        and process.poll() is None
        and not _writing(db_url, tmp_path, tag)
    ):
        time.sleep(0.02)
    assert process.poll() is None, "the import finished before it could be interrupted"
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert (process.returncode, err.decode().strip()) == (130, "interrupted: nothing was changed")
    assert _interactions(db_url) == 0


@pytest.mark.parametrize("fixture", ["maildir_plus_dot_folders", "enron_like_tree"])
def test_a_mail_folder_is_counted_under_its_one_report_as_it_loads(fixture: str) -> None:
    """One counter for the whole folder, not one per message file held until the end."""
    from goodword.records import Origin
    from goodword.store.load import FileOutcome, LoadResult

    folder = Path(__file__).parent.parent / "fixtures" / "mail" / fixture
    parsed = pick(folder).parse(folder)
    result = LoadResult(import_id=0, report_of=parsed.report_of)

    for file in ("cur/1.eml", ".Sent/cur/2.eml", "new/3.eml"):
        result.outcome(Origin(file, 1)).added += 1

    assert [report.name for report in parsed.files] == [folder.name]
    assert result.files == {folder.name: FileOutcome(added=3)}
