"""Everyone's scores for a moment: from the evidence summary when it still holds, else computed.

``people``, ``person`` and ``suggest`` ask here instead of loading every
interaction and scoring everyone on each call. The summary is exact, not an
approximation: it is only used while nothing it depends on can have changed
— the same data version (see :func:`goodword.store.summary.data_version`),
the same UTC day, no dated evidence and no ask turning judgeable in between.
A summary is kept only for the present; scoring as of a past day
(``--as-of``) reads one that happens to hold for that moment, or computes
exactly and keeps nothing (the slow path: every interaction is loaded).

Either way the answer is a :class:`Scores`: everyone's :class:`Standing`
(the numbers lists rank and filter on) up front, and the full assessments
and relevance documents on demand — from the stored rows, decoded only for
the people a call shows, or from memory when they were just computed.

A long-running process (``goodword serve``) also keeps the last scores it
read in memory, per engine, under the same rules: a call then costs only the
data-version check, plus decoding people it has not shown before.

A change to a few people re-scores them in the stored summary
(:mod:`goodword.service.rescoring`); when only the clock ran a summary out,
:func:`snapshot` can answer from it while a background process scores
everyone (:mod:`goodword.service.refresh`).
"""

from __future__ import annotations

import gc
import hashlib
import weakref
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from goodword.choose.shortlist import fit
from goodword.evidence.assess import Assessment, assess_until
from goodword.evidence.relevance import Documents, documents, postings
from goodword.evidence.snapshot import (
    Header,
    Pieces,
    decode_header,
    decode_people,
    encode_header,
    encode_person,
)
from goodword.identity import normalise
from goodword.store import models as m
from goodword.store import summary
from goodword.store.facts import Standing
from goodword.store.owner import local_owner
from goodword.store.queries import load_network


@dataclass(slots=True)
class Scores:
    """Everyone's standing now, and their full assessments and documents when asked for.

    ``summary_id`` names the stored summary the rest is read from; None
    means everything is in memory (just computed). ``held_until`` is set
    when the scores are those that held until then, answered late while
    fresh ones are computed (see :func:`snapshot`).
    """

    standings: list[Standing]
    current_organizations: frozenset[str]
    summary_id: int | None = None
    _assessments: dict[int, Assessment] = field(default_factory=dict)
    _documents: dict[int, Pieces | None] = field(default_factory=dict)
    _postings: dict[str, list[int]] | None = None
    held_until: datetime | None = None  # set when these are the scores of before this moment

    def _load(self, session: Session, person_ids: Iterable[int] | None) -> None:
        wanted = (
            None if person_ids is None else [p for p in person_ids if p not in self._assessments]
        )
        if self.summary_id is None or wanted == []:
            return
        texts = summary.payloads(session, self.summary_id, wanted)
        for assessment, pieces in decode_people(texts.values()):
            self._assessments[assessment.person.id] = assessment
            self._documents[assessment.person.id] = pieces

    def assessments(self, session: Session, person_ids: Sequence[int]) -> list[Assessment]:
        """The full assessments of ``person_ids``, in that order."""
        self._load(session, person_ids)
        return [self._assessments[pid] for pid in person_ids]

    def rows(self, session: Session, fields: Collection[str]) -> Sequence[Any]:
        """Everyone's standing, at least ``fields`` of it, in scoring order.

        The standings when they are at hand; from a stored summary read
        without them, just those columns (:func:`goodword.store.summary.ranking`).
        """
        if self.standings or self.summary_id is None:
            return self.standings
        return summary.ranking(session, self.summary_id, fields)

    def one(self, session: Session, person_id: int) -> Assessment | None:
        """One person's assessment, or None when they were not scored (no evidence then)."""
        self._load(session, [person_id])
        return self._assessments.get(person_id)

    def everyone(self, session: Session) -> list[Assessment]:
        """Every assessment, in the order they were scored."""
        if len(self._assessments) < len(self.standings):
            self._load(session, None)
        return [self._assessments[s.person_id] for s in self.standings]

    def documents(self, session: Session, person_ids: Sequence[int]) -> Documents:
        """The relevance documents of ``person_ids`` (people without one are left out)."""
        self._load(session, person_ids)
        return {pid: pieces for pid in person_ids if (pieces := self._documents.get(pid))}

    def postings(self, session: Session, terms: list[str]) -> dict[str, list[int]]:
        """Who uses each of ``terms`` in their document, and how often."""
        if self.summary_id is not None:
            return summary.postings(session, self.summary_id, terms)
        if self._postings is None:
            self._postings = postings(
                {pid: pieces for pid, pieces in self._documents.items() if pieces}
            )
        return {term: self._postings[term] for term in terms if term in self._postings}


@dataclass(frozen=True, slots=True)
class _Held:
    owner_id: int
    version: str
    computed_for: datetime
    valid_until: datetime
    scores: Scores

    def holds(self, owner_id: int, version: str, moment: datetime) -> bool:
        return (
            self.owner_id == owner_id
            and self.version == version
            and self.computed_for <= moment < self.valid_until
        )


# The last scores read or computed per open database; dropped with its engine.
_held: weakref.WeakKeyDictionary[Engine, _Held] = weakref.WeakKeyDictionary()


LAG_LIMIT = timedelta(days=2)
"""How long after its span a summary of the same evidence may still answer, flagged, while
fresh scores are computed in the background."""


def snapshot(
    session: Session,
    moment: datetime,
    *,
    keep: bool,
    refresh_later: Callable[[], object] | None = None,
    standings: bool = True,
) -> tuple[m.Owner, Scores]:
    """The owner and everyone's scores as of ``moment``; ``keep`` stores fresh ones.

    With ``refresh_later``, a summary of the very same evidence whose span
    ran out by the clock alone (a new day, an ask turning old enough to
    judge) less than :data:`LAG_LIMIT` ago answers at once, with
    ``Scores.held_until`` saying so, and ``refresh_later`` is called to score
    everyone afresh elsewhere. Any change to the evidence is never served
    late: a different data version is scored here and now (or was already
    re-scored in place, see :mod:`goodword.service.rescoring`).

    ``standings`` False is for a caller that wants a few people by id
    (:meth:`Scores.one`): read from a stored summary, the scores then come
    without everyone's standings (30,000 rows not read) and are not kept in
    memory.
    """
    owner = local_owner(session)
    version = summary.data_version(session, owner)
    engine = session.get_bind()
    held = _held.get(engine) if isinstance(engine, Engine) else None
    if held is not None and held.holds(owner.id, version, moment):
        return owner, held.scores
    stored = summary.read(session, owner, version, moment)
    lapsed = False
    if stored is None and refresh_later is not None:
        stored = summary.read_lapsed(session, owner, version, moment, moment - LAG_LIMIT)
        lapsed = stored is not None
    if stored is not None:
        header = decode_header(stored.payload)
        if header is not None and header.code == code_fingerprint():
            rows = summary.standings(session, stored.id) if standings else []
            scores = Scores(rows, header.current_organizations, stored.id)
            if lapsed and refresh_later is not None:
                scores.held_until = stored.valid_until
                refresh_later()
                return owner, scores
            if not standings:
                return owner, scores
            _remember(
                engine, _Held(owner.id, version, stored.computed_for, stored.valid_until, scores)
            )
            return owner, scores
    return owner, compute(session, owner, moment, version=version if keep else None)


def compute(
    session: Session, owner: m.Owner, moment: datetime, *, version: str | None = None
) -> Scores:
    """Score everyone from every stored fact; with the data ``version``, keep it as the summary."""
    with _collector_paused():
        return _compute(session, owner, moment, version)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No garbage collection while everyone is scored; it runs again (and catches up) after.

    Scoring a million interactions makes millions of objects that all stay
    alive until the end; the collector's passes over them found nothing and
    cost about a quarter of the time (5.5 of 22.6 s at 30,000 people).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _compute(session: Session, owner: m.Owner, moment: datetime, version: str | None) -> Scores:
    network = load_network(session, owner, moment)
    result = assess_until(network)
    assessed = result.people
    current = frozenset(
        t.organization_key for t in network.owner_tenures if t.kind == "work" and t.is_current
    )
    docs = documents(network, list(network.people))
    standings = [standing(a, docs.get(pid)) for pid, a in assessed.items()]
    scores = Scores(standings, current, None, assessed, dict(docs))
    if version is None:
        return scores
    valid_until = holds_until(session, owner, moment, result.judgeable)
    if summary.data_version(session, owner) != version:
        return scores  # the evidence changed while everyone was scored (another process)
    summary.write(
        session,
        owner,
        version=version,
        computed_for=moment,
        valid_until=valid_until,
        payload=encode_header(Header(current, result.prior, code_fingerprint())),
        people=(
            (row, encode_person(assessed[row.person_id], docs.get(row.person_id)))
            for row in standings
        ),
        terms=scores.postings(session, list(_words(docs))),
    )
    _remember(session.get_bind(), _Held(owner.id, version, moment, valid_until, scores))
    return scores


# The code a summary's scores depend on: the evidence stage, the fit, and how facts are read.
_SCORING_CODE = (
    "evidence",
    "choose",
    "store/queries.py",
    "service/scoring.py",
    "service/rescoring.py",
)


@cache
def code_fingerprint() -> str:
    """A digest of the scoring code: a summary kept by other code (an upgrade) is not used."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.blake2b(digest_size=12)
    for name in _SCORING_CODE:
        where = root / name
        for path in sorted(where.rglob("*.py")) if where.is_dir() else [where]:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def holds_until(
    session: Session, owner: m.Owner, moment: datetime, judgeable: datetime | None
) -> datetime:
    """Until when scores computed at ``moment`` stay exact: midnight, or earlier evidence."""
    midnight = datetime.combine(moment.astimezone(UTC).date() + timedelta(days=1), time.min, UTC)
    ends = [midnight, judgeable, summary.next_evidence_after(session, owner, moment)]
    return min(e for e in ends if e is not None)


def _words(docs: Documents) -> set[str]:
    return {word for pieces in docs.values() for _, words in pieces for word in words}


def standing(assessment: Assessment, pieces: Pieces | None) -> Standing:
    """What ranking and filtering read of one assessment."""
    a = assessment
    person = a.person
    away = a.availability
    return Standing(
        person.id,
        person.name,
        normalise.name_key(person.name),
        person.organization_key,
        fit(a),
        a.familiarity.value,
        a.communication.value,
        a.satisfaction.value,
        a.satisfaction.confidence,
        a.confidence,
        person.soured,
        person.do_not_ask,
        a.relationship.kind if a.relationship else "",
        away.until if away else None,
        away is not None and away.status == "away",
        len(pieces) if pieces else 0,
        sum(len(words) for _, words in pieces) if pieces else 0,
    )


SORT_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "confidence": ("confidence",),
    "fit": ("fit", "name"),
    "familiarity": ("familiarity", "name"),
    "communication": ("communication", "name"),
    "satisfaction": ("satisfaction", "name"),
}
"""What each ``--sort`` of :func:`sort_key` reads of a standing."""


def sort_key(sort: str) -> Callable[[Standing], Any]:
    """How ``people`` orders standings for each ``--sort`` (ties keep the scoring order)."""
    if sort == "name":
        return lambda s: s.name.casefold()
    if sort == "confidence":
        return lambda s: -s.confidence
    if sort == "fit":
        return lambda s: (-s.fit, s.name)
    return lambda s: (getattr(s, sort) is None, -(getattr(s, sort) or 0.0), s.name)


def _remember(engine: object, held: _Held) -> None:
    if isinstance(engine, Engine):
        _held[engine] = held


def forget(engine: Engine) -> None:
    """Drop the scores held in memory for ``engine`` (the stored summary stays)."""
    _held.pop(engine, None)
