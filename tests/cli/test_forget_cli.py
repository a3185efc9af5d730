"""`goodword forget` from the command line: a confirmation with counts, --yes, clear refusals."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import goodword.cli.app
from goodword.cli.app import app
from tests.linkedin_exports import EXPORT_2025

runner = CliRunner()


def run(*args: str, input: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, list(args), input=input, env={"COLUMNS": "200"})
    assert "Traceback" not in result.output
    return result.exit_code, " ".join(result.output.split())


def names() -> list[str]:
    result = runner.invoke(app, ["people", "--json"])
    assert result.exit_code == 0, result.output
    return [p["name"] for p in json.loads(result.stdout)]


@pytest.fixture
def at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stdin is a terminal someone answers at (the runner's stdin is a pipe)."""
    monkeypatch.setattr(goodword.cli.app, "_interactive", lambda: True)


def test_without_a_terminal_forget_needs_yes() -> None:
    assert run("import", str(EXPORT_2025))[0] == 0
    code, out = run("forget", "Åsa")
    assert code == 2
    assert out == "error: forget asks for confirmation: run it at a terminal, or add --yes"
    assert "Åsa Lindqvist" in names()
    code, out = run("forget", "Åsa", "--yes", "--json")
    assert code == 0
    done = json.loads(out)
    assert done["done"] and done["removed"]["interactions"] == 4
    assert "Åsa Lindqvist" not in names()


@pytest.mark.usefixtures("at_a_terminal")
def test_the_prompt_shows_what_goes_and_only_yes_forgets() -> None:
    assert run("import", str(EXPORT_2025))[0] == 0
    code, out = run("forget", "Zoë", input="n\n")
    assert code == 1
    assert "Forgetting Zoë Bašić" in out
    assert "2 endorsements" in out and "1 recommendations" in out
    assert "Forget Zoë Bašić and everything about them? This cannot be undone. [y/N]" in out
    assert out.endswith("nothing was changed")
    assert "Zoë Bašić" in names()
    code, out = run("forget", "Zoë", input="\n")  # the default is no
    assert code == 1 and "Zoë Bašić" in names()
    code, out = run("forget", "Zoë", input="y\n")
    assert code == 0 and "forgotten: #" in out and "one-way digests" in out
    assert "Zoë Bašić" not in names()
    code, out = run("import", str(EXPORT_2025), "--json")
    assert code == 0
    assert "forgotten person" in out
    assert "Zoë Bašić" not in names()


def test_forget_mistakes_are_one_line_errors() -> None:
    assert run("import", str(EXPORT_2025))[0] == 0
    code, out = run("forget", "Sam Rivera", "--yes")
    assert (code, out) == (2, "error: that is you: goodword cannot forget its owner")
    code, out = run("forget", "Chris Lee", "--yes")
    assert code == 6 and out.startswith("error: 'Chris Lee' matches 2 people")
    code, out = run("forget", "Nobody Atall", "--yes")
    assert code == 5 and out.startswith("error: nobody called")
    assert len(names()) == 9
