"""Availability: is this person away, or has their address stopped working?

Two kinds of signal are stored as interactions by the mail importer: an
out-of-office reply (kind "away", ``ends_at`` the return date they gave) and
a bounce (kind "bounced", ``folder`` the address that bounced). A person is
*away* when their latest out-of-office reply names a return date after the
as-of day, or, without a date, came within :data:`AWAY_WITHOUT_DATE_DAYS`
days. Their address *bounced* when a bounce is the latest word from them by
mail: no email of theirs came after it. Both only inform — the reply score is
unchanged — but a bounce lowers the communication confidence (the address
you would use may be dead) and the shortlist prefers people back before the
job's deadline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from goodword.store.facts import MessageFact, PersonFact

AWAY_WITHOUT_DATE_DAYS = 7
SIGNAL_KINDS = frozenset({"away", "bounced"})


@dataclass(frozen=True, slots=True)
class Availability:
    """Away until a date, or an address that bounced; with the stored signal behind it."""

    status: str  # "away" or "bounced"
    since: date
    signal_id: int
    until: date | None = None
    address: str = ""
    organization: str = ""

    def describe(self) -> str:
        """For the why line: ``away until 2026-06-20`` or ``address bounced on …``."""
        if self.status == "away":
            if self.until is not None:
                return f"away until {self.until:%Y-%m-%d} (out-of-office reply on {self.since:%Y-%m-%d})"
            return f"away: out-of-office reply on {self.since:%Y-%m-%d} gave no return date"
        where = f" (may have left {self.organization})" if self.organization else ""
        what = self.address or "their address"
        return f"{what} bounced on {self.since:%Y-%m-%d}{where}"

    def away_past(self, day: date) -> bool:
        """Away beyond ``day``: a return date after it, or no return date at all."""
        return self.status == "away" and (self.until is None or self.until > day)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (the ``availability`` field of communication)."""
        return {
            "status": self.status,
            "since": self.since.isoformat(),
            "until": self.until.isoformat() if self.until else None,
            "address": self.address or None,
            "why": self.describe(),
            "evidence_id": self.signal_id,
        }


def availability(
    messages: list[MessageFact], people: dict[int, PersonFact], as_of: datetime
) -> dict[int, Availability]:
    """Per person, what their latest signals say of their availability on the as-of day."""
    day = as_of.date()
    latest_away: dict[int, MessageFact] = {}
    latest_bounce: dict[int, MessageFact] = {}
    latest_sent: dict[int, datetime] = {}
    for message in messages:
        sender = message.sender_id
        if sender is None:
            continue
        if message.kind == "away":
            latest_away[sender] = message
        elif message.kind == "bounced":
            latest_bounce[sender] = message
        elif message.kind == "email":
            latest_sent[sender] = message.occurred_at
    found: dict[int, Availability] = {}
    for person_id, bounce in latest_bounce.items():
        wrote = latest_sent.get(person_id)
        if wrote is not None and wrote > bounce.occurred_at:
            continue  # they wrote after the bounce: it was passing, or they moved address
        person = people.get(person_id)
        found[person_id] = Availability(
            "bounced",
            bounce.occurred_at.date(),
            bounce.id,
            address=bounce.folder,
            organization=person.organization if person else "",
        )
    for person_id, away in latest_away.items():
        if person_id in found:
            continue  # a dead address says more than an old auto-reply
        until = away.ends_at.date() if away.ends_at else None
        if until is not None and until <= day:
            continue
        if until is None and (day - away.occurred_at.date()).days > AWAY_WITHOUT_DATE_DAYS:
            continue
        found[person_id] = Availability("away", away.occurred_at.date(), away.id, until=until)
    return found
