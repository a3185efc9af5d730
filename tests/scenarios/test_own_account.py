"""Point 4: the owner's own second account is asked about, left out of slates, then theirs."""

from __future__ import annotations

from goodword.service import Service
from tests.scenarios.conftest import Cli, DemoHome, slate_people


def test_the_second_account_is_asked_about_and_a_yes_makes_it_yours(
    full_home: DemoHome, service_on: Service, full_cli: Cli, changing: None
) -> None:
    assert full_home.traps.second_account is not None
    profile = full_home.url_of(full_home.traps.second_account)
    pending = full_cli.json("review")
    [question] = [m for m in pending if f"linkedin:{profile}" in m["keys"]]
    assert question["question"] == "is this you?"
    assert "is this you?" in full_cli.ok("review")
    other = question["other"]["id"]
    slate = full_home.slate.as_dict()
    assert other not in {p["id"] for p in slate_people(slate)}
    assert slate["excluded"]["may be your own account: answer `goodword review`"] == 1
    assert profile not in str(full_cli.json("me"))
    full_cli.ok("review", "--accept", str(question["id"]))
    me = full_cli.json("me")
    assert profile in str(me), me
    assert not [m for m in full_cli.json("review") if f"linkedin:{profile}" in m["keys"]]
    again = service_on.suggest(str(full_home.job_id), as_of=full_home.day).as_dict()
    assert "may be your own account: answer `goodword review`" not in again["excluded"]
    assert other not in {p["id"] for p in slate_people(again)}
