"""Keep the kept scores current across a change to a few people, without scoring everyone.

Vetting someone, flagging them, stating what they are to you or asking them
changes their rows alone; the facade wraps each such change in
:func:`rescoring` (or a :class:`Rescoring`), which re-scores the people it
touches from their own evidence and rewrites their rows of the kept scores
— exactly, or not at all (see :class:`Rescoring`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from goodword.evidence import communication
from goodword.evidence.assess import assess_until
from goodword.evidence.relevance import documents, word_counts
from goodword.evidence.threads import Exchange
from goodword.service.scores.codec import decode_header, encode_person
from goodword.service.scores.compute import forget, holds_until, score_row
from goodword.service.scores.version import SCORING_VERSION
from goodword.store import kept as store
from goodword.store import models as m
from goodword.store.facts import MessageFact, ScoreRow
from goodword.store.queries import load_network, person_messages


@dataclass(frozen=True, slots=True)
class _Row:
    """One person re-scored on their own: what the kept scores hold of them, and their prior share."""

    score_row: ScoreRow
    text: str
    share: tuple[object, ...]
    words: dict[str, int]


class Rescoring:
    """Re-score only the people a change touches, and keep the kept scores exact.

    Vetting someone, flagging them, stating what they are to you or asking
    them changes their rows alone; scoring 30,000 people again for it would
    cost the next ``people`` or ``suggest`` many seconds. Call :meth:`touch`
    for each person *before* changing anything of theirs and :meth:`finish`
    after: their rows are re-scored from their own evidence and the kept
    scores move to the new data version.

    It refuses (and leaves the kept scores to be recomputed on the next call)
    whenever exactness cannot be shown: no kept scores hold now; re-scoring
    someone from their own evidence does not give back the row the whole
    network gave them (checked before the change, on every touch); the
    change alters what the network's reply prior learns from them
    (:func:`communication.prior_share`: judged asks, reply times,
    conversations they started), so that everyone else's communication
    would move too; it alters the words of their relevance document, whose
    postings and weights belong to the whole network (none of vetting,
    flags, relationships and asks touches a document); or anything else
    changed meanwhile — evidence only an import, merge or split writes, or
    someone else's flags — so that the new data version is not this
    change's alone (an import committed by another process a moment before).
    """

    def __init__(self, session: Session, owner: m.Owner, moment: datetime | None = None) -> None:
        self.session = session
        self.owner = owner
        self.moment = moment or datetime.now(UTC)
        self.parts = store.data_parts(session, owner)
        self.version = self.parts.version()
        self.stored = store.newest(session, owner.id, self.version, self.moment)
        self.header = None if self.stored is None else decode_header(self.stored.payload)
        self.before: dict[int, _Row] = {}
        self.refused = ""
        if self.header is None or self.header.scoring != SCORING_VERSION:
            self.refused = "no kept scores hold now"

    def touch(self, person_id: int) -> None:
        """Remember ``person_id`` as they are, before a change to them."""
        if self.refused or person_id in self.before or self.stored is None:
            return
        was = store.payloads(self.session, self.stored.id, [person_id]).get(person_id)
        row = self._rows([person_id])[0].get(person_id)
        if was is None or row is None or row.text != was:
            self.refused = f"person #{person_id} re-scored alone differs from the kept scores"
            return
        self.before[person_id] = row

    def finish(self) -> bool:
        """Write the touched people's new rows; True when the kept scores are current again."""
        if self.refused or not self.before or self.stored is None:
            return False
        self.session.flush()
        parts = store.data_parts(self.session, self.owner)
        version = parts.version()
        if version == self.version:
            return True
        touched = set(self.before)
        if parts.evidence != self.parts.evidence or [
            row for row in parts.flagged if row[0] not in touched
        ] != [row for row in self.parts.flagged if row[0] not in touched]:
            # Someone else changed the evidence meanwhile (an import in another process):
            # the new version is not this change's alone.
            self.refused = "other evidence changed meanwhile"
            return False
        after, judgeable = self._rows(list(self.before))
        for person_id, old in self.before.items():
            new = after.get(person_id)
            if new is None or new.share != old.share:
                self.refused = f"the change to person #{person_id} moves the network's prior"
                return False
            if new.words != old.words:  # the word postings are the whole network's
                self.refused = f"the change to person #{person_id} changes their document"
                return False
        store.replace_people(
            self.session, self.stored.id, [(row.score_row, row.text) for row in after.values()]
        )
        valid_until = min(
            self.stored.valid_until,
            holds_until(self.session, self.owner, self.moment, judgeable),
        )
        # From now on: the change may be dated now (an ask), and earlier moments never saw it.
        store.restamp(
            self.session,
            self.stored.id,
            version=version,
            computed_for=max(self.stored.computed_for, self.moment),
            valid_until=valid_until,
        )
        engine = self.session.get_bind()
        if isinstance(engine, Engine):
            forget(engine)
        return True

    def _rows(self, person_ids: list[int]) -> tuple[dict[int, _Row], datetime | None]:
        """``person_ids`` scored from their own evidence, and when an ask of theirs turns judgeable."""
        assert self.header is not None
        network = load_network(
            self.session, self.owner, self.moment, set(person_ids), with_messages=False
        )
        messages: dict[int, MessageFact] = {}
        for person_id in person_ids:
            for message in person_messages(self.session, self.owner, person_id, self.moment):
                messages[message.id] = message
        network.messages = sorted(messages.values(), key=lambda f: (f.occurred_at, f.id))
        result = assess_until(network, self.header.prior, self.header.crowd)
        docs = documents(network, person_ids)
        rows = {
            person_id: _Row(
                score_row(assessment, docs.get(person_id)),
                encode_person(assessment, docs.get(person_id)),
                communication.prior_share(result.exchanges.get(person_id) or Exchange()),
                word_counts(docs.get(person_id)),
            )
            for person_id, assessment in result.people.items()
        }
        return rows, result.judgeable


@contextmanager
def rescoring(session: Session, owner: m.Owner) -> Iterator[Callable[[int], None]]:
    """``with rescoring(session, owner) as touch:`` touch each person, then change them.

    On leaving the block without an error the touched people are re-scored
    in the kept scores (see :class:`Rescoring`).
    """
    keeper = Rescoring(session, owner)
    yield keeper.touch
    keeper.finish()
