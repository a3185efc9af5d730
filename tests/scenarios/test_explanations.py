"""Point 7: every why on every demo slate agrees with its JSON; a short slate says so."""

from __future__ import annotations

from goodword.demo import SAMPLE_JOB
from goodword.service import Service
from tests.scenarios.conftest import Cli, DemoHome
from tests.slate_checks import check_slate

SHAPES = (
    SAMPLE_JOB.needs,
    "3 references, 1 supervisor",
    "5 references, 2 supervisors",
    "2 letters",
    "12 references, 6 supervisors",
)


def test_every_why_of_every_full_demo_slate_agrees_with_its_numbers(full_home: DemoHome) -> None:
    _every_slate(full_home)


def test_every_why_of_every_old_export_slate_agrees_with_its_numbers(old_home: DemoHome) -> None:
    _every_slate(old_home)


def _every_slate(home: DemoHome) -> None:
    check_slate(home.slate.as_dict())
    service = home.service()
    try:
        for needs in SHAPES:
            job = service.add_job(
                title=SAMPLE_JOB.title,
                organization=SAMPLE_JOB.organization,
                description=SAMPLE_JOB.description,
                needs=needs,
            )
            for kind in (None, "referral", "recommendation"):
                check_slate(service.suggest(str(job.id), as_of=home.day, kind=kind).as_dict())
    finally:
        service.close()


def test_a_short_slate_says_how_short_in_text_and_json(
    full_home: DemoHome, service_on: Service, full_cli: Cli
) -> None:
    job = service_on.add_job(
        title="Principal scientist", organization="Fabrikam", needs="150 references"
    )
    slate = full_cli.json("suggest", str(job.id), "--as-of", f"{full_home.day}")
    check_slate(slate)
    unfilled = slate["unfilled"]
    found = len(slate["picks"])
    assert found < 150 and unfilled["needed"] == 150
    assert unfilled["why"].startswith(f"needs 150, found {found}: ")
    text = " ".join(full_cli.ok("suggest", str(job.id), "--as-of", f"{full_home.day}").split())
    assert f"needs 150, found {found}" in text
