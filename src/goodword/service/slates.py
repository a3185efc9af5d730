"""The slate for a job from everyone's scores: the brief, who is left out, the shortlist.

Every path of :func:`goodword.service.scores.suggest` (the quick read, the
kept scores through the store, a full computation) ends here, with the job
and the scores in hand; so do finding the job a user means
(:func:`find_job`), turning its row into a view (:func:`job_view`) and
reading a job's description from a file (:func:`read_description`).
Nothing here loads the store or SQLAlchemy.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from goodword.choose.needs import DEFAULT_COUNT, Needs
from goodword.choose.shortlist import (
    Brief,
    Candidate,
    Shortlist,
    base_fit,
    excluded_because,
    exclusion,
    shortlist_among,
)
from goodword.errors import Ambiguous, InvalidInput, NotFound
from goodword.evidence.assessment import Assessment
from goodword.evidence.criterion import Score
from goodword.evidence.relevance import Relevance
from goodword.identity import normalise
from goodword.service.scores import Scores
from goodword.service.views import JobView, Suggestion
from goodword.store import reading
from goodword.store.reading import Reader
from goodword.workflow.asks import ASKED

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

KINDS = ("reference", "recommendation", "referral")
ADD_A_JOB = (
    'add one with `goodword job add --title "TITLE" --org "ORG" --description-file '
    "POSTING.txt`, then `goodword suggest TITLE`"
)
"""The next step wherever a job is wanted and there is none."""
FATIGUE_WINDOW = timedelta(days=182)
MAYBE_YOU = "may be your own account: answer `goodword review`"


class StoredJob(Protocol):
    """What a stored opportunity has, as an ORM row or as :class:`~goodword.store.reading.JobRow`."""

    @property
    def id(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def organization_name(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def deadline(self) -> date | None: ...
    @property
    def needs(self) -> dict[str, Any]: ...
    @property
    def needs_text(self) -> str: ...
    @property
    def confidential(self) -> bool: ...
    @property
    def status(self) -> str: ...


Job = TypeVar("Job", bound=StoredJob)


def find_job(jobs: Sequence[Job], query: str) -> Job:
    """The job ``query`` means among ``jobs`` (newest first): its id, or words of its title."""
    if not jobs:
        raise NotFound(f"no jobs yet to match {query!r}: {ADD_A_JOB}")
    text = query.strip().lstrip("#")
    if text.isdecimal():  # not isdigit: int() refuses "²"
        for job in jobs:
            if job.id == int(text):
                return job
        raise NotFound(f"no job with id {text}; `goodword job list` shows them")
    needle = text.casefold()
    matches = [j for j in jobs if needle in f"{j.title} {j.organization_name}".casefold()]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        listed = ", ".join(
            f"{j.title} at {j.organization_name or '?'} (#{j.id})" for j in matches[:5]
        )
        raise Ambiguous(f"{query!r} matches {len(matches)} jobs: {listed}; use the id")
    raise NotFound(f"no job matches {query!r}; `goodword job list` shows them")


def job_view(job: StoredJob) -> JobView:
    """The view of a stored opportunity."""
    return JobView(
        id=job.id,
        title=job.title,
        organization=job.organization_name,
        deadline=job.deadline,
        needs=Needs.from_dict(job.needs, job.needs_text),
        confidential=job.confidential,
        status=job.status,
        description=job.description,
    )


def check_kind(kind: str | None) -> None:
    """A kind of voucher given on the command line must be one goodword knows."""
    if kind is not None and kind not in KINDS:
        raise InvalidInput(f"kind {kind!r}: use reference, recommendation or referral")


def suggestion(
    job: JobView,
    scored: Scores,
    source: Session | Reader,
    *,
    owner_id: int,
    kind: str | None,
    moment: datetime,
) -> Suggestion:
    """The best set of people for ``job``, with reasons, runners-up, a bench and exclusions.

    ``scored`` holds everyone's score rows. Who was asked for other
    opportunities in the last :data:`FATIGUE_WINDOW` counts against them (ask
    fatigue). ``kind`` (reference, recommendation, referral; see
    :func:`check_kind`) overrides the job's own. A confidential job leaves
    out everyone at the owner's current employers; a referral needs someone
    at the job's organisation now. A contact who may be the owner's own other
    account (an "is this you?" in ``goodword review``) is left out until answered.
    """
    recently = reading.times_asked(
        Reader.of(source),
        owner_id,
        since=moment - FATIGUE_WINDOW,
        until=moment,
        states=ASKED,
        except_opportunity=job.id,
    )
    chosen_kind = kind or job.needs.kind
    needs = job.needs
    if chosen_kind != needs.kind:
        # The job's numbers and roles were written for another kind of voucher.
        needs = Needs(DEFAULT_COUNT[chosen_kind], chosen_kind, {}, "")
    if chosen_kind == "referral" and not job.organization:
        raise InvalidInput(
            f"job #{job.id} names no organisation: a referral needs someone who works there"
        )
    brief = Brief(
        recently_asked=recently,
        kind=chosen_kind,
        target_key=normalise.org_key(job.organization),
        target_name=job.organization,
        confidential=scored.current_organizations if job.confidential else frozenset(),
        deadline=job.deadline,
    )
    # Someone who may be your own other account is left out until `goodword review` says.
    maybe_you = reading.maybe_you(Reader.of(source), owner_id)
    reasons = {
        r.person_id: MAYBE_YOU if r.person_id in maybe_you else excluded_because(r, brief)
        for r in scored.score_rows
    }
    eligible = [r for r in scored.score_rows if reasons[r.person_id] is None]
    relevance = Relevance(
        f"{job.title}\n{job.description}",
        [(r.person_id, r.document_pieces, r.document_length) for r in eligible],
        lambda terms: scored.postings(source, terms),
    )

    def load(ids: list[int]) -> tuple[dict[int, Assessment], dict[int, Score]]:
        people = {a.person.id: a for a in scored.assessments(source, ids)}
        return people, relevance.scores(ids, lambda some: scored.documents(source, some))

    # Relevance moves a fit by 15% at most: the best fits before it are enough to
    # decide the slate, the runners-up and the bench (shortlist_among checks).
    result = shortlist_among(
        [(r.person_id, base_fit(r, brief), r.relationship) for r in eligible],
        needs,
        brief,
        load,
    )
    left_out = scored.assessments(
        source, [r.person_id for r in scored.score_rows if reasons[r.person_id]]
    )
    result.excluded = [
        (a, MAYBE_YOU if a.person.id in maybe_you else exclusion(a, brief) or "") for a in left_out
    ]
    _flag_concerns(result)
    excluded = Counter(reason.split(" (")[0] for reason in reasons.values() if reason)
    return Suggestion(
        job, result, moment, dict(excluded.most_common()), scores_held_until=scored.held_until
    )


def concerns_flag(assessment: Assessment) -> str | None:
    """``concerns they raised: …``, for someone who said yes with concerns (or noted any)."""
    concerns = assessment.satisfaction.details.get("concerns")
    if not concerns:
        return None
    return f"concerns they raised: {concerns} (talk them through before you ask)"


def _flag_concerns(result: Shortlist) -> None:
    """Put each candidate's recorded concerns among their flags, where the ask is prepared."""

    def flagged(candidate: Candidate) -> Candidate:
        flag = concerns_flag(candidate.assessment)
        if flag is None or flag in candidate.flags:
            return candidate
        return replace(candidate, flags=(flag, *candidate.flags))

    result.picks = [replace(p, candidate=flagged(p.candidate)) for p in result.picks]
    result.runners_up = [replace(r, candidate=flagged(r.candidate)) for r in result.runners_up]
    result.bench = [flagged(c) for c in result.bench]


def read_description(source: str | None) -> str:
    """A job description from a file path, or from stdin when ``source`` is ``-``."""
    if not source:
        return ""
    if source == "-":
        return sys.stdin.read()
    path = Path(source).expanduser()
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InvalidInput(f"{source}: no such file") from exc
    except (UnicodeDecodeError, IsADirectoryError) as exc:
        raise InvalidInput(f"{source}: not a UTF-8 text file") from exc
