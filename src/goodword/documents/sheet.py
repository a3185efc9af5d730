"""The references sheet: the employer-facing one-pager listing who vouches for the owner.

Owner name and contact, "References for <title> at <organization>", then one
block per person: name, title at organisation, relationship, how long and
when, only the contacts they agreed to share, and how they prefer to be
reached. Laid out once (:func:`sheet_document`), written as Markdown or PDF.
"""

from __future__ import annotations

from pathlib import Path

from goodword.documents.inputs import ReferencesSheet, SheetEntry
from goodword.documents.layout import (
    Block,
    Document,
    Fields,
    Heading,
    Paragraph,
    line,
    long_date,
    to_markdown,
)


def _label(text: str) -> str:
    """``email`` → ``Email``; labels the user typed keep the rest of their spelling."""
    text = text.strip()
    return text[:1].upper() + text[1:]


def _entry(entry: SheetEntry) -> list[Block]:
    position = " at ".join(part for part in (entry.title, entry.organization) if part.strip())
    pairs = [("Relationship", entry.relationship), ("Worked together", entry.period)]
    pairs += [(_label(label), value) for label, value in entry.contacts if value.strip()]
    if not entry.contacts:
        pairs.append(("Contact", "through the candidate"))
    pairs.append(("Preferred contact", entry.preferred))
    blocks: list[Block] = [Heading(entry.name, 3)]
    if position:
        blocks.append(Paragraph(line(position)))
    blocks.append(Fields(tuple((label, value) for label, value in pairs if value.strip())))
    return blocks


def sheet_document(sheet: ReferencesSheet) -> Document:
    """Lay out the references sheet once, for both Markdown and PDF."""
    blocks: list[Block] = [Heading(sheet.owner_name, 1)]
    if sheet.owner_contact.strip():
        blocks.append(Paragraph(line(sheet.owner_contact), muted=True))
    blocks.append(Heading(f"References for {sheet.opportunity_title} at {sheet.organization}"))
    blocks.append(Paragraph(line(f"Prepared {long_date(sheet.prepared_on)}"), muted=True))
    for entry in sheet.entries:
        blocks.extend(_entry(entry))
    return Document(
        title=f"References for {sheet.owner_name}", author=sheet.owner_name, blocks=tuple(blocks)
    )


def render_sheet_markdown(sheet: ReferencesSheet) -> str:
    """The references sheet as Markdown, user text escaped."""
    return to_markdown(sheet_document(sheet))


def write_sheet_pdf(sheet: ReferencesSheet, path: Path) -> Path:
    """Write the references sheet as a PDF at ``path`` and return the path."""
    from goodword.documents.pdf import write_pdf  # fpdf loads slowly: only when needed

    return write_pdf(sheet_document(sheet), path)
