"""What each source can know: open positions hold up to their export's day, not today."""

from __future__ import annotations

from datetime import UTC, date, datetime

from goodword.evidence import known
from tests.factories import SELF_ID, NetworkBuilder, network

EXPORTED = date(2023, 7, 11)


def coworkers_in_a_2023_export(as_of: datetime) -> tuple[NetworkBuilder, int]:
    net = network(as_of)
    net.tenure(None, "Acme", "Engineer", start=date(2022, 1, 1), current=True, observed=EXPORTED)
    ada = net.person("Ada Coworker")
    net.tenure(ada, "Acme", "Engineer", current=True, observed=EXPORTED)
    return net, ada


def test_a_2023_exports_coworkers_are_known_as_of_that_export_and_stale_by_2026() -> None:
    net, ada = coworkers_in_a_2023_export(datetime(2026, 12, 7, tzinfo=UTC))
    familiarity = net.assess()[ada].familiarity
    assert "you both work at Acme as of the 2023-07 export (you: since 2022)" in familiarity.why
    assert " now" not in familiarity.why
    assert "latest evidence 2023-07" in familiarity.why
    assert familiarity.details["last_worked_together"] == "2023-07-11"
    assert familiarity.details["stale"] is True


def test_the_same_export_read_soon_after_it_was_made_speaks_for_now() -> None:
    net, ada = coworkers_in_a_2023_export(datetime(2023, 7, 20, tzinfo=UTC))
    familiarity = net.assess()[ada].familiarity
    assert "you both work at Acme now (you: 2022–now)" in familiarity.why
    assert familiarity.details["stale"] is False


def test_an_old_export_fades_like_any_old_evidence() -> None:
    late, ada = coworkers_in_a_2023_export(datetime(2026, 12, 7, tzinfo=UTC))
    soon, ada_soon = coworkers_in_a_2023_export(datetime(2023, 8, 1, tzinfo=UTC))
    for net, person in ((late, ada), (soon, ada_soon)):  # a working tie: no crowd cap
        net.message(SELF_ID, [person], datetime(2023, 3, 1, tzinfo=UTC), "t")
    old = late.assess()[ada].familiarity.value
    fresh = soon.assess()[ada_soon].familiarity.value
    assert old is not None and fresh is not None
    assert old < fresh * 0.7


def test_months_together_end_where_the_export_ends() -> None:
    net = network(datetime(2026, 12, 7, tzinfo=UTC))
    net.tenure(None, "Acme", "Engineer", start=date(2022, 1, 1), current=True, observed=EXPORTED)
    bo = net.person("Bo Coworker")
    net.tenure(bo, "Acme", "Engineer", start=date(2022, 7, 1), end=date(2024, 6, 30))
    familiarity = net.assess()[bo].familiarity
    assert "12 months together at Acme as of the 2023-07 export" in familiarity.why
    assert familiarity.details["last_worked_together"] == "2023-07-11"


def test_an_old_export_is_flagged_once_with_what_it_means_and_what_to_do() -> None:
    today = date(2026, 12, 7)
    flags = known.old_exports({"linkedin": EXPORTED, "mbox": date(2026, 11, 30)}, today)
    assert flags == [
        "your newest LinkedIn export is from 2023-07-11 (3 years old): what it shows as "
        "current is known only up to then; import a newer one to bring it up to date"
    ]
    assert known.old_export("linkedin", date(2026, 10, 1), today) == ""
    assert known.old_export("linkedin", None, today) == ""
    assert known.age(date(2026, 3, 20), today) == "8 months"
