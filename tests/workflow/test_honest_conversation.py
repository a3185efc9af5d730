"""The honest conversation is respected everywhere the ask goes on, on both databases.

A "no" stops the ask, the drafts, the prep brief and the references sheet
until the user says ``anyway``; concerns follow the person to the slate, the
pipeline and the user's view of the brief; a brief never thanks someone for
agreeing before they have.
"""

from __future__ import annotations

from datetime import date

import pytest

from goodword.errors import InvalidInput
from goodword.service import Service
from goodword.service.scores import compute, quick
from tests.linkedin_exports import EXPORT_2025

AS_OF = date(2025, 10, 1)
SAID_NO = r"Zoë Bašić said no in the honest conversation on 2025-09-01.*add --anyway"


@pytest.fixture
def imported(service: Service) -> Service:
    service.import_path(EXPORT_2025)
    service.add_job(
        title="Data Lead",
        organization="Fabrikam",
        description="Lead the analytics team. Experience with Python and SQL required.",
        deadline=date(2026, 12, 15),
        needs="2 references",
    )
    return service


def test_someone_who_said_no_is_not_asked_drafted_briefed_or_listed(imported: Service) -> None:
    imported.ask("Data Lead", ["Zoë"])  # proposed before the conversation
    imported.vet("Zoë", willing="no", held_on=date(2025, 9, 1))

    assert [a.state for a in imported.asks("Data Lead")] == ["declined"]
    for refused in (
        lambda: imported.ask("Data Lead", ["Zoë"], kind="recommendation"),
        lambda: imported.draft("ask", "Data Lead", "Zoë"),
        lambda: imported.draft("thank-you", "Data Lead", "Zoë"),
        lambda: imported.prep("Data Lead", "Zoë", as_of=AS_OF),
        lambda: imported.sheet("Data Lead", ["Zoë", "Åsa"], on=AS_OF),
    ):
        with pytest.raises(InvalidInput, match=SAID_NO):
            refused()
    # Asking the two questions again is how a "no" can change: that draft is never refused.
    again = imported.draft("honest-conversation", "Data Lead", "Zoë")
    assert "Do you have any concerns about doing so?" in again.text()


def test_anyway_overrides_the_no_and_a_later_yes_lifts_it(imported: Service) -> None:
    imported.vet("Zoë", willing="no", held_on=date(2025, 9, 1))

    asked = imported.ask("Data Lead", ["Zoë"], to="asked", anyway=True)
    assert [a.state for a in asked] == ["asked"]  # through "vetted", as the user insisted
    assert asked[0].said_no
    assert asked[0].as_dict()["honest_conversation"] == {
        "willing": "no",
        "on": "2025-09-01",
        "concerns": None,
    }
    assert "Prep brief for Zoë" in imported.prep("Data Lead", "Zoë", anyway=True).markdown()
    assert imported.draft("ask", "Data Lead", "Zoë", anyway=True).draft.subject
    # Closing the ask never needs the override.
    assert [a.state for a in imported.ask("Data Lead", ["Zoë"], to="withdrawn")] == ["withdrawn"]

    imported.vet("Zoë", willing="yes", held_on=date(2025, 9, 20))
    assert imported.prep("Data Lead", "Zoë", as_of=AS_OF).brief.reference_name == "Zoë Bašić"


def test_someone_who_agreed_then_said_no_keeps_the_sheet_from_going_out(
    imported: Service,
) -> None:
    imported.vet("Zoë", willing="yes", held_on=date(2025, 9, 1))
    imported.ask("Data Lead", ["Zoë"], to="asked")
    imported.ask("Data Lead", ["Zoë"], to="agreed")
    assert [e.name for e in imported.sheet("Data Lead", on=AS_OF).sheet.entries] == ["Zoë Bašić"]

    imported.vet("Zoë", willing="no", held_on=date(2025, 9, 15))

    (ask,) = imported.asks("Data Lead")
    assert ask.next_action == "they said no on 2025-09-15: withdraw the ask"
    with pytest.raises(InvalidInput, match=r"said no .* on 2025-09-15.*references sheet"):
        imported.sheet("Data Lead", on=AS_OF)
    assert len(imported.sheet("Data Lead", on=AS_OF, anyway=True).sheet.entries) == 1


def test_concerns_appear_where_the_ask_is_prepared(imported: Service) -> None:
    imported.vet(
        "Zoë", willing="concerns", concerns="missed the Q3 deadline", held_on=date(2025, 9, 1)
    )
    imported.ask("Data Lead", ["Zoë"])

    # The slate: a flag on her, and the concerns in the JSON.
    slate = imported.suggest("Data Lead", as_of=AS_OF)
    everyone = [p.candidate for p in slate.shortlist.picks] + [
        r.candidate for r in slate.shortlist.runners_up
    ]
    zoe = next(c for c in everyone if c.assessment.person.name == "Zoë Bašić")
    assert zoe.flags[0] == (
        "concerns they raised: missed the Q3 deadline (talk them through before you ask)"
    )
    payload = slate.as_dict()
    listed = payload["picks"] + payload["runners_up"]
    zoe_json = next(p for p in listed if p["name"] == "Zoë Bašić")
    assert zoe_json["concerns"] == "missed the Q3 deadline"
    assert zoe_json["satisfaction"]["willing"] == "concerns"
    # The kept scores, read without the store, give the same slate.
    imported.refresh_scores()
    fast = quick.suggest(imported.settings, "Data Lead")
    assert fast is not None
    assert fast.as_dict()["picks"] == imported.suggest("Data Lead").as_dict()["picks"]
    assert fast.as_dict()["runners_up"] == imported.suggest("Data Lead").as_dict()["runners_up"]
    compute.forget(imported.store.engine)
    # The person, and the pipeline.
    person = imported.person("Zoë").as_dict()
    assert person["satisfaction"]["concerns"] == "missed the Q3 deadline"
    assert "with concerns: missed the Q3 deadline" in person["satisfaction"]["why"]
    (ask,) = imported.asks("Data Lead")
    assert ask.concerns == "Zoë Bašić raised concerns on 2025-09-01: missed the Q3 deadline"
    # The user's view of the brief carries them; the brief itself does not.
    brief = imported.prep("Data Lead", "Zoë", as_of=AS_OF)
    assert brief.concerns == ask.concerns
    assert brief.as_dict()["concerns"] == ask.concerns
    assert "Q3 deadline" not in brief.markdown()
    # And beside the ask's draft, not in it.
    draft = imported.draft("ask", "Data Lead", "Zoë")
    assert draft.concerns == ask.concerns
    assert "Q3" not in draft.text()


def test_the_brief_thanks_them_for_agreeing_only_once_they_have(imported: Service) -> None:
    before = imported.prep("Data Lead", "Zoë", as_of=AS_OF).markdown()
    assert "agreeing" not in before
    assert "Thank you for considering being a reference for me" in before

    imported.vet("Zoë", willing="yes", held_on=date(2025, 9, 1))
    imported.ask("Data Lead", ["Zoë"], to="asked")
    assert "agreeing" not in imported.prep("Data Lead", "Zoë", as_of=AS_OF).markdown()
    imported.ask("Data Lead", ["Zoë"], to="agreed")
    after = imported.prep("Data Lead", "Zoë", as_of=AS_OF).markdown()
    assert "Thank you for agreeing to be a reference for me" in after
