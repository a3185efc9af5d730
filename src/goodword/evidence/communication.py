"""Communication: will they answer the owner, and how fast.

The reply rate over the owner's one-to-one asks is smoothed towards a prior
learned from the owner's whole network, with recent asks weighing more
(half-life :data:`HALF_LIFE_YEARS`). The score is a cautious estimate, the
Beta posterior's mean less half its standard deviation, so 1 reply out of 1
does not beat 45 out of 50 even in a network where most people answer.
Speed scales the rate: a reply after a week is worth less to a recruiter
than one the same day.

The clock counts whole days (from the day of the ask to the as-of day), so
a judgement made in the morning still holds in the evening: the evidence
summary (``goodword.store.summary``) relies on it to reuse a day's scores.

Availability (an out-of-office reply, a bounced address; see
:mod:`goodword.evidence.availability`) is told in the why and the
``availability`` detail. It leaves the reply score alone — being away says
nothing of how someone answers — but a bounce halves the confidence: the
address you would write to may be dead.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from datetime import datetime

from goodword.evidence.availability import Availability
from goodword.evidence.score import EvidenceRef, Score, human_hours, plural
from goodword.evidence.threads import Ask, Exchange

PRIOR_STRENGTH = 3.0
DEFAULT_PRIOR = 0.6
MIN_ASKS_FOR_PRIOR = 10  # pseudo-asks at DEFAULT_PRIOR behind the network's rate
HALF_LIFE_YEARS = 2.0
SLOW_HOURS = 168.0  # a week: the speed factor halves its bonus here
CAUTION = 0.5  # standard deviations taken off the estimate: few asks mean less certainty
BOUNCED_CONFIDENCE = 0.5  # confidence kept when their address bounced
DAYS_PER_YEAR = 365.25


@dataclass(frozen=True, slots=True)
class Prior:
    """The network-wide reply rate that individual rates are smoothed towards."""

    rate: float
    asks: int

    def describe(self) -> str:
        """For the why line."""
        return f"{self.rate:.0%} across {plural(self.asks, 'ask')} in your network"


def _weight(opened_at: datetime, as_of: datetime) -> float:
    days = (as_of.date() - opened_at.date()).days
    return float(0.5 ** (max(0.0, days / DAYS_PER_YEAR) / HALF_LIFE_YEARS))


def network_prior(exchanges: dict[int, Exchange], as_of: datetime) -> Prior:
    """The weighted reply rate over every judged ask in the network."""
    total = replied = 0.0
    count = 0
    for exchange in exchanges.values():
        for ask in exchange.asks:
            weight = _weight(ask.opened_at, as_of)
            total += weight
            replied += weight * (ask.replied_at is not None)
            count += 1
    # The network's own rate, itself shrunk towards a default so a short or
    # lopsided history (every ask answered so far) never makes certainty.
    return Prior(
        (replied + MIN_ASKS_FOR_PRIOR * DEFAULT_PRIOR) / (total + MIN_ASKS_FOR_PRIOR), count
    )


def speed_factor(median_hours: float) -> float:
    """1.0 for instant replies, 0.75 at a week's median, tending to 0.5 for very slow ones."""
    return 0.5 + 0.5 / (1.0 + median_hours / SLOW_HOURS)


def score(
    exchange: Exchange | None,
    prior: Prior,
    as_of: datetime,
    availability: Availability | None = None,
) -> Score:
    """Communication for one person from their exchanges with the owner (and their availability)."""
    available = {"availability": availability.as_dict() if availability else None}
    if exchange is None or not exchange.asks:
        initiated = exchange.sent_by_them if exchange else 0
        why = "you never wrote to them one-to-one; nothing to judge their replies by"
        if initiated:
            why += f" (they wrote to you {plural(initiated, 'time')})"
        pending = len(exchange.pending) if exchange else 0
        if pending:
            why = f"{plural(pending, 'message')} to them still too recent to judge"
        if availability is not None:
            why += f"; {availability.describe()}"
        evidence: tuple[EvidenceRef, ...] = (_signal_ref(availability),) if availability else ()
        return Score(
            None,
            0.0,
            why,
            evidence,
            details={"replied": 0, "asked": 0, "median_reply_hours": None, **available},
        )
    asked = len(exchange.asks)
    replied_asks = [a for a in exchange.asks if a.replied_at is not None]
    weights = [_weight(a.opened_at, as_of) for a in exchange.asks]
    weighted = sum(weights)
    weighted_replied = sum(
        w for w, a in zip(weights, exchange.asks, strict=True) if a.replied_at is not None
    )
    alpha = weighted_replied + PRIOR_STRENGTH * prior.rate
    beta = (weighted - weighted_replied) + PRIOR_STRENGTH * (1 - prior.rate)
    rate = alpha / (alpha + beta)
    spread = math.sqrt(alpha * beta / ((alpha + beta) ** 2 * (alpha + beta + 1)))
    cautious = max(0.0, rate - CAUTION * spread)
    latencies = sorted(a.latency_hours for a in replied_asks if a.latency_hours is not None)
    median = statistics.median(latencies) if latencies else None
    p90 = latencies[min(len(latencies) - 1, int(0.9 * len(latencies)))] if latencies else None
    value = cautious * (speed_factor(median) if median is not None else 1.0)
    confidence = weighted / (weighted + PRIOR_STRENGTH)
    parts = [f"replied to {len(replied_asks)} of {plural(asked, 'direct message')}"]
    if median is not None and p90 is not None:
        parts.append(f"median reply {human_hours(median)}, slowest tenth {human_hours(p90)}")
    trend = recent_trend(exchange.asks)
    silent = went_silent(exchange.asks)
    last = exchange.asks[-1]
    if silent:
        parts.append(silent)
    elif last.replied_at is None:
        parts.append(f"your last message ({last.opened_at:%Y-%m-%d}) is unanswered")
    if trend:
        parts.append(trend)
    why = "; ".join(parts) + f" (smoothed with {prior.describe()})"
    evidence = tuple(
        EvidenceRef(
            ask.source,
            ask.message_id,
            f"{ask.opened_at.date().isoformat()} you "
            + ("asked them to vouch; " if ask.source == "ask" else "wrote; ")
            + (
                f"replied after {human_hours(ask.latency_hours)}"
                if ask.latency_hours
                else "no reply"
            ),
        )
        for ask in exchange.asks[-10:]
    )
    if availability is not None:
        why += f"; {availability.describe()}"
        evidence += (_signal_ref(availability),)
        if availability.status == "bounced":
            confidence *= BOUNCED_CONFIDENCE
    return Score(
        value,
        confidence,
        why,
        evidence,
        details={
            "replied": len(replied_asks),
            "asked": asked,
            "median_reply_hours": None if median is None else round(median, 2),
            "p90_reply_hours": None if p90 is None else round(p90, 2),
            "reply_rate": round(rate, 3),
            "slower_lately": bool(trend),
            "went_silent": bool(silent),
            **available,
        },
    )


def _signal_ref(availability: Availability) -> EvidenceRef:
    return EvidenceRef("interaction", availability.signal_id, availability.describe())


RECENT_ASKS = 3
SLOWER_FACTOR = 2.0


def recent_trend(asks: list[Ask]) -> str:
    """``slower than usual lately`` when their last replies took twice their usual time or more."""
    answered = [a for a in asks if a.latency_hours is not None]
    if len(answered) < RECENT_ASKS + 3:
        return ""
    usual = statistics.median(a.latency_hours or 0.0 for a in answered[:-RECENT_ASKS])
    lately = statistics.median(a.latency_hours or 0.0 for a in answered[-RECENT_ASKS:])
    if usual > 0 and lately >= SLOWER_FACTOR * usual and lately - usual >= 12:
        return (
            f"slower than usual lately (median {human_hours(lately)}, usually {human_hours(usual)})"
        )
    return ""


def went_silent(asks: list[Ask]) -> str:
    """``went silent`` when someone who used to answer left your last asks unanswered."""
    if len(asks) < RECENT_ASKS + 2:
        return ""
    earlier, recent = asks[:-RECENT_ASKS], asks[-RECENT_ASKS:]
    earlier_rate = sum(a.replied_at is not None for a in earlier) / len(earlier)
    if earlier_rate >= 0.6 and all(a.replied_at is None for a in recent):
        return (
            f"went silent: no answer to your last {RECENT_ASKS} messages since "
            f"{recent[0].opened_at:%Y-%m-%d}, after answering {earlier_rate:.0%} before"
        )
    return ""
