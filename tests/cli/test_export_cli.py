"""The data commands from the command line: clear help, a round trip, one-line refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from goodword.cli.app import app


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "120", "NO_COLOR": "1"})
    return result.exit_code, " ".join(result.output.split())


def test_export_import_backup_restore_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, said = _run("export", "--help")
    assert code == 0 and "--format" in said and "csv" in said and "Kept scores" in said
    assert _run("job", "add", "--title", "Staff engineer", "--org", "Acme")[0] == 0
    out = tmp_path / "all.json"
    code, said = _run("export", str(out), "--json")
    assert code == 0 and json.loads(said)["counts"]["jobs"] == 1
    code, said = _run("export", str(out))
    assert code != 0 and said.startswith("error:") and said.count("error:") == 1

    monkeypatch.setenv("GOODWORD_HOME", str(tmp_path / "new-home"))
    code, said = _run("import", str(out))
    assert code == 0 and "1 jobs" in said, said
    code, said = _run("import", str(out))
    assert code != 0 and said.startswith("error: this home already holds data"), said
    code, said = _run("job", "list", "--json")
    assert [job["title"] for job in json.loads(said)] == ["Staff engineer"]

    code, said = _run("backup", str(tmp_path / "home.backup"))
    assert code == 0 and "backed up (sqlite)" in said
    code, said = _run("restore", str(tmp_path / "home.backup"))
    assert code != 0 and "--force" in said and "Traceback" not in said
    code, said = _run("restore", str(out), "--force")
    assert code != 0 and said.startswith("error:") and "not a goodword backup" in said
