"""Relevance judged for the best fits only gives the very shortlist judging it for everyone does.

Random networks with ties, roles, organisations, people away and random
relevance: :func:`shortlist_among`, which loads and judges only the people
who can still matter, must agree with :func:`shortlist` over everyone — the
picks and their reasons, the runners-up and why they lost, the bench.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest

from goodword.choose import shortlist as chooser
from goodword.choose.needs import parse_needs
from goodword.choose.shortlist import Brief, Shortlist, base_fit, shortlist, shortlist_among
from goodword.evidence.assess import Assessment
from goodword.evidence.availability import Availability
from goodword.evidence.criterion import Score
from goodword.evidence.relationships import Relation
from goodword.service.scores.compute import score_row
from goodword.store.facts import PersonFact

TITLES = ("Engineer", "Senior Engineer", "Manager", "Director", "Analyst", "")
KINDS = ("manager", "peer", "report", "client", "professor", "mentor")
DEADLINE = date(2026, 7, 1)


def _value(rng: random.Random, low: float = 0.0) -> float:
    value = rng.uniform(low, 1.0)
    # Coarse values make ties on the two-decimal ranking common.
    return round(value, 2) if rng.random() < 0.5 else value


def random_network(seed: int, size: int) -> tuple[dict[int, Assessment], dict[int, Score]]:
    """``size`` people with random criteria, relationships, absences, and random relevance."""
    rng = random.Random(seed)
    people: dict[int, Assessment] = {}
    relevance: dict[int, Score] = {}
    for index in range(size):
        pid = 1000 + rng.randrange(10_000) * 10 + index % 10  # scoring order is not id order
        while pid in people:
            pid += 10
        org = f"org {rng.randrange(6)}"
        kind = rng.choice(KINDS) if rng.random() < 0.35 else None
        until = DEADLINE + timedelta(days=rng.randrange(-20, 20))
        away = (
            Availability("away", date(2026, 5, 1), index, until if rng.random() < 0.8 else None)
            if rng.random() < 0.2
            else None
        )
        people[pid] = Assessment(
            person=PersonFact(
                pid,
                f"Person {rng.randrange(size * 2):04d}",
                org.title(),
                org,
                rng.choice(TITLES),
                None,
                False,
                "",
                rng.random() < 0.03,
            ),
            communication=Score(None if rng.random() < 0.2 else _value(rng), 0.5, "comm"),
            familiarity=Score(_value(rng, 0.1), rng.random(), "fam"),
            satisfaction=Score(None if rng.random() < 0.3 else _value(rng, 0.05), 0.9, "sat"),
            relationship=None if kind is None else Relation(kind, 0.5, "said so"),
            availability=away,
        )
        roll = rng.random()
        if roll < 0.15:
            continue
        if roll < 0.3:
            relevance[pid] = Score(None, 0.0, "nothing known")
        else:
            relevance[pid] = Score(rng.choice((0.0, 1.0, _value(rng))), 0.5, "matches")
    return people, relevance


def outline(result: Shortlist) -> dict[str, Any]:
    """Everything a suggestion shows of a shortlist."""

    def who(c: chooser.Candidate) -> tuple[Any, ...]:
        return (c.person_id, c.fit, c.flags, c.relevance)

    return {
        "picks": [(who(p.candidate), p.role, p.reasons) for p in result.picks],
        "runners_up": [(who(r.candidate), r.why_not) for r in result.runners_up],
        "bench": [who(c) for c in result.bench],
        "unfilled": result.unfilled,
    }


NEEDS = ("1 reference", "3 references, 1 supervisor", "2 references", "5 references, 2 peers")


@pytest.mark.parametrize("seed", range(60))
def test_judging_the_best_fits_only_gives_the_same_shortlist(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A small first look, so that widening and its checks are exercised too.
    monkeypatch.setattr(chooser, "FIRST_LOOK", random.Random(seed).choice((2, 4, 8, 64)))
    people, relevance = random_network(seed, size=random.Random(seed).choice((5, 40, 300)))
    needs = parse_needs(NEEDS[seed % len(NEEDS)])
    brief = Brief(kind=needs.kind, deadline=DEADLINE if seed % 3 else None)
    everyone = shortlist(people, needs, brief, relevance)
    eligible = [
        (pid, base_fit(score_row(a, None), brief), a.relationship.kind if a.relationship else "")
        for pid, a in people.items()
        if chooser.exclusion(a, brief) is None
    ]
    loaded: list[int] = []

    def load(ids: list[int]) -> tuple[dict[int, Assessment], dict[int, Score]]:
        loaded.append(len(ids))
        return {i: people[i] for i in ids}, {i: relevance[i] for i in ids if i in relevance}

    pruned = shortlist_among(eligible, needs, brief, load)

    assert outline(pruned) == outline(everyone)
    assert loaded[-1] <= len(eligible)


def test_a_large_network_is_decided_from_its_best_fits() -> None:
    people, relevance = random_network(7, size=3000)
    needs = parse_needs("3 references, 1 supervisor")
    brief = Brief(kind="reference")
    eligible = [
        (pid, base_fit(score_row(a, None), brief), a.relationship.kind if a.relationship else "")
        for pid, a in people.items()
        if chooser.exclusion(a, brief) is None
    ]
    loaded: list[int] = []

    def load(ids: list[int]) -> tuple[dict[int, Assessment], dict[int, Score]]:
        loaded.append(len(ids))
        return {i: people[i] for i in ids}, {i: relevance[i] for i in ids if i in relevance}

    pruned = shortlist_among(eligible, needs, brief, load)

    assert outline(pruned) == outline(shortlist(people, needs, brief, relevance))
    assert loaded[-1] < len(eligible) / 4
