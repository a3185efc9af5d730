"""Communication scenarios: will they answer, and how fast."""

from __future__ import annotations

from datetime import timedelta

from goodword.evidence.threads import exchanges
from tests.factories import SELF_ID, days_ago, network


def test_one_reply_out_of_one_does_not_beat_45_out_of_50() -> None:
    net = network()
    lucky = net.person("Lucky One")
    net.conversation(lucky, asks=1, replies=1)
    steady = net.person("Steady Responder")
    net.conversation(steady, asks=50, replies=45, every_days=5)
    scores = net.assess()
    assert scores[steady].communication.value > scores[lucky].communication.value  # type: ignore[operator]
    assert scores[steady].communication.confidence > scores[lucky].communication.confidence


def test_fast_repliers_beat_slow_ones_at_the_same_rate() -> None:
    net = network()
    fast = net.person("Fast")
    net.conversation(fast, asks=10, replies=9, reply_hours=2)
    slow = net.person("Slow")
    net.conversation(slow, asks=10, replies=9, reply_hours=24 * 9)
    scores = net.assess()
    assert scores[fast].communication.value > scores[slow].communication.value  # type: ignore[operator]
    assert "median reply 2.0 h" in scores[fast].communication.why
    assert "9.0 days" in scores[slow].communication.why


def test_silence_scores_low_and_says_so() -> None:
    net = network()
    silent = net.person("Silent")
    net.conversation(silent, asks=8, replies=0)
    score = net.assess()[silent].communication
    assert score.value is not None and score.value < 0.35
    assert score.details["asked"] == 8 and score.details["replied"] == 0
    assert "replied to 0 of 8 direct messages" in score.why


def test_never_written_to_is_unknown_not_zero() -> None:
    net = network()
    stranger = net.person("Stranger")
    score = net.assess()[stranger].communication
    assert score.value is None
    assert score.confidence == 0
    assert "never wrote to them" in score.why


def test_recent_behaviour_weighs_more_than_old() -> None:
    """Two people with the same record, one answering lately and one only years ago."""
    net = network()
    lately = net.person("Answers lately")
    net.conversation(lately, asks=5, replies=0, start=days_ago(6 * 365), every_days=10)
    net.conversation(lately, asks=5, replies=5, start=days_ago(200), every_days=10)
    formerly = net.person("Answered formerly")
    net.conversation(formerly, asks=5, replies=5, start=days_ago(6 * 365), every_days=10)
    net.conversation(formerly, asks=5, replies=0, start=days_ago(200), every_days=10)
    scores = net.assess()
    assert scores[lately].communication.value > scores[formerly].communication.value  # type: ignore[operator]


def test_follow_ups_before_a_reply_are_one_ask() -> None:
    net = network()
    asa = net.person("Åsa")
    net.message(SELF_ID, [asa], days_ago(100), "t1")
    net.message(SELF_ID, [asa], days_ago(98), "t1")  # a nudge
    net.message(asa, [SELF_ID], days_ago(96), "t1")
    found = exchanges(net.net.messages, SELF_ID, net.as_of)[asa]
    assert len(found.asks) == 1
    assert found.asks[0].latency_hours == 96


def test_group_chats_and_their_replies_do_not_count_as_answers() -> None:
    net = network()
    walid = net.person("Walid")
    lukas = net.person("Lukas")
    net.message(SELF_ID, [walid, lukas], days_ago(50), "group")
    net.message(lukas, [SELF_ID, walid], days_ago(49), "group")
    scores = net.assess()
    assert scores[lukas].communication.value is None
    assert exchanges(net.net.messages, SELF_ID, net.as_of)[lukas].group_messages == 2


def test_a_message_too_recent_to_judge_is_not_a_miss() -> None:
    net = network()
    new = net.person("Newly asked")
    net.message(SELF_ID, [new], net.as_of - timedelta(days=3), "t")
    score = net.assess()[new].communication
    assert score.value is None
    assert "too recent" in score.why


def test_as_of_ignores_later_replies() -> None:
    """Judged before the reply arrived, the ask is unanswered."""
    net = network()
    zoe = net.person("Zoë")
    net.message(SELF_ID, [zoe], days_ago(100), "t")
    net.message(zoe, [SELF_ID], days_ago(10), "t")
    net.net.messages = [m for m in net.net.messages if m.occurred_at < days_ago(30)]
    net.net.as_of = days_ago(30)
    assert net.assess()[zoe].communication.details["replied"] == 0


def test_an_answer_months_later_is_not_a_reply() -> None:
    net = network()
    late = net.person("Answers months later")
    net.message(SELF_ID, [late], days_ago(300), "t")
    net.message(late, [SELF_ID], days_ago(120), "t")
    found = exchanges(net.net.messages, SELF_ID, net.as_of)[late]
    assert len(found.asks) == 1
    assert found.asks[0].replied_at is None


def test_someone_who_used_to_answer_and_stopped_went_silent() -> None:
    net = network()
    drifting = net.person("Drifting away")
    net.conversation(drifting, asks=6, replies=6, start=days_ago(600), every_days=40)
    net.conversation(drifting, asks=3, replies=0, start=days_ago(200), every_days=30)
    steady = net.person("Steady")
    net.conversation(steady, asks=9, replies=9, start=days_ago(600), every_days=40)
    scores = net.assess()
    assert scores[drifting].communication.details["went_silent"] is True
    assert "went silent: no answer to your last 3 messages" in scores[drifting].communication.why
    assert scores[steady].communication.details["went_silent"] is False


def test_slower_than_usual_lately_is_said() -> None:
    net = network()
    slowing = net.person("Slowing down")
    net.conversation(slowing, asks=6, replies=6, reply_hours=3, start=days_ago(700), every_days=40)
    net.conversation(slowing, asks=3, replies=3, reply_hours=72, start=days_ago(200), every_days=30)
    score = net.assess()[slowing].communication
    assert score.details["slower_lately"] is True
    assert "slower than usual lately (median 3.0 days, usually 3.0 h)" in score.why
    steady = network()
    same = steady.person("Same pace")
    steady.conversation(same, asks=9, replies=9, reply_hours=3, start=days_ago(700), every_days=40)
    assert steady.assess()[same].communication.details["slower_lately"] is False


def test_group_email_threads_count_as_group_messages_too() -> None:

    net = network()
    walid = net.person("Walid")
    lukas = net.person("Lukas")
    net.message(SELF_ID, [walid, lukas], days_ago(50), "g")
    net.net.messages[-1] = net.net.messages[-1]._replace(kind="email")
    found = exchanges(net.net.messages, SELF_ID, net.as_of)
    assert found[walid].group_messages == 1
    assert found[lukas].group_messages == 1
