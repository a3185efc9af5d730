"""A big current employer full of strangers, imported from a LinkedIn export, on both databases.

The fixture export gains 60 connections at the owner's employer, Northwind
Labs — among them a Chief People Officer and an SVP nobody wrote to — one
colleague the owner exchanged 32 messages with, and a stranger who endorsed
22 skills in one sitting. Familiarity must follow the working ties, not the
employer, and the kept scores kept for ``people`` and ``suggest`` must stay exact
when one of the strangers is re-scored after ``goodword relate``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from goodword.evidence.assess import assess
from goodword.service import Service
from goodword.service.scores import compute
from goodword.service.views import assessment_dict
from goodword.store.owner import local_owner
from goodword.store.queries import load_network
from tests.linkedin_exports import OWNER_URL, copy_export
from tests.slate_checks import check_slate

AS_OF = date(2025, 10, 1)
OWNER = f"https://www.{OWNER_URL}"
CLOSE = "https://www.linkedin.com/in/priya-close-0001"
BURST = "https://www.linkedin.com/in/bea-burst-0002"


def _append(path: Path, rows: list[list[str]]) -> None:
    if not path.read_bytes().endswith(b"\n"):
        path.write_bytes(path.read_bytes() + b"\n")
    with path.open("a", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows)


def connection(
    name: str, title: str, connected: str, *, url: str = "", company: str = "Northwind Labs"
) -> list[str]:
    """A row of Connections.csv."""
    first, last = name.split(" ")
    url = url or f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}"
    return [first, last, url, "", company, title, f"{date.fromisoformat(connected):%d %b %Y}"]


def big_employer_export(folder: Path) -> Path:
    """The fixture export with a crowd at the owner's employer, one close colleague and a burst."""
    export = copy_export(folder)
    crowd = [
        connection("Chief Peopleton", "Chief People Officer", "2024-02-02"),
        connection("Sven Vice", "SVP Sales", "2024-02-02"),
        *(
            connection(f"Coworker{i} Stranger", "Account Executive", "2024-02-02")
            for i in range(58)
        ),
        connection("Priya Close", "Data Engineer", "2023-04-10", url=CLOSE),
        connection("Bea Burst", "Recruiter", "2024-01-01", url=BURST, company="Fabrikam"),
    ]
    _append(export / "Connections.csv", crowd)
    messages = []
    start = datetime(2024, 9, 2, 9, tzinfo=UTC)
    for i in range(16):
        sent = start + timedelta(days=14 * i)
        for sender, sender_url, to, to_url, at in (
            ("Sam Rivera", OWNER, "Priya Close", CLOSE, sent),
            ("Priya Close", CLOSE, "Sam Rivera", OWNER, sent + timedelta(hours=3)),
        ):
            when = f"{at:%Y-%m-%d %H:%M:%S} UTC"
            messages.append(
                [
                    f"2-priya-{i}",
                    "",
                    sender,
                    sender_url,
                    to,
                    to_url,
                    when,
                    "",
                    "The pipeline",
                    "INBOX",
                    "No",
                    "No",
                ]
            )
    _append(export / "messages.csv", messages)
    _append(
        export / "Endorsement_Received_Info.csv",
        [
            [f"2024/03/05 10:{i:02d}:00 UTC", f"Skill {i}", "Bea", "Burst", BURST[8:], "ACCEPTED"]
            for i in range(22)
        ],
    )
    return export


@pytest.fixture
def imported(service: Service, tmp_path: Path) -> Iterator[Service]:
    service.import_path(big_employer_export(tmp_path / "export"))
    yield service
    compute.forget(service.store.engine)


def test_executives_nobody_met_do_not_know_your_work_and_the_close_colleague_does(
    imported: Service,
) -> None:
    chief = imported.person("Chief Peopleton", as_of=AS_OF).assessment
    svp = imported.person("Sven Vice", as_of=AS_OF).assessment
    priya = imported.person("Priya Close", as_of=AS_OF).assessment
    for stranger in (chief, svp):
        assert stranger.familiarity.value is not None and stranger.familiarity.value < 0.15
        assert "of your connections there" in stranger.familiarity.why
        assert stranger.relationship is not None and stranger.relationship.possible == ""
    assert chief.relationship is not None and svp.relationship is not None
    assert "far more senior than you, unlikely your direct supervisor" in chief.relationship.why
    assert "senior to you in another function" in svp.relationship.why
    assert priya.familiarity.value > 0.5  # type: ignore[operator]
    assert "32 direct messages between you" in priya.familiarity.why
    job = imported.add_job(title="Data lead", needs="3 references, 1 supervisor")
    slate = imported.suggest(str(job.id), as_of=AS_OF)
    picked = [p.candidate.assessment.person.name for p in slate.shortlist.picks]
    assert "Priya Close" in picked
    assert not {"Chief Peopleton", "Sven Vice"} & set(picked)
    assert slate.excluded_counts["does not know your work"] >= 60
    check_slate(slate.as_dict())


def test_a_burst_of_endorsements_from_a_stranger_counts_for_little(imported: Service) -> None:
    bea = imported.person("Bea Burst", as_of=AS_OF).assessment
    assert "endorsed 22 of your skills on 2024-03-05 at once" in bea.familiarity.why
    assert bea.familiarity.value is not None and bea.familiarity.value < 0.15
    assert bea.satisfaction.value == 0.5 and bea.satisfaction.confidence <= 0.1
    assert "unconfirmed: have the honest conversation" in bea.satisfaction.why


def _everyone(service: Service, moment: datetime, *, exact: bool) -> list[dict[str, Any]]:
    with service.store.session() as session:
        if exact:
            judged = list(assess(load_network(session, local_owner(session), moment)).values())
        else:
            judged = compute.from_store(session, moment, keep=True)[1].everyone(session)
    return sorted((assessment_dict(a) for a in judged), key=lambda d: d["id"])


def test_the_kept_kept_scores_stays_exact_when_a_stranger_is_confirmed_as_manager(
    imported: Service,
) -> None:
    imported.people()  # the day's kept scores
    imported.relate("Coworker7 Stranger", kind="manager")
    moment = datetime.now(UTC)
    kept = _everyone(imported, moment, exact=False)
    assert kept == _everyone(imported, moment, exact=True)
    coworker = next(p for p in kept if p["name"] == "Coworker7 Stranger")
    assert coworker["relationship"]["kind"] == "manager"
    assert coworker["familiarity"]["worked_together"] is True
