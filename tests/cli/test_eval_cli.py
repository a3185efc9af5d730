"""`goodword eval` from the command line: the comparison, how sure it is, and its JSON twin."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from goodword.cli.app import app

runner = CliRunner()


def run(*args: str, home: Path) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200", "GOODWORD_HOME": str(home)})
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_eval_prints_the_difference_with_its_interval_and_the_same_in_json(tmp_path: Path) -> None:
    """A small synthetic history: both methods scored, and model minus baseline with its interval."""
    # 100 contacts: enough later asks (30, to 13 people) that some go unanswered and AUC is defined.
    assert run("demo", "--contacts", "100", "--keep", str(tmp_path), home=tmp_path / "x")[0] == 0
    home = tmp_path / "home"

    code, out = run("eval", "--until", "2026-10-01", "--json", home=home)
    assert code == 0
    payload = json.loads(out)
    difference = payload["difference"]
    assert difference["resampled"] == "people" and difference["resamples"] == 1000
    for part, method in (("auc", "auc"), ("brier", "brier")):
        estimate = payload["model"][method] - payload["baseline"][method]
        assert abs(difference[part]["estimate"] - estimate) < 2e-3
        assert difference[part]["low"] <= difference[part]["estimate"] <= difference[part]["high"]
    assert json.loads(run("eval", "--until", "2026-10-01", "--json", home=home)[1]) == payload

    code, out = run("eval", "--until", "2026-10-01", home=home)
    assert code == 0
    assert "model − baseline" in out and "95% interval" in out
    assert f"{difference['auc']['low']:+.3f} to {difference['auc']['high']:+.3f}" in out


def test_an_export_without_messages_says_what_eval_needs(tmp_path: Path) -> None:
    from tests.linkedin_exports import copy_export

    export = copy_export(tmp_path / "export", {"messages.csv": None})
    home = tmp_path / "home"
    assert run("import", str(export), home=home)[0] == 0

    code, out = run("eval", home=home)

    assert code != 0
    assert "split (" not in out
    assert out.strip().startswith("error: eval needs more of your own history")
    assert "found none up to" in out and "`goodword import PATH`" in out
    assert len(out.strip().splitlines()) == 1


def test_a_split_after_the_end_names_both_options(tmp_path: Path) -> None:
    code, out = run("eval", "--split", "2026-01-02", "--until", "2026-01-01", home=tmp_path)
    assert code != 0
    assert "--split 2026-01-02 must come before --until 2026-01-01" in out
