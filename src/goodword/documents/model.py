"""What the documents stage takes in, and the small layout both output formats share.

Inputs are plain frozen dataclasses (:class:`PrepBrief`, :class:`ReferencesSheet`)
that the workflow fills in; nothing here knows about the database. A document
is first laid out once as a tuple of blocks (:class:`Heading`,
:class:`Paragraph`, :class:`Bullets`, :class:`Fields`, :class:`Callout`) made of
styled :class:`Run` s of text, and that one layout is then written out either as
Markdown (:func:`to_markdown`) or as a PDF (:func:`write_pdf`).

User-supplied text is never trusted as markup: Markdown special characters are
escaped, and the PDF is drawn run by run rather than through a markup parser.
"""

from __future__ import annotations

import re
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Literal, get_args

from fpdf import FPDF

from goodword.errors import InvalidInput

VoucherKind = Literal["reference", "recommendation", "referral"]
VOUCHER_KINDS: tuple[str, ...] = get_args(VoucherKind)

# -- inputs ----------------------------------------------------------------


@dataclass(frozen=True)
class Opportunity:
    """The job, programme or fellowship the person is vouching for."""

    title: str
    organization: str
    deadline: date | None
    description: str


@dataclass(frozen=True)
class Story:
    """A piece of shared work the reference saw first-hand, with where the evidence came from."""

    when: str
    text: str
    source: str


@dataclass(frozen=True)
class Fact:
    """A tenure the reference can confirm; ``mismatch`` says how the two records differ."""

    organization: str
    title: str
    start: str
    end: str
    their_view: str | None = None
    mismatch: str | None = None


@dataclass(frozen=True)
class PrepBrief:
    """Everything the prep brief for one reference, recommender or referrer needs."""

    reference_name: str
    relationship: str
    kind: VoucherKind
    opportunity: Opportunity
    owner_name: str
    owner_headline: str
    expected_contact: str
    stories: tuple[Story, ...] = ()
    confirmable: tuple[Fact, ...] = ()
    highlights: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in VOUCHER_KINDS:
            raise InvalidInput(
                f"Unknown kind of voucher {self.kind!r}; use one of: {', '.join(VOUCHER_KINDS)}."
            )
        if not self.reference_name.strip():
            raise InvalidInput("The prep brief needs the reference's name; it is empty.")


@dataclass(frozen=True)
class SheetEntry:
    """One person on the references sheet, with only the contacts they agreed to share."""

    name: str
    title: str
    organization: str
    relationship: str
    period: str
    contacts: tuple[tuple[str, str], ...]
    preferred: str


@dataclass(frozen=True)
class ReferencesSheet:
    """The employer-facing list of references for one opportunity."""

    owner_name: str
    owner_contact: str
    opportunity_title: str
    organization: str
    prepared_on: date
    entries: tuple[SheetEntry, ...]

    def __post_init__(self) -> None:
        if not self.entries:
            raise InvalidInput(
                "The references sheet has nobody on it; add at least one person who agreed to vouch."
            )


# -- layout ----------------------------------------------------------------

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


# -- PDF -------------------------------------------------------------------

FAMILY = "DejaVuSans"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
_STYLE_CODES: dict[Style, str] = {"plain": "", "bold": "B", "italic": "I"}
_BODY = 10.5  # points
_LEADING = 5.4  # millimetres per line of body text
_HEADING_SIZES = {1: 18.0, 2: 13.0, 3: 11.5}
_INK = (33, 37, 41)
_MUTED = (110, 117, 125)
_ALERT = (176, 32, 32)


class _Pdf(FPDF):
    """An A4 page with a footer naming the document and the page."""

    def __init__(self, footer_label: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.footer_label = footer_label

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*_MUTED)
        self.cell(0, 6, f"{self.footer_label}  ·  Page {self.page_no()} of {{nb}}", align="C")


def _load_fonts(pdf: FPDF) -> None:
    """Register the vendored DejaVu Sans faces (they cover accents, Vietnamese, Cyrillic, ...)."""
    fonts = resources.files("goodword.documents") / "fonts"
    with ExitStack() as stack:
        for style, name in FONT_FILES.items():
            path = stack.enter_context(resources.as_file(fonts / name))
            pdf.add_font(FAMILY, style, path)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _write_runs(pdf: FPDF, runs: Line, size: float = _BODY, height: float = _LEADING) -> None:
    after_space = True  # so no run starts a line, or follows another, with a second space
    for run in runs:
        text = _clean(run.text)
        text = text.lstrip() if after_space else text
        if text:
            pdf.set_font(FAMILY, _STYLE_CODES[run.style], size)
            pdf.write(height, text)
            after_space = text.endswith(" ")
    pdf.ln(height)


def _draw_heading(pdf: FPDF, heading: Heading) -> None:
    size = _HEADING_SIZES.get(heading.level, _BODY)
    height = size * 0.5
    if heading.level > 1:
        pdf.ln(3)
    if pdf.will_page_break(height + 3 * _LEADING):  # keep a heading with what follows it
        pdf.add_page()
    pdf.set_font(FAMILY, "B", size)
    pdf.set_text_color(*_INK)
    pdf.multi_cell(0, height, _clean(heading.text), new_x="LMARGIN", new_y="NEXT")
    if heading.level == 2:
        pdf.set_draw_color(200, 205, 210)
        pdf.line(pdf.l_margin, pdf.get_y() + 0.6, pdf.w - pdf.r_margin, pdf.get_y() + 0.6)
    pdf.ln(2)


def _draw_indented(pdf: FPDF, runs: Line, *, bullet: bool = False, label: str = "") -> None:
    """A bullet item, or a callout: its label in red and a red bar down the left edge."""
    margin, page, top = pdf.l_margin, pdf.page, pdf.get_y()
    indent = 6 if bullet else 4
    pdf.set_font(FAMILY, "", _BODY)
    pdf.set_x(margin + 1.5)
    if bullet:
        pdf.cell(indent - 1.5, _LEADING, "•")
    pdf.set_left_margin(margin + indent)
    pdf.set_x(margin + indent)
    try:
        if label:
            pdf.set_text_color(*_ALERT)
            pdf.set_font(FAMILY, "B", _BODY)
            pdf.write(_LEADING, _clean(label) + " ")
            pdf.set_text_color(*_INK)
        _write_runs(pdf, runs)
    finally:
        pdf.set_left_margin(margin)
    if label and pdf.page == page:  # no bar when the callout broke across pages
        pdf.set_draw_color(*_ALERT)
        pdf.set_line_width(0.8)
        pdf.line(margin + 1, top + 0.5, margin + 1, pdf.get_y() - 0.5)
        pdf.set_line_width(0.2)
    pdf.set_x(margin)
    pdf.ln(2 if label else 0.8)


def _draw(pdf: FPDF, block: Block) -> None:
    pdf.set_text_color(*_INK)
    match block:
        case Heading():
            _draw_heading(pdf, block)
        case Paragraph(runs, muted):
            if muted:
                pdf.set_text_color(*_MUTED)
            _write_runs(pdf, runs, size=_BODY - 1 if muted else _BODY)
            pdf.ln(2)
        case Bullets(items):
            for item in items:
                _draw_indented(pdf, item, bullet=True)
            pdf.ln(1.2)
        case Fields(pairs):
            for label, value in pairs:
                _write_runs(pdf, (Run(f"{label}: ", "bold"), Run(value)))
            pdf.ln(2)
        case Callout(label, runs):
            _draw_indented(pdf, runs, label=label)


def write_pdf(document: Document, path: Path) -> Path:
    """Write the document as a PDF at ``path`` (replacing any file there) and return the path."""
    path = Path(path)
    if not path.parent.is_dir():
        raise InvalidInput(
            f"Cannot write {path}: the folder {path.parent} does not exist; create it first."
        )
    pdf = _Pdf(footer_label=document.title)
    _load_fonts(pdf)
    pdf.set_title(document.title)
    pdf.set_author(document.author)
    pdf.set_creator("goodword")
    pdf.set_margins(left=20, top=18, right=20)
    pdf.set_auto_page_break(auto=True, margin=22)
    pdf.add_page()
    for block in document.blocks:
        _draw(pdf, block)
    try:
        pdf.output(str(path))
    except OSError as exc:
        raise InvalidInput(f"Cannot write {path}: {exc.strerror}; choose another path.") from exc
    return path
