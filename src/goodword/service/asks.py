"""Asking people to vouch: the pipeline of asks, what is due, and the reminders as a calendar.

A mixin of :class:`~goodword.service.facade.Service`. The legal steps of an
ask live in :mod:`goodword.workflow.asks`; here each change is checked
against them, stored, and given the day to look at it next, and letters
agreed but not yet submitted get reminders before their deadline.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from goodword.errors import InvalidInput
from goodword.service.base import ServiceBase
from goodword.service.scores.rescore import rescoring
from goodword.service.slates import KINDS
from goodword.service.views import AskView, as_of_moment
from goodword.store import models as m
from goodword.store.asks import (
    AskRow,
    ask_rows,
    create_ask,
    find_ask,
    move_ask,
    share_contacts,
)
from goodword.store.jobs import opportunities
from goodword.store.owner import local_owner
from goodword.workflow import asks as asks_flow
from goodword.workflow import vetting
from goodword.workflow.asks import normal_state
from goodword.workflow.vetting import Answer, refuse_if_no

LETTER_PENDING = frozenset({"agreed", "briefed"})
LETTER_REMINDERS = (7, 1)
# Where an ask waits on a next step that a "no" in the honest conversation stops.
SAID_NO_STOPS = frozenset({"proposed", "vetted", "asked", "no-answer", "agreed", "briefed"})


class AskActions(ServiceBase):
    """``ask``, ``asks``, ``due`` and ``reminders_ics`` for :class:`Service`."""

    def ask(
        self,
        job_query: str,
        names: list[str],
        *,
        to: str | None = None,
        kind: str | None = None,
        note: str = "",
        on: date | None = None,
        share: dict[str, str] | None = None,
        prefer: str | None = None,
        anyway: bool = False,
    ) -> list[AskView]:
        """Propose asks for people on a job, or move them to ``to`` (proposed if new).

        An ask cannot jump states, with one convenience: asking someone whose
        honest conversation is recorded (yes, or yes with concerns) passes
        through "vetted" on the way. Someone who said no is not asked: only
        closing their ask (declined, withdrawn, thanked) goes, unless
        ``anyway`` (then asking them passes through "vetted" too). ``share``
        records the contact details the person agreed the employer may use
        (``{"email": ...}``), ``prefer`` how they like to be reached; the
        references sheet shows only those.
        """
        if prefer is not None and share is not None and prefer not in share:
            raise InvalidInput(
                f"--prefer {prefer!r}: share that contact too (--share {prefer}=...)"
            )
        if not names:
            raise InvalidInput("name at least one person to ask")
        target = normal_state(to) if to else None
        if kind is not None and kind not in KINDS:
            raise InvalidInput(f"kind {kind!r}: use reference, recommendation or referral")
        moment = as_of_moment(on) if on else datetime.now(UTC)
        touched: list[int] = []
        with self.store.session() as session:
            owner = local_owner(session)
            job = self._find_job(session, owner, job_query)
            chosen_kind = kind or job.kind
            with rescoring(session, owner) as touch:
                for name in names:
                    person_id = self._find_person(session, owner, name)
                    answer = self._answers(session, owner, [person_id]).get(person_id)
                    if target not in vetting.CLOSING_STATES:
                        doing = f"ask them for {job.title!r}" if target else "propose asking them"
                        refuse_if_no(
                            self._person_name(session, person_id), answer, doing, anyway=anyway
                        )
                    touch(person_id)
                    ask = find_ask(session, owner, person_id, job.id, chosen_kind)
                    if ask is None:
                        due_on, _ = asks_flow.due("proposed", moment.date())
                        ask = create_ask(
                            session,
                            owner,
                            person_id=person_id,
                            opportunity_id=job.id,
                            kind=chosen_kind,
                            at=moment,
                            due_on=due_on,
                            note=note if target is None else "",
                        )
                    if target is not None and target != ask.state:
                        vetted = answer is not None and (answer.willing != "no" or anyway)
                        if ask.state == "proposed" and target == "asked" and vetted:
                            advance(session, ask, "vetted", moment, note)
                        advance(session, ask, target, moment, note)
                    if share or prefer is not None:
                        share_contacts(ask, share or {}, prefer)
                    touched.append(ask.id)
                session.flush()
            return self._views(session, owner, ask_rows(session, owner, ask_ids=touched))

    def asks(self, job_query: str | None = None) -> list[AskView]:
        """The pipeline: every ask (of one job, or all), with its state and what is due."""
        with self.store.session() as session:
            owner = local_owner(session)
            job_id = self._find_job(session, owner, job_query).id if job_query else None
            return self._views(session, owner, ask_rows(session, owner, opportunity_id=job_id))

    def due(self, on: date | None = None) -> list[AskView]:
        """What to do by ``on`` (default today), oldest first.

        Each waiting ask's next step (follow up with the silent, brief the
        agreed, thank the used), and for letters not yet submitted a reminder
        from 7 days, then 1 day, before the deadline until the deadline.
        """
        day = on or datetime.now(UTC).date()
        views, deadlines = self._pipeline()
        found = [view for view in views if view.due_on is not None and view.due_on <= day]
        for view in views:
            current = [
                r for r in _letter_reminders(view, deadlines) if r.due_on and r.due_on <= day
            ]
            deadline = deadlines.get(view.job_id)
            if current and deadline is not None and day <= deadline:
                found.append(current[-1])
        return sorted(found, key=lambda view: (view.due_on or day, view.person))

    def next_due(self, on: date | None = None) -> AskView | None:
        """The first thing due after ``on`` (default today): what :meth:`due` will show next."""
        day = on or datetime.now(UTC).date()
        views, deadlines = self._pipeline()
        later = [view for view in views if view.due_on is not None and view.due_on > day]
        for view in views:
            deadline = deadlines.get(view.job_id)
            later.extend(
                r
                for r in _letter_reminders(view, deadlines)
                if r.due_on and r.due_on > day and deadline is not None and r.due_on <= deadline
            )
        return min(later, key=lambda view: (view.due_on or day, view.person), default=None)

    def reminders_ics(self, *, since: date | None = None) -> bytes:
        """Every reminder from ``since`` (default today) on, as an iCalendar file's bytes."""
        # icalendar loads in a fiftieth of a second that no other command needs.
        from goodword.documents.calendar import Reminder, reminders_ics

        day = since or datetime.now(UTC).date()
        views, deadlines = self._pipeline()
        items = [view for view in views if view.due_on is not None]
        for view in views:
            items.extend(
                r for r in _letter_reminders(view, deadlines) if r.due_on and r.due_on >= day
            )
        return reminders_ics(
            [
                Reminder(
                    day=max(view.due_on, day),
                    uid=f"goodword-ask-{view.id}-{view.state}-{view.due_on:%Y%m%d}@goodword",
                    summary=f"{view.next_action} ({view.person}, {view.job})",
                    description=f"{view.kind} for {view.job}; the ask is {view.state}. Record what "
                    f"happens with: goodword ask {view.job_id} {view.person_id} --to STATE",
                )
                for view in items
                if view.due_on is not None
            ]
        )

    def _views(self, session: Session, owner: m.Owner, rows: list[AskRow]) -> list[AskView]:
        """The asks as views, each with its person's honest-conversation answer."""
        answers = self._answers(session, owner, sorted({row.person_id for row in rows}))
        return [_ask_view(row, answers.get(row.person_id)) for row in rows]

    def _pipeline(self) -> tuple[list[AskView], dict[int, date | None]]:
        with self.store.session() as session:
            owner = local_owner(session)
            views = self._views(session, owner, ask_rows(session, owner))
            deadlines = {job.id: job.deadline for job in opportunities(session, owner)}
        return views, deadlines


def _letter_reminders(view: AskView, deadlines: dict[int, date | None]) -> list[AskView]:
    """For a letter agreed but not yet submitted: reminders 7 days and 1 day before the deadline."""
    deadline = deadlines.get(view.job_id)
    if view.kind != "recommendation" or deadline is None or view.state not in LETTER_PENDING:
        return []
    return [
        replace(
            view,
            due_on=deadline - timedelta(days=days),
            next_action=f"remind {view.person}: the letter is due {deadline:%d %B %Y}",
        )
        for days in LETTER_REMINDERS
    ]


def advance(session: Session, ask: m.Ask, step: str, at: datetime, note: str) -> None:
    """Move an ask one legal step, setting when to look at it next."""
    asks_flow.check(ask.state, step)
    due_on, _ = asks_flow.due(step, at.date())
    move_ask(session, ask, to=step, at=at, due_on=due_on, note=note)


def _ask_view(row: AskRow, answer: Answer | None = None) -> AskView:
    _, action = asks_flow.due(row.state, row.since.date())
    if action and answer is not None and answer.said_no and row.state in SAID_NO_STOPS:
        # Never "send the ask" to someone who said no since it was proposed.
        action = f"they said no on {answer.held_on:%Y-%m-%d}: withdraw the ask"
    return AskView(
        id=row.id,
        person_id=row.person_id,
        person=row.person,
        job_id=row.opportunity_id,
        job=row.opportunity,
        kind=row.kind,
        state=row.state,
        since=row.since,
        due_on=row.due_on,
        next_action=action,
        events=row.events,
        answer=answer,
    )
