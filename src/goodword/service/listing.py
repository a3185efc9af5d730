"""The people list: one query, one order, one pager, for ``goodword people``, the page and its API.

:class:`PeopleQuery` is what a list of people asks for (the options of
``goodword people``, the web's named filter, a page); :func:`sort_key` is the
one order for each ``--sort``; :func:`select_page` filters, sorts and cuts out one
page of anything ranked by a :class:`~goodword.store.facts.ScoreRow`. The
service pages the stored score rows with it (:func:`page`),
the web app pages the scores it holds with it, so a page of the CLI, of the
web and of the API lists the same people in the same order.

Nothing here loads the database library: the read-only path
(:mod:`goodword.service.scores.quick`) uses it too.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from goodword.errors import InvalidInput
from goodword.identity import normalise
from goodword.store.facts import ScoreRow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from goodword.evidence.assessment import Assessment
    from goodword.service.scores.kept import Scores
    from goodword.store.reading import Reader

SORT_KEYS = ("fit", "familiarity", "communication", "satisfaction", "confidence", "name")
CRITERIA = ("familiarity", "communication", "satisfaction")
PAGE_SIZE = 50
"""People on a page of the web app, and in ``goodword people``'s table."""
MAX_PAGE_SIZE = 500
"""The most the web app shows on one page."""


def _at_least(assessment: Assessment, criterion: str, floor: float = 0.5) -> bool:
    value = getattr(assessment, criterion).value
    return value is not None and value >= floor


def stale(assessment: Assessment) -> bool:
    """True when you worked with this person long enough ago that they may not remember it."""
    return assessment.familiarity.known and bool(assessment.familiarity.details.get("stale"))


FILTERS: dict[str, tuple[str, Callable[[Assessment], bool]]] = {
    "familiar": ("know your work (familiarity ≥ 0.5)", lambda a: _at_least(a, "familiarity")),
    "responsive": ("answer you (communication ≥ 0.5)", lambda a: _at_least(a, "communication")),
    "satisfied": ("value your work (satisfaction ≥ 0.5)", lambda a: _at_least(a, "satisfaction")),
    "ready": (
        "all three criteria ≥ 0.5",
        lambda a: all(_at_least(a, c) for c in CRITERIA),
    ),
    "ask-first": (
        "satisfaction unknown: have the honest conversation",
        lambda a: a.satisfaction.value is None,
    ),
    "stale": ("worked together over 18 months ago", stale),
    "soured": ("soured or not to be asked", lambda a: a.person.soured or a.person.do_not_ask),
}
"""The named filters of the people page: what each keeps, and who."""


@dataclass(frozen=True, slots=True)
class PeopleQuery:
    """What a list of people asks for: the order, the filters and the page.

    ``organization`` matches by name, ``search`` any part of a name,
    ``minimum`` a floor per criterion (see :func:`people_filter`), ``filter``
    one of :data:`FILTERS` (it reads full assessments: the web app's alone).
    ``page_size`` people from page ``page`` (None: everyone, on one page).
    The CLI's options build one with :meth:`of`, the web's query string
    field by field.
    """

    sort: str = "fit"
    search: str = ""
    organization: str = ""
    filter: str = ""
    minimum: tuple[tuple[str, float], ...] = ()
    as_of: date | None = None
    page: int = 1
    page_size: int | None = None

    @classmethod
    def of(
        cls,
        *,
        as_of: date | None = None,
        sort: str = "fit",
        organization: str | None = None,
        search: str | None = None,
        minimum: dict[str, float] | None = None,
        limit: int | None = None,
        page: int = 1,
    ) -> PeopleQuery:
        """The query of ``goodword people``'s options: page ``page`` of ``limit`` (None or 0: all)."""
        return cls(
            sort=sort,
            search=search or "",
            organization=organization or "",
            minimum=tuple((minimum or {}).items()),
            as_of=as_of,
            page=page,
            page_size=limit or None,
        )

    @property
    def offset(self) -> int:
        """How many matches come before this page."""
        return (self.page - 1) * self.page_size if self.page_size else 0

    def checked(self) -> PeopleQuery:
        """The same query, or :class:`InvalidInput` naming what to use instead."""
        check_sort(self.sort)
        if self.filter and self.filter not in FILTERS:
            raise InvalidInput(f"no filter {self.filter!r}; use one of {', '.join(FILTERS)}")
        if self.page < 1:
            raise InvalidInput("page numbers start at 1")
        if self.page_size is not None and not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise InvalidInput(f"page_size must be between 1 and {MAX_PAGE_SIZE}")
        for criterion, floor in self.minimum:
            if not 0.0 <= floor <= 1.0:
                raise InvalidInput(f"min_{criterion} must be between 0 and 1")
        return self


def check_sort(sort: str) -> None:
    """:class:`InvalidInput` naming the sort keys unless ``sort`` is one."""
    if sort not in SORT_KEYS:
        raise InvalidInput(f"cannot sort by {sort!r}; use one of {', '.join(SORT_KEYS)}")


def pages(total: int, page_size: int | None) -> int:
    """How many pages ``total`` matches fill (at least one)."""
    return max(1, -(-total // page_size)) if page_size else 1


SORT_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "confidence": ("confidence",),
    "fit": ("fit", "name"),
    "familiarity": ("familiarity", "name"),
    "communication": ("communication", "name"),
    "satisfaction": ("satisfaction", "name"),
}
"""What each ``--sort`` of :func:`sort_key` reads of a score row (besides the person's id)."""


def sort_key(sort: str) -> Callable[[ScoreRow], Any]:
    """How a list of people is ordered for each ``--sort``; the person's id breaks ties."""
    if sort == "name":
        return lambda s: (s.name.casefold(), s.person_id)
    if sort == "confidence":
        return lambda s: (-s.confidence, s.person_id)
    if sort == "fit":
        return lambda s: (-s.fit, s.name, s.person_id)
    return lambda s: (
        getattr(s, sort) is None,
        -(getattr(s, sort) or 0.0),
        s.name,
        s.person_id,
    )


def people_filter(
    organization: str | None, search: str | None, minimum: dict[str, float] | None
) -> Callable[[str, str, dict[str, float | None]], bool]:
    """Who ``people``'s filters keep, given one's organisation key, name key and criteria.

    ``--org`` matches the organisation's name as a name, normalised and fuzzy
    (``Globex`` finds ``Globex Corporation`` and ``Globx``; a name never
    matches inside another: see :func:`~goodword.identity.organisation.org_name_matches`),
    ``--search`` any part of the name, ``--min-*`` a
    criterion's score (unknown counts as 0).
    """
    for criterion in minimum or {}:
        if criterion not in CRITERIA:
            raise InvalidInput(f"no criterion {criterion!r} to filter on")
    wanted = normalise.org_key(organization) if organization else None
    if wanted is not None:  # the fuzzy matcher loads for --org alone
        from goodword.identity.organisation import org_name_matches
    needle = normalise.name_key(search) if search else None
    floors = list((minimum or {}).items())

    def keep(organization_key: str, name_key: str, values: dict[str, float | None]) -> bool:
        if wanted is not None and not org_name_matches(wanted, organization_key):
            return False
        if needle is not None and needle not in name_key:
            return False
        return all((values[c] or 0.0) >= floor for c, floor in floors)

    return keep


def fields(query: PeopleQuery) -> set[str]:
    """The columns of a score row that :func:`select_page` reads for ``query``."""
    check_sort(query.sort)
    wanted = {"person_id", *SORT_FIELDS[query.sort]}
    if query.organization or query.search or query.minimum:
        wanted |= {"organization_key", "name_key", *CRITERIA}
    return wanted


def score_rows_of(everyone: Sequence[Assessment]) -> list[ScoreRow]:
    """What :func:`select_page` reads of each of these assessments (scored in memory)."""
    from goodword.service.scores.compute import score_row  # loads the store: scores in memory

    return [score_row(a, None) for a in everyone]


def select_page(
    rows: Sequence[Any], query: PeopleQuery, keep: Callable[[Any], bool] | None = None
) -> tuple[list[Any], int]:
    """The rows on ``query``'s page, filtered and sorted, and how many match in all.

    ``rows`` are score rows, or rows with at least :func:`fields` of one
    (:func:`goodword.store.reading.ranking`). ``keep`` filters further (the
    named filter, which reads full assessments).
    Only the first pages of a long list are picked without sorting it all.
    """
    check_sort(query.sort)
    chosen: Sequence[Any] = rows
    if query.organization or query.search or query.minimum:
        wanted = people_filter(query.organization, query.search, dict(query.minimum))
        chosen = [
            r
            for r in chosen
            if wanted(r.organization_key, r.name_key, {c: getattr(r, c) for c in CRITERIA})
        ]
    if keep is not None:
        chosen = [r for r in chosen if keep(r)]
    order = sort_key(query.sort)
    start, limit = query.offset, query.page_size
    if limit and (start + limit) * 4 < len(chosen):
        # The first pages of a long list: the same rows sorted() would give, sooner.
        return heapq.nsmallest(start + limit, chosen, key=order)[start:], len(chosen)
    return sorted(chosen, key=order)[start : start + limit if limit else None], len(chosen)


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
    """One page of everyone's kept scores, filtered and sorted as ``query`` says.

    Ranks the score rows (only the columns this sort and these filters read:
    :func:`fields`) and decodes the full assessments of the people on the
    page alone.
    """
    chosen, total = select_page(scored.rows(source, fields(query)), query)
    shown = scored.assessments(source, [r.person_id for r in chosen])
    return PeopleListing(shown, total, scored.held_until, scored.old_exports)
