"""Familiarity and satisfaction scenarios, in the words of the problem statement."""

from __future__ import annotations

from datetime import date

import pytest

from goodword.evidence.relationships import from_text, seniority
from goodword.evidence.satisfaction import tone
from tests.factories import network


def test_a_colleague_who_works_with_you_now_knows_your_work() -> None:
    net = network()
    net.tenure(None, "Northwind Labs", "Data Scientist", start=date(2023, 3, 1), current=True)
    colleague = net.person("Åsa", organization="Northwind Labs", title="Data Engineer")
    net.conversation(colleague, asks=4, replies=3)
    stranger = net.person("Famous CEO", organization="Megacorp", title="CEO")
    scores = net.assess()
    assert scores[colleague].familiarity.value > 0.5  # type: ignore[operator]
    assert "you both work at Northwind Labs now" in scores[colleague].familiarity.why
    assert scores[stranger].familiarity.value < 0.1  # type: ignore[operator]
    assert "no sign you worked together" in scores[stranger].familiarity.why


def test_a_recommendation_states_the_relationship() -> None:
    net = network()
    boss = net.person("Zoë", organization="Globex")
    net.recommendation(boss, "I managed Sam for two years and would hire Sam again.")
    relation = net.assess()[boss].relationship
    assert relation is not None and relation.kind == "manager"
    assert "I managed" in relation.why


def test_old_colleagues_fade_and_are_flagged_stale() -> None:
    net = network()
    recent = net.person("Recent")
    net.recommendation(recent, "I worked alongside Sam on the data team.", year=2026)
    old = net.person("Old")
    net.recommendation(old, "I worked alongside Sam on the data team.", year=2015)
    scores = net.assess()
    assert scores[recent].familiarity.value > scores[old].familiarity.value  # type: ignore[operator]
    assert scores[old].familiarity.details["stale"] is True
    assert scores[recent].familiarity.details["stale"] is False


def test_connected_while_you_worked_there_counts_more_than_just_the_same_company() -> None:
    net = network()
    net.tenure(None, "Globex", "Analyst", start=date(2019, 6, 1), end=date(2023, 2, 28))
    met_there = net.person("Met there", organization="Globex", connected_on=date(2020, 3, 4))
    joined_later = net.person("Joined later", organization="Globex", connected_on=date(2025, 1, 1))
    scores = net.assess()
    assert scores[met_there].familiarity.value > scores[joined_later].familiarity.value  # type: ignore[operator]
    assert "overlap unknown" in scores[joined_later].familiarity.why


def test_unknown_satisfaction_stays_unknown_and_says_what_to_do() -> None:
    net = network()
    colleague = net.person("Colleague", organization="Globex")
    score = net.assess()[colleague].satisfaction
    assert score.value is None
    assert score.confidence == 0
    assert "have the honest conversation first" in score.why


def test_a_warm_recommendation_beats_endorsements_alone() -> None:
    net = network()
    writer = net.person("Writer")
    net.recommendation(writer, "Sam is outstanding; I highly recommend Sam without hesitation.")
    endorser = net.person("Endorser")
    net.endorsement(endorser, "Python", "SQL")
    scores = net.assess()
    assert scores[writer].satisfaction.value > scores[endorser].satisfaction.value  # type: ignore[operator]
    assert scores[writer].satisfaction.confidence > scores[endorser].satisfaction.confidence
    assert "warm recommendation" in scores[writer].satisfaction.why
    assert "endorsed 2 of your skills" in scores[endorser].satisfaction.why


def test_the_honest_conversation_dominates_everything_else() -> None:
    net = network()
    fan = net.person("Public fan")
    net.recommendation(fan, "Outstanding, the best analyst I have worked with.")
    net.vetting(fan, "no")
    careful = net.person("Careful")
    net.vetting(careful, "concerns", "missed two deadlines in 2024")
    scores = net.assess()
    assert scores[fan].satisfaction.value == 0.0
    assert "cannot recommend you" in scores[fan].satisfaction.why
    assert 0.3 < scores[careful].satisfaction.value < 0.7  # type: ignore[operator]
    assert "missed two deadlines" in scores[careful].satisfaction.why


def test_soured_overrides_a_glowing_past() -> None:
    net = network()
    former = net.person("Former friend", soured=True)
    net.recommendation(former, "Outstanding work.")
    score = net.assess()[former].satisfaction
    assert score.value == 0.0
    assert "soured" in score.why


def test_recommendation_tone_and_relationship_phrases() -> None:
    assert tone("Sam is outstanding and exceptional; I highly recommend Sam.") > 0.25
    assert tone("Sam was adequate, although at times Sam needs to communicate more.") < 0
    assert from_text("Sam was my manager at Initech") == "report"
    assert from_text("Sam reported to me for three years") == "manager"
    assert from_text("As Sam's client at Globex, I relied on Sam") == "client"
    assert from_text("Sam was a student in my course on statistics") == "professor"
    assert from_text("Sam is great.") is None
    assert (
        seniority("VP of Engineering")
        > seniority("Engineering Manager")
        > seniority("Data Analyst")
    )


@pytest.mark.parametrize(
    ("title", "rank"),
    [
        ("Managing Partner", 6),
        ("Partner at McKinsey", 6),
        ("President", 6),
        ("Vice President, Sales", 5),  # not a president
        ("Senior Vice-President", 5),
        ("Talent Acquisition Partner", 1),  # a recruiter, not a partner of the firm
        ("HR Business Partner", 1),
        ("Senior HR Business Partner", 2),
        ("Executive Assistant to the CEO", 1),  # assists the chief; is not one
        ("Director of Data", 4),
        ("Data Analyst", 1),
    ],
)
def test_titles_that_only_look_senior_are_ranked_for_what_they_are(title: str, rank: int) -> None:
    assert seniority(title) == rank
