"""The plain facts the evidence stage reads: people, positions, messages, and the rest.

Frozen dataclasses and named tuples with no database in them:
:mod:`goodword.store.queries` fills them from the store, and everything
after it (evidence, choice, the faces) reads them without loading SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple


@dataclass(frozen=True, slots=True)
class PersonFact:
    """A contact as the evidence stage sees them."""

    id: int
    name: str
    organization: str
    organization_key: str
    title: str
    connected_on: date | None
    soured: bool
    soured_note: str
    do_not_ask: bool
    emails: tuple[str, ...] = ()
    linkedin: str | None = None


@dataclass(frozen=True, slots=True)
class TenureFact:
    """A period at an organisation (the owner's or a contact's).

    ``observed_on`` is the export date of the newest import that showed it:
    an open period is known to hold up to that day (see evidence.known).
    """

    id: int
    person_id: int
    kind: str
    organization: str
    organization_key: str
    title: str
    start_on: date | None
    end_on: date | None
    is_current: bool
    observed_on: date | None
    description: str = ""  # what the position says of itself ("reporting to Ana Lee")


class MessageFact(NamedTuple):
    """A message, invitation, meeting or availability signal: who, to whom, when, which thread.

    For a meeting the sender is the organiser, the recipients are the other
    attendees and ``roles`` holds each one's answer (accepted, declined,
    tentative, ...); ``ends_at`` is the meeting's end. For an out-of-office
    reply (kind "away") ``ends_at`` is the return date they gave; for a
    bounce (kind "bounced") ``folder`` is the address that bounced. A named
    tuple: a large network loads a million, and a tuple is built in a
    quarter of a frozen dataclass's time.
    """

    id: int
    kind: str
    occurred_at: datetime
    sender_id: int | None
    recipient_ids: tuple[int, ...]
    thread_key: str
    participant_count: int
    folder: str
    subject: str
    ends_at: datetime | None = None
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EndorsementFact:
    """A skill endorsement between the owner and a contact."""

    id: int
    person_id: int
    direction: str
    skill: str
    endorsed_at: datetime | None
    status: str


@dataclass(frozen=True, slots=True)
class RecommendationFact:
    """A recommendation between the owner and a contact."""

    id: int
    person_id: int
    direction: str
    organization: str
    title: str
    text: str
    created_at: datetime | None


@dataclass(frozen=True, slots=True)
class VettingFact:
    """The latest honest conversations with a contact."""

    id: int
    person_id: int
    held_on: date
    willing: str
    concerns: str
    channel: str
    questions: tuple[str, str] = ("", "")


@dataclass(frozen=True, slots=True)
class RelationshipFact:
    """A relationship the user stated (``goodword relate``)."""

    id: int
    person_id: int
    kind: str
    organization_key: str
    start_on: date | None
    end_on: date | None
    origin: str
    confidence: float
    evidence: str


@dataclass(frozen=True, slots=True)
class AskFact:
    """A request to vouch made through goodword: when it went out, and when they answered."""

    ask_id: int
    person_id: int
    asked_at: datetime
    answered_at: datetime | None
    marked_unanswered: bool = False


@dataclass(slots=True)
class Network:
    """Everything the evidence stage needs for one owner, grouped by person."""

    owner_id: int
    self_id: int
    owner_name: str
    as_of: datetime
    people: dict[int, PersonFact]
    owner_tenures: list[TenureFact]
    tenures: dict[int, list[TenureFact]] = field(default_factory=dict)
    messages: list[MessageFact] = field(default_factory=list)
    endorsements: dict[int, list[EndorsementFact]] = field(default_factory=dict)
    recommendations: dict[int, list[RecommendationFact]] = field(default_factory=dict)
    vettings: dict[int, list[VettingFact]] = field(default_factory=dict)
    relationships: dict[int, list[RelationshipFact]] = field(default_factory=dict)
    asks: dict[int, list[AskFact]] = field(default_factory=dict)
    # The export date of each source's newest import (by source kind) made by ``as_of``:
    # what each source can know (see evidence.known).
    exports: dict[str, date] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class IdentityFact:
    """An identity of a person and where it was first seen."""

    kind: str
    value: str
    source: str


@dataclass(slots=True)
class PersonRecord:
    """Every stored row about one person, for ``goodword person``."""

    person: PersonFact
    identities: list[IdentityFact]
    tenures: list[TenureFact]
    messages: list[MessageFact]
    endorsements: list[EndorsementFact]
    recommendations: list[RecommendationFact]
    vettings: list[VettingFact]
    relationships: list[RelationshipFact]


class ScoreRow(NamedTuple):
    """One person's row of kept scores without the whys: what ranking and filtering read."""

    person_id: int
    name: str
    name_key: str
    organization_key: str
    fit: float
    familiarity: float | None
    communication: float | None
    satisfaction: float | None
    satisfaction_confidence: float
    confidence: float
    soured: bool
    do_not_ask: bool
    relationship: str
    away_until: date | None
    away: bool
    document_pieces: int
    document_length: int
