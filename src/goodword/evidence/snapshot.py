"""A network's judgements as bytes and back: what the evidence summary stores.

Everything ``people`` and ``suggest`` need without reloading the evidence:
each person's assessment (scores, whys, evidence ids, relationship,
availability), their tokenized relevance document, and the owner's current
organisations. JSON (compressed), never pickle: a database row must not be
able to run code. Floats survive the round trip exactly, so a summary
answers with the very numbers the evidence code computed.
"""

from __future__ import annotations

import gc
import json
import zlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from goodword.evidence.assess import Assessment
from goodword.evidence.availability import Availability
from goodword.evidence.relationships import Relation
from goodword.evidence.relevance import Documents
from goodword.evidence.score import EvidenceRef, Score
from goodword.store.queries import PersonFact

FORMAT = 1
_make_ref = EvidenceRef._make


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everyone's assessment, their relevance documents and the owner's current employers."""

    assessments: dict[int, Assessment]
    documents: Documents
    current_organizations: frozenset[str]


def _ref(ref: EvidenceRef | None) -> list[Any] | None:
    return None if ref is None else [ref.kind, ref.id, ref.text]


def _score(score: Score) -> list[Any]:
    return [
        score.value,
        score.confidence,
        score.why,
        [[e.kind, e.id, e.text] for e in score.evidence],
        score.details,
    ]


def _person(p: PersonFact) -> list[Any]:
    return [
        p.id,
        p.name,
        p.organization,
        p.organization_key,
        p.title,
        p.connected_on.isoformat() if p.connected_on else None,
        p.soured,
        p.soured_note,
        p.do_not_ask,
        list(p.emails),
        p.linkedin,
    ]


def encode(snapshot: Snapshot) -> bytes:
    """The snapshot as compressed JSON."""
    people = []
    for a in snapshot.assessments.values():
        relation = a.relationship
        away = a.availability
        people.append(
            [
                _person(a.person),
                _score(a.communication),
                _score(a.familiarity),
                _score(a.satisfaction),
                None
                if relation is None
                else [
                    relation.kind,
                    relation.confidence,
                    relation.why,
                    _ref(relation.evidence),
                    relation.organization_key,
                ],
                None
                if away is None
                else [
                    away.status,
                    away.since.isoformat(),
                    away.signal_id,
                    away.until.isoformat() if away.until else None,
                    away.address,
                    away.organization,
                ],
            ]
        )
    body = {
        "format": FORMAT,
        "people": people,
        "documents": [
            [pid, [[where, " ".join(words)] for where, words in pieces]]
            for pid, pieces in snapshot.documents.items()
        ],
        "current": sorted(snapshot.current_organizations),
    }
    return zlib.compress(json.dumps(body, separators=(",", ":")).encode(), 1)


def _decode_score(raw: list[Any]) -> Score:
    value, confidence, why, evidence, details = raw
    return Score(value, confidence, why, tuple(map(_make_ref, evidence)), details)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def decode(payload: bytes) -> Snapshot | None:
    """The snapshot back, or None when it was written in another format."""
    # Hundreds of thousands of new objects, none of them cyclic: collecting
    # garbage while they are built only slows the reading down.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _decode(payload)
    finally:
        if enabled:
            gc.enable()


def _decode(payload: bytes) -> Snapshot | None:
    body = json.loads(zlib.decompress(payload))
    if body.get("format") != FORMAT:
        return None
    assessments: dict[int, Assessment] = {}
    for person, comm, fam, sat, relation, away in body["people"]:
        fact = PersonFact(
            person[0],
            person[1],
            person[2],
            person[3],
            person[4],
            _day(person[5]),
            person[6],
            person[7],
            person[8],
            tuple(person[9]),
            person[10],
        )
        assessments[fact.id] = Assessment(
            person=fact,
            communication=_decode_score(comm),
            familiarity=_decode_score(fam),
            satisfaction=_decode_score(sat),
            relationship=None
            if relation is None
            else Relation(
                relation[0],
                relation[1],
                relation[2],
                None if relation[3] is None else EvidenceRef(*relation[3]),
                relation[4],
            ),
            availability=None
            if away is None
            else Availability(
                away[0], date.fromisoformat(away[1]), away[2], _day(away[3]), away[4], away[5]
            ),
        )
    documents: Documents = {
        pid: [(where, words.split()) for where, words in pieces]
        for pid, pieces in body["documents"]
    }
    return Snapshot(assessments, documents, frozenset(body["current"]))
