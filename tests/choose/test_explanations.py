"""Explanations that cannot contradict themselves (issue 14, point 7).

Runner-up reasons come from the actual comparison, unknown is never a
number, and a short slate says so. The last test builds random networks and
checks every sentence of every slate against the numbers beside it.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

import pytest

from goodword.choose.needs import Needs, parse_needs
from goodword.choose.shortlist import Brief, shortlist
from goodword.service.views import JobView, Suggestion
from tests.factories import network
from tests.slate_checks import check_slate


def as_json(needs: Needs, result: object) -> dict:  # type: ignore[type-arg]
    """The slate as ``suggest --json`` prints it."""
    job = JobView(1, "Analyst", "Globex", None, needs, False, "open", "")
    return Suggestion(job, result, datetime(2026, 6, 1, tzinfo=UTC)).as_dict()  # type: ignore[arg-type]


def test_an_unknown_criterion_is_called_unknown_never_its_stand_in() -> None:
    net = network()
    for name in ("Answers", "Also answers"):
        person = net.person(name)
        net.recommendation(person, "I worked alongside Sam; Sam is excellent.")
        net.conversation(person, asks=10, replies=10)
        net.vetting(person, "yes")
    unwritten = net.person("Never written to")
    net.recommendation(unwritten, "I worked alongside Sam; Sam is excellent.")
    net.vetting(unwritten, "yes")
    result = shortlist(net.assess(), parse_needs("2 references"))
    [runner] = result.runners_up
    assert runner.candidate.person_id == unwritten
    assert "held back by communication unknown" in runner.why_not
    assert "0.40" not in runner.why_not
    check_slate(as_json(result.needs, result))


def test_a_role_pick_that_fits_less_well_is_named_and_one_that_fits_better_is_not() -> None:
    net = network()
    peers = [net.person(f"Peer {i}", organization=f"Org {i}") for i in range(3)]
    for peer in peers:
        net.recommendation(peer, "I worked alongside Sam; Sam is outstanding.")
        net.conversation(peer, asks=10, replies=10)
    boss = net.person("Boss", organization="Boss Org")
    net.recommendation(boss, "I managed Sam for a year.")
    net.conversation(boss, asks=10, replies=5, reply_hours=60)
    result = shortlist(net.assess(), parse_needs("2 references, 1 supervisor"))
    roles = {p.candidate.person_id: p.role for p in result.picks}
    assert roles[boss] == "supervisor"
    boss_fit = next(p.candidate.fit for p in result.picks if p.role)
    for runner in result.runners_up:
        assert runner.candidate.fit > boss_fit
        assert f"Boss ({boss_fit:.2f}) fits less well but fills the supervisor need" in (
            runner.why_not
        )
        assert "Peer" not in runner.why_not.split(";", 1)[1]  # the other pick fits better
    check_slate(as_json(result.needs, result))


def test_a_runner_up_below_every_pick_is_told_so() -> None:
    net = network()
    people = [net.person(f"Colleague {i}", organization=f"Org {i}") for i in range(4)]
    for rank, person in enumerate(people):
        net.recommendation(person, "I worked alongside Sam; excellent.")
        net.conversation(person, asks=10, replies=10 - 2 * rank)
    result = shortlist(net.assess(), parse_needs("2 references"))
    lowest = min(p.candidate.fit for p in result.picks)
    for runner in result.runners_up:
        assert runner.why_not.endswith(f"every pick fits better (lowest {lowest:.2f})")


def test_losing_to_the_spread_names_the_organisation_already_picked() -> None:
    net = network()
    same = [net.person(f"Globex {i}", organization="Globex") for i in range(2)]
    other = net.person("Initech person", organization="Initech")
    for person in same:
        net.recommendation(person, "I worked alongside Sam; excellent.")
        net.conversation(person, asks=10, replies=10)
    net.recommendation(other, "I worked alongside Sam; excellent.")
    net.conversation(other, asks=10, replies=9)
    result = shortlist(net.assess(), parse_needs("2 references"))
    assert other in {p.candidate.person_id for p in result.picks}
    [runner] = result.runners_up
    assert "the spread: 1 pick(s) already from Globex" in runner.why_not
    check_slate(as_json(result.needs, result))


def test_a_slate_that_comes_up_short_says_how_short_and_what_to_do() -> None:
    net = network()
    close = net.person("Close")
    net.recommendation(close, "I worked alongside Sam; excellent.")
    for i in range(4):
        net.person(f"Stranger {i}")
    result = shortlist(net.assess(), parse_needs("3 references"))
    shortfall = result.shortfall()
    assert shortfall["needed"] == 3 and shortfall["found"] == 1
    assert shortfall["why"] == "needs 3, found 1: left out: 4 does not know your work"
    assert shortfall["next_steps"][0] == (
        "import more of your evidence (mail, calendar): `goodword import PATH`"
    )
    assert as_json(result.needs, result)["unfilled"] == shortfall


def test_a_short_referral_says_where_to_look() -> None:
    net = network()
    friend = net.person("Friend", organization="Globex")
    net.recommendation(friend, "I worked alongside Sam; excellent.")
    brief = Brief(kind="referral", target_key="fabrikam", target_name="Fabrikam Health")
    shortfall = shortlist(net.assess(), parse_needs("1 referral"), brief).shortfall()
    assert shortfall["why"] == "needs 1, found 0: left out: 1 not at Fabrikam Health now"
    assert (
        'look for people at Fabrikam Health: `goodword people --org "Fabrikam Health"`'
        in (shortfall["next_steps"])
    )


@pytest.mark.parametrize("seed", range(12))
def test_every_sentence_of_a_random_slate_agrees_with_its_numbers(seed: int) -> None:
    rng = random.Random(seed)
    net = network()
    net.tenure(None, "Globex", "Data Analyst", start=date(2022, 1, 1), current=True)
    titles = ["Data Engineer", "Analytics Manager", "VP Data", "Chief Data Officer", "Intern"]
    for i in range(rng.randint(3, 25)):
        org = rng.choice(["Globex", "Initech", "Umbrella", ""])
        person = net.person(f"P{i}", organization=org, title=rng.choice(titles))
        roll = rng.random()
        if roll < 0.4:
            asks = rng.randint(1, 12)
            net.conversation(person, asks=asks, replies=rng.randint(0, asks))
        if rng.random() < 0.3:
            net.recommendation(
                person, rng.choice(["I managed Sam.", "I worked alongside Sam; excellent."])
            )
        if rng.random() < 0.3:
            net.endorsement(person, *[f"Skill {k}" for k in range(rng.randint(1, 8))])
        if rng.random() < 0.2:
            net.vetting(person, rng.choice(["yes", "concerns", "not-yet"]), "some concerns")
        if rng.random() < 0.1:
            net.one_to_ones(person, count=8, organiser=person)
    needs = parse_needs(rng.choice(["3 references, 1 supervisor", "2 references", "4 letters"]))
    result = shortlist(net.assess(), needs)
    check_slate(as_json(needs, result))
