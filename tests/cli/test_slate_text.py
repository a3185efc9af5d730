"""What ``goodword suggest`` prints is what its JSON says: reasons, runners-up, a short slate."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import flat, invoke, ok, ok_json, set_home
from tests.linkedin_exports import EXPORT_2025
from tests.slate_checks import check_slate


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COLUMNS", "250")
    home = set_home(monkeypatch, tmp_path / "gw-home")
    ok(invoke("import", str(EXPORT_2025)))
    return home


def test_a_short_slate_prints_how_short_why_and_what_next(home: Path) -> None:
    ok(invoke("job", "add", "--title", "Fellowship", "--needs", "8 letters, 2 professors"))
    slate = ok_json("suggest", "1", "--as-of", "2025-10-01", "--json")
    text = flat(ok(invoke("suggest", "1", "--as-of", "2025-10-01")).output)
    check_slate(slate)
    unfilled = slate["unfilled"]
    assert unfilled["why"].startswith(f"needs 8, found {len(slate['picks'])}: ")
    assert flat(unfilled["why"]) in text
    for step in unfilled["next_steps"]:
        assert f"→ {flat(step)}" in text
    for pick in slate["picks"]:
        for reason in pick["reasons"]:
            assert flat(reason) in text
    for runner in slate["runners_up"]:
        assert flat(runner["why_not"]) in text


def test_a_missing_supervisor_says_how_to_name_one_in_the_text(home: Path) -> None:
    ok(invoke("job", "add", "--title", "Lead", "--needs", "3 references, 3 supervisors"))
    slate = ok_json("suggest", "1", "--as-of", "2025-10-01", "--json")
    text = flat(ok(invoke("suggest", "1", "--as-of", "2025-10-01")).output)
    check_slate(slate)
    assert slate["unfilled"]["roles"] == {"supervisor": 1}
    # A senior title nobody worked with is no possible supervisor to confirm.
    assert "Zabih Rahimi" not in slate["unfilled"]["why"]
    steps = [step for step in slate["unfilled"]["next_steps"] if "goodword relate" in step]
    assert steps
    for step in steps:
        assert f"→ {flat(step)}" in text
