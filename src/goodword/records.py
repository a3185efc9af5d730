"""Plain records that importers emit and the loader consumes.

Importers never touch the database: they turn files into these frozen
dataclasses (plus :class:`Skip` and :class:`Problem` events, so every input
row is accounted for), and :mod:`goodword.store.load` writes them. A record
names people by :class:`PersonRef` — what the file said about them — and the
loader resolves refs to stored people.
"""

from __future__ import annotations

import calendar
import hashlib
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from operator import attrgetter
from typing import Any, Literal, TypeVar

Direction = Literal["received", "given"]
Severity = Literal["info", "warning", "error"]


_T = TypeVar("_T")


def _compact_pickle(cls: type[_T]) -> type[_T]:
    """Pickle ``cls`` as its class and field values: records cross between processes by the
    million (see ``sources.mail.background``), and a dataclass's default pickling is twice as slow.
    """
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    # attrgetter reads the fields in C; given a single name it returns the value alone.
    values = attrgetter(*names)
    single = len(names) == 1

    def reduce(self: Any) -> tuple[type[_T], tuple[Any, ...]]:
        return (cls, (values(self),) if single else values(self))

    cls.__reduce__ = reduce  # type: ignore[method-assign]
    return cls


def digest(*parts: object) -> str:
    """A short stable hash of ``parts``, used for natural keys."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


@_compact_pickle
@dataclass(frozen=True, slots=True)
class Origin:
    """Where a record came from: the file (as named in the input) and its row."""

    file: str
    row: int | None = None

    def __str__(self) -> str:
        return self.file if self.row is None else f"{self.file}:{self.row}"


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known only to the year or the month, as LinkedIn positions give them."""

    year: int
    month: int | None = None

    def first_day(self) -> date:
        """The earliest day this partial date can mean."""
        return date(self.year, self.month or 1, 1)

    def last_day(self) -> date:
        """The latest day this partial date can mean."""
        if self.month is None:
            return date(self.year, 12, 31)
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def __str__(self) -> str:
        return f"{self.year}" if self.month is None else f"{self.year}-{self.month:02d}"


@_compact_pickle
@dataclass(frozen=True, slots=True)
class PersonRef:
    """How an input row names a person; any field may be missing.

    ``linkedin`` is a normalised profile key (``linkedin.com/in/<slug>``),
    ``email`` a normalised address, ``urn`` a ``urn:li:member:N`` value,
    ``phone`` a normalised number.
    ``organization`` helps tell apart people with the same name.
    ``is_owner`` marks a ref the importer knows to be the owner.
    """

    name: str
    linkedin: str | None = None
    email: str | None = None
    urn: str | None = None
    organization: str | None = None
    first_name: str = ""
    last_name: str = ""
    is_owner: bool = False
    phone: str | None = None

    def is_attributable(self) -> bool:
        """True when the ref names someone goodword can keep apart from others."""
        return bool(self.linkedin or self.email or self.urn or self.phone or self.name.strip())


@dataclass(frozen=True, slots=True)
class OwnerProfile:
    """The owner's own profile facts (LinkedIn Profile.csv)."""

    first_name: str
    last_name: str
    headline: str
    summary: str
    industry: str
    origin: Origin


@dataclass(frozen=True, slots=True)
class OwnerIdentity:
    """An identity of the owner: an email address or a LinkedIn profile key."""

    kind: Literal["email", "linkedin", "urn"]
    value: str
    origin: Origin
    primary: bool = False
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class OwnerSkill:
    """A skill the owner lists (LinkedIn Skills.csv)."""

    name: str
    origin: Origin


@dataclass(frozen=True, slots=True)
class Connection:
    """A contact the owner is connected to, with what the export says of them now."""

    person: PersonRef
    organization: str
    title: str
    connected_on: date | None
    origin: Origin


@dataclass(frozen=True, slots=True)
class Tenure:
    """A period at an organisation: work or study. ``person`` None means the owner."""

    person: PersonRef | None
    kind: Literal["work", "education"]
    organization: str
    title: str
    start: PartialDate | None
    end: PartialDate | None
    current: bool
    origin: Origin
    description: str = ""
    location: str = ""


@_compact_pickle
@dataclass(frozen=True, slots=True)
class Message:
    """One message between people: a LinkedIn message today, mail later.

    ``sender`` is None when the row cannot be attributed (it is then skipped
    before it reaches the loader). ``recipients`` excludes the sender;
    ``roles`` says beside each whether it was addressed (``to``) or copied
    (``cc``); empty means all addressed.
    """

    key: str
    thread_key: str
    occurred_at: datetime
    sender: PersonRef
    recipients: tuple[PersonRef, ...]
    subject: str
    folder: str
    channel: Literal["linkedin_message", "linkedin_invitation", "email"]
    origin: Origin
    has_text: bool = True
    roles: tuple[str, ...] = ()


Response = Literal["accepted", "declined", "tentative", "needs-action", "delegated", ""]


@_compact_pickle
@dataclass(frozen=True, slots=True)
class Attendee:
    """Someone invited to a meeting, and how they answered the invitation."""

    person: PersonRef
    response: Response = ""


@_compact_pickle
@dataclass(frozen=True, slots=True)
class Meeting:
    """One occurrence of a calendar event (a recurring event gives one per instance).

    ``key`` is stable across re-imports (the event UID plus the instance's
    start). ``attendees`` excludes the organizer and rooms or resources; times
    are timezone-aware UTC.
    """

    key: str
    title: str
    starts_at: datetime
    ends_at: datetime | None
    organizer: PersonRef | None
    attendees: tuple[Attendee, ...]
    origin: Origin
    status: str = "confirmed"
    calendar: str = ""


@dataclass(frozen=True, slots=True)
class Card:
    """A contact from an address book (vCard or Google Contacts CSV).

    ``person`` carries the name and the first email; ``emails`` and
    ``phones`` are every normalised address and number on the card.
    """

    person: PersonRef
    emails: tuple[str, ...]
    phones: tuple[str, ...]
    organization: str
    title: str
    origin: Origin
    linkedin: str | None = None


@_compact_pickle
@dataclass(frozen=True, slots=True)
class Availability:
    """An automatic signal about a person: away (out-of-office) or a bounced address.

    ``until`` is the return date an out-of-office reply states, when it
    states one. ``address`` is the address that bounced.
    """

    key: str
    kind: Literal["away", "bounced"]
    person: PersonRef
    at: datetime
    origin: Origin
    until: date | None = None
    address: str = ""
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Endorsement:
    """A skill endorsement, received by the owner or given by them."""

    direction: Direction
    person: PersonRef
    skill: str
    endorsed_at: datetime | None
    status: str
    origin: Origin


@dataclass(frozen=True, slots=True)
class Recommendation:
    """A written recommendation, received by the owner or given by them."""

    direction: Direction
    person: PersonRef
    organization: str
    title: str
    text: str
    created_at: datetime | None
    status: str
    origin: Origin


@_compact_pickle
@dataclass(frozen=True, slots=True)
class Skip:
    """A row deliberately not imported, and why (counted in the summary)."""

    reason: str
    origin: Origin


@_compact_pickle
@dataclass(frozen=True, slots=True)
class Problem:
    """A row goodword could not use as it stands, with its location.

    ``error`` rows were not imported; ``warning`` rows were, without the bad part.
    """

    message: str
    origin: Origin
    severity: Severity = "error"
    code: str = "malformed"


Record = (
    OwnerProfile
    | OwnerIdentity
    | OwnerSkill
    | Connection
    | Tenure
    | Message
    | Meeting
    | Card
    | Availability
    | Endorsement
    | Recommendation
    | Skip
    | Problem
)


@dataclass(slots=True)
class FileReport:
    """What happened to one input file: rows read, records made, skips, problems.

    Every row lands in exactly one of ``records``, ``skipped`` or
    ``problems`` (rows rejected); ``warnings`` counts records that were
    kept with a problem noted (a bad date left out, say).
    """

    name: str
    kind: str
    used: bool = True
    rows: int = 0
    records: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    problems: int = 0
    warnings: int = 0
    note: str = ""

    def skip(self, reason: str) -> None:
        """Count one skipped row under ``reason``."""
        self.skipped[reason] = self.skipped.get(reason, 0) + 1
