"""The facade is declared once: its table makes the lazy loading, and the typing imports match it."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import goodword.service as facade


def _typing_imports() -> set[tuple[str, str]]:
    tree = ast.parse(Path(facade.__file__).read_text(encoding="utf-8"))
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    )
    found = set()
    for node in block.body:
        assert isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names:
            assert alias.asname == alias.name, f"{alias.name} must be re-exported as itself"
            found.add((node.module, alias.name))
    return found


def test_the_typing_imports_are_the_table() -> None:
    table = {(module, name) for module, names in facade.PUBLIC.items() for name in names}
    assert _typing_imports() == table


def test_every_public_name_loads_from_its_module_and_nothing_else_is_offered() -> None:
    names = [name for names in facade.PUBLIC.values() for name in names]
    assert len(names) == len(set(names)), "a name listed twice"
    assert facade.__all__ == sorted(names)
    for module, listed in facade.PUBLIC.items():
        loaded = importlib.import_module(module)
        for name in listed:
            assert getattr(facade, name) is getattr(loaded, name)
    with pytest.raises(AttributeError, match="NotAName"):
        facade.NotAName  # type: ignore[attr-defined]  # noqa: B018
