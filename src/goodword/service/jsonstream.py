"""Read a large JSON object one member at a time, and its lists one item at a time.

An export of a big home holds millions of rows; ``json.load`` would build
them all in memory at once. :class:`JsonStream` walks the top-level object
itself and hands each list item to ``json``'s own decoder, so memory holds
one row (and a read buffer) at a time, whatever the file's layout or
indentation. Pure: no goodword import but the errors.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from goodword.errors import InvalidInput

CHUNK = 1 << 20
LONGEST = 64 << 20  # no row of an export comes near this: past it the file is not one
_DECODER = json.JSONDecoder()
_SPACE = " \t\r\n"


class JsonError(InvalidInput):
    """The file is not the JSON goodword expects."""


class JsonStream:
    """A top-level JSON object read member by member from a text file."""

    def __init__(self, source: TextIO) -> None:
        self._source = source
        self._buffer = ""
        self._at = 0
        self._ended = False
        self._first = True
        self._read_before = 0  # characters dropped from the buffer so far

    def members(self) -> Iterator[str]:
        """Each key of the top-level object; the caller then reads its value before the next."""
        self._expect("{")
        while True:
            mark = self._peek()
            if mark == "}":
                self._at += 1
                self._finish()
                return
            if not self._first:
                self._expect(",")
            self._first = False
            key = self.value()
            if not isinstance(key, str):
                raise JsonError(f"expected a name in quotes at {self._where()}")
            self._expect(":")
            yield key

    def value(self) -> Any:
        """The next whole JSON value."""
        self._peek()
        while True:
            try:
                found, end = _DECODER.raw_decode(self._buffer, self._at)
            except json.JSONDecodeError as exc:
                if self._more():
                    continue
                raise JsonError(f"not valid JSON: {exc.msg} at {self._where()}") from None
            # A number at the buffer's end may go on in the next chunk.
            if end >= len(self._buffer) and not self._ended and self._more():
                continue
            self._at = end
            return found

    def items(self) -> Iterator[Any]:
        """Each item of the list that comes next, decoded one at a time."""
        self._expect("[")
        if self._peek() == "]":
            self._at += 1
            return
        while True:
            yield self.value()
            mark = self._peek()
            self._at += 1
            if mark == "]":
                return
            if mark != ",":
                raise JsonError(f"expected , or ] at {self._where()}")

    def _finish(self) -> None:
        if self._peek(allow_end=True) != "":
            raise JsonError(f"unexpected text after the end of the object at {self._where()}")

    def _expect(self, mark: str) -> None:
        found = self._peek()
        if found != mark:
            shown = repr(found) if found else "the end of the file"
            raise JsonError(f"expected {mark} but found {shown} at {self._where()}")
        self._at += 1

    def _peek(self, *, allow_end: bool = False) -> str:
        """The next character that is not white space ('' at the end of the file)."""
        while True:
            while self._at < len(self._buffer) and self._buffer[self._at] in _SPACE:
                self._at += 1
            if self._at < len(self._buffer):
                return self._buffer[self._at]
            if not self._more():
                if allow_end:
                    return ""
                raise JsonError("the file ends too soon (cut short?)")

    def _more(self) -> bool:
        """Read another chunk, dropping what was already read; False at the end of the file."""
        if self._ended:
            return False
        if len(self._buffer) - self._at > LONGEST:
            raise JsonError(f"a value longer than {LONGEST >> 20} MB at {self._where()}")
        self._read_before += self._at
        self._buffer = self._buffer[self._at :]
        self._at = 0
        chunk = self._source.read(CHUNK)
        if not chunk:
            self._ended = True
            return False
        self._buffer += chunk
        return True

    def _where(self) -> str:
        return f"character {self._read_before + self._at + 1:,}"
