"""Back-test the communication score on the owner's own history.

Split the history at a date; score everyone from the messages before it;
then check who actually answered the owner's direct asks after it. The
model is compared with a naive baseline — each contact's raw past reply
rate — by AUC (does a higher score mean a likelier answer?) and Brier score
(are the probabilities right?), with a calibration table for each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import Any

from goodword.evidence import communication
from goodword.evidence.threads import exchanges
from goodword.store.queries import MessageFact

BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0001)


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


def backtest(
    messages: list[MessageFact], self_id: int, split: datetime, until: datetime
) -> Backtest:
    """Score from messages before ``split``; judge on the asks opened between it and ``until``."""
    before = [msg for msg in messages if msg.occurred_at < split]
    past = exchanges(before, self_id, split)
    prior = communication.network_prior(past, split)
    after = exchanges([msg for msg in messages if msg.occurred_at < until], self_id, until)
    model_pairs: list[tuple[float, bool]] = []
    baseline_pairs: list[tuple[float, bool]] = []
    asks_after = unscored = replied = 0
    people = set()
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
        people.add(person_id)
        for ask in future:
            answered = ask.replied_at is not None
            replied += answered
            model_pairs.append((probability, answered))
            baseline_pairs.append((raw, answered))
    return Backtest(
        split=split,
        until=until,
        asks_before=sum(len(e.asks) for e in past.values()),
        asks_after=asks_after,
        asks_judged=len(model_pairs),
        asks_unscored=unscored,
        replied_after=replied,
        people=len(people),
        model=_method("goodword communication", model_pairs),
        baseline=_method("raw past reply rate", baseline_pairs),
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
