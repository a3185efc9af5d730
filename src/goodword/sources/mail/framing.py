"""Cut mail into messages: the mbox splitter and the one-message-file reader.

Both are pure (no database, no goodword state) and keep only what the
header reader needs: each message's header block and the first bytes of
its body.

* :func:`iter_mbox` splits an mbox file into :class:`RawMessage` values. It
  reads the file in binary chunks, so memory stays flat on a multi-GB
  Takeout mbox. A message starts at a ``From `` line that follows a blank
  line (or the start of the file) *and* matches the full From_ separator:
  Takeout's ``From 1723853304940284153@xxx Fri Feb 04 17:10:22 +0000 2022``,
  the classic ``From user@host Mon Jan  1 00:00:00 2001`` and pipermail's
  ``From user at host  Mon Jan  1 00:00:00 2001``; non-ASCII bytes, CRLF, LF
  and mixed line ends are all accepted. Any other ``From `` line stays in
  the body.
* :func:`read_message_file` cuts a message stored alone in a file (Maildir,
  ``.eml``) the same way, and :func:`looks_like_mail` tells such a file from
  any other by its first bytes.

The traps these handle are listed in ``docs/formats.md`` (Mail).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from goodword.errors import BrokenFile

MAX_HEADER_BYTES = 256 * 1024
BOM = b"\xef\xbb\xbf"
"""A UTF-8 byte-order mark: some Windows tools write one before a file's first header or From_ line."""
"""Header blocks longer than this are cut (at a line end) and flagged ``header_truncated``."""

BODY_HEAD_BYTES = 256
"""How many body bytes :class:`RawMessage` keeps, for telling apart copies without a Message-ID."""

MAX_FROM_LINE = 1024
"""A ``From `` line longer than this is never a separator."""


# --------------------------------------------------------------------------------------------
# Splitting


@dataclass(slots=True)  # not frozen: one is built for every message, and freezing costs
class RawMessage:
    """One message of an mbox, as :func:`iter_mbox` cut it out: headers kept, body only counted.

    ``offset`` is the byte offset of the From_ line (or of the first text of
    a file that does not start with one); ``size`` spans from there to the
    next separator or the end of the file, so the messages tile the file.
    ``header_bytes`` is the header block up to (not including) the empty
    line that ends it, at most :data:`MAX_HEADER_BYTES` (``header_truncated``
    says it was cut). ``body_head`` holds the first :data:`BODY_HEAD_BYTES`
    bytes of the body (a body shorter than that loses its trailing line
    breaks, so the last message of a file matches its copies elsewhere).
    ``from_line`` is the separator line without its line break.
    """

    index: int
    offset: int
    header_bytes: bytes
    size: int
    body_head: bytes = b""
    from_line: bytes = b""
    header_truncated: bool = False

    @property
    def from_line_date(self) -> datetime | None:
        """The moment the From_ line holds, in UTC; None without one or when it holds no date.

        Read only when asked: a message needs it only when its Date header is
        missing or implausible.
        """
        if not self.from_line:
            return None
        match = _FROM_LINE.fullmatch(self.from_line)
        return None if match is None else _from_line_date(match)


_MONTHS = {
    m: i for i, m in enumerate(b"Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)
}

# asctime after a free-form sender (which may hold spaces: pipermail's "user at host",
# and any bytes: ISO-8859-1 names). The zone may come before the year (Takeout,
# Google Groups, "EST 2001") or after it; seconds and "remote from" are optional.
_FROM_LINE = re.compile(
    rb"From +(?:(?P<sender>[^\r\n]*?) +)?"
    rb"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),? +"
    rb"(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +"
    rb"(?P<day>\d{1,2}) +"
    rb"(?P<hour>\d{1,2}):(?P<minute>\d\d)(?::(?P<second>\d\d))? +"
    rb"(?:(?P<zone1>[+-]\d{4}|[A-Za-z]{1,5}(?: [A-Za-z]{3})?) +)?"
    rb"(?P<year>\d{4})"
    rb"(?: +(?P<zone2>[+-]\d{4}|[A-Za-z]{1,5}))?"
    rb"(?: +remote from [^\r\n]*)?"
    rb"[ \t]*\r?\n?"
)

_ZONES = {
    b"UT": 0,
    b"UTC": 0,
    b"GMT": 0,
    b"Z": 0,
    b"EST": -5,
    b"EDT": -4,
    b"CST": -6,
    b"CDT": -5,
    b"MST": -7,
    b"MDT": -6,
    b"PST": -8,
    b"PDT": -7,
    b"CET": 1,
    b"CEST": 2,
    b"MET": 1,
    b"BST": 1,
}

_HEADER_END = re.compile(rb"\n\r?\n")
_SEPARATOR_START = b"\nFrom "
_LF = 10
_CR = 13


def is_from_line(line: bytes) -> bool:
    """True when ``line`` (with or without its line break) is a full From_ separator line."""
    return _FROM_LINE.fullmatch(line) is not None


def _from_line_date(match: re.Match[bytes]) -> datetime | None:
    """The moment a From_ line (matched by ``_FROM_LINE``) holds, in UTC; None if not a date."""
    zone = match.group("zone1") or match.group("zone2") or b""
    if zone[:1] in (b"+", b"-"):
        minutes = int(zone[1:3]) * 60 + int(zone[3:5])
        offset = timedelta(minutes=-minutes if zone[:1] == b"-" else minutes)
    else:
        # Unknown names ("MET DST") and no zone at all are read as UTC.
        offset = timedelta(hours=_ZONES.get(zone.split(b" ")[0].upper(), 0))
    try:
        moment = datetime(
            int(match.group("year")),
            _MONTHS[match.group("mon")],
            int(match.group("day")),
            int(match.group("hour")),
            int(match.group("minute")),
            int(match.group("second") or 0),
            tzinfo=UTC,
        )
        return moment - offset
    except (ValueError, OverflowError):
        return None


class _Window:
    """A sliding window over a binary file; offsets given to and returned by it are absolute."""

    __slots__ = ("_chunk", "_file", "base", "buf", "eof")

    def __init__(self, file: BinaryIO, chunk_size: int) -> None:
        self._file = file
        self._chunk = chunk_size
        self.buf = b""
        self.base = 0
        self.eof = False

    @property
    def end(self) -> int:
        """The absolute offset just past the bytes read so far."""
        return self.base + len(self.buf)

    def more(self, keep_from: int) -> bool:
        """Read one more chunk, forgetting the bytes before ``keep_from``; False at the end."""
        if self.eof:
            return False
        chunk = self._file.read(self._chunk)
        if not chunk:
            self.eof = True
            return False
        drop = min(max(keep_from - self.base, 0), len(self.buf))
        self.buf = self.buf[drop:] + chunk if drop else self.buf + chunk
        self.base += drop
        return True

    def ensure(self, upto: int, keep_from: int) -> None:
        """Read until the window reaches ``upto`` or the file ends."""
        while self.end < upto and self.more(keep_from):
            pass

    def line_end(self, start: int, keep_from: int) -> int | None:
        """Where the line at ``start`` ends (past its ``\\n``); None when over :data:`MAX_FROM_LINE`."""
        while True:
            rel = self.buf.find(b"\n", start - self.base, start - self.base + MAX_FROM_LINE)
            if rel >= 0:
                return self.base + rel + 1
            if self.end - start >= MAX_FROM_LINE:
                return None
            if not self.more(keep_from):
                return self.end

    def separator(self, start: int, end: int) -> re.Match[bytes] | None:
        """The match when the line between ``start`` and ``end`` is a From_ separator."""
        return _FROM_LINE.fullmatch(self.buf, start - self.base, end - self.base)


def iter_mbox(path: Path, *, chunk_size: int = 1 << 20) -> Iterator[RawMessage]:
    """Yield every message of the mbox at ``path`` in file order, reading it in chunks.

    Memory stays near ``chunk_size`` plus one header block, whatever the
    file's size. Leading blank lines are skipped. Text before the first
    separator (a file that does not start with a From_ line) is yielded as
    message 0 with an empty ``from_line``, so nothing vanishes. Raises
    :class:`goodword.errors.BrokenFile` when the file cannot be read.
    """
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    try:
        file = path.open("rb")
    except OSError as exc:
        raise BrokenFile(
            f"{path}: cannot be opened ({exc.strerror or exc}); check the path and its permissions"
        ) from exc
    with file:
        try:
            yield from _split(_Window(file, chunk_size))
        except OSError as exc:
            raise BrokenFile(
                f"{path}: reading failed ({exc.strerror or exc}); copy the file to a local "
                "disk and import it again"
            ) from exc


def _split(win: _Window) -> Iterator[RawMessage]:
    """The splitting loop of :func:`iter_mbox`."""
    win.more(0)
    first = len(BOM) if win.buf.startswith(BOM) else 0  # skipped as a leading blank is
    while True:
        first = len(win.buf) - len(win.buf[first:].lstrip(b" \t\r\n"))
        if first < len(win.buf) or not win.more(0):
            break
    if first >= win.end:
        return  # empty, or only blank lines
    line_end = win.line_end(first, keep_from=0)
    if line_end is not None and win.separator(first, line_end) is None:
        line_end = None
    start: int | None = first
    index = 0
    while start is not None:
        message, start, line_end = _cut(win, index, start, line_end)
        yield message
        index += 1


def _cap(header: bytes) -> bytes:
    """A header block cut to its last complete line."""
    cut = header.rfind(b"\n")
    return header[: cut + 1] if cut > 0 else header


def _cut(
    win: _Window, index: int, start: int, line_end: int | None
) -> tuple[RawMessage, int | None, int | None]:
    """Cut out the message starting at ``start``; also return where the next one starts.

    ``line_end`` is where the message's From_ line ends (None: it has none);
    the next message's start comes with its From_ line's end.
    """
    if line_end is not None:
        from_line = win.buf[start - win.base : line_end - win.base].rstrip(b"\r\n")
        header_start = line_end
    else:
        from_line = b""
        header_start = start

    # The header block: up to the first empty line. Past MAX_HEADER_BYTES the block is
    # cut at a line end, and the rest is scanned for its end without being kept.
    win.ensure(header_start + 2, keep_from=start)
    rel = header_start - win.base
    header: bytes | None = None
    body_start: int | None
    if win.buf[rel : rel + 1] == b"\n":
        header_end, body_start = header_start, header_start + 1
    elif win.buf[rel : rel + 2] == b"\r\n":
        header_end, body_start = header_start, header_start + 2
    else:
        scan = header_start
        while True:
            found = _HEADER_END.search(win.buf, scan - win.base)
            if found is not None:
                header_end = win.base + found.start() + 1
                body_start = win.base + found.end()
                break
            if header is None and win.end - header_start > MAX_HEADER_BYTES:
                rel = header_start - win.base
                header = _cap(win.buf[rel : rel + MAX_HEADER_BYTES])
            scan = max(header_start, win.end - 2)
            if not win.more(keep_from=start if header is None else scan - 2):
                header_end, body_start = win.end, None
                break
    truncated = header_end - header_start > MAX_HEADER_BYTES
    if header is None:
        rel = header_start - win.base
        if truncated:
            header = _cap(win.buf[rel : rel + MAX_HEADER_BYTES])
        else:
            header = win.buf[rel : header_end - win.base]

    head = b""
    if body_start is not None:
        win.ensure(body_start + BODY_HEAD_BYTES, keep_from=start)
        rel = body_start - win.base
        head = win.buf[rel : rel + BODY_HEAD_BYTES]

    # The next separator: "\nFrom " after a blank line, on a line that is a full From_ line.
    pos = max(header_end - 1, start)  # a separator can follow the empty line ending the headers
    next_start: int | None = None
    next_end: int | None = None
    body_stop = -1
    while True:
        j = win.buf.find(_SEPARATOR_START, pos - win.base)
        if j < 0:
            if win.eof:
                break
            pos = max(pos, win.end - (len(_SEPARATOR_START) - 1))
            win.more(keep_from=pos - 2)  # two bytes before pos: the blank-line check needs them
            continue
        k = j - 1
        if k >= 0 and win.buf[k] == _CR:
            k -= 1
        if k < 0 or win.buf[k] != _LF:
            pos = win.base + j + 1
            continue
        candidate = win.base + j + 1
        stop = win.base + k + 1
        end = win.line_end(candidate, keep_from=candidate - 3)
        if end is not None and win.separator(candidate, end) is not None:
            next_start, next_end, body_stop = candidate, end, stop
            break
        pos = candidate

    message_end = win.end if next_start is None else next_start
    if body_start is not None:
        if next_start is None:
            body_stop = message_end
        head = head[: max(0, body_stop - body_start)]
        if body_stop - body_start <= BODY_HEAD_BYTES:  # the whole body: drop its final breaks
            head = head.rstrip(b"\r\n")
    message = RawMessage(
        index=index,
        offset=start,
        header_bytes=header,
        size=message_end - start,
        body_head=head,
        from_line=from_line,
        header_truncated=truncated,
    )
    return message, next_start, next_end


# --------------------------------------------------------------------------------------------
# One message per file (Maildir, .eml, a folder tree's numbered files)

FILE_READ_BYTES = 16 * 1024
"""How much of a one-message file is read at a time while looking for the end of its headers."""


def read_message_file(path: Path, index: int) -> RawMessage:
    """The message stored alone in the file at ``path``, cut as :func:`iter_mbox` cuts one.

    Reads only the header block and the first body bytes (a file with a
    large attachment is not read to its end). A leading From_ line (some
    tools write one) is kept as ``from_line`` and gives the From_ date;
    leading blank lines are skipped. ``offset`` is 0 and ``size`` the file's
    size. Raises :class:`OSError` when the file cannot be read: the caller
    names the file in the problem it reports.
    """
    with path.open("rb") as handle:
        data = handle.read(FILE_READ_BYTES)
        eof = len(data) < FILE_READ_BYTES
        size = os.fstat(handle.fileno()).st_size

        def more() -> bool:
            nonlocal data, eof
            if eof:
                return False
            chunk = handle.read(FILE_READ_BYTES)
            eof = len(chunk) < FILE_READ_BYTES
            data += chunk
            return bool(chunk)

        bom = len(BOM) if data.startswith(BOM) else 0  # skipped as a leading blank is
        start = len(data) - len(data[bom:].lstrip(b" \t\r\n"))
        from_line = b""
        line_end = data.find(b"\n", start)
        first = data[start : line_end if line_end >= 0 else len(data)]
        match = _FROM_LINE.fullmatch(first + b"\n") if first.startswith(b"From ") else None
        if match is not None:
            from_line = first.rstrip(b"\r")
            start = line_end + 1 if line_end >= 0 else len(data)
        truncated = False
        body_start: int | None = None
        if data[start : start + 1] == b"\n":
            header_end, body_start = start, start + 1
        elif data[start : start + 2] == b"\r\n":
            header_end, body_start = start, start + 2
        else:
            scan = start
            while True:
                found = _HEADER_END.search(data, scan)
                if found is not None:
                    header_end, body_start = found.start() + 1, found.end()
                    break
                scan = max(start, len(data) - 2)
                if len(data) - start > MAX_HEADER_BYTES or not more():
                    header_end = len(data)
                    break
        header = data[start:header_end]
        if len(header) > MAX_HEADER_BYTES or (body_start is None and not eof):
            header, truncated = _cap(header[:MAX_HEADER_BYTES]), True
            body_start = None
        head = b""
        if body_start is not None:
            while len(data) < body_start + BODY_HEAD_BYTES and more():
                pass
            head = data[body_start : body_start + BODY_HEAD_BYTES]
            if eof and len(data) - body_start <= BODY_HEAD_BYTES:
                head = head.rstrip(b"\r\n")  # the whole body: as iter_mbox cuts it
    return RawMessage(
        index=index,
        offset=0,
        header_bytes=header,
        size=size,
        body_head=head,
        from_line=from_line,
        header_truncated=truncated,
    )


_FIELD_LINE = re.compile(rb"([!-9;-~]{1,76})[ \t]*:")
_MAIL_FIELDS = frozenset(
    b"from date message-id received return-path subject to cc delivered-to mime-version "
    b"x-gm-thrid x-gmail-labels x-mailer sender reply-to in-reply-to references "
    b"content-type x-from x-to x-original-to".split()
)


def looks_like_mail(head: bytes) -> bool:
    """True when ``head`` (a file's first bytes) opens with a mail header block.

    Every complete line before the first empty one must be a header field
    or a folded continuation, and at least two must be fields mail carries
    (From, Date, Message-ID, Received …); a leading From_ line is allowed.
    A CSV file, a LinkedIn ``Notes:`` preamble, an index or a picture fails.
    """
    text = head.removeprefix(BOM).lstrip(b"\r\n")
    lines = text.split(b"\n")
    if len(lines) > 1 and not text.endswith(b"\n"):
        lines.pop()  # cut mid-line by the sample
    if lines and lines[0].startswith(b"From ") and is_from_line(lines[0]):
        lines.pop(0)
    known = fields = 0
    for line in lines[:200]:
        line = line.rstrip(b"\r")
        if not line:
            break
        if line[:1] in b" \t":
            if not fields:
                return False
            continue
        match = _FIELD_LINE.match(line)
        if match is None:
            return False
        fields += 1
        known += match.group(1).lower() in _MAIL_FIELDS
    return known >= 2


__all__ = [
    "BODY_HEAD_BYTES",
    "FILE_READ_BYTES",
    "MAX_FROM_LINE",
    "MAX_HEADER_BYTES",
    "RawMessage",
    "is_from_line",
    "iter_mbox",
    "looks_like_mail",
    "read_message_file",
]
