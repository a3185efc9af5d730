"""Read CSV files the way real exports write them: any BOM, any delimiter, a preamble.

LinkedIn's files are UTF-8 in recent years but UTF-16LE + BOM + TAB in some
2018 files; Connections.csv opens with a ``Notes:`` preamble; Excel round
trips add CRLF and ``NA``. :func:`read_table` sniffs all of that and yields
rows with their physical line numbers, so every problem has a location.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO

from goodword.errors import BrokenFile, ImportFailed

Opener = Callable[[], IO[bytes]]
CHUNK = 1 << 16
_BREAK = re.compile(rb"\r\n?|\n")

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
HEADER_SCAN_LINES = 10


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: its first physical line in the file and its cells by header name."""

    line: int
    cells: dict[str, str]

    def get(self, *names: str) -> str:
        """The first non-missing cell among ``names`` (header spellings vary by year), stripped."""
        for name in names:
            value = self.cells.get(name.casefold())
            if value is not None:
                return value.strip()
        return ""


@dataclass(slots=True)
class Table:
    """A decoded CSV: header, dialect facts and rows (a generator; read it once)."""

    name: str
    header: list[str]
    encoding: str
    delimiter: str
    header_line: int
    rows: Iterator[Row]
    notes: list[str] = field(default_factory=list)
    malformed: list[tuple[int, str]] = field(default_factory=list)

    def has(self, *names: str) -> bool:
        """True when every one of ``names`` is a column."""
        columns = {h.casefold() for h in self.header}
        return all(n.casefold() in columns for n in names)


def _encoding(open_data: Opener, name: str, max_line: int) -> tuple[str, int, str, list[str]]:
    """The encoding of the data (by its BOM, else UTF-8, else Windows-1252), the BOM's length,
    the decoding errors to allow, and notes; one streamed pass that also refuses a line
    longer than ``max_line`` bytes."""
    notes: list[str] = []
    with open_data() as stream:
        head = stream.read(4)
        encoding, bom, errors = "utf-8", 0, "strict"
        for mark, name_of in _BOMS:
            if head.startswith(mark):
                encoding, bom = name_of, len(mark)
                break
        else:
            if len(head) >= 4 and head[1:2] == b"\x00" and head[3:4] == b"\x00":
                encoding, errors = "utf-16-le", "replace"
        codec = encoding.replace("-sig", "")
        decoder = codecs.getincrementaldecoder(codec)() if errors == "strict" else None
        done, run, line = 0, 0, 1
        chunk = head[bom:]
        while True:
            if decoder is not None:
                try:
                    decoder.decode(chunk, final=not chunk)
                except UnicodeDecodeError as exc:
                    if bom:
                        raise BrokenFile(
                            f"{name}: starts with a {encoding} byte-order mark but is not valid "
                            f"{encoding} (byte {bom + done + exc.start}); re-export it from LinkedIn"
                        ) from exc
                    notes.append("not UTF-8: read as Windows-1252")
                    encoding, errors, decoder = "cp1252", "replace", None
            if not chunk:
                return encoding, bom, errors, notes
            *ended, last = _BREAK.split(chunk)
            if ended:
                longest = (
                    max(run + len(ended[0]), *map(len, ended[1:]))
                    if ended[1:]
                    else run + len(ended[0])
                )
                run = len(last)
                line += len(ended)
            else:
                longest = run = run + len(last)
            if longest > max_line:
                raise ImportFailed(
                    f"{name}: line {line} is longer than the {max(max_line >> 20, 1)} MB cap "
                    "(GOODWORD_MAX_LINE_MB); export the file again, or raise the cap if you trust it"
                )
            done += len(chunk)
            chunk = stream.read(CHUNK)


def _sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _find_header(lines: list[str], header_starts: tuple[str, ...]) -> int:
    wanted = tuple(h.casefold() for h in header_starts)
    for index, line in enumerate(lines[:HEADER_SCAN_LINES]):
        first = re.split(r"[,\t;]", line, maxsplit=1)[0].strip().strip('"').casefold()
        if first in wanted:
            return index
    for index, line in enumerate(lines[:HEADER_SCAN_LINES]):
        if line.strip():
            return index
    return 0


def read_table(
    data: bytes | Opener,
    name: str,
    header_starts: tuple[str, ...] = (),
    *,
    max_line: int = 1 << 20,
) -> Table:
    """Decode ``data`` and locate the header (the line starting with one of ``header_starts``).

    ``data`` is the bytes, or a callable that opens them as a stream: the file
    is then read in pieces, twice (once to learn its encoding), never whole. A
    line longer than ``max_line`` bytes stops the import. Rows whose field count
    differs from the header's are kept in ``Table.malformed`` with their line,
    not yielded.
    """
    open_data: Opener = (lambda: io.BytesIO(data)) if isinstance(data, bytes) else data
    encoding, bom, errors, notes = _encoding(open_data, name, max_line)
    stream = open_data()
    stream.read(bom)
    # newline=None reads \r\n and a lone \r as \n, as the exports' Excel round trips need.
    text = io.TextIOWrapper(
        stream, encoding=encoding.replace("-sig", ""), errors=errors, newline=None
    )
    head_lines = []
    for _ in range(HEADER_SCAN_LINES):
        line = text.readline()
        if not line:
            break
        head_lines.append(line)
    header_index = _find_header(head_lines, header_starts)
    if header_index:
        notes.append(f"{header_index} preamble line(s) before the header")
    header_text = head_lines[header_index] if header_index < len(head_lines) else ""
    delimiter = _sniff_delimiter(header_text)
    # A quoted field may span lines: the cap holds for it too.
    csv.field_size_limit(max_line)
    # strict: an unclosed quote raises at the end instead of swallowing the rest of the file.
    reader = csv.reader(
        itertools.chain(head_lines[header_index:], text), delimiter=delimiter, strict=True
    )
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
    except StopIteration:
        header = []
    except csv.Error as exc:
        text.close()
        raise BrokenFile(f"{name}: the header line cannot be read ({exc})") from exc
    if not any(header):
        text.close()
        raise BrokenFile(f"{name}: empty file, no header line found")
    table = Table(
        name=name,
        header=header,
        encoding=encoding,
        delimiter=delimiter,
        header_line=header_index + 1,
        rows=iter(()),
        notes=notes,
    )
    table.rows = _rows(reader, table, header_index, text)
    return table


def _rows(reader: Iterator[list[str]], table: Table, offset: int, text: IO[str]) -> Iterator[Row]:
    with text:
        yield from _cells(reader, table, offset)


def _cells(reader: Iterator[list[str]], table: Table, offset: int) -> Iterator[Row]:
    keys = [h.casefold() for h in table.header]
    # ``offset`` is the 0-based line of the header; body line k is file line offset + k.
    previous_end = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line = offset + previous_end + 1
            now = getattr(reader, "line_num", previous_end + 1)
            what = "an unclosed quote" if "end of data" in str(exc) else str(exc)
            table.malformed.append(
                (line, f"unreadable CSV from here to line {offset + now}: {what}")
            )
            previous_end = now
            continue
        start = offset + previous_end + 1
        previous_end = getattr(reader, "line_num", previous_end + 1)
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue
        if len(cells) != len(keys):
            if len(cells) > len(keys) and not any(c.strip() for c in cells[len(keys) :]):
                cells = cells[: len(keys)]
            else:
                table.malformed.append((start, f"expected {len(keys)} fields, found {len(cells)}"))
                continue
        yield Row(line=start, cells=dict(zip(keys, cells, strict=True)))
