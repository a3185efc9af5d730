"""The back-test: split the history, score before, check who answered after."""

from __future__ import annotations

import json
import random

import pytest

from goodword.evidence.backtest import (
    Judged,
    auc,
    backtest,
    brier,
    calibration,
    compare,
    default_split,
)
from tests.factories import SELF_ID, days_ago, network


def test_auc_by_ranks() -> None:
    assert auc([(0.9, True), (0.1, False)]) == 1.0
    assert auc([(0.1, True), (0.9, False)]) == 0.0
    assert auc([(0.5, True), (0.5, False)]) == 0.5  # a tie is a coin toss
    assert auc([(0.8, True), (0.6, False), (0.7, True), (0.9, False)]) == pytest.approx(0.5)
    assert auc([(0.4, True), (0.3, True)]) is None  # nobody failed to answer: undefined


def test_brier_and_calibration_bins() -> None:
    pairs = [(0.9, True), (0.9, False), (0.1, False)]
    assert brier(pairs) == pytest.approx((0.01 + 0.81 + 0.01) / 3)
    bins = calibration(pairs)
    top = next(b for b in bins if b.low == 0.8)
    assert (top.count, top.predicted, top.observed) == (2, pytest.approx(0.9), 0.5)
    assert next(b for b in bins if b.low == 0.0).count == 1


def test_people_who_always_answered_still_answer_and_the_model_ranks_them_first() -> None:
    net = network()
    responsive = [net.person(f"Responsive {i}") for i in range(6)]
    silent = [net.person(f"Silent {i}") for i in range(6)]
    for person in responsive:
        net.conversation(person, asks=12, replies=11, start=days_ago(700), every_days=50)
    for person in silent:
        net.conversation(person, asks=12, replies=1, start=days_ago(700), every_days=50)
    newcomer = net.person("Newcomer")
    net.conversation(newcomer, asks=2, replies=2, start=days_ago(100), every_days=20)
    split = days_ago(300)
    result = backtest(net.net.messages, SELF_ID, split, net.as_of)
    assert result.people == 12
    assert result.asks_unscored == 2  # the newcomer had no history before the split
    assert result.model.auc is not None and result.model.auc >= 0.85
    assert result.model.brier is not None and result.baseline.brier is not None
    assert result.asks_judged == sum(b.count for b in result.model.calibration)


def test_smoothing_beats_the_raw_rate_when_history_is_thin() -> None:
    """One lucky reply makes the raw rate say 100%; the model stays humble."""
    net = network()
    for i in range(20):
        person = net.person(f"Usually slow {i}")
        # one answered ask before the split, then mostly silence
        net.conversation(person, asks=1, replies=1, start=days_ago(400))
        net.conversation(person, asks=4, replies=1, start=days_ago(200), every_days=30)
    result = backtest(net.net.messages, SELF_ID, days_ago(300), net.as_of)
    assert result.model.brier is not None and result.baseline.brier is not None
    assert result.model.brier < result.baseline.brier


def test_each_judged_ask_says_when_it_was_asked() -> None:
    """An ask's time lets a caller compare it with what was true then (a benchmark's oracle)."""
    net = network()
    person = net.person("Pen pal")
    net.conversation(person, asks=6, replies=6, start=days_ago(600), every_days=90)
    split = days_ago(350)
    result = backtest(net.net.messages, SELF_ID, split, net.as_of)
    asked = sorted(
        m.occurred_at for m in net.net.messages if m.sender_id == SELF_ID and m.occurred_at >= split
    )
    assert len(asked) == 3
    assert sorted(row.asked_at for row in result.judged if row.asked_at) == asked


def test_default_split_leaves_the_last_30_percent_of_asks_to_judge() -> None:
    net = network()
    person = net.person("Pen pal")
    net.conversation(person, asks=10, replies=10, start=days_ago(1000), every_days=90)
    split = default_split(net.net.messages, SELF_ID, net.as_of)
    after = [m for m in net.net.messages if m.sender_id == SELF_ID and m.occurred_at >= split]
    assert len(after) == 3


def _judged(people: int, asks_each: int, seed: int = 3) -> list[Judged]:
    """People who answer with a chance the model knows and the baseline only guesses at."""
    rng = random.Random(seed)
    rows = []
    for person in range(people):
        chance = rng.random()
        guess = min(1.0, max(0.0, chance + rng.uniform(-0.5, 0.5)))
        for _ in range(asks_each):
            rows.append(Judged(person, chance, guess, rng.random() < chance))
    return rows


def test_the_interval_holds_the_estimate_and_narrows_with_more_people() -> None:
    few = compare(_judged(people=15, asks_each=3))
    many = compare(_judged(people=400, asks_each=3))
    for difference in (few, many):
        for part in (difference.auc, difference.brier):
            assert part.low is not None and part.high is not None and part.estimate is not None
            assert part.low <= part.estimate <= part.high
    assert many.auc.high - many.auc.low < (few.auc.high - few.auc.low) / 2  # type: ignore[operator]
    assert many.brier.high - many.brier.low < few.brier.high - few.brier.low  # type: ignore[operator]
    assert many.auc.low > 0  # with 400 people the better model is told apart
    assert many.brier.high < 0


def test_people_are_resampled_not_asks() -> None:
    """Ten asks to one person are one piece of evidence about them, not ten: the interval is wider."""
    rows = _judged(people=30, asks_each=10)
    as_people = compare(rows)
    as_asks = compare([Judged(i, r.model, r.baseline, r.answered) for i, r in enumerate(rows)])
    assert as_people.auc.estimate == as_asks.auc.estimate
    assert as_people.auc.high is not None and as_people.auc.low is not None
    assert as_asks.auc.high is not None and as_asks.auc.low is not None
    width_people = as_people.auc.high - as_people.auc.low
    assert width_people > 1.5 * (as_asks.auc.high - as_asks.auc.low)


def test_the_interval_is_the_same_every_time() -> None:
    rows = _judged(people=40, asks_each=2)
    assert compare(rows) == compare(rows)
    assert compare(rows, seed=1) != compare(rows, seed=2)


def test_the_result_says_how_sure_the_comparison_is() -> None:
    net = network()
    for i in range(8):
        net.conversation(
            net.person(f"Responsive {i}"), asks=12, replies=11, start=days_ago(700), every_days=50
        )
        net.conversation(
            net.person(f"Silent {i}"), asks=12, replies=2, start=days_ago(700), every_days=50
        )
    result = backtest(net.net.messages, SELF_ID, days_ago(300), net.as_of)
    payload = json.loads(json.dumps(result.as_dict()))
    difference = payload["difference"]
    assert set(difference) == {"auc", "brier", "level", "resampled", "resamples", "seed"}
    assert difference["resampled"] == "people" and difference["level"] == 0.95
    assert result.model.auc is not None and result.baseline.auc is not None
    assert difference["auc"]["estimate"] == pytest.approx(
        result.model.auc - result.baseline.auc, abs=1e-3
    )
    assert difference["auc"]["low"] <= difference["auc"]["estimate"] <= difference["auc"]["high"]
    assert len(result.judged) == result.asks_judged
