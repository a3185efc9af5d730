"""What the documents stage takes in: plain frozen dataclasses the workflow fills in.

Nothing here knows about the database; :mod:`goodword.documents.layout` lays
these out and :mod:`goodword.documents.pdf` writes the layout as a PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

from goodword.errors import InvalidInput

VoucherKind = Literal["reference", "recommendation", "referral"]
VOUCHER_KINDS: tuple[str, ...] = get_args(VoucherKind)

# -- inputs ----------------------------------------------------------------


@dataclass(frozen=True)
class Opportunity:
    """The job, programme or fellowship the person is vouching for."""

    title: str
    organization: str
    deadline: date | None
    description: str


@dataclass(frozen=True)
class Story:
    """A piece of shared work the reference saw first-hand, with where the evidence came from."""

    when: str
    text: str
    source: str


@dataclass(frozen=True)
class Fact:
    """A tenure the reference can confirm; ``mismatch`` says how the two records differ."""

    organization: str
    title: str
    start: str
    end: str
    their_view: str | None = None
    mismatch: str | None = None


@dataclass(frozen=True)
class PrepBrief:
    """Everything the prep brief for one reference, recommender or referrer needs."""

    reference_name: str
    relationship: str
    kind: VoucherKind
    opportunity: Opportunity
    owner_name: str
    owner_headline: str
    expected_contact: str
    stories: tuple[Story, ...] = ()
    confirmable: tuple[Fact, ...] = ()
    highlights: tuple[str, ...] = ()
    agreed: bool = False  # they said yes to this ask: only then does the brief thank them for it

    def __post_init__(self) -> None:
        if self.kind not in VOUCHER_KINDS:
            raise InvalidInput(
                f"Unknown kind of voucher {self.kind!r}; use one of: {', '.join(VOUCHER_KINDS)}."
            )
        if not self.reference_name.strip():
            raise InvalidInput("The prep brief needs the reference's name; it is empty.")


@dataclass(frozen=True)
class SheetEntry:
    """One person on the references sheet, with only the contacts they agreed to share."""

    name: str
    title: str
    organization: str
    relationship: str
    period: str
    contacts: tuple[tuple[str, str], ...]
    preferred: str


@dataclass(frozen=True)
class ReferencesSheet:
    """The employer-facing list of references for one opportunity."""

    owner_name: str
    owner_contact: str
    opportunity_title: str
    organization: str
    prepared_on: date
    entries: tuple[SheetEntry, ...]

    def __post_init__(self) -> None:
        if not self.entries:
            raise InvalidInput(
                "The references sheet has nobody on it; add at least one person who agreed to vouch."
            )
