"""What you hand over or send: the prep brief, the references sheet, message drafts, sending.

A mixin of :class:`~goodword.service.facade.Service`. Each gathers the
facts of one job, one person and you from the store, then
:mod:`goodword.documents` writes the words; sending goes through your own
SMTP server (:mod:`goodword.workflow.outbox`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from goodword.errors import InvalidInput
from goodword.evidence.assess import Assessment, assess
from goodword.service.base import ServiceBase
from goodword.service.views import BriefView, DraftView, SheetView, as_of_moment
from goodword.store import models as m
from goodword.store.asks import ask_rows
from goodword.store.facts import Network
from goodword.store.owner import local_owner, owner_identities
from goodword.store.queries import load_network
from goodword.workflow.vetting import refuse_if_no

if TYPE_CHECKING:
    from goodword.documents import assemble

# The documents (layout, templates) and the outbox load in the methods that write or send
# one: `goodword people` should not pay for them.

AGREED_STATES = frozenset({"agreed", "briefed", "used", "thanked"})
HONEST_CONVERSATION = "honest-conversation"  # asking again is how a "no" can change


class DocumentActions(ServiceBase):
    """``prep``, ``sheet``, ``draft`` and ``send`` for :class:`Service`."""

    def _context(
        self, session: Session, owner: m.Owner, job_query: str, person_query: str, as_of: datetime
    ) -> tuple[assemble.Job, assemble.Owner, Network, Assessment]:
        job = self._find_job(session, owner, job_query)
        person_id = self._find_person(session, owner, person_query)
        network = load_network(session, owner, as_of)
        me = _owner_facts(session, owner)
        facts = _job_facts(job)
        return facts, me, network, assess(network)[person_id]

    def prep(
        self,
        job_query: str,
        person_query: str,
        *,
        as_of: date | None = None,
        anyway: bool = False,
    ) -> BriefView:
        """The prep brief for one person and one job, built from the evidence.

        Refused for someone who said no in the honest conversation, unless
        ``anyway``. It thanks them for agreeing only once their ask says they
        agreed; their concerns, if any, come with it for you (never in it).
        """
        with self.store.session() as session:
            owner = local_owner(session)
            job, me, network, assessment = self._context(
                session, owner, job_query, person_query, as_of_moment(as_of)
            )
            person_id = assessment.person.id
            answer = self._answers(session, owner, [person_id]).get(person_id)
            refuse_if_no(assessment.person.name, answer, "write them a prep brief", anyway=anyway)
            agreed = any(
                row.person_id == person_id and row.state in AGREED_STATES
                for row in ask_rows(session, owner, opportunity_id=job.id)
            )
        from goodword.documents import assemble

        brief = assemble.prep_brief(network, assessment, job, me, agreed=agreed)
        return BriefView(brief, answer.concerns_line(assessment.person.name) if answer else None)

    def sheet(
        self,
        job_query: str,
        names: list[str] | None = None,
        *,
        on: date | None = None,
        anyway: bool = False,
    ) -> SheetView:
        """The references sheet for a job: the people named, or everyone who agreed.

        Refused while anyone on it said no in their latest honest
        conversation, unless ``anyway``.
        """
        day = on or datetime.now(UTC).date()
        with self.store.session() as session:
            owner = local_owner(session)
            job = self._find_job(session, owner, job_query)
            rows = ask_rows(session, owner, opportunity_id=job.id)
            if names:
                ids = [self._find_person(session, owner, name) for name in names]
            else:
                ids = [row.person_id for row in rows if row.state in AGREED_STATES]
            shared = {
                row.person_id: (row.shared_contacts, row.preferred_contact)
                for row in rows
                if row.kind == job.kind
            }
            if not ids:
                raise InvalidInput(
                    f"nobody has agreed to vouch for {job.title!r} yet: record it with "
                    "`goodword ask JOB NAME --to agreed`, or name people for the sheet"
                )
            answers = self._answers(session, owner, ids)
            for pid in ids:
                refuse_if_no(
                    self._person_name(session, pid),
                    answers.get(pid),
                    "list them on the references sheet",
                    anyway=anyway,
                )
            network = load_network(session, owner, as_of_moment(day))
            me = _owner_facts(session, owner)
        from goodword.documents import assemble

        sheet = assemble.references_sheet(
            network, assess(network), ids, _job_facts(job), me, prepared_on=day, shared=shared
        )
        return SheetView(sheet)

    def draft(
        self,
        kind: str,
        job_query: str,
        person_query: str,
        *,
        template_dir: Path | None = None,
        anyway: bool = False,
    ) -> DraftView:
        """A message draft (honest-conversation, ask, follow-up, thank-you) from the templates.

        Someone who said no in the honest conversation gets no draft but a
        new honest conversation, unless ``anyway``.
        """
        with self.store.session() as session:
            owner = local_owner(session)
            job, me, network, assessment = self._context(
                session, owner, job_query, person_query, datetime.now(UTC)
            )
            person_id = assessment.person.id
            answer = self._answers(session, owner, [person_id]).get(person_id)
            if kind != HONEST_CONVERSATION:
                refuse_if_no(
                    assessment.person.name, answer, f"draft the {kind} message", anyway=anyway
                )
            rows = [
                row
                for row in ask_rows(session, owner, opportunity_id=job.id)
                if row.person_id == assessment.person.id
            ]
        asked = [at.date() for row in rows for at, _, state, _ in row.events if state == "asked"]
        shared = [value for row in rows for kind, value in row.shared_contacts if kind == "email"]
        from goodword.documents import assemble
        from goodword.documents.messages import render_draft, user_template_dir
        from goodword.workflow.outbox import sender

        context = assemble.message_context(
            network, assessment, job, me, first_asked_on=asked[0] if asked else None
        )
        if context.email is None and shared:
            # The address they gave for this opportunity, when the evidence had none.
            context = replace(context, email=shared[0])
        folder = template_dir or user_template_dir(self.settings)
        draft = render_draft(kind, context, folder if folder.is_dir() else None)
        from_name, from_email = me.name, me.email
        if self.settings.mail_from:
            from_name, from_email = sender(self.settings, me.name)
        concerns = answer.concerns_line(assessment.person.name) if answer else None
        return DraftView(draft, from_name, from_email, concerns)

    def send(self, view: DraftView) -> str:
        """Send a draft through the user's own SMTP server; returns the Message-ID."""
        from goodword.workflow.outbox import send

        return send(view.draft, self.settings, from_name=view.from_name)


def _owner_facts(session: Session, owner: m.Owner) -> assemble.Owner:
    from goodword.documents import assemble

    identities = owner_identities(session, owner)
    return assemble.Owner(
        name=owner.name,
        headline=str(owner.profile.get("headline", "")),
        skills=tuple(str(x) for x in owner.profile.get("skills", [])),
        email=next((v for k, v in identities if k == "email"), None),
    )


def _job_facts(job: m.Opportunity) -> assemble.Job:
    from goodword.documents import assemble

    return assemble.Job(
        job.id, job.title, job.organization_name, job.deadline, job.description, job.kind
    )
