"""The command-line face: Typer commands that parse input, call the service and render."""

from __future__ import annotations

import gc
from collections.abc import Callable


def main() -> None:
    """Console-script entry point: load the commands with the garbage collector out of the way.

    Loading goodword and its libraries makes a few hundred thousand objects
    that live until the process ends. Left on, the cyclic collector walks them
    again and again while they load (a tenth of a second of a `people` that
    takes half a second), and on every full collection after. So it is off
    while they load, and what they made is then frozen out of its sight: it
    still collects everything the command itself makes.
    """
    _load()()


def _load() -> Callable[[], None]:
    """The commands' own entry, loaded with the collector off, and all it made frozen."""
    gc.disable()
    try:
        from goodword.cli.app import main as run
    finally:
        gc.freeze()
        gc.enable()
    return run
