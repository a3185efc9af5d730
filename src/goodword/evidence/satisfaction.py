"""Satisfaction: how they regard the owner's work.

The honest conversation dominates (yes, yes with concerns, no); then a
recommendation they wrote (with its tone), then endorsements. A soured
flag excludes. Without any of these the answer is unknown — not 0.5 — and
the why says to have the honest conversation first.

Endorsements are a click: resting on them alone, satisfaction stays at
most :data:`ENDORSED_CAP`, with little confidence, and its why says it is
unconfirmed. Skills endorsed in a burst (many on one day) by someone the
owner never wrote to count as the stand-in for unknown, no more.
"""

from __future__ import annotations

import re

from goodword.evidence.criterion import EvidenceRef, Score, clamp, plural
from goodword.evidence.familiarity import burst_day
from goodword.evidence.threads import Exchange
from goodword.store.facts import Network

VETTING = {"yes": (0.95, 0.9), "concerns": (0.55, 0.85), "no": (0.0, 0.95)}
ENDORSED_CAP = 0.6  # endorsements alone, however many
ENDORSED_CONFIDENCE = 0.3
BURST_VALUE, BURST_CONFIDENCE = 0.5, 0.1  # a burst by a stranger: no better than unknown
UNCONFIRMED = "unconfirmed: have the honest conversation"
_WARM = re.compile(
    r"\b(?:outstanding|exceptional|excellent|brilliant|best|highly recommend|"
    r"strongly recommend|without hesitation|top|remarkable|invaluable|exceeded|"
    r"impressive|superb|rare)\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(?:however|although|at times|sometimes|could improve|room to grow|needs? to|"
    r"adequate|satisfactory|reasonably|generally|mostly)\b",
    re.IGNORECASE,
)


def tone(text: str) -> float:
    """From -1 (hedged) to +1 (warm): warm words against hedges, per 100 words."""
    words = max(1, len(text.split()))
    warm = len(_WARM.findall(text))
    hedge = len(_HEDGE.findall(text))
    return clamp((warm - 1.5 * hedge) * 100 / words / 4, -1.0, 1.0)


def score(network: Network, person_id: int, exchange: Exchange | None = None) -> Score:
    """Satisfaction for one person (``exchange``: your direct messages, to tell a burst)."""
    person = network.people.get(person_id)
    if person is not None and person.soured:
        note = f": {person.soured_note}" if person.soured_note else ""
        return Score(0.0, 1.0, f"you flagged this relationship as soured{note}")
    vettings = network.vettings.get(person_id, [])
    decided = [v for v in vettings if v.willing in VETTING]
    if decided:
        latest = decided[-1]
        value, confidence = VETTING[latest.willing]
        what = {
            "yes": "said yes, they can honestly recommend you",
            "concerns": f"said yes, with concerns: {latest.concerns or 'not recorded'}",
            "no": "said they cannot recommend you",
        }[latest.willing]
        return Score(
            value,
            confidence,
            f"honest conversation on {latest.held_on:%Y-%m-%d}: {what}",
            (EvidenceRef("vetting", latest.id, what),),
            # The answer and its concerns travel with the score to wherever the ask is prepared.
            {"willing": latest.willing, "concerns": latest.concerns.strip() or None},
        )
    parts: list[tuple[float, float, str, EvidenceRef]] = []
    for recommendation in network.recommendations.get(person_id, []):
        if recommendation.direction != "received":
            continue
        warmth = tone(recommendation.text)
        word = "warm" if warmth > 0.25 else ("hedged" if warmth < -0.1 else "positive")
        when = f" in {recommendation.created_at:%Y}" if recommendation.created_at else ""
        parts.append(
            (
                clamp(0.85 + 0.1 * warmth),
                0.7,
                f"wrote you a {word} recommendation{when}",
                EvidenceRef("recommendation", recommendation.id, "recommendation they wrote"),
            )
        )
    received = [e for e in network.endorsements.get(person_id, []) if e.direction == "received"]
    if received:
        skills = {e.skill for e in received}
        burst = burst_day(received, exchange)
        endorsed = f"endorsed {plural(len(skills), 'of your skills', 'of your skills')}".replace(
            "1 of your skills", "one of your skills"
        )
        parts.append(
            (
                BURST_VALUE if burst else 0.6 + 0.05 * min(4, len(skills)),
                BURST_CONFIDENCE if burst else min(0.45, 0.25 + 0.05 * len(skills)),
                f"{endorsed} on {burst:%Y-%m-%d} at once (a burst, says little)"
                if burst
                else endorsed,
                EvidenceRef("endorsement", received[0].id, f"endorsed {received[0].skill}"),
            )
        )
    pending = [v for v in vettings if v.willing == "not-yet"]
    if not parts:
        why = "no recommendation or endorsement from them; have the honest conversation first"
        if pending:
            why = f"honest conversation on {pending[-1].held_on:%Y-%m-%d}: not answered yet"
        return Score(None, 0.0, why)
    weight = sum(c for _, c, _, _ in parts)
    value = sum(v * c for v, c, _, _ in parts) / weight
    remaining = 1.0
    for _, c, _, _ in parts:
        remaining *= 1 - c
    confidence = min(0.8, 1 - remaining)
    gave = _reciprocity(network, person_id)
    why = "; ".join(text for _, _, text, _ in parts) + (f"; {gave}" if gave else "")
    refs = tuple(ref for *_, ref in parts)
    if all(ref.kind == "endorsement" for ref in refs):
        value, confidence = min(value, ENDORSED_CAP), min(confidence, ENDORSED_CONFIDENCE)
        return Score(value, confidence, f"{why}; {UNCONFIRMED}", refs, {"unconfirmed": True})
    why += "; not yet asked the honest questions"
    return Score(value, confidence, why, refs)


def _reciprocity(network: Network, person_id: int) -> str:
    given = [r for r in network.recommendations.get(person_id, []) if r.direction == "given"]
    endorsed = [e for e in network.endorsements.get(person_id, []) if e.direction == "given"]
    bits = []
    if given:
        bits.append("you recommended them")
    if endorsed:
        bits.append("you endorsed them")
    return " and ".join(bits)
