"""Opportunities and who to ask for them: jobs, their outcomes, the suggested slate, the back-test.

A mixin of :class:`~goodword.service.facade.Service`. ``suggest`` turns a
job into a brief (its kind, organisation, confidentiality, deadline and who
was asked lately) and lets :mod:`goodword.choose.shortlist` pick the slate;
``evaluate`` checks the communication score against your own history.
"""

from __future__ import annotations

from datetime import date, datetime

from goodword.choose.needs import parse_needs
from goodword.errors import InvalidInput
from goodword.evidence.backtest import Backtest, backtest, default_split
from goodword.evidence.threads import exchanges
from goodword.service.base import ServiceBase
from goodword.service.slates import KINDS, check_kind, job_view, suggestion
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
        check_kind(kind)
        moment = as_of_moment(as_of)
        with self.store.session() as session:
            owner = local_owner(session)
            job = job_view(self._find_job(session, owner, job_query))
            scored = self._scores(session, moment, as_of)
            return suggestion(job, scored, session, owner_id=owner.id, kind=kind, moment=moment)

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
        if split and moment >= end:
            raise InvalidInput(
                f"--split {moment:%Y-%m-%d} must come before --until {end:%Y-%m-%d} "
                "(today unless given)"
            )
        if moment >= end:
            raise InvalidInput(_too_little_history(0, end))
        result = backtest(network.messages, network.self_id, moment, end)
        if result.asks_before == 0:
            if not split:
                sent = [m for m in network.messages if m.occurred_at < end]
                asks = exchanges(sent, network.self_id, end).values()
                raise InvalidInput(_too_little_history(sum(len(e.asks) for e in asks), end))
            raise InvalidInput(
                f"no direct messages of yours before {moment:%Y-%m-%d} to learn from; "
                "choose a later --split"
            )
        return result


def _too_little_history(asks: int, end: datetime) -> str:
    """What ``eval`` needs when the history holds too few of the owner's direct messages."""
    found = "none" if not asks else f"only {asks}"
    return (
        "eval needs more of your own history: direct messages you sent, some before a split "
        f"to learn from and some after to judge, and found {found} up to {end:%Y-%m-%d}; "
        "import your messages (a LinkedIn export with messages.csv, or a mail archive) with "
        "`goodword import PATH`, then run `goodword eval` again"
    )
