"""`ask`, `asks`, `due` and `thank` from the command line."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from goodword.cli.app import app
from tests.linkedin_exports import EXPORT_2025

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_the_pipeline_from_the_command_line() -> None:
    assert run("import", str(EXPORT_2025))[0] == 0
    assert run("job", "add", "--title", "Data Lead", "--needs", "2 references")[0] == 0
    code, out = run("ask", "Data Lead", "Zoë", "Åsa", "--on", "2025-10-02")
    assert code == 0 and "proposed" in out and "have the honest conversation" in out
    assert run("vet", "Zoë", "--willing", "yes", "--on", "2025-10-03")[0] == 0
    for state in ("asked", "agreed", "used"):
        assert run("ask", "1", "Zoë", "--to", state, "--on", "2025-10-05")[0] == 0
    code, out = run("due", "--on", "2025-10-08", "--json")
    due = {(d["person"]["name"], d["next_action"]) for d in json.loads(out)}
    assert due == {("Zoë Bašić", "thank them"), ("Åsa Lindqvist", "have the honest conversation")}
    code, out = run("thank", "Data Lead", "Zoë", "--note", "coffee")
    assert code == 0 and "thanked" in out
    code, out = run("asks", "--json")
    states = {a["person"]["name"]: a["state"] for a in json.loads(out)}
    assert states == {"Zoë Bašić": "thanked", "Åsa Lindqvist": "proposed"}


def test_ask_mistakes_are_one_line_errors() -> None:
    assert run("import", str(EXPORT_2025))[0] == 0
    assert run("job", "add", "--title", "Data Lead")[0] == 0
    assert run("ask", "Data Lead", "Åsa", "--to", "agreed")[0] == 2
    assert run("ask", "Data Lead", "Åsa", "--to", "maybe")[0] == 2
    assert run("ask", "No such job", "Åsa")[0] == 5
    assert run("thank", "Data Lead", "Nobody Atall")[0] == 5
    assert run("asks", "No such job")[0] == 5


def test_due_writes_a_calendar_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert run("import", str(EXPORT_2025))[0] == 0
    assert run("job", "add", "--title", "Data Lead")[0] == 0
    assert run("ask", "Data Lead", "Zoë", "--on", "2025-10-02")[0] == 0
    code, _ = run("due", "--on", "2025-10-02", "--ics", str(tmp_path / "goodword.ics"))
    assert code == 0
    text = (tmp_path / "goodword.ics").read_text(encoding="utf-8")
    assert "BEGIN:VEVENT" in text and "have the honest conversation" in text
    assert run("due", "--ics", str(tmp_path / "no" / "such" / "dir.ics"))[0] == 2
