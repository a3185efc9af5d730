"""Parse the date zoo of LinkedIn exports with explicit per-column formats.

The formats are listed in ``docs/formats.md`` (LinkedIn export).

No locale guessing: each column lists the formats it has been seen in, tried
in order. LinkedIn gives most times without a zone; they are read as UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from goodword.records import PartialDate

# Formats by column family, in the order they are tried.
CONNECTED_ON = ("%d %b %Y", "%m/%d/%y, %I:%M %p", "%d-%b-%y", "%Y-%m-%d", "%m/%d/%Y")
MESSAGE_DATE = ("%Y-%m-%d %H:%M:%S UTC", "%Y-%m-%d %H:%M:%S", "%m/%d/%y, %I:%M %p")
ENDORSEMENT_DATE = ("%Y/%m/%d %H:%M:%S UTC", "%Y-%m-%d %H:%M:%S UTC", "%Y/%m/%d %H:%M:%S")
US_SHORT = ("%m/%d/%y, %I:%M %p", "%m/%d/%Y, %I:%M %p", "%Y-%m-%d %H:%M:%S UTC")
JAVA_DATE = ("%a %b %d %H:%M:%S UTC %Y",)

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}

EARLIEST_YEAR = 1990


class DateParseError(ValueError):
    """A date cell matched none of its column's formats."""


def parse_instant(value: str, formats: tuple[str, ...]) -> datetime:
    """Parse ``value`` with the first matching format; the result is aware (UTC)."""
    text = re.sub(r"\s+", " ", value.strip())
    # Excel and some locales write "a.m."/"p.m." or lowercase meridiems.
    text = re.sub(r"(?i)\b([ap])\.?m\.?$", lambda m: m.group(1).upper() + "M", text)
    for fmt in formats:
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return parsed.replace(tzinfo=UTC)
    raise DateParseError(f"unrecognised date {value!r}")


def parse_day(value: str, formats: tuple[str, ...]) -> date:
    """Parse a cell that means a calendar day (such as ``Connected On``)."""
    return parse_instant(value, formats).date()


def parse_partial(value: str) -> PartialDate | None:
    """Parse ``Nov 2022``, ``2015``, ``2015-11`` or ``11/2015``; empty means None (ongoing)."""
    text = value.strip()
    if not text or text.lower() in {"present", "na", "null"}:
        return None
    match = re.fullmatch(r"([A-Za-z]{3})[A-Za-z]*\.? (\d{4})", text)
    if match and match.group(1).lower() in _MONTHS:
        return PartialDate(int(match.group(2)), _MONTHS[match.group(1).lower()])
    match = re.fullmatch(r"(\d{4})", text)
    if match:
        return PartialDate(int(match.group(1)))
    match = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-\d{1,2})?", text)
    if match and 1 <= int(match.group(2)) <= 12:
        return PartialDate(int(match.group(1)), int(match.group(2)))
    match = re.fullmatch(r"(\d{1,2})/(\d{4})", text)
    if match and 1 <= int(match.group(1)) <= 12:
        return PartialDate(int(match.group(2)), int(match.group(1)))
    raise DateParseError(f"unrecognised month {value!r}")


def implausible(moment: datetime | date, *, today: date | None = None) -> bool:
    """True for a year before 1990 or a date in the future: kept out of scores, reported."""
    day = moment.date() if isinstance(moment, datetime) else moment
    limit = today or datetime.now(UTC).date()
    return day.year < EARLIEST_YEAR or day.toordinal() > limit.toordinal() + 1
