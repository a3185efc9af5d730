"""The back-test: cut the history, score before each cut, check who answered after it."""

from __future__ import annotations

import json
import random

import pytest

from goodword.evidence.backtest import (
    BASELINES,
    EXCHANGED,
    FROM_THEM,
    MIN_ASKS,
    RAW_RATE,
    RESAMPLED,
    Judged,
    auc,
    backtest,
    bootstrap,
    brier,
    calibration,
    compare,
    default_cuts,
    default_split,
    scorecard,
    shortfall,
    within_owner_auc,
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
    result = backtest(net.net.messages, SELF_ID, [split], net.as_of)
    assert result.people == 12
    assert result.new_contacts == 2  # the newcomer had no history before the split: not judged
    assert result.asks_unscored == 0 and result.card.coverage == 1.0
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
    result = backtest(net.net.messages, SELF_ID, [days_ago(300)], net.as_of)
    assert result.model.brier is not None and result.baseline.brier is not None
    assert result.model.brier < result.baseline.brier


def test_each_judged_ask_says_when_it_was_asked() -> None:
    """An ask's time lets a caller compare it with what was true then (a benchmark's oracle)."""
    net = network()
    person = net.person("Pen pal")
    net.conversation(person, asks=6, replies=6, start=days_ago(600), every_days=90)
    split = days_ago(350)
    result = backtest(net.net.messages, SELF_ID, [split], net.as_of)
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
    result = backtest(net.net.messages, SELF_ID, [days_ago(300)], net.as_of)
    payload = json.loads(json.dumps(result.as_dict()))
    difference = payload["difference"]
    assert set(difference) == {"auc", "brier", "level", "resampled", "resamples", "seed"}
    assert difference["resampled"] == RESAMPLED and difference["level"] == 0.95
    assert set(payload["differences"]) == set(BASELINES)
    assert payload["differences"][EXCHANGED]["brier"]["estimate"] is None  # a count: no Brier
    assert [m["key"] for m in payload["baselines"]] == list(BASELINES)
    assert len(payload["cuts"]) == 1
    assert result.model.auc is not None and result.baseline.auc is not None
    assert difference["auc"]["estimate"] == pytest.approx(
        result.model.auc - result.baseline.auc, abs=1e-3
    )
    assert difference["auc"]["low"] <= difference["auc"]["estimate"] <= difference["auc"]["high"]
    assert len(result.judged) == result.asks_judged


# -- rolling cuts, who is judged, the baselines and within-owner pairing


def _asks_sent(net_messages: list, after: object) -> int:
    return sum(1 for m in net_messages if m.sender_id == SELF_ID and m.occurred_at >= after)


def test_three_rolling_cuts_judge_each_later_ask_once_as_of_its_own_cut() -> None:
    """20 asks to one pen pal: cuts at the 11th, 14th and 17th; each window judges its own asks."""
    net = network()
    pal = net.person("Pen pal")
    net.conversation(pal, asks=20, replies=20, start=days_ago(1000), every_days=40)
    cuts = default_cuts(net.net.messages, SELF_ID, net.as_of)
    opened = sorted(m.occurred_at for m in net.net.messages if m.sender_id == SELF_ID)
    assert cuts == [opened[11], opened[14], opened[17]]  # 55%, 70%, 85% of the asks
    result = backtest(net.net.messages, SELF_ID, cuts, net.as_of)
    assert [w.asks_before for w in result.windows] == [11, 14, 17]
    assert [w.card.asks for w in result.windows] == [3, 3, 3]  # the last 3 end with the history
    assert [w.until for w in result.windows] == [cuts[1], cuts[2], net.as_of]
    assert result.asks_judged == 9 == _asks_sent(net.net.messages, cuts[0])
    for index, window in enumerate(result.windows):
        rows = [row for row in result.judged if row.cut == index]
        assert all(window.cut <= row.asked_at < window.until for row in rows if row.asked_at)
    assert len(default_cuts(net.net.messages, SELF_ID, net.as_of, 5)) == 5


def test_a_later_cut_knows_what_happened_before_it_and_an_earlier_one_does_not() -> None:
    """She answered everything, then went quiet: only the later cut has seen the silence."""
    net = network()
    fading = net.person("Fading")
    net.conversation(fading, asks=8, replies=8, start=days_ago(900), every_days=30)
    net.conversation(fading, asks=8, replies=0, start=days_ago(500), every_days=30)
    for i in range(6):  # others, so the network prior has something to learn from
        other = net.person(f"Other {i}")
        net.conversation(other, asks=6, replies=3 + i % 3, start=days_ago(900), every_days=60)
    result = backtest(net.net.messages, SELF_ID, [days_ago(520), days_ago(300)], net.as_of)
    first = [r for r in result.judged if r.person == fading and r.cut == 0]
    second = [r for r in result.judged if r.person == fading and r.cut == 1]
    assert first and second and not any(r.answered for r in first + second)
    assert first[0].baseline == 1.0 and second[0].baseline == pytest.approx(8 / 15)
    assert first[0].model > second[0].model


def test_only_people_known_before_the_cut_are_judged_and_coverage_counts_the_scored() -> None:
    net = network()
    split = days_ago(300)
    for i in range(4):  # asked before and after: scored
        known = net.person(f"Known {i}")
        net.conversation(known, asks=6, replies=3 + i % 2, start=days_ago(700), every_days=40)
        net.conversation(known, asks=2, replies=i % 2, start=days_ago(250), every_days=30)
    wrote_first = net.person("Wrote to you once")  # never asked before the cut: judged, unscored
    net.message(wrote_first, [SELF_ID], days_ago(600), "hello")
    net.message(SELF_ID, [wrote_first], days_ago(200), "later")
    in_a_group = net.person("Met in a group thread")  # only a thread of three: judged too
    net.message(in_a_group, [SELF_ID, net.person("Third")], days_ago(650), "group")
    net.message(SELF_ID, [in_a_group], days_ago(180), "direct")
    net.message(in_a_group, [SELF_ID], days_ago(179), "direct")
    stranger = net.person("First contacted after the cut")
    net.conversation(stranger, asks=3, replies=3, start=days_ago(250), every_days=30)
    result = backtest(net.net.messages, SELF_ID, [split], net.as_of)
    assert result.new_contacts == 3
    assert result.asks_judged == 4 * 2 + 2
    # Anyone with a message either way gets a score (a group thread is enough: low confidence).
    assert result.asks_unscored == 0
    assert result.card.coverage == pytest.approx(1.0)
    by_person = {row.person: row for row in result.judged}
    assert (by_person[wrote_first].exchanged, by_person[wrote_first].from_them) == (1, 1)
    # a thread of three is small enough to count as writing to you (threads.FEW)
    assert (by_person[in_a_group].exchanged, by_person[in_a_group].from_them) == (1, 1)
    assert by_person[wrote_first].scored and by_person[in_a_group].scored


def test_count_baselines_rank_but_have_no_brier_score_or_calibration() -> None:
    """Those you talk with more answer more here: the counts rank them, without a probability."""
    net = network()
    for i in range(6):
        chatty = net.person(f"Chatty {i}")
        net.conversation(chatty, asks=8, replies=7, start=days_ago(800), every_days=40)
        for day in range(5):  # and they write to you on their own
            net.message(chatty, [SELF_ID], days_ago(700 - 20 * day), f"news-{chatty}-{day}")
        net.conversation(chatty, asks=3, replies=2, start=days_ago(400), every_days=60)
        quiet = net.person(f"Quiet {i}")
        net.conversation(quiet, asks=8, replies=2, start=days_ago(800), every_days=40)
        net.conversation(quiet, asks=3, replies=1, start=days_ago(400), every_days=60)
    result = backtest(net.net.messages, SELF_ID, [days_ago(420)], net.as_of)
    card = result.card
    for key in (EXCHANGED, FROM_THEM):
        method = card.method(key)
        assert method.brier is None and method.calibration == ()
        assert method.auc is not None and method.auc > 0.6
        assert card.differences[key].brier.estimate is None
    chatty_row = max(result.judged, key=lambda row: row.from_them)
    assert chatty_row.from_them == 5 + 7  # five on their own, seven replies before the cut
    assert chatty_row.exchanged == chatty_row.from_them + 8
    assert card.method(RAW_RATE).brier is not None
    assert card.differences[RAW_RATE].brier.estimate == pytest.approx(
        card.method("model").brier - card.method(RAW_RATE).brier  # type: ignore[operator]
    )


def test_asks_are_only_ranked_within_one_owner_and_one_cut() -> None:
    """Owner A's people all answer more than owner B's; the model ranks each owner's people right.

    Pooled naively, B's answered asks (low scores) fall below A's unanswered
    ones (high scores) and the AUC drops; within owner it is perfect.
    """
    rows = [
        Judged("a1", 0.9, 0.5, True, owner="A"),
        Judged("a2", 0.8, 0.5, False, owner="A"),
        Judged("b1", 0.3, 0.5, True, owner="B"),
        Judged("b2", 0.2, 0.5, False, owner="B"),
    ]
    naive = auc([(row.model, row.answered) for row in rows])
    assert naive == pytest.approx(0.75)
    assert within_owner_auc(rows) == 1.0
    assert scorecard(rows, resamples=50).method("model").auc == 1.0
    as_cuts = [
        Judged(r.person, r.model, r.baseline, r.answered, cut=i // 2) for i, r in enumerate(rows)
    ]
    assert within_owner_auc(as_cuts) == 1.0  # two cuts of one owner: kept apart the same way
    # Groups are pooled by their pairs: a group of 2×2 pairs weighs four times one of 1×1.
    bigger = rows[:2] + [
        Judged(f"c{i}", 0.1 if i < 2 else 0.9, 0.5, i < 2, owner="C") for i in range(4)
    ]
    assert within_owner_auc(bigger) == pytest.approx((1 + 0) / (1 + 4))


def test_the_bootstrap_repeats_itself_and_holds_its_estimates() -> None:
    """Twelve owners the model helps or hurts by different amounts; a fixed seed, the same draw."""
    rng = random.Random(7)
    rows = []
    for owner in range(12):
        skill = rng.uniform(-0.6, 0.6)  # the model helps some owners and hurts others
        for person in range(10):
            chance = rng.random()
            model = min(1.0, max(0.0, chance + skill * (chance - 0.5)))
            for _ in range(2):
                rows.append(Judged(person, model, 0.5, rng.random() < chance, owner=owner))
    by_owner = bootstrap(rows, resamples=300)
    assert by_owner == bootstrap(rows, resamples=300)  # fixed seed: the same every time
    assert by_owner != bootstrap(rows, resamples=300, seed=1)
    for key in BASELINES:
        difference = by_owner[key]
        if difference.auc.estimate is not None:
            assert difference.auc.low is not None and difference.auc.high is not None
            assert difference.auc.low <= difference.auc.estimate <= difference.auc.high
    flat = bootstrap(
        [Judged((r.owner, r.person), r.model, r.baseline, r.answered, owner=r.owner) for r in rows],
        resamples=0,
    )
    assert flat[RAW_RATE].auc.low is None  # no resamples: the estimate alone
    assert flat[RAW_RATE].auc.estimate == by_owner[RAW_RATE].auc.estimate


def test_too_little_history_says_what_it_needs() -> None:
    net = network()
    pal = net.person("Pen pal")
    net.conversation(pal, asks=6, replies=6, start=days_ago(600), every_days=60)
    result = backtest(net.net.messages, SELF_ID, [days_ago(300)], net.as_of)
    message = shortfall(result)
    assert message is not None
    assert message.startswith(f"eval needs at least {MIN_ASKS} direct messages of yours")
    assert "found 5 before the cut" in message and "1 judged after it (1 answered)" in message
    assert "import more" in message and "\n" not in message
    assert "found 0 before the cut (0 answered)" in str(shortfall(None))


def test_the_bootstrap_resamples_owners_and_cuts_not_only_people() -> None:
    """The model is perfect for one owner and backwards for the other: overall it is a coin toss.

    With 30 people each, resampling people alone would pin the difference
    near 0; drawing owners (or one owner's cuts) says the truth: it could be
    anywhere from much worse to much better, depending on whose history it is.
    """

    def judged(by_owner: bool) -> list[Judged]:
        found = []
        for at, right in enumerate((True, False)):
            for person in range(30):
                answered = person % 2 == 0
                model = 0.9 if answered == right else 0.1
                group = {"owner": at} if by_owner else {"cut": at}
                found += [Judged(person, model, 0.5, answered, **group) for _ in range(2)]
        return found

    for by_owner in (True, False):
        difference = bootstrap(judged(by_owner), resamples=400)[RAW_RATE].auc
        assert difference.estimate == pytest.approx(0.0)
        assert difference.low is not None and difference.high is not None
        assert difference.low <= -0.4 and difference.high >= 0.4
