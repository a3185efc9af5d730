"""Every importer reports its export's date and how it found it: name, newest row, file times."""

from __future__ import annotations

import os
import shutil
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

from goodword.sources.contacts import ContactsCsvImporter, VCardImporter
from goodword.sources.linkedin import LinkedInImporter
from goodword.sources.mail.mbox import MboxImporter
from tests.linkedin_exports import EXPORT_2025, zip_folder

CONTACTS = Path(__file__).parent.parent / "fixtures" / "contacts"


def touch(path: Path, day: date) -> Path:
    """Set ``path``'s modification time to noon UTC on ``day``."""
    moment = datetime(day.year, day.month, day.day, 12, tzinfo=UTC).timestamp()
    os.utime(path, (moment, moment))
    return path


def test_a_linkedin_zip_is_dated_by_its_name_first(tmp_path: Path) -> None:
    archive = zip_folder(EXPORT_2025, tmp_path, "Basic_LinkedInDataExport_07-11-2023.zip")
    parsed = LinkedInImporter().parse(archive)
    assert (parsed.export_date, parsed.export_basis) == (date(2023, 7, 11), "file name")


def test_without_a_dated_name_the_newest_row_dates_the_export(tmp_path: Path) -> None:
    folder = shutil.copytree(EXPORT_2025, tmp_path / "export")
    parsed = LinkedInImporter().parse(folder)
    assert parsed.export_basis == "latest row"
    assert parsed.export_date == date(2025, 6, 1)  # its newest message


def test_without_dated_rows_the_files_own_times_date_the_export(tmp_path: Path) -> None:
    folder = tmp_path / "profile-only"
    folder.mkdir()
    for name in ("Profile.csv", "Positions.csv", "Skills.csv"):
        touch(shutil.copyfile(EXPORT_2025 / name, folder / name), date(2024, 2, 3))
    touch(folder / "Skills.csv", date(2024, 2, 5))
    parsed = LinkedInImporter().parse(folder)
    assert (parsed.export_date, parsed.export_basis) == (date(2024, 2, 5), "file times")

    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.write(folder / "Profile.csv", "Profile.csv")
    parsed = LinkedInImporter().parse(archive)
    assert (parsed.export_date, parsed.export_basis) == (date(2024, 2, 3), "file times")


def test_address_books_are_dated_by_their_files(tmp_path: Path) -> None:
    card = touch(
        shutil.copyfile(CONTACTS / "vcard30_google.vcf", tmp_path / "c.vcf"), date(2025, 5, 6)
    )
    parsed = VCardImporter().parse(card)
    assert (parsed.export_date, parsed.export_basis) == (date(2025, 5, 6), "file times")
    sheet = tmp_path / "google.csv"
    touch(shutil.copyfile(CONTACTS / "google_contacts_2024.csv", sheet), date(2024, 12, 1))
    parsed = ContactsCsvImporter().parse(sheet)
    assert (parsed.export_date, parsed.export_basis) == (date(2024, 12, 1), "file times")


def test_a_mailbox_is_dated_by_its_newest_message_else_by_its_file(tmp_path: Path) -> None:
    mbox = tmp_path / "mail.mbox"
    mbox.write_bytes(
        b"From a@example.com Mon Mar  4 10:00:00 2024\n"
        b"From: Ann <a@example.com>\nTo: Sam <sam@example.com>\n"
        b"Date: Mon, 4 Mar 2024 10:00:00 +0000\nMessage-ID: <1@example.com>\n"
        b"Subject: hi\n\nhello\n"
    )
    parsed = MboxImporter().parse(mbox)
    list(parsed.records)
    assert (parsed.export_date, parsed.export_basis) == (date(2024, 3, 4), "latest message")

    empty = tmp_path / "empty.mbox"
    empty.write_bytes(b"")
    touch(empty, date(2023, 1, 2))
    parsed = MboxImporter().parse(empty)
    list(parsed.records)
    assert (parsed.export_date, parsed.export_basis) == (date(2023, 1, 2), "file times")
