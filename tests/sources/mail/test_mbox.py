"""The mbox importer: its fingerprint reads only the ends of a large file."""

from __future__ import annotations

from pathlib import Path

from goodword.sources.mail.mbox import MboxImporter, sample_fingerprint
from tests.sources.mail.streams import OWNER, big_mbox, mail, write


def test_the_fingerprint_samples_the_ends_only(tmp_path: Path) -> None:
    path = big_mbox(tmp_path, 1000)  # over 2 MB
    before = sample_fingerprint(path)
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 5] = b"XXXXX"  # the same size, changed in the middle: not seen
    path.write_bytes(bytes(data))
    assert sample_fingerprint(path) == before
    path.write_bytes(bytes(data) + b"\n")
    assert sample_fingerprint(path) != before
    small = write(tmp_path, mail(1, OWNER, "Ada <ada@example.org>", "x"))
    assert MboxImporter().parse(small).fingerprint == sample_fingerprint(small)
