"""What each source can know: the day its evidence holds up to, and how to say so.

An export describes the world on the day it was made. A position still open
in a LinkedIn export of 2023-07 is known to be open up to that day, not
today: read as of 2026, the coworkers it shows were last seen together in
2023-07, and that evidence fades like any other. Every open position carries
the day its source was exported (``TenureFact.observed_on``); the helpers
here turn that into the day evidence was last known to hold and the words
for it ("now", or "as of the 2023-07 export"). Pure functions over plain
facts, for the criteria to call.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from goodword.store.facts import TenureFact

RECENT_DAYS = 31
"""An export at most this old speaks for "now"; an older one is named by its month."""

OLD_EXPORT_DAYS = 183
"""An export older than this is flagged once (import summary, ``people``): positions change."""

SOURCE_NAMES = {
    "linkedin": "LinkedIn export",
    "ics": "calendar export",
    "mbox": "mailbox",
    "mail-folder": "mail folder",
    "maildir": "Maildir",
    "vcard": "address book",
    "contacts_csv": "contacts export",
}


def until(tenure: TenureFact, as_of: date) -> date:
    """The last day ``tenure`` is known to hold, never after ``as_of``.

    A closed period holds to its end; an open one to the day its source was
    exported (its ``observed_on``), or to ``as_of`` when that is unknown.
    """
    if not tenure.is_current and tenure.end_on is not None:
        return min(tenure.end_on, as_of)
    return min(tenure.observed_on or as_of, as_of)


def together(own: TenureFact, theirs: TenureFact, as_of: date) -> date:
    """The last day two periods at one organisation are both known to hold."""
    return min(until(own, as_of), until(theirs, as_of))


def now(day: date, as_of: date) -> str:
    """ "now" when ``day`` is recent at ``as_of``, else "as of the YYYY-MM export"."""
    if (as_of - day).days <= RECENT_DAYS:
        return "now"
    return f"as of the {day:%Y-%m} export"


def so_far(own: TenureFact, theirs: TenureFact, as_of: date) -> str:
    """ " as of the 2023-07 export" when an open period's old export ends what is known, else ""."""
    if not (own.is_current or theirs.is_current):
        return ""
    day = together(own, theirs, as_of)
    return "" if now(day, as_of) == "now" else f" {now(day, as_of)}"


def span(tenure: TenureFact, as_of: date) -> str:
    """A period in years: "2019–2022", "2021–now", or "since 2021" when an old export is all."""
    left = f"{tenure.start_on:%Y}" if tenure.start_on else "?"
    if tenure.is_current:
        if now(until(tenure, as_of), as_of) == "now":
            return f"{left}–now"
        return f"since {left}"
    return f"{left}–" + (f"{tenure.end_on:%Y}" if tenure.end_on else "?")


def is_old(export_date: date, as_of: date) -> bool:
    """True when an export made on ``export_date`` is old enough to flag at ``as_of``."""
    return (as_of - export_date).days > OLD_EXPORT_DAYS


def age(export_date: date, as_of: date) -> str:
    """How old an export is, in words: "3 years", "8 months"."""
    months = (as_of.year - export_date.year) * 12 + as_of.month - export_date.month
    if as_of.day < export_date.day:
        months -= 1
    if months >= 24:
        return f"{months // 12} years"
    return f"{max(months, 1)} month" + ("s" if months != 1 else "")


def old_export(
    kind: str,
    export_date: date | None,
    as_of: date,
    *,
    newest: bool = True,
    newer_stored: date | None = None,
) -> str:
    """The one-line flag for an old export of ``kind`` ("" when it is recent or undated).

    ``newest`` says it is the newest of its kind (``people``); else it is the
    one just imported, and ``newer_stored`` the date of a newer one imported
    before it (which this one does not undo).
    """
    if export_date is None:
        return ""
    name = SOURCE_NAMES.get(kind, f"{kind} import")
    if newer_stored is not None and not newest:
        return (
            f"this {name} is from {export_date:%Y-%m-%d}, older than the one imported before "
            f"({newer_stored:%Y-%m-%d}): it adds what is new but moves no date back"
        )
    if not is_old(export_date, as_of):
        return ""
    which = f"your newest {name}" if newest else f"this {name}"
    return (
        f"{which} is from {export_date:%Y-%m-%d} ({age(export_date, as_of)} old): "
        "what it shows as current is known only up to then; "
        "import a newer one to bring it up to date"
    )


def old_exports(exports: Mapping[str, date], as_of: date) -> list[str]:
    """One flag per source whose newest import is old at ``as_of`` (see :func:`old_export`).

    ``exports`` maps a source kind to the export date of its newest import.
    """
    return [line for kind, day in sorted(exports.items()) if (line := old_export(kind, day, as_of))]
