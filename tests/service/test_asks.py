"""The ask from suggestion to thank-you, on both databases."""

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


def test_a_scripted_flow_from_suggestion_to_thank_you(imported: Service) -> None:
    job = imported.add_job(title="Data Lead", organization="Fabrikam", needs="2 references")
    picks = imported.suggest(str(job.id), as_of=AS_OF).shortlist.picks
    names = [p.candidate.assessment.person.name for p in picks]
    assert len(names) == 2
    proposed = imported.ask(str(job.id), names, on=date(2025, 10, 2))
    assert {a.state for a in proposed} == {"proposed"}
    assert all(a.next_action == "have the honest conversation" for a in proposed)
    first = names[0]
    imported.vet(first, willing="yes", held_on=date(2025, 10, 3))
    states = {a.person: a.state for a in imported.asks(str(job.id))}
    assert states == {first: "vetted", names[1]: "proposed"}  # only the vetted person moved
    for state, day in (("asked", 4), ("agreed", 6), ("briefed", 7), ("used", 20), ("thanked", 22)):
        [moved] = imported.ask(str(job.id), [first], to=state, on=date(2025, 10, day))
        assert moved.state == state
    [done] = [a for a in imported.asks(str(job.id)) if a.person == first]
    assert [e[2] for e in done.events] == [
        "proposed",
        "vetted",
        "asked",
        "agreed",
        "briefed",
        "used",
        "thanked",
    ]
    assert [e[0].date() for e in done.events][-1] == date(2025, 10, 22)
    assert done.due_on is None


def test_an_illegal_transition_is_refused_and_nothing_changes(imported: Service) -> None:
    job = imported.add_job(title="Data Lead", needs="1 reference")
    imported.ask(str(job.id), ["Åsa"])
    with pytest.raises(InvalidInput, match="an ask that is proposed cannot become agreed"):
        imported.ask(str(job.id), ["Åsa"], to="agreed")
    [ask] = imported.asks(str(job.id))
    assert ask.state == "proposed"
    assert len(ask.events) == 1


def test_asking_someone_already_vetted_passes_through_vetted(imported: Service) -> None:
    imported.vet("Åsa", willing="concerns", concerns="slow reviews", held_on=date(2025, 9, 1))
    job = imported.add_job(title="Data Lead", needs="1 reference")
    [ask] = imported.ask(str(job.id), ["Åsa"], to="asked", on=date(2025, 10, 2))
    assert [e[2] for e in ask.events] == ["proposed", "vetted", "asked"]


def test_a_no_in_the_honest_conversation_declines_waiting_asks(imported: Service) -> None:
    job = imported.add_job(title="Data Lead", needs="1 reference")
    imported.ask(str(job.id), ["Åsa"])
    imported.vet("Åsa", willing="no")
    [ask] = imported.asks(str(job.id))
    assert ask.state == "declined"


def test_due_lists_what_to_do_by_a_day(imported: Service) -> None:
    job = imported.add_job(title="Data Lead", needs="2 references")
    imported.vet("Zoë", willing="yes", held_on=date(2025, 10, 1))
    imported.ask(str(job.id), ["Zoë"], to="asked", on=date(2025, 10, 2))
    imported.ask(str(job.id), ["Åsa"], on=date(2025, 10, 2))
    assert [a.person for a in imported.due(date(2025, 10, 4))] == []
    assert [a.person for a in imported.due(date(2025, 10, 5))] == ["Åsa Lindqvist"]
    due_later = imported.due(date(2025, 10, 9))
    assert [(a.person, a.next_action) for a in due_later] == [
        ("Åsa Lindqvist", "have the honest conversation"),
        ("Zoë Bašić", "follow up: no answer yet"),
    ]


def test_people_asked_for_two_other_jobs_lately_get_a_rest(imported: Service) -> None:
    for title in ("First job", "Second job"):
        job = imported.add_job(title=title, needs="1 reference")
        imported.vet("Zoë", willing="yes", held_on=date(2025, 9, 1))
        imported.ask(str(job.id), ["Zoë"], to="asked", on=date(2025, 9, 2))
    third = imported.add_job(title="Third job", needs="3 references")
    suggestion = imported.suggest(str(third.id), as_of=AS_OF)
    excluded = {a.person.name: why for a, why in suggestion.shortlist.excluded}
    assert excluded["Zoë Bašić"] == "asked 2 times in the last 6 months (ask fatigue)"
    much_later = imported.suggest(str(third.id), as_of=date(2026, 6, 1))
    assert "Zoë Bašić" not in {a.person.name for a, _ in much_later.shortlist.excluded}


def test_how_fast_they_answer_an_ask_feeds_their_communication(imported: Service) -> None:
    """Lukas answering two asks within a day counts as two answered direct messages."""
    before = imported.person("Lukas", as_of=date(2025, 3, 1)).assessment.communication
    for index, title in enumerate(("First job", "Second job")):
        job = imported.add_job(title=title, needs="1 reference")
        imported.vet("Lukas", willing="yes", held_on=date(2025, 3, 1))
        imported.ask(str(job.id), ["Lukas"], to="asked", on=date(2025, 3, 2 + index * 10))
        imported.ask(str(job.id), ["Lukas"], to="agreed", on=date(2025, 3, 3 + index * 10))
    after = imported.person("Lukas", as_of=date(2025, 10, 1)).assessment.communication
    assert after.details["asked"] == before.details["asked"] + 2
    assert after.details["replied"] == before.details["replied"] + 2
    assert sum(e.kind == "ask" for e in after.evidence) == 2
    silent_job = imported.add_job(title="Third job", needs="1 reference")
    imported.vet("Walid", willing="yes", held_on=date(2025, 3, 1))
    imported.ask(str(silent_job.id), ["Walid"], to="asked", on=date(2025, 3, 2))
    imported.ask(str(silent_job.id), ["Walid"], to="no-answer", on=date(2025, 3, 9))
    walid_before = imported.person("Walid", as_of=date(2025, 3, 1)).assessment.communication
    walid = imported.person("Walid", as_of=date(2025, 3, 10)).assessment.communication
    assert walid.details["asked"] == walid_before.details["asked"] + 1
    assert walid.details["replied"] == walid_before.details["replied"]


def test_letter_deadlines_get_reminders_7_days_and_1_day_before(imported: Service) -> None:
    job = imported.add_job(
        title="Fellowship", kind="recommendation", needs="1 letter", deadline=date(2025, 12, 15)
    )
    imported.vet("Zoë", willing="yes", held_on=date(2025, 11, 1))
    imported.ask(str(job.id), ["Zoë"], to="asked", on=date(2025, 11, 2))
    imported.ask(str(job.id), ["Zoë"], to="agreed", on=date(2025, 11, 3))
    imported.ask(str(job.id), ["Zoë"], to="briefed", on=date(2025, 11, 4))

    def letter(day: date) -> list[str]:
        return [a.next_action for a in imported.due(day) if a.next_action.startswith("remind")]

    assert letter(date(2025, 12, 7)) == []
    assert letter(date(2025, 12, 8)) == ["remind Zoë Bašić: the letter is due 15 December 2025"]
    assert len(letter(date(2025, 12, 14))) == 1  # the 1-day reminder replaces the 7-day one
    assert letter(date(2025, 12, 16)) == []  # past the deadline
    imported.ask(str(job.id), ["Zoë"], to="used", on=date(2025, 12, 10))  # letter submitted
    assert letter(date(2025, 12, 14)) == []


def test_reminders_export_as_a_calendar(imported: Service) -> None:
    from icalendar import Calendar

    job = imported.add_job(
        title="Fellowship", kind="recommendation", needs="1 letter", deadline=date(2025, 12, 15)
    )
    imported.vet("Zoë", willing="yes", held_on=date(2025, 11, 1))
    imported.ask(str(job.id), ["Zoë"], to="asked", on=date(2025, 11, 2))
    imported.ask(str(job.id), ["Zoë"], to="agreed", on=date(2025, 11, 3))
    calendar = Calendar.from_ical(imported.reminders_ics(since=date(2025, 11, 3)))
    events = sorted((e.decoded("dtstart"), str(e["summary"])) for e in calendar.walk("VEVENT"))
    assert [day for day, _ in events] == [date(2025, 11, 5), date(2025, 12, 8), date(2025, 12, 14)]
    assert events[0][1].startswith("send the prep brief (Zoë Bašić, Fellowship)")
    assert "the letter is due 15 December 2025" in events[1][1]
    uids = [str(e["uid"]) for e in calendar.walk("VEVENT")]
    assert len(uids) == len(set(uids))
    assert all(e.walk("VALARM") for e in calendar.walk("VEVENT"))


def test_used_says_what_happened_for_each_kind(imported: Service) -> None:
    for kind, label in (
        ("reference", "contacted by the employer"),
        ("recommendation", "letter submitted"),
        ("referral", "referral made"),
    ):
        job = imported.add_job(title=f"{kind} job", kind=kind, organization="Globex")
        imported.vet("Zoë", willing="yes", held_on=date(2025, 9, 1))
        for state in ("asked", "agreed", "used"):
            [view] = imported.ask(str(job.id), ["Zoë"], to=state, on=date(2025, 9, 2))
        assert view.state == "used"
        assert view.state_label == label
        assert view.as_dict()["state_label"] == label
