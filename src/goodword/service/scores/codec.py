"""A network's judgements as JSON and back: what kept scores store.

Everything ``people`` and ``suggest`` need without reloading the evidence:
per person, their assessment (scores, whys, evidence ids, relationship,
availability) and tokenized relevance document (:func:`encode_person`, one
row of kept scores each, decoded only for the people shown); for the network, the
owner's current organisations and the reply prior (:func:`encode_header`). JSON, never pickle:
a database row must not be able to run code. Floats survive the round trip
exactly, so kept scores answer with the very numbers the evidence code
computed.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from goodword.evidence.assessment import Assessment
from goodword.evidence.availability import Availability
from goodword.evidence.criterion import EvidenceRef, Score
from goodword.evidence.prior import Prior
from goodword.evidence.relationships import Relation
from goodword.store.facts import PersonFact

FORMAT = 7  # 3: the reply prior; 4: export dates; 5: connections per employer; 6: scoring version;
# 7: one-sided archives
_make_ref = EvidenceRef._make


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


Pieces = list[tuple[str, list[str]]]


def encode_person(assessment: Assessment, pieces: Pieces | None) -> str:
    """One person's assessment and relevance document as JSON (a payload of kept scores)."""
    a = assessment
    relation = a.relationship
    away = a.availability
    return json.dumps(
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
                relation.possible,
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
            None if pieces is None else [[where, " ".join(words)] for where, words in pieces],
        ],
        separators=(",", ":"),
    )


@dataclass(frozen=True, slots=True)
class Header:
    """What belongs to the whole network: the owner's current organisations, the reply prior,
    and the export date of each source's newest import (what each source can know), and
    how many connections worked at each of the owner's employers (familiarity weighs by it).
    """

    current_organizations: frozenset[str]
    prior: Prior
    scoring: int = 0  # the SCORING_VERSION they were computed by: scores of another are not used
    exports: dict[str, date] = field(default_factory=dict)
    crowd: dict[str, int] = field(default_factory=dict)


def encode_header(header: Header) -> bytes:
    """The network-wide part of kept scores as JSON."""
    body = {
        "format": FORMAT,
        "current": sorted(header.current_organizations),
        "prior": header.prior.as_list(),
        "scoring": header.scoring,
        "exports": {kind: day.isoformat() for kind, day in sorted(header.exports.items())},
        "crowd": header.crowd,
    }
    return json.dumps(body, separators=(",", ":")).encode()


def decode_header(payload: bytes) -> Header | None:
    """The header back, or None when written in another format or by other code.

    Kept scores are only ever a shortcut: those this code cannot read (kept by an
    older or newer goodword, whose prior had other fields) is simply not
    used, and everyone is scored afresh.
    """
    try:
        body = json.loads(payload)
        if not isinstance(body, dict) or body.get("format") != FORMAT:
            return None
        return Header(
            frozenset(body["current"]),
            Prior.from_list(body["prior"]),
            int(body.get("scoring", 0)),
            {kind: date.fromisoformat(day) for kind, day in body.get("exports", {}).items()},
            {str(key): int(n) for key, n in dict(body.get("crowd", {})).items()},
        )
    except (ValueError, TypeError, KeyError):
        return None


def _decode_score(raw: list[Any]) -> Score:
    value, confidence, why, evidence, details = raw
    return Score(value, confidence, why, tuple(map(_make_ref, evidence)), details)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def decode_person(payload: str) -> tuple[Assessment, Pieces | None]:
    """A person's assessment and relevance document back from :func:`encode_person`."""
    person, comm, fam, sat, relation, away, pieces = json.loads(payload)
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
    assessment = Assessment(
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
            relation[5],
        ),
        availability=None
        if away is None
        else Availability(
            away[0], date.fromisoformat(away[1]), away[2], _day(away[3]), away[4], away[5]
        ),
    )
    document = None if pieces is None else [(where, words.split()) for where, words in pieces]
    return assessment, document


def decode_people(payloads: Iterable[str]) -> list[tuple[Assessment, Pieces | None]]:
    """Many people at once (garbage collection paused: none of these objects is cyclic)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return [decode_person(text) for text in payloads]
    finally:
        if enabled:
            gc.enable()
