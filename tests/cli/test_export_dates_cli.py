"""An old export through the command line: dated in the import summary, flagged once, read as of it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli import everything, flat, invoke, ok, set_home
from tests.linkedin_exports import EXPORT_2025, zip_folder


@pytest.fixture
def old_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """A home holding the fixture export as made on 2023-07-11, and what its import printed."""
    monkeypatch.setenv("COLUMNS", "250")
    home = set_home(monkeypatch, tmp_path / "gw-home")
    archive = zip_folder(EXPORT_2025, tmp_path, "Basic_LinkedInDataExport_07-11-2023.zip")
    return home, flat(everything(ok(invoke("import", str(archive)))))


def test_the_import_summary_dates_the_export_and_flags_it_once(old_home: tuple[Path, str]) -> None:
    _, printed = old_home
    assert "export date: 2023-07-11 (from the file name)" in printed
    assert printed.count("this LinkedIn export is from 2023-07-11") == 1
    assert "import a newer one to bring it up to date" in printed


def test_people_flags_the_old_export_once_and_keeps_its_json_clean(
    old_home: tuple[Path, str],
) -> None:
    table = everything(ok(invoke("people")))
    assert flat(table).count("note: your newest LinkedIn export is from 2023-07-11") == 1
    result = ok(invoke("people", "--json"))
    people = json.loads(result.stdout)
    assert "your newest LinkedIn export" in everything(result)
    zabih = next(p for p in people if p["name"].endswith("Rahimi"))
    why = zabih["familiarity"]["why"]
    assert "you both work at Northwind Labs as of the 2023-07 export" in why
    assert zabih["familiarity"]["stale"] is True


def test_as_of_a_day_soon_after_the_export_nothing_is_flagged(old_home: tuple[Path, str]) -> None:
    result = ok(invoke("people", "--as-of", "2023-08-01"))
    assert "newest LinkedIn export" not in everything(result)
