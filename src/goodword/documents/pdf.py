"""Write a laid-out document as a PDF with fpdf2, in the vendored DejaVu Sans fonts.

The PDF is drawn run by run rather than through a markup parser, so text
from strangers is never interpreted.
"""

from __future__ import annotations

import re
from contextlib import ExitStack
from importlib import resources
from pathlib import Path

from fpdf import FPDF

from goodword.documents.layout import (
    Block,
    Bullets,
    Callout,
    Document,
    Fields,
    Heading,
    Line,
    Paragraph,
    Run,
    Style,
)
from goodword.errors import InvalidInput

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
