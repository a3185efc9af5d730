"""Slates on both databases: who worked with you, who supervised you, and whys that hold.

The fixture export has the trap real exports showed: Zabih Rahimi, Head of
Data at the owner's current employer, never wrote, met or vouched — and was
read as the owner's manager from the titles alone, familiarity 0.75. The
demo adds a mailbox and a calendar. Every slate here, of every shape, is
checked sentence by sentence against the numbers beside it
(:func:`tests.slate_checks.check_slate`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from goodword.demo import SAMPLE_JOB, build_network, write_export_zip
from goodword.demo.workspace import write_workspace
from goodword.service import Service
from tests.linkedin_exports import EXPORT_2025, copy_export
from tests.slate_checks import check_slate

AS_OF = date(2025, 10, 1)
SHAPES = (
    "3 references, 1 supervisor",
    "5 references",
    "2 letters",
    "2 managers + 3 peers",
    "1 reference",
)


@pytest.fixture
def imported(service: Service) -> Service:
    service.import_path(EXPORT_2025)
    return service


def test_a_senior_title_nobody_met_is_no_supervisor_and_no_close_colleague(
    imported: Service,
) -> None:
    zabih = imported.person("Zabih Rahimi", as_of=AS_OF).assessment
    assert zabih.relationship is not None
    assert zabih.relationship.kind == "colleague"
    # Nothing shows you worked with him (no message, meeting or recommendation): a senior
    # title alone makes him no possible manager either.
    assert zabih.relationship.possible == ""
    assert "senior to you, but nothing shows you worked with them" in zabih.relationship.why
    assert zabih.familiarity.value is not None and zabih.familiarity.value <= 0.3
    assert zabih.familiarity.details["worked_together"] is False
    asa = imported.person("Åsa Lindqvist", as_of=AS_OF).assessment
    assert asa.familiarity.value > zabih.familiarity.value  # type: ignore[operator]
    job = imported.add_job(title="Lead", needs="3 references, 1 supervisor")
    slate = imported.suggest(str(job.id), as_of=AS_OF)
    roles = {p.candidate.assessment.person.name: p.role for p in slate.shortlist.picks}
    assert roles.get("Zoë Bašić") == "supervisor"  # her recommendation says she managed Sam
    assert roles.get("Zabih Rahimi") is None
    check_slate(slate.as_dict())


def test_a_short_slate_says_how_short_why_and_what_next(imported: Service) -> None:
    job = imported.add_job(title="Fellowship", needs="8 letters, 2 professors")
    slate = imported.suggest(str(job.id), as_of=AS_OF).as_dict()
    found = len(slate["picks"])
    assert found < 8
    unfilled = slate["unfilled"]
    assert unfilled["needed"] == 8 and unfilled["found"] == found
    assert unfilled["roles"] == {"professor": 2}
    assert unfilled["why"].startswith(f"needs 8, found {found}: left out: ")
    assert "no professor with evidence for 2 place(s)" in unfilled["why"]
    assert (
        "import more of your evidence (mail, calendar): `goodword import PATH`"
        in (unfilled["next_steps"])
    )
    assert "say who it was: `goodword relate NAME professor`" in unfilled["next_steps"]
    check_slate(slate)


def test_a_complete_slate_has_nothing_unfilled(imported: Service) -> None:
    job = imported.add_job(title="Analyst", needs="1 reference")
    slate = imported.suggest(str(job.id), as_of=AS_OF).as_dict()
    assert len(slate["picks"]) == 1
    assert slate["unfilled"] == {}


@pytest.mark.parametrize("needs", SHAPES)
def test_every_why_of_the_fixture_export_agrees_with_its_numbers(
    imported: Service, needs: str
) -> None:
    job = imported.add_job(title="Staff Data Scientist", organization="Fabrikam", needs=needs)
    check_slate(imported.suggest(str(job.id), as_of=AS_OF).as_dict())
    secret = imported.add_job(title="Secret", needs=needs, confidential=True)
    check_slate(imported.suggest(str(secret.id), as_of=AS_OF).as_dict())


def test_saying_who_supervised_you_makes_them_fill_the_need(imported: Service) -> None:
    job = imported.add_job(title="Lead", needs="3 references, 3 supervisors")
    before = imported.suggest(str(job.id), as_of=AS_OF).as_dict()
    assert before["unfilled"]["roles"] == {"supervisor": 1}
    # A senior title nobody worked with is not offered as a possible supervisor.
    assert "Zabih Rahimi" not in before["unfilled"]["why"]
    assert any("goodword relate" in step for step in before["unfilled"]["next_steps"])
    imported.relate("Zabih Rahimi", kind="manager")
    after = imported.suggest(str(job.id), as_of=AS_OF).as_dict()
    assert after["unfilled"] == {}
    roles = {p["name"]: p["role"] for p in after["picks"]}
    assert roles["Zabih Rahimi"] == "supervisor"
    assert list(roles.values()) == ["supervisor"] * 3
    check_slate(after)


@pytest.fixture
def demo(service: Service, tmp_path: Path) -> tuple[Service, date]:
    network = build_network(seed=7, contacts=80)
    service.import_path(write_export_zip(network, tmp_path / "export"))
    for path in write_workspace(network, tmp_path / "workspace"):
        service.import_path(path)
    return service, network.export_date


def test_every_why_of_the_demo_agrees_with_its_numbers(demo: tuple[Service, date]) -> None:
    service, day = demo
    for needs in SHAPES:
        job = service.add_job(
            title=SAMPLE_JOB.title,
            organization=SAMPLE_JOB.organization,
            description=SAMPLE_JOB.description,
            needs=needs,
        )
        for kind in (None, "referral"):
            check_slate(service.suggest(str(job.id), as_of=day, kind=kind).as_dict())


def test_a_reporting_line_in_your_own_position_names_your_supervisor(
    service: Service, tmp_path: Path
) -> None:
    positions = (EXPORT_2025 / "Positions.csv").read_text(encoding="utf-8")
    stated = positions.replace(
        '"Forecasting and experimentation platform."',
        '"Forecasting and experimentation platform, reporting to Zabih Rahimi."',
    )
    assert stated != positions
    service.import_path(copy_export(tmp_path / "export", {"Positions.csv": stated.encode()}))
    zabih = service.person("Zabih Rahimi", as_of=AS_OF).assessment
    assert zabih.relationship is not None and zabih.relationship.kind == "manager"
    assert (
        zabih.relationship.why
        == "your position at Northwind Labs says you reported to Zabih Rahimi"
    )
    job = service.add_job(title="Lead", needs="3 references, 3 supervisors")
    slate = service.suggest(str(job.id), as_of=AS_OF).as_dict()
    assert {p["name"]: p["role"] for p in slate["picks"]}["Zabih Rahimi"] == "supervisor"
    check_slate(slate)
