"""Fill the documents from evidence: the prep brief, the references sheet, a message's context.

Everything here reads the facts the evidence stage reads (a loaded
:class:`~goodword.store.queries.Network`) plus one person's assessment; it
decides what a reference can speak to and confirm, and leaves the layout to
:mod:`goodword.documents.brief`, :mod:`~goodword.documents.sheet` and
:mod:`~goodword.documents.messages`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from goodword.documents.inputs import (
    Fact,
    Opportunity,
    PrepBrief,
    ReferencesSheet,
    SheetEntry,
    Story,
)
from goodword.documents.messages import MessageContext
from goodword.evidence.assessment import Assessment
from goodword.evidence.relationships import shared_tenures
from goodword.evidence.threads import CHANNEL_NAMES, CONVERSATION_KINDS
from goodword.store.facts import Network, TenureFact

MAX_STORIES = 12


@dataclass(frozen=True, slots=True)
class Job:
    """The opportunity as the documents need it."""

    id: int
    title: str
    organization: str
    deadline: date | None
    description: str
    kind: str


@dataclass(frozen=True, slots=True)
class Owner:
    """Who is asking: name, headline, skills, one email (if known)."""

    name: str
    headline: str
    skills: tuple[str, ...]
    email: str | None


def _span(start: date | None, end: date | None, current: bool) -> str:
    left = f"{start:%Y}" if start else "?"
    right = "now" if current else (f"{end:%Y}" if end else "?")
    return f"{left}–{right}"


def _years(start: date | None, end: date | None, today: date) -> str:
    if not start:
        return ""
    months = (((end or today).year - start.year) * 12 + (end or today).month - start.month) or 1
    if months < 12:
        return f"{months} months"
    years = round(months / 12)
    return f"{years} year{'s' if years != 1 else ''}"


def worked_together(network: Network, person_id: int) -> str:
    """Where and when the owner and this person were at the same organisation."""
    places = []
    for own, _theirs in shared_tenures(network, person_id):
        places.append(f"{own.organization}, {_span(own.start_on, own.end_on, own.is_current)}")
    return "; ".join(dict.fromkeys(places))


def stories(network: Network, person_id: int) -> list[Story]:
    """The shared-work evidence this person can speak to, newest first."""
    found: list[tuple[str, Story]] = []
    for own, theirs in shared_tenures(network, person_id):
        when = _span(own.start_on, own.end_on, own.is_current)
        found.append(
            (
                (own.end_on or network.as_of.date()).isoformat(),
                Story(
                    when,
                    f"we were both at {own.organization} (me: {own.title or 'title unknown'}; "
                    f"you: {theirs.title or 'title unknown'})",
                    f"positions (tenure #{theirs.id})",
                ),
            )
        )
    for recommendation in network.recommendations.get(person_id, []):
        if recommendation.direction != "received" or not recommendation.created_at:
            continue
        excerpt = recommendation.text.strip()
        excerpt = excerpt if len(excerpt) <= 220 else excerpt[:217].rsplit(" ", 1)[0] + "…"
        found.append(
            (
                recommendation.created_at.date().isoformat(),
                Story(
                    f"{recommendation.created_at:%Y-%m}",
                    f"you wrote about my work: “{excerpt}”",
                    f"LinkedIn recommendation #{recommendation.id}",
                ),
            )
        )
    by_year: Counter[tuple[int, str]] = Counter()
    last_id: dict[tuple[int, str], int] = {}
    for message in network.messages:
        if message.kind not in CONVERSATION_KINDS:
            continue
        involved = message.sender_id == person_id or person_id in message.recipient_ids
        if involved and network.self_id in (message.sender_id, *message.recipient_ids):
            key = (message.occurred_at.year, message.kind)
            by_year[key] += 1
            last_id[key] = message.id
    for (year, kind), count in by_year.items():
        channel = CHANNEL_NAMES[kind]
        found.append(
            (
                f"{year}-12-31",
                Story(
                    str(year),
                    f"{count} message{'s' if count != 1 else ''} between us {channel}",
                    f"messages {channel} (latest #{last_id[(year, kind)]})",
                ),
            )
        )
    skills = sorted(
        {e.skill for e in network.endorsements.get(person_id, []) if e.direction == "received"}
    )
    if skills:
        endorsed = [e for e in network.endorsements[person_id] if e.direction == "received"]
        when_at = max((e.endorsed_at for e in endorsed if e.endorsed_at), default=None)
        found.append(
            (
                when_at.date().isoformat() if when_at else "",
                Story(
                    f"{when_at:%Y-%m}" if when_at else "",
                    f"you endorsed my {', '.join(skills)}",
                    f"LinkedIn endorsements (#{endorsed[0].id})",
                ),
            )
        )
    found.sort(key=lambda pair: pair[0], reverse=True)
    return [story for _, story in found[:MAX_STORIES]]


def _their_tenure(theirs: TenureFact) -> str:
    if theirs.start_on or theirs.end_on:
        return f"{theirs.title or 'title unknown'}, {_span(theirs.start_on, theirs.end_on, theirs.is_current)}"
    return f"{theirs.title or 'title unknown'} (current, dates unknown)"


def confirmable(network: Network, person_id: int, assessment: Assessment) -> list[Fact]:
    """The owner's positions this person can confirm, with mismatches between the records."""
    facts: list[Fact] = []
    seen: set[int] = set()
    for own, theirs in shared_tenures(network, person_id):
        if own.id in seen:
            continue
        seen.add(own.id)
        mismatch = None
        if theirs.start_on and own.end_on and theirs.start_on > own.end_on:
            mismatch = (
                f"you joined {own.organization} in {theirs.start_on:%Y-%m}, after I left "
                f"({own.end_on:%Y-%m}): you may only know my work there second-hand"
            )
        elif theirs.end_on and own.start_on and theirs.end_on < own.start_on:
            mismatch = (
                f"you left {own.organization} in {theirs.end_on:%Y-%m}, before I joined "
                f"({own.start_on:%Y-%m})"
            )
        facts.append(
            Fact(
                organization=own.organization,
                title=own.title or "title not recorded",
                start=f"{own.start_on:%Y-%m}" if own.start_on else "",
                end="" if own.is_current or not own.end_on else f"{own.end_on:%Y-%m}",
                their_view=_their_tenure(theirs),
                mismatch=mismatch,
            )
        )
    relation = assessment.relationship
    if (
        relation
        and relation.organization_key
        and not any(t.organization_key == relation.organization_key for t in network.owner_tenures)
    ):
        facts.append(
            Fact(
                organization=relation.organization_key,
                title="",
                start="",
                end="",
                their_view=f"my {relation.kind}",
                mismatch="I noted we worked together there, but it is not among my positions: "
                "tell me how you would describe it",
            )
        )
    return facts


def relationship_line(network: Network, person_id: int, assessment: Assessment) -> str:
    """``manager at Globex, 2019–2023`` — or what is known of it."""
    relation = assessment.relationship
    where = worked_together(network, person_id)
    if relation and where:
        return f"{relation.kind}, {where}"
    if relation:
        return relation.kind
    return f"we worked together at {where}" if where else "we are connected on LinkedIn"


def highlights(network: Network, owner: Owner) -> list[str]:
    """The owner's current highlights: current positions, headline, top skills."""
    found = [
        f"now {t.title or 'working'} at {t.organization} (since {t.start_on:%Y})"
        if t.start_on
        else f"now {t.title or 'working'} at {t.organization}"
        for t in network.owner_tenures
        if t.kind == "work" and t.is_current
    ]
    if owner.headline:
        found.append(owner.headline)
    if owner.skills:
        found.append("skills: " + ", ".join(owner.skills[:8]))
    return found


def prep_brief(
    network: Network, assessment: Assessment, job: Job, owner: Owner, *, agreed: bool = False
) -> PrepBrief:
    """The prep brief for one person and one opportunity.

    ``agreed``: they said yes to this ask, so the brief may thank them for agreeing.
    """
    person_id = assessment.person.id
    who = job.organization or "the employer"
    if job.kind == "recommendation":
        expected = "the letter request from " + who
        expected += f", to be submitted by {job.deadline:%d %B %Y}" if job.deadline else ""
    elif job.kind == "referral":
        expected = f"my application through {who}'s referral form, once you refer me"
    else:
        expected = f"a call or email from {who}'s recruiter or a reference-check service"
        expected += f", likely in the weeks after {job.deadline:%d %B %Y}" if job.deadline else ""
    return PrepBrief(
        reference_name=assessment.person.name,
        relationship=relationship_line(network, person_id, assessment),
        kind=job.kind if job.kind in ("reference", "recommendation", "referral") else "reference",  # type: ignore[arg-type]
        opportunity=Opportunity(job.title, job.organization, job.deadline, job.description),
        owner_name=owner.name,
        owner_headline=owner.headline,
        expected_contact=expected,
        stories=tuple(stories(network, person_id)),
        confirmable=tuple(confirmable(network, person_id, assessment)),
        highlights=tuple(highlights(network, owner)),
        agreed=agreed,
    )


def sheet_entry(
    network: Network,
    assessment: Assessment,
    contacts: tuple[tuple[str, str], ...] = (),
    preferred: str = "",
) -> SheetEntry:
    """One person on the references sheet, with only the contacts they agreed to share."""
    person = assessment.person
    pairs = shared_tenures(network, person.id)
    period = ""
    if pairs:
        own = pairs[0][0]
        length = _years(own.start_on, own.end_on, network.as_of.date())
        period = ", ".join(
            x for x in (length, _span(own.start_on, own.end_on, own.is_current)) if x
        )
    elif person.connected_on:
        period = f"known since {person.connected_on:%Y}"
    return SheetEntry(
        name=person.name,
        title=person.title,
        organization=person.organization,
        relationship=relationship_line(network, person.id, assessment),
        period=period,
        contacts=contacts,
        preferred=preferred or (contacts[0][0] if contacts else "through me, the candidate"),
    )


def references_sheet(
    network: Network,
    assessed: dict[int, Assessment],
    person_ids: list[int],
    job: Job,
    owner: Owner,
    prepared_on: date,
    shared: dict[int, tuple[tuple[tuple[str, str], ...], str]] | None = None,
) -> ReferencesSheet:
    """The employer-facing sheet: each person with the contacts they agreed to share."""
    agreed = shared or {}
    return ReferencesSheet(
        owner_name=owner.name,
        owner_contact=owner.email or "",
        opportunity_title=job.title,
        organization=job.organization,
        prepared_on=prepared_on,
        entries=tuple(
            sheet_entry(network, assessed[pid], *agreed.get(pid, ((), ""))) for pid in person_ids
        ),
    )


def message_context(
    network: Network,
    assessment: Assessment,
    job: Job,
    owner: Owner,
    first_asked_on: date | None = None,
) -> MessageContext:
    """What a message to this person about this job can be personalised from."""
    person = assessment.person
    worked_on = [
        f"our time at {own.organization} ({_span(own.start_on, own.end_on, own.is_current)})"
        for own, _ in shared_tenures(network, person.id)
    ]
    worked_on += [
        f"the recommendation you wrote me in {r.created_at:%Y}"
        for r in network.recommendations.get(person.id, [])
        if r.direction == "received" and r.created_at
    ]
    return MessageContext(
        owner_name=owner.name,
        first_name=person.name.split(" ")[0] if person.name else "",
        full_name=person.name,
        owner_email=owner.email,
        email=person.emails[0] if person.emails else None,
        relationship=assessment.relationship.kind if assessment.relationship else "",
        worked_on=tuple(worked_on[:3]),
        worked_together=worked_together(network, person.id),
        title=job.title,
        organization=job.organization,
        deadline=job.deadline,
        opportunity_kind=job.kind,
        first_asked_on=first_asked_on,
    )
