"""Back-test the communication score on the owner's own history.

Split the history at a date; score everyone from the messages before it;
then check who actually answered the owner's direct asks after it. The
model is compared with a naive baseline — each contact's raw past reply
rate — by AUC (does a higher score mean a likelier answer?) and Brier score
(are the probabilities right?), with a calibration table for each.

The asks judged after the split are the ones the score learns from before
it (:func:`goodword.evidence.threads.exchanges`): the owner reaching out —
opening a conversation or following up their own unanswered message — and
never the owner's answer to a message of theirs, which nobody owes a reply
to. Both methods are graded on exactly the same asks.

How sure is the comparison? Later asks to one person are not independent
(someone who ignores you ignores you again), so :func:`compare` resamples
*people*, not asks: a paired bootstrap of the model-minus-baseline
differences in AUC and Brier score, with a fixed seed so the same history
always prints the same interval. An interval that straddles 0 means the
history is too short to tell the two apart.
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import Any

from goodword.evidence import communication
from goodword.evidence.threads import exchanges
from goodword.store.facts import MessageFact

BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0001)
RESAMPLES = 1000
SEED = 20_240_801  # fixed: the same history always prints the same interval
LEVEL = 0.95


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
    """One way of predicting replies, and how it did."""

    name: str
    auc: float | None
    brier: float | None
    calibration: tuple[CalibrationBin, ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "name": self.name,
            "auc": None if self.auc is None else round(self.auc, 3),
            "brier": None if self.brier is None else round(self.brier, 4),
            "calibration": [b.as_dict() for b in self.calibration],
        }


@dataclass(frozen=True, slots=True)
class Judged:
    """One later ask: whom it went to, what each method predicted, and whether they answered.

    ``asked_at`` is when the ask was opened (None where the caller did not say).
    """

    person: Hashable
    model: float
    baseline: float
    answered: bool
    asked_at: datetime | None = None


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
    """Model minus baseline in AUC (higher is better) and Brier score (lower is better)."""

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
            "resampled": "people",
            "resamples": self.resamples,
            "seed": self.seed,
        }


@dataclass(frozen=True, slots=True)
class Backtest:
    """The result: what was tested, and how the model and the baseline did."""

    split: datetime
    until: datetime
    asks_before: int
    asks_after: int
    asks_judged: int
    asks_unscored: int
    replied_after: int
    people: int
    model: Method
    baseline: Method
    difference: Difference
    judged: tuple[Judged, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "split": self.split.isoformat(),
            "until": self.until.isoformat(),
            "asks_before": self.asks_before,
            "asks_after": self.asks_after,
            "asks_judged": self.asks_judged,
            "asks_unscored": self.asks_unscored,
            "replied_after": self.replied_after,
            "people": self.people,
            "model": self.model.as_dict(),
            "baseline": self.baseline.as_dict(),
            "difference": self.difference.as_dict(),
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


def _method(name: str, pairs: list[tuple[float, bool]]) -> Method:
    return Method(name, auc(pairs), brier(pairs), calibration(pairs))


# One method's predictions grouped by person and value, sorted by value: each cell is
# (prediction, person index, answered, unanswered), so a resample costs one pass.
_Cells = list[tuple[float, int, int, int]]


def _cells(judged: Sequence[Judged], index: dict[Hashable, int], model: bool) -> _Cells:
    counts: dict[tuple[float, int], list[int]] = {}
    for row in judged:
        key = (row.model if model else row.baseline, index[row.person])
        cell = counts.setdefault(key, [0, 0])
        cell[0 if row.answered else 1] += 1
    return sorted((p, person, yes, no) for (p, person), (yes, no) in counts.items())


def _weighted_auc(cells: _Cells, times: list[int]) -> float | None:
    """AUC with each person's asks counted ``times[person]`` times (ties count half)."""
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
    if not positives or not negatives:
        return None
    return area / (positives * negatives)


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


def compare(
    judged: Sequence[Judged], *, resamples: int = RESAMPLES, seed: int = SEED, level: float = LEVEL
) -> Difference:
    """Model minus baseline in AUC and Brier score, with a paired bootstrap interval over people.

    Each resample draws as many people as were judged, with replacement, and
    keeps all the asks of each one drawn, scoring both methods on the same
    draw (paired). Resamples where nobody (or everybody) answered have no AUC
    and are skipped for it.
    """
    people = list(dict.fromkeys(row.person for row in judged))
    index = {person: at for at, person in enumerate(people)}
    model_pairs = [(row.model, row.answered) for row in judged]
    baseline_pairs = [(row.baseline, row.answered) for row in judged]
    model_auc, baseline_auc = auc(model_pairs), auc(baseline_pairs)
    model_brier, baseline_brier = brier(model_pairs), brier(baseline_pairs)
    auc_estimate = None if model_auc is None or baseline_auc is None else model_auc - baseline_auc
    brier_estimate = (
        None if model_brier is None or baseline_brier is None else model_brier - baseline_brier
    )
    squared = [0.0] * len(people)  # per person: model's squared errors less the baseline's
    asks = [0] * len(people)
    for row in judged:
        at = index[row.person]
        label = float(row.answered)
        squared[at] += (row.model - label) ** 2 - (row.baseline - label) ** 2
        asks[at] += 1
    model_cells, baseline_cells = _cells(judged, index, True), _cells(judged, index, False)
    rng = random.Random(seed)
    auc_draws: list[float] = []
    brier_draws: list[float] = []
    for _ in range(resamples if people else 0):
        times = [0] * len(people)
        for at in rng.choices(range(len(people)), k=len(people)):
            times[at] += 1
        brier_draws.append(
            sum(t * d for t, d in zip(times, squared, strict=True))
            / sum(t * n for t, n in zip(times, asks, strict=True))
        )
        model_draw = _weighted_auc(model_cells, times)
        baseline_draw = _weighted_auc(baseline_cells, times)
        if model_draw is not None and baseline_draw is not None:
            auc_draws.append(model_draw - baseline_draw)
    return Difference(
        _interval(auc_estimate, auc_draws, level),
        _interval(brier_estimate, brier_draws, level),
        resamples,
        seed,
        level,
    )


def backtest(
    messages: list[MessageFact],
    self_id: int,
    split: datetime,
    until: datetime,
    *,
    resamples: int = RESAMPLES,
    seed: int = SEED,
) -> Backtest:
    """Score from messages before ``split``; judge on the asks opened between it and ``until``."""
    before = [msg for msg in messages if msg.occurred_at < split]
    past = exchanges(before, self_id, split)
    prior = communication.network_prior(past, split)
    after = exchanges([msg for msg in messages if msg.occurred_at < until], self_id, until)
    judged: list[Judged] = []
    asks_after = unscored = 0
    for person_id, exchange in after.items():
        future = [ask for ask in exchange.asks if ask.opened_at >= split]
        asks_after += len(future)
        if not future:
            continue
        history = past.get(person_id)
        if history is None or not history.asks:
            unscored += len(future)
            continue
        score = communication.score(history, prior, split)
        probability = float(score.details["reply_rate"])
        raw = sum(a.replied_at is not None for a in history.asks) / len(history.asks)
        judged.extend(
            Judged(person_id, probability, raw, ask.replied_at is not None, ask.opened_at)
            for ask in future
        )
    return Backtest(
        split=split,
        until=until,
        asks_before=sum(len(e.asks) for e in past.values()),
        asks_after=asks_after,
        asks_judged=len(judged),
        asks_unscored=unscored,
        replied_after=sum(row.answered for row in judged),
        people=len({row.person for row in judged}),
        model=_method("goodword communication", [(r.model, r.answered) for r in judged]),
        baseline=_method("raw past reply rate", [(r.baseline, r.answered) for r in judged]),
        difference=compare(judged, resamples=resamples, seed=seed),
        judged=tuple(judged),
    )


def default_split(
    messages: list[MessageFact], self_id: int, until: datetime, share: float = 0.7
) -> datetime:
    """The moment by which ``share`` of the owner's direct asks had been sent."""
    found = exchanges([m for m in messages if m.occurred_at < until], self_id, until)
    opened = sorted(ask.opened_at for e in found.values() for ask in e.asks)
    if not opened:
        return until
    return opened[min(len(opened) - 1, int(len(opened) * share))]
