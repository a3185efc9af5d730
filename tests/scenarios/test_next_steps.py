"""Point 9: every dead end of the demo names the next step."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import goodword.cli.app
from goodword.demo import build_network, write_export_zip
from tests.scenarios.conftest import Cli, DemoHome


def test_an_empty_home_then_a_profile_only_export_each_say_what_next(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOODWORD_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GOODWORD_DATABASE_URL", db_url)
    monkeypatch.setenv("COLUMNS", "250")
    runner = CliRunner()

    def said(*args: str) -> str:
        result = runner.invoke(goodword.cli.app.app, list(args))
        assert "Traceback" not in result.output
        return " ".join(result.output.split())

    assert "`goodword import PATH`" in said("people") and "`goodword demo`" in said("people")
    assert "goodword job add" in said("suggest", "analyst")
    assert "nothing is due" in said("due")
    export = write_export_zip(build_network(seed=7, contacts=40), tmp_path / "x", profile_only=True)
    imported = said("import", str(export))
    assert "next: `goodword" in imported, imported
    assert "goodword job add" in said("suggest", "analyst")


def test_due_on_the_demo_says_what_to_do_or_what_comes_next(
    full_home: DemoHome, full_cli: Cli
) -> None:
    text = " ".join(full_cli.ok("due", "--on", f"{full_home.day}").split())
    if text.startswith("nothing is due today; next, on "):
        upcoming = text.removeprefix("nothing is due today; next, on ")
        assert upcoming[:4].isdigit() and upcoming[4] == "-", text
    elif text.startswith("nothing is due"):
        assert "`goodword suggest JOB`" in text and "`goodword ask JOB NAME`" in text
    else:  # asks made by other scenarios: each row says what to do
        assert text.startswith("due"), text
