"""Plain frozen dataclasses describing a synthetic LinkedIn network.

These are the ground truth the demo generator draws and the export writer
serialises. They carry no ORM state and import nothing from the rest of
goodword, so tests can compare what an importer or a score found with what was
really generated (a contact's true role, responsiveness, or whether the
relationship soured).

Every timestamp is a timezone-aware ``datetime`` in UTC; every month-precision
date (a position's start or end) is a ``(year, month)`` tuple.

A contact's responsiveness is not fixed for ever: a ``Contact`` may carry one
``Change`` (the tie cooled after the shared work ended, they went quiet, got
busier, or became more responsive), and ``Contact.reply_prob_at`` /
``Contact.reply_hours_at`` give the behaviour in force at a moment.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

YearMonth = tuple[int, int]
"""A month-precision date, as LinkedIn stores position dates: ``(2022, 11)``."""

Role = Literal[
    "manager",
    "report",
    "peer",
    "client",
    "mentor",
    "professor",
    "classmate",
    "recruiter",
    "acquaintance",
    "coworker",
    "self",
]
"""The contact's role towards the owner (``manager`` = the contact managed the owner).

``coworker`` = works at the owner's current employer but never worked with
them (connected because LinkedIn suggested it); ``self`` = the owner's own
second account, under exactly their name."""

ROLES: tuple[Role, ...] = (
    "manager",
    "report",
    "peer",
    "client",
    "mentor",
    "professor",
    "classmate",
    "recruiter",
    "acquaintance",
    "coworker",
    "self",
)

COLLEAGUE_ROLES: frozenset[Role] = frozenset({"manager", "report", "peer"})
"""Roles that overlap one of the owner's positions at the same organisation."""

Seniority = Literal["ic", "lead", "manager", "director", "executive"]
"""Seniority of a job title: individual contributor up to VP / C-level."""

Responsiveness = Literal["quick", "slow", "silent"]
"""A name for the contact's messaging before any ``Change``, read off ``reply_prob``
and ``median_reply_hours``: quick (80 % or more, within 12 hours), silent (under
25 %), slow otherwise."""

ChangeKind = Literal["cooled", "quiet", "busier", "warmer"]
"""How a contact's responsiveness changed: ``cooled`` = the tie faded after the
work they shared with the owner ended; ``quiet`` = stopped answering almost
entirely (changed careers, left the platform, a long leave); ``busier`` = a
bigger job or a new team, slower and less often; ``warmer`` = more responsive
(looking for work, or in a role that lives on the network)."""

Folder = Literal["INBOX", "ARCHIVE", "SPAM", ""]
"""messages.csv ``FOLDER`` values; empty is real too."""

ConversationKind = Literal["direct", "group", "sponsored", "spam", "member", "draft"]
"""``member`` = the other side shows as "LinkedIn Member" with no profile URL;
``draft`` = a conversation holding only an unsent draft by the owner."""


@dataclass(frozen=True, slots=True)
class Position:
    """One of the owner's jobs, as Positions.csv lists it (``end`` None = current)."""

    company: str
    title: str
    description: str
    location: str
    start: YearMonth
    end: YearMonth | None


@dataclass(frozen=True, slots=True)
class Education:
    """One row of Education.csv (years only, as most real exports have)."""

    school: str
    start_year: int
    end_year: int
    degree: str
    notes: str
    activities: str


@dataclass(frozen=True, slots=True)
class Owner:
    """The person whose export this is.

    ``emails`` lists the primary address first; ``email_updated_at`` is
    parallel to it. ``positions`` run oldest first, the last one ongoing.
    ``other_emails`` are addresses the owner also writes from that the export
    does not list (an old private address): mail from them is the owner's own.
    """

    first: str
    last: str
    headline: str
    summary: str
    industry: str
    location: str
    birth_date: date
    emails: tuple[str, ...]
    email_updated_at: tuple[datetime, ...]
    slug: str
    member_id: int
    registered_at: datetime
    positions: tuple[Position, ...]
    education: tuple[Education, ...]
    skills: tuple[str, ...]
    other_emails: tuple[str, ...] = ()

    @property
    def full_name(self) -> str:
        """First and last name as LinkedIn displays them."""
        return f"{self.first} {self.last}"

    @property
    def organizations(self) -> tuple[str, ...]:
        """The owner's employers in career order, each once."""
        return tuple(dict.fromkeys(p.company for p in self.positions))


@dataclass(frozen=True, slots=True)
class Change:
    """A lasting change in how a contact answers the owner.

    From ``start`` the contact moves in a straight line to ``reply_prob`` and
    ``median_reply_hours``, reaching them ``days`` later (0 = at once) and
    keeping them until the export. Ties fade over months; a new job or leaving
    the platform changes things from one day to the next.
    """

    kind: ChangeKind
    start: datetime
    days: int
    reply_prob: float
    median_reply_hours: float

    def progress(self, moment: datetime) -> float:
        """How far the change has gone at ``moment``: 0 before ``start``, 1 once complete."""
        if moment <= self.start:
            return 0.0
        if self.days <= 0:
            return 1.0
        return min(1.0, (moment - self.start) / timedelta(days=self.days))


def logit(p: float) -> float:
    """The log-odds of a probability strictly between 0 and 1."""
    return math.log(p / (1.0 - p))


def sigmoid(x: float) -> float:
    """The probability of log-odds ``x``."""
    return 1.0 / (1.0 + math.exp(-x))


QUIET_ODDS = 0.78
"""How much a quiet tie lowers the log-odds of an answer, at most: the size the
communication model measured on real LinkedIn archives for how long since the
person last wrote (``communication_default``'s ``quiet`` weight)."""
QUIET_CAP_DAYS = 1000


def quieted(chance: float, moment: datetime, heard: datetime | None) -> float:
    """``chance`` lowered for a tie quiet since ``heard`` (never heard: the most).

    The log-odds fall by :data:`QUIET_ODDS` times log(1 + days quiet) over
    log(1 + :data:`QUIET_CAP_DAYS`), capped at 1: someone who wrote to you
    yesterday answers as they do, someone silent for years far less.
    """
    if chance <= 0.0 or chance >= 1.0:
        return chance
    if heard is None:
        share = 1.0
    else:
        days = max(0.0, (moment - heard).total_seconds() / 86400)
        share = min(1.0, math.log1p(days) / math.log1p(QUIET_CAP_DAYS))
    return sigmoid(logit(chance) - QUIET_ODDS * share)


def _blend(before: float, after: float, share: float) -> float:
    """``before`` moved ``share`` of the way to ``after`` (exactly either at the ends)."""
    if share <= 0.0:
        return before
    if share >= 1.0:
        return after
    return before + (after - before) * share


@dataclass(frozen=True, slots=True)
class Contact:
    """A first-degree connection and the truth about the relationship.

    ``first_name``/``last_name`` are spelt exactly as Connections.csv shows
    them (stray spaces, credentials after a comma, emoji, mathematical
    "fancy" letters); ``clean_name`` is the plain "First Last" a correct
    normaliser should recover. ``company``/``position`` are the contact's
    *current* job. ``worked_at`` and ``overlap_*`` are set for colleagues
    (manager, report, peer) only; ``period_*`` is the span in which the
    relationship was active for every role. A ``ghost`` is a hidden or deleted
    member: Connections.csv shows only their Connected On date and nothing
    else in the export mentions them. ``responsiveness``, ``reply_prob`` and
    ``median_reply_hours`` describe the contact before any ``change``; ask
    ``reply_prob_at`` / ``reply_hours_at`` for the behaviour at a moment.
    ``closeness`` (0-1) is how close and active the tie is, which the
    responsiveness follows (see ``goodword.demo.people``); ``writes_first`` is
    the share of exchanges the contact opens unprompted.
    """

    index: int
    first_name: str
    last_name: str
    clean_first: str
    clean_last: str
    slug: str
    member_id: int
    email: str
    company: str
    position: str
    seniority: Seniority
    connected_at: datetime
    role: Role
    worked_at: str | None
    overlap_start: date | None
    overlap_end: date | None
    met_at: str
    period_start: date
    period_end: date
    responsiveness: Responsiveness
    reply_prob: float
    median_reply_hours: float
    soured: bool
    ghost: bool
    skills: tuple[str, ...]
    change: Change | None = None
    closeness: float = 0.0
    writes_first: float = 0.0

    def reply_prob_at(self, moment: datetime) -> float:
        """The chance the contact answers a message the owner sends them at ``moment``."""
        if self.change is None:
            return self.reply_prob
        return _blend(self.reply_prob, self.change.reply_prob, self.change.progress(moment))

    def writes_first_at(self, moment: datetime) -> float:
        """:attr:`writes_first` as the tie stands at ``moment``: it follows the reply chance.

        A tie that cooled or went quiet writes less in the same proportion as
        it answers less (a warmer one more, up to 0.9): the same engagement
        drives both.
        """
        if self.change is None or self.reply_prob <= 0.0:
            return self.writes_first
        return min(0.9, self.writes_first * self.reply_prob_at(moment) / self.reply_prob)

    def answers_at(self, moment: datetime, heard: datetime | None) -> float:
        """:meth:`reply_prob_at` as the tie stands: lower when it has gone quiet.

        ``heard`` is when they last wrote to the owner before ``moment``
        (None if never); see :func:`quieted`.
        """
        return quieted(self.reply_prob_at(moment), moment, heard)

    def reply_hours_at(self, moment: datetime) -> float:
        """The contact's median reply delay, in hours, for a message sent at ``moment``."""
        if self.change is None:
            return self.median_reply_hours
        return _blend(
            self.median_reply_hours, self.change.median_reply_hours, self.change.progress(moment)
        )

    @property
    def clean_name(self) -> str:
        """The plain full name ("Zoë Bašić"), without credentials, emoji or odd spacing."""
        return f"{self.clean_first} {self.clean_last}"

    @property
    def display_name(self) -> str:
        """The name as messages, invitations and group chats show it."""
        return f"{self.first_name.strip()} {self.last_name.strip()}"

    @property
    def connected_on(self) -> date:
        """The Connected On date (Connections.csv keeps no time since 2020)."""
        return self.connected_at.date()

    @property
    def overlap(self) -> tuple[date, date] | None:
        """The period the contact worked with the owner at ``worked_at``, if any."""
        if self.overlap_start is None or self.overlap_end is None:
            return None
        return (self.overlap_start, self.overlap_end)

    @property
    def is_colleague(self) -> bool:
        """True for managers, reports and peers."""
        return self.role in COLLEAGUE_ROLES


@dataclass(frozen=True, slots=True)
class Party:
    """Someone who sends or receives a LinkedIn message or invitation.

    ``slug`` is empty when the export shows no profile URL ("LinkedIn Member",
    a sponsoring company, the AI coach). ``contact`` indexes
    ``Network.contacts`` when the party is a connection.
    """

    name: str
    slug: str
    contact: int | None = None
    is_owner: bool = False
    member_id: int = 0


@dataclass(frozen=True, slots=True)
class Message:
    """One row of messages.csv. ``draft`` rows exist only in 2024-style exports."""

    sender: Party
    recipients: tuple[Party, ...]
    sent_at: datetime
    content: str
    subject: str = ""
    draft: bool = False


@dataclass(frozen=True, slots=True)
class Conversation:
    """A message thread: one per pair for 1:1 chats, plus group and system threads.

    ``messages`` run oldest first. ``participants`` excludes the owner.
    """

    id: str
    title: str
    kind: ConversationKind
    folder: Folder
    participants: tuple[Party, ...]
    messages: tuple[Message, ...]

    @property
    def is_draft(self) -> bool:
        """True when nothing in the conversation was ever sent."""
        return all(m.draft for m in self.messages)

    @property
    def last_at(self) -> datetime:
        """When the newest message was written."""
        return self.messages[-1].sent_at


@dataclass(frozen=True, slots=True)
class Recommendation:
    """A LinkedIn recommendation, received from or given to ``contact``.

    ``company``/``job_title`` are the contact's, as LinkedIn prints them;
    ``visible`` is False for given ones (their Status column is empty).
    """

    contact: int
    company: str
    job_title: str
    text: str
    created_at: datetime
    visible: bool


@dataclass(frozen=True, slots=True)
class Endorsement:
    """One skill endorsement row, received from or given to ``contact``."""

    contact: int
    skill: str
    endorsed_at: datetime
    status: Literal["ACCEPTED", "PENDING"] = "ACCEPTED"


@dataclass(frozen=True, slots=True)
class Invitation:
    """A connection invitation between the owner and ``other``."""

    other: Party
    direction: Literal["INCOMING", "OUTGOING"]
    sent_at: datetime
    message: str


@dataclass(frozen=True, slots=True)
class JobPosting:
    """An opportunity to pick references for (see ``SAMPLE_JOB``)."""

    title: str
    organization: str
    description: str
    needs: str


@dataclass(frozen=True, slots=True)
class Network:
    """A whole synthetic LinkedIn account: the owner, their contacts and activity."""

    seed: int
    export_date: date
    owner: Owner
    contacts: tuple[Contact, ...]
    conversations: tuple[Conversation, ...]
    recommendations_received: tuple[Recommendation, ...]
    recommendations_given: tuple[Recommendation, ...]
    endorsements_received: tuple[Endorsement, ...]
    endorsements_given: tuple[Endorsement, ...]
    invitations: tuple[Invitation, ...]

    @property
    def owner_party(self) -> Party:
        """The owner as a message party."""
        o = self.owner
        return Party(o.full_name, o.slug, None, True, o.member_id)

    def message_count(self, *, drafts: bool = True) -> int:
        """How many messages.csv rows the export holds (2023/2018 styles omit drafts)."""
        return sum(1 for c in self.conversations for m in c.messages if drafts or not m.draft)
