"""`vet`, `flag` and `relate` from the command line: one line back, clear errors."""

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


def test_vet_flag_and_relate_report_the_changed_criterion() -> None:
    assert run("import", str(EXPORT_2025))[0] == 0
    code, out = run("vet", "Åsa", "--willing", "concerns", "--concerns", "slow on reviews")
    assert code == 0
    assert "Åsa Lindqvist" in out and "satisfaction 0.55" in out and "slow on reviews" in out
    code, out = run("flag", "Zabih", "--soured", "--note", "reorg")
    assert code == 0 and "(soured)" in out and "satisfaction 0.00" in out
    code, out = run("relate", "Usman", "manager", "--org", "Initech", "--json")
    assert code == 0
    assert json.loads(out)["relationship"]["kind"] == "manager"


def test_judgement_mistakes_are_one_line_errors() -> None:
    assert run("import", str(EXPORT_2025))[0] == 0
    assert run("vet", "Åsa", "--willing", "perhaps")[0] == 2
    assert run("vet", "Nobody Atall", "--willing", "yes")[0] == 5
    assert run("vet", "Chris Lee", "--willing", "yes")[0] == 6
    assert run("relate", "Åsa")[0] == 2
    assert run("flag", "Åsa")[0] == 2
    assert run("vet", "Åsa", "--willing", "yes", "--on", "yesterday")[0] == 2
