"""An export is read as of the day it was made, on SQLite and PostgreSQL.

A position still open in a 2023-07 LinkedIn export is known only up to
that day: its coworkers are "at X as of the 2023-07 export" and go stale
by 2026. A newer export moves the day forward; an older one never moves
it back. An old export is flagged once, in the import summary and in
``people``, and the kept summary says the same as the full path.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from goodword.service import PeopleQuery, Service
from goodword.service.scores import compute, quick
from goodword.service.views import assessment_dict
from goodword.store import models as m
from tests.linkedin_exports import EXPORT_2025, zip_folder

OLD = date(2023, 7, 11)


@pytest.fixture
def kept(service: Service) -> Iterator[Service]:
    yield service
    compute.forget(service.store.engine)


def export_of(day: date, where: Path) -> Path:
    """The fixture export, named by LinkedIn as made on ``day``."""
    return zip_folder(
        EXPORT_2025, where / day.isoformat(), f"Basic_LinkedInDataExport_{day:%m-%d-%Y}.zip"
    )


def zabih(service: Service) -> dict[str, object]:
    """The familiarity of the fixture's Head of Data, a coworker at Northwind Labs (no messages)."""
    return assessment_dict(service.person("Zabih").assessment)["familiarity"]  # type: ignore[no-any-return]


def observed(service: Service) -> set[date | None]:
    """The days the open Northwind Labs positions are known up to."""
    with service.store.session() as session:
        return set(
            session.scalars(
                select(m.Tenure.observed_on)
                .join(m.Organization)
                .where(m.Organization.key == "northwind labs", m.Tenure.is_current.is_(True))
            )
        )


def test_a_2023_exports_coworkers_are_at_x_as_of_that_export_and_stale_today(
    service: Service, tmp_path: Path
) -> None:
    summary = service.import_path(export_of(OLD, tmp_path))
    assert summary.export_date == OLD and summary.export_basis == "file name"
    assert summary.old_export.startswith("this LinkedIn export is from 2023-07-11 (")
    assert summary.as_dict()["old_export"] == summary.old_export

    familiarity = zabih(service)
    assert "you both work at Northwind Labs as of the 2023-07 export (you: since 2023)" in str(
        familiarity["why"]
    )
    assert familiarity["last_worked_together"] == "2023-07-11"
    assert familiarity["stale"] is True

    # As of a day soon after the export, the same evidence was fresh.
    then = assessment_dict(service.person("Zabih", as_of=date(2023, 8, 1)).assessment)
    assert "you both work at Northwind Labs now (you: 2023–now)" in then["familiarity"]["why"]
    assert then["familiarity"]["stale"] is False


def test_a_newer_export_moves_the_day_forward_and_an_older_one_never_back(
    service: Service, tmp_path: Path
) -> None:
    service.import_path(export_of(OLD, tmp_path))
    assert observed(service) == {OLD}
    recent = datetime.now(UTC).date() - timedelta(days=10)

    newer = service.import_path(export_of(recent, tmp_path))
    assert newer.old_export == ""
    assert all(f.added == 0 for f in newer.files if f.name == "Positions.csv")
    assert observed(service) == {recent}
    familiarity = zabih(service)
    assert "you both work at Northwind Labs now (you: 2023–now)" in str(familiarity["why"])
    assert familiarity["last_worked_together"] == recent.isoformat()
    assert familiarity["stale"] is False

    again = service.import_path(export_of(OLD, tmp_path / "again"))
    assert again.old_export == (
        f"this LinkedIn export is from 2023-07-11, older than the one imported before "
        f"({recent.isoformat()}): it adds what is new but moves no date back"
    )
    assert observed(service) == {recent}
    assert zabih(service)["last_worked_together"] == recent.isoformat()


def test_a_position_closed_in_a_newer_export_is_closed(service: Service, tmp_path: Path) -> None:
    service.import_path(export_of(OLD, tmp_path))
    newer = tmp_path / "newer"
    newer.mkdir()
    positions = (EXPORT_2025 / "Positions.csv").read_text(encoding="utf-8")
    (newer / "Positions.csv").write_text(
        positions.replace("Lisbon,Mar 2023,\n", "Lisbon,Mar 2023,Oct 2025\n"), encoding="utf-8"
    )
    archive = zip_folder(newer, tmp_path / "z", "Basic_LinkedInDataExport_11-02-2025.zip")
    service.import_path(archive)
    with service.store.session() as session:
        mine = session.execute(
            select(m.Tenure.is_current, m.Tenure.end_on, m.Tenure.observed_on)
            .join(m.Organization)
            .join(m.Person, m.Tenure.person_id == m.Person.id)
            .where(m.Organization.key == "northwind labs", m.Person.is_self.is_(True))
        ).all()
    assert mine == [(False, date(2025, 10, 31), date(2025, 11, 2))]


def test_people_flags_an_old_export_once_and_the_kept_kept_scores_says_the_same(
    kept: Service, tmp_path: Path
) -> None:
    kept.import_path(export_of(OLD, tmp_path))
    kept.refresh_scores()  # as an import ends
    full = kept.people_page()
    fast = quick.people_page(kept.settings, PeopleQuery())
    assert fast is not None
    assert len(full.old_exports) == 1
    assert full.old_exports[0].startswith("your newest LinkedIn export is from 2023-07-11 (")
    assert fast.old_exports == full.old_exports
    assert [assessment_dict(a) for a in fast.people] == [assessment_dict(a) for a in full.people]
    compute.forget(kept.store.engine)
    assert kept.people_page(as_of=date(2023, 8, 1)).old_exports == ()
