"""Migrations run from blank on both databases, report pending work, and round-trip."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from goodword.store.engine import (
    Store,
    alembic_config,
    blank_status,
    make_engine,
    migration_status,
    upgrade,
)
from goodword.store.models import Base


def test_blank_database_has_every_migration_pending(db_url: str) -> None:
    engine = make_engine(db_url)
    status = migration_status(engine)
    assert status.current is None
    assert status.pending == [
        "0001",
        "0002",
        "0003",
        "0004",
        "0005",
        "0006",
        "0007",
        "0008",
        "0009",
        "0010",
        "0011",
    ]
    assert status.pending[-1] == status.head
    assert blank_status().pending == status.pending
    assert not status.up_to_date
    engine.dispose()


def test_upgrade_from_blank_creates_the_whole_domain(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert migration_status(engine).up_to_date
    engine.dispose()


def test_migrated_schema_matches_the_models(db_url: str) -> None:
    """Autogenerate finds nothing to change: the migrations and models agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = make_engine(db_url)
    upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == []


def test_downgrade_to_base_and_up_again(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    command.downgrade(alembic_config(engine), "base")
    assert "person" not in inspect(engine).get_table_names()
    upgrade(engine)
    assert "person" in inspect(engine).get_table_names()
    engine.dispose()


def test_store_migrates_on_open_and_sets_sqlite_pragmas(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = Store(f"sqlite:///{tmp_path / 'x.db'}")
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000
    assert migration_status(store.engine).up_to_date
    store.dispose()


def test_upgrading_an_old_database_keeps_its_data_and_fills_new_columns(db_url: str) -> None:
    """A database at 0001 with an honest conversation in it upgrades to head without loss."""
    from sqlalchemy import text

    engine = make_engine(db_url)
    command.upgrade(alembic_config(engine), "0001")
    with engine.begin() as connection:
        connection.execute(
            text("insert into owner (id, name, profile, created_at) values (1, 'Sam', '{}', :now)"),
            {"now": "2025-01-01 00:00:00"},
        )
        connection.execute(
            text(
                "insert into person (id, owner_id, display_name, first_name, last_name, name_key, "
                "title, is_self, do_not_ask, soured, soured_note, created_at) values "
                "(1, 1, 'Zoë', '', '', 'zoe', '', false, false, false, '', :now)"
            ),
            {"now": "2025-01-01 00:00:00"},
        )
        connection.execute(
            text(
                "insert into vetting (owner_id, person_id, held_on, channel, willing, concerns, "
                "created_at) values (1, 1, :day, 'call', 'concerns', 'slow reviews', :now)"
            ),
            {"day": "2025-02-01", "now": "2025-02-01 00:00:00"},
        )
    upgrade(engine)
    assert migration_status(engine).up_to_date
    with engine.connect() as connection:
        row = connection.execute(
            text("select willing, concerns, question_recommend, question_concerns from vetting")
        ).one()
    engine.dispose()
    assert row == (
        "concerns",
        "slow reviews",
        "Would you be able to honestly recommend me for a future job opportunity?",
        "Do you have any concerns about doing so?",
    )


def test_the_packaged_head_read_from_file_names_is_alembics_head() -> None:
    # Opening an up-to-date database trusts the file names and skips Alembic entirely.
    from goodword.store.engine import blank_status
    from goodword.store.reading import packaged_head

    assert packaged_head() == blank_status().head


def test_upgrading_to_0008_dates_open_positions_by_the_export_that_brought_them(
    db_url: str,
) -> None:
    """A position stored without its export's day takes it from its import; the basis is blank."""
    from sqlalchemy import text

    engine = make_engine(db_url)
    command.upgrade(alembic_config(engine), "0007")
    now = {"now": "2025-01-01 00:00:00"}
    with engine.begin() as connection:
        connection.execute(
            text("insert into owner (id, name, profile, created_at) values (1, 'Sam', '{}', :now)"),
            now,
        )
        connection.execute(
            text(
                "insert into person (id, owner_id, display_name, first_name, last_name, name_key, "
                "title, is_self, do_not_ask, soured, soured_note, created_at) values "
                "(1, 1, 'Zoë', '', '', 'zoe', '', false, false, false, '', :now)"
            ),
            now,
        )
        connection.execute(
            text("insert into organization (id, owner_id, name, key) values (1, 1, 'Acme', 'acme')")
        )
        connection.execute(
            text(
                "insert into import_run (id, owner_id, source_kind, path, fingerprint, "
                "export_date, started_at, status, counts) values "
                "(1, 1, 'linkedin', 'old.zip', 'f', :day, :now, 'done', '{}')"
            ),
            {"day": "2023-07-11", **now},
        )
        connection.execute(
            text(
                "insert into tenure (id, owner_id, import_id, natural_key, person_id, "
                "organization_id, kind, title, start_precision, end_precision, is_current, "
                "description, location) values "
                "(1, 1, 1, 'k1', 1, 1, 'work', 'Engineer', '', '', true, '', ''),"
                "(2, 1, NULL, 'k2', 1, 1, 'work', 'Intern', '', '', false, '', '')"
            )
        )
    upgrade(engine)
    with engine.connect() as connection:
        observed = connection.execute(text("select id, observed_on from tenure order by id")).all()
        basis = connection.execute(text("select export_basis from import_run")).scalar_one()
    engine.dispose()
    assert [(i, str(day) if day else None) for i, day in observed] == [
        (1, "2023-07-11"),
        (2, None),
    ]
    assert basis == ""
