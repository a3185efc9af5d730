"""What counts as an ask: the owner reaching out and expecting an answer."""

from __future__ import annotations

from datetime import timedelta

from goodword.evidence.threads import exchanges
from tests.factories import SELF_ID, days_ago, network


def test_you_answered_her_message_and_she_did_not_write_back_is_no_unanswered_ask() -> None:
    net = network()
    mira = net.person("Mira")
    net.message(mira, [SELF_ID], days_ago(100), "t")  # she asks you something
    net.message(SELF_ID, [mira], days_ago(100) + timedelta(hours=3), "t")  # you answer; she's done
    found = exchanges(net.net.messages, SELF_ID, net.as_of)[mira]
    assert found.asks == []
    assert (found.sent_by_owner, found.sent_by_them) == (1, 1)


def test_you_wrote_first_twice_and_she_never_answered_is_two_unanswered_asks() -> None:
    net = network()
    nora = net.person("Nora")
    net.message(SELF_ID, [nora], days_ago(100), "t")
    net.message(SELF_ID, [nora], days_ago(60), "t")  # weeks later, still nothing back
    found = exchanges(net.net.messages, SELF_ID, net.as_of)[nora]
    assert [ask.opened_at for ask in found.asks] == [days_ago(100), days_ago(60)]
    assert all(ask.replied_at is None for ask in found.asks)


def test_an_afterthought_to_your_answer_is_not_an_ask_but_a_nudge_days_later_is() -> None:
    net = network()
    omar = net.person("Omar")
    net.message(omar, [SELF_ID], days_ago(50), "t")
    answer = days_ago(50) + timedelta(hours=2)
    net.message(SELF_ID, [omar], answer, "t")  # your answer
    net.message(SELF_ID, [omar], answer + timedelta(minutes=5), "t")  # "oh, and one more thing"
    net.message(SELF_ID, [omar], answer + timedelta(days=3), "t")  # "any thoughts?"
    found = exchanges(net.net.messages, SELF_ID, net.as_of)[omar]
    assert [ask.opened_at for ask in found.asks] == [answer + timedelta(days=3)]
    assert found.asks[0].replied_at is None


def test_writing_again_after_a_quiet_week_opens_a_new_conversation_even_if_she_wrote_last() -> None:
    """LinkedIn keeps one thread per pair: a message months after her last one is reaching out."""
    net = network()
    pia = net.person("Pia")
    net.message(pia, [SELF_ID], days_ago(300), "t")
    net.message(SELF_ID, [pia], days_ago(299), "t")  # your answer: not an ask
    net.message(pia, [SELF_ID], days_ago(298), "t")
    net.message(SELF_ID, [pia], days_ago(90), "t")  # months later you write: an ask
    net.message(pia, [SELF_ID], days_ago(89), "t")  # and she answers the next day
    found = exchanges(net.net.messages, SELF_ID, net.as_of)[pia]
    assert [ask.opened_at for ask in found.asks] == [days_ago(90)]
    assert found.asks[0].latency_hours == 24


def test_her_answer_to_your_reply_is_still_her_engagement_not_a_started_conversation() -> None:
    net = network()
    ida = net.person("Ida")
    net.message(SELF_ID, [ida], days_ago(40), "t")  # you ask
    net.message(ida, [SELF_ID], days_ago(39), "t")  # she answers
    net.message(SELF_ID, [ida], days_ago(38), "t")  # you reply: not an ask
    net.message(ida, [SELF_ID], days_ago(37), "t")  # she writes back: neither a reply nor a start
    net.message(ida, [SELF_ID], days_ago(20), "t")  # a fortnight of quiet, then she writes: a start
    found = exchanges(net.net.messages, SELF_ID, net.as_of)[ida]
    assert len(found.asks) == 1 and found.asks[0].latency_hours == 24
    assert found.started == [days_ago(20)]
