"""Point 8: a re-import reports "already had" and adds nobody; namesakes stay two people."""

from __future__ import annotations

from goodword.service import Service
from tests.scenarios.conftest import Cli, DemoHome, everyone


def test_importing_the_demo_export_again_adds_no_one(
    full_home: DemoHome, service_on: Service, full_cli: Cli, changing: None
) -> None:
    before = len(service_on.people(as_of=full_home.day))
    summary = full_cli.json("import", str(full_home.exports[-1]))
    used = [f for f in summary["files"] if f["used"]]
    assert summary["people_added"] == 0
    assert all(f["added"] == 0 for f in used), [(f["name"], f["added"]) for f in used]
    connections = next(f for f in used if f["name"] == "Connections.csv")
    assert connections["unchanged"] > 200
    text = full_cli.ok("import", str(full_home.exports[-1]))
    assert "already had" in text and "people added: 0" in text
    assert len(service_on.people(as_of=full_home.day)) == before


def test_namesakes_stay_two_people_and_are_never_offered_for_merging(
    full_home: DemoHome, service_on: Service, full_cli: Cli
) -> None:
    people = everyone(full_home, service_on)
    assert full_home.traps.namesakes
    for group in full_home.traps.namesakes:
        ids = {people[full_home.url_of(i)]["id"] for i in group}
        assert len(ids) == len(group)
        profiles = {f"linkedin:{full_home.url_of(i)}" for i in group}
        for match in full_cli.json("review", "--status", "all"):
            assert not profiles <= set(match["keys"]), match
            assert {match["person"]["id"], match["other"]["id"]} != ids, match
    for summary in (*full_home.imports, *full_home.more):
        assert not any("merge" in p.get("message", "") for p in summary.problems)
