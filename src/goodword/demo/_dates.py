"""Small date helpers shared by the demo generators (all UTC, all seeded)."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from random import Random

from goodword.demo.truth import YearMonth


def at_midnight(day: date) -> datetime:
    """The first instant of ``day`` in UTC."""
    return datetime.combine(day, time(0), tzinfo=UTC)


def month_first(ym: YearMonth) -> date:
    """The first day of a ``(year, month)``."""
    return date(ym[0], ym[1], 1)


def month_last(ym: YearMonth) -> date:
    """The last day of a ``(year, month)``."""
    return date(ym[0], ym[1], calendar.monthrange(ym[0], ym[1])[1])


def month_from_index(index: int) -> YearMonth:
    """Invert ``year * 12 + month - 1``."""
    return (index // 12, index % 12 + 1)


def random_date(rng: Random, start: date, end: date) -> date:
    """A uniformly drawn day in ``[start, end]`` (``start`` when the span is empty)."""
    span = (end - start).days
    return start if span <= 0 else start + timedelta(days=rng.randint(0, span))


def random_instant(rng: Random, start: datetime, end: datetime) -> datetime:
    """A uniformly drawn second in ``[start, end)`` (``start`` when the span is empty)."""
    span = int((end - start).total_seconds())
    return start if span <= 0 else start + timedelta(seconds=rng.randrange(span))


def working_time(rng: Random, day: date) -> datetime:
    """A moment on ``day`` during the (UTC) working day, with seconds."""
    return at_midnight(day) + timedelta(
        hours=rng.randint(7, 19), minutes=rng.randrange(60), seconds=rng.randrange(60)
    )
