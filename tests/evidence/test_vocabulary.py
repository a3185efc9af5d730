"""The words relevance counts: skills and phrases, never the filler every job ad uses."""

from __future__ import annotations

from goodword.evidence.vocabulary import query_terms, skill_phrases, terms


def test_filler_seen_matching_real_postings_gives_no_terms() -> None:
    assert query_terms("from, passion, we").terms == []
    assert query_terms("every, understand, work").terms == []
    assert query_terms("Senior Team Lead, 5+ years, great communication").terms == []


def test_a_job_gives_its_words_and_phrases_as_it_wrote_them() -> None:
    query = query_terms("Growth analyst: A/B testing and stakeholder management; Node.js, C++.")
    assert "a/b_testing" in query.terms and "stakeholder_management" in query.terms
    assert {"analyst", "a/b", "testing", "stakeholder", "node.js", "c++"} <= set(query.terms)
    assert "management" not in query.terms  # a generic word alone
    assert query.written["a/b_testing"] == "A/B testing"
    assert query.written["node.js"] == "Node.js"


def test_phrases_never_run_across_punctuation_or_stop_words() -> None:
    query = query_terms("Python, machine learning. Quality of data")
    assert "python_machine" not in query.terms
    assert "machine_learning" in query.terms
    assert "quality_data" not in query.terms


def test_plurals_fold_and_slashed_pairs_split_unless_short() -> None:
    assert terms("data pipelines, Python/SQL, CI/CD") == [
        "data",
        "pipeline",
        "data_pipeline",
        "python",
        "sql",
        "ci/cd",
    ]


def test_what_someone_saw_holds_only_the_phrases_known_to_be_skills() -> None:
    assert terms("Sam ran our pricing launch review") == ["sam", "pricing", "launch", "review"]
    endorsed = skill_phrases(["Pricing Strategy", "Team Leadership"])
    assert "pricing_strategy" in endorsed
    assert "team_leadership" not in endorsed  # two generic words are no skill to match on
    assert "pricing_strategy" in terms("Sam set our pricing strategy.", endorsed)
