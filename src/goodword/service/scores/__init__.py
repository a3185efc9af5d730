"""Kept scores: everyone's scores computed once, kept, read back, and kept current — one seam.

Scoring 30,000 people from a million interactions takes many seconds;
``people`` and ``suggest`` answer in a fraction of one because everyone's
scores are *kept*: computed once (at the end of an import, or by the first
call that finds none), stored with the data version and the scoring version
they came from, read back while both still match, rewritten in place for a
change to a few people, and recomputed in the background when only the
clock ran them out. This package is the whole of it, and :func:`answer` is
its one entry point, which tries, in order:

1. **the quick read** (:mod:`.quick`): the kept scores through the database
   driver alone, without opening the store or loading SQLAlchemy — what a
   one-shot command (``goodword people``) needs to start fast;
2. **the kept scores through the open store** (:func:`.compute.from_store`):
   those a long-running process holds in memory, else those stored;
3. **a full computation** (:func:`.compute.compute`): everyone scored from
   every stored fact, and kept when they are for now.

A step answers only when it answers exactly what the next would: see
:func:`.kept.kept` for when kept scores hold. The faces never pick a step:
they call the facade (:func:`people_page`, :func:`suggest`, and the
:class:`~goodword.service.Service` methods of the same names, which come
here too).

The modules, in the order a newcomer might read them:

- :mod:`.kept` — :class:`Scores` (everyone's rows, assessments decoded on
  demand) and :func:`.kept.kept`, which finds the kept scores that hold;
- :mod:`goodword.service.listing` — what a list does with them: one query,
  one order, one pager (shared with the web app's scores in memory);
- :mod:`.version` — :data:`SCORING_VERSION`, bumped whenever scoring changes
  (a test fails when it changes without a bump);
- :mod:`.codec` — a person's assessment as JSON and back (pure);
- :mod:`.quick`, :mod:`.compute` — steps 1 and 2–3 above;
- :mod:`.rescore` — a change to a few people re-scores their rows alone;
- :mod:`.refresh` — the background process that scores everyone on a new day;
- :mod:`goodword.store.kept` — the tables: plain-SQL reads, writes through a
  session.

Everything here but :mod:`.compute` and :mod:`.rescore` loads without
SQLAlchemy (the quick read depends on it). The codec stays pure too: it
could live in ``evidence/``, but nothing outside this seam reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from goodword.config import Settings, load_settings
from goodword.service.listing import PeopleListing, PeopleQuery, page
from goodword.service.scores import quick
from goodword.service.scores.kept import LAG_LIMIT, Found, Scores, collector_paused
from goodword.service.scores.version import SCORING_VERSION
from goodword.service.views import Suggestion, as_of_moment
from goodword.store import reading
from goodword.store.reading import Reader

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from goodword.service.base import ServiceBase

T = TypeVar("T")

__all__ = [
    "LAG_LIMIT",
    "SCORING_VERSION",
    "Found",
    "Scores",
    "answer",
    "collector_paused",
    "people_page",
    "suggest",
]


def answer(
    question: Callable[[Found], T],
    *,
    settings: Settings | None = None,
    as_of: date | None = None,
    score_rows: bool = True,
    service: ServiceBase | None = None,
    session: Session | None = None,
) -> T:
    """``question`` answered from everyone's scores as of ``as_of`` (None: now).

    The one way in: the quick read, then the kept scores through the store,
    then a full computation (see the module's docstring). The quick read is
    tried only for now, and only by a caller that has not opened the store
    (a ``service`` whose store is open, or a ``session``, has SQLAlchemy
    loaded already, and holds the scores in memory when it lives long).
    ``score_rows`` False is for a question that reads a page or one person:
    kept scores then come without everyone's rows.
    """
    fresh = session is None and (service is None or not service.store_open)
    if as_of is None and fresh:
        answered = quick.read(
            service.settings if service else settings or load_settings(),
            question,
            score_rows=score_rows,
        )
        if answered is not None:
            return answered[0]
    if service is None:
        from goodword.service.base import ServiceBase

        own = ServiceBase(settings)
        try:
            return answer(question, as_of=as_of, score_rows=score_rows, service=own)
        finally:
            own.close()
    if session is None:
        # One snapshot: an import committing meanwhile cannot show a person without their rows.
        with service.store.session(snapshot=True) as opened:
            return _from_store(question, service, opened, as_of, score_rows)
    return _from_store(question, service, session, as_of, score_rows)


def _from_store(
    question: Callable[[Found], T],
    service: ServiceBase,
    session: Session,
    as_of: date | None,
    score_rows: bool,
) -> T:
    from goodword.service.scores import refresh
    from goodword.service.scores.compute import from_store

    now = as_of is None
    moment = as_of_moment(as_of)
    owner, scores = from_store(
        session,
        moment,
        keep=now,
        refresh_later=(lambda: refresh.start(service.settings)) if now else None,
        score_rows=score_rows,
    )
    return question(Found(session, owner.id, scores, moment))


def people_page(
    query: PeopleQuery,
    *,
    settings: Settings | None = None,
    service: ServiceBase | None = None,
) -> PeopleListing:
    """One page of everyone judged on the three criteria, as ``query`` asks (as of its day)."""
    query.checked()  # before anything is read or scored
    return answer(
        lambda found: page(found.scores, found.source, query),
        settings=settings,
        as_of=query.as_of,
        score_rows=False,
        service=service,
    )


def suggest(
    job_query: str,
    *,
    kind: str | None = None,
    as_of: date | None = None,
    settings: Settings | None = None,
    service: ServiceBase | None = None,
) -> Suggestion:
    """The best set of people for a job (see :func:`goodword.service.slates.suggestion`)."""
    return answer(
        suggestion_from(job_query, kind),
        settings=settings,
        as_of=as_of,
        service=service,
    )


def suggestion_from(job_query: str, kind: str | None) -> Callable[[Found], Suggestion]:
    """The question :func:`suggest` asks of everyone's scores (``kind`` checked at once)."""
    from goodword.service.slates import check_kind, find_job, job_view, suggestion

    check_kind(kind)

    def ask(found: Found) -> Suggestion:
        reader = Reader.of(found.source)
        job = job_view(find_job(reading.jobs(reader, found.owner_id), job_query))
        return suggestion(
            job, found.scores, found.source, owner_id=found.owner_id, kind=kind, moment=found.moment
        )

    return ask
