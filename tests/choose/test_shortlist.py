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
