"""The calendar importer: each export's quirks, recurrence up to the export date, every VEVENT accounted for."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from goodword import records as rec
from goodword.errors import BrokenFile
from goodword.sources import parse, pick
from goodword.sources.base import Parsed
from goodword.sources.ics import SERIES_CAP, IcsImporter
from goodword.sources.linkedin import LinkedInImporter
from tests.linkedin_exports import EXPORT_2025, zip_folder

ICS = Path(__file__).parent.parent / "fixtures" / "ics"


def read(name: str) -> Parsed:
    parsed = IcsImporter().parse(ICS / name)
    assert_every_event_accounted_for(parsed)
    return parsed


def meetings(parsed: Parsed) -> list[rec.Meeting]:
    return [r for r in parsed.records if isinstance(r, rec.Meeting)]


def warnings_of(parsed: Parsed) -> list[str]:
    return [
        r.message for r in parsed.records if isinstance(r, rec.Problem) and r.severity == "warning"
    ]


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def assert_every_event_accounted_for(parsed: Parsed) -> None:
    """Each VEVENT gave meetings, skips or a rejection, and the counts match the records."""
    for report in parsed.files:
        rows = [
            r for r in parsed.records if getattr(r, "origin", None) and r.origin.file == report.name
        ]
        lines = {
            r.origin.row
            for r in rows
            if isinstance(r, rec.Meeting | rec.Skip)
            or (isinstance(r, rec.Problem) and r.severity == "error")
        }
        text = (ICS / report.name) if (ICS / report.name).exists() else None
        if text is not None:
            begins = [
                i + 1
                for i, line in enumerate(text.read_text("utf-8").splitlines())
                if line.rstrip() == "BEGIN:VEVENT"
            ]
            assert sorted(lines) == begins, report
        assert len(lines) == report.rows, report
        assert report.records == sum(isinstance(r, rec.Meeting) for r in rows), report
        assert sum(report.skipped.values()) == sum(isinstance(r, rec.Skip) for r in rows), report
        problems = [r for r in rows if isinstance(r, rec.Problem)]
        assert report.problems == sum(p.severity == "error" for p in problems), report
        assert report.warnings == sum(p.severity == "warning" for p in problems), report
    for meeting in (r for r in parsed.records if isinstance(r, rec.Meeting)):
        assert meeting.starts_at.tzinfo is UTC
        assert meeting.ends_at is None or meeting.ends_at.tzinfo is UTC


# ---------------------------------------------------------------- recognising inputs


def test_ics_files_folders_and_zips_are_recognised_without_stealing_linkedin(
    tmp_path: Path,
) -> None:
    importer = IcsImporter()
    assert importer.score(ICS / "apple_floating_times.ics") == 1.0
    renamed = tmp_path / "calendar.txt"
    shutil.copy(ICS / "apple_floating_times.ics", renamed)
    assert importer.score(renamed) == pytest.approx(0.95)
    assert importer.score(ICS / "takeout") == pytest.approx(0.9)
    takeout = zip_folder(ICS / "takeout", tmp_path, "takeout-20240801.zip")
    assert importer.score(takeout) == pytest.approx(0.9)
    assert isinstance(pick(takeout), IcsImporter)
    linkedin = zip_folder(EXPORT_2025, tmp_path)
    assert importer.score(linkedin) == 0.0
    assert importer.score(EXPORT_2025) == 0.0
    assert isinstance(pick(linkedin), LinkedInImporter)
    assert isinstance(pick(ICS / "outlook_windows_tzid.ics"), IcsImporter)


def test_a_takeout_folder_and_its_zip_give_the_same_meetings(tmp_path: Path) -> None:
    from_folder = parse(ICS / "takeout")
    from_zip = parse(zip_folder(ICS / "takeout", tmp_path, "takeout-20240801.zip"))
    assert [(m.key, m.calendar) for m in meetings(from_folder)] == [
        (m.key, m.calendar) for m in meetings(from_zip)
    ]
    assert from_folder.export_date == date(2024, 8, 1)
    assert from_folder.notes == [
        "1 file that is not a calendar (.ics) was not read: archive_browser.html"
    ]


def test_an_event_in_two_calendars_is_one_meeting_of_the_owners_calendar() -> None:
    parsed = parse(ICS / "takeout")
    assert_every_event_accounted_for(parsed)
    (planning,) = meetings(parsed)
    assert planning.calendar == "owner@example.com"
    reports = {r.name: r for r in parsed.files}
    assert reports["Calendar/Team.ics"].skipped == {
        "duplicate of an event already read (same UID and start)": 1,
        "all-day entry without other people (birthday, holiday, reminder)": 1,
    }


def test_not_icalendar_at_all_is_a_broken_file() -> None:
    with pytest.raises(BrokenFile, match=r"not_icalendar\.ics: not an iCalendar file"):
        IcsImporter().parse(ICS / "not_icalendar.ics")


def test_a_property_given_twice_where_the_library_expects_one_is_a_broken_file(
    tmp_path: Path,
) -> None:
    # Found by damaging fixtures at random: a repeated TZID made icalendar raise AttributeError.
    text = (ICS / "outlook_windows_tzid.ics").read_text(encoding="utf-8")
    line = "TZID:W. Europe Standard Time\n"
    damaged = tmp_path / "damaged.ics"
    damaged.write_text(text.replace(line, line * 2, 1), encoding="utf-8")
    with pytest.raises(BrokenFile, match=r"damaged\.ics: not a readable iCalendar file"):
        IcsImporter().parse(damaged)


def test_a_time_zone_name_too_long_for_a_file_name_is_a_broken_file_in_one_short_line(
    tmp_path: Path,
) -> None:
    # Found by the fuzzer: the library looks the TZID up as a file, and a name longer than
    # a file name may be raised OSError out of the parse.
    text = (ICS / "recurring_weekly_with_exdate_and_override.ics").read_text(encoding="utf-8")
    assert "TZID=America/New_York" in text
    damaged = tmp_path / "damaged.ics"
    damaged.write_text(
        text.replace("TZID=America/New_York", "TZID=America/New" + "é" * 5000), encoding="utf-8"
    )
    with pytest.raises(BrokenFile, match=r"damaged\.ics: not a readable iCalendar file") as caught:
        IcsImporter().parse(damaged)
    assert "\n" not in caught.value.message and len(caught.value.message) < 400


def test_a_truncated_download_is_a_broken_file_that_says_where_it_stops() -> None:
    with pytest.raises(BrokenFile) as caught:
        IcsImporter().parse(ICS / "truncated.ics")
    assert caught.value.message == (
        "truncated.ics: cut short after line 17 (no END:VCALENDAR); "
        "download or export the calendar again"
    )


def test_a_damaged_zip_is_a_broken_file(tmp_path: Path) -> None:
    archive = zip_folder(ICS / "takeout", tmp_path, "takeout.zip")
    archive.write_bytes(archive.read_bytes()[:100])
    assert IcsImporter().score(archive) == 0.0
    with pytest.raises(BrokenFile, match=r"takeout\.zip: not a readable zip file"):
        IcsImporter().parse(archive)


def test_one_bad_event_is_a_problem_and_the_rest_imports() -> None:
    parsed = read("one_bad_event.ics")
    (report,) = parsed.files
    assert (report.rows, report.records, report.problems) == (4, 1, 3)
    errors = [r for r in parsed.records if isinstance(r, rec.Problem)]
    assert [(p.origin.row, p.message) for p in errors] == [
        (
            5,
            "event bad-date: unreadable DTSTART: Expected datetime, date, or time. "
            "Got: '2024-13-45'",
        ),
        (12, "event no-start: no start time (DTSTART)"),
        (18, "event bad-rule: unreadable RRULE: Expected frequency, got: FORTNIGHTLY"),
    ]
    assert [m.title for m in meetings(parsed)] == ["Still imported"]


# ---------------------------------------------------------------- people


def test_google_attendees_keep_their_answers_and_the_organizer_is_not_repeated() -> None:
    parsed = read("google_export_x_wr_timezone.ics")
    kickoff = meetings(parsed)[0]
    assert kickoff.title == "Project kickoff"
    assert kickoff.organizer == rec.PersonRef(name="", email="owner@example.com")
    assert [(a.person.name, a.person.email, a.response) for a in kickoff.attendees] == [
        # folded inside the name and the address, MAILTO: in capitals, mixed case
        ("Jane Doe", "jane.doe@example.org", "accepted"),
        # CN repeating the address is no name
        ("", "james@example.org", "needs-action"),
        # CN="Last, First" quoted and folded
        ("Lee, Bo", "bo.lee@example.org", "declined"),
    ]
    assert kickoff.status == "confirmed"
    assert kickoff.calendar == "owner@example.com"


def test_rooms_resources_and_group_calendars_are_not_people() -> None:
    parsed = read("rooms_and_resources.ics")
    review, imported = meetings(parsed)
    assert [a.person.email for a in review.attendees] == ["ola@example.org"]
    assert imported.organizer is None  # an import.calendar.google.com pseudo-organizer
    assert [a.person.email for a in imported.attendees] == ["owner@example.com", "ola@example.org"]
    (report,) = parsed.files
    assert report.skipped == {
        "no other people (a personal calendar entry)": 1
    }  # the room-only booking
    assert report.note == "8 rooms, resources or group calendars left out of attendees"


def test_outlook_attendee_without_address_keeps_the_name() -> None:
    parsed = read("outlook_windows_tzid.ics")
    budget = meetings(parsed)[0]
    assert budget.organizer == rec.PersonRef(name="Miller, Anna", email="anna.miller@corp.example")
    assert [(a.person.name, a.person.email, a.response) for a in budget.attendees] == [
        ("Me", "me@corp.example", "accepted"),
        ("Sam Extern", None, "needs-action"),
    ]


def test_solo_entries_and_all_day_reminders_are_skipped_with_reasons() -> None:
    parsed = read("all_day_and_solo_events.ics")
    (report,) = parsed.files
    assert report.rows == 5
    assert report.skipped == {
        "all-day entry without other people (birthday, holiday, reminder)": 1,
        "no other people (a personal calendar entry)": 2,  # "Dentist", and "Gym" with only the owner
    }
    assert [m.title for m in meetings(parsed)] == ["Team offsite", "Lunch with Ola"]


def test_an_all_day_event_with_guests_runs_from_midnight_utc_to_the_exclusive_end() -> None:
    offsite = meetings(read("all_day_and_solo_events.ics"))[0]
    assert (offsite.starts_at, offsite.ends_at) == (at("2024-04-15T00:00"), at("2024-04-17T00:00"))


# ---------------------------------------------------------------- owner


def test_the_owner_comes_from_the_calendar_name_once_before_the_meetings() -> None:
    parsed = read("google_export_x_wr_timezone.ics")
    first, *rest = parsed.records
    assert first == rec.OwnerIdentity(
        "email",
        "owner@example.com",
        rec.Origin("google_export_x_wr_timezone.ics (your address, from the calendar)"),
        evidence="the name of the calendar in google_export_x_wr_timezone.ics (X-WR-CALNAME)",
    )
    assert not any(isinstance(r, rec.OwnerIdentity) for r in rest)


def test_without_an_address_as_calendar_name_the_owner_is_who_is_on_every_event() -> None:
    parsed = read("outlook_windows_tzid.ics")  # X-WR-CALNAME:Calendar
    identities = [r for r in parsed.records if isinstance(r, rec.OwnerIdentity)]
    assert [(i.value, i.evidence) for i in identities] == [
        ("me@corp.example", "organizer or guest of 4 of the 4 events with people")
    ]


def test_two_addresses_equally_present_propose_no_owner() -> None:
    parsed = read("two_people_equally_present.ics")
    assert not any(isinstance(r, rec.OwnerIdentity) for r in parsed.records)
    assert len(meetings(parsed)) == 2


# ---------------------------------------------------------------- time zones


def test_google_utc_series_follows_x_wr_timezone_across_daylight_saving() -> None:
    parsed = read("google_export_x_wr_timezone.ics")
    weekly = [m for m in meetings(parsed) if m.title.startswith("Weekly sync")]
    # 09:00 in Berlin: 08:00 UTC before the clocks change on 31 March, 07:00 after.
    assert [m.starts_at for m in weekly] == [
        at("2024-03-07T08:00"),
        at("2024-03-14T08:00"),
        at("2024-03-21T08:00"),
        at("2024-03-28T08:00"),
        at("2024-04-04T07:00"),
        at("2024-04-11T07:00"),
    ]
    assert {m.attendees[0].response for m in weekly} == {"tentative"}
    assert warnings_of(parsed) == []


def test_outlook_zones_are_mapped_with_a_warning_each() -> None:
    parsed = read("outlook_windows_tzid.ics")
    assert [(m.title, m.starts_at) for m in meetings(parsed)] == [
        ("Budget review", at("2024-01-15T09:00")),
        ("Call with offset zone", at("2024-01-16T09:00")),
        ("Call with a vendor-prefixed zone", at("2024-01-17T10:00")),
        ("Call with an unknown zone", at("2024-01-18T10:00")),
    ]
    assert warnings_of(parsed) == [
        "event 040000008200E00074C5B7101A82E00800000000windows: "
        "Windows time zone 'W. Europe Standard Time' read as Europe/Berlin",
        "event 040000008200E00074C5B7101A82E00800000000gmtoffset: "
        "time zone '(GMT +01:00)' read as UTC+01:00",
        "event vendor-prefix: time zone '/freeassociation.sourceforge.net/Europe/London' "
        "read as Europe/London",
        "event unknown-zone: unknown time zone 'Mars Standard Time': read in UTC",
    ]
    (report,) = parsed.files
    assert (report.records, report.warnings) == (4, 4)


def test_floating_times_are_utc_with_a_warning_and_a_missing_end_stays_unknown() -> None:
    parsed = read("apple_floating_times.ics")
    coffee, quick, interview = meetings(parsed)
    assert (coffee.starts_at, coffee.ends_at) == (at("2024-02-12T14:00"), at("2024-02-12T15:00"))
    assert (quick.starts_at, quick.ends_at) == (at("2024-02-13T09:00"), None)
    assert interview.ends_at == at("2024-02-14T09:45")  # DURATION:PT45M
    assert warnings_of(parsed) == [
        "event 8E1F-FLOATING-1: floating time (no time zone): read in UTC",
        "event 8E1F-NO-END: no end time (DTEND or DURATION): the end is left unknown",
    ]


def test_floating_times_use_x_wr_timezone_when_the_calendar_has_one() -> None:
    parsed = read("floating_with_x_wr_timezone.ics")
    (lunch,) = meetings(parsed)
    assert lunch.starts_at == at("2024-06-12T13:00")  # 09:00 in New York, summer time
    assert warnings_of(parsed) == [
        "event floating-in-new-york: floating time (no time zone): "
        "read in X-WR-TIMEZONE America/New_York"
    ]


# ---------------------------------------------------------------- recurrence


def test_weekly_series_with_exdate_rdate_and_a_moved_instance_up_to_the_export_date() -> None:
    parsed = read("recurring_weekly_with_exdate_and_override.ics")
    assert parsed.export_date == date(2024, 2, 26)
    found = [(m.starts_at, m.origin.row) for m in meetings(parsed)]
    assert sorted(found) == [
        (at("2024-01-08T15:00"), 6),
        (at("2024-01-15T15:00"), 6),
        # 22 January: EXDATE
        (at("2024-01-24T15:00"), 6),  # RDATE
        (at("2024-01-30T16:00"), 18),  # 29 January moved to Tuesday 11:00
        (at("2024-02-05T15:00"), 6),
        (at("2024-02-12T15:00"), 6),
        (at("2024-02-19T15:00"), 6),
        # 26 February 10:00 New York is after the export (DTSTAMP 26 February 00:00 UTC)
    ]
    moved = next(m for m in meetings(parsed) if m.origin.row == 18)
    assert [a.person.email for a in moved.attendees] == ["rosa@example.org", "tom@example.org"]
    (report,) = parsed.files
    assert (report.rows, report.records) == (2, 7)
    assert report.skipped == {"instance removed from the series (EXDATE)": 1}
    assert report.note == "1 recurring series gave 7 meetings"


def test_instance_keys_are_uid_and_recurrence_id_so_a_moved_instance_keeps_its_key() -> None:
    parsed = read("recurring_weekly_with_exdate_and_override.ics")
    moved = next(m for m in meetings(parsed) if m.origin.row == 18)
    uid = "weekly-one-on-one@google.com"
    assert moved.key == rec.digest(uid, "2024-01-29T15:00:00+00:00")
    keys = [m.key for m in meetings(parsed)]
    assert len(set(keys)) == len(keys)
    assert keys == [m.key for m in meetings(read("recurring_weekly_with_exdate_and_override.ics"))]
    single = meetings(read("apple_floating_times.ics"))[2]
    assert single.key == rec.digest("8E1F-DURATION", "")


def test_cancelled_instances_and_events_are_skipped_not_emitted() -> None:
    parsed = read("cancelled_instances.ics")
    assert [m.starts_at.day for m in meetings(parsed)] == [1, 2, 4, 5]
    (report,) = parsed.files
    assert report.rows == 5
    assert report.skipped == {
        "cancelled instance": 1,  # 3 January of the standup
        "cancelled event": 3,  # a single event, a series, and that series' changed instance
    }


def test_a_long_series_keeps_its_latest_instances_up_to_the_cap() -> None:
    parsed = read("daily_series_over_the_cap.ics")
    daily = meetings(parsed)
    assert len(daily) == SERIES_CAP
    assert daily[-1].starts_at == at("2024-05-31T09:00")  # the last one before the export date
    assert daily[0].starts_at == at("2022-12-29T09:00")  # 519 days earlier
    assert warnings_of(parsed) == [
        "event daily-forever: a series of 882 instances up to the export date: kept the latest 520"
    ]
    (report,) = parsed.files
    assert report.skipped == {"repeats more often than daily: not a meeting": 1}


def test_nothing_after_the_export_date_becomes_a_meeting() -> None:
    parsed = read("google_export_x_wr_timezone.ics")
    assert parsed.export_date == date(2024, 5, 1)
    assert max(m.starts_at for m in meetings(parsed)) < at("2024-05-01T08:00")
    (report,) = parsed.files
    assert report.skipped == {"no occurrence up to the export date (not happened yet)": 1}
    assert (report.rows, report.records) == (3, 7)
