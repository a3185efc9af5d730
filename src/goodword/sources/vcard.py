"""vCard text (2.1, 3.0, 4.0) as cards of properties: the tokenizer, with no opinion on people.

A small reader of our own rather than vobject: it works on bytes, line by
line, so it can undo RFC folding *and* 2.1 quoted-printable soft line
breaks, decode each value by its own ``CHARSET`` (a 2.1 file may mix them,
and a Latin-1 file declares none), drop ``PHOTO`` blobs without joining
their lines, and carry on past a card with no ``END:VCARD``.
:func:`iter_cards` gives each card's :class:`Property` values, still
escaped; :func:`unescape` and :func:`components` read them. What a card
says about a person is :mod:`goodword.sources.contacts`'s business. The
dialects handled are listed in ``docs/formats.md`` (Address books).
"""

from __future__ import annotations

import codecs
import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from goodword.errors import BrokenFile

# Binary values: never needed, often megabytes of base64 over hundreds of folded lines.
BLOB_PROPERTIES = {"PHOTO", "LOGO", "SOUND", "KEY"}
HEAD_BYTES = 65536
"""How much of a file is looked at for binary data before it is read as vCard."""


# ---------------------------------------------------------------- lines


_LINE_BREAK = re.compile(rb"\r*\n|\r")
# A content line opens with a name (maybe grouped: ``item1.EMAIL``) then ``;`` or ``:``.
# Base64 never holds ``;`` or ``:``, so a blob line without indentation never matches.
_PROPERTY_START = re.compile(rb"^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)?[;:]")
_PROPERTY_NAME = re.compile(rb"^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)")
_QUOTED_PRINTABLE = re.compile(rb"quoted-printable", re.IGNORECASE)
_BEGIN = re.compile(
    rb"(?:\A|[\r\n])[ \t]*BEGIN[ \t]*:[ \t]*VCARD[ \t]*(?:[\r\n]|\Z)", re.IGNORECASE
)
_CARD_EDGE = re.compile(rb"^\s*(?:BEGIN|END)\s*:\s*VCARD\s*$", re.IGNORECASE)


def to_utf8_bytes(data: bytes, name: str) -> bytes:
    """The file's bytes with any BOM removed; UTF-16 files re-encoded as UTF-8.

    Everything else is left as bytes: a vCard 2.1 file may declare a
    different ``CHARSET`` on each line, so values are decoded one by one.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:]
    utf16 = ""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        utf16, data = ("utf-16-le" if data[:1] == b"\xff" else "utf-16-be"), data[2:]
    elif len(data) >= 4 and data[1:2] == b"\x00" and data[3:4] == b"\x00":
        utf16 = "utf-16-le"
    elif len(data) >= 4 and data[0:1] == b"\x00" and data[2:3] == b"\x00":
        utf16 = "utf-16-be"
    if utf16:
        try:
            return data.decode(utf16).encode("utf-8")
        except UnicodeDecodeError as exc:
            raise BrokenFile(
                f"{name}: looks like {utf16} text but is not (byte {exc.start}); "
                "export the address book again as vCard"
            ) from exc
    return data


def check_is_vcard(data: bytes, name: str) -> None:
    """Raise :class:`BrokenFile` unless ``data`` (BOM-free UTF-8 or 8-bit) holds a vCard."""
    head = data[:HEAD_BYTES]
    if b"\x00" in head:
        raise BrokenFile(
            f"{name}: binary data, not a vCard file; export the address book again as vCard (.vcf)"
        )
    if not _BEGIN.search(data):
        raise BrokenFile(
            f"{name}: not a vCard file (no BEGIN:VCARD line); "
            "export the address book again as vCard (.vcf)"
        )


def logical_lines(data: bytes) -> Iterator[tuple[int, bytes]]:
    """Unfolded content lines with the physical line each starts on.

    Undoes RFC folding (a line starting with a space or tab continues the
    previous one; one whitespace character is dropped) and 2.1
    quoted-printable soft line breaks (``=`` at the end of a line). Blob
    properties (``PHOTO`` and the like) are dropped with all their lines,
    indented or not, without being joined. CR LF, LF, CR and Apple's
    CR CR LF all end a line.
    """
    pieces: list[bytes] = []
    start = 0
    quoted_printable = False
    in_blob = False
    for number, line in enumerate(_LINE_BREAK.split(data), start=1):
        if pieces and quoted_printable and pieces[-1].endswith(b"=") and not _CARD_EDGE.match(line):
            pieces[-1] = pieces[-1][:-1]
            pieces.append(line)
            continue
        if line[:1] in (b" ", b"\t"):
            if pieces:
                pieces.append(line[1:])
            # A continuation of a blob (or of nothing) is dropped.
            continue
        if in_blob:
            # 2.1 base64 may run on unindented lines up to a blank line.
            if not line.strip():
                in_blob = False
                continue
            if not _PROPERTY_START.match(line):
                continue
            in_blob = False
        if pieces:
            yield start, b"".join(pieces)
            pieces = []
        if not line.strip():
            continue
        match = _PROPERTY_NAME.match(line)
        if match and match.group(1).upper().decode("ascii") in BLOB_PROPERTIES:
            in_blob = True
            continue
        start = number
        pieces = [line]
        quoted_printable = bool(_QUOTED_PRINTABLE.search(line.split(b":", 1)[0]))
    if pieces:
        yield start, b"".join(pieces)


# ---------------------------------------------------------------- properties


@dataclass(frozen=True, slots=True)
class Property:
    """One vCard content line, its value decoded to text but still escaped.

    ``types`` holds every ``TYPE=`` value and every bare 2.1 parameter
    (``TEL;CELL;VOICE:``), casefolded. ``fallback`` is True when the value
    was not valid in its charset and was read as Windows-1252.
    """

    group: str
    name: str
    params: dict[str, tuple[str, ...]]
    types: frozenset[str]
    value: str
    line: int
    fallback: bool = False

    def param(self, name: str) -> str:
        """The first value of parameter ``name`` (upper case), or ``""``."""
        values = self.params.get(name, ())
        return values[0] if values else ""

    @property
    def preferred(self) -> bool:
        """True for a value the card marks as preferred (``TYPE=pref`` or ``PREF=1``)."""
        return "pref" in self.types or bool(self.param("PREF"))


_BARE_ENCODINGS = {"QUOTED-PRINTABLE": "QUOTED-PRINTABLE", "BASE64": "BASE64", "B": "BASE64"}
_BARE_ENCODINGS.update({"8BIT": "8BIT", "7BIT": "7BIT"})


def _split_outside_quotes(text: str, separator: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif ch == separator and not quoted:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    return parts


def _value_start(raw: bytes) -> int:
    """The index of the colon between name/parameters and value (quoted colons skipped)."""
    quoted = False
    for index, byte in enumerate(raw):
        if byte == 0x22:  # "
            quoted = not quoted
        elif byte == 0x3A and not quoted:  # :
            return index
    return -1


def _decode(raw: bytes, charset: str) -> tuple[str, bool]:
    if charset:
        try:
            return raw.decode(codecs.lookup(charset).name), False
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return raw.decode("utf-8"), False
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), True


def parse_property(raw: bytes, line: int) -> Property | None:
    """One unfolded content line as a :class:`Property`; None when it is not one."""
    colon = _value_start(raw)
    if colon <= 0:
        return None
    head = raw[:colon].decode("ascii", errors="replace").strip()
    name_part, *param_parts = _split_outside_quotes(head, ";")
    group, _, name = name_part.rpartition(".")
    if not re.fullmatch(r"[A-Za-z0-9-]+", name):
        return None
    params: dict[str, tuple[str, ...]] = {}
    types: set[str] = set()
    for part in param_parts:
        key, equals, value = part.partition("=")
        if not equals:
            bare = key.strip().upper()
            if bare in _BARE_ENCODINGS:
                params["ENCODING"] = (_BARE_ENCODINGS[bare],)
            elif bare:
                types.add(bare.casefold())
            continue
        values = tuple(
            v.strip().strip('"') for v in _split_outside_quotes(value, ",") if v.strip().strip('"')
        )
        key = key.strip().upper()
        params[key] = params.get(key, ()) + values
        if key == "TYPE":
            types.update(v.casefold() for v in values)
    value_bytes = raw[colon + 1 :]
    encoding = params.get("ENCODING", ("",))[0].upper()
    if encoding in {"QUOTED-PRINTABLE", "QP"}:
        value_bytes = quopri.decodestring(value_bytes)
    charset = params.get("CHARSET", ("",))[0]
    value, fallback = _decode(value_bytes, charset)
    return Property(
        group=group.casefold(),
        name=name.upper(),
        params=params,
        types=frozenset(types),
        value=value,
        line=line,
        fallback=fallback,
    )


_ESCAPES = {"n": "\n", "N": "\n", ",": ",", ";": ";", ":": ":", "\\": "\\"}


def unescape(text: str) -> str:
    """Undo the text escapes ``\\,`` ``\\;`` ``\\:`` ``\\\\`` ``\\n``; others stay as written."""
    if "\\" not in text:
        return text
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text, flags=re.DOTALL)


def components(text: str, separator: str = ";") -> list[str]:
    """Split a structured value (``N``, ``ORG``) on unescaped ``separator``, then unescape."""
    parts: list[str] = []
    current: list[str] = []
    chars = iter(text)
    for ch in chars:
        if ch == "\\":
            current.append(ch + next(chars, ""))
        elif ch == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [unescape(p) for p in parts]


# ---------------------------------------------------------------- cards


@dataclass(slots=True)
class RawCard:
    """The properties between one ``BEGIN:VCARD`` and its ``END:VCARD``.

    ``missing_end`` says, when there was no ``END:VCARD``, where the card was
    taken to stop; ``unreadable`` counts lines that were not properties.
    """

    line: int
    properties: list[Property] = field(default_factory=list)
    unreadable: int = 0
    missing_end: str = ""

    def values(self, name: str) -> list[Property]:
        """Every property called ``name`` (upper case), in file order."""
        return [p for p in self.properties if p.name == name]

    def first(self, name: str) -> str:
        """The first non-empty (still escaped) value of ``name``, stripped, or ``""``."""
        for prop in self.values(name):
            if prop.value.strip():
                return prop.value.strip()
        return ""


@dataclass(slots=True)
class ReadStats:
    """What reading one file noticed outside any card, for the file's note."""

    stray_lines: int = 0
    fallback_values: int = 0


def iter_cards(data: bytes, stats: ReadStats | None = None) -> Iterator[RawCard]:
    """Every card in ``data`` (BOM-free bytes), including one left open at the end.

    A ``BEGIN:VCARD`` inside an open card closes it (``missing_end`` says
    so) and starts a new one. Lines outside any card are counted in
    ``stats``.
    """
    stats = stats if stats is not None else ReadStats()
    card: RawCard | None = None
    for line, raw in logical_lines(data):
        prop = parse_property(raw, line)
        if prop is None:
            if card is None:
                stats.stray_lines += 1
            else:
                card.unreadable += 1
            continue
        if prop.fallback:
            stats.fallback_values += 1
        is_edge = prop.name in {"BEGIN", "END"} and prop.value.strip().upper() == "VCARD"
        if is_edge and prop.name == "BEGIN":
            if card is not None:
                card.missing_end = f"no END:VCARD before the next BEGIN:VCARD at line {line}"
                yield card
            card = RawCard(line)
        elif is_edge:
            if card is None:
                stats.stray_lines += 1
            else:
                yield card
                card = None
        elif card is None:
            stats.stray_lines += 1
        else:
            card.properties.append(prop)
    if card is not None:
        card.missing_end = "no END:VCARD before the end of the file"
        yield card


__all__ = [
    "BLOB_PROPERTIES",
    "Property",
    "RawCard",
    "ReadStats",
    "check_is_vcard",
    "components",
    "iter_cards",
    "logical_lines",
    "parse_property",
    "to_utf8_bytes",
    "unescape",
]
