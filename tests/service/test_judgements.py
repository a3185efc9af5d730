"""What the user records about people — the honest conversation, flags, stated relationships — on both databases."""

from __future__ import annotations

from datetime import date

import pytest

from goodword.errors import InvalidInput, NotFound
from goodword.service import Service
from tests.linkedin_exports import EXPORT_2025

AS_OF = date(2025, 10, 1)


@pytest.fixture
def imported(service: Service) -> Service:
    service.import_path(EXPORT_2025)
    return service


def test_the_honest_conversation_overrides_public_praise(imported: Service) -> None:
    before = imported.person("Zoë Bašić").assessment.satisfaction
    assert before.value is not None and before.value > 0.8  # a warm recommendation
    after = imported.vet(
        "Zoë Bašić", willing="no", channel="call", held_on=date(2025, 9, 1)
    ).assessment.satisfaction
    assert after.value == 0.0
    assert "cannot recommend you" in after.why
    job = imported.add_job(title="Analyst", needs="2 references")
    excluded = {a.person.name: why for a, why in imported.suggest(str(job.id)).shortlist.excluded}
    assert excluded["Zoë Bašić"].startswith("cannot vouch for you")


def test_concerns_are_kept_in_their_words_and_lower_satisfaction(imported: Service) -> None:
    detail = imported.vet("Åsa", willing="yes with concerns", concerns="missed the Q3 deadline")
    assert detail.assessment.satisfaction.value is not None
    assert detail.assessment.satisfaction.value < 0.7
    assert "missed the Q3 deadline" in detail.assessment.satisfaction.why
    assert [(v.willing, v.concerns) for v in detail.record.vettings] == [
        ("concerns", "missed the Q3 deadline")
    ]


def test_not_yet_keeps_satisfaction_unknown(imported: Service) -> None:
    score = imported.vet("Lukas", willing="not-yet").assessment.satisfaction
    assert score.value is None
    assert "not answered yet" in score.why


@pytest.mark.parametrize(
    ("willing", "concerns", "message"),
    [("maybe", "", "answer yes, concerns, no or not-yet"), ("concerns", "", "--concerns TEXT")],
)
def test_unclear_answers_are_refused(
    imported: Service, willing: str, concerns: str, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        imported.vet("Åsa", willing=willing, concerns=concerns)


def test_a_soured_flag_excludes_and_can_be_lifted(imported: Service) -> None:
    flagged = imported.flag("Zoë Bašić", soured=True, note="fell out over the reorg")
    assert flagged.assessment.satisfaction.value == 0.0
    assert "fell out over the reorg" in flagged.assessment.satisfaction.why
    lifted = imported.flag("Zoë Bašić", soured=False)
    assert lifted.assessment.satisfaction.value is not None
    assert lifted.assessment.satisfaction.value > 0.8


def test_do_not_ask_keeps_a_person_out_of_suggestions(imported: Service) -> None:
    imported.flag("Åsa", do_not_ask=True)
    job = imported.add_job(title="Analyst", needs="3 references")
    suggestion = imported.suggest(str(job.id), as_of=AS_OF)
    assert "Åsa Lindqvist" not in {
        p.candidate.assessment.person.name for p in suggestion.shortlist.picks
    }
    assert suggestion.excluded_counts.get("marked do-not-ask") == 1


def test_a_stated_relationship_wins_and_can_be_cleared(imported: Service) -> None:
    inferred = imported.person("Usman").assessment.relationship
    assert inferred is None
    stated = imported.relate("Usman", kind="manager", organization="Initech").assessment
    assert stated.relationship is not None and stated.relationship.kind == "manager"
    assert "you said they were your manager at Initech" in stated.relationship.why
    job = imported.add_job(title="Lead", needs="1 reference, 1 supervisor")
    picks = imported.suggest(str(job.id), as_of=AS_OF).shortlist.picks
    assert {p.role for p in picks} == {"supervisor"}
    cleared = imported.relate("Usman", kind=None).assessment
    assert cleared.relationship is None


def test_unknown_people_and_kinds_are_clear_errors(imported: Service) -> None:
    with pytest.raises(NotFound):
        imported.vet("Nobody Atall", willing="yes")
    with pytest.raises(InvalidInput, match="use one of manager"):
        imported.relate("Åsa", kind="frenemy")
    with pytest.raises(InvalidInput, match="nothing to change"):
        imported.flag("Åsa")
