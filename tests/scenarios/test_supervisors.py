"""Point 2: who supervised whom needs evidence; a possible supervisor never fills the need."""

from __future__ import annotations

from goodword.service import Service
from tests.scenarios.conftest import Cli, DemoHome, everyone, slate_people
from tests.slate_checks import check_slate


def test_title_words_alone_make_nobody_the_owners_manager(
    full_home: DemoHome, service_on: Service
) -> None:
    people = everyone(full_home, service_on)
    managers = [p for p in people.values() if (p["relationship"] or {}).get("kind") == "manager"]
    assert len(managers) >= 10
    for person in managers:
        assert not person["relationship"]["why"].startswith("titles at"), person["relationship"]
    traps = full_home.traps
    for index in (*traps.executives, *traps.senior_titles):
        relation = people[full_home.url_of(index)]["relationship"] or {}
        assert relation.get("kind") != "manager", relation


def test_a_colleague_by_title_alone_fills_no_need_until_related(
    full_home: DemoHome, service_on: Service, full_cli: Cli, changing: None
) -> None:
    people = everyone(full_home, service_on)
    # A senior title at the big employer with no message, meeting or recommendation between
    # you is no possible manager: nobody you could ask to confirm it.
    strangers = [full_home.url_of(i) for i in full_home.traps.executives]
    for url in strangers:
        relation = people[url]["relationship"] or {}
        assert relation.get("possible") in (None, ""), relation
    by_title = [
        p
        for p in people.values()
        if (p["relationship"] or {}).get("kind") == "colleague"
        and "nothing shows you worked with them" in p["relationship"]["why"]
    ]
    assert by_title
    assert all(not (p["relationship"] or {}).get("possible") for p in by_title)
    job = service_on.add_job(title="Head of analytics", needs="15 references, 15 supervisors")
    before = service_on.suggest(str(job.id), as_of=full_home.day).as_dict()
    check_slate(before)
    supervisors = [p for p in before["picks"] if p["role"] == "supervisor"]
    assert supervisors
    for pick in supervisors:
        assert (
            pick["relationship"]["kind"] == "manager" and pick["relationship"]["possible"] is None
        )
    assert "possible supervisor by title alone" not in before["unfilled"].get("why", "")
    assert not {p["id"] for p in by_title} & {p["id"] for p in before["picks"]}
    chosen = str(by_title[0]["id"])
    related = full_cli.json("relate", chosen, "manager")
    try:
        assert related["relationship"]["kind"] == "manager"
        assert related["relationship"]["possible"] is None
        after = service_on.suggest(str(job.id), as_of=full_home.day).as_dict()
        check_slate(after)
        roles = {p["id"]: p["role"] for p in after["picks"]}
        assert roles.get(int(chosen)) == "supervisor", roles
    finally:
        full_cli.ok("relate", chosen, "--clear")
    again = service_on.suggest(str(job.id), as_of=full_home.day).as_dict()
    assert int(chosen) not in {p["id"] for p in slate_people(again)}
