"""Choosing a shortlist: weak links are not hidden, required roles come first."""

from __future__ import annotations

from datetime import date

import pytest

from goodword.choose.needs import parse_needs
from goodword.choose.shortlist import shortlist
from goodword.errors import InvalidInput
from tests.factories import network


def test_a_famous_name_who_never_saw_your_work_does_not_outrank_a_close_responsive_colleague() -> (
    None
):
    net = network()
    net.tenure(None, "Northwind Labs", "Data Scientist", start=date(2023, 3, 1), current=True)
    ceo = net.person("Famous CEO", organization="Megacorp", title="Chief Executive Officer")
    net.endorsement(ceo, "Leadership")
    net.recommendation(ceo, "Sam is outstanding.")  # a courtesy, years ago, no shared work
    colleague = net.person("Åsa", organization="Northwind Labs", title="Data Engineer")
    net.conversation(colleague, asks=12, replies=11, reply_hours=3)
    net.endorsement(colleague, "Python", "SQL")
    result = shortlist(net.assess(), parse_needs("1 reference"))
    assert [p.candidate.person_id for p in result.picks] == [colleague]


def test_a_responsive_colleague_beats_an_equally_close_one_who_never_answers() -> None:
    net = network()
    for name in ("Answers", "Silent"):
        person = net.person(name)
        net.recommendation(person, "I worked alongside Sam on the data team; Sam is excellent.")
    people = {a.person.name: a.person.id for a in net.assess().values()}
    net.conversation(people["Answers"], asks=10, replies=10)
    net.conversation(people["Silent"], asks=10, replies=0)
    result = shortlist(net.assess(), parse_needs("1 reference"))
    assert result.picks[0].candidate.person_id == people["Answers"]
    assert result.runners_up[0].candidate.person_id == people["Silent"]
    assert "communication" in result.runners_up[0].why_not


def test_a_supervisor_is_picked_when_the_job_needs_one() -> None:
    net = network()
    peers = [net.person(f"Peer {i}") for i in range(3)]
    for peer in peers:
        net.recommendation(peer, "I worked alongside Sam; Sam is outstanding.")
        net.conversation(peer, asks=10, replies=10)
    boss = net.person("Boss")
    net.recommendation(boss, "I managed Sam for a year.")
    net.conversation(boss, asks=10, replies=6, reply_hours=48)
    result = shortlist(net.assess(), parse_needs("3 references, 1 supervisor"))
    roles = {p.candidate.person_id: p.role for p in result.picks}
    assert roles.get(boss) == "supervisor"
    assert len(result.picks) == 3
    assert not result.unfilled


def test_an_unfillable_role_is_reported() -> None:
    net = network()
    peer = net.person("Peer")
    net.recommendation(peer, "I worked alongside Sam.")
    result = shortlist(net.assess(), parse_needs("2 references, 1 supervisor"))
    assert result.unfilled == {"supervisor": 1}


def test_people_who_must_not_be_asked_are_excluded_with_the_reason() -> None:
    net = network()
    soured = net.person("Soured", soured=True)
    net.recommendation(soured, "I managed Sam.")
    refused = net.person("Refused")
    net.recommendation(refused, "I managed Sam.")
    net.vetting(refused, "no")
    stranger = net.person("Stranger")
    result = shortlist(net.assess(), parse_needs("3 references"))
    reasons = {a.person.id: why for a, why in result.excluded}
    assert reasons[soured] == "relationship soured"
    assert reasons[refused].startswith("cannot vouch for you")
    assert reasons[stranger] == "does not know your work"
    assert not result.picks


def test_picks_spread_over_organisations() -> None:
    net = network()
    same = [net.person(f"Globex {i}", organization="Globex") for i in range(3)]
    other = net.person("Initech person", organization="Initech")
    for person in [*same, other]:
        net.recommendation(person, "I worked alongside Sam; excellent.")
        net.conversation(person, asks=10, replies=9)
    result = shortlist(net.assess(), parse_needs("2 references"))
    assert other in {p.candidate.person_id for p in result.picks}


def test_unknowns_are_flagged_on_the_pick() -> None:
    net = network()
    person = net.person("Untested")
    net.recommendation(person, "I worked alongside Sam.")
    net.vetting(person, "not-yet")
    pick = shortlist(net.assess(), parse_needs("1 reference")).picks[0]
    assert "responsiveness untested" in pick.candidate.flags


@pytest.mark.parametrize(
    ("text", "count", "kind", "roles"),
    [
        ("3 references, 1 supervisor", 3, "reference", {"supervisor": 1}),
        ("2 letters", 2, "recommendation", {}),
        ("1 referral", 1, "referral", {}),
        ("2 managers + 3 peers", 5, "reference", {"manager": 2, "peer": 3}),
        ("three references including one supervisor", 3, "reference", {"supervisor": 1}),
        ("", 3, "reference", {}),
    ],
)
def test_needs_are_read_like_people_write_them(
    text: str, count: int, kind: str, roles: dict[str, int]
) -> None:
    needs = parse_needs(text)
    assert (needs.count, needs.kind, needs.roles) == (count, kind, roles)


@pytest.mark.parametrize("text", ["three bananas", "lots of references"])
def test_unreadable_needs_say_how_to_write_them(text: str) -> None:
    with pytest.raises(InvalidInput, match="write it like"):
        parse_needs(text)


def test_needs_of_two_kinds_ask_for_two_jobs() -> None:
    with pytest.raises(InvalidInput, match="add one job per kind"):
        parse_needs("2 letters and 1 referral")


def test_a_confidential_search_leaves_out_everyone_at_the_current_employer() -> None:
    from goodword.choose.shortlist import Brief

    net = network()
    net.tenure(None, "Northwind Labs", "Data Scientist", start=date(2023, 3, 1), current=True)
    colleague = net.person("Close colleague", organization="Northwind Labs")
    net.recommendation(colleague, "I worked alongside Sam; outstanding.")
    net.conversation(colleague, asks=10, replies=10)
    former = net.person("Former colleague", organization="Globex")
    net.recommendation(former, "I worked alongside Sam; excellent.")
    brief = Brief(confidential=frozenset({"northwind labs"}))
    result = shortlist(net.assess(), parse_needs("1 reference"), brief)
    assert [p.candidate.person_id for p in result.picks] == [former]
    reasons = {a.person.id: why for a, why in result.excluded}
    assert reasons[colleague] == "works at your current employer (confidential search)"


def test_a_referral_needs_someone_at_the_target_organisation_now() -> None:
    from goodword.choose.shortlist import Brief

    net = network()
    insider = net.person("Insider", organization="Fabrikam Health Inc.", title="Engineer")
    net.endorsement(insider, "Python")
    best_friend = net.person("Best friend", organization="Globex")
    net.recommendation(best_friend, "I worked alongside Sam; outstanding.")
    net.conversation(best_friend, asks=10, replies=10)
    brief = Brief(kind="referral", target_key="fabrikam health", target_name="Fabrikam Health")
    result = shortlist(net.assess(), parse_needs("1 referral"), brief)
    assert [p.candidate.person_id for p in result.picks] == [insider]
    assert result.picks[0].reasons[0].startswith("works at Fabrikam Health Inc. now")
    reasons = {a.person.id: why for a, why in result.excluded}
    assert reasons[best_friend] == "not at Fabrikam Health now"


def test_seniority_breaks_ties_and_only_ties() -> None:
    net = network()
    junior = net.person("Junior", title="Data Analyst")
    senior = net.person("Senior", title="VP of Data")
    for person in (junior, senior):
        net.recommendation(person, "I worked alongside Sam; excellent.")
        net.conversation(person, asks=10, replies=9)
    result = shortlist(net.assess(), parse_needs("1 reference"))
    assert result.picks[0].candidate.person_id == senior  # same evidence: the senior title wins
    net2 = network()
    junior2 = net2.person("Junior", title="Data Analyst")
    senior2 = net2.person("Senior", title="VP of Data")
    net2.recommendation(junior2, "I worked alongside Sam; excellent.")
    net2.conversation(junior2, asks=10, replies=10)
    net2.recommendation(senior2, "I worked alongside Sam; excellent.")
    net2.conversation(senior2, asks=10, replies=3)
    result2 = shortlist(net2.assess(), parse_needs("1 reference"))
    assert result2.picks[0].candidate.person_id == junior2  # seniority never beats responsiveness


def test_the_bench_holds_the_next_back_ups_in_order() -> None:
    net = network()
    people = [net.person(f"Colleague {i}", organization=f"Org {i}") for i in range(10)]
    for rank, person in enumerate(people):
        net.recommendation(person, "I worked alongside Sam; excellent.")
        net.conversation(person, asks=10, replies=10 - rank // 2)
    result = shortlist(net.assess(), parse_needs("2 references"))
    assert len(result.picks) == 2 and len(result.runners_up) == 3 and len(result.bench) == 5
    bench_fits = [c.fit for c in result.bench]
    assert bench_fits == sorted(bench_fits, reverse=True)
    named = {p.candidate.person_id for p in result.picks} | {
        r.candidate.person_id for r in result.runners_up
    }
    assert not named & {c.person_id for c in result.bench}


def test_a_confidential_search_leaves_out_an_employer_written_as_its_domain() -> None:
    # The shortlist once compared organisations by their words alone, so "NorthwindLabs" was
    # somewhere else; the one rule of goodword.identity.organisation also reads a domain's
    # spelling, as identity matching always did.
    from goodword.choose.shortlist import Brief

    net = network()
    colleague = net.person("Colleague", organization="NorthwindLabs")
    net.recommendation(colleague, "I worked alongside Sam; outstanding.")
    former = net.person("Former colleague", organization="Globex")
    net.recommendation(former, "I worked alongside Sam; excellent.")
    brief = Brief(confidential=frozenset({"northwind labs"}))
    result = shortlist(net.assess(), parse_needs("1 reference"), brief)
    assert [p.candidate.person_id for p in result.picks] == [former]
    reasons = {a.person.id: why for a, why in result.excluded}
    assert reasons[colleague] == "works at your current employer (confidential search)"
