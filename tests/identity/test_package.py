"""The identity package stays pure: rules only, no database, nothing of goodword above it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import goodword.identity

PACKAGE = Path(goodword.identity.__file__).parent


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports, at any depth of the file."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_identity_imports_nothing_of_goodword_but_errors_and_itself() -> None:
    for path in sorted(PACKAGE.glob("*.py")):
        ours = {name for name in imported(path) if name.split(".")[0] == "goodword"}
        stray = {
            n for n in ours if n != "goodword.errors" and not n.startswith("goodword.identity")
        }
        assert not stray, f"{path.name} imports {sorted(stray)}"
        assert not any(n.split(".")[0] == "sqlalchemy" for n in imported(path)), path.name


def test_loading_every_identity_rule_loads_no_database_code() -> None:
    modules = sorted(
        f"goodword.identity.{p.stem}" for p in PACKAGE.glob("*.py") if p.stem[0] != "_"
    )
    code = f"import sys, {', '.join(modules)}; print('sqlalchemy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "False"
