"""Relevance: how well what a person knows of the owner's work matches an opportunity's text.

Each person gets a small document of what they have seen of the owner's work:
the skills they endorsed, what their recommendation says, the subjects of
their direct threads and, where they worked beside the owner, what the
owner's title there shares with theirs (the same field: the owner's title
alone would be the same for every coworker). Only skills, phrases and
telling words count (:mod:`goodword.evidence.vocabulary`): filler every job
ad uses matches nothing, so a match made only of it scores 0. A BM25 ranker
(bm25s, the only module that imports it) scores every document against the
opportunity's title and description; scores are scaled by the best one, so
the most relevant person is 1.0. A person with no such text is unknown, not
0. The why names each skill or phrase that matched and where it came from.

Documents are turned into terms once (:func:`documents`) and can be kept
with the evidence summary, phrases included (as ``stakeholder_management``);
each opportunity then only indexes the terms of the people who may be
asked, so a suggestion does not re-read everyone's text.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from typing import Any

from goodword.evidence import vocabulary
from goodword.evidence.criterion import Score
from goodword.evidence.relationships import shared_tenures
from goodword.evidence.threads import CONVERSATION_KINDS
from goodword.evidence.vocabulary import Query, query_terms, terms
from goodword.store.facts import Network

# Per person: (where it comes from, its terms) for each piece of their document.
Documents = dict[int, list[tuple[str, list[str]]]]

# The settings of ``bm25s.BM25()`` (Lucene's BM25) that :class:`Relevance` computes with: bm25s
# itself takes longer to load than a suggestion takes to rank, so it is not loaded for that;
# a test holds these equal to its defaults.
BM25_METHOD = "lucene"
BM25_K1 = 1.5
BM25_B = 0.75
BM25_DTYPE = "float32"
BM25_INT_DTYPE = "int32"


def _pieces(
    network: Network, person_id: int, subjects: dict[int, set[str]]
) -> list[tuple[str, list[str]]]:
    """(where it comes from, its terms) for each piece of what this person knows of your work."""
    pieces: list[tuple[str, list[str]]] = []
    skills = [e.skill for e in network.endorsements.get(person_id, []) if e.direction == "received"]
    # Their own skills of several words are phrases in everything else they saw, too.
    phrases = vocabulary.skill_phrases(skills)
    if skills:
        pieces.append(("endorsed skills", [t for skill in skills for t in terms(skill, phrases)]))
    for recommendation in network.recommendations.get(person_id, []):
        if recommendation.direction == "received":
            pieces.append(("their recommendation", terms(recommendation.text, phrases)))
    for own, theirs in shared_tenures(network, person_id):
        # Your title alone is the same for every coworker: only what it shares with
        # theirs (the same field) says they saw that kind of work of yours.
        alike = set(query_terms(theirs.title).terms)
        shared = [t for t in query_terms(own.title).terms if t in alike]
        if shared:
            pieces.append((f"your role at {own.organization}, in their field", shared))
    if subjects.get(person_id):
        pieces.append(
            ("your direct threads", terms("\n".join(sorted(subjects[person_id])), phrases))
        )
    return pieces


def _direct_subjects(network: Network) -> dict[int, set[str]]:
    """Per person, the subjects of the two-person conversations they were in (one pass)."""
    found: dict[int, set[str]] = defaultdict(set)
    for message in network.messages:
        if (
            message.subject
            and message.kind in CONVERSATION_KINDS
            and message.participant_count == 2
        ):
            for person_id in {message.sender_id, *message.recipient_ids}:
                if person_id is not None:
                    found[person_id].add(message.subject)
    return found


def documents(network: Network, person_ids: list[int]) -> Documents:
    """Each person's document as pieces of terms (people with no text get none)."""
    subjects = _direct_subjects(network)
    everyone = ((pid, _pieces(network, pid, subjects)) for pid in person_ids)
    return {pid: pieces for pid, pieces in everyone if pieces}


def word_counts(pieces: list[tuple[str, list[str]]] | None) -> dict[str, int]:
    """How often each word comes in one person's document."""
    counts: dict[str, int] = {}
    for _, words in pieces or ():
        for word in words:
            counts[word] = counts.get(word, 0) + 1
    return counts


def postings(docs: Documents) -> dict[str, list[int]]:
    """Per word, who uses it and how often: person id, count, person id, count, ..."""
    found: dict[str, list[int]] = defaultdict(list)
    for pid, pieces in docs.items():
        for word, count in word_counts(pieces).items():
            found[word] += (pid, count)
    return dict(found)


def relevance(network: Network, job_text: str, person_ids: list[int]) -> dict[int, Score]:
    """Relevance to ``job_text`` for each of ``person_ids``, with the words that matched."""
    return rank(documents(network, person_ids), job_text, person_ids)


def rank(docs: Documents, job_text: str, person_ids: list[int]) -> dict[int, Score]:
    """Relevance to ``job_text`` for each of ``person_ids``, from their documents."""
    known = [pid for pid in person_ids if docs.get(pid)]
    found: dict[int, Score] = {
        pid: Score(None, 0.0, NOTHING_KNOWN) for pid in person_ids if not docs.get(pid)
    }
    query = query_terms(job_text)
    if not known or not query.terms:
        for pid in known:
            found[pid] = Score(None, 0.0, _no_query(job_text))
        return found
    corpus = [[word for _, words in docs[pid] for word in words] for pid in known]
    import bm25s  # with numpy, a tenth of a second to load: only when relevance is asked for

    retriever = bm25s.BM25()
    retriever.index(corpus, show_progress=False)
    raw = retriever.get_scores(query.terms)
    best = float(max(raw)) if len(raw) else 0.0
    for index, pid in enumerate(known):
        found[pid] = _scored(float(raw[index]), best, query, docs[pid])
    return found


NOTHING_KNOWN = "nothing known of what they saw of your work to match the job with"
NO_DESCRIPTION = "the job has no description to match against"
ONLY_FILLER = "the job's text has no skill or telling word to match against (add its description)"
NO_MATCH = "what they saw of your work shares no skill or telling word with the job"
SHOWN = 6  # matched skills and phrases named in a why


def _no_query(job_text: str) -> str:
    return ONLY_FILLER if job_text.strip() else NO_DESCRIPTION


def _scored(raw: float, best: float, query: Query, pieces: list[tuple[str, list[str]]]) -> Score:
    value = raw / best if best > 0 else 0.0
    sources: dict[str, list[str]] = {}
    for where, words in pieces:
        for word in dict.fromkeys(words):
            sources.setdefault(word, []).append(where)
    matched = [term for term in dict.fromkeys(query.terms) if term in sources]
    # A word or phrase inside a longer phrase that matched is named by that phrase.
    longer = [f"_{term}_" for term in matched if "_" in term]
    named = [t for t in matched if not any(f"_{t}_" in p and p != f"_{t}_" for p in longer)]
    if not named:
        return Score(value, min(0.8, 0.2 + 0.1 * len(pieces)), NO_MATCH)
    groups: dict[tuple[str, ...], list[str]] = {}
    for term in named[:SHOWN]:
        groups.setdefault(tuple(dict.fromkeys(sources[term])), []).append(query.written[term])
    said = "; ".join(
        f"{', '.join(words)} (from {', '.join(where)})" for where, words in groups.items()
    )
    more = f"; and {len(named) - SHOWN} more" if len(named) > SHOWN else ""
    why = f"matches the job on {said}{more}"
    return Score(value, min(0.8, 0.2 + 0.1 * len(pieces)), why)


class Relevance:
    """What :func:`rank` gives each person when it ranks all of ``eligible``, without indexing them.

    ``eligible`` holds (person id, pieces in their document, words in it) for
    everyone :func:`rank` would index, in its order. BM25 scores a document
    from its length, its counts of the query's words and, over the whole
    corpus, the documents' mean length and how many use each query word: all
    of it comes from the lengths and the query words' postings
    (``find_postings``), so the raw scores of everyone cost a few array
    operations, and :meth:`scores` reads the documents (for the matched
    words) of only the people asked for. The arithmetic is bm25s's own, step
    for step, in its float32: the values are the very ones :func:`rank`
    returns (tests compare them bit for bit).
    """

    def __init__(
        self,
        job_text: str,
        eligible: Sequence[tuple[int, int, int]],
        find_postings: Callable[[list[str]], dict[str, list[int]]],
    ) -> None:
        self._unknown = {pid for pid, pieces, _ in eligible if not pieces}
        known = [(pid, length) for pid, pieces, length in eligible if pieces]
        self._text = job_text
        self._query = query_terms(job_text)
        self._position = {pid: index for index, (pid, _) in enumerate(known)}
        self._raw: Any = None
        self._best = 0.0
        if not known or not self._query.terms:
            return
        import numpy as np  # bm25s's arithmetic, with its settings (BM25_*), without bm25s

        lengths = np.array([length for _, length in known])
        mean_length = lengths.mean()
        stored = find_postings(sorted(set(self._query.terms)))
        # Each posting's place among the eligible, found by binary search over their sorted ids:
        # a common word is used by thousands of people, too many to look up one by one.
        ids = np.array([pid for pid, _ in known], dtype=np.int64)
        by_id = np.argsort(ids, kind="stable")
        sorted_ids = ids[by_id]
        columns: dict[str, tuple[Any, Any]] = {}
        for term in set(self._query.terms):
            flat = stored.get(term)
            if not flat:
                continue
            pairs = np.array(flat, dtype=np.int64).reshape(-1, 2)
            found = np.minimum(np.searchsorted(sorted_ids, pairs[:, 0]), len(sorted_ids) - 1)
            eligible_ones = sorted_ids[found] == pairs[:, 0]
            if eligible_ones.any():
                columns[term] = (
                    by_id[found[eligible_ones]].astype(BM25_INT_DTYPE),
                    pairs[eligible_ones, 1].astype(BM25_DTYPE),
                )
        raw = np.zeros(len(known), dtype=BM25_DTYPE)
        k1, b = BM25_K1, BM25_B
        for term in self._query.terms:  # in order, a repeated word counts again, as in bm25s
            if term not in columns:
                continue
            rows, counts = columns[term]
            df = len(rows)
            idf = np.float32(math.log(1 + (len(known) - df + 0.5) / (df + 0.5)))
            tfc = counts / (k1 * ((1 - b) + b * lengths[rows] / mean_length) + counts)
            np.add.at(raw, rows, (idf * tfc).astype(BM25_DTYPE))
        self._raw = raw
        self._best = float(raw.max()) if len(raw) else 0.0

    def scores(
        self, wanted: Collection[int], find_documents: Callable[[list[int]], Documents]
    ) -> dict[int, Score]:
        """Relevance of each of ``wanted`` (all among the eligible)."""
        found = {pid: Score(None, 0.0, NOTHING_KNOWN) for pid in wanted if pid in self._unknown}
        known = [pid for pid in wanted if pid in self._position]
        if self._raw is None:
            found.update((pid, Score(None, 0.0, _no_query(self._text))) for pid in known)
            return found
        documents_of = find_documents(known)
        for pid in known:
            raw = float(self._raw[self._position[pid]])
            found[pid] = _scored(raw, self._best, self._query, documents_of[pid])
        return found
