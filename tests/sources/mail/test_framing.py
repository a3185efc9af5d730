"""Cutting mail into messages: each framing quirk of ``docs/formats.md`` (Mail).

Every test reads its file at several chunk sizes and checks that the
messages tile the file from the first byte to the last, so nothing vanishes
between two messages.
"""

from __future__ import annotations

import itertools
import re
import tempfile
import tracemalloc
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goodword.errors import BrokenFile
from goodword.sources.mail.framing import (
    BODY_HEAD_BYTES,
    MAX_HEADER_BYTES,
    is_from_line,
    iter_mbox,
)
from goodword.sources.mail.headers import Address, MailHeader, parse_headers
from tests.sources.mail.rawmail import FIXTURES, NOW, _utc, read, split, write

# --- separators ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        b"From 1723853304940284153@xxx Fri Feb 04 17:10:22 +0000 2022",  # Takeout
        b"From 1723853304940284153@xxx Fri Feb 04 17:10:22 +0000 2022\r\n",
        b"From user@example.com Mon Jan  1 00:00:00 2001",  # classic asctime
        b"From user@example.com Mon Jan  1 00:00:00 2001\n",
        b"From user at example.org  Mon Jan  1 00:00:00 2001",  # pipermail
        b"From luc\xedacharlie at example.org  Tue Mar  5 10:00:00 2019",  # ISO-8859-1 byte
        b"From MAILER-DAEMON Fri Jul  8 12:08:34 2011",
        b"From user@example.com Mon Jan  1 00:00 2001",  # no seconds
        b"From user@example.com Mon Jan  1 00:00:00 EST 2001",  # named zone before the year
        b"From user@example.com Mon Jan  1 00:00:00 2001 -0500",  # zone after the year
        b"From user@example.com Mon Jan  1 00:00:00 2001 remote from example.net",
    ],
)
def test_full_from_lines_are_separators(line: bytes) -> None:
    assert is_from_line(line)


@pytest.mark.parametrize(
    "line",
    [
        b"From what I heard, the offer is still open.",
        b"From 12 to 14 we could meet.",
        b">From user@example.com Mon Jan  1 00:00:00 2001",
        b"From user@example.com",
        b"From user@example.com Mon Jan  1 00:00:00 2001 and then we talked",
        b"from user@example.com Mon Jan  1 00:00:00 2001",
        b"From: Ada Lovelace <ada.lovelace@example.org>",
    ],
)
def test_other_from_lines_are_not_separators(line: bytes) -> None:
    assert not is_from_line(line)


@pytest.mark.parametrize(
    ("line", "moment"),
    [
        (b"From 1@xxx Fri Feb 04 17:10:22 +0000 2022", _utc(2022, 2, 4, 17, 10, 22)),
        (b"From 1@xxx Fri Feb 04 17:10:22 +0130 2022", _utc(2022, 2, 4, 15, 40, 22)),
        (b"From a@example.com Mon Jan  1 00:00:00 EST 2001", _utc(2001, 1, 1, 5)),
        (b"From a@example.com Mon Jan  1 00:00:00 2001 -0500", _utc(2001, 1, 1, 5)),
        (b"From a@example.com Mon Jan  1 00:00 2001", _utc(2001, 1, 1)),
        (b"From a@example.com Fri Feb 30 00:00:00 2001", None),  # still a separator
    ],
)
def test_from_line_dates(tmp_path: Path, line: bytes, moment: datetime | None) -> None:
    (raw,) = split(write(tmp_path, line + b"\nSubject: x\n\nBody.\n"))
    assert raw.from_line == line
    assert raw.from_line_date == moment


def test_takeout_from_line_with_the_zone_before_the_year() -> None:
    raws = split(FIXTURES / "takeout_from_line_zone_before_year.mbox")
    assert [r.from_line_date for r in raws] == [_utc(2022, 2, 4, 17, 10, 22), _utc(2022, 2, 5, 9)]
    assert raws[0].from_line == b"From 1723853304940284153@xxx Fri Feb 04 17:10:22 +0000 2022"
    assert raws[0].body_head == b"Shall we have lunch on Tuesday?"
    first, reply = read("takeout_from_line_zone_before_year.mbox")
    assert first.message_id == "CAF1a2b3c4@mail.example.org"
    assert first.thread_id == reply.thread_id == "1723853304940284153"
    assert first.labels == ("Inbox", "Category Personal", "Opened")
    assert first.from_ == Address("Ada Lovelace", "ada.lovelace@example.org")
    assert first.to == (Address("Sam Owner", "sam.owner@example.com"),)
    assert first.delivered_to == ("sam.owner@example.com",)
    assert (first.date, first.date_source) == (_utc(2022, 2, 4, 17, 10, 20), "header")
    assert first.subject == "Lunch on Tuesday?"
    assert first.content_type == "text/plain"
    assert first.warnings == ()
    assert reply.labels == ("Sent",)
    assert reply.in_reply_to == "CAF1a2b3c4@mail.example.org"
    assert reply.references == ("CAF1a2b3c4@mail.example.org",)
    assert (reply.date, reply.date_source) == (_utc(2022, 2, 5, 9), "header")


def test_takeout_from_line_with_non_ascii_bytes() -> None:
    raws = split(FIXTURES / "takeout_from_line_nonascii.mbox")
    assert [r.from_line[:12] for r in raws] == [b"From luc\xedach", b"From b\xfccher@"]
    assert [r.from_line_date for r in raws] == [_utc(2019, 3, 5, 10), _utc(2019, 3, 6, 11, 30)]
    lucia, buecher = read("takeout_from_line_nonascii.mbox")
    assert lucia.from_ == Address("Lucía Charlie", "lucia.charlie@example.org")
    assert buecher.from_ == Address("Bücher", "buecher@example.org")
    assert (lucia.subject, buecher.subject) == ("Hola", "Re: Hola")


def test_pipermail_from_lines_and_at_obfuscation() -> None:
    raws = split(FIXTURES / "pipermail_at_obfuscation.mbox")
    assert [r.from_line_date for r in raws] == [
        _utc(2021, 1, 4, 9, 15),
        _utc(2021, 1, 4, 10, 20, 30),
    ]
    jane, bob = read("pipermail_at_obfuscation.mbox")
    assert jane.from_ == Address("Jane Doe", "jane.doe@example.org")
    assert bob.from_ == Address("Bob Smith", "bob@example.net")
    assert bob.in_reply_to == jane.message_id == "release-1@example.org"
    assert bob.references == ("release-0@example.org", "release-1@example.org")


def test_body_lines_starting_with_from_stay_in_the_body() -> None:
    raws = split(FIXTURES / "body_line_starting_with_from.mbox")
    assert len(raws) == 3
    assert raws[0].body_head == (
        b"Hi Sam,\n\nFrom what I heard, the offer is still open.\n"
        b">From the notes: nothing new.\n\nFrom 12 to 14 we could meet.\n\nBest,\nAda"
    )
    # A full separator line that does not follow a blank line is body text too.
    assert b"\nFrom carol@example.net Tue Mar  1 08:00:00 2022\n" in raws[1].body_head
    assert b"From carol@example.net\nis who wrote it." in raws[1].body_head
    headers = read("body_line_starting_with_from.mbox")
    assert [h.message_id for h in headers] == [
        "from-body-1@example.org",
        "from-body-2@example.com",
        "from-body-3@example.org",
    ]
    assert [h.subject for h in headers] == ["The offer", "Fwd: The offer", "Re: Fwd: The offer"]


def test_crlf_line_endings() -> None:
    raws = split(FIXTURES / "crlf_line_endings.mbox")
    assert raws[0].header_bytes.endswith(b"Subject: Line ends\r\n with CRLF\r\n")
    assert raws[0].from_line.endswith(b"2022")  # no CR left
    assert raws[1].body_head == b"From what I see, yes."
    first, second = read("crlf_line_endings.mbox")
    assert first.subject == "Line ends with CRLF"
    assert first.to == (
        Address("Sam Owner", "sam.owner@example.com"),
        Address("Bob Smith", "bob.smith@example.net"),
    )
    assert second.message_id == "crlf-2@example.net"


def test_mixed_line_endings() -> None:
    raws = split(FIXTURES / "mixed_line_endings.mbox")
    assert [r.body_head for r in raws] == [
        b"Body with LF.",
        b"Body with CRLF.",
        b"Body with both.",
        b"No line break at the end of the file.",
    ]
    headers = read("mixed_line_endings.mbox")
    assert [h.message_id for h in headers] == [
        "mixed-1@example.org",
        "mixed-2@example.net",
        "mixed-3@example.com",
        "mixed-4@example.net",
    ]
    assert headers[2].subject == "Mixed within one message"
    assert headers[3].from_ == Address("Dan Brown", "dan@example.net")


def test_file_without_a_leading_from_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        b"\n\nSubject: first, no From_ line\n\nBody.\n\n"
        b"From a@example.org Mon Jan  4 09:15:00 2021\nSubject: second\n\nBody.\n",
    )
    first, second = split(path)
    assert (first.offset, first.from_line, first.from_line_date) == (2, b"", None)
    assert first.header_bytes == b"Subject: first, no From_ line\n"
    assert second.from_line_date == _utc(2021, 1, 4, 9, 15)
    subjects = [parse_headers(raw, now=NOW) for raw in (first, second)]
    assert [h.subject for h in subjects if isinstance(h, MailHeader)] == [
        "first, no From_ line",
        "second",
    ]


def test_leading_blank_lines_before_the_first_from_line(tmp_path: Path) -> None:
    path = write(tmp_path, b"\r\n\nFrom a@example.org Mon Jan  4 09:15:00 2021\nSubject: x\n\nB\n")
    (raw,) = list(iter_mbox(path))
    assert (raw.offset, raw.size, raw.header_bytes) == (3, path.stat().st_size - 3, b"Subject: x\n")


def test_empty_and_blank_files_hold_no_message(tmp_path: Path) -> None:
    assert list(iter_mbox(write(tmp_path, b""))) == []
    assert list(iter_mbox(write(tmp_path, b"\n\r\n  \n"))) == []


def test_missing_file_is_a_broken_file(tmp_path: Path) -> None:
    with pytest.raises(BrokenFile, match="cannot be opened"):
        list(iter_mbox(tmp_path / "missing.mbox"))


def test_huge_header_block_is_capped(tmp_path: Path) -> None:
    filler = b"".join(b"X-Filler-%06d: %s\n" % (i, b"y" * 60) for i in range(5000))
    path = write(
        tmp_path,
        b"From a@example.org Mon Jan  4 09:15:00 2021\nSubject: huge\n"
        + filler
        + b"\nBody.\n\nFrom b@example.org Mon Jan  4 09:16:00 2021\nSubject: next\n\nBody.\n",
    )
    huge, following = split(path, chunk_sizes=(7, 4096, 100_000))
    assert huge.header_truncated
    assert len(huge.header_bytes) <= MAX_HEADER_BYTES
    assert huge.header_bytes.endswith(b"\n")  # cut at a line end
    assert following.header_bytes == b"Subject: next\n"
    header = parse_headers(huge, now=NOW)
    assert isinstance(header, MailHeader)
    assert header.subject == "huge"
    assert (
        header.warnings[0] == "header block longer than 256 KB; the fields after it were not read"
    )


def test_only_the_head_of_a_body_is_kept(tmp_path: Path) -> None:
    body = b"".join(b"line %04d\n" % i for i in range(2000))
    path = write(tmp_path, b"From a@example.org Mon Jan  4 09:15:00 2021\nSubject: x\n\n" + body)
    (raw,) = split(path)
    assert raw.body_head == body[:BODY_HEAD_BYTES]
    assert raw.size == path.stat().st_size


def test_bad_chunk_size_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="chunk_size"):
        list(iter_mbox(write(tmp_path, b""), chunk_size=0))


# --- properties -----------------------------------------------------------------------------

SEPARATORS = (
    b"From 1723853304940284153@xxx Fri Feb 04 17:10:22 +0000 2022",
    b"From user@example.com Mon Jan  1 00:00:00 2001",
    b"From user at example.org  Mon Jan  1 00:00:00 2001",
    b"From luc\xedacharlie at example.org  Tue Mar  5 10:00:00 2019",
    b"From MAILER-DAEMON Fri Jul  8 12:08:34 2011",
)
_text = st.text(st.characters(exclude_characters="\r\n", exclude_categories=["Cs"]), max_size=30)
_body_line = st.one_of(
    _text,
    st.just(""),
    _text.map(lambda text: "From " + text),
    st.sampled_from(
        [
            "From what I heard",
            ">From the notes",
            "From 12 to 14",
            "From x@example.com Mon Jan  1 00:00:00 2001",  # a separator, but after text only
        ]
    ),
)
# Independent of the module's own pattern (a test must not ask the code what to expect):
# every From_ line holds a time and a year, so this over-approximates them.
_MAYBE_SEPARATOR = re.compile(r"From .*\d:\d\d.*\d{4}")
_message = st.tuples(
    st.sampled_from(SEPARATORS),
    _text,
    st.lists(_body_line, max_size=12),
    st.integers(min_value=0, max_value=(1 << 16) - 1),  # which lines end in CRLF
)


def _mbox(
    messages: list[tuple[bytes, str, list[str], int]], trailing_blank: bool
) -> tuple[bytes, list[int], list[bytes]]:
    """Concatenate generated messages; also return each one's offset and header block."""
    out = bytearray()
    offsets: list[int] = []
    headers: list[bytes] = []
    for index, (separator, subject, body, crlf_bits) in enumerate(messages):
        endings = itertools.cycle(b"\r\n" if crlf_bits >> bit & 1 else b"\n" for bit in range(16))

        def eol(endings: Iterator[bytes] = endings) -> bytes:
            return next(endings)

        offsets.append(len(out))
        out += separator + eol()
        header = b"Message-ID: <m%d@example.com>" % index + eol()
        header += b"Subject: " + subject.encode() + eol()
        headers.append(header)
        out += header + eol()
        previous_blank = True  # the empty line that ends the headers
        for line in body:
            if previous_blank and _MAYBE_SEPARATOR.match(line):
                line = ">" + line  # what mboxrd writers do; a bare one would be a separator
            out += line.encode() + eol()
            previous_blank = line == ""
        if index < len(messages) - 1 or trailing_blank:
            out += eol()
    return bytes(out), offsets, headers


@settings(max_examples=150, deadline=None)
@given(
    messages=st.lists(_message, min_size=1, max_size=6),
    trailing_blank=st.booleans(),
    chunk_size=st.sampled_from([1, 2, 3, 5, 8, 13, 64, 1 << 20]),
)
def test_splitting_is_stable(
    messages: list[tuple[bytes, str, list[str], int]], trailing_blank: bool, chunk_size: int
) -> None:
    data, offsets, headers = _mbox(messages, trailing_blank)
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "generated.mbox"
        path.write_bytes(data)
        raws = list(iter_mbox(path, chunk_size=chunk_size))
    assert [raw.offset for raw in raws] == offsets
    assert [raw.header_bytes for raw in raws] == headers
    assert sum(raw.size for raw in raws) == len(data)
    parsed = [parse_headers(raw, now=NOW) for raw in raws]
    assert [h.message_id for h in parsed if isinstance(h, MailHeader)] == [
        f"m{i}@example.com" for i in range(len(messages))
    ]


_PIECES = st.sampled_from(
    [
        b"\n",
        b"\r\n",
        b"\r",
        b" ",
        b"From ",
        SEPARATORS[0],
        SEPARATORS[1],
        b"Subject: x",
        b"\xed",
        b"x" * 40,
    ]
)


@settings(max_examples=200, deadline=None)
@given(data=st.lists(_PIECES, max_size=40).map(b"".join), chunk_size=st.integers(1, 20))
def test_any_bytes_are_tiled_the_same_whatever_the_chunk_size(data: bytes, chunk_size: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "any.mbox"
        path.write_bytes(data)
        whole = list(iter_mbox(path, chunk_size=1 << 20))
        assert list(iter_mbox(path, chunk_size=chunk_size)) == whole
    leading = len(data) - len(data.lstrip(b" \t\r\n"))
    ends = [raw.offset + raw.size for raw in whole]
    assert [raw.offset for raw in whole] == [leading, *ends][: len(whole)]
    assert ends[-1:] == ([len(data)] if whole else [])  # nothing after the last message
    assert whole or not data.strip(b" \t\r\n")  # only blank files hold no message


def test_memory_stays_flat_on_a_50_mb_mbox(tmp_path: Path) -> None:
    path = tmp_path / "big.mbox"
    body = b"".join(b"%076d\n" % i for i in range(600))  # ~46 KB, a base64-like attachment
    attachment = body * 200  # one 9 MB message in the middle
    written = 0
    with path.open("wb") as out:
        while out.tell() < 50 * 1024 * 1024:
            out.write(
                b"From %d@xxx Fri Feb 04 17:10:22 +0000 2022\n"
                b"Message-ID: <m%d@example.com>\nFrom: Person %d <p%d@example.org>\n"
                b"Subject: message %d\nDate: Fri, 4 Feb 2022 17:10:22 +0000\n\n"
                % (written, written, written % 2000, written % 2000, written)
            )
            out.write(attachment if written == 300 else body)
            out.write(b"\n")
            written += 1
    tracemalloc.start()
    try:
        count = 0
        for raw in iter_mbox(path):
            assert isinstance(parse_headers(raw, now=NOW), MailHeader)
            count += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == written
    assert peak < 20 * 1024 * 1024, f"peak traced memory {peak / 1e6:.1f} MB"
