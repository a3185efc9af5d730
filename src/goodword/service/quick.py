"""Answering ``people`` and ``suggest`` from the day's summary without opening the store.

Most calls of ``goodword people`` and ``goodword suggest`` find the evidence summary current: the
same data version, the same day (see :mod:`goodword.service.scoring`).
Answering them is a handful of small reads, yet opening the store loads
SQLAlchemy and the models, about twice as long as everything else the
command does. So a read-only command first asks here: the reads of
:mod:`goodword.store.reading` on a connection of its own, the same
:class:`~goodword.service.scores.Scores` and the same :func:`page` the
service uses. Whenever this cannot answer exactly as the service would —
no database yet, a migration pending, no summary for this data version,
one kept by other scoring code, a past ``--as-of`` — it says None and the
command asks the service, which scores and keeps.

A summary of the same evidence whose span the clock alone ran out (a new
day) answers late, flagged, and a background process scores everyone, as
the service does (:mod:`goodword.service.refresh`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from goodword.config import Settings
from goodword.service.listing import PeopleQuery
from goodword.service.scores import PeopleListing, Scores, kept, page
from goodword.service.slates import check_kind, find_job, job_view, suggestion
from goodword.service.views import Suggestion
from goodword.store import reading
from goodword.store.reading import Reader


def current_scores(
    reader: Reader, settings: Settings, moment: datetime, *, standings: bool = False
) -> tuple[reading.OwnerRow, Scores] | None:
    """The owner and everyone's scores at ``moment`` (now), from the summary that holds.

    None when there is none to read. ``standings`` reads everyone's (a
    slate ranks them all); a list reads only the columns it sorts on.
    """
    if reading.schema_version(reader) != reading.packaged_head():
        return None
    owner = reading.owner(reader)
    if owner is None:
        return None
    version = reading.data_parts(reader, owner).version()
    found = kept(reader, owner.id, version, moment, late_ok=True, standings=standings)
    if found is None:
        return None
    if found.late:
        from goodword.service import refresh

        refresh.start(settings)
    return owner, found.scores


def people_page(settings: Settings, query: PeopleQuery) -> PeopleListing | None:
    """What :meth:`Service.people_page` answers now, or None when only the service can."""
    if query.as_of is not None:
        return None  # a past day: scored exactly by the service
    with Reader.open(settings.resolved_database_url()) as reader:
        if reader is None:
            return None
        try:
            found = current_scores(reader, settings, datetime.now(UTC))
            return None if found is None else page(found[1], reader, query)
        except reader.errors:
            return None  # a read that failed (a lock, a lost connection): the store says why


def suggest(settings: Settings, job_query: str, *, kind: str | None = None) -> Suggestion | None:
    """What :meth:`Service.suggest` answers now, or None when only the service can."""
    check_kind(kind)
    with Reader.open(settings.resolved_database_url()) as reader:
        if reader is None:
            return None
        try:
            return _suggest(reader, settings, job_query, kind)
        except reader.errors:
            return None  # a read that failed (a lock, a lost connection): the store says why


def _suggest(
    reader: Reader, settings: Settings, job_query: str, kind: str | None
) -> Suggestion | None:
    moment = datetime.now(UTC)
    found = current_scores(reader, settings, moment, standings=True)
    if found is None:
        return None
    owner, scores = found
    job = job_view(find_job(reading.jobs(reader, owner.id), job_query))
    return suggestion(job, scores, reader, owner_id=owner.id, kind=kind, moment=moment)
