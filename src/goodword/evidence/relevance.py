"""Relevance: how well what a person knows of the owner's work matches an opportunity's text.

Each person gets a small document of what they have seen of the owner's work:
the skills they endorsed, what their recommendation says, the owner's titles
and descriptions at the organisations they shared, and the subjects of their
direct threads. A BM25 ranker (bm25s, the only module that imports it) scores
every document against the opportunity's title and description; scores are
scaled by the best one, so the most relevant person is 1.0. A person with no
such text is unknown, not 0.

Documents are tokenized once (:func:`documents`) and can be kept with the
evidence summary; each opportunity then only indexes the tokens of the people
who may be asked, so a suggestion does not re-read everyone's text.
"""

from __future__ import annotations

from collections import defaultdict

import bm25s

from goodword.evidence.relationships import shared_tenures
from goodword.evidence.score import Score
from goodword.evidence.threads import CONVERSATION_KINDS
from goodword.store.queries import Network

# Per person: (where it comes from, its tokens) for each piece of their document.
Documents = dict[int, list[tuple[str, list[str]]]]


def _pieces(
    network: Network, person_id: int, subjects: dict[int, set[str]]
) -> list[tuple[str, str]]:
    """(where it comes from, text) pieces of what this person knows of the owner's work."""
    pieces: list[tuple[str, str]] = []
    skills = [e.skill for e in network.endorsements.get(person_id, []) if e.direction == "received"]
    if skills:
        pieces.append(("endorsed skills", " ".join(skills)))
    for recommendation in network.recommendations.get(person_id, []):
        if recommendation.direction == "received":
            pieces.append(("their recommendation", recommendation.text))
    for own, _theirs in shared_tenures(network, person_id):
        pieces.append((f"your work at {own.organization}", f"{own.title} {own.organization}"))
    if subjects.get(person_id):
        pieces.append(("your direct threads", " ".join(sorted(subjects[person_id]))))
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


def _tokens(texts: list[str]) -> list[list[str]]:
    tokenized = bm25s.tokenize(texts, stopwords="en", show_progress=False, return_ids=False)
    return [list(tokens) for tokens in tokenized]


def documents(network: Network, person_ids: list[int]) -> Documents:
    """Each person's document as tokenized pieces (people with no text get none)."""
    subjects = _direct_subjects(network)
    found: Documents = {}
    for person_id in person_ids:
        pieces = _pieces(network, person_id, subjects)
        if pieces:
            tokens = _tokens([text for _, text in pieces])
            found[person_id] = [
                (where, words) for (where, _), words in zip(pieces, tokens, strict=True)
            ]
    return found


def relevance(network: Network, job_text: str, person_ids: list[int]) -> dict[int, Score]:
    """Relevance to ``job_text`` for each of ``person_ids``, with the words that matched."""
    return rank(documents(network, person_ids), job_text, person_ids)


def rank(docs: Documents, job_text: str, person_ids: list[int]) -> dict[int, Score]:
    """Relevance to ``job_text`` for each of ``person_ids``, from their tokenized documents."""
    known = [pid for pid in person_ids if docs.get(pid)]
    found: dict[int, Score] = {
        pid: Score(None, 0.0, "nothing known of what they saw of your work to match the job with")
        for pid in person_ids
        if not docs.get(pid)
    }
    query = _tokens([job_text])[0] if job_text.strip() else []
    if not known or not query:
        for pid in known:
            found[pid] = Score(None, 0.0, "the job has no description to match against")
        return found
    # Tokenizing the joined text gives the pieces' tokens end to end (tokens never span a space).
    corpus = [[word for _, words in docs[pid] for word in words] for pid in known]
    retriever = bm25s.BM25()
    retriever.index(corpus, show_progress=False)
    raw = retriever.get_scores(query)
    best = float(max(raw)) if len(raw) else 0.0
    wanted = set(query)
    for index, pid in enumerate(known):
        value = float(raw[index]) / best if best > 0 else 0.0
        matched = sorted(wanted & set(corpus[index]))
        sources = [where for where, words in docs[pid] if wanted & set(words)]
        if matched:
            why = f"matches the job on {', '.join(matched[:8])} (from {', '.join(sources[:3])})"
        else:
            why = "what they saw of your work shares no words with the job"
        found[pid] = Score(value, min(0.8, 0.2 + 0.1 * len(docs[pid])), why)
    return found
