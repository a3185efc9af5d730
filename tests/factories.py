"""Keyword factories for scoring scenarios: declare the evidence right above the assertion.

They build the plain facts the evidence stage reads (no database), so a
scenario reads like the problem statement::

    net = network()
    zoe = net.person("Zoë", organization="Globex")
    net.conversation(zoe, asks=10, replies=9, reply_hours=3)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from goodword.evidence.assess import Assessment, assess
from goodword.identity.normalise import name_key, org_key
from goodword.store.facts import (
    EndorsementFact,
    MessageFact,
    Network,
    PersonFact,
    RecommendationFact,
    RelationshipFact,
    TenureFact,
    VettingFact,
)

AS_OF = datetime(2026, 6, 1, tzinfo=UTC)
SELF_ID = 1
_ids = itertools.count(1000)


@dataclass
class NetworkBuilder:
    """A network under construction, owned by person 1, judged as of :data:`AS_OF`."""

    as_of: datetime = AS_OF
    net: Network = field(init=False)

    def __post_init__(self) -> None:
        self.net = Network(
            owner_id=1,
            self_id=SELF_ID,
            owner_name="Sam Rivera",
            as_of=self.as_of,
            people={},
            owner_tenures=[],
        )

    def person(
        self,
        name: str,
        *,
        organization: str = "",
        title: str = "",
        connected_on: date | None = date(2020, 1, 1),
        soured: bool = False,
        do_not_ask: bool = False,
    ) -> int:
        """Add a contact; returns their id."""
        person_id = next(_ids)
        self.net.people[person_id] = PersonFact(
            id=person_id,
            name=name,
            organization=organization,
            organization_key=org_key(organization),
            title=title,
            connected_on=connected_on,
            soured=soured,
            soured_note="",
            do_not_ask=do_not_ask,
        )
        if organization:
            self.tenure(person_id, organization, title, current=True)
        assert name_key(name)
        return person_id

    def tenure(
        self,
        person_id: int | None,
        organization: str,
        title: str = "",
        *,
        start: date | None = None,
        end: date | None = None,
        current: bool = False,
        observed: date | None = None,
        description: str = "",
    ) -> None:
        """A period at an organisation; ``person_id`` None means the owner.

        ``observed`` is the day of the export that showed it (default: an
        undated current period is seen as of the network's day).
        """
        fact = TenureFact(
            id=next(_ids),
            person_id=person_id or SELF_ID,
            kind="work",
            organization=organization,
            organization_key=org_key(organization),
            title=title,
            start_on=start,
            end_on=end,
            is_current=current,
            observed_on=observed or (self.as_of.date() if current and start is None else None),
            description=description,
        )
        if person_id is None:
            self.net.owner_tenures.append(fact)
        else:
            self.net.tenures.setdefault(person_id, []).append(fact)

    def message(
        self,
        sender: int,
        to: list[int],
        at: datetime,
        thread: str = "t",
        *,
        kind: str = "linkedin_message",
        subject: str = "",
        cc: tuple[int, ...] = (),
    ) -> None:
        """One message; use :data:`SELF_ID` for the owner (mail wants a ``subject`` to be direct).

        ``cc`` are copied rather than addressed.
        """
        self.net.messages.append(
            MessageFact(
                id=next(_ids),
                kind=kind,
                occurred_at=at,
                sender_id=sender,
                recipient_ids=(*to, *cc),
                thread_key=thread,
                participant_count=1 + len(to) + len(cc),
                folder="INBOX",
                subject=subject,
                roles=("to",) * len(to) + ("cc",) * len(cc),
            )
        )
        self.net.messages.sort(key=lambda m: m.occurred_at)

    def meeting(
        self,
        organiser: int,
        attendees: dict[int, str],
        at: datetime,
        *,
        minutes: int = 30,
    ) -> int:
        """A calendar meeting: ``attendees`` maps each guest to their answer (accepted, declined, ...)."""
        meeting_id = next(_ids)
        self.net.messages.append(
            MessageFact(
                id=meeting_id,
                kind="meeting",
                occurred_at=at,
                sender_id=organiser,
                recipient_ids=tuple(attendees),
                thread_key="",
                participant_count=1 + len(attendees),
                folder="",
                subject="sync",
                ends_at=at + timedelta(minutes=minutes),
                roles=tuple(attendees.values()),
            )
        )
        self.net.messages.sort(key=lambda m: m.occurred_at)
        return meeting_id

    def one_to_ones(
        self, person_id: int, *, count: int, organiser: int = SELF_ID, every_days: int = 14
    ) -> None:
        """``count`` accepted one-to-one meetings, ``every_days`` apart, ending a week ago."""
        moment = self.as_of - timedelta(days=7 + every_days * (count - 1))
        for _ in range(count):
            guest = person_id if organiser == SELF_ID else SELF_ID
            self.meeting(organiser, {guest: "accepted"}, moment)
            moment += timedelta(days=every_days)

    def away(self, person_id: int, at: datetime, until: datetime | None = None) -> int:
        """An out-of-office reply from them, with the return date they gave (or none)."""
        signal_id = next(_ids)
        self.net.messages.append(
            MessageFact(
                id=signal_id,
                kind="away",
                occurred_at=at,
                sender_id=person_id,
                recipient_ids=(SELF_ID,),
                thread_key="",
                participant_count=2,
                folder="",
                subject="Out of office",
                ends_at=until,
            )
        )
        self.net.messages.sort(key=lambda m: m.occurred_at)
        return signal_id

    def bounce(self, person_id: int, at: datetime, address: str = "zoe@globex.example") -> int:
        """A bounce: mail to their ``address`` came back."""
        signal_id = next(_ids)
        self.net.messages.append(
            MessageFact(
                id=signal_id,
                kind="bounced",
                occurred_at=at,
                sender_id=person_id,
                recipient_ids=(),
                thread_key="",
                participant_count=1,
                folder=address,
                subject="Undeliverable",
            )
        )
        self.net.messages.sort(key=lambda m: m.occurred_at)
        return signal_id

    def conversation(
        self,
        person_id: int,
        *,
        asks: int,
        replies: int,
        reply_hours: float = 4.0,
        start: datetime | None = None,
        every_days: int = 20,
    ) -> None:
        """``asks`` one-to-one messages from the owner, the first ``replies`` of them answered.

        Each ask opens a thread of its own (as a new email would), so it is an
        ask however soon it follows their last answer.
        """
        moment = start or self.as_of - timedelta(days=every_days * asks + 30)
        for index in range(asks):
            thread = f"dm-{person_id}-{moment:%Y%m%d%H%M}"
            self.message(SELF_ID, [person_id], moment, thread)
            if index < replies:
                self.message(person_id, [SELF_ID], moment + timedelta(hours=reply_hours), thread)
            moment += timedelta(days=every_days)

    def recommendation(
        self, person_id: int, text: str, *, year: int = 2025, given: bool = False
    ) -> None:
        """A recommendation they wrote about the owner (or, ``given``, the owner about them)."""
        self.net.recommendations.setdefault(person_id, []).append(
            RecommendationFact(
                id=next(_ids),
                person_id=person_id,
                direction="given" if given else "received",
                organization="",
                title="",
                text=text,
                created_at=datetime(year, 3, 1, tzinfo=UTC),
            )
        )

    def endorsement(self, person_id: int, *skills: str, year: int = 2025) -> None:
        """Skills they endorsed the owner for."""
        for skill in skills:
            self.net.endorsements.setdefault(person_id, []).append(
                EndorsementFact(
                    id=next(_ids),
                    person_id=person_id,
                    direction="received",
                    skill=skill,
                    endorsed_at=datetime(year, 2, 1, tzinfo=UTC),
                    status="ACCEPTED",
                )
            )

    def vetting(
        self, person_id: int, willing: str, concerns: str = "", on: date = date(2026, 5, 1)
    ) -> None:
        """The honest conversation's answer."""
        self.net.vettings.setdefault(person_id, []).append(
            VettingFact(
                id=next(_ids),
                person_id=person_id,
                held_on=on,
                willing=willing,
                concerns=concerns,
                channel="call",
            )
        )

    def relate(self, person_id: int, kind: str) -> None:
        """A relationship the user stated."""
        self.net.relationships.setdefault(person_id, []).append(
            RelationshipFact(
                id=next(_ids),
                person_id=person_id,
                kind=kind,
                organization_key="",
                start_on=None,
                end_on=None,
                origin="user",
                confidence=1.0,
                evidence="",
            )
        )

    def assess(self) -> dict[int, Assessment]:
        """Judge everyone."""
        return assess(self.net)


def network(as_of: datetime = AS_OF) -> NetworkBuilder:
    """A fresh scenario."""
    return NetworkBuilder(as_of=as_of)


def days_ago(days: float, as_of: datetime = AS_OF) -> datetime:
    """A moment ``days`` before the scenario's as-of."""
    return as_of - timedelta(days=days)
