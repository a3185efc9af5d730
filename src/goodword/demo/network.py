"""Build a deterministic synthetic LinkedIn network: ``build_network(seed)``.

The same ``seed``, ``contacts`` and ``export_date`` always give an equal
``Network`` (``random.Random(seed)`` and generators seeded from it drive
everything; no clock, no global random state). The network holds ground truth
the importer and scores can be checked against: each contact's role, overlap,
responsiveness (and how it changed over time) and whether the relationship
soured. ``SAMPLE_JOB`` is an opportunity to pick references for.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from random import Random
from typing import Literal

from goodword.demo import names, texts
from goodword.demo._dates import at_midnight, random_instant
from goodword.demo.conversations import contact_party, make_conversations, outsider
from goodword.demo.people import IdAllocator, make_contacts, make_owner, with_changes
from goodword.demo.texts import SAMPLE_JOB
from goodword.demo.truth import (
    Contact,
    Endorsement,
    Invitation,
    Network,
    Owner,
    Recommendation,
    Role,
)

__all__ = ["SAMPLE_JOB", "build_network"]

_RECOMMENDER_WEIGHTS: dict[Role, float] = {
    "manager": 3.0,
    "peer": 2.0,
    "client": 2.0,
    "report": 1.0,
    "professor": 1.0,
    "mentor": 1.0,
}
_ENDORSE_ODDS: dict[Role, float] = {
    "manager": 0.5,
    "report": 0.5,
    "peer": 0.45,
    "client": 0.3,
    "mentor": 0.3,
    "professor": 0.2,
    "classmate": 0.2,
    "recruiter": 0.02,
    "acquaintance": 0.03,
    "coworker": 0.04,
    "self": 0.0,
}
BURST_SKILLS = 22
"""How many skills the burst endorser endorses in one day (a real case had 22)."""
Direction = Literal["INCOMING", "OUTGOING"]
_NUMBERS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven")


def _duration(start: date, end: date) -> str:
    """Spell a span the way people write it: "eight months", "two years"."""
    months = max(1, round((end - start).days / 30.4))
    if months < 12:
        return f"{_NUMBERS[months - 1]} month{'s' * (months > 1)}"
    years = min(10, round(months / 12))
    return "a year" if years == 1 else f"{_NUMBERS[years - 1]} years"


def _tidy(text: str) -> str:
    """Drop the doubled full stop of "at Acme Analytics Inc.." (keep a real ellipsis)."""
    return re.sub(r"(?<!\.)\.\.(?!\.)", ".", text)


def _weighted_sample(
    rng: Random, items: list[Contact], weights: list[float], k: int
) -> list[Contact]:
    """Sample ``k`` items without replacement, proportionally to ``weights``."""
    keyed = sorted(
        ((rng.random() ** (1.0 / w), c.index, c) for c, w in zip(items, weights, strict=True)),
        reverse=True,
    )
    return [c for _, _, c in keyed[:k]]


def _recommendations_received(
    rng: Random, owner: Owner, contacts: list[Contact], end: datetime
) -> list[Recommendation]:
    eligible = [
        c for c in contacts if not c.ghost and not c.soured and c.role in _RECOMMENDER_WEIGHTS
    ]
    k = min(len(eligible), max(3, min(40, round(len(contacts) * 0.025))))
    chosen = _weighted_sample(rng, eligible, [_RECOMMENDER_WEIGHTS[c.role] for c in eligible], k)
    out = []
    for c in chosen:
        org = c.worked_at or c.met_at
        if c.role in ("professor", "mentor"):
            lo = at_midnight(c.period_end if c.role == "professor" else c.period_start)
            hi = lo + timedelta(days=365 * 2)
        else:
            lo = at_midnight(c.period_end) - timedelta(days=60)
            hi = at_midnight(c.period_end) + timedelta(days=120)
        lo = max(lo, c.connected_at + timedelta(days=1))
        created = random_instant(rng, min(lo, end), min(max(hi, lo), end))
        template = rng.choice(texts.RECOMMENDATIONS[c.role])
        text = template.format(
            owner=owner.first,
            years=_duration(c.period_start, c.period_end),
            org=org,
            topic=rng.choice(names.TOPICS),
        )
        out.append(Recommendation(c.index, c.company, c.position, _tidy(text), created, True))
    return sorted(out, key=lambda r: r.created_at)


def _recommendations_given(
    rng: Random, contacts: list[Contact], end: datetime
) -> list[Recommendation]:
    eligible = [
        c for c in contacts if c.role in ("report", "peer") and not c.ghost and not c.soured
    ]
    out = []
    for c in rng.sample(eligible, min(2, len(eligible))):
        template = rng.choice(texts.GIVEN_RECOMMENDATIONS[c.role])
        text = template.format(
            name=c.clean_first,
            years=_duration(c.period_start, c.period_end),
            org=c.worked_at,
            topic=rng.choice(names.TOPICS),
        )
        created = random_instant(rng, c.connected_at, end)
        out.append(Recommendation(c.index, c.company, c.position, _tidy(text), created, False))
    return sorted(out, key=lambda r: r.created_at)


def _burst(
    rng: Random, owner: Owner, contacts: list[Contact], talked: set[int], end: datetime
) -> list[Endorsement]:
    """``BURST_SKILLS`` endorsements in one day by an acquaintance the owner never wrote to.

    Endorsing a stack of skills at once, prompted by LinkedIn, says little
    about what the endorser knows of the owner's work.
    """
    pool = [
        c
        for c in contacts
        if c.role == "acquaintance" and not c.ghost and not c.soured and c.index not in talked
    ]
    if not pool or len(owner.skills) < BURST_SKILLS:
        return []
    who = rng.choice(pool)
    t = random_instant(
        rng, max(who.connected_at, end - timedelta(days=400)), end - timedelta(days=2)
    )
    out = []
    for skill in rng.sample(owner.skills, BURST_SKILLS):
        out.append(Endorsement(who.index, skill, t))
        t += timedelta(seconds=rng.randint(2, 90))
    return out


def _endorsements(
    rng: Random, owner: Owner, contacts: list[Contact], talked: set[int], end: datetime
) -> tuple[list[Endorsement], list[Endorsement]]:
    """(received, given), each oldest first; the newest received one is PENDING."""
    received: list[Endorsement] = _burst(rng, owner, contacts, talked, end)
    given: list[Endorsement] = []
    bursting = {e.contact for e in received}
    for c in contacts:
        if c.index in bursting:
            continue
        if c.ghost or c.soured:
            continue
        if rng.random() < _ENDORSE_ODDS[c.role]:
            t = random_instant(rng, c.connected_at, end - timedelta(minutes=5))
            for skill in rng.sample(owner.skills, rng.randint(1, 4)):
                received.append(Endorsement(c.index, skill, t))
                t += timedelta(seconds=rng.randint(1, 20))
        if c.is_colleague and rng.random() < 0.2:
            t = random_instant(rng, c.connected_at, end - timedelta(minutes=5))
            for skill in rng.sample(c.skills, rng.randint(1, 3)):
                given.append(Endorsement(c.index, skill, t))
                t += timedelta(seconds=rng.randint(1, 20))
    received.sort(key=lambda e: e.endorsed_at)
    given.sort(key=lambda e: e.endorsed_at)
    if received:
        received[-1] = replace(received[-1], status="PENDING")
    return received, given


def _invitations(
    rng: Random, contacts: list[Contact], end: datetime, ids: IdAllocator
) -> list[Invitation]:
    """Invitations behind recent connections, plus a few still pending."""
    out = []
    recent = end - timedelta(days=3 * 365)
    for c in contacts:
        if c.ghost or c.connected_at < recent or rng.random() >= 0.5:
            continue
        recruiter = c.role == "recruiter"
        incoming = rng.random() < (0.9 if recruiter else 0.5)
        sent = c.connected_at - timedelta(minutes=rng.randint(5, 14 * 24 * 60))
        note = ""
        if rng.random() < (0.3 if recruiter else 0.06):
            template = texts.INVITATION_NOTES[2 if recruiter else rng.randrange(2)]
            note = template.format(name=c.clean_first)
        direction: Direction = "INCOMING" if incoming else "OUTGOING"
        out.append(Invitation(contact_party(c), direction, sent, note))
    for _ in range(3 + len(contacts) // 200):
        sent = random_instant(rng, end - timedelta(days=60), end)
        pending: Direction = "INCOMING" if rng.random() < 0.6 else "OUTGOING"
        out.append(Invitation(outsider(rng, ids), pending, sent, ""))
    return sorted(out, key=lambda i: i.sent_at)


def build_network(
    seed: int = 7, contacts: int = 300, export_date: date = date(2026, 10, 1)
) -> Network:
    """Draw a synthetic LinkedIn network of ``contacts`` connections, exported on ``export_date``.

    Deterministic: equal arguments give an equal ``Network``. Raises
    ``ValueError`` for a negative contact count.
    """
    if contacts < 0:
        raise ValueError(f"contacts must be 0 or more, got {contacts}; pass e.g. contacts=300")
    rng = Random(seed)
    ids = IdAllocator(rng)
    end = at_midnight(export_date)
    owner = make_owner(rng, export_date, ids)
    people = make_contacts(rng, owner, contacts, export_date, ids)
    people = with_changes(Random(f"{seed}-changes"), people, export_date)
    conversations = make_conversations(rng, owner, people, end, ids)
    last = end - timedelta(seconds=1)
    talked = {p.contact for c in conversations for p in c.participants if p.contact is not None}
    received, given = _endorsements(rng, owner, people, talked, last)
    return Network(
        seed=seed,
        export_date=export_date,
        owner=owner,
        contacts=tuple(people),
        conversations=tuple(conversations),
        recommendations_received=tuple(_recommendations_received(rng, owner, people, last)),
        recommendations_given=tuple(_recommendations_given(rng, people, last)),
        endorsements_received=tuple(received),
        endorsements_given=tuple(given),
        invitations=tuple(_invitations(rng, people, last, ids)),
    )
