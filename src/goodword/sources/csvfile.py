"""Read CSV files the way real exports write them: any BOM, any delimiter, a preamble.

LinkedIn's files are UTF-8 in recent years but UTF-16LE + BOM + TAB in some
2018 files; Connections.csv opens with a ``Notes:`` preamble; Excel round
trips add CRLF and ``NA``. :func:`read_table` sniffs all of that and yields
rows with their physical line numbers, so every problem has a location.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field

from goodword.errors import BrokenFile

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

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


def decode(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """Decode ``data`` by its BOM, else UTF-8, else Windows-1252 (noted, never fatal)."""
    notes: list[str] = []
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise BrokenFile(
                    f"{name}: starts with a {encoding} byte-order mark but is not valid "
                    f"{encoding} (byte {exc.start}); re-export it from LinkedIn"
                ) from exc
            return text, encoding, notes
    if len(data) >= 4 and data[1:2] == b"\x00" and data[3:4] == b"\x00":
        return data.decode("utf-16-le", errors="replace"), "utf-16-le", notes
    try:
        return data.decode("utf-8"), "utf-8", notes
    except UnicodeDecodeError:
        notes.append("not UTF-8: read as Windows-1252")
        return data.decode("cp1252", errors="replace"), "cp1252", notes


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


def read_table(data: bytes, name: str, header_starts: tuple[str, ...] = ()) -> Table:
    """Decode ``data`` and locate the header (the line starting with one of ``header_starts``).

    Rows whose field count differs from the header's are kept in
    ``Table.malformed`` with their line, not yielded.
    """
    text, encoding, notes = decode(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    head_lines = text.split("\n", HEADER_SCAN_LINES + 1)
    header_index = _find_header(head_lines, header_starts)
    if header_index:
        notes.append(f"{header_index} preamble line(s) before the header")
    header_text = head_lines[header_index] if header_index < len(head_lines) else ""
    delimiter = _sniff_delimiter(header_text)
    body_start = sum(len(line) + 1 for line in head_lines[:header_index])
    # strict: an unclosed quote raises at the end instead of swallowing the rest of the file.
    reader = csv.reader(io.StringIO(text[body_start:]), delimiter=delimiter, strict=True)
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
    except StopIteration:
        header = []
    except csv.Error as exc:
        raise BrokenFile(f"{name}: the header line cannot be read ({exc})") from exc
    if not any(header):
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
    table.rows = _rows(reader, table, header_index)
    return table


def _rows(reader: Iterator[list[str]], table: Table, offset: int) -> Iterator[Row]:
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
