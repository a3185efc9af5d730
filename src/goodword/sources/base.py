"""What every importer returns: the parsed input, its files' reports, and its records."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from goodword.records import FileReport, Origin, Record


@dataclass(slots=True)
class Parsed:
    """An input turned into records, ready for the loader.

    ``records`` come in load order (the owner's facts first, then
    connections, then everything that refers to people). It may be a lazy
    iterator: file reports are complete only once it is exhausted, and an
    importer may emit owner identities it could only work out at the end.
    """

    kind: str
    path: Path
    fingerprint: str
    export_date: date | None
    files: list[FileReport]
    records: Iterable[Record]
    notes: list[str] = field(default_factory=list)
    # How ``export_date`` was found, in the order tried: "file name" (LinkedIn names its
    # zip by the day), the newest row or message ("latest row", "latest message", "latest
    # DTSTAMP"), else "file times". Empty when no date is known.
    export_basis: str = ""
    # For a progress bar on long inputs: the input's size in bytes and a
    # callable giving (bytes read so far, messages read so far) while
    # ``records`` is being consumed. Lazy importers fill these in.
    size: int = 0
    position: Callable[[], tuple[int, int]] | None = None
    # An input read in two stages (mail): ``read(leave)`` yields what can be read of each
    # item alone (picklable, in input order; every ``leave``-th item may be left unread,
    # 0: none), and ``assemble`` turns those into records, in order, with what needs the
    # whole input (copies, threads, your addresses), reading what was left. ``records``
    # is then ``assemble(read(0))``; a second process may run ``read`` instead (see
    # ``sources.mail.background``), so the two stages share the work of a large input.
    read: Callable[[int], Iterator[Any]] | None = None
    assemble: Callable[[Iterable[Any]], Iterator[Record]] | None = None
    # The report a record's origin is counted under, when it is not the origin's own file:
    # a folder of 500,000 messages is one report, and counting per message file until the
    # end would hold a counter for each.
    report_of: Callable[[Origin], str] | None = None


class Importer(Protocol):
    """A source format: how sure it is that it reads ``path``, and how to parse it."""

    kind: str

    def score(self, path: Path) -> float:
        """0 when this importer cannot read ``path``; higher means more certain."""
        ...

    def parse(self, path: Path) -> Parsed:
        """Parse ``path`` completely or raise :class:`goodword.errors.ImportFailed`."""
        ...
