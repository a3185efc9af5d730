"""A next step at every dead end, and tables that stay readable at 80 columns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from goodword import __version__
from goodword.cli.app import app
from tests.linkedin_exports import EXPORT_2025, copy_export

runner = CliRunner()


def run(*args: str, columns: int = 200) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": str(columns)})
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_version() -> None:
    assert run("--version") == (0, f"goodword {__version__}\n")


def test_an_empty_home_points_to_import_or_demo() -> None:
    code, out = run("people")
    assert code == 0
    assert "no people yet: `goodword import PATH`" in out and "`goodword demo`" in out


def test_no_jobs_points_to_job_add() -> None:
    assert run("import", str(EXPORT_2025))[0] == 0
    code, out = run("job", "list")
    assert code == 0 and out.startswith("no jobs yet: add one with `goodword job add --title")
    code, out = run("suggest", "data lead")
    assert code == 5
    assert "no jobs yet to match 'data lead': add one with `goodword job add" in out


def test_nothing_due_shows_the_next_date_or_how_to_start() -> None:
    assert run("import", str(EXPORT_2025))[0] == 0
    _code, out = run("due", "--on", "2025-10-01")
    assert "nothing is due, and no ask is waiting: `goodword suggest JOB`" in out
    assert run("job", "add", "--title", "Data Lead")[0] == 0
    assert run("ask", "Data Lead", "Zoë", "--on", "2025-10-02")[0] == 0
    code, out = run("due", "--on", "2025-10-02")
    assert code == 0
    assert out.startswith("nothing is due today; next, on 2025-10-05: have the honest")
    assert json.loads(run("due", "--on", "2025-10-02", "--json")[1]) == []


def test_without_a_name_me_says_how_to_set_it_and_drafts_are_never_unsigned(
    tmp_path: Path,
) -> None:
    # Neither a profile nor a message of yours names you (messages would: see `me`).
    export = copy_export(
        tmp_path / "export",
        dict.fromkeys(
            (
                "Profile.csv",
                "messages.csv",
                "coach_messages.csv",
                "Invitations.csv",
                "Recommendations_Given.csv",
                "Recommendations_Received.csv",
                "Endorsement_Given_Info.csv",
                "Endorsement_Received_Info.csv",
            )
        ),
    )
    assert run("import", str(export))[0] == 0
    code, out = run("me")
    assert code == 0 and '(name unknown; set with --name "Your Name"' in out
    assert run("job", "add", "--title", "Data Lead")[0] == 0

    code, out = run("draft", "ask", "Data Lead", "Zoë")

    assert code == 2
    assert out.strip() == (
        "error: your name is unknown and a message must be signed: set it with "
        '`goodword me --name "Your Name"`, then draft again'
    )
    assert run("me", "--name", "Sam Rivera")[0] == 0
    code, out = run("draft", "ask", "Data Lead", "Zoë")
    assert code == 0 and out.rstrip().endswith("Sam Rivera")


def test_people_shows_the_fit_it_sorts_by_in_the_table_and_the_json() -> None:
    assert run("import", str(EXPORT_2025))[0] == 0
    # The old export's note goes to stderr, which the runner mixes in after the JSON.
    people, _end = json.JSONDecoder().raw_decode(run("people", "--json")[1])
    fits = [p["fit"] for p in people]
    assert fits == sorted(fits, reverse=True) and fits[0] > 0
    _code, out = run("people")
    header = next(line for line in out.splitlines() if " name " in line)
    assert header.split()[:2] == ["#", "name"] and "fit" in header.split()
    first = next(line for line in out.splitlines() if line.strip().startswith(str(people[0]["id"])))
    assert f"{people[0]['fit']:.2f}" in first


def test_the_import_summary_ends_with_what_to_run_next() -> None:
    code, out = run("import", str(EXPORT_2025))
    assert code == 0
    assert out.strip().splitlines()[-1].startswith("next: `goodword people`")


@pytest.mark.parametrize(
    "command",
    [("import", str(EXPORT_2025)), ("people",), ("job", "list"), ("asks",), ("due",)],
)
def test_tables_stay_within_80_columns(command: tuple[str, ...]) -> None:
    assert run("import", str(EXPORT_2025))[0] == 0
    assert run("job", "add", "--title", "Senior Manager, Data Science (Clinical Analytics)")[0] == 0
    assert run("ask", "1", "Zoë", "Åsa")[0] == 0
    assert run("ask", "1", "Zoë", "--to", "vetted", "--on", "2020-01-01")[0] == 0

    code, out = run(*command, columns=80)

    assert code == 0
    lines = out.splitlines()
    # Everything in a table, and every ask listed, is drawn within 80 columns and cut short
    # nowhere; prose lines after a table (notes, "next:") are left to the terminal to wrap.
    assert "…" not in out
    rules = [i for i, line in enumerate(lines) if line.startswith("──")]
    if rules:
        end = next(
            (i for i in range(rules[0] + 1, len(lines)) if not lines[i].startswith(TABLE_ROW)),
            len(lines),
        )
        drawn = lines[rules[0] - 1 : end]
    else:
        drawn = lines
    assert all(len(line) <= 80 for line in drawn), "\n".join(drawn)
    assert len(drawn) > 1


# What a line of a table at 80 columns starts with: a file, an id, a continuation's indent.
TABLE_ROW = tuple("0123456789 ") + tuple(p.name[:4] for p in EXPORT_2025.iterdir())
