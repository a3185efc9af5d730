"""`prep`, `sheet` and `draft` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from pypdf import PdfReader
from typer.testing import CliRunner

from goodword.cli.app import app
from tests.linkedin_exports import EXPORT_2025

runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, list(args), input=stdin, env={"COLUMNS": "200"})
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_prep_sheet_and_draft(tmp_path: Path) -> None:
    assert run("import", str(EXPORT_2025))[0] == 0
    assert run("job", "add", "--title", "Data Lead", "--org", "Fabrikam")[0] == 0
    code, out = run("prep", "Data Lead", "Zoë", "--pdf", str(tmp_path / "brief.pdf"))
    assert code == 0 and "# Prep brief for Zoë Bašić" in out
    assert "Zoë Bašić" in PdfReader(tmp_path / "brief.pdf").pages[0].extract_text()
    code, out = run("prep", "Data Lead", "Zoë", "--out", str(tmp_path / "brief.md"))
    assert code == 0 and "Prep brief" in (tmp_path / "brief.md").read_text(encoding="utf-8")
    assert run("sheet", "Data Lead")[0] == 2  # nobody agreed yet
    code, out = run("sheet", "Data Lead", "Zoë", "Åsa", "--json")
    assert code == 0
    assert [e["name"] for e in json.loads(out)["sheet"]["entries"]] == [
        "Zoë Bašić",
        "Åsa Lindqvist",
    ]
    code, out = run("draft", "honest-conversation", "Data Lead", "Åsa")
    assert code == 0 and "Do you have any concerns about doing so?" in out
    code, out = run("draft", "ask", "Data Lead", "Åsa", "--eml", str(tmp_path))
    assert code == 0 and list(tmp_path.glob("*.eml"))
    assert run("draft", "poem", "Data Lead", "Åsa")[0] == 2
    code, out = run("draft", "ask", "Data Lead", "Åsa", "--send")
    assert code == 2 and "error:" in out  # no SMTP server configured: nothing is sent
