"""Everyone's scores as a command reads them, with no database library loaded.

:class:`Scores` is what :func:`goodword.service.scoring.snapshot` answers:
everyone's standing, and full assessments and relevance documents decoded on
demand from the stored summary — through a session's connection or a
:class:`~goodword.store.reading.Reader` of its own (see
:mod:`goodword.service.quick`). Here too is a page of them (:func:`page`,
with the pager of :mod:`goodword.service.listing`) and the fingerprint of the scoring
code a summary must have been kept by.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from goodword.evidence import known
from goodword.evidence.assess import Assessment
from goodword.evidence.relevance import Documents, postings
from goodword.evidence.snapshot import Pieces, decode_header, decode_people
from goodword.service.listing import PeopleQuery, fields, select_page
from goodword.store import reading
from goodword.store.facts import Standing
from goodword.store.reading import Reader, StoredSummary

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


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
    old_exports: tuple[str, ...] = ()  # a flag per source whose newest export is old

    def _load(self, source: Session | Reader, person_ids: Iterable[int] | None) -> None:
        wanted = (
            None if person_ids is None else [p for p in person_ids if p not in self._assessments]
        )
        if self.summary_id is None or wanted == []:
            return
        texts = reading.payloads(Reader.of(source), self.summary_id, wanted)
        with collector_paused():
            for assessment, pieces in decode_people(texts.values()):
                self._assessments[assessment.person.id] = assessment
                self._documents[assessment.person.id] = pieces

    def assessments(self, source: Session | Reader, person_ids: Sequence[int]) -> list[Assessment]:
        """The full assessments of ``person_ids``, in that order."""
        self._load(source, person_ids)
        return [self._assessments[pid] for pid in person_ids]

    def rows(self, source: Session | Reader, fields: Collection[str]) -> Sequence[Any]:
        """Everyone's standing, at least ``fields`` of it, in scoring order.

        The standings when they are at hand; from a stored summary read
        without them, just those columns (:func:`goodword.store.reading.ranking`).
        """
        if self.standings or self.summary_id is None:
            return self.standings
        return reading.ranking(Reader.of(source), self.summary_id, fields)

    def one(self, source: Session | Reader, person_id: int) -> Assessment | None:
        """One person's assessment, or None when they were not scored (no evidence then)."""
        self._load(source, [person_id])
        return self._assessments.get(person_id)

    def everyone(self, source: Session | Reader) -> list[Assessment]:
        """Every assessment, in the order they were scored."""
        if len(self._assessments) < len(self.standings):
            self._load(source, None)
        return [self._assessments[s.person_id] for s in self.standings]

    def documents(self, source: Session | Reader, person_ids: Sequence[int]) -> Documents:
        """The relevance documents of ``person_ids`` (people without one are left out)."""
        self._load(source, person_ids)
        return {pid: pieces for pid in person_ids if (pieces := self._documents.get(pid))}

    def postings(self, source: Session | Reader, terms: list[str]) -> dict[str, list[int]]:
        """Who uses each of ``terms`` in their document, and how often."""
        if self.summary_id is not None:
            return reading.postings(Reader.of(source), self.summary_id, terms)
        if self._postings is None:
            self._postings = postings(
                {pid: pieces for pid, pieces in self._documents.items() if pieces}
            )
        return {term: self._postings[term] for term in terms if term in self._postings}


LAG_LIMIT = timedelta(days=2)
"""How long after its span a summary of the same evidence may still answer, flagged, while
fresh scores are computed in the background."""


class Kept(NamedTuple):
    """A stored summary that answers, its scores, and whether they are late (see :func:`kept`)."""

    stored: StoredSummary
    scores: Scores
    late: bool


def kept(
    reader: Reader,
    owner_id: int,
    version: str,
    moment: datetime,
    *,
    late_ok: bool,
    standings: bool,
) -> Kept | None:
    """The kept scores of this data ``version`` that hold at ``moment``, if a summary has them.

    With ``late_ok``, a summary of the very same evidence whose span the
    clock alone ran out less than :data:`LAG_LIMIT` ago answers too, late
    (``Scores.held_until`` says until when they held): the caller has
    everyone scored afresh elsewhere. A summary kept by other scoring code,
    or one this code cannot read, is never used. ``standings`` reads
    everyone's standing; without it, lists read the columns they sort on.
    The service (:func:`goodword.service.scoring.snapshot`) and the read-only
    path (:mod:`goodword.service.quick`) both ask here.
    """
    stored = reading.newest(reader, owner_id, version, moment)
    late = False
    if stored is None and late_ok:
        stored = reading.newest(reader, owner_id, version, moment, lapsed_since=moment - LAG_LIMIT)
        late = stored is not None
    if stored is None:
        return None
    header = decode_header(stored.payload)
    if header is None or header.code != code_fingerprint():
        return None
    rows = reading.standings(reader, stored.id) if standings else []
    scores = Scores(
        rows,
        header.current_organizations,
        stored.id,
        old_exports=tuple(known.old_exports(header.exports, moment.astimezone(UTC).date())),
    )
    if late:
        scores.held_until = stored.valid_until
    return Kept(stored, scores, late)


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


class PeopleListing(NamedTuple):
    """One page of people, how many match in all, and whether the scores are late.

    ``held_until`` is set when the scores are those that held until then
    (yesterday's, say) and today's are being computed in the background;
    ``old_exports`` flags, once each, a source known only up to an old export.
    """

    people: list[Assessment]
    total: int
    held_until: datetime | None = None
    old_exports: tuple[str, ...] = ()  # one flag per source whose newest export is old


def page(scored: Scores, source: Session | Reader, query: PeopleQuery) -> PeopleListing:
    """One page of everyone's scores, filtered and sorted as ``query`` says.

    Ranks the standings (only the columns this sort and these filters read:
    :func:`goodword.service.listing.select_page`) and decodes the full
    assessments of the people on the page alone.
    """
    chosen, total = select_page(scored.rows(source, fields(query)), query)
    shown = scored.assessments(source, [r.person_id for r in chosen])
    return PeopleListing(shown, total, scored.held_until, scored.old_exports)
