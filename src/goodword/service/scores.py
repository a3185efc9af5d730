"""Everyone's scores as a command reads them, with no database library loaded.

:class:`Scores` is what :func:`goodword.service.scoring.snapshot` answers:
everyone's standing, and full assessments and relevance documents decoded on
demand from the stored summary — through a session's connection or a
:class:`~goodword.store.reading.Reader` of its own (see
:mod:`goodword.service.quick`). Here too is what a list does with them
(:func:`page`: filter, sort, one page) and the fingerprint of the scoring
code a summary must have been kept by.
"""

from __future__ import annotations

import gc
import hashlib
import heapq
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from goodword.errors import InvalidInput
from goodword.evidence import known
from goodword.evidence.assess import Assessment
from goodword.evidence.relevance import Documents, postings
from goodword.evidence.snapshot import Pieces, decode_header, decode_people
from goodword.identity import normalise
from goodword.identity.organisation import org_name_matches
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


SORT_KEYS = ("fit", "familiarity", "communication", "satisfaction", "confidence", "name")


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


CRITERIA = ("familiarity", "communication", "satisfaction")


def people_filter(
    organization: str | None, search: str | None, minimum: dict[str, float] | None
) -> Callable[[str, str, dict[str, float | None]], bool]:
    """Who ``people``'s filters keep, given one's organisation key, name key and criteria.

    ``--org`` matches the organisation's name as a name, normalised and fuzzy
    (``Globex`` finds ``Globex Corporation`` and ``Globx``; a name never
    matches inside another: see :func:`~goodword.identity.organisation.org_name_matches`),
    ``--search`` any part of the name, ``--min-*`` a
    criterion's score (unknown counts as 0). The CLI and the web app share it.
    """
    for criterion in minimum or {}:
        if criterion not in CRITERIA:
            raise InvalidInput(f"no criterion {criterion!r} to filter on")
    wanted = normalise.org_key(organization) if organization else None
    needle = normalise.name_key(search) if search else None
    floors = list((minimum or {}).items())

    def keep(organization_key: str, name_key: str, values: dict[str, float | None]) -> bool:
        if wanted is not None and not org_name_matches(wanted, organization_key):
            return False
        if needle is not None and needle not in name_key:
            return False
        return all((values[c] or 0.0) >= floor for c, floor in floors)

    return keep


class Wanted(NamedTuple):
    """What a list of people asks for: the order, the filters and the page.

    ``organization`` matches by name, ``search`` any part of a name,
    ``minimum`` a floor per criterion (see :func:`people_filter`); ``limit``
    people from ``offset`` (None: all of them).
    """

    sort: str = "fit"
    organization: str | None = None
    search: str | None = None
    minimum: dict[str, float] | None = None
    limit: int | None = None
    offset: int = 0


def page(scored: Scores, source: Session | Reader, wanted: Wanted) -> PeopleListing:
    """One page of everyone's scores, filtered and sorted as ``wanted`` says.

    Ranks the standings (only the columns this sort and these filters read)
    and decodes the full assessments of the people on the page alone.
    """
    sort, organization, search, minimum, limit, offset = wanted
    if sort not in SORT_KEYS:
        raise InvalidInput(f"cannot sort by {sort!r}; use one of {', '.join(SORT_KEYS)}")
    fields = set(SORT_FIELDS[sort])
    if organization or search or minimum:
        fields |= {"organization_key", "name_key", *CRITERIA}
    rows = scored.rows(source, fields)
    if organization or search or minimum:
        keep = people_filter(organization, search, minimum)
        rows = [
            r
            for r in rows
            if keep(r.organization_key, r.name_key, {c: getattr(r, c) for c in CRITERIA})
        ]
    order = sort_key(sort)
    if limit and (offset + limit) * 4 < len(rows):
        # The first page of a long list: the same rows sorted() would give, sooner.
        chosen = heapq.nsmallest(offset + limit, rows, key=order)[offset:]
    else:
        chosen = sorted(rows, key=order)[offset : offset + limit if limit else None]
    shown = scored.assessments(source, [r.person_id for r in chosen])
    return PeopleListing(shown, len(rows), scored.held_until, scored.old_exports)
