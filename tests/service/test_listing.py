"""The people list's one query, one order and one pager, over standings declared in place."""

from __future__ import annotations

import pytest

from goodword.errors import InvalidInput
from goodword.service import SORT_KEYS, PeopleQuery, select_page
from goodword.service.listing import sort_key
from goodword.store.facts import ScoreRow


def standing(
    person_id: int,
    name: str,
    *,
    fit: float = 0.5,
    familiarity: float | None = None,
    communication: float | None = None,
    satisfaction: float | None = None,
    confidence: float = 0.5,
    organization_key: str = "",
) -> ScoreRow:
    """One person's standing with only what ranking and filtering read."""
    return ScoreRow(
        person_id,
        name,
        name.casefold(),
        organization_key,
        fit,
        familiarity,
        communication,
        satisfaction,
        0.0,
        confidence,
        False,
        False,
        "",
        None,
        False,
        0,
        0,
    )


@pytest.mark.parametrize("sort", SORT_KEYS)
def test_ties_are_broken_by_the_persons_id_whatever_order_the_rows_come_in(sort: str) -> None:
    twins = [standing(pid, "Sam Lee") for pid in (9, 3, 7, 1)]

    chosen, total = select_page(twins, PeopleQuery(sort=sort))

    assert total == 4
    assert [s.person_id for s in chosen] == [1, 3, 7, 9]


def test_communication_sorts_the_unknown_last_then_by_name() -> None:
    rows = [
        standing(1, "Zoe", communication=None),
        standing(2, "Ann", communication=0.4),
        standing(3, "Bob", communication=0.9),
        standing(4, "Abe", communication=0.4),
    ]

    chosen, _ = select_page(rows, PeopleQuery(sort="communication"))

    assert [s.name for s in chosen] == ["Bob", "Abe", "Ann", "Zoe"]


@pytest.mark.parametrize("sort", SORT_KEYS)
def test_the_pages_of_a_long_list_are_slices_of_its_one_order(sort: str) -> None:
    # Fits and scores repeat, so many ties; page 1 of 200 takes the partial-sort path.
    rows = [
        standing(
            pid,
            f"Person {pid % 13}",
            fit=(pid * 7 % 10) / 10,
            familiarity=None if pid % 5 == 0 else (pid % 4) / 4,
            communication=(pid % 3) / 3,
            satisfaction=None if pid % 2 else 0.5,
            confidence=(pid % 6) / 6,
        )
        for pid in range(200, 0, -1)
    ]
    everyone = sorted(rows, key=sort_key(sort))

    pages = [
        select_page(rows, PeopleQuery(sort=sort, page=n, page_size=15))[0] for n in range(1, 15)
    ]

    assert [s for page in pages for s in page] == everyone
    assert select_page(rows, PeopleQuery(sort=sort))[0] == everyone  # no page size: everyone


def test_filters_and_the_named_filter_narrow_the_total() -> None:
    rows = [
        standing(1, "Ana Ruiz", organization_key="globex", familiarity=0.8),
        standing(2, "Ana Bell", organization_key="initech", familiarity=0.8),
        standing(3, "Bo Ana", organization_key="globex", familiarity=0.2),
        standing(4, "Cy Ng", organization_key="globex", familiarity=0.9),
    ]
    query = PeopleQuery(search="ana", minimum=(("familiarity", 0.5),), sort="name")

    chosen, total = select_page(rows, query)
    assert (total, [s.person_id for s in chosen]) == (2, [2, 1])

    chosen, total = select_page(rows, query, keep=lambda s: s.organization_key == "globex")
    assert (total, [s.person_id for s in chosen]) == (1, [1])


def test_the_clis_options_make_the_same_query_type() -> None:
    query = PeopleQuery.of(
        sort="name", organization="Globex", search="ana", minimum={"satisfaction": 0.5}, limit=20
    )

    assert query == PeopleQuery(
        sort="name",
        organization="Globex",
        search="ana",
        minimum=(("satisfaction", 0.5),),
        page_size=20,
    )
    assert PeopleQuery.of(limit=0).page_size is None  # 0, like None, means everyone
    assert PeopleQuery(page=3, page_size=20).offset == 40


@pytest.mark.parametrize(
    ("query", "needle"),
    [
        (PeopleQuery(sort="bananas"), "cannot sort by 'bananas'; use one of fit"),
        (PeopleQuery(filter="tall"), "no filter 'tall'; use one of familiar"),
        (PeopleQuery(page=0), "page numbers start at 1"),
        (PeopleQuery(minimum=(("familiarity", 1.5),)), "min_familiarity must be between 0 and 1"),
    ],
)
def test_a_bad_query_names_what_to_use_instead(query: PeopleQuery, needle: str) -> None:
    with pytest.raises(InvalidInput, match=needle):
        query.checked()


def test_the_pager_refuses_an_unknown_sort_and_criterion() -> None:
    with pytest.raises(InvalidInput, match="cannot sort by 'height'"):
        select_page([], PeopleQuery(sort="height"))
    with pytest.raises(InvalidInput, match="no criterion 'charm'"):
        select_page([], PeopleQuery(minimum=(("charm", 0.5),)))
