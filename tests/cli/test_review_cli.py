"""`review` asks "is this you?" about a contact who may be your own other account."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from goodword.cli.app import app
from tests.service.test_your_other_account import export_with_a_second_account

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_review_asks_is_this_you_and_a_yes_shows_in_me(tmp_path: Path) -> None:
    code, out = run("import", str(export_with_a_second_account(tmp_path)))
    assert code == 0
    assert run("job", "add", "--title", "Data Lead", "--org", "Fabrikam")[0] == 0
    code, out = run("review")
    assert code == 0 and "is this you?" in out and "your own name, 'Sam Rivera'" in out
    assert "left out of suggestions" in out
    code, out = run("review", "--json")
    [question] = json.loads(out)
    assert question["question"] == "is this you?"
    code, out = run("suggest", "Data Lead")
    assert "1 may be your own account: answer `goodword review`" in out

    code, out = run("review", "--accept", str(question["id"]))
    assert code == 0 and "is you" in out and "`goodword me`" in out
    code, out = run("me", "--json")
    assert "linkedin:linkedin.com/in/sam-rivera-2" in json.loads(out)["other"]
    assert "may be your own account" not in run("suggest", "Data Lead")[1]


def test_a_match_number_no_database_holds_is_not_found_in_one_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from goodword.cli.app import app

    result = CliRunner().invoke(
        app,
        ["review", "--accept", "99999999999999999999"],
        env={"GOODWORD_HOME": str(tmp_path / "home"), "COLUMNS": "200"},
    )
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert "no match #99999999999999999999" in result.output
