"""Kept scores as a command reads them, with no database library loaded.

:class:`Scores` is what every path of :func:`goodword.service.scores.answer`
gives: everyone's row (the numbers lists rank and filter on), and full
assessments and relevance documents decoded on demand from the kept scores
— through a session's connection or a
:class:`~goodword.store.reading.Reader` of its own — or from memory when
they were just computed. :func:`kept` finds the kept scores that answer for
a moment: the quick read and the store ask it alike.
"""

from __future__ import annotations

import gc
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from goodword.evidence import known
from goodword.service.scores.codec import Pieces, decode_header, decode_people
from goodword.service.scores.version import SCORING_VERSION
from goodword.store import kept as store
from goodword.store.facts import ScoreRow
from goodword.store.kept import StoredScores
from goodword.store.reading import Reader

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from goodword.evidence.assessment import Assessment
    from goodword.evidence.relevance import Documents


@contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection while a great many objects that all stay alive are made.

    Scoring a million interactions, or decoding and printing everyone's
    assessments, makes millions of objects that live until the end; the
    collector's passes over them find nothing and cost a quarter of scoring
    (5.5 of 22.6 s at 30,000 people) and over half of ``people --json``
    (1.5 of 2.8 s). It runs again (and catches up) after.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(slots=True)
class Scores:
    """Everyone's row of scores now, and their full assessments and documents when asked for.

    ``kept_id`` names the kept scores the rest is read from; None means
    everything is in memory (just computed). ``held_until`` is set when the
    scores are those that held until then, answered late while fresh ones
    are computed (see :func:`kept`).
    """

    score_rows: list[ScoreRow]
    current_organizations: frozenset[str]
    kept_id: int | None = None
    _assessments: dict[int, Assessment] = field(default_factory=dict)
    _documents: dict[int, Pieces | None] = field(default_factory=dict)
    _postings: dict[str, list[int]] | None = None
    held_until: datetime | None = None  # set when these are the scores of before this moment
    old_exports: tuple[str, ...] = ()  # a flag per source whose newest export is old

    def _load(self, source: Session | Reader, person_ids: Iterable[int] | None) -> None:
        wanted = (
            None if person_ids is None else [p for p in person_ids if p not in self._assessments]
        )
        if self.kept_id is None or wanted == []:
            return
        texts = store.payloads(source, self.kept_id, wanted)
        with collector_paused():
            for assessment, pieces in decode_people(texts.values()):
                self._assessments[assessment.person.id] = assessment
                self._documents[assessment.person.id] = pieces

    def assessments(self, source: Session | Reader, person_ids: Sequence[int]) -> list[Assessment]:
        """The full assessments of ``person_ids``, in that order."""
        self._load(source, person_ids)
        return [self._assessments[pid] for pid in person_ids]

    def rows(self, source: Session | Reader, fields: Collection[str]) -> Sequence[Any]:
        """Everyone's row, at least ``fields`` of it, in scoring order.

        The full rows when they are at hand; from kept scores read without
        them, just those columns (:func:`goodword.store.kept.ranking`).
        """
        if self.score_rows or self.kept_id is None:
            return self.score_rows
        return store.ranking(source, self.kept_id, fields)

    def one(self, source: Session | Reader, person_id: int) -> Assessment | None:
        """One person's assessment, or None when they were not scored (no evidence then)."""
        self._load(source, [person_id])
        return self._assessments.get(person_id)

    def everyone(self, source: Session | Reader) -> list[Assessment]:
        """Every assessment, in the order they were scored."""
        if len(self._assessments) < len(self.score_rows):
            self._load(source, None)
        return [self._assessments[s.person_id] for s in self.score_rows]

    def documents(self, source: Session | Reader, person_ids: Sequence[int]) -> Documents:
        """The relevance documents of ``person_ids`` (people without one are left out)."""
        self._load(source, person_ids)
        return {pid: pieces for pid in person_ids if (pieces := self._documents.get(pid))}

    def postings(self, source: Session | Reader, terms: list[str]) -> dict[str, list[int]]:
        """Who uses each of ``terms`` in their document, and how often."""
        if self.kept_id is not None:
            return store.postings(source, self.kept_id, terms)
        if self._postings is None:
            from goodword.evidence.relevance import postings  # scores in memory only

            self._postings = postings(
                {pid: pieces for pid, pieces in self._documents.items() if pieces}
            )
        return {term: self._postings[term] for term in terms if term in self._postings}


class Found(NamedTuple):
    """Kept scores found for a question: where to read the rest, whose they are, and for when.

    ``source`` is the session of the open store, or the quick read's own
    :class:`~goodword.store.reading.Reader`; :class:`Scores` reads from either.
    """

    source: Session | Reader
    owner_id: int
    scores: Scores
    moment: datetime


LAG_LIMIT = timedelta(days=2)
"""How long after their span kept scores of the same evidence may still answer, flagged,
while fresh scores are computed in the background."""


class Kept(NamedTuple):
    """Kept scores that answer: their header, their scores, and whether they are late."""

    stored: StoredScores
    scores: Scores
    late: bool


def kept(
    reader: Reader,
    owner_id: int,
    version: str,
    moment: datetime,
    *,
    late_ok: bool,
    score_rows: bool,
) -> Kept | None:
    """The kept scores of this data ``version`` that hold at ``moment``, if there are any.

    With ``late_ok``, kept scores of the very same evidence whose span the
    clock alone ran out less than :data:`LAG_LIMIT` ago answer too, late
    (``Scores.held_until`` says until when they held): the caller has
    everyone scored afresh elsewhere. Scores kept by another
    :data:`~goodword.service.scores.version.SCORING_VERSION`, or in a form
    this code cannot read, are never used. ``score_rows`` reads everyone's
    row; without it, lists read the columns they sort on. The store's path
    (:func:`goodword.service.scores.compute.from_store`) and the quick read
    (:mod:`goodword.service.scores.quick`) both ask here.
    """
    stored = store.newest(reader, owner_id, version, moment)
    late = False
    if stored is None and late_ok:
        stored = store.newest(reader, owner_id, version, moment, lapsed_since=moment - LAG_LIMIT)
        late = stored is not None
    if stored is None:
        return None
    header = decode_header(stored.payload)
    if header is None or header.scoring != SCORING_VERSION:
        return None
    rows = store.score_rows(reader, stored.id) if score_rows else []
    scores = Scores(
        rows,
        header.current_organizations,
        stored.id,
        old_exports=tuple(known.old_exports(header.exports, moment.astimezone(UTC).date())),
    )
    if late:
        scores.held_until = stored.valid_until
    return Kept(stored, scores, late)
