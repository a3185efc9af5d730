"""Opportunities and who to ask for them: jobs, their outcomes, the suggested slate, the back-test.

A mixin of :class:`~goodword.service.facade.Service`. ``suggest`` turns a
job into a brief (its kind, organisation, confidentiality, deadline and who
was asked lately) and lets :mod:`goodword.choose.shortlist` pick the slate;
``evaluate`` checks the communication score against your own history.
"""

from __future__ import annotations

import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from goodword.choose.needs import DEFAULT_COUNT, Needs, parse_needs
from goodword.choose.shortlist import (
    Brief,
    base_fit,
    excluded_because,
    exclusion,
    shortlist_among,
)
from goodword.errors import InvalidInput
from goodword.evidence.assess import Assessment
from goodword.evidence.backtest import Backtest, backtest, default_split
from goodword.evidence.relevance import Relevance
from goodword.evidence.score import Score
from goodword.identity import normalise
from goodword.service.base import ServiceBase
from goodword.service.views import JobView, Suggestion, as_of_moment
from goodword.store import models as m
from goodword.store.asks import times_asked
from goodword.store.jobs import add_opportunity, opportunities, set_outcome
from goodword.store.owner import local_owner
from goodword.store.queries import load_network
from goodword.workflow import asks as asks_flow

KINDS = ("reference", "recommendation", "referral")
FATIGUE_WINDOW = timedelta(days=182)
JOB_STATUSES = ("open", "applied", "interviewing", "offer", "hired", "rejected", "withdrawn")


class JobActions(ServiceBase):
    """``add_job``, ``jobs``, ``job_outcome``, ``suggest`` and ``evaluate`` for :class:`Service`."""

    # -- jobs

    def add_job(
        self,
        *,
        title: str,
        organization: str = "",
        description: str = "",
        deadline: date | None = None,
        needs: str = "",
        kind: str = "reference",
        confidential: bool = False,
    ) -> JobView:
        """Record an opportunity; ``needs`` like "3 references, 1 supervisor"."""
        if not title.strip():
            raise InvalidInput("a job needs a title (--title)")
        if kind not in KINDS:
            raise InvalidInput(f"kind {kind!r}: use reference, recommendation or referral")
        parsed = parse_needs(needs, default_kind=kind)
        with self.store.session() as session:
            job = add_opportunity(
                session,
                local_owner(session),
                title=title.strip(),
                organization=organization.strip(),
                description=description,
                deadline=deadline,
                needs_text=needs.strip(),
                needs=parsed.as_dict(),
                kind=parsed.kind,
                confidential=confidential,
            )
            return _job_view(job)

    def jobs(self) -> list[JobView]:
        """Every opportunity, newest first."""
        with self.store.session() as session:
            owner = local_owner(session)
            return [_job_view(job) for job in opportunities(session, owner)]

    def job_outcome(self, job_query: str, status: str, note: str = "") -> JobView:
        """Record where an opportunity stands: applied, interviewing, offer, hired, rejected ..."""
        wanted = status.strip().lower()
        if wanted not in JOB_STATUSES:
            raise InvalidInput(f"outcome {status!r}: use one of {', '.join(JOB_STATUSES)}")
        with self.store.session() as session:
            job = self._find_job(session, local_owner(session), job_query)
            set_outcome(job, wanted, note.strip())
            return _job_view(job)

    def suggest(
        self, job_query: str, *, as_of: date | None = None, kind: str | None = None
    ) -> Suggestion:
        """The best set of people for a job, with reasons, runners-up, a bench and exclusions.

        ``kind`` (reference, recommendation, referral) overrides the job's own.
        A confidential job leaves out everyone at the owner's current
        employers; a referral needs someone at the job's organisation now.
        """
        if kind is not None and kind not in KINDS:
            raise InvalidInput(f"kind {kind!r}: use reference, recommendation or referral")
        moment = as_of_moment(as_of)
        with self.store.session() as session:
            owner = local_owner(session)
            job = _job_view(self._find_job(session, owner, job_query))
            scored = self._scores(session, moment, as_of)
            recently = times_asked(
                session,
                owner,
                since=moment - FATIGUE_WINDOW,
                until=moment,
                states=asks_flow.ASKED,
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
            reasons = {r.person_id: excluded_because(r, brief) for r in scored.standings}
            eligible = [r for r in scored.standings if reasons[r.person_id] is None]
            relevance = Relevance(
                f"{job.title}\n{job.description}",
                [(r.person_id, r.document_pieces, r.document_length) for r in eligible],
                lambda terms: scored.postings(session, terms),
            )

            def load(ids: list[int]) -> tuple[dict[int, Assessment], dict[int, Score]]:
                people = {a.person.id: a for a in scored.assessments(session, ids)}
                return people, relevance.scores(ids, lambda some: scored.documents(session, some))

            # Relevance moves a fit by 15% at most: the best fits before it are enough to
            # decide the slate, the runners-up and the bench (shortlist_among checks).
            result = shortlist_among(
                [(r.person_id, base_fit(r, brief), r.relationship) for r in eligible],
                needs,
                brief,
                load,
            )
            left_out = scored.assessments(
                session, [r.person_id for r in scored.standings if reasons[r.person_id]]
            )
        result.excluded = [(a, exclusion(a, brief) or "") for a in left_out]
        excluded = Counter(reason.split(" (")[0] for reason in reasons.values() if reason)
        return Suggestion(
            job, result, moment, dict(excluded.most_common()), scores_held_until=scored.held_until
        )

    # -- trust

    def evaluate(self, *, split: date | None = None, until: date | None = None) -> Backtest:
        """Back-test the communication score on your own history (see evidence.backtest)."""
        end = as_of_moment(until)
        with self.store.session() as session:
            owner = local_owner(session)
            network = load_network(session, owner, end)
        moment = (
            as_of_moment(split) if split else default_split(network.messages, network.self_id, end)
        )
        if moment >= end:
            raise InvalidInput(f"the split ({moment:%Y-%m-%d}) must come before {end:%Y-%m-%d}")
        result = backtest(network.messages, network.self_id, moment, end)
        if result.asks_before == 0:
            raise InvalidInput(
                f"no direct messages of yours before {moment:%Y-%m-%d} to learn from; "
                "import your messages or choose a later --split"
            )
        return result


def _job_view(job: m.Opportunity) -> JobView:
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
