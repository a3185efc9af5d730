"""Everyone's scores for a moment: from the evidence summary when it still holds, else computed.

``people``, ``person`` and ``suggest`` ask here instead of loading every
interaction and scoring everyone on each call. The summary is exact, not an
approximation: it is only used while nothing it depends on can have changed
— the same data version (see :func:`goodword.store.summary.data_version`),
the same UTC day, no dated evidence and no ask turning judgeable in between.
A summary is kept only for the present; scoring as of a past day
(``--as-of``) reads one that happens to hold for that moment, or computes
exactly and keeps nothing (the slow path: every interaction is loaded).

A long-running process (``goodword serve``) also keeps the last snapshot it
read in memory, per engine, under the same rules: a call then costs only the
data-version check.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from goodword.evidence.assess import assess_until
from goodword.evidence.relevance import documents
from goodword.evidence.snapshot import Snapshot, decode, encode
from goodword.store import models as m
from goodword.store import summary
from goodword.store.owner import local_owner
from goodword.store.queries import load_network


@dataclass(frozen=True, slots=True)
class _Held:
    owner_id: int
    version: str
    computed_for: datetime
    valid_until: datetime
    snapshot: Snapshot

    def holds(self, owner_id: int, version: str, moment: datetime) -> bool:
        return (
            self.owner_id == owner_id
            and self.version == version
            and self.computed_for <= moment < self.valid_until
        )


# The last snapshot read or computed per open database; dropped with its engine.
_held: weakref.WeakKeyDictionary[Engine, _Held] = weakref.WeakKeyDictionary()


def snapshot(session: Session, moment: datetime, *, keep: bool) -> tuple[m.Owner, Snapshot]:
    """The owner and everyone's assessment as of ``moment``; ``keep`` stores a fresh one."""
    owner = local_owner(session)
    version = summary.data_version(session, owner)
    engine = session.get_bind()
    held = _held.get(engine) if isinstance(engine, Engine) else None
    if held is not None and held.holds(owner.id, version, moment):
        return owner, held.snapshot
    stored = summary.read(session, owner, version, moment)
    if stored is not None:
        found = decode(stored.payload)
        if found is not None:
            _remember(
                engine, _Held(owner.id, version, stored.computed_for, stored.valid_until, found)
            )
            return owner, found
    network = load_network(session, owner, moment)
    assessed, judgeable = assess_until(network)
    current = frozenset(
        t.organization_key for t in network.owner_tenures if t.kind == "work" and t.is_current
    )
    fresh = Snapshot(assessed, documents(network, list(network.people)), current)
    if keep:
        midnight = datetime.combine(
            moment.astimezone(UTC).date() + timedelta(days=1), time.min, UTC
        )
        ends = [midnight, judgeable, summary.next_evidence_after(session, owner, moment)]
        valid_until = min(e for e in ends if e is not None)
        summary.write(
            session,
            owner,
            version=version,
            computed_for=moment,
            valid_until=valid_until,
            payload=encode(fresh),
        )
        _remember(engine, _Held(owner.id, version, moment, valid_until, fresh))
    return owner, fresh


def _remember(engine: object, held: _Held) -> None:
    if isinstance(engine, Engine):
        _held[engine] = held


def forget(engine: Engine) -> None:
    """Drop the snapshot held in memory for ``engine`` (the stored summary stays)."""
    _held.pop(engine, None)
