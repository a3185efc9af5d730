"""Who you know: everyone scored and sorted, one person with all their evidence, your judgements.

A mixin of :class:`~goodword.service.facade.Service`. The scores come from
:mod:`goodword.service.scores`; ``vet``, ``flag`` and ``relate`` record what
only you know (the honest conversation, a soured relationship, what someone
is to you) and return the person re-scored.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from goodword.errors import InvalidInput, NotFound
from goodword.evidence.assessment import Assessment
from goodword.evidence.relationships import KINDS as RELATIONSHIP_KINDS
from goodword.service import scores
from goodword.service.asks import advance
from goodword.service.base import ServiceBase
from goodword.service.listing import PeopleListing, PeopleQuery
from goodword.service.scores.compute import from_store
from goodword.service.scores.rescore import rescoring
from goodword.service.views import PersonDetail, as_of_moment
from goodword.store import models as m
from goodword.store.asks import open_asks
from goodword.store.facts import Network
from goodword.store.judgements import record_vetting, set_flags, state_relationship
from goodword.store.owner import local_owner
from goodword.store.queries import load_network, person_messages, person_record
from goodword.workflow import vetting


class PeopleActions(ServiceBase):
    """``people``, ``person`` and your judgements (``vet``, ``flag``, ``relate``) for Service."""

    def _network(self, session: Session, as_of: datetime) -> tuple[m.Owner, Network]:
        owner = local_owner(session)
        return owner, load_network(session, owner, as_of)

    def people(
        self,
        *,
        as_of: date | None = None,
        sort: str = "fit",
        organization: str | None = None,
        search: str | None = None,
        minimum: dict[str, float] | None = None,
        limit: int | None = None,
    ) -> list[Assessment]:
        """Everyone judged on the three criteria, filtered and sorted.

        Ranks everyone's score row (the numbers only) and builds the full
        assessments of the people returned only: ``limit`` keeps a call cheap.
        """
        return self.people_page(
            as_of=as_of,
            sort=sort,
            organization=organization,
            search=search,
            minimum=minimum,
            limit=limit,
        ).people

    def people_page(
        self,
        query: PeopleQuery | None = None,
        *,
        as_of: date | None = None,
        sort: str = "fit",
        organization: str | None = None,
        search: str | None = None,
        minimum: dict[str, float] | None = None,
        limit: int | None = None,
        page: int = 1,
    ) -> PeopleListing:
        """One page of :meth:`people` and how many match in all.

        Asks ``query`` (a :class:`~goodword.service.listing.PeopleQuery`), or
        the query the options of :meth:`people` make; the same as the facade's
        :func:`~goodword.service.scores.people_page`.
        """
        if query is None:
            query = PeopleQuery.of(
                as_of=as_of,
                sort=sort,
                organization=organization,
                search=search,
                minimum=minimum,
                limit=limit,
                page=page,
            )
        return scores.people_page(query, service=self)

    def refresh_scores(self) -> int:
        """Score everyone now and keep their scores; returns how many people were scored.

        An import ends with this, so that the first ``people`` or ``suggest``
        after it answers from kept scores instead of scoring everyone itself.
        """
        with self.store.session() as session:
            _owner, scored = from_store(session, datetime.now(UTC), keep=True)
            return len(scored.score_rows)

    def person(self, query: str, *, as_of: date | None = None) -> PersonDetail:
        """One person by id or name, with all their evidence."""
        moment = as_of_moment(as_of)
        # One snapshot: an import committing meanwhile cannot show a person without their rows.
        with self.store.session(snapshot=True) as session:
            owner = local_owner(session)
            person_id = self._find_person(session, owner, query)
            scored = scores.answer(  # their row alone
                lambda found: found.scores,
                as_of=as_of,
                score_rows=False,
                service=self,
                session=session,
            )
            assessment = scored.one(session, person_id)
            if assessment is None:
                raise NotFound(f"person #{person_id} has no evidence before {moment:%Y-%m-%d}")
            # Only this person's rows: the scores came from the whole network above.
            network = load_network(session, owner, moment, {person_id}, with_messages=False)
            messages = person_messages(session, owner, person_id, moment)
            record = person_record(network, session, person_id, messages)
        return PersonDetail(assessment, record, network.self_id, scored.held_until)

    # -- judgements the user records

    def vet(
        self,
        query: str,
        *,
        willing: str,
        concerns: str = "",
        channel: str = "",
        held_on: date | None = None,
    ) -> PersonDetail:
        """Record the honest conversation with a person; returns them re-scored."""
        answer = vetting.ANSWERS.get(willing.strip().lower())
        if answer is None:
            raise InvalidInput(f"--willing {willing!r}: answer yes, concerns, no or not-yet")
        if answer == "concerns" and not concerns.strip():
            raise InvalidInput("say what the concerns are, in their words: --concerns TEXT")
        with self.store.session() as session:
            owner = local_owner(session)
            person_id = self._find_person(session, owner, query)
            day = held_on or datetime.now(UTC).date()
            with rescoring(session, owner) as touch:
                touch(person_id)
                record_vetting(
                    session,
                    owner,
                    person_id,
                    held_on=day,
                    willing=answer,
                    concerns=concerns.strip(),
                    channel=channel.strip(),
                    questions=(vetting.RECOMMEND, vetting.CONCERNS),
                )
                # Asks waiting on this conversation move on: vetted, or declined on a "no".
                step = {"yes": "vetted", "concerns": "vetted", "no": "declined"}.get(answer)
                if step:
                    moment = as_of_moment(day) if held_on else datetime.now(UTC)
                    for ask in open_asks(session, owner, person_id, state="proposed"):
                        advance(session, ask, step, moment, "honest conversation")
        return self.person(str(person_id))

    def flag(
        self,
        query: str,
        *,
        soured: bool | None = None,
        do_not_ask: bool | None = None,
        note: str | None = None,
    ) -> PersonDetail:
        """Mark a relationship as soured (or not) and a person as not to be asked (or not)."""
        if soured is None and do_not_ask is None and note is None:
            raise InvalidInput(
                "nothing to change: use --soured, --not-soured, --do-not-ask or --may-ask"
            )
        with self.store.session() as session:
            owner = local_owner(session)
            person_id = self._find_person(session, owner, query)
            with rescoring(session, owner) as touch:
                touch(person_id)
                set_flags(
                    session,
                    owner,
                    person_id,
                    soured=soured,
                    do_not_ask=do_not_ask,
                    note=None if note is None else note.strip(),
                )
        return self.person(str(person_id))

    def relate(
        self,
        query: str,
        *,
        kind: str | None,
        organization: str = "",
        start: date | None = None,
        end: date | None = None,
    ) -> PersonDetail:
        """State what a person is to you (manager, peer, ...); None clears what you stated."""
        if kind is not None and kind not in RELATIONSHIP_KINDS:
            raise InvalidInput(f"relationship {kind!r}: use one of {', '.join(RELATIONSHIP_KINDS)}")
        with self.store.session() as session:
            owner = local_owner(session)
            person_id = self._find_person(session, owner, query)
            with rescoring(session, owner) as touch:
                touch(person_id)
                state_relationship(
                    session,
                    owner,
                    person_id,
                    kind=kind,
                    organization=organization.strip(),
                    start=start,
                    end=end,
                )
        return self.person(str(person_id))
