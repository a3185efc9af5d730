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


def test_a_no_is_refused_in_one_line_and_anyway_overrides_it() -> None:
    assert run("import", str(EXPORT_2025))[0] == 0
    assert run("job", "add", "--title", "Data Lead", "--org", "Fabrikam")[0] == 0
    assert run("vet", "Zoë", "--willing", "no")[0] == 0
    for command in (
        ("prep", "Data Lead", "Zoë"),
        ("draft", "ask", "Data Lead", "Zoë"),
        ("sheet", "Data Lead", "Zoë"),
        ("ask", "Data Lead", "Zoë"),
    ):
        code, out = run(*command)
        assert code == 2, command
        assert "said no in the honest conversation" in out and "--anyway" in out
        assert len(out.strip().splitlines()) == 1
    assert "said no in the honest conversation" in run("person", "Zoë")[1]
    code, out = run("prep", "Data Lead", "Zoë", "--anyway")
    assert code == 0 and "# Prep brief for Zoë Bašić" in out
    assert "agreeing" not in out
    code, out = run("ask", "Data Lead", "Zoë", "--anyway")
    assert code == 0 and "said no on" in out and "--to withdrawn" in out


def test_concerns_show_on_the_slate_the_pipeline_and_beside_the_brief() -> None:
    assert run("import", str(EXPORT_2025))[0] == 0
    assert run("job", "add", "--title", "Data Lead", "--org", "Fabrikam")[0] == 0
    concerns = ("--willing", "concerns", "--concerns", "missed the Q3 deadline")
    assert run("vet", "Zoë", *concerns)[0] == 0
    code, out = run("suggest", "Data Lead")
    assert code == 0 and "concerns they raised: missed the Q3 deadline" in out
    code, out = run("suggest", "Data Lead", "--json")
    zoe = next(
        p
        for p in json.loads(out)["picks"] + json.loads(out)["runners_up"]
        if p["name"] == "Zoë Bašić"
    )
    assert zoe["concerns"] == "missed the Q3 deadline"
    code, out = run("person", "Zoë")
    assert code == 0 and "with concerns: missed the Q3 deadline" in out
    code, out = run("ask", "Data Lead", "Zoë")
    assert code == 0 and "raised concerns on" in out and "missed the Q3 deadline" in out
    code, out = run("prep", "Data Lead", "Zoë")
    assert code == 0 and "note: Zoë Bašić raised concerns on" in out
    code, out = run("draft", "ask", "Data Lead", "Zoë")
    assert code == 0 and "note: Zoë Bašić raised concerns on" in out
    code, out = run("person", "Zoë")
    assert "concerns they raised: missed the Q3 deadline" in out
