"""Meetings as evidence of working together, and what their pattern says of the relationship.

A calendar meeting counts when it was small enough to work in — one-to-one,
or at most :data:`SMALL_MEETING` people — the owner was among them and
neither the owner nor the person declined. Recurring one-to-ones with the
same person (:data:`RECURRING_ONE_TO_ONES` or more, spread over at least
:data:`RECURRING_SPAN_DAYS` days) are what managers hold with their reports
and close peers with each other: when the owner organised nearly all of them
the person was likely the owner's report, when the person did they were
likely the owner's manager, and a mix suggests a close peer.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from goodword.store.facts import MessageFact

SMALL_MEETING = 4  # people, the owner included
RECURRING_ONE_TO_ONES = 6
RECURRING_SPAN_DAYS = 56
ORGANISER_SHARE = 0.75  # who organises this share of the one-to-ones sets the direction
DECLINED = "declined"


@dataclass(slots=True)
class Meetings:
    """The small meetings the owner and one person attended together."""

    one_to_one: int = 0
    small: int = 0
    organised_by_owner: int = 0  # of the one-to-ones
    organised_by_them: int = 0
    first_at: datetime | None = None
    last_at: datetime | None = None
    last_id: int | None = None
    ids: list[int] = field(default_factory=list)

    @property
    def count(self) -> int:
        """Every small meeting, one-to-ones included."""
        return self.one_to_one + self.small


def _attending(message: MessageFact, person_id: int) -> bool:
    """Did ``person_id`` take part: they organised it, or were invited and did not decline."""
    if message.sender_id == person_id:
        return True
    for index, attendee in enumerate(message.recipient_ids):
        if attendee == person_id:
            role = message.roles[index] if index < len(message.roles) else ""
            return role != DECLINED
    return False


def small_meetings(messages: list[MessageFact], self_id: int) -> dict[int, Meetings]:
    """Per person, the one-to-one and small meetings they shared with the owner (time-sorted input)."""
    found: dict[int, Meetings] = defaultdict(Meetings)
    for message in messages:
        if message.kind != "meeting" or message.participant_count > SMALL_MEETING:
            continue
        if not _attending(message, self_id):
            continue
        others = {message.sender_id, *message.recipient_ids} - {self_id, None}
        for person_id in others:
            assert person_id is not None
            if not _attending(message, person_id):
                continue
            seen = found[person_id]
            if message.participant_count <= 2:
                seen.one_to_one += 1
                if message.sender_id == self_id:
                    seen.organised_by_owner += 1
                elif message.sender_id == person_id:
                    seen.organised_by_them += 1
            else:
                seen.small += 1
            if seen.first_at is None:
                seen.first_at = message.occurred_at
            seen.last_at, seen.last_id = message.occurred_at, message.id
            seen.ids.append(message.id)
    return dict(found)


def pattern(seen: Meetings | None) -> tuple[str, str] | None:
    """(relationship kind, why) read from recurring one-to-ones, or None when there is no pattern."""
    if seen is None or seen.one_to_one < RECURRING_ONE_TO_ONES:
        return None
    assert seen.first_at is not None and seen.last_at is not None
    if (seen.last_at - seen.first_at).days < RECURRING_SPAN_DAYS:
        return None
    span = f"{seen.first_at:%Y-%m} to {seen.last_at:%Y-%m}"
    organised = seen.organised_by_owner + seen.organised_by_them
    if organised and seen.organised_by_owner >= ORGANISER_SHARE * organised:
        return (
            "report",
            f"{seen.one_to_one} one-to-one meetings {span}, "
            f"{seen.organised_by_owner} of them organised by you",
        )
    if organised and seen.organised_by_them >= ORGANISER_SHARE * organised:
        return (
            "manager",
            f"{seen.one_to_one} one-to-one meetings {span}, "
            f"{seen.organised_by_them} of them organised by them",
        )
    return "peer", f"{seen.one_to_one} one-to-one meetings {span}, organised by both of you"
