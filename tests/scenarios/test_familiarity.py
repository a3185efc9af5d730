"""Point 1: familiarity means having worked together, not sharing an employer."""

from __future__ import annotations

from goodword.service import Service
from tests.scenarios.conftest import DemoHome, everyone, slate_people
from tests.slate_checks import check_slate

NEEDS = ("3 references, 1 supervisor", "5 references", "2 references, 2 supervisors")


def test_no_stranger_at_the_big_employer_is_on_any_demo_slate(
    full_home: DemoHome, service_on: Service
) -> None:
    strangers = {full_home.name_of(i) for i in full_home.traps.coworkers}
    assert len(strangers) >= 80
    first = full_home.slate.as_dict()
    assert first["excluded"]["does not know your work"] >= len(full_home.traps.coworkers)
    for needs in NEEDS:
        job = service_on.add_job(
            title="Data lead",
            organization="Acme Analytics",
            description="forecasting, SQL",
            needs=needs,
        )
        for kind in (None, "referral", "recommendation"):
            slate = service_on.suggest(str(job.id), as_of=full_home.day, kind=kind).as_dict()
            shown = {p["name"] for p in slate_people(slate)}
            assert not shown & strangers, (needs, kind, shown & strangers)
    assert not {p["name"] for p in slate_people(first)} & strangers


def test_no_stranger_outranks_a_colleague_the_owner_works_with_closely(
    full_home: DemoHome, service_on: Service
) -> None:
    people = everyone(full_home, service_on)
    strangers = [people[full_home.url_of(i)] for i in full_home.traps.coworkers]
    executives = [people[full_home.url_of(i)] for i in full_home.traps.executives]
    # Those the owner worked beside and still meets or writes to: not stale, a working tie.
    current = full_home.network.owner.positions[-1].company
    close = [
        people[full_home.url_of(c.index)]
        for c in full_home.network.contacts
        if c.worked_at == current and c.overlap and c.role != "coworker" and not c.ghost
    ]
    close = [
        p for p in close if p["familiarity"]["worked_together"] and not p["familiarity"]["stale"]
    ]
    assert len(close) >= 15
    floor = min(p["familiarity"]["score"] for p in close)
    assert all(p["familiarity"]["worked_together"] is False for p in strangers)
    assert max(p["familiarity"]["score"] for p in strangers) < floor
    # The executives nobody met come below every close colleague on fit as well.
    assert max(p["fit"] for p in executives) < min(p["fit"] for p in close)
    # Sharing an employer with a hundred connections is weak evidence, and says so.
    assert all("of your connections there" in p["familiarity"]["why"] for p in executives)
    assert all(p["familiarity"]["score"] <= 0.3 for p in strangers)


def test_the_burst_endorser_is_capped_and_flagged_unconfirmed(
    full_home: DemoHome, service_on: Service
) -> None:
    assert full_home.traps.burst is not None
    who, count = full_home.traps.burst
    person = everyone(full_home, service_on)[full_home.url_of(who)]
    satisfaction, familiarity = person["satisfaction"], person["familiarity"]
    assert satisfaction["unconfirmed"] is True
    assert satisfaction["score"] is not None and satisfaction["score"] <= 0.5
    assert f"endorsed {count} of your skills" in satisfaction["why"]
    assert "a burst" in satisfaction["why"]
    assert "unconfirmed: have the honest conversation" in satisfaction["why"]
    assert familiarity["score"] < 0.2 and familiarity["worked_together"] is False
    # Wherever a slate shows them, it says to vet first.
    job = service_on.add_job(title="Analyst", needs="8 references")
    slate = service_on.suggest(str(job.id), as_of=full_home.day).as_dict()
    check_slate(slate)
    for shown in slate_people(slate):
        if shown["id"] == person["id"]:
            assert "vet first: have the honest conversation" in shown["flags"]
