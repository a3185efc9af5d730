"""The small layout both output formats share, and its Markdown rendering.

A document is laid out once as a tuple of blocks (:class:`Heading`,
:class:`Paragraph`, :class:`Bullets`, :class:`Fields`, :class:`Callout`) made of
styled :class:`Run` s of text, then written as Markdown (:func:`to_markdown`)
or as a PDF (:func:`goodword.documents.pdf.write_pdf`). User-supplied text is
never trusted as markup: Markdown special characters are escaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

Style = Literal["plain", "bold", "italic"]


@dataclass(frozen=True)
class Run:
    """A stretch of text in one style."""

    text: str
    style: Style = "plain"


Line = tuple[Run, ...]


def line(*parts: str | Run) -> Line:
    """A line of runs; bare strings are plain text."""
    return tuple(part if isinstance(part, Run) else Run(part) for part in parts if part)


@dataclass(frozen=True)
class Heading:
    """A section title; level 1 is the document title."""

    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    """Running text; ``muted`` paragraphs are set smaller and grey in the PDF."""

    runs: Line
    muted: bool = False


@dataclass(frozen=True)
class Bullets:
    """A bulleted list, one line of runs per item."""

    items: tuple[Line, ...]


@dataclass(frozen=True)
class Fields:
    """Label / value pairs."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Callout:
    """Something the reader must not miss, such as two records that disagree."""

    label: str
    runs: Line


Block = Heading | Paragraph | Bullets | Fields | Callout


@dataclass(frozen=True)
class Document:
    """A laid-out document: a title and author (PDF metadata) and its blocks."""

    title: str
    author: str
    blocks: tuple[Block, ...]


MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def long_date(day: date) -> str:
    """``Tuesday 15 December 2026``: unambiguous in every country, whatever the locale."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


# -- Markdown --------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>~|])")
_MD_LINE_START = re.compile(r"^(?:([#+-])|(\d+)([.)]))")


def escape_markdown(text: str, *, line_start: bool = True) -> str:
    """Text that Markdown shows as written: special characters escaped, whitespace on one line.

    With ``line_start`` (the default), a leading ``#``, ``-``, ``+`` or ``1.`` that
    would start a heading or a list is escaped too.
    """
    text = _MD_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", text))
    if not line_start:
        return text
    return _MD_LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)


def _markdown_line(runs: Line) -> str:
    out: list[str] = []
    for run in runs:
        text = escape_markdown(run.text if out else run.text.lstrip(), line_start=not out)
        if run.style != "plain" and text.strip():
            # Emphasis markers must touch the text, so surrounding spaces stay outside them.
            marker = "**" if run.style == "bold" else "*"
            core = text.strip()
            text = text.replace(core, f"{marker}{core}{marker}", 1)
        out.append(text)
    return re.sub(" {2,}", " ", "".join(out)).rstrip()


def _markdown_block(block: Block) -> str:
    match block:
        case Heading(text, level):
            return "#" * level + " " + escape_markdown(text, line_start=False).replace("#", "\\#")
        case Paragraph(runs):
            return _markdown_line(runs)
        case Bullets(items):
            return "\n".join("- " + _markdown_line(item) for item in items)
        case Fields(pairs):
            return "\n".join(
                f"- **{escape_markdown(label)}:** {escape_markdown(value, line_start=False)}"
                for label, value in pairs
            )
        case Callout(label, runs):
            return f"> **{escape_markdown(label)}** {_markdown_line(runs)}"


def to_markdown(document: Document) -> str:
    """The document as Markdown, blocks separated by blank lines, ending in a newline."""
    return "\n\n".join(_markdown_block(block) for block in document.blocks) + "\n"
