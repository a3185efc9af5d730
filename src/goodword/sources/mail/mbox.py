"""mbox archives (Google Takeout's "All mail", Thunderbird, mailing-list archives) as evidence.

Only header facts become records: who wrote to whom, when, in which thread,
the subject and the labels; bodies are never kept. The file is split by
:func:`~goodword.sources.mail.framing.iter_mbox` and read by the shared
:class:`~goodword.sources.mail.stream.MailStream`, lazily: ``Parsed.records``
yields each message's record while the file is being read, and the owner's
addresses (from the messages labelled Sent) come last. Every message ends
as a record, a :class:`Skip` or a :class:`Problem` with its byte offset.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from goodword.errors import BrokenFile
from goodword.records import FileReport, Origin, Record
from goodword.sources.archive import file_day
from goodword.sources.base import Parsed
from goodword.sources.mail.framing import BOM, is_from_line, iter_mbox
from goodword.sources.mail.stream import MailItem, MailStream, Read, read

SAMPLE_BYTES = 1 << 20
"""How much of each end of a file the fingerprint reads."""


def sample_fingerprint(path: Path) -> str:
    """A content fingerprint that reads at most 2 MB, however large the file.

    blake2b of the size, the first :data:`SAMPLE_BYTES` and the last
    :data:`SAMPLE_BYTES` (the whole file when it is smaller). It does not
    depend on the modification time, so a copied file keeps it; a change in
    the middle of a large file that keeps its size goes unnoticed, which is
    the price of not reading a 2 GB file twice.
    """
    try:
        with path.open("rb") as handle:
            size = path.stat().st_size
            hasher = hashlib.blake2b(f"{size}\n".encode(), digest_size=32)
            hasher.update(handle.read(SAMPLE_BYTES))
            if size > SAMPLE_BYTES:
                handle.seek(max(SAMPLE_BYTES, size - SAMPLE_BYTES))
                hasher.update(handle.read(SAMPLE_BYTES))
    except OSError as exc:
        raise BrokenFile(
            f"{path}: cannot be read ({exc.strerror or exc}); check the path and its permissions"
        ) from exc
    return hasher.hexdigest()


class MboxImporter:
    """Reads one mbox file (streamed; bodies are read past, never kept)."""

    kind = "mbox"

    def score(self, path: Path) -> float:
        """1.0 for a ``.mbox`` file or any file that opens with a From_ separator."""
        if not path.is_file():
            return 0.0
        if path.suffix.lower() == ".mbox":
            return 1.0
        try:
            with path.open("rb") as handle:
                first = handle.readline(4096)
        except OSError:
            return 0.0
        return 0.95 if is_from_line(first.removeprefix(BOM)) else 0.0

    def parse(self, path: Path) -> Parsed:
        """Set up the lazy read of ``path``: records come while ``Parsed.records`` is consumed.

        ``Parsed.position()`` gives (bytes read, messages read) so far, and
        ``Parsed.export_date`` (the newest message's day) is filled in when
        the records are exhausted, with the file report.
        """
        report = FileReport(path.name, "mbox")
        stream = MailStream(path.name, report, now=datetime.now(UTC))
        done = [0, 0]  # bytes and messages read so far

        def items() -> Iterator[MailItem]:
            for raw in iter_mbox(path):
                done[0], done[1] = raw.offset + raw.size, done[1] + 1
                yield MailItem(raw, Origin(path.name, raw.index + 1))

        parsed = Parsed(
            kind=self.kind,
            path=path,
            fingerprint=sample_fingerprint(path),
            export_date=None,
            files=[report],
            records=(),
            size=path.stat().st_size,
            position=lambda: (done[0], done[1]),
        )
        parsed.read = lambda leave: read(items(), stream.now, leave)
        parsed.assemble = lambda found: _records(stream, found, parsed)
        parsed.records = parsed.assemble(parsed.read(0))
        return parsed


def _records(stream: MailStream, items: Iterable[Read], parsed: Parsed) -> Iterator[Record]:
    """The stream's records; at the end, the newest message's day becomes the export date."""
    yield from stream.records(items)
    if stream.latest is not None:
        parsed.export_date, parsed.export_basis = stream.latest.date(), "latest message"
    elif (day := file_day(parsed.path)) is not None:
        parsed.export_date, parsed.export_basis = day, "file times"


__all__ = ["MboxImporter", "sample_fingerprint"]
