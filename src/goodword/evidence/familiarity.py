"""Familiarity: how well they know the owner's work, and how recently.

Independent signals each say "they have seen your work" with some
strength; they combine like independent witnesses (noisy-or), then fade
with the years since you last worked together. Signals: the relationship
(stated or inferred), time at the same organisation, a recommendation they
wrote, one-to-one conversations, one-to-one and small meetings (see
:mod:`goodword.evidence.meetings`), endorsements of specific skills.
Meetings fade like conversations: the date of the last one is evidence of
when you last worked together.

Sharing an employer is weak evidence on its own: at a company where the
owner has hundreds of connections it says little of any one of them. Its
weight shrinks with the number of the owner's connections there
(:func:`crowd_sizes`) unless a working tie backs it — messages, meetings, a
recommendation, a relationship stated or read from evidence — and a title
in the same function makes up a little of it. Without any tie at all
(nobody wrote, met or vouched) familiarity is at most :data:`UNMET_CAP`,
so a coworker the owner never dealt with never outranks someone they
worked with closely. Skills endorsed in a burst (many on one day) by
someone the owner never wrote to say almost nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from goodword.evidence import known, relationships
from goodword.evidence.criterion import EvidenceRef, Score, plural, years_between
from goodword.evidence.meetings import Meetings
from goodword.evidence.threads import Exchange
from goodword.store.facts import EndorsementFact, Network, TenureFact

RELATION_STRENGTH = {
    "manager": 0.75,
    "report": 0.7,
    "peer": 0.6,
    "client": 0.6,
    "mentor": 0.5,
    "professor": 0.5,
    "classmate": 0.3,
    "other": 0.2,
}
STALE_AFTER_YEARS = 1.5
HALF_LIFE_YEARS = 4.0
FLOOR = 0.35  # old colleagues still know your work, less of your recent work
# About the people one works with closely at an employer: up to this many of your connections
# there, sharing it counts in full; beyond, by TEAM / n, the chance a given one was among them.
TEAM = 8
# Of the weight a crowd takes away, what a title in the same function gives back.
SAME_FUNCTION = 0.15
UNMET_CAP = 0.3  # no message, meeting, recommendation or stated relationship: at most this
BURST_SKILLS = 5  # as many skills endorsed on one day, by someone you never wrote to: a burst


@dataclass(frozen=True, slots=True)
class Signal:
    """One reason to think they know the owner's work."""

    strength: float
    text: str
    last_seen: date | None
    evidence: EvidenceRef | None


def crowd_sizes(network: Network) -> dict[str, int]:
    """Per organisation the owner worked at, how many of their connections worked there too."""
    keys = {t.organization_key for t in network.owner_tenures if t.organization_key}
    counts = dict.fromkeys(keys, 0)
    for person_id, tenures in network.tenures.items():
        if person_id == network.self_id:
            continue
        for key in {t.organization_key for t in tenures} & keys:
            counts[key] += 1
    return counts


def tie(
    network: Network,
    person_id: int,
    exchange: Exchange | None,
    relation: relationships.Relation | None,
    meetings: Meetings | None,
) -> bool:
    """True when something beyond a shared employer says you worked together.

    A direct message either way, a small meeting, a recommendation they
    wrote, or a relationship stated by you, by their recommendation or by
    your one-to-ones (a reading of titles alone is no tie).
    """
    if exchange is not None and exchange.sent_by_owner + exchange.sent_by_them:
        return True
    if meetings is not None and meetings.count:
        return True
    if any(r.direction == "received" for r in network.recommendations.get(person_id, [])):
        return True
    return relation is not None and not relation.from_titles


def _signals(
    network: Network,
    person_id: int,
    exchange: Exchange | None,
    relation: relationships.Relation | None,
    meetings: Meetings | None = None,
    crowd: dict[str, int] | None = None,
) -> list[Signal]:
    signals: list[Signal] = []
    # A relationship read from titles is no signal of its own: its evidence is the shared
    # employer, weighed below (a title in the same function counts there).
    if relation is not None and not relation.from_titles:
        signals.append(
            Signal(
                RELATION_STRENGTH.get(relation.kind, 0.2) * max(relation.confidence, 0.5),
                f"{relation.kind}: {relation.why}",
                None,
                relation.evidence,
            )
        )
    tied = tie(network, person_id, exchange, relation, meetings)
    signals.extend(
        _shared_organisations(
            network, person_id, crowd if crowd is not None else crowd_sizes(network), tied
        )
    )
    for recommendation in network.recommendations.get(person_id, []):
        if recommendation.direction == "received":
            day = recommendation.created_at.date() if recommendation.created_at else None
            signals.append(
                Signal(
                    0.7,
                    "wrote you a recommendation"
                    + (f" in {day:%Y}" if day else "")
                    + (
                        f" (then {recommendation.title} at {recommendation.organization})"
                        if recommendation.organization
                        else ""
                    ),
                    day,
                    EvidenceRef("recommendation", recommendation.id, "recommendation they wrote"),
                )
            )
    if exchange is not None:
        direct = exchange.sent_by_owner + exchange.sent_by_them
        if direct:
            strength = 0.55 * (1 - math.exp(-direct / 12))
            last = exchange.last_at.date() if exchange.last_at else None
            signals.append(
                Signal(
                    strength,
                    f"{plural(direct, 'direct message')} between you"
                    + (f", last {last:%Y-%m}" if last else ""),
                    last,
                    EvidenceRef("interaction", exchange.message_ids[-1], "latest direct message")
                    if exchange.message_ids
                    else None,
                )
            )
        if exchange.group_messages:
            signals.append(
                Signal(
                    0.15 * (1 - math.exp(-exchange.group_messages / 10)),
                    f"{plural(exchange.group_messages, 'group message')} together",
                    None,
                    None,
                )
            )
    if meetings is not None and meetings.count:
        signals.append(_meeting_signal(meetings))
    received = [e for e in network.endorsements.get(person_id, []) if e.direction == "received"]
    if received:
        skills = sorted({e.skill for e in received})
        latest = max((e.endorsed_at for e in received if e.endorsed_at), default=None)
        burst = burst_day(received, exchange)
        signals.append(
            Signal(
                0.05 if burst else min(0.3, 0.1 + 0.05 * len(skills)),
                f"endorsed {len(skills)} of your skills on {burst:%Y-%m-%d} at once"
                " (a burst, says little)"
                if burst
                else f"endorsed your {', '.join(skills[:3])}" + ("…" if len(skills) > 3 else ""),
                latest.date() if latest else None,
                EvidenceRef("endorsement", received[0].id, f"endorsed {received[0].skill}"),
            )
        )
    return signals


def burst_day(received: list[EndorsementFact], exchange: Exchange | None) -> date | None:
    """The day they endorsed :data:`BURST_SKILLS` or more skills at once, if you never wrote.

    Someone who clicks through a whole list of skills in one sitting, and
    never exchanged a message with you, is being kind to their network, not
    vouching for your work.
    """
    if exchange is not None and exchange.sent_by_owner + exchange.sent_by_them:
        return None
    per_day: dict[date, set[str]] = {}
    for endorsement in received:
        if endorsement.endorsed_at is not None:
            per_day.setdefault(endorsement.endorsed_at.date(), set()).add(endorsement.skill)
    bursts = [day for day, skills in per_day.items() if len(skills) >= BURST_SKILLS]
    return max(bursts) if bursts else None


def _meeting_signal(meetings: Meetings) -> Signal:
    """One-to-ones count fully, small meetings half: 0.6 at most, like a close relationship."""
    weight = meetings.one_to_one + 0.5 * meetings.small
    bits = []
    if meetings.one_to_one:
        bits.append(plural(meetings.one_to_one, "one-to-one meeting"))
    if meetings.small:
        bits.append(plural(meetings.small, "small meeting"))
    last = meetings.last_at.date() if meetings.last_at else None
    return Signal(
        0.6 * (1 - math.exp(-weight / 6)),
        " and ".join(bits) + " together" + (f", last {last:%Y-%m}" if last else ""),
        last,
        EvidenceRef("interaction", meetings.last_id, "latest meeting together")
        if meetings.last_id is not None
        else None,
    )


def _crowd_weight(own: TenureFact, theirs: TenureFact, size: int, tied: bool) -> float:
    """How much sharing this employer counts: in full with a working tie, less in a crowd."""
    if tied or size <= TEAM:
        return 1.0
    weight = TEAM / size
    if relationships.same_function(own.title, theirs.title):
        weight += (1 - weight) * SAME_FUNCTION
    return weight


def _shared_organisations(
    network: Network, person_id: int, crowd: dict[str, int], tied: bool
) -> list[Signal]:
    signals = []
    for own, theirs in relationships.shared_tenures(network, person_id):
        signal = _shared(network, person_id, own, theirs)
        if signal is None:
            continue
        size = crowd.get(own.organization_key, 0)
        weight = _crowd_weight(own, theirs, size, tied)
        if weight < 1:
            signal = Signal(
                signal.strength * weight,
                f"{signal.text} (one of {size} of your connections there"
                + (
                    ", in the same function)"
                    if relationships.same_function(own.title, theirs.title)
                    else ")"
                ),
                signal.last_seen,
                signal.evidence,
            )
        signals.append(signal)
    return signals


def _shared(network: Network, person_id: int, own: TenureFact, theirs: TenureFact) -> Signal | None:
    """What one shared employer says, before weighing it by the crowd there."""
    person = network.people.get(person_id)
    as_of = network.as_of.date()
    ours = known.span(own, as_of)
    evidence = EvidenceRef("tenure", theirs.id, f"{theirs.title} at {theirs.organization}")
    # Open positions hold only up to the day their export was made (see evidence.known).
    seen = known.together(own, theirs, as_of)
    if own.is_current and theirs.is_current:
        return Signal(
            0.6,
            f"you both work at {own.organization} {known.now(seen, as_of)} (you: {ours})",
            seen,
            evidence,
        )
    if theirs.start_on or theirs.end_on:
        months = _overlap_months(own, theirs, as_of)
        if months <= 0:
            return None
        return Signal(
            min(0.7, 0.3 + 0.02 * months),
            f"{months} months together at {own.organization}" + known.so_far(own, theirs, as_of),
            seen,
            evidence,
        )
    if person and person.connected_on and _within(person.connected_on, own):
        return Signal(
            0.45,
            f"at {own.organization} {known.now(known.until(theirs, as_of), as_of)}, "
            f"where you were ({ours}); "
            f"you connected in {person.connected_on:%Y-%m}, while you were there",
            own.end_on,
            evidence,
        )
    return Signal(
        0.15,
        f"at {own.organization} {known.now(known.until(theirs, as_of), as_of)}, "
        f"where you were ({ours}); overlap unknown",
        own.end_on,
        evidence,
    )


def _within(day: date, tenure: TenureFact) -> bool:
    if tenure.start_on and day < tenure.start_on:
        return False
    return not (tenure.end_on and day > tenure.end_on)


def _overlap_months(own: TenureFact, theirs: TenureFact, as_of: date) -> int:
    start = max(own.start_on or date.min, theirs.start_on or date.min)
    end = known.together(own, theirs, as_of)
    if start == date.min or end <= start:
        return 0
    return (end.year - start.year) * 12 + end.month - start.month


def score(
    network: Network,
    person_id: int,
    exchange: Exchange | None,
    relation: relationships.Relation | None = None,
    meetings: Meetings | None = None,
    crowd: dict[str, int] | None = None,
) -> Score:
    """Familiarity for one person, with the date you last worked together.

    ``relation`` is the person's best relationship when the caller has it
    already; ``meetings`` the small meetings you shared (see evidence.meetings);
    ``crowd`` the owner's connections per employer (:func:`crowd_sizes`, of
    the whole network: pass it when ``network`` holds only some people).
    """
    if relation is None:
        relation = relationships.best(network, person_id, meetings, exchange)
    signals = _signals(network, person_id, exchange, relation, meetings, crowd)
    person = network.people.get(person_id)
    as_of = network.as_of.date()
    if not signals:
        if person and person.connected_on:
            return Score(
                0.05,
                0.3,
                f"connected since {person.connected_on:%Y-%m}; no sign you worked together",
                details={"last_worked_together": None, "stale": False},
            )
        return Score(
            None,
            0.0,
            "nothing known of working together",
            details={"last_worked_together": None, "stale": False},
        )
    remaining = 1.0
    for signal in signals:
        remaining *= 1 - signal.strength
    combined = 1 - remaining
    last = max((s.last_seen for s in signals if s.last_seen), default=None)
    if last is None:
        decay, recency = 0.7, "when you last worked together is unknown"
    else:
        years = max(0.0, years_between(last, as_of))
        decay = max(FLOOR, 0.5 ** (years / HALF_LIFE_YEARS))
        recency = f"latest evidence {last:%Y-%m}"
    stale = last is None or years_between(last, as_of) > STALE_AFTER_YEARS
    confidence = min(0.9, 0.25 + 0.15 * len(signals))
    strongest = sorted(signals, key=lambda s: -s.strength)
    why = "; ".join(s.text for s in strongest[:3]) + f"; {recency}"
    if stale and last is not None:
        why += " (stale: over 18 months ago)"
    value = combined * decay
    tied = tie(network, person_id, exchange, relation, meetings)
    if not tied and value > UNMET_CAP:
        value = UNMET_CAP
        why += f"; no message, meeting or recommendation between you: at most {UNMET_CAP:.2f}"
    evidence = tuple(dict.fromkeys(s.evidence for s in strongest if s.evidence is not None))
    return Score(
        value,
        confidence,
        why,
        evidence,
        details={
            "last_worked_together": last.isoformat() if last else None,
            "stale": stale,
            "worked_together": tied,
        },
    )
