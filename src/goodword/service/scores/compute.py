"""Kept scores through the open store: kept in memory, read back, or computed and kept.

The second and third steps of :func:`goodword.service.scores.answer`, for a
session of the store. :func:`from_store` answers with the scores a
long-running process (``goodword serve``) holds in memory for this engine,
else with kept scores read back on the session's connection
(:func:`goodword.service.scores.kept.kept`, the very reads of the quick
path), else with everyone scored from every stored fact (:func:`compute`),
kept when they are for now. A past day (``--as-of``) is read from kept
scores that happen to hold for that moment, or computed exactly and not
kept (the slow path: every interaction is loaded).

Kept scores are exact, not an approximation: they are used only while
nothing they depend on can have changed — the same data version (see
:func:`goodword.store.kept.data_version`), the same scoring version
(:mod:`goodword.service.scores.version`), the same UTC day, no dated
evidence and no ask turning judgeable in between.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from goodword.choose.shortlist import fit
from goodword.evidence import known
from goodword.evidence.assess import Assessment, assess_until
from goodword.evidence.relevance import Documents, documents
from goodword.identity import normalise
from goodword.service.scores.codec import Header, Pieces, encode_header, encode_person
from goodword.service.scores.kept import Scores, collector_paused, kept
from goodword.service.scores.version import SCORING_VERSION
from goodword.store import kept as store
from goodword.store import models as m
from goodword.store.facts import ScoreRow
from goodword.store.owner import local_owner
from goodword.store.queries import load_network
from goodword.store.reading import Reader


@dataclass(frozen=True, slots=True)
class _InMemory:
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
_in_memory: weakref.WeakKeyDictionary[Engine, _InMemory] = weakref.WeakKeyDictionary()


def from_store(
    session: Session,
    moment: datetime,
    *,
    keep: bool,
    refresh_later: Callable[[], object] | None = None,
    score_rows: bool = True,
) -> tuple[m.Owner, Scores]:
    """The owner and everyone's scores as of ``moment``; ``keep`` stores fresh ones.

    With ``refresh_later``, kept scores of the very same evidence whose span
    ran out by the clock alone (a new day, an ask turning old enough to
    judge) less than :data:`~goodword.service.scores.kept.LAG_LIMIT` ago
    answer at once, late (``Scores.held_until`` says until when they held),
    and ``refresh_later`` is called to score everyone afresh elsewhere. Any
    change to the evidence is never served late: a different data version
    is scored here and now (or was already re-scored in place, see
    :mod:`goodword.service.scores.rescore`).

    ``score_rows`` False is for a caller that wants a few people by id
    (:meth:`Scores.one`): read from kept scores, they then come without
    everyone's rows (30,000 rows not read) and are not kept in memory.
    """
    owner = local_owner(session)
    version = store.data_version(session, owner)
    engine = session.get_bind()
    last = _in_memory.get(engine) if isinstance(engine, Engine) else None
    if last is not None and last.holds(owner.id, version, moment):
        return owner, last.scores
    found = kept(
        Reader.of(session),
        owner.id,
        version,
        moment,
        late_ok=refresh_later is not None,
        score_rows=score_rows,
    )
    if found is not None:
        stored, scores, late = found
        if late and refresh_later is not None:
            refresh_later()
        elif score_rows:
            _remember(
                engine,
                _InMemory(owner.id, version, stored.computed_for, stored.valid_until, scores),
            )
        return owner, scores
    return owner, compute(session, owner, moment, version=version if keep else None)


def compute(
    session: Session, owner: m.Owner, moment: datetime, *, version: str | None = None
) -> Scores:
    """Score everyone from every stored fact; with the data ``version``, keep them in the store."""
    with collector_paused():
        return _compute(session, owner, moment, version)


def _compute(session: Session, owner: m.Owner, moment: datetime, version: str | None) -> Scores:
    network = load_network(session, owner, moment)
    result = assess_until(network)
    assessed = result.people
    current = frozenset(
        t.organization_key for t in network.owner_tenures if t.kind == "work" and t.is_current
    )
    docs = documents(network, list(network.people))
    score_rows = [score_row(a, docs.get(pid)) for pid, a in assessed.items()]
    scores = Scores(
        score_rows, current, None, assessed, dict(docs), old_exports=_old(network.exports, moment)
    )
    if version is None:
        return scores
    valid_until = holds_until(session, owner, moment, result.judgeable)
    if store.data_version(session, owner) != version:
        return scores  # the evidence changed while everyone was scored (another process)
    store.write(
        session,
        owner,
        version=version,
        computed_for=moment,
        valid_until=valid_until,
        payload=encode_header(
            Header(current, result.prior, SCORING_VERSION, network.exports, result.crowd)
        ),
        people=(
            (row, encode_person(assessed[row.person_id], docs.get(row.person_id)))
            for row in score_rows
        ),
        terms=scores.postings(session, list(_words(docs))),
    )
    _remember(session.get_bind(), _InMemory(owner.id, version, moment, valid_until, scores))
    return scores


def holds_until(
    session: Session, owner: m.Owner, moment: datetime, judgeable: datetime | None
) -> datetime:
    """Until when scores computed at ``moment`` stay exact: midnight, or earlier evidence."""
    midnight = datetime.combine(moment.astimezone(UTC).date() + timedelta(days=1), time.min, UTC)
    ends = [midnight, judgeable, store.next_evidence_after(session, owner, moment)]
    return min(e for e in ends if e is not None)


def _old(exports: dict[str, date], moment: datetime) -> tuple[str, ...]:
    return tuple(known.old_exports(exports, moment.astimezone(UTC).date()))


def _words(docs: Documents) -> set[str]:
    return {word for pieces in docs.values() for _, words in pieces for word in words}


def score_row(assessment: Assessment, pieces: Pieces | None) -> ScoreRow:
    """One person's row of kept scores: what ranking and filtering read of their assessment."""
    a = assessment
    person = a.person
    away = a.availability
    return ScoreRow(
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


def _remember(engine: object, last: _InMemory) -> None:
    if isinstance(engine, Engine):
        _in_memory[engine] = last


def forget(engine: Engine) -> None:
    """Drop the scores kept in memory for ``engine`` (those kept in the store stay)."""
    _in_memory.pop(engine, None)
