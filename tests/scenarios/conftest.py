"""Demo homes built once per backend and flavour, shared by every scenario module.

``full_home`` holds the demo as ``goodword demo`` imports it (the export from
two years ago, then the current one, then mail, calendar and address book);
``old_home`` holds ``--flavour old-export`` (only the old export). Each is
imported once per test run on SQLite and once on PostgreSQL: the first xdist
worker to need a home builds it under a file lock in the run's shared temp
folder, the others open it (``_shared``); the PostgreSQL schemas of the run
are dropped when the whole run ends (``tests/conftest.py``).

Tests that change a home (``vet``, ``relate``, ``review --accept``, a second
import) each touch people no other test asserts on, and assert before and
after within the test, so neither the order tests run in nor the worker they
run on matters.
"""

from __future__ import annotations

import fcntl
import json
import os
import pickle
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner, Result

import goodword.cli.app
from goodword.config import Settings
from goodword.demo import (
    SAMPLE_JOB,
    Network,
    build_network,
    export_as_of,
    old_export_date,
    write_export_zip,
)
from goodword.demo.traps import Traps, find_traps
from goodword.demo.workspace import write_workspace
from goodword.service import Service
from goodword.service.views import ImportSummary, Suggestion
from tests.conftest import POSTGRES_URL, _postgres_available, run_schema_prefix

SEED = 7
CONTACTS = 300  # `goodword demo`'s default network
WIDE = "250"


def _postgres_url(flavour: str) -> str:
    """A schema of this run for ``flavour``, made if it is not there yet."""
    schema = run_schema_prefix() + "demo_" + flavour.replace("-", "_")
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"create schema if not exists {schema}"))
    admin.dispose()
    return (
        make_url(POSTGRES_URL)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgres":
        problem = _postgres_available()
        if problem:
            if os.environ.get("GOODWORD_REQUIRE_POSTGRES") == "1":
                pytest.fail(f"{problem} (GOODWORD_REQUIRE_POSTGRES=1)")
            pytest.skip(problem)
    return str(request.param)


@dataclass(frozen=True)
class DemoHome:
    """A home holding one flavour of the demo, and what its imports and first slate said."""

    flavour: str
    home: Path
    url: str
    network: Network
    traps: Traps
    exports: tuple[Path, ...]
    imports: tuple[ImportSummary, ...]  # the LinkedIn exports, oldest first
    more: tuple[ImportSummary, ...]  # mail, calendar, address book
    job_id: int
    slate: Suggestion

    @property
    def day(self) -> date:
        """The current export's date: the demo's "today"."""
        return self.network.export_date

    def service(self) -> Service:
        return Service(Settings(home=self.home, database_url=self.url))

    def name_of(self, index: int) -> str:
        return next(c.clean_name for c in self.network.contacts if c.index == index)

    def url_of(self, index: int) -> str:
        slug = next(c.slug for c in self.network.contacts if c.index == index)
        return f"linkedin.com/in/{slug}"


def _build(base: Path, url: str, flavour: str) -> DemoHome:
    """What ``run_demo`` does, into ``base`` and the database at ``url``, keeping the home."""
    network = build_network(seed=SEED, contacts=CONTACTS)
    exports = []
    if flavour != "profile-only":
        old = export_as_of(network, old_export_date(network))
        exports.append(write_export_zip(old, base / "export"))
    if flavour == "full":
        exports.append(write_export_zip(network, base / "export"))
    workspace = write_workspace(network, base / "workspace")
    service = Service(Settings(home=base / "home", database_url=url))
    try:
        imports = tuple(service.import_path(path) for path in exports)
        more = tuple(service.import_path(path) for path in workspace)
        job = service.add_job(
            title=SAMPLE_JOB.title,
            organization=SAMPLE_JOB.organization,
            description=SAMPLE_JOB.description,
            needs=SAMPLE_JOB.needs,
        )
        slate = service.suggest(str(job.id), as_of=network.export_date)
    finally:
        service.close()
    return DemoHome(
        flavour,
        base / "home",
        url,
        network,
        find_traps(network),
        tuple(exports),
        imports,
        more,
        job.id,
        slate,
    )


def _shared(factory: pytest.TempPathFactory, backend: str, flavour: str) -> DemoHome:
    """The run's home of ``flavour`` on ``backend``: built by the first worker, opened by the rest."""
    root = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above each worker's own
    base = root / "scenario-homes" / f"{backend}-{flavour}"
    base.mkdir(parents=True, exist_ok=True)
    built = base / "home.pickle"
    with (base / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if built.exists():
            return pickle.loads(built.read_bytes())  # written by this run
        url = f"sqlite:///{base / 'demo.db'}" if backend == "sqlite" else _postgres_url(flavour)
        home = _build(base, url, flavour)
        built.write_bytes(pickle.dumps(home))
        return home


@pytest.fixture(autouse=True)
def _one_change_at_a_time(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test that changes the backend's homes runs alone; tests that only read run together.

    Homes are shared by the xdist workers: a test asking for ``changing`` holds the
    backend's lock exclusively, every other scenario holds it shared.
    """
    if "backend" not in request.fixturenames:
        yield
        return
    backend = request.getfixturevalue("backend")
    root = request.getfixturevalue("tmp_path_factory").getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    path = root / "scenario-homes" / f"{backend}.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as lock:
        exclusive = "changing" in request.fixturenames
        fcntl.flock(lock, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield


@pytest.fixture
def changing() -> None:
    """Asked for by a test that changes a home: it runs while no other scenario does."""


@pytest.fixture(scope="session")
def full_home(backend: str, tmp_path_factory: pytest.TempPathFactory) -> DemoHome:
    return _shared(tmp_path_factory, backend, "full")


@pytest.fixture(scope="session")
def old_home(backend: str, tmp_path_factory: pytest.TempPathFactory) -> DemoHome:
    return _shared(tmp_path_factory, backend, "old-export")


@pytest.fixture
def service_on(full_home: DemoHome) -> Iterator[Service]:
    """A service over the full demo home."""
    service = full_home.service()
    yield service
    service.close()


class Cli:
    """``goodword ARGS`` in-process, on one demo home."""

    def __init__(self, home: DemoHome, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("GOODWORD_HOME", str(home.home))
        monkeypatch.setenv("GOODWORD_DATABASE_URL", home.url)
        monkeypatch.setenv("COLUMNS", WIDE)
        self.runner = CliRunner()

    def run(self, *args: str) -> Result:
        return self.runner.invoke(goodword.cli.app.app, list(args))

    def ok(self, *args: str) -> str:
        """The output of a command that must succeed."""
        result = self.run(*args)
        assert result.exit_code == 0, (result.output, result.exception)
        return result.output

    def json(self, *args: str) -> Any:
        return json.loads(self.run_ok_stdout(*args, "--json"))

    def run_ok_stdout(self, *args: str) -> str:
        result = self.run(*args)
        assert result.exit_code == 0, (result.output, result.exception)
        return result.stdout

    def refused(self, *args: str) -> str:
        """The one ``error:`` line of a command that must fail cleanly."""
        result = self.run(*args)
        assert result.exit_code != 0 and isinstance(result.exception, SystemExit), result.output
        said = " ".join(result.output.split())
        assert said.startswith("error: ") and said.count("error:") == 1, said
        assert "Traceback" not in result.output
        return said


@pytest.fixture
def full_cli(full_home: DemoHome, monkeypatch: pytest.MonkeyPatch) -> Cli:
    return Cli(full_home, monkeypatch)


@pytest.fixture
def old_cli(old_home: DemoHome, monkeypatch: pytest.MonkeyPatch) -> Cli:
    return Cli(old_home, monkeypatch)


def everyone(home: DemoHome, service: Service) -> dict[str, dict[str, Any]]:
    """``people --json`` as of the demo's day, by LinkedIn profile (``linkedin.com/in/...``)."""
    from goodword.service.views import assessment_dict

    found = {}
    for assessment in service.people(as_of=home.day):
        person = assessment_dict(assessment)
        if person["linkedin_url"]:
            found[person["linkedin_url"].removeprefix("https://www.")] = person
    return found


def slate_people(slate: dict[str, Any]) -> list[dict[str, Any]]:
    """Everyone a slate shows: picks, runners-up and back-ups."""
    return [*slate["picks"], *slate["runners_up"], *slate["bench"]]
