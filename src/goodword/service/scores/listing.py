"""What a list of people does with kept scores: filter, sort, one page.

The CLI's ``people``, the web app's people page and the JSON API ask for
the same :class:`Wanted` and get the same :class:`PeopleListing` from
:func:`page`, whichever path (see :func:`goodword.service.scores.answer`)
found the scores.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from goodword.errors import InvalidInput
from goodword.evidence.assess import Assessment
from goodword.identity import normalise
from goodword.service.scores.kept import Scores
from goodword.store.facts import ScoreRow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from goodword.store.reading import Reader

SORT_KEYS = ("fit", "familiarity", "communication", "satisfaction", "confidence", "name")
"""What ``people --sort`` takes."""


def check_sort(sort: str) -> None:
    """Refuse a ``--sort`` nobody can sort by, naming those one can."""
    if sort not in SORT_KEYS:
        raise InvalidInput(f"cannot sort by {sort!r}; use one of {', '.join(SORT_KEYS)}")


SORT_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "confidence": ("confidence",),
    "fit": ("fit", "name"),
    "familiarity": ("familiarity", "name"),
    "communication": ("communication", "name"),
    "satisfaction": ("satisfaction", "name"),
}
"""What each ``--sort`` of :func:`sort_key` reads of a score row."""


def sort_key(sort: str) -> Callable[[ScoreRow], Any]:
    """How ``people`` orders score rows for each ``--sort`` (ties keep the scoring order)."""
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
    matches inside another: see :func:`~goodword.identity.normalise.org_name_matches`),
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
        if wanted is not None and not normalise.org_name_matches(wanted, organization_key):
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

    Ranks the score rows (only the columns this sort and these filters read)
    and decodes the full assessments of the people on the page alone.
    """
    sort, organization, search, minimum, limit, offset = wanted
    check_sort(sort)
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
