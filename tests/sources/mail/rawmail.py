"""Reading the mbox fixtures for the framing, header and classification tests.

Every read splits its file at several chunk sizes (the split must not depend
on where a read ends) and checks that the messages tile the file from the
first byte to the last, so nothing vanishes between two messages.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from pathlib import Path

from goodword.sources.mail.framing import RawMessage, iter_mbox
from goodword.sources.mail.headers import MailHeader, MailProblem, parse_headers

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "mbox"
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def split(path: Path, chunk_sizes: tuple[int, ...] = (1, 2, 7, 64, 4096)) -> list[RawMessage]:
    """Split ``path``, checking the messages tile the file and do not depend on the chunk size."""
    raws = list(iter_mbox(path))
    data = path.read_bytes()
    assert [raw.index for raw in raws] == list(range(len(raws)))
    if raws:
        assert raws[0].offset == len(data) - len(data.lstrip(b" \t\r\n"))  # blank lines skipped
        for before, after in itertools.pairwise(raws):
            assert before.offset + before.size == after.offset
        assert raws[-1].offset + raws[-1].size == len(data)
    for chunk_size in chunk_sizes:
        assert list(iter_mbox(path, chunk_size=chunk_size)) == raws, chunk_size
    return raws


def read(name: str) -> list[MailHeader]:
    """Every message of a fixture, each parsed (a MailProblem fails the test)."""
    parsed = [parse_headers(raw, now=NOW) for raw in split(FIXTURES / name)]
    problems = [p for p in parsed if isinstance(p, MailProblem)]
    assert not problems, problems
    return [p for p in parsed if isinstance(p, MailHeader)]


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "inbox.mbox"
    path.write_bytes(data)
    return path
