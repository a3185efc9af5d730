"""Familiarity means having worked together; a supervisor needs evidence (issue 14, points 1-2).

Scenarios in the words of what real networks showed: an intern's slate headed
by the Chief People Officer they never met, a big employer whose coworkers all
scored alike, 22 skills endorsed in one day by a stranger, and "manager" read
from "Senior Software Engineer", "Key Account Manager" or an SVP.
"""

from __future__ import annotations

from datetime import date

import pytest

from goodword.choose.needs import parse_needs
from goodword.choose.shortlist import MIN_FAMILIARITY, shortlist
from goodword.evidence import familiarity, relationships, satisfaction
from goodword.identity.normalise import org_key
from tests.factories import SELF_ID, NetworkBuilder, days_ago, network


def big_employer(net: NetworkBuilder, size: int, *, organization: str = "Megacorp") -> list[int]:
    """``size`` of the owner's connections at their current employer, none of them ever met."""
    return [
        net.person(f"Coworker {i}", organization=organization, title="Sales Associate")
        for i in range(size)
    ]


def exchanged(net: NetworkBuilder, person_id: int, messages: int) -> None:
    """``messages`` direct messages, half each way, every one answered within hours."""
    net.conversation(person_id, asks=messages // 2, replies=messages // 2, every_days=10)


def test_an_intern_s_slate_is_not_headed_by_the_executive_they_never_met() -> None:
    net = network()
    net.tenure(
        None, "Megacorp", "Software Engineering Intern", start=date(2026, 1, 5), current=True
    )
    big_employer(net, 300)
    cpo = net.person("Chief", organization="Megacorp", title="Chief People Officer")
    close = net.person("Close", organization="Megacorp", title="Software Engineer")
    exchanged(net, close, 32)
    scores = net.assess()
    assert scores[close].familiarity.value > 0.4  # type: ignore[operator]
    assert scores[cpo].familiarity.value < MIN_FAMILIARITY  # type: ignore[operator]
    assert "one of 302 of your connections there" in scores[cpo].familiarity.why
    assert scores[cpo].familiarity.details["worked_together"] is False
    assert scores[close].familiarity.details["worked_together"] is True
    result = shortlist(scores, parse_needs("3 references, 1 supervisor"))
    assert result.picks[0].candidate.person_id == close
    reasons = {a.person.id: why for a, why in result.excluded}
    assert reasons[cpo] == "does not know your work"


def test_a_coworker_never_dealt_with_never_outranks_one_worked_with_closely() -> None:
    """Even at a small employer, where sharing it counts in full."""
    net = network()
    net.tenure(None, "Tiny Co", "Data Analyst", start=date(2024, 1, 1), current=True)
    never = net.person("Never wrote", organization="Tiny Co", title="Data Engineer")
    net.endorsement(never, "SQL", "Python")
    close = net.person("Wrote 32 times", organization="Elsewhere", title="Data Engineer")
    exchanged(net, close, 32)
    scores = net.assess()
    assert scores[never].familiarity.value == familiarity.UNMET_CAP
    assert "no message, meeting or recommendation between you" in scores[never].familiarity.why
    assert scores[close].familiarity.value > scores[never].familiarity.value  # type: ignore[operator]
    result = shortlist(scores, parse_needs("2 references"))
    assert [p.candidate.person_id for p in result.picks] == [close, never]


def test_sharing_a_big_employer_says_little_per_person_and_a_tie_restores_it() -> None:
    small = network()
    small.tenure(None, "Tiny Co", "Data Analyst", start=date(2022, 1, 1), current=True)
    at_small = small.person("Teammate", organization="Tiny Co", title="Designer")
    small.meeting(SELF_ID, {at_small: "accepted"}, days_ago(3))

    big = network()
    big.tenure(None, "Megacorp", "Data Analyst", start=date(2022, 1, 1), current=True)
    big_employer(big, 200)
    stranger = big.person("Stranger", organization="Megacorp", title="Designer")
    same_function = big.person("Analyst", organization="Megacorp", title="Senior Data Analyst")
    met = big.person("Met", organization="Megacorp", title="Designer")
    big.meeting(SELF_ID, {met: "accepted"}, days_ago(3))

    small_scores, big_scores = small.assess(), big.assess()
    # A shared employer of 200 says far less of one person than a small one...
    assert big_scores[stranger].familiarity.value < 0.2  # type: ignore[operator]
    # ...a title in the same function says a little more...
    assert (
        big_scores[stranger].familiarity.value  # type: ignore[operator]
        < big_scores[same_function].familiarity.value
        < familiarity.UNMET_CAP
    )
    assert "in the same function" in big_scores[same_function].familiarity.why
    # ...and a meeting together makes it count in full, as at a small employer.
    assert big_scores[met].familiarity.value == pytest.approx(
        small_scores[at_small].familiarity.value
    )
    assert "connections there" not in big_scores[met].familiarity.why


def test_the_crowd_is_counted_over_the_whole_network() -> None:
    net = network()
    net.tenure(None, "Megacorp", "Data Analyst", start=date(2022, 1, 1), current=True)
    net.tenure(None, "Old Co", "Intern", start=date(2019, 1, 1), end=date(2020, 1, 1))
    big_employer(net, 20)
    former = net.person("Former", organization="Elsewhere")
    net.tenure(former, "Old Co", "Analyst", start=date(2018, 1, 1), end=date(2021, 1, 1))
    assert familiarity.crowd_sizes(net.net) == {org_key("Megacorp"): 20, org_key("Old Co"): 1}


def test_skills_endorsed_in_a_burst_by_a_stranger_count_for_little() -> None:
    net = network()
    skills = [f"Skill {i}" for i in range(22)]
    burst = net.person("Burst")
    net.endorsement(burst, *skills)  # 22 skills, one day, never a message
    friend = net.person("Friend")
    net.endorsement(friend, *skills)
    exchanged(net, friend, 6)
    scores = net.assess()
    fam, sat = scores[burst].familiarity, scores[burst].satisfaction
    assert fam.value < MIN_FAMILIARITY  # type: ignore[operator]
    assert "22 of your skills on 2025-02-01 at once (a burst, says little)" in fam.why
    assert sat.value == satisfaction.BURST_VALUE
    assert sat.confidence <= 0.1
    assert "burst" in sat.why and "unconfirmed: have the honest conversation" in sat.why
    # The same endorsements from someone you talk to are no burst.
    assert "burst" not in scores[friend].satisfaction.why
    assert scores[friend].satisfaction.value > sat.value  # type: ignore[operator]


def test_satisfaction_resting_on_endorsements_alone_is_capped_and_unconfirmed() -> None:
    net = network()
    endorser = net.person("Endorser")
    net.endorsement(endorser, "Python", "SQL", "Statistics", "Data Modeling")
    writer = net.person("Writer")
    net.recommendation(writer, "Sam is outstanding; I highly recommend Sam.")
    net.endorsement(writer, "Python")
    scores = net.assess()
    sat = scores[endorser].satisfaction
    assert sat.value == satisfaction.ENDORSED_CAP
    assert sat.details == {"unconfirmed": True}
    assert sat.why.endswith("unconfirmed: have the honest conversation")
    assert "unconfirmed" not in scores[writer].satisfaction.why
    pick = shortlist(scores, parse_needs("2 references")).picks
    flags = {p.candidate.person_id: p.candidate.flags for p in pick}
    assert "vet first: have the honest conversation" in flags[endorser]


@pytest.mark.parametrize(
    "title", ["Senior Software Engineer", "Key Account Manager", "SVP Sales", "Product Manager"]
)
def test_title_words_alone_never_make_a_manager(title: str) -> None:
    net = network()
    net.tenure(None, "Globex", "Software Engineer", start=date(2021, 1, 1), current=True)
    them = net.person("Them", organization="Globex", title=title)
    exchanged(net, them, 12)
    assessed = net.assess()
    relation = assessed[them].relationship
    assert relation is not None and relation.kind == "colleague"
    assert relation.possible != "manager"
    result = shortlist(assessed, parse_needs("1 reference, 1 supervisor"))
    assert result.picks[0].role is None
    assert result.unfilled == {"supervisor": 1}


def test_a_far_more_senior_title_makes_a_direct_supervisor_less_likely() -> None:
    net = network()
    net.tenure(None, "Megacorp", "Marketing Intern", start=date(2026, 1, 5), current=True)
    cpo = net.person("Chief", organization="Megacorp", title="Chief People Officer")
    lead = net.person("Lead", organization="Megacorp", title="Marketing Manager")
    for person in (cpo, lead):
        exchanged(net, person, 8)
    scores = net.assess()
    far, near = scores[cpo].relationship, scores[lead].relationship
    assert far is not None and far.possible == "" and "unlikely your direct supervisor" in far.why
    assert near is not None and near.possible == "manager"
    assert "possibly your manager (titles alone do not say)" in near.why


def test_a_possible_supervisor_is_offered_to_confirm_but_does_not_fill_the_need() -> None:
    net = network()
    net.tenure(None, "Globex", "Data Analyst", start=date(2021, 1, 1), current=True)
    lead = net.person("Ana Lee", organization="Globex", title="Analytics Manager")
    exchanged(net, lead, 12)
    peer = net.person("Peer", organization="Initech")
    net.recommendation(peer, "I worked alongside Sam; excellent.")
    result = shortlist(net.assess(), parse_needs("2 references, 1 supervisor"))
    assert {p.candidate.person_id for p in result.picks} == {lead, peer}
    assert all(p.role is None for p in result.picks)
    flags = {p.candidate.person_id: p.candidate.flags for p in result.picks}
    assert 'possible supervisor — confirm with `goodword relate "Ana Lee" manager`' in flags[lead]
    shortfall = result.shortfall()
    assert shortfall["roles"] == {"supervisor": 1}
    assert shortfall["why"].startswith("needs 1 supervisor, found 0: no supervisor with evidence")
    assert "possible supervisor by title alone: Ana Lee" in shortfall["why"]
    assert 'confirm: `goodword relate "Ana Lee" manager`' in shortfall["next_steps"]


@pytest.mark.parametrize(
    "evidence", ["one-to-ones they organise", "recommendation", "relate", "reporting line"]
)
def test_evidence_of_supervision_fills_the_need(evidence: str) -> None:
    net = network()
    line = "Churn models. Reporting to Bo Ss." if evidence == "reporting line" else ""
    net.tenure(
        None, "Globex", "Data Analyst", start=date(2021, 1, 1), current=True, description=line
    )
    boss = net.person("Bo Ss", organization="Globex", title="Analytics Manager")
    exchanged(net, boss, 6)
    if evidence == "one-to-ones they organise":
        net.one_to_ones(boss, count=8, organiser=boss)
    elif evidence == "recommendation":
        net.recommendation(boss, "Sam reported to me for two years.")
    elif evidence == "relate":
        net.relate(boss, "manager")
    result = shortlist(net.assess(), parse_needs("1 reference, 1 supervisor"))
    assert result.picks[0].candidate.person_id == boss
    assert result.picks[0].role == "supervisor"
    assert not result.shortfall()


@pytest.mark.parametrize(
    ("description", "names"),
    [
        ("Reporting to Ana Lee. Built the churn model.", ["Ana Lee"]),
        ("Reports to: Ken Ito", ["Ken Ito"]),
        ("I reported directly to the VP of Data, Zoë Bašić, and led two analysts.", ["Zoë Bašić"]),
        ("Reported to the Head of Data (Jan van der Berg) on pricing.", ["Jan van der Berg"]),
        ("Reporting to CTO Ana Lee", ["Ana Lee"]),
        ("reporting to the CTO", []),
        ("Report writing for the board.", []),
    ],
)
def test_reporting_lines_are_read_from_the_owner_s_own_positions(
    description: str, names: list[str]
) -> None:
    assert relationships.reports_to(description) == names


def test_a_reporting_line_names_the_manager_and_no_namesake_elsewhere() -> None:
    net = network()
    net.tenure(None, "Globex", "Analyst", start=date(2019, 1, 1), end=date(2022, 1, 1))
    net.tenure(
        None,
        "Initech",
        "Data Analyst",
        start=date(2022, 2, 1),
        current=True,
        description="Pricing models, reporting to Ana Lee.",
    )
    ana = net.person("Ana Lee", organization="Initech", title="Head of Analytics")
    other = net.person("Ken Ito", organization="Initech", title="Head of Analytics")
    namesake = net.person("Ana Lee", organization="Umbrella", title="Head of Analytics")
    scores = net.assess()
    assert scores[namesake].relationship is None
    relation = scores[ana].relationship
    assert relation is not None and relation.kind == "manager"
    assert relation.why == "your position at Initech says you reported to Ana Lee"
    assert scores[ana].familiarity.details["worked_together"] is True
    assert scores[other].relationship is not None
    assert scores[other].relationship.kind == "colleague"
