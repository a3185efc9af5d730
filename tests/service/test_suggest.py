"""Suggestions through the service, on both databases: kinds, confidential searches, referrals."""

from __future__ import annotations

from datetime import date

import pytest

from goodword.errors import InvalidInput
from goodword.service import Service
from tests.linkedin_exports import EXPORT_2025

AS_OF = date(2025, 10, 1)


@pytest.fixture
def imported(service: Service) -> Service:
    service.import_path(EXPORT_2025)
    return service


def names(people: list) -> set[str]:  # type: ignore[type-arg]
    return {p.candidate.assessment.person.name for p in people}


def test_a_confidential_job_keeps_the_current_employer_out(imported: Service) -> None:
    open_job = imported.add_job(title="Lead", needs="3 references")
    secret = imported.add_job(title="Secret lead", needs="3 references", confidential=True)
    assert "Åsa Lindqvist" in names(imported.suggest(str(open_job.id), as_of=AS_OF).shortlist.picks)
    suggestion = imported.suggest(str(secret.id), as_of=AS_OF)
    assert not {"Åsa Lindqvist", "Zabih Rahimi"} & names(suggestion.shortlist.picks)
    assert suggestion.excluded_counts["works at your current employer"] == 2


def test_a_referral_comes_from_inside_the_target_organisation(imported: Service) -> None:
    job = imported.add_job(title="Platform engineer", organization="Contoso Ltd", kind="referral")
    suggestion = imported.suggest(str(job.id), as_of=AS_OF)
    assert suggestion.shortlist.needs.count == 1
    picked = names(suggestion.shortlist.picks)
    assert picked <= {"Walid Timimi", "Lukas Johansson"}
    assert picked
    as_json = suggestion.as_dict()
    assert as_json["kind"] == "referral"
    assert as_json["picks"][0]["reasons"][0].startswith("works at Contoso now")


def test_the_kind_can_be_chosen_per_suggestion(imported: Service) -> None:
    job = imported.add_job(
        title="Analyst", organization="Globex", needs="2 references, 1 supervisor"
    )
    as_referral = imported.suggest(str(job.id), as_of=AS_OF, kind="referral")
    assert as_referral.shortlist.needs.kind == "referral"
    assert as_referral.shortlist.needs.roles == {}
    assert names(as_referral.shortlist.picks) == {"Zoë Bašić"}
    with pytest.raises(InvalidInput, match="use reference, recommendation or referral"):
        imported.suggest(str(job.id), kind="favour")
    nowhere = imported.add_job(title="Anything", needs="1 reference")
    with pytest.raises(InvalidInput, match="names no organisation"):
        imported.suggest(str(nowhere.id), kind="referral")
