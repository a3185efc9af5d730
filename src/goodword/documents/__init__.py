"""Documents: the prep brief and the references sheet, as Markdown and PDF.

This stage only renders. It takes the plain frozen dataclasses of
:mod:`goodword.documents.model` (filled in by the workflow) and returns
Markdown text or writes a PDF set in the vendored DejaVu Sans fonts, so names
such as "Zoë Bašić" or "Nguyễn" print as written. It reads no database and
imports nothing of goodword but :mod:`goodword.errors`. (The message drafts,
ask, follow-up and thanks, live beside it in :mod:`goodword.documents.messages`.)

::

    PrepBrief ───────► brief_document ─┐              ┌─► to_markdown ─► str
                                       ├─► Document ──┤
    ReferencesSheet ─► sheet_document ─┘   (blocks)   └─► write_pdf ───► file.pdf
"""

from __future__ import annotations

from goodword.documents.brief import (
    brief_document,
    care_points,
    render_brief_markdown,
    write_brief_pdf,
)
from goodword.documents.model import (
    Fact,
    Opportunity,
    PrepBrief,
    ReferencesSheet,
    SheetEntry,
    Story,
    VoucherKind,
    escape_markdown,
)
from goodword.documents.sheet import render_sheet_markdown, sheet_document, write_sheet_pdf

__all__ = [
    "Fact",
    "Opportunity",
    "PrepBrief",
    "ReferencesSheet",
    "SheetEntry",
    "Story",
    "VoucherKind",
    "brief_document",
    "care_points",
    "escape_markdown",
    "render_brief_markdown",
    "render_sheet_markdown",
    "sheet_document",
    "write_brief_pdf",
    "write_sheet_pdf",
]
