"""Docs are executable: docs/cli.md is generated from `--help`, and CI fails when it is stale.

Regenerate with ``GOODWORD_UPDATE_DOCS=1 .venv/bin/pytest tests/test_docs.py``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from typer.main import get_command
from typer.testing import CliRunner

from goodword.cli.app import app

DOCS = Path(__file__).parent.parent / "docs" / "cli.md"


def _commands(command: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        found.extend(_commands(sub, (*path, name)))
    return found


def render_reference() -> str:
    """The CLI reference: every command's `--help`, in a stable width and without colour."""
    runner = CliRunner()
    parts = [
        "# goodword command reference\n",
        "Generated from `--help` by `tests/test_docs.py`; do not edit by hand.\n",
    ]
    for path in _commands(get_command(app)):
        result = runner.invoke(
            app,
            [*path, "--help"],
            prog_name="goodword",
            env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"},
        )
        assert result.exit_code == 0, result.output
        title = " ".join(("goodword", *path))
        text = "\n".join(line.rstrip() for line in result.output.strip().splitlines())
        parts.append(f"\n## `{title}`\n\n```\n{text}\n```\n")
    return "".join(parts)


def test_cli_reference_is_up_to_date() -> None:
    expected = render_reference()
    if os.environ.get("GOODWORD_UPDATE_DOCS") == "1":
        DOCS.write_text(expected, encoding="utf-8")
    assert DOCS.exists(), (
        "docs/cli.md is missing: run GOODWORD_UPDATE_DOCS=1 pytest tests/test_docs.py"
    )
    assert DOCS.read_text(encoding="utf-8") == expected, (
        "docs/cli.md is stale: run GOODWORD_UPDATE_DOCS=1 .venv/bin/pytest tests/test_docs.py"
    )
