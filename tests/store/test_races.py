"""Two commands on one home at once, on both databases, many times over.

Each race starts its contenders together (threads at a barrier, or real
``goodword`` processes) against the real database:

- migrating a new home twice at once migrates it once;
- commands that need the owner on an empty home share one owner;
- two imports of the same export end as one import did, and a second
  import waits for the first (and says so);
- a snapshot session reads one moment while another command commits.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from goodword.config import Settings
from goodword.service import Service
from goodword.store import models as m
from goodword.store.engine import Store, migration_status
from goodword.store.owner import local_owner
from tests.conftest import POSTGRES_URL, _postgres_available
from tests.linkedin_exports import EXPORT_2025

ROUNDS = 6


@pytest.fixture(params=["sqlite", "postgres"])
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """A maker of new, empty databases on each backend (files, or schemas dropped afterwards)."""
    schemas: list[str] = []
    made = iter(range(1_000_000))

    def sqlite() -> str:
        return f"sqlite:///{tmp_path / f'race-{next(made)}' / 'goodword.db'}"

    def postgres() -> str:
        schema = f"r_{uuid.uuid4().hex[:12]}"
        with admin.connect() as connection:
            connection.execute(text(f"create schema {schema}"))
        schemas.append(schema)
        return (
            make_url(POSTGRES_URL)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )

    if request.param == "sqlite":
        yield sqlite
        return
    problem = _postgres_available()
    if problem:
        if os.environ.get("GOODWORD_REQUIRE_POSTGRES") == "1":
            pytest.fail(problem)
        pytest.skip(problem)
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        yield postgres
    finally:
        with admin.connect() as connection:
            for schema in schemas:
                connection.execute(text(f"drop schema {schema} cascade"))
        admin.dispose()


def together(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Run ``work(i)`` in ``count`` threads released at once; re-raise the first failure."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count
    errors: list[BaseException] = []

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = work(index)
        except BaseException as exc:  # handed to the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    if errors:
        raise errors[0]
    return results


def _count(store: Store, column: Any) -> int:
    with store.session() as session:
        return session.scalar(select(func.count(column))) or 0


def test_a_new_home_migrated_by_three_commands_at_once_is_migrated_once(
    fresh: Callable[[], str],
) -> None:
    for _ in range(ROUNDS):
        url = fresh()

        def open_(_index: int, url: str = url) -> Store:
            return Store(url)

        stores = together(3, open_)
        assert migration_status(stores[0].engine).up_to_date
        for store in stores:
            store.dispose()


def test_commands_started_together_on_an_empty_home_share_one_owner(
    fresh: Callable[[], str],
) -> None:
    for _ in range(ROUNDS):
        store = Store(fresh())

        def owner_id(_index: int, store: Store = store) -> int:
            with store.session() as session:
                return local_owner(session).id

        ids = together(4, owner_id)
        assert len(set(ids)) == 1
        assert _count(store, m.Owner.id) == 1
        with store.session() as session:
            selves = session.scalar(select(func.count()).where(m.Person.is_self.is_(True)))
        assert selves == 1
        store.dispose()


def test_a_second_local_owner_is_refused_by_the_database(fresh: Callable[[], str]) -> None:
    from sqlalchemy.exc import IntegrityError

    store = Store(fresh())
    with store.session() as session:
        local_owner(session)
    with Session(store.engine) as session:
        session.add(m.Owner(name="", profile={}, is_local=True))
        with pytest.raises(IntegrityError):
            session.flush()
    store.dispose()


def _service(url: str, home: Path) -> Service:
    return Service(Settings(home=home, database_url=url))


def test_two_imports_of_one_export_at_once_end_as_one_import(
    fresh: Callable[[], str], tmp_path: Path
) -> None:
    reference = _service(fresh(), tmp_path / "reference")
    reference.import_path(EXPORT_2025)
    people = _count(reference.store, m.Person.id)
    identities = _count(reference.store, m.Identity.id)
    interactions = _count(reference.store, m.Interaction.id)
    reference.close()
    for round_ in range(ROUNDS // 2):
        url = fresh()
        services = [_service(url, tmp_path / f"home-{round_}") for _ in range(2)]
        assert services[0].store  # migrated before the race: this one is about the imports
        waited: list[int] = []

        def import_(i: int, services: list[Service] = services, waited: list[int] = waited) -> Any:
            return services[i].import_path(EXPORT_2025, waiting=lambda: waited.append(i))

        together(2, import_)
        store = services[0].store
        assert _count(store, m.Owner.id) == 1
        assert _count(store, m.Person.id) == people
        assert _count(store, m.Identity.id) == identities
        assert _count(store, m.Interaction.id) == interactions
        assert len(services[1].people()) == people - 1  # everyone visible, you aside
        assert len(waited) <= 1
        for service in services:
            service.close()


def test_a_second_import_waits_for_the_first_and_says_so(
    fresh: Callable[[], str], tmp_path: Path
) -> None:
    url = fresh()
    first, second = _service(url, tmp_path / "h"), _service(url, tmp_path / "h")
    waiting = threading.Event()
    done = threading.Event()

    def run() -> None:
        second.import_path(EXPORT_2025, waiting=waiting.set)
        done.set()

    with first.store.exclusive():  # an import in progress elsewhere
        thread = threading.Thread(target=run)
        thread.start()
        assert waiting.wait(timeout=60)
        assert not done.wait(timeout=1)
        assert _count(first.store, m.ImportRun.id) == 0
    thread.join(timeout=120)
    assert done.is_set()
    assert _count(first.store, m.ImportRun.id) == 1
    first.close()
    second.close()


def test_a_snapshot_session_reads_one_moment_while_another_command_commits(
    fresh: Callable[[], str],
) -> None:
    store = Store(fresh())
    with store.session() as session:
        owner_id = local_owner(session).id

    def add_person() -> None:
        with store.session() as session:
            session.add(m.Person(owner_id=owner_id, display_name="Ada", name_key="ada"))

    def people(session: Any) -> int:
        return session.scalar(select(func.count(m.Person.id))) or 0

    for snapshot, sees_new in ((True, False), (False, True)):
        with store.session(snapshot=snapshot) as session:
            before = people(session)
            add_person()  # committed by another session meanwhile
            assert (people(session) == before + 1) is sees_new
    store.dispose()


def test_a_reader_never_sees_an_identity_of_a_person_it_cannot_see(
    fresh: Callable[[], str],
) -> None:
    """People and their identities committed together are read together, or not at all."""
    store = Store(fresh())
    with store.session() as session:
        owner_id = local_owner(session).id
    stop = threading.Event()

    def write() -> None:
        for n in range(60):
            with store.session() as session:
                person = m.Person(owner_id=owner_id, display_name=f"P{n}", name_key=f"p{n}")
                session.add(person)
                session.flush()
                session.add(
                    m.Identity(
                        owner_id=owner_id,
                        person_id=person.id,
                        kind="email",
                        value=f"p{n}@example.org",
                        natural_key=f"email:p{n}@example.org",
                    )
                )
        stop.set()

    def read() -> int:
        reads = 0
        while not stop.is_set() or reads == 0:
            with store.session(snapshot=True) as session:
                identities = set(session.scalars(select(m.Identity.person_id)))
                people = set(session.scalars(select(m.Person.id)))
            assert identities <= people
            reads += 1
        return reads

    writer = threading.Thread(target=write)
    writer.start()
    assert read() > 0
    writer.join()
    store.dispose()


def test_two_goodword_processes_importing_into_a_new_home_at_once(
    fresh: Callable[[], str], tmp_path: Path
) -> None:
    """Real commands: both exit 0, one owner, the people of one import."""
    reference = _service(fresh(), tmp_path / "reference")
    reference.import_path(EXPORT_2025)
    people = _count(reference.store, m.Person.id)
    reference.close()
    for round_ in range(1):
        url = fresh()
        env = {**os.environ, "GOODWORD_HOME": str(tmp_path / f"p{round_}")}
        env["GOODWORD_DATABASE_URL"] = url
        command = [sys.executable, "-m", "goodword", "import", str(EXPORT_2025), "--json"]
        runs = [
            subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(2)
        ]
        for run in runs:
            _out, err = run.communicate(timeout=300)
            assert run.returncode == 0, err.decode()
        store = Store(url)
        assert _count(store, m.Owner.id) == 1
        assert _count(store, m.Person.id) == people
        store.dispose()
