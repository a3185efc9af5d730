"""Relevance: what a person knows of your work, matched against the opportunity's text."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest

from goodword.choose.needs import parse_needs
from goodword.choose.shortlist import shortlist
from goodword.evidence import relevance as relevance_module
from goodword.evidence.relevance import Documents, Relevance, postings, rank, relevance
from tests.factories import SELF_ID as SELF_ID_FOR_TESTS
from tests.factories import NetworkBuilder, network

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
    assert scores[pipelines].why == "matches the job on Python, SQL, Airflow (from endorsed skills)"
    assert scores[design].value == 0.0
    assert "shares no skill or telling word" in scores[design].why
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


def test_relevance_computes_with_the_settings_bm25s_has() -> None:
    """Relevance does not load bm25s to rank: its copy of bm25s's defaults must stay theirs."""
    import bm25s

    retriever = bm25s.BM25()
    assert (retriever.method, retriever.idf_method) == (relevance_module.BM25_METHOD,) * 2
    assert (retriever.k1, retriever.b) == (relevance_module.BM25_K1, relevance_module.BM25_B)
    assert retriever.dtype == relevance_module.BM25_DTYPE
    assert retriever.int_dtype == relevance_module.BM25_INT_DTYPE


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


# --- Realistic postings (tests/fixtures/postings, synthetic) against one cast -------------

POSTINGS = Path(__file__).parent.parent / "fixtures" / "postings"


def _thread(net: NetworkBuilder, person: int, subject: str) -> None:
    net.message(SELF_ID_FOR_TESTS, [person], net.as_of.replace(year=2025), subject)
    net.net.messages[-1] = net.net.messages[-1]._replace(subject=subject)


def _cast() -> tuple[NetworkBuilder, dict[str, int]]:
    """The owner, a senior product analyst at Northwind Labs, and what each contact saw."""
    net = network()
    net.tenure(
        None, "Northwind Labs", "Senior Product Analyst", start=date(2022, 1, 1), current=True
    )
    people = {
        "Priya": net.person(
            "Priya CPO", organization="Northwind Labs", title="Chief People Officer"
        ),
        "Theo": net.person("Theo", organization="Northwind Labs", title="Senior Marketing Manager"),
        "Ada": net.person("Ada", organization="Northwind Labs", title="Product Analyst"),
        "Ben": net.person("Ben", organization="Northwind Labs", title="Software Engineer"),
        "Cara": net.person("Cara"),
        "Dev": net.person("Dev"),
        "Ivo": net.person("Ivo"),
        "Eve": net.person("Eve"),
        "Finn": net.person("Finn"),
        "Gus": net.person("Gus"),
        "Hana": net.person("Hana"),
    }
    net.endorsement(people["Ben"], "A/B Testing", "SQL", "Experimentation")
    net.recommendation(
        people["Cara"],
        "Sam led stakeholder management for our pricing launch and kept every team aligned.",
    )
    net.endorsement(people["Dev"], "Python", "Machine Learning", "Data Pipelines")
    _thread(net, people["Ivo"], "Kafka migration plan")
    _thread(net, people["Ivo"], "Airflow DAG review")
    net.endorsement(people["Eve"], "Figma", "User Research", "Design Systems")
    net.recommendation(
        people["Finn"],
        "Sam is a great team player with a passion for work. We understand every challenge "
        "together, and Sam brings energy to the team every day.",
    )
    net.endorsement(people["Gus"], "Recruiting", "Talent Acquisition", "Employer Branding")
    _thread(net, people["Gus"], "Interview loop for the new team")
    net.endorsement(people["Hana"], "Financial Modeling", "Excel", "Forecasting")
    return net, people


# posting: (who comes first, then second when stated; what the first's why must name)
EXPECTED = {
    "product_analyst_experimentation.txt": (["Ben"], ["A/B testing", "SQL"]),
    "data_engineer_pipelines.txt": (["Dev", "Ivo"], ["machine learning", "data pipelines"]),
    "recruiter_talent_acquisition.txt": (["Gus"], ["Talent Acquisition", "employer branding"]),
    "ux_researcher.txt": (["Eve"], ["user research", "design systems", "Figma"]),
    "fpa_analyst.txt": (["Hana"], ["financial modeling", "forecasting", "Excel"]),
}


@pytest.mark.parametrize("posting", sorted(EXPECTED))
def test_realistic_postings_rank_who_saw_the_matching_skills_first(posting: str) -> None:
    net, people = _cast()
    names = {pid: name for name, pid in people.items()}
    scores = relevance(net.net, (POSTINGS / posting).read_text(), list(people.values()))
    ranked = sorted(
        (pid for pid in scores if scores[pid].value), key=lambda pid: -(scores[pid].value or 0)
    )
    top, phrases = EXPECTED[posting]

    assert [names[pid] for pid in ranked[: len(top)]] == top
    assert all(phrase in scores[people[top[0]]].why for phrase in phrases), scores[
        people[top[0]]
    ].why
    # Filler says nothing, whatever the posting; a title alone is no evidence of the work.
    assert scores[people["Finn"]].value == 0.0
    assert scores[people["Priya"]].value is None
    assert scores[people["Theo"]].value is None


def test_the_owners_title_makes_only_coworkers_in_that_field_relevant() -> None:
    net, people = _cast()
    posting = (POSTINGS / "product_analyst_experimentation.txt").read_text()
    scores = relevance(net.net, posting, list(people.values()))
    ada = scores[people["Ada"]]
    assert ada.value is not None and 0 < ada.value < 1.0
    assert "Product Analyst (from your role at Northwind Labs, in their field)" in ada.why
    assert scores[people["Ben"]].value == 1.0  # the coworker who endorsed the skills it asks for


def test_a_posting_of_filler_alone_matches_nobody() -> None:
    net, people = _cast()
    scores = relevance(net.net, (POSTINGS / "filler_only.txt").read_text(), list(people.values()))
    assert {score.value for score in scores.values()} == {None}
    assert "no skill or telling word" in scores[people["Finn"]].why


def test_skills_match_as_phrases_not_as_their_words() -> None:
    net = network()
    phrase = net.person("Endorsed the phrase")
    net.endorsement(phrase, "Stakeholder Management")
    words = net.person("Wrote the words apart")
    net.recommendation(words, "Sam's management of a tricky stakeholder was calm.")
    generic = net.person("Management only")
    net.endorsement(generic, "Management", "Leadership", "Teamwork")
    job = "Product Owner. Strong stakeholder management; you manage a team from every angle."
    scores = relevance(net.net, job, [phrase, words, generic])
    assert scores[phrase].value == 1.0
    assert scores[phrase].why == "matches the job on stakeholder management (from endorsed skills)"
    assert scores[words].value is not None and 0 < scores[words].value < 1.0
    assert scores[words].why == "matches the job on stakeholder (from their recommendation)"
    assert scores[generic].value == 0.0


def test_a_phrase_in_a_recommendation_counts_when_it_is_a_known_skill() -> None:
    net = network()
    writer = net.person("Writer")
    net.recommendation(writer, "Sam ran our A/B testing programme end to end.")
    [score] = relevance(net.net, "Growth analyst: A/B testing, SQL.", [writer]).values()
    assert score.why == "matches the job on A/B testing (from their recommendation)"
