"""Relevance: what a person knows of your work, matched against the opportunity's text."""

from __future__ import annotations

import random
from datetime import date

import pytest

from goodword.choose.needs import parse_needs
from goodword.choose.shortlist import shortlist
from goodword.evidence.relevance import Documents, Relevance, postings, rank, relevance
from tests.factories import SELF_ID as SELF_ID_FOR_TESTS
from tests.factories import network

JOB = "Senior data engineer. You will build Python and SQL pipelines; Airflow experience required."


def test_the_colleague_who_saw_the_matching_work_is_most_relevant() -> None:
    net = network()
    pipelines = net.person("Pipelines colleague")
    net.endorsement(pipelines, "Python", "SQL", "Airflow")
    design = net.person("Design colleague")
    net.endorsement(design, "Figma", "User Research")
    silent = net.person("Nothing known")
    scores = relevance(net.net, JOB, [pipelines, design, silent])
    assert scores[pipelines].value == 1.0
    assert "airflow, python, sql" in scores[pipelines].why
    assert "endorsed skills" in scores[pipelines].why
    assert scores[design].value == 0.0
    assert "shares no words" in scores[design].why
    assert scores[silent].value is None  # unknown, not zero


def test_a_recommendation_text_counts_as_what_they_saw() -> None:
    net = network()
    writer = net.person("Writer")
    net.recommendation(writer, "Sam rebuilt our Airflow pipelines and cut SQL costs in half.")
    [score] = relevance(net.net, JOB, [writer]).values()
    assert score.value == 1.0
    assert "their recommendation" in score.why


def test_no_job_text_means_relevance_is_unknown() -> None:
    net = network()
    person = net.person("Someone")
    net.endorsement(person, "Python")
    assert relevance(net.net, "   ", [person])[person].value is None


def test_relevance_breaks_near_ties_but_never_rescues_a_weak_link() -> None:
    net = network()
    net.tenure(None, "Northwind Labs", "Data Engineer", start=date(2023, 1, 1), current=True)
    matching = net.person("Matching colleague", organization="Northwind Labs")
    other = net.person("Other colleague", organization="Northwind Labs")
    for person in (matching, other):
        net.recommendation(person, "I worked alongside Sam; excellent.")
        net.conversation(person, asks=10, replies=9)
    net.endorsement(matching, "Python", "Airflow")
    net.endorsement(other, "Figma")
    silent_expert = net.person("Silent expert", organization="Northwind Labs")
    net.recommendation(
        silent_expert, "I worked alongside Sam on Python, SQL and Airflow pipelines."
    )
    net.conversation(silent_expert, asks=10, replies=0)
    assessed = net.assess()
    scores = relevance(net.net, JOB, list(assessed))
    result = shortlist(assessed, parse_needs("2 references"), None, scores)
    picked = [p.candidate.person_id for p in result.picks]
    assert picked[0] == matching
    assert silent_expert not in picked  # the most relevant, but never answers
    assert scores[silent_expert].value == 1.0
    assert scores[matching].value is not None and scores[other].value is not None
    assert scores[matching].value > scores[other].value
    assert any(r.startswith("relevance ") for r in result.picks[0].reasons)


def test_invitations_are_not_threads_you_shared() -> None:
    net = network()
    person = net.person("Invited")
    net.endorsement(person, "Figma")
    net.message(SELF_ID_FOR_TESTS, [person], net.as_of.replace(year=2025), "inv")
    invitation = net.net.messages[-1]._replace(
        kind="linkedin_invitation", subject="invitation to connect"
    )
    net.net.messages[-1] = invitation
    score = relevance(net.net, "We connect people; an invitation to apply.", [person])[person]
    assert score.value == 0.0
    assert "your direct threads" not in score.why


WORDS = [
    "pipeline",
    "analytics",
    "python",
    "sql",
    "hiring",
    "dashboard",
    "pricing",
    "roadmap",
    "kafka",
    "spark",
]


def _random_documents(seed: int) -> tuple[Documents, list[int], str]:
    rng = random.Random(seed)
    docs: Documents = {}
    people = rng.sample(range(1, 500), rng.randrange(1, 60))
    for pid in people:
        if rng.random() < 0.2:
            continue  # nothing known of what they saw
        docs[pid] = [
            (f"piece {n}", [rng.choice(WORDS) for _ in range(rng.randrange(0, 12))])
            for n in range(rng.randrange(1, 4))
        ]
    query = " ".join(rng.choice([*WORDS, "unknownword", "the"]) for _ in range(rng.randrange(0, 9)))
    return docs, people, query


@pytest.mark.parametrize("seed", range(40))
def test_relevance_from_postings_is_bm25_to_the_last_bit(seed: int) -> None:
    docs, people, query = _random_documents(seed)
    expected = rank(docs, query, people)
    stored = postings(docs)
    eligible = [
        (pid, len(docs.get(pid, [])), sum(len(w) for _, w in docs.get(pid, []))) for pid in people
    ]
    wanted = random.Random(seed).sample(people, len(people) // 2 + 1)

    found = Relevance(
        query, eligible, lambda terms: {t: stored[t] for t in terms if t in stored}
    ).scores(wanted, lambda ids: {pid: docs[pid] for pid in ids if pid in docs})

    assert found == {pid: expected[pid] for pid in wanted}


@pytest.mark.parametrize("seed", range(40))
def test_relevance_leaves_out_the_postings_of_people_not_eligible(seed: int) -> None:
    """People excluded from a slate still have stored postings; they must count for nothing."""
    docs, people, query = _random_documents(seed)
    rng = random.Random(seed + 1000)
    chosen = [pid for pid in people if rng.random() < 0.7] or people[:1]
    stored = postings({**docs, 10_000: [("piece", ["python", "sql", "kafka"])]})  # nobody eligible
    expected = rank(docs, query, chosen)
    eligible = [
        (pid, len(docs.get(pid, [])), sum(len(w) for _, w in docs.get(pid, []))) for pid in chosen
    ]

    found = Relevance(
        query, eligible, lambda terms: {t: stored[t] for t in terms if t in stored}
    ).scores(chosen, lambda ids: {pid: docs[pid] for pid in ids if pid in docs})

    assert found == expected
