"""Shared fixtures: an isolated data home per test, and a database URL for each backend.

Store and import tests take the ``db_url`` fixture and run twice: on SQLite
and on the local PostgreSQL server (each test in a schema of its own). Where
PostgreSQL cannot be reached those cases skip with the reason, unless
``GOODWORD_REQUIRE_POSTGRES=1`` (set by CI) turns the skip into a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from goodword.config import Settings
from goodword.service import Service

POSTGRES_URL = os.environ.get(
    "GOODWORD_TEST_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/goodword_test"
)
_postgres_problem: str | None = None
_postgres_checked = False


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point GOODWORD_HOME at a temp folder so no test touches the user's data."""
    home = tmp_path / "home"
    monkeypatch.setenv("GOODWORD_HOME", str(home))
    monkeypatch.delenv("GOODWORD_DATABASE_URL", raising=False)
    return home


def postgres_schema() -> Iterator[str]:
    """The URL of a new, empty schema on the test server, dropped when the caller is done."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"create schema {schema}"))
    try:
        yield (
            make_url(POSTGRES_URL)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"drop schema {schema} cascade"))
        admin.dispose()


def _postgres_available() -> str | None:
    """None when the test server answers (creating the test database if needed), else why not."""
    global _postgres_checked, _postgres_problem
    if _postgres_checked:
        return _postgres_problem
    _postgres_checked = True
    url = make_url(POSTGRES_URL)
    try:
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
    except Exception as exc:  # the database may be missing: try to create it
        try:
            admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.execute(text(f'create database "{url.database}"'))
            admin.dispose()
        except Exception:
            _postgres_problem = f"PostgreSQL not reachable at {url.render_as_string()}: {exc}"
    return _postgres_problem


def run_schema_prefix() -> str:
    """The prefix of PostgreSQL schemas shared by the xdist workers of one test run.

    Workers are children of the run's main process, so its id names the run.
    """
    run = os.getppid() if os.environ.get("PYTEST_XDIST_WORKER") else os.getpid()
    return f"run_{run}_"


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Drop the run's shared schemas once every worker is done (in the main process)."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    try:
        admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            found = connection.execute(
                text(
                    "select schema_name from information_schema.schemata where schema_name like :p"
                ),
                {"p": run_schema_prefix().replace("_", r"\_") + "%"},
            )
            for (schema,) in list(found):
                connection.execute(text(f"drop schema {schema} cascade"))
        admin.dispose()
    except Exception:  # no server, or no test database: nothing of this run to drop
        pass


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'goodword-test.db'}"
        return
    problem = _postgres_available()
    if problem:
        if os.environ.get("GOODWORD_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{problem} (GOODWORD_REQUIRE_POSTGRES=1)")
        pytest.skip(problem)
    yield from postgres_schema()


@pytest.fixture
def service(db_url: str, tmp_path: Path) -> Iterator[Service]:
    """A service over a fresh database on each backend."""
    instance = Service(Settings(home=tmp_path / "home", database_url=db_url))
    yield instance
    instance.close()
