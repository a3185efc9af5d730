"""Back-test the communication score on the owner's own history, at rolling cut dates.

Pick a few cut dates inside the history (by default when 55%, 70% and 85% of
the owner's asks had been sent); at each, score everyone from the messages
before it only, then check who answered the asks the owner opened after it,
up to the next cut (or the end). The asks judged are
:attr:`goodword.evidence.threads.Exchange.asks`, the same unit the score
learns from; whether each was answered is its ``replied_at``.

Only asks to people the owner had some exchange with before the cut (a
message either way, or a group thread) are judged; asks to people first
contacted after it are counted as *new contacts*: nothing before the cut
speaks for them. A judged person the model gives no score (``value`` None)
is predicted at the owner's pooled past reply rate, and *coverage* says how
many judged asks the model really scored.

Beside the model, three naive baselines predict the same asks: the messages
exchanged before the cut either way, the messages the person sent the
owner, and the person's raw past reply rate (the owner's pooled rate for
someone never asked). The two counts only rank, so they have an AUC and no
Brier score; the rates have both.

AUC is *within-owner*: an ask is only ever ranked against asks of the same
owner at the same cut, and several owners or cuts are pooled by summing the
concordant pairs of each group over the pairs of each group. Ranking one
owner's asks against another's would reward telling owners apart (one
answers everyone, the other's mail was deleted), not people.

How sure is the comparison? Asks to one person are not independent, nor are
one owner's cuts, so :func:`bootstrap` resamples a hierarchy: owners, then
cuts within each owner drawn, then people within each cut drawn, keeping a
person's asks together. Each model-minus-baseline difference (AUC, and Brier
for the raw rate) gets a percentile interval, with a fixed seed so the same
history always prints the same interval.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from typing import Any

from goodword.evidence import communication
from goodword.evidence.threads import Exchange, exchanges
from goodword.store.facts import MessageFact

BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0001)
RESAMPLES = 1000
SEED = 20_240_801  # fixed: the same history always prints the same interval
LEVEL = 0.95
# Default cuts: when these shares of the owner's asks had been sent.
SHARES = (0.55, 0.70, 0.85)
# Too little to judge: fewer asks than this before the first cut or judged after the cuts.
MIN_ASKS = 5
RESAMPLED = "owners, then cuts, then people"

MODEL = "model"
RAW_RATE = "raw_rate"
EXCHANGED = "exchanged"
FROM_THEM = "from_them"
BASELINES = (RAW_RATE, EXCHANGED, FROM_THEM)
NAMES = {
    MODEL: "goodword communication",
    RAW_RATE: "raw past reply rate",
    EXCHANGED: "messages exchanged before the cut",
    FROM_THEM: "messages they sent you before the cut",
}
PROBABILITIES = frozenset({MODEL, RAW_RATE})  # the others only rank: no Brier, no calibration


@dataclass(frozen=True, slots=True)
class CalibrationBin:
    """Asks whose predicted reply chance fell in [low, high): predicted versus observed."""

    low: float
    high: float
    count: int
    predicted: float | None
    observed: float | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "from": round(self.low, 2),
            "to": round(min(self.high, 1.0), 2),
            "asks": self.count,
            "predicted": None if self.predicted is None else round(self.predicted, 3),
            "observed": None if self.observed is None else round(self.observed, 3),
        }


@dataclass(frozen=True, slots=True)
class Method:
    """One way of predicting replies, and how it did (``brier`` None for a count)."""

    name: str
    auc: float | None
    brier: float | None
    calibration: tuple[CalibrationBin, ...]
    key: str = MODEL

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "key": self.key,
            "name": self.name,
            "auc": None if self.auc is None else round(self.auc, 3),
            "brier": None if self.brier is None else round(self.brier, 4),
            "calibration": [b.as_dict() for b in self.calibration],
        }


@dataclass(frozen=True, slots=True)
class Judged:
    """One later ask: who it went to, what each method predicted, and whether they answered.

    ``baseline`` is the raw past reply rate; ``exchanged`` and ``from_them``
    the two count baselines; ``scored`` whether the model had a score (else
    ``model`` is the owner's pooled past rate). ``owner`` and ``cut`` name the
    group the ask is ranked within.
    """

    person: Hashable
    model: float
    baseline: float
    answered: bool
    asked_at: datetime | None = None
    exchanged: int = 0
    from_them: int = 0
    scored: bool = True
    cut: int = 0
    owner: Hashable = ""

    def predicted(self, key: str) -> float:
        """What the method called ``key`` predicted for this ask."""
        return float(_PREDICTIONS[key](self))


_PREDICTIONS: dict[str, Callable[[Judged], float]] = {
    MODEL: lambda row: row.model,
    RAW_RATE: lambda row: row.baseline,
    EXCHANGED: lambda row: row.exchanged,
    FROM_THEM: lambda row: row.from_them,
}


@dataclass(frozen=True, slots=True)
class Interval:
    """A point estimate and its bootstrap interval (None where undefined)."""

    estimate: float | None
    low: float | None
    high: float | None

    def as_dict(self, digits: int) -> dict[str, float | None]:
        """JSON-ready form."""
        return {
            key: None if value is None else round(value, digits)
            for key, value in (("estimate", self.estimate), ("low", self.low), ("high", self.high))
        }


@dataclass(frozen=True, slots=True)
class Difference:
    """Model minus one baseline in AUC (higher is better) and Brier score (lower is better)."""

    auc: Interval
    brier: Interval
    resamples: int
    seed: int
    level: float = LEVEL

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "auc": self.auc.as_dict(3),
            "brier": self.brier.as_dict(4),
            "level": self.level,
            "resampled": RESAMPLED,
            "resamples": self.resamples,
            "seed": self.seed,
        }


@dataclass(frozen=True, slots=True)
class Scorecard:
    """How the model and each baseline did on a set of judged asks (one cut, an owner, or many)."""

    asks: int
    answered: int
    people: int
    owners: int
    scored: int
    methods: tuple[Method, ...]
    differences: dict[str, Difference] = field(default_factory=dict)

    @property
    def coverage(self) -> float | None:
        """Share of the judged asks whose person the model scored."""
        return self.scored / self.asks if self.asks else None

    def method(self, key: str) -> Method:
        """The method called ``key`` (model, raw_rate, exchanged, from_them)."""
        return next(m for m in self.methods if m.key == key)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "asks": self.asks,
            "answered": self.answered,
            "people": self.people,
            "owners": self.owners,
            "coverage": None if self.coverage is None else round(self.coverage, 3),
            "methods": [m.as_dict() for m in self.methods],
            "differences": {key: d.as_dict() for key, d in self.differences.items()},
        }


@dataclass(frozen=True, slots=True)
class Window:
    """One cut: what the model learned from before it, and the asks judged after it."""

    cut: datetime
    until: datetime
    asks_before: int
    answered_before: int
    asks_after: int
    new_contacts: int
    card: Scorecard

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (no intervals: those are for the whole back-test)."""
        return {
            "cut": self.cut.isoformat(),
            "until": self.until.isoformat(),
            "asks_before": self.asks_before,
            "answered_before": self.answered_before,
            "asks_after": self.asks_after,
            "new_contacts": self.new_contacts,
            "asks_judged": self.card.asks,
            "replied": self.card.answered,
            "people": self.card.people,
            "coverage": None if self.card.coverage is None else round(self.card.coverage, 3),
            "methods": [m.as_dict() for m in self.card.methods],
        }


@dataclass(frozen=True, slots=True)
class Backtest:
    """The result for one owner: each cut, and all cuts pooled within the owner."""

    until: datetime
    windows: tuple[Window, ...]
    card: Scorecard
    judged: tuple[Judged, ...] = ()

    @property
    def split(self) -> datetime:
        """The first cut."""
        return self.windows[0].cut

    @property
    def asks_before(self) -> int:
        """The owner's judged asks before the first cut."""
        return self.windows[0].asks_before

    @property
    def answered_before(self) -> int:
        """Of those, the ones answered."""
        return self.windows[0].answered_before

    @property
    def asks_after(self) -> int:
        """Asks opened after the first cut (judged or to new contacts)."""
        return sum(w.asks_after for w in self.windows)

    @property
    def new_contacts(self) -> int:
        """Later asks to people first contacted after their cut: counted, not judged."""
        return sum(w.new_contacts for w in self.windows)

    @property
    def asks_judged(self) -> int:
        """Later asks judged."""
        return self.card.asks

    @property
    def asks_unscored(self) -> int:
        """Judged asks the model had no score for (predicted at the pooled rate)."""
        return self.card.asks - self.card.scored

    @property
    def replied_after(self) -> int:
        """Judged asks answered."""
        return self.card.answered

    @property
    def people(self) -> int:
        """People judged (once each, whichever cuts they appear in)."""
        return self.card.people

    @property
    def model(self) -> Method:
        """The communication score."""
        return self.card.method(MODEL)

    @property
    def baseline(self) -> Method:
        """The raw past reply rate."""
        return self.card.method(RAW_RATE)

    @property
    def difference(self) -> Difference:
        """Model minus the raw past reply rate."""
        return self.card.differences[RAW_RATE]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        coverage = self.card.coverage
        return {
            "split": self.split.isoformat(),
            "until": self.until.isoformat(),
            "cuts": [w.as_dict() for w in self.windows],
            "asks_before": self.asks_before,
            "asks_after": self.asks_after,
            "asks_judged": self.asks_judged,
            "new_contacts": self.new_contacts,
            "asks_unscored": self.asks_unscored,
            "coverage": None if coverage is None else round(coverage, 3),
            "replied_after": self.replied_after,
            "people": self.people,
            "model": self.model.as_dict(),
            "baseline": self.baseline.as_dict(),
            "baselines": [self.card.method(key).as_dict() for key in BASELINES],
            "difference": self.difference.as_dict(),
            "differences": {key: d.as_dict() for key, d in self.card.differences.items()},
        }


def auc(pairs: list[tuple[float, bool]]) -> float | None:
    """Area under the ROC curve by ranks (ties share their average rank); None if one class is empty."""
    positives = sum(1 for _, label in pairs if label)
    negatives = len(pairs) - positives
    if not positives or not negatives:
        return None
    ordered = sorted(pairs, key=lambda pair: pair[0])
    rank_sum = 0.0
    index = 0
    while index < len(ordered):
        end = index
        while end + 1 < len(ordered) and ordered[end + 1][0] == ordered[index][0]:
            end += 1
        average_rank = (index + end) / 2 + 1
        rank_sum += average_rank * sum(1 for _, label in ordered[index : end + 1] if label)
        index = end + 1
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def brier(pairs: list[tuple[float, bool]]) -> float | None:
    """Mean squared error of the predicted probabilities."""
    if not pairs:
        return None
    return sum((p - float(label)) ** 2 for p, label in pairs) / len(pairs)


def calibration(pairs: list[tuple[float, bool]]) -> tuple[CalibrationBin, ...]:
    """Predicted versus observed reply rates in fixed bins."""
    found = []
    for low, high in pairwise(BINS):
        inside = [(p, label) for p, label in pairs if low <= p < high]
        found.append(
            CalibrationBin(
                low,
                high,
                len(inside),
                sum(p for p, _ in inside) / len(inside) if inside else None,
                sum(label for _, label in inside) / len(inside) if inside else None,
            )
        )
    return tuple(found)


# -- within-owner ranking and the cluster bootstrap

# One method's predictions in one group, grouped by person and value, sorted by value:
# each cell is (prediction, person index, answered, unanswered), so a resample costs one pass.
_Cells = list[tuple[float, int, int, int]]


@dataclass(slots=True)
class _Group:
    """One owner's asks at one cut, ready to be resampled by person."""

    size: int  # people
    cells: dict[str, _Cells]
    squared: list[float]  # per person: model's squared errors less the raw rate's
    asks: list[int]


def _group(rows: Sequence[Judged]) -> _Group:
    index: dict[Hashable, int] = {}
    for row in rows:
        index.setdefault(row.person, len(index))
    cells: dict[str, _Cells] = {}
    for key in (MODEL, *BASELINES):
        counts: dict[tuple[float, int], list[int]] = {}
        for row in rows:
            cell = counts.setdefault((row.predicted(key), index[row.person]), [0, 0])
            cell[0 if row.answered else 1] += 1
        cells[key] = sorted((p, person, yes, no) for (p, person), (yes, no) in counts.items())
    squared = [0.0] * len(index)
    asks = [0] * len(index)
    for row in rows:
        at = index[row.person]
        label = float(row.answered)
        squared[at] += (row.model - label) ** 2 - (row.baseline - label) ** 2
        asks[at] += 1
    return _Group(len(index), cells, squared, asks)


def _groups(judged: Sequence[Judged]) -> dict[Hashable, list[_Group]]:
    """Owner → one group per cut, in the order first seen."""
    rows: dict[Hashable, dict[int, list[Judged]]] = {}
    for row in judged:
        rows.setdefault(row.owner, {}).setdefault(row.cut, []).append(row)
    return {owner: [_group(r) for r in cuts.values()] for owner, cuts in rows.items()}


def _weighted_pairs(cells: _Cells, times: list[int]) -> tuple[float, float]:
    """Concordant pairs (ties count half) and all answered×unanswered pairs, people weighted."""
    area = positives = negatives = 0.0
    at = 0
    while at < len(cells):
        end, yes, no = at, 0.0, 0.0
        while end < len(cells) and cells[end][0] == cells[at][0]:
            _, person, answered, unanswered = cells[end]
            yes += times[person] * answered
            no += times[person] * unanswered
            end += 1
        area += yes * (negatives + no / 2)
        positives += yes
        negatives += no
        at = end
    return area, positives * negatives


def within_owner_auc(judged: Sequence[Judged], key: str = MODEL) -> float | None:
    """AUC over pairs of asks of the same owner at the same cut, pooled by summing pairs.

    None when no group has both an answered and an unanswered ask.
    """
    area = pairs = 0.0
    for groups in _groups(judged).values():
        for group in groups:
            a, p = _weighted_pairs(group.cells[key], [1] * group.size)
            area, pairs = area + a, pairs + p
    return area / pairs if pairs else None


def _percentile(ordered: list[float], share: float) -> float:
    spot = share * (len(ordered) - 1)
    low = math.floor(spot)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (spot - low)


def _interval(estimate: float | None, draws: list[float], level: float) -> Interval:
    if estimate is None or not draws:
        return Interval(estimate, None, None)
    draws.sort()
    tail = (1 - level) / 2
    return Interval(estimate, _percentile(draws, tail), _percentile(draws, 1 - tail))


def _difference(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def bootstrap(
    judged: Sequence[Judged],
    *,
    resamples: int = RESAMPLES,
    seed: int = SEED,
    level: float = LEVEL,
) -> dict[str, Difference]:
    """Model minus each baseline (AUC within owner; Brier for the raw rate), with intervals.

    Each resample draws as many owners as there are, with replacement; for
    each owner drawn, as many of its cuts; for each cut drawn, as many of its
    people, keeping all of a person's asks. All methods are scored on the same
    draw (paired). A draw with no answered-and-unanswered pair has no AUC and
    is skipped for it. ``resamples=0`` gives the estimates alone.
    """
    groups = _groups(judged)
    everything = [g for cuts in groups.values() for g in cuts]

    def pooled(draw: list[tuple[_Group, list[int]]]) -> tuple[dict[str, float | None], float]:
        area = dict.fromkeys((MODEL, *BASELINES), 0.0)
        pairs = squared = asks = 0.0
        for group, times in draw:
            for key in area:
                a, pairs_here = _weighted_pairs(group.cells[key], times)
                area[key] += a
            pairs += pairs_here
            squared += sum(t * d for t, d in zip(times, group.squared, strict=True))
            asks += sum(t * n for t, n in zip(times, group.asks, strict=True))
        aucs = {key: (a / pairs if pairs else None) for key, a in area.items()}
        return aucs, (squared / asks if asks else math.nan)

    whole, brier_whole = pooled([(g, [1] * g.size) for g in everything])
    auc_draws: dict[str, list[float]] = {key: [] for key in BASELINES}
    brier_draws: list[float] = []
    rng = random.Random(seed)
    owners = list(groups)
    for _ in range(resamples if everything else 0):
        draw = []
        for owner in rng.choices(owners, k=len(owners)):
            cuts = groups[owner]
            for group in rng.choices(cuts, k=len(cuts)):
                times = [0] * group.size
                for at in rng.choices(range(group.size), k=group.size):
                    times[at] += 1
                draw.append((group, times))
        aucs, brier_draw = pooled(draw)
        for key in BASELINES:
            gap = _difference(aucs[MODEL], aucs[key])
            if gap is not None:
                auc_draws[key].append(gap)
        brier_draws.append(brier_draw)
    brier_estimate = brier_whole if everything else None
    no_brier = Interval(None, None, None)
    return {
        key: Difference(
            _interval(_difference(whole[MODEL], whole[key]), auc_draws[key], level),
            _interval(brier_estimate, brier_draws, level) if key == RAW_RATE else no_brier,
            resamples,
            seed,
            level,
        )
        for key in BASELINES
    }


def compare(
    judged: Sequence[Judged], *, resamples: int = RESAMPLES, seed: int = SEED, level: float = LEVEL
) -> Difference:
    """Model minus the raw past reply rate, with the cluster bootstrap of :func:`bootstrap`."""
    return bootstrap(judged, resamples=resamples, seed=seed, level=level)[RAW_RATE]


def scorecard(
    judged: Sequence[Judged], *, resamples: int = RESAMPLES, seed: int = SEED, level: float = LEVEL
) -> Scorecard:
    """The model and each baseline on ``judged`` (any number of owners and cuts), with intervals."""
    methods = []
    for key in (MODEL, *BASELINES):
        pairs = [(row.predicted(key), row.answered) for row in judged]
        probability = key in PROBABILITIES
        methods.append(
            Method(
                NAMES[key],
                within_owner_auc(judged, key),
                brier(pairs) if probability else None,
                calibration(pairs) if probability else (),
                key,
            )
        )
    return Scorecard(
        asks=len(judged),
        answered=sum(row.answered for row in judged),
        people=len({(row.owner, row.person) for row in judged}),
        owners=len({row.owner for row in judged}),
        scored=sum(row.scored for row in judged),
        methods=tuple(methods),
        differences=bootstrap(judged, resamples=resamples, seed=seed, level=level),
    )


# -- the back-test itself


def _rate(found: dict[int, Exchange]) -> tuple[int, int]:
    asked = sum(len(e.asks) for e in found.values())
    replied = sum(a.replied_at is not None for e in found.values() for a in e.asks)
    return asked, replied


def _known(history: Exchange | None) -> bool:
    """Whether the owner had any exchange with them: a message either way, or a group thread."""
    if history is None:
        return False
    return bool(history.sent_by_owner + history.sent_by_them or history.group_messages)


def _window(
    messages: list[MessageFact],
    self_id: int,
    later: dict[int, Exchange],
    span: tuple[datetime, datetime],
    index: int,
    owner: Hashable,
) -> tuple[Window, list[Judged]]:
    """Score as of ``span[0]`` from what came before it; judge the asks opened in ``span``."""
    cut, end = span
    past = exchanges([msg for msg in messages if msg.occurred_at < cut], self_id, cut)
    prior = communication.network_prior(past, cut)
    asked, replied = _rate(past)
    pooled = replied / asked if asked else 0.5
    judged: list[Judged] = []
    asks_after = new = 0
    for person_id, exchange in later.items():
        future = [ask for ask in exchange.asks if cut <= ask.opened_at < end]
        if not future:
            continue
        asks_after += len(future)
        history = past.get(person_id)
        if history is None or not _known(history):
            new += len(future)
            continue
        score = communication.score(history, prior, cut)
        scored = score.value is not None
        # The chance itself, not the JSON's three decimals: an archive that keeps few answers
        # gives chances below 0.001 that still rank.
        model = score.value if score.value is not None else pooled
        raw = (
            sum(a.replied_at is not None for a in history.asks) / len(history.asks)
            if history.asks
            else pooled
        )
        exchanged = history.sent_by_owner + history.sent_by_them
        judged.extend(
            Judged(
                person_id,
                model,
                raw,
                ask.replied_at is not None,
                ask.opened_at,
                exchanged,
                history.sent_by_them,
                scored,
                index,
                owner,
            )
            for ask in future
        )
    card = scorecard(judged, resamples=0)
    return Window(cut, end, asked, replied, asks_after, new, card), judged


def backtest(
    messages: list[MessageFact],
    self_id: int,
    cuts: Sequence[datetime],
    until: datetime,
    *,
    owner: Hashable = "",
    resamples: int = RESAMPLES,
    seed: int = SEED,
) -> Backtest:
    """Score as of each cut (messages before it); judge the asks opened up to the next cut or ``until``.

    ``messages`` must be sorted by time; ``cuts`` must come before ``until``.
    ``owner`` labels the judged asks, so several owners' asks can be pooled
    (:func:`scorecard`) without ever being ranked against each other.
    """
    ordered = sorted(set(cuts))
    if not ordered or ordered[-1] >= until:
        raise ValueError("a back-test needs at least one cut, each before the end")
    later = exchanges([msg for msg in messages if msg.occurred_at < until], self_id, until)
    windows = []
    judged: list[Judged] = []
    for index, span in enumerate(zip(ordered, [*ordered[1:], until], strict=True)):
        window, rows = _window(messages, self_id, later, span, index, owner)
        windows.append(window)
        judged.extend(rows)
    return Backtest(
        until=until,
        windows=tuple(windows),
        card=scorecard(judged, resamples=resamples, seed=seed),
        judged=tuple(judged),
    )


def _opened(messages: list[MessageFact], self_id: int, until: datetime) -> list[datetime]:
    found = exchanges([m for m in messages if m.occurred_at < until], self_id, until)
    return sorted(ask.opened_at for e in found.values() for ask in e.asks)


def default_split(
    messages: list[MessageFact], self_id: int, until: datetime, share: float = 0.7
) -> datetime:
    """The moment by which ``share`` of the owner's direct asks had been sent (``until`` if none)."""
    opened = _opened(messages, self_id, until)
    if not opened:
        return until
    return opened[min(len(opened) - 1, int(len(opened) * share))]


def shares(count: int) -> tuple[float, ...]:
    """Where ``count`` cuts fall, as shares of the owner's asks: spread from 55% to 85%."""
    if count == len(SHARES):
        return SHARES
    if count == 1:
        return (0.7,)
    return tuple(SHARES[0] + (SHARES[-1] - SHARES[0]) * i / (count - 1) for i in range(count))


def default_cuts(
    messages: list[MessageFact], self_id: int, until: datetime, count: int = len(SHARES)
) -> list[datetime]:
    """``count`` cut dates over the later part of the owner's asks (fewer if they coincide)."""
    opened = _opened(messages, self_id, until)
    if not opened:
        return []
    found = {opened[min(len(opened) - 1, int(len(opened) * share))] for share in shares(count)}
    return sorted(found)


def shortfall(result: Backtest | None) -> str | None:
    """What is missing for a back-test worth reading, in one line naming the fix (None if enough).

    It needs :data:`MIN_ASKS` asks before the first cut with some answered,
    and as many judged after, some answered and some not (else AUC is undefined).
    """
    before = answered_before = judged = answered = 0
    where = ""
    if result is not None:
        before, answered_before = result.asks_before, result.answered_before
        judged, answered = result.asks_judged, result.replied_after
        where = f" {result.split:%Y-%m-%d}"
    enough = (
        before >= MIN_ASKS and answered_before > 0 and judged >= MIN_ASKS and 0 < answered < judged
    )
    if enough:
        return None
    return (
        f"eval needs at least {MIN_ASKS} direct messages of yours with answers before and "
        f"after a cut (some answered, some not); found {before} before the cut{where} "
        f"({answered_before} answered) and {judged} judged after it ({answered} answered): "
        "import more of your mail or LinkedIn messages (with --me), or move --split or --until"
    )
