"""Calendars and address books through the loader, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from goodword.service import Service
from goodword.store import models as m

FIXTURES = Path(__file__).parent.parent / "fixtures"
WEEKLY = FIXTURES / "ics" / "recurring_weekly_with_exdate_and_override.ics"


@pytest.fixture
def service(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Service:
    monkeypatch.setenv("GOODWORD_DATABASE_URL", db_url)
    return Service()


def test_each_meeting_of_a_series_is_stored_with_its_people_and_answers(service: Service) -> None:
    # A weekly one-to-one with Rosa, one week cancelled, one moved to Tuesday with Tom (tentative).
    summary = service.import_path(WEEKLY)
    [report] = summary.files
    assert (report.rows, report.added, report.skipped) == (
        2,
        7,
        {"instance removed from the series (EXDATE)": 1},
    )
    assert summary.owner_identities_added == ["email:owner@example.com"]
    with service.store.session() as session:
        meetings = list(
            session.scalars(select(m.Interaction).where(m.Interaction.kind == "meeting"))
        )
        assert len(meetings) == 7
        me = session.scalars(select(m.Owner.self_person_id)).one()
        assert {meeting.sender_id for meeting in meetings} == {me}
        moved = next(x for x in meetings if "Tom joins" in x.subject)
        answers = {
            session.get(m.Person, p.person_id).display_name: p.role  # type: ignore[union-attr]
            for p in moved.participants
        }
        assert answers == {"Rosa Diaz": "accepted", "Tom Ng": "tentative"}
        assert moved.participant_count == 3
        assert moved.ends_at is not None and moved.ends_at > moved.occurred_at
        # The identity each attendee was known by is kept, so a split can move their meetings.
        assert all(p.identity_id is not None for p in moved.participants)
    again = service.import_path(WEEKLY)
    assert (again.files[0].added, again.files[0].unchanged) == (0, 7)


def test_an_address_book_card_gives_addresses_phone_organisation_and_title(
    service: Service, tmp_path: Path
) -> None:
    card = tmp_path / "contacts.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Rosa Diaz\r\nN:Diaz;Rosa;;;\r\n"
        "EMAIL;TYPE=WORK:rosa@example.org\r\nEMAIL;TYPE=HOME:rosa.diaz@home.example\r\n"
        "TEL;TYPE=CELL:+1 (415) 555-0199\r\nORG:Example Org;Research\r\nTITLE:Principal\r\n"
        "END:VCARD\r\n",
        encoding="utf-8",
    )
    summary = service.import_path(card)
    assert (summary.files[0].rows, summary.files[0].added, summary.people_added) == (1, 1, 1)
    detail = service.person("Rosa Diaz")
    assert {(i.kind, i.value) for i in detail.record.identities} == {
        ("email", "rosa@example.org"),
        ("email", "rosa.diaz@home.example"),
        ("phone", "+14155550199"),
    }
    assert detail.assessment.person.organization == "Example Org"
    assert detail.assessment.person.title == "Principal"
    # The calendar then finds her by her work address: no second Rosa.
    service.import_path(WEEKLY)
    assert [a.person.name for a in service.people(search="Rosa")] == ["Rosa Diaz"]
    again = service.import_path(card)
    assert (again.files[0].added, again.files[0].unchanged, again.people_added) == (0, 1, 0)
