"""Opportunities and who to ask for them: jobs, their outcomes, the suggested slate, the back-test.

A mixin of :class:`~goodword.service.facade.Service`. ``suggest`` turns a
job into a brief (its kind, organisation, confidentiality, deadline and who
was asked lately) and lets :mod:`goodword.choose.shortlist` pick the slate;
``evaluate`` checks the communication score against your own history.
"""

from __future__ import annotations

from datetime import date

from goodword.choose.needs import parse_needs
from goodword.errors import InvalidInput
from goodword.evidence.backtest import SHARES, Backtest, backtest, default_cuts, shortfall
from goodword.service import scores
from goodword.service.base import ServiceBase
from goodword.service.slates import KINDS, job_view
from goodword.service.views import JobView, Suggestion, as_of_moment
from goodword.store.jobs import add_opportunity, opportunities, set_outcome
from goodword.store.owner import local_owner
from goodword.store.queries import load_network

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
            return job_view(job)

    def jobs(self) -> list[JobView]:
        """Every opportunity, newest first."""
        with self.store.session() as session:
            owner = local_owner(session)
            return [job_view(job) for job in opportunities(session, owner)]

    def job_outcome(self, job_query: str, status: str, note: str = "") -> JobView:
        """Record where an opportunity stands: applied, interviewing, offer, hired, rejected ..."""
        wanted = status.strip().lower()
        if wanted not in JOB_STATUSES:
            raise InvalidInput(f"outcome {status!r}: use one of {', '.join(JOB_STATUSES)}")
        with self.store.session() as session:
            job = self._find_job(session, local_owner(session), job_query)
            set_outcome(job, wanted, note.strip())
            return job_view(job)

    def suggest(
        self, job_query: str, *, as_of: date | None = None, kind: str | None = None
    ) -> Suggestion:
        """The best set of people for a job, with reasons, runners-up, a bench and exclusions.

        ``kind`` (reference, recommendation, referral) overrides the job's own
        (see :func:`goodword.service.slates.suggestion`).
        """
        return scores.suggest(job_query, kind=kind, as_of=as_of, service=self)

    # -- trust

    def evaluate(
        self, *, split: date | None = None, until: date | None = None, cuts: int | None = None
    ) -> Backtest:
        """Back-test the communication score on your own history (see evidence.backtest).

        ``split`` makes one cut at that date; otherwise ``cuts`` (default 3)
        rolling cuts over the later part of your asks.
        """
        if split is not None and cuts is not None:
            raise InvalidInput("use --split for one cut or --cuts for several, not both")
        if cuts is not None and cuts < 1:
            raise InvalidInput(f"--cuts {cuts}: use 1 or more")
        end = as_of_moment(until)
        with self.store.session() as session:
            owner = local_owner(session)
            network = load_network(session, owner, end)
        if split is not None:
            moment = as_of_moment(split)
            if moment >= end:
                raise InvalidInput(
                    f"--split {moment:%Y-%m-%d} must come before --until {end:%Y-%m-%d} "
                    "(today if not given): pick an earlier --split"
                )
            moments = [moment]
        else:
            moments = default_cuts(network.messages, network.self_id, end, cuts or len(SHARES))
        result = backtest(network.messages, network.self_id, moments, end) if moments else None
        missing = shortfall(result)
        if missing is not None or result is None:
            raise InvalidInput(missing or "nothing to back-test")
        return result
