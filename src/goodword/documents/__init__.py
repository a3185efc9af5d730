"""Documents: the prep brief, the references sheet, message drafts and calendar reminders.

``inputs.py`` holds the plain inputs; ``assemble.py`` fills them from the
evidence; ``layout.py`` lays a document out once as blocks, which become
Markdown or, through ``pdf.py``, a PDF set in the vendored DejaVu Sans fonts
(so "Zoë Bašić" or "Nguyễn" print as written). ``messages.py`` renders the
drafts from Jinja2 templates; ``calendar.py`` writes reminders as ICS.

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
from goodword.documents.inputs import (
    Fact,
    Opportunity,
    PrepBrief,
    ReferencesSheet,
    SheetEntry,
    Story,
    VoucherKind,
)
from goodword.documents.layout import escape_markdown
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
