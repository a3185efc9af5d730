"""Meetings as working-together evidence, meeting patterns as relationships, availability signals."""

from __future__ import annotations

from datetime import date, timedelta

from goodword.choose.needs import Needs
from goodword.choose.shortlist import AWAY_PENALTY, Brief, candidates, shortlist
from goodword.evidence.communication import BOUNCED_CONFIDENCE
from tests.factories import AS_OF, SELF_ID, days_ago, network

# -- familiarity


def test_one_to_one_meetings_count_as_working_together() -> None:
    net = network()
    met = net.person("Ana Met")
    stranger = net.person("Ben Stranger")
    net.one_to_ones(met, count=8)

    judged = net.assess()

    assert judged[met].familiarity.value is not None
    assert judged[met].familiarity.value > 0.3
    assert "8 one-to-one meetings together" in judged[met].familiarity.why
    assert judged[stranger].familiarity.value == 0.05  # connected, nothing else


def test_big_and_declined_meetings_are_not_evidence() -> None:
    net = network()
    crowd = net.person("Cara Crowd")
    others = [net.person(f"Guest {i}") for i in range(6)]
    declined = net.person("Dan Declined")
    for week in range(6):
        net.meeting(
            SELF_ID,
            {crowd: "accepted", **dict.fromkeys(others, "accepted")},
            days_ago(7 * week + 10),
        )
        net.meeting(SELF_ID, {declined: "declined"}, days_ago(7 * week + 11))

    judged = net.assess()

    assert "meeting" not in judged[crowd].familiarity.why
    assert "meeting" not in judged[declined].familiarity.why


def test_meetings_fade_like_threads() -> None:
    recent, old = network(), network()
    fresh = recent.person("Fay Fresh")
    stale = old.person("Sol Stale")
    recent.meeting(SELF_ID, {fresh: "accepted"}, days_ago(30))
    recent.meeting(SELF_ID, {fresh: "accepted"}, days_ago(20))
    old.meeting(SELF_ID, {stale: "accepted"}, days_ago(6 * 365))
    old.meeting(SELF_ID, {stale: "accepted"}, days_ago(6 * 365 - 10))

    fresh_score = recent.assess()[fresh].familiarity
    stale_score = old.assess()[stale].familiarity

    assert fresh_score.value is not None and stale_score.value is not None
    assert stale_score.value < fresh_score.value
    assert stale_score.details["stale"] is True
    assert fresh_score.details["last_worked_together"] == days_ago(20).date().isoformat()


# -- relationships from meeting patterns


def test_recurring_one_to_ones_you_organise_suggest_a_report() -> None:
    net = network()
    report = net.person("Rita Report")
    net.one_to_ones(report, count=10, organiser=SELF_ID)

    relation = net.assess()[report].relationship

    assert relation is not None
    assert relation.kind == "report"
    assert "10 of them organised by you" in relation.why


def test_recurring_one_to_ones_they_organise_suggest_a_manager() -> None:
    net = network()
    boss = net.person("Max Manager")
    net.one_to_ones(boss, count=7, organiser=boss)

    relation = net.assess()[boss].relationship

    assert relation is not None and relation.kind == "manager"


def test_a_few_one_to_ones_are_no_pattern_and_a_stated_relationship_wins() -> None:
    net = network()
    few = net.person("Few Meetings")
    stated = net.person("Pat Peer")
    net.one_to_ones(few, count=3)
    net.one_to_ones(stated, count=10, organiser=stated)
    net.relate(stated, "peer")

    judged = net.assess()

    assert judged[few].relationship is None
    assert judged[stated].relationship is not None
    assert judged[stated].relationship.kind == "peer"


# -- availability


def test_away_until_a_date_after_as_of_is_shown_but_does_not_move_the_reply_score() -> None:
    here, away = network(), network()
    zoe_here = here.person("Zoë Here")
    zoe_away = away.person("Zoë Away")
    for net, zoe in ((here, zoe_here), (away, zoe_away)):
        net.conversation(zoe, asks=10, replies=9, reply_hours=3)
    away.away(zoe_away, days_ago(2), until=AS_OF + timedelta(days=20))

    comm_here = here.assess()[zoe_here].communication
    comm_away = away.assess()[zoe_away].communication

    assert comm_away.value == comm_here.value
    assert comm_away.confidence == comm_here.confidence
    assert "away until 2026-06-21" in comm_away.why
    assert comm_away.details["availability"]["status"] == "away"
    assert comm_away.details["availability"]["until"] == "2026-06-21"
    assert comm_here.details["availability"] is None


def test_a_past_return_date_or_an_old_dateless_reply_means_back() -> None:
    net = network()
    back = net.person("Bea Back")
    dateless_old = net.person("Dee Old")
    dateless_new = net.person("Nat New")
    net.away(back, days_ago(30), until=days_ago(10))
    net.away(dateless_old, days_ago(20))
    net.away(dateless_new, days_ago(3))

    judged = net.assess()

    assert judged[back].availability is None
    assert judged[dateless_old].availability is None
    assert judged[dateless_new].availability is not None
    assert "gave no return date" in judged[dateless_new].communication.why


def test_a_bounce_that_is_the_latest_word_halves_the_confidence() -> None:
    plain, bounced = network(), network()
    zoe = plain.person("Zoë Plain", organization="Globex")
    zed = bounced.person("Zed Bounced", organization="Globex")
    plain.conversation(zoe, asks=10, replies=9, reply_hours=3)
    bounced.conversation(zed, asks=10, replies=9, reply_hours=3)
    bounced.bounce(zed, days_ago(5), "zed@globex.example")

    before = plain.assess()[zoe].communication
    after = bounced.assess()[zed].communication

    assert after.value == before.value
    assert after.confidence == before.confidence * BOUNCED_CONFIDENCE
    assert f"zed@globex.example bounced on {days_ago(5):%Y-%m-%d} (may have left Globex)" in (
        after.why
    )


def test_mail_from_them_after_the_bounce_clears_it() -> None:
    net = network()
    moved = net.person("Mo Moved")
    net.bounce(moved, days_ago(40))
    net.message(moved, [SELF_ID], days_ago(10), "new-address", kind="email")

    assert net.assess()[moved].availability is None


# -- the shortlist


def test_suggest_prefers_someone_back_before_the_deadline() -> None:
    net = network()
    away = net.person("Ava Away", organization="Acme")
    here = net.person("Hal Here", organization="Initech")
    for person in (away, here):
        net.conversation(person, asks=10, replies=9, reply_hours=3)
        net.one_to_ones(person, count=8)
        net.vetting(person, "yes")
    net.away(away, days_ago(1), until=AS_OF + timedelta(days=40))
    deadline = (AS_OF + timedelta(days=10)).date()

    judged = net.assess()
    ranked, excluded = candidates(judged, Brief(deadline=deadline))
    picked = shortlist(judged, Needs(1, "reference", {}, ""), Brief(deadline=deadline))

    assert not excluded
    assert [c.person_id for c in ranked] == [here, away]
    away_candidate = ranked[1]
    assert any("past the deadline (2026-06-11)" in flag for flag in away_candidate.flags)
    unpenalised = {c.person_id: c.fit for c in candidates(judged, Brief())[0]}
    assert away_candidate.fit == unpenalised[away] * AWAY_PENALTY
    assert picked.picks[0].candidate.person_id == here


def test_away_but_back_before_the_deadline_costs_nothing() -> None:
    net = network()
    soon = net.person("Sam Soon")
    net.conversation(soon, asks=10, replies=9, reply_hours=3)
    net.one_to_ones(soon, count=8)
    net.away(soon, days_ago(1), until=AS_OF + timedelta(days=3))

    judged = net.assess()
    with_deadline, _ = candidates(judged, Brief(deadline=date(2026, 7, 1)))
    without, _ = candidates(judged, Brief())

    assert with_deadline[0].fit == without[0].fit
    assert "away until 2026-06-04" in with_deadline[0].flags[-1]
