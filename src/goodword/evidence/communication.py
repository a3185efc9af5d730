"""Communication: will they answer the owner, and how fast.

The reply rate over the owner's one-to-one asks is smoothed towards a prior
learned from the owner's whole network (empirical Bayes), with recent asks
weighing more (half-life :data:`HALF_LIFE_YEARS`):

* **The prior's mean and strength** are fitted once per call by maximum
  marginal likelihood of a beta-binomial over everyone's record: the mean is
  the typical person's reply rate, the strength says how alike people are
  (a network where some always answer and some never do trusts each
  person's own record sooner). A small network, where neither can be
  learned, falls back to :data:`PRIOR_STRENGTH` asks at its pooled rate.
* **Two more signals move the estimate**, each by as much as the owner's own
  history says it should: how fast they answer (their median reply time
  against the network's typical one) and how often they write first (start
  a conversation). Their weights come from a network-level forecast fit:
  every past ask predicted from what was known just before it (so an
  answer never explains itself), a logistic adjustment of the smoothed rate,
  shrunk towards no effect. On a history where they predict nothing their
  weights stay near zero; whatever they move is said in the why. A third
  signal, the seniority of their title, was tried the same way and left
  out: on the synthetic networks, where senior people do answer less, it
  ranked replies no better than these two (README, "How far to trust it").

The score is a cautious estimate, the probability less half its standard
deviation, so 1 reply out of 1 does not beat 45 out of 50 even in a network
where most people answer. Speed scales the score (not the probability): a
reply after a week is worth less to a recruiter than one the same day.

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
from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from goodword.evidence.availability import Availability
from goodword.evidence.score import EvidenceRef, Score, human_hours, plural
from goodword.evidence.threads import Ask, Exchange

PRIOR_STRENGTH = 3.0  # pseudo-asks behind the prior when the network is too small to learn it
DEFAULT_PRIOR = 0.6
MIN_ASKS_FOR_PRIOR = 10  # pseudo-asks at DEFAULT_PRIOR behind the network's rate
MIN_PEOPLE_FOR_FIT = (
    10  # people asked twice or more before the prior's mean and strength are learned
)
STRENGTHS = tuple(2.0 ** (k / 4) for k in range(-2, 25))  # 0.7 to 64 pseudo-asks
MEANS = tuple(k / 100 for k in range(3, 98))
MOST_ASKS_FITTED = 60  # a longer record is scaled down to this many asks for the strength fit
FIT_ASKS = 20_000  # at most this many past asks feed the signals' fit (a stride of people)
MIN_FIT_ASKS = 50  # fewer past asks than this (or one outcome only): the signals stay unweighted
RIDGE = 4.0  # pulls each signal's weight towards zero, in log-likelihood units
MAX_WEIGHT = 1.5  # log-odds per unit of a signal, either way
SPEED_SPAN = math.log(7.0)  # a median seven times faster than the network's typical one is +1
MOST_STARTED = 15  # started conversations beyond this add nothing more
SAID_POINTS = 0.01  # a signal that moves the probability less than this is not mentioned
HALF_LIFE_YEARS = 2.0
SLOW_HOURS = 168.0  # a week: the speed factor halves its bonus here
CAUTION = 0.5  # standard deviations taken off the estimate: few asks mean less certainty
BOUNCED_CONFIDENCE = 0.5  # confidence kept when their address bounced
DAYS_PER_YEAR = 365.25
_EDGE = 1e-4  # probabilities are kept this far from 0 and 1 before taking log-odds


@dataclass(frozen=True, slots=True)
class Prior:
    """What the network says before looking at one person: a Beta prior and two signals' weights.

    ``rate`` and ``strength`` are the Beta prior's mean and size (in asks);
    ``speed`` and ``initiative`` are the log-odds added per unit of each
    signal (:func:`speed_signal`, :func:`initiative_signal`) measured from
    the network's average (``speed_centre``, ``initiative_centre``), 0 when
    not learned. ``typical_hours`` is the network's typical reply time.
    """

    rate: float
    asks: int
    strength: float = PRIOR_STRENGTH
    people: int = 0
    typical_hours: float | None = None
    speed: float = 0.0
    initiative: float = 0.0
    initiative_centre: float = 0.0
    speed_centre: float = 0.0

    def describe(self) -> str:
        """For the why line."""
        if not self.people:
            return f"{self.rate:.0%} across {plural(self.asks, 'ask')} in your network"
        return (
            f"{self.rate:.0%}, typical of the {plural(self.people, 'person', 'people')} you "
            f"wrote to, worth {self.strength:.1f} asks"
        )

    def as_list(self) -> list[float | int | None]:
        """JSON-ready form (the evidence summary keeps it); :meth:`from_list` reads it back."""
        return [
            self.rate,
            self.asks,
            self.strength,
            self.people,
            self.typical_hours,
            self.speed,
            self.initiative,
            self.initiative_centre,
            self.speed_centre,
        ]

    @classmethod
    def from_list(cls, raw: list[float | int | None]) -> Prior:
        """The prior back from :meth:`as_list` (a two-item list is the older rate and asks)."""
        rate, asks, *rest = raw
        if rate is None or asks is None:
            raise ValueError(f"a prior needs a rate and a count of asks, not {raw!r}")
        if not rest:
            return cls(float(rate), int(asks))
        strength, people, typical, speed, initiative, centre, speed_centre = rest
        return cls(
            float(rate),
            int(asks),
            float(strength or PRIOR_STRENGTH),
            int(people or 0),
            None if typical is None else float(typical),
            float(speed or 0.0),
            float(initiative or 0.0),
            float(centre or 0.0),
            float(speed_centre or 0.0),
        )


def _weight(opened_at: datetime, as_of: datetime) -> float:
    days = (as_of.date() - opened_at.date()).days
    return float(0.5 ** (max(0.0, days / DAYS_PER_YEAR) / HALF_LIFE_YEARS))


def _logit(p: float) -> float:
    p = min(1 - _EDGE, max(_EDGE, p))
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))


def speed_signal(median_hours: float | None, typical_hours: float | None) -> float:
    """+1 for a median reply seven times faster than the network's typical one, -1 seven times slower."""
    if median_hours is None or typical_hours is None:
        return 0.0
    ratio = max(typical_hours, 0.05) / max(median_hours, 0.05)
    return max(-1.0, min(1.0, math.log(ratio) / SPEED_SPAN))


def initiative_signal(started: int) -> float:
    """0 for someone who never wrote first, 1 for :data:`MOST_STARTED` conversations or more."""
    return math.log1p(min(started, MOST_STARTED)) / math.log1p(MOST_STARTED)


def prior_share(exchange: Exchange) -> tuple[object, ...]:
    """Everything of one person's that :func:`network_prior` reads: if it is unchanged, so is their part.

    Their judged asks (when, whether and when answered) and when they wrote first.
    """
    return (
        tuple((ask.opened_at, ask.replied_at) for ask in exchange.asks),
        tuple(exchange.started),
    )


def _pooled_rate(exchanges: Iterable[Exchange], as_of: datetime) -> tuple[float, int]:
    total = replied = 0.0
    count = 0
    for exchange in exchanges:
        for ask in exchange.asks:
            weight = _weight(ask.opened_at, as_of)
            total += weight
            replied += weight * (ask.replied_at is not None)
            count += 1
    # The network's own rate, itself shrunk towards a default so a short or
    # lopsided history (every ask answered so far) never makes certainty.
    return (replied + MIN_ASKS_FOR_PRIOR * DEFAULT_PRIOR) / (total + MIN_ASKS_FOR_PRIOR), count


def _marginal(records: Counter[tuple[int, int]], mean: float, strength: float) -> float:
    """Log marginal likelihood of everyone's (asks, replies) under a Beta(mean, strength) prior."""
    a, b = mean * strength, (1 - mean) * strength
    lg = math.lgamma
    constant = lg(strength) - lg(a) - lg(b)
    return sum(
        times * (constant + lg(k + a) + lg(n - k + b) - lg(n + strength))
        for (n, k), times in records.items()
    )


def fit_beta(records: Counter[tuple[int, int]]) -> tuple[float, float]:
    """The Beta prior's mean and strength that make everyone's record likeliest (a grid, refined)."""
    best = max(
        ((_marginal(records, m, s), m, s) for m in MEANS[::5] for s in STRENGTHS[::2]),
    )
    _, mean, strength = best
    near_means = [m for m in MEANS if abs(m - mean) <= 0.05]
    near_strengths = [s for s in STRENGTHS if 0.6 * strength <= s <= 1.7 * strength]
    _, mean, strength = max(
        (_marginal(records, m, s), m, s) for m in near_means for s in near_strengths
    )
    return mean, strength


def _records(exchanges: Iterable[Exchange]) -> Counter[tuple[int, int]]:
    found: Counter[tuple[int, int]] = Counter()
    for exchange in exchanges:
        n = len(exchange.asks)
        if not n:
            continue
        k = sum(ask.replied_at is not None for ask in exchange.asks)
        if n > MOST_ASKS_FITTED:
            k, n = round(k * MOST_ASKS_FITTED / n), MOST_ASKS_FITTED
        found[(n, k)] += 1
    return found


def _median_hours(asks: Iterable[Ask]) -> float | None:
    latencies = [a.latency_hours for a in asks if a.latency_hours is not None]
    return statistics.median(latencies) if latencies else None


_Row = tuple[float, float | None, float, bool]  # offset (log-odds), speed, initiative, answered


def _forecast_rows(
    sample: list[Exchange], rate: float, strength: float, typical: float | None
) -> list[_Row]:
    """Every sampled ask predicted from its person's record just before it (nothing later)."""
    decay_per_day = 0.5 ** (1 / (HALF_LIFE_YEARS * DAYS_PER_YEAR))
    rows: list[_Row] = []
    for exchange in sample:
        weighted = answered = 0.0
        latencies: list[float] = []
        last: datetime | None = None
        for ask in exchange.asks:
            if last is not None:
                fade = decay_per_day ** ((ask.opened_at - last).total_seconds() / 86400)
                weighted, answered = weighted * fade, answered * fade
            smoothed = (answered + strength * rate) / (weighted + strength)
            median = statistics.median(latencies) if latencies else None
            started = bisect_left(exchange.started, ask.opened_at)
            yes = ask.replied_at is not None
            speed = None if median is None else speed_signal(median, typical)
            rows.append((_logit(smoothed), speed, initiative_signal(started), yes))
            weighted += 1
            answered += yes
            if ask.latency_hours is not None:
                insort(latencies, ask.latency_hours)
            last = ask.opened_at
    return rows


def fit_signals(rows: list[_Row]) -> tuple[float, float, float, float]:
    """Weights of speed and initiative, and the centres they are measured from (penalised Newton).

    Each signal is measured from its average over the asks (speed over those
    where a reply time was known; unknown counts as no signal), so a weight
    says how much *more or less* than usual someone answers, not the
    network's level, which the smoothed rate already carries.
    """
    if len(rows) < MIN_FIT_ASKS or all(r[3] for r in rows) or not any(r[3] for r in rows):
        return 0.0, 0.0, 0.0, 0.0
    centre = sum(r[2] for r in rows) / len(rows)
    known = [r[1] for r in rows if r[1] is not None]
    speed_centre = sum(known) / len(known) if known else 0.0
    data = [
        (o, 0.0 if x is None else x - speed_centre, z - centre, float(y)) for o, x, z, y in rows
    ]
    w_speed = w_init = 0.0
    for _ in range(25):
        g1 = -RIDGE * w_speed
        g2 = -RIDGE * w_init
        h11 = h22 = RIDGE
        h12 = 0.0
        for offset, x, z, y in data:
            p = _sigmoid(offset + w_speed * x + w_init * z)
            r = y - p
            v = p * (1 - p)
            g1 += r * x
            g2 += r * z
            h11 += v * x * x
            h22 += v * z * z
            h12 += v * x * z
        det = h11 * h22 - h12 * h12
        step1 = (h22 * g1 - h12 * g2) / det
        step2 = (h11 * g2 - h12 * g1) / det
        w_speed += step1
        w_init += step2
        if abs(step1) + abs(step2) < 1e-6:
            break
    return _clip(w_speed), _clip(w_init), centre, speed_centre


def _clip(weight: float) -> float:
    return max(-MAX_WEIGHT, min(MAX_WEIGHT, weight))


def network_prior(exchanges: dict[int, Exchange], as_of: datetime) -> Prior:
    """Learn the prior from every judged ask in the network (once per call: cheap, no per-person fit)."""
    everyone = [e for e in exchanges.values() if e.asks]
    pooled, count = _pooled_rate(everyone, as_of)
    records = _records(everyone)
    repeat = sum(times for (n, _), times in records.items() if n >= 2)
    if repeat < MIN_PEOPLE_FOR_FIT:
        return Prior(pooled, count)
    rate, strength = fit_beta(records)
    total = sum(len(e.asks) for e in everyone)
    stride = max(1, math.ceil(total / FIT_ASKS))
    # A stride through people in the order they were first asked: independent of dict order.
    sample = sorted(everyone, key=lambda e: (e.asks[0].opened_at, e.asks[0].message_id))[::stride]
    # The typical reply time: the median of everyone's median, on a log scale (a geometric
    # middle, so "seven times faster" and "seven times slower" are equally far from it).
    logs = [math.log(max(m, 0.05)) for e in sample if (m := _median_hours(e.asks)) is not None]
    typical = math.exp(statistics.median(logs)) if logs else None
    rows = _forecast_rows(sample, rate, strength, typical)
    speed, initiative, centre, speed_centre = fit_signals(rows)
    return Prior(
        rate, count, strength, len(everyone), typical, speed, initiative, centre, speed_centre
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
    smoothed = (weighted_replied + prior.strength * prior.rate) / (weighted + prior.strength)
    latencies = sorted(a.latency_hours for a in replied_asks if a.latency_hours is not None)
    median = statistics.median(latencies) if latencies else None
    p90 = latencies[min(len(latencies) - 1, int(0.9 * len(latencies)))] if latencies else None
    started = len(exchange.started)
    shifts = {
        "speed": 0.0
        if median is None
        else prior.speed * (speed_signal(median, prior.typical_hours) - prior.speed_centre),
        "initiative": prior.initiative * (initiative_signal(started) - prior.initiative_centre),
    }
    rate = _sigmoid(_logit(smoothed) + sum(shifts.values()))
    moved = {name: _sigmoid(_logit(smoothed) + shift) - smoothed for name, shift in shifts.items()}
    size = weighted + prior.strength
    spread = math.sqrt(rate * (1 - rate) / (size + 1))
    cautious = max(0.0, rate - CAUTION * spread)
    value = cautious * (speed_factor(median) if median is not None else 1.0)
    confidence = weighted / size
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
    faster = median is not None and speed_signal(median, prior.typical_hours) > prior.speed_centre
    said = _signals_said(moved, faster, prior.typical_hours, started)
    if said:
        parts.append(said)
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
            "smoothed_rate": round(smoothed, 3),
            "started_by_them": started,
            "speed_points": round(moved["speed"], 3),
            "initiative_points": round(moved["initiative"], 3),
            "slower_lately": bool(trend),
            "went_silent": bool(silent),
            **available,
        },
    )


def _signals_said(
    moved: dict[str, float], faster: bool, typical: float | None, started: int
) -> str:
    """What moved the probability beyond their own record, in points, e.g. ``+6 points``."""
    said = []
    speed, initiative = moved["speed"], moved["initiative"]
    if abs(speed) >= SAID_POINTS and typical is not None:
        pace = "faster" if faster else "slower"
        said.append(
            f"they answer {pace} than most (typically {human_hours(typical)}): "
            f"{speed * 100:+.0f} points"
        )
    if abs(initiative) >= SAID_POINTS:
        wrote = (
            f"they started {plural(started, 'conversation')} with you"
            if started
            else "they never wrote to you first"
        )
        said.append(f"{wrote}: {initiative * 100:+.0f} points")
    if not said:
        return ""
    return "; ".join(said) + " (what predicted answers in your history)"


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
