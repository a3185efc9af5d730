"""The quick read: kept scores through the database driver alone, without opening the store.

Most calls of ``goodword people`` and ``goodword suggest`` find the kept
scores current: the same data version, the same scoring version, the same
day. Answering them is a handful of small reads, yet opening the store
loads SQLAlchemy and the models, about twice as long as everything else the
command does. So :func:`goodword.service.scores.answer` first asks here: the
reads of :mod:`goodword.store.kept` on a connection of its own, the same
:class:`~goodword.service.scores.kept.Scores` the other paths give.
Whenever this cannot answer exactly as the store would — no database yet, a
migration pending, no kept scores of this data and scoring version, a read
that fails (a lock, a lost connection) — it says None and the entry point
goes on to the store.

Kept scores of the same evidence whose span the clock alone ran out (a new
day) answer late, flagged, and a background process scores everyone
(:mod:`goodword.service.scores.refresh`), as the store's path does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from goodword.config import Settings
from goodword.service.listing import PeopleListing, PeopleQuery, page
from goodword.service.scores.kept import Found, Scores, kept
from goodword.service.views import Suggestion
from goodword.store import kept as store
from goodword.store import reading
from goodword.store.reading import Reader

T = TypeVar("T")


def current_scores(
    reader: Reader, settings: Settings, moment: datetime, *, score_rows: bool = False
) -> tuple[reading.OwnerRow, Scores] | None:
    """The owner and everyone's scores at ``moment`` (now), from the kept scores that hold.

    None when there are none to read. ``score_rows`` reads everyone's row (a
    slate ranks them all); a list reads only the columns it sorts on.
    """
    if reading.schema_version(reader) != reading.packaged_head():
        return None
    owner = reading.owner(reader)
    if owner is None:
        return None
    version = store.data_version(reader, owner)
    found = kept(reader, owner.id, version, moment, late_ok=True, score_rows=score_rows)
    if found is None:
        return None
    if found.late:
        from goodword.service.scores import refresh

        refresh.start(settings)
    return owner, found.scores


def read(
    settings: Settings, question: Callable[[Found], T], *, score_rows: bool
) -> tuple[T] | None:
    """``question`` answered from the kept scores of now, or None when only the store can."""
    with Reader.open(settings.resolved_database_url()) as reader:
        if reader is None:
            return None
        moment = datetime.now(UTC)
        try:
            found = current_scores(reader, settings, moment, score_rows=score_rows)
            if found is None:
                return None
            owner, scores = found
            return (question(Found(reader, owner.id, scores, moment)),)
        except reader.errors:
            return None  # a read that failed (a lock, a lost connection): the store says why


def people_page(settings: Settings, query: PeopleQuery) -> PeopleListing | None:
    """What :func:`goodword.service.scores.people_page` answers now, or None when only the store can."""
    if query.as_of is not None:
        return None  # a past day: scored exactly by the service
    answered = read(settings, lambda f: page(f.scores, f.source, query), score_rows=False)
    return None if answered is None else answered[0]


def suggest(settings: Settings, job_query: str, *, kind: str | None = None) -> Suggestion | None:
    """What :func:`goodword.service.scores.suggest` answers now, or None when only the store can."""
    from goodword.service.scores import suggestion_from

    check = suggestion_from(job_query, kind)
    answered = read(settings, check, score_rows=True)
    return None if answered is None else answered[0]
