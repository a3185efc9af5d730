"""Communication scenarios: will they answer, and how fast."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from goodword.evidence.communication import PRIOR_STRENGTH, Prior, network_prior
from goodword.evidence.threads import exchanges
from tests.factories import AS_OF, SELF_ID, NetworkBuilder, days_ago, network


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


def _history(
    net: NetworkBuilder, name: str, *, asks: int, replies: int, hours: float, starts: int
) -> int:
    """A contact with ``asks`` of the owner's messages (the first ``replies`` answered after
    ``hours``), who opened ``starts`` conversations of their own long before."""
    person = net.person(name)
    for index in range(starts):
        net.message(person, [SELF_ID], days_ago(1500 - 30 * index), f"hello-{person}-{index}")
    net.conversation(person, asks=asks, replies=replies, reply_hours=hours, every_days=15)
    return person


def test_someone_who_writes_first_and_answers_fast_is_likelier_to_answer_at_the_same_rate() -> None:
    """In a history where engaged people answered and distant ones did not, the signals count."""
    net = network()
    for i in range(12):
        _history(net, f"Engaged {i}", asks=10, replies=9, hours=2, starts=4)
        _history(net, f"Distant {i}", asks=10, replies=4, hours=120, starts=0)
    keen = _history(net, "Keen", asks=5, replies=3, hours=2, starts=4)
    aloof = _history(net, "Aloof", asks=5, replies=3, hours=120, starts=0)
    scores = net.assess()
    keen_score, aloof_score = scores[keen].communication, scores[aloof].communication
    assert keen_score.details["replied"] == aloof_score.details["replied"] == 3
    assert keen_score.details["reply_rate"] > aloof_score.details["reply_rate"] + 0.1
    assert keen_score.details["started_by_them"] == 4
    assert "they started 4 conversations with you: +" in keen_score.why
    assert "they answer faster than most" in keen_score.why
    assert "they never wrote to you first: -" in aloof_score.why


def test_signals_that_predicted_nothing_in_your_history_move_nothing() -> None:
    """Fast and slow people answered alike here: speed gets no weight, and the why says nothing of it."""
    net = network()
    for i in range(12):
        _history(net, f"Fast {i}", asks=10, replies=6, hours=2, starts=0)
        _history(net, f"Slow {i}", asks=10, replies=6, hours=120, starts=0)
    fast = _history(net, "Fast target", asks=5, replies=3, hours=2, starts=0)
    slow = _history(net, "Slow target", asks=5, replies=3, hours=120, starts=0)
    scores = net.assess()
    fast_rate = scores[fast].communication.details["reply_rate"]
    slow_rate = scores[slow].communication.details["reply_rate"]
    assert abs(fast_rate - slow_rate) < 0.02
    assert "than most" not in scores[fast].communication.why


def test_the_prior_trusts_each_record_sooner_where_people_differ() -> None:
    """Everyone answering 7 of 10 makes the network's rate a strong prior; all-or-nothing a weak one."""
    alike = network()
    for i in range(20):
        alike.conversation(alike.person(f"Alike {i}"), asks=10, replies=7)
    polarised = network()
    for i in range(10):
        polarised.conversation(polarised.person(f"Always {i}"), asks=10, replies=10)
        polarised.conversation(polarised.person(f"Never {i}"), asks=10, replies=0)
    alike_prior = network_prior(exchanges(alike.net.messages, SELF_ID, AS_OF), AS_OF)
    polarised_prior = network_prior(exchanges(polarised.net.messages, SELF_ID, AS_OF), AS_OF)
    assert alike_prior.rate == pytest.approx(0.7, abs=0.02)
    assert polarised_prior.rate == pytest.approx(0.5, abs=0.05)
    assert alike_prior.strength > 10 * polarised_prior.strength
    for net in (alike, polarised):
        net.conversation(net.person("Twice answered"), asks=2, replies=2)
    in_alike = alike.assess()
    in_polarised = polarised.assess()
    twice = next(p for p, a in in_alike.items() if a.person.name == "Twice answered")
    twice_polarised = next(p for p, a in in_polarised.items() if a.person.name == "Twice answered")
    assert in_alike[twice].communication.details["reply_rate"] < 0.8
    assert in_polarised[twice_polarised].communication.details["reply_rate"] > 0.8


def test_a_small_network_falls_back_to_the_fixed_prior() -> None:
    net = network()
    for i in range(3):
        net.conversation(net.person(f"Pen pal {i}"), asks=4, replies=3)
    prior = network_prior(exchanges(net.net.messages, SELF_ID, AS_OF), AS_OF)
    assert prior.strength == PRIOR_STRENGTH
    assert (prior.speed, prior.initiative, prior.people) == (0.0, 0.0, 0)


def test_the_prior_survives_its_json_form() -> None:
    net = network()
    for i in range(12):
        _history(net, f"Engaged {i}", asks=10, replies=9, hours=2, starts=4)
        _history(net, f"Distant {i}", asks=10, replies=4, hours=120, starts=0)
    prior = network_prior(exchanges(net.net.messages, SELF_ID, AS_OF), AS_OF)
    assert prior.speed > 0 and prior.strength != PRIOR_STRENGTH
    assert Prior.from_list(json.loads(json.dumps(prior.as_list()))) == prior
    assert Prior.from_list([0.6, 12]) == Prior(0.6, 12)


def test_writing_first_is_a_started_conversation_and_a_reply_is_not() -> None:
    net = network()
    ines = net.person("Inês")
    net.message(ines, [SELF_ID], days_ago(100), "t")  # she writes first
    net.message(SELF_ID, [ines], days_ago(99), "t")
    net.message(ines, [SELF_ID], days_ago(98), "t")  # her reply
    net.message(ines, [SELF_ID], days_ago(97), "t")  # an afterthought the day after
    net.message(ines, [SELF_ID], days_ago(60), "t")  # weeks later: a new conversation
    found = exchanges(net.net.messages, SELF_ID, net.as_of)[ines]
    assert found.started == [days_ago(100), days_ago(60)]
    assert found.sent_by_them == 4
