"""What a direct message is, and what answers it: the unit the score learns and the back-test judges."""

from __future__ import annotations

from datetime import timedelta

from goodword.evidence.threads import FEW, exchanges
from tests.factories import AS_OF, SELF_ID, days_ago, network


def test_each_direct_message_is_judged_and_her_next_message_in_the_thread_answers_it() -> None:
    net = network()
    mira = net.person("Mira")
    net.message(mira, [SELF_ID], days_ago(100), "t")  # she asks you something
    net.message(SELF_ID, [mira], days_ago(100) + timedelta(hours=3), "t")  # you answer
    net.message(mira, [SELF_ID], days_ago(99), "t")  # she writes back: your answer was answered
    net.message(SELF_ID, [mira], days_ago(60), "t")  # weeks later, nothing back
    found = exchanges(net.net.messages, SELF_ID, AS_OF)[mira]
    assert [a.replied_at is not None for a in found.asks] == [True, False]
    assert found.asks[0].latency_hours == 21
    assert (found.sent_by_owner, found.sent_by_them) == (2, 2)


def test_a_reply_by_subject_counts_when_the_thread_differs() -> None:
    """Old archives have no In-Reply-To: the subject, less Re:, threads them."""
    net = network()
    ben = net.person("Ben")
    net.message(SELF_ID, [ben], days_ago(50), "a", kind="email", subject="Budget for Q3")
    net.message(ben, [SELF_ID], days_ago(49), "b", kind="email", subject="RE: Budget for Q3")
    found = exchanges(net.net.messages, SELF_ID, AS_OF)[ben]
    assert found.asks[0].replied_at == days_ago(49)


def test_mail_without_a_subject_or_to_many_people_is_not_direct() -> None:
    net = network()
    cy = net.person("Cy")
    crowd = [net.person(f"P{k}") for k in range(FEW)]
    net.message(SELF_ID, [cy], days_ago(50), "a", kind="email", subject="")
    net.message(SELF_ID, [cy, *crowd], days_ago(40), "b", kind="email", subject="All hands")
    found = exchanges(net.net.messages, SELF_ID, AS_OF)[cy]
    assert found.asks == []
    assert found.group_messages == 1


def test_a_message_to_three_people_is_one_ask_to_each() -> None:
    net = network()
    a, b, c = (net.person(n) for n in "ABC")
    net.message(SELF_ID, [a, b, c], days_ago(30), "t", kind="email", subject="Plan")
    net.message(b, [SELF_ID], days_ago(29), "t2", kind="email", subject="Re: plan")
    found = exchanges(net.net.messages, SELF_ID, AS_OF)
    assert [found[p].asks[0].replied_at is not None for p in (a, b, c)] == [False, True, False]


def test_a_recent_unanswered_message_waits_and_a_late_answer_is_none() -> None:
    net = network()
    dee = net.person("Dee")
    net.message(SELF_ID, [dee], days_ago(40), "t")
    net.message(dee, [SELF_ID], days_ago(20), "t")  # 20 days later: too late to be a reply
    net.message(SELF_ID, [dee], days_ago(5), "u")
    found = exchanges(net.net.messages, SELF_ID, AS_OF)[dee]
    assert [a.replied_at for a in found.asks] == [None]
    assert len(found.pending) == 1


def test_writing_first_after_a_quiet_week_starts_a_conversation_and_a_reply_does_not() -> None:
    net = network()
    ida = net.person("Ida")
    net.message(ida, [SELF_ID], days_ago(300), "t")  # starts
    net.message(SELF_ID, [ida], days_ago(299), "t")
    net.message(ida, [SELF_ID], days_ago(298), "t")  # a reply, not a start
    net.message(ida, [SELF_ID], days_ago(200), "t")  # months later: starts again
    found = exchanges(net.net.messages, SELF_ID, AS_OF)[ida]
    assert found.started == [days_ago(300), days_ago(200)]


def test_someone_only_copied_is_told_not_asked() -> None:
    net = network()
    ann, bo = net.person("Ann"), net.person("Bo")
    at = days_ago(100)
    net.message(SELF_ID, [ann], at, "plan", kind="email", subject="The plan", cc=(bo,))
    found = exchanges(net.net.messages, SELF_ID, AS_OF)
    assert len(found[ann].asks) == 1
    assert found[bo].asks == []
    # Still a message between you: Bo's tie counts it, and Bo is scored, not unknown.
    assert found[bo].sent_by_owner == 1
