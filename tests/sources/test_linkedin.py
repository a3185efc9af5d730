"""The LinkedIn importer: every shape of the export, every quirk, every row accounted for."""

from __future__ import annotations

from pathlib import Path

import pytest

from goodword import records as rec
from goodword.errors import BrokenFile, ImportFailed, UnsupportedInput
from goodword.sources import parse, pick
from goodword.sources.base import Parsed
from goodword.sources.linkedin import LinkedInImporter, export_date_from_name, file_key
from tests.linkedin_exports import EXPORT_2025, OWNER_URL, QUIRKS, copy_export, zip_folder


def records_of(parsed: Parsed, kind: type) -> list:  # type: ignore[type-arg]
    return [r for r in parsed.records if isinstance(r, kind)]


def assert_every_row_accounted_for(parsed: Parsed) -> None:
    """Each row of a used file became exactly one record, skip or rejected problem."""
    for report in parsed.files:
        if not report.used:
            continue
        assert report.rows == report.records + sum(report.skipped.values()) + report.problems, (
            report
        )
        rows = [r for r in parsed.records if r.origin.file == report.name]
        rejected = [r for r in rows if isinstance(r, rec.Problem) and r.severity == "error"]
        warned = [r for r in rows if isinstance(r, rec.Problem) and r.severity == "warning"]
        assert (len(rejected), len(warned)) == (report.problems, report.warnings), report


def test_zip_folder_and_single_csv_are_all_recognised(tmp_path: Path) -> None:
    archive = zip_folder(EXPORT_2025, tmp_path)
    importer = LinkedInImporter()
    assert importer.score(archive) == 1.0
    assert importer.score(EXPORT_2025) == 1.0
    assert importer.score(EXPORT_2025 / "Connections.csv") == pytest.approx(0.9)
    assert importer.score(QUIRKS / "not_linkedin.csv") == 0.0
    assert isinstance(pick(archive), LinkedInImporter)


def test_the_zip_and_its_folder_give_the_same_records(tmp_path: Path) -> None:
    from_zip = parse(zip_folder(EXPORT_2025, tmp_path))
    from_folder = parse(EXPORT_2025)
    assert [type(r).__name__ for r in from_zip.records] == [
        type(r).__name__ for r in from_folder.records
    ]
    assert from_zip.export_date is not None and from_zip.export_date.isoformat() == "2025-10-01"


def test_full_export_accounts_for_every_row_and_lists_unused_files() -> None:
    parsed = parse(EXPORT_2025)
    assert_every_row_accounted_for(parsed)
    reports = {r.name: r for r in parsed.files}
    assert reports["Connections.csv"].rows == 10
    assert reports["Connections.csv"].skipped == {
        "ghost row: hidden or deleted member (only a date)": 1
    }
    assert reports["messages.csv"].skipped == {
        "draft: never sent": 1,
        "sender unknown (LinkedIn Member or empty)": 1,
        "sponsored InMail": 1,
        "spam folder": 1,
    }
    unused = {r.name: r.note for r in parsed.files if not r.used}
    assert set(unused) == {"Ad_Targeting.csv", "coach_messages.csv", "Jobs/Saved Jobs.csv"}
    assert "AI-coach" in unused["coach_messages.csv"]


def test_owner_profile_url_is_derived_from_the_conversations() -> None:
    parsed = parse(EXPORT_2025)
    owner_messages = [m for m in records_of(parsed, rec.Message) if m.sender.is_owner]
    assert owner_messages
    assert {m.sender.linkedin for m in owner_messages} == {OWNER_URL}
    received = [m for m in records_of(parsed, rec.Message) if any(r.is_owner for r in m.recipients)]
    assert received, "messages to the owner must name the owner as recipient"


def test_profile_url_spellings_meet_in_one_key() -> None:
    parsed = parse(EXPORT_2025)
    zoe_connection = next(
        c for c in records_of(parsed, rec.Connection) if c.person.name == "Zoë Bašić"
    )
    zoe_endorsement = next(
        e for e in records_of(parsed, rec.Endorsement) if e.person.first_name == "Zoë"
    )
    zoe_message = next(m for m in records_of(parsed, rec.Message) if m.sender.name == "Zoë Bašić")
    assert (
        zoe_connection.person.linkedin
        == zoe_endorsement.person.linkedin
        == zoe_message.sender.linkedin
        == "linkedin.com/in/zoë-bašić-ph-d-12345678"
    )


def test_messy_names_are_cleaned_for_display() -> None:
    names = {c.person.name for c in records_of(parse(EXPORT_2025), rec.Connection)}
    assert {"Zoë Bašić", "Usman Khan", "Maria Edde", "Zabih Rahimi", "Walid Timimi"} <= names


def test_group_chat_recipients_come_from_the_url_column() -> None:
    parsed = parse(EXPORT_2025)
    kickoff = next(m for m in records_of(parsed, rec.Message) if m.thread_key == "li:2-Q29udkQ=")
    assert {r.linkedin for r in kickoff.recipients} == {
        "linkedin.com/in/walid-timimi",
        "linkedin.com/in/lukas-johansson-9",
    }
    assert all(r.name == "" or "," not in r.name for r in kickoff.recipients)


def test_quoted_newline_in_message_content_is_one_row() -> None:
    parsed = parse(EXPORT_2025)
    rows = [
        m.origin.row for m in records_of(parsed, rec.Message) if m.origin.file == "messages.csv"
    ]
    assert len(rows) == len(set(rows))
    # The reply with an embedded newline starts on line 3; the next message starts on line 5.
    assert 3 in rows and 5 in rows and 4 not in rows


def test_recommendation_names_the_right_one_of_two_namesakes_only_by_company() -> None:
    parsed = parse(EXPORT_2025)
    chris = next(
        r for r in records_of(parsed, rec.Recommendation) if r.person.first_name == "Chris"
    )
    assert chris.person.linkedin is None
    assert chris.person.organization == "Initech"


def test_2018_messages_use_direction_and_the_profile_name(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Messages.csv").write_bytes((QUIRKS / "Messages_2018.csv").read_bytes())
    (folder / "Profile.csv").write_bytes((QUIRKS / "Profile_2018.csv").read_bytes())
    parsed = parse(folder)
    assert_every_row_accounted_for(parsed)
    messages = records_of(parsed, rec.Message)
    assert len(messages) == 2
    outgoing, incoming = messages
    assert outgoing.sender.is_owner and outgoing.recipients[0].name == "Anna Berg"
    assert incoming.sender.name == "Anna Berg" and incoming.recipients[0].is_owner
    assert outgoing.thread_key == incoming.thread_key
    report = next(r for r in parsed.files if r.name == "Messages.csv")
    assert report.skipped == {"sender unknown (LinkedIn Member or empty)": 1, "spam folder": 1}


def test_2023_invitations_carry_urns_not_urls(tmp_path: Path) -> None:
    parsed = parse(QUIRKS / "invitations_2023_urn.csv")
    invitations = records_of(parsed, rec.Message)
    assert len(invitations) == 2
    outgoing = invitations[0]
    assert outgoing.sender.is_owner
    assert outgoing.recipients[0].urn == "urn:li:member:610150649"
    assert outgoing.recipients[0].linkedin is None


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("connections_2018_no_url.csv", {"Anna Berg", "Bo Ek"}),
        ("connections_excel_resaved.csv", {"Anna Berg", "Bo Ek"}),
        ("connections_utf16_tab.csv", {"Anna Berg"}),
        ("connections_utf8_bom.csv", {"Anna Berg"}),
        ("connections_mojibake.csv", {"José García"}),
    ],
)
def test_connections_in_every_shape(fixture: str, expected: set[str]) -> None:
    parsed = parse(QUIRKS / fixture)
    connections = records_of(parsed, rec.Connection)
    assert {c.person.name for c in connections} == expected
    assert all(c.connected_on is not None for c in connections)
    assert_every_row_accounted_for(parsed)


def test_excel_na_cells_mean_empty() -> None:
    parsed = parse(QUIRKS / "connections_excel_resaved.csv")
    bo = next(c for c in records_of(parsed, rec.Connection) if c.person.name == "Bo Ek")
    assert bo.person.email is None
    assert bo.organization == "" and bo.title == ""


def test_bad_rows_are_reported_with_their_line_and_the_rest_imported() -> None:
    parsed = parse(QUIRKS / "connections_bad_rows.csv")
    problems = records_of(parsed, rec.Problem)
    assert {(p.origin.row, p.code) for p in problems} == {(3, "malformed"), (4, "bad-date")}
    assert "expected 7 fields, found 9" in next(p.message for p in problems if p.origin.row == 3)
    names = {c.person.name for c in records_of(parsed, rec.Connection)}
    assert names == {"Anna Berg", "Cy Falk"}  # Cy's row is kept, without the bad date
    assert_every_row_accounted_for(parsed)


def test_absurd_and_unreadable_message_dates_are_problems() -> None:
    parsed = parse(QUIRKS / "messages_2023.csv")
    problems = {p.origin.row: p for p in records_of(parsed, rec.Problem)}
    assert problems[4].code == "implausible-date"
    assert problems[5].code == "bad-date"
    report = parsed.files[0]
    assert report.skipped == {"sender unknown (LinkedIn Member or empty)": 1}
    assert len(records_of(parsed, rec.Message)) == 2
    assert_every_row_accounted_for(parsed)


def test_missing_files_are_fine(tmp_path: Path) -> None:
    folder = copy_export(
        tmp_path / "export",
        {"messages.csv": None, "Recommendations_Received.csv": None, "Invitations.csv": None},
    )
    parsed = parse(folder)
    assert records_of(parsed, rec.Connection)
    assert not records_of(parsed, rec.Message)


def test_a_used_file_without_its_columns_is_a_clear_error(tmp_path: Path) -> None:
    folder = copy_export(
        tmp_path / "export", {"Connections.csv": QUIRKS / "connections_missing_columns.csv"}
    )
    with pytest.raises(
        BrokenFile, match=r"Connections.csv: missing column\(s\) Last Name, Connected On"
    ):
        parse(folder)


def test_a_corrupt_zip_is_a_clear_error(tmp_path: Path) -> None:
    archive = tmp_path / "Basic_LinkedInDataExport_01-01-2025.zip"
    good = zip_folder(EXPORT_2025, tmp_path / "good").read_bytes()
    archive.write_bytes(good[: len(good) // 2])
    with pytest.raises(ImportFailed):
        parse(archive)


def test_a_damaged_member_is_a_clear_error(tmp_path: Path) -> None:
    good = zip_folder(EXPORT_2025, tmp_path / "good")
    data = bytearray(good.read_bytes())
    start = data.find(b"Connections.csv") + len(b"Connections.csv")
    data[start + 40 : start + 80] = bytes(40)  # corrupt the compressed stream
    damaged = tmp_path / "Basic_LinkedInDataExport_01-01-2025.zip"
    damaged.write_bytes(bytes(data))
    with pytest.raises(BrokenFile, match="download the export again"):
        parse(damaged)


def test_unknown_inputs_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedInput):
        parse(QUIRKS / "not_linkedin.csv")
    with pytest.raises(ImportFailed, match="no such file"):
        parse(tmp_path / "missing.zip")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(UnsupportedInput):
        parse(empty)


def test_member_names_match_across_export_years() -> None:
    assert file_key("Messages.csv") == file_key("messages.csv")
    assert file_key("Email Addresses.csv") == file_key("Email_Addresses.csv")
    assert file_key("Jobs/Saved Jobs.csv") == "savedjobs.csv"
    assert (
        export_date_from_name("Basic_LinkedInDataExport_07-11-2023.zip").isoformat() == "2023-07-11"
    )  # type: ignore[union-attr]
    assert export_date_from_name("export.zip") is None
