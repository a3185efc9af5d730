"""Point 3: "now" is the date of the evidence; an old export is flagged once."""

from __future__ import annotations

from goodword.demo import old_export_date
from goodword.demo.names import ORGANIZATIONS
from goodword.service import Service
from tests.scenarios.conftest import Cli, DemoHome, everyone, slate_people


def _at_employer(home: DemoHome) -> set[str]:
    company = home.network.owner.positions[-1].company
    return {company, *dict(ORGANIZATIONS).get(company, ())}


def test_coworkers_of_the_old_export_are_as_of_its_date_and_stale(old_home: DemoHome) -> None:
    service = old_home.service()
    try:
        people = everyone(old_home, service)
    finally:
        service.close()
    day = old_export_date(old_home.network)
    stamp = f"as of the {day:%Y-%m} export"
    strangers = [
        people[old_home.url_of(i)] for i in old_home.traps.coworkers if old_home.url_of(i) in people
    ]
    assert len(strangers) >= 20
    for person in strangers:
        assert stamp in person["familiarity"]["why"], person["familiarity"]["why"]
        assert person["familiarity"]["stale"] is True
    # Nothing the old export shows is "now" when the scores are taken two years later.
    for person in people.values():
        assert " now (" not in person["familiarity"]["why"], person["familiarity"]["why"]


def test_someone_who_had_left_by_the_export_is_not_a_current_colleague(old_home: DemoHome) -> None:
    day = old_export_date(old_home.network)
    service = old_home.service()
    try:
        people = everyone(old_home, service)
    finally:
        service.close()
    left = [
        c
        for c in old_home.network.contacts
        if c.worked_at and c.overlap_end and c.overlap_end < day and c.role != "self"
    ]
    assert len(left) >= 10
    for contact in left:
        person = people.get(old_home.url_of(contact.index))
        if person is None:
            continue  # joined after the old export
        if contact.company not in _at_employer(old_home):
            assert "you both work at" not in person["familiarity"]["why"], person["familiarity"]
    slate = old_home.slate.as_dict()
    for pick in slate_people(slate):
        if pick.get("role") == "supervisor":
            assert "you both work at" not in pick["familiarity"]["why"] or (
                "as of the" in pick["familiarity"]["why"]
            )


def test_the_old_export_is_flagged_once_in_the_summary_and_in_people(
    old_home: DemoHome, old_cli: Cli
) -> None:
    [summary] = old_home.imports
    assert "2024-12-01" in summary.old_export and "2 years old" in summary.old_export
    assert not any(more.old_export for more in old_home.more)
    said = old_cli.run("people", "--limit", "5")
    assert said.exit_code == 0
    notes = [line for line in said.output.splitlines() if line.startswith("note:")]
    assert len(notes) == 1 and "2024-12" in notes[0], notes
    # JSON stays clean of the note.
    assert old_cli.json("people", "--limit", "5")


def test_the_full_demo_flags_nothing_once_the_current_export_is_in(full_cli: Cli) -> None:
    said = full_cli.run("people", "--limit", "5")
    assert said.exit_code == 0
    assert not [line for line in said.output.splitlines() if "export" in line and "note" in line]


def test_in_the_full_demo_the_current_export_says_now(
    full_home: DemoHome, service_on: Service
) -> None:
    people = everyone(full_home, service_on)
    executive = people[full_home.url_of(full_home.traps.executives[0])]
    assert " now (" in executive["familiarity"]["why"]
    assert "as of the" not in executive["familiarity"]["why"]
