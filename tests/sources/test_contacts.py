"""Address books: each vCard dialect and contacts CSV layout of ``docs/formats.md`` (Address books).

Each fixture in ``tests/fixtures/contacts`` is named by the quirk it holds
(synthetic people only). Every test checks exact values, and every file
accounts for each of its cards or rows: a Card, a Skip with its reason, or
a Problem with its line.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from goodword import records as rec
from goodword.errors import BrokenFile, ImportFailed
from goodword.sources import parse, pick
from goodword.sources.base import Parsed
from goodword.sources.contacts import (
    EMPTY_CARD,
    EMPTY_ROW,
    GOOGLE,
    GOOGLE_LEGACY,
    GROUP_CARD,
    NOTHING_TO_NAME,
    ORGANISATION_CARD,
    OUTLOOK,
    ContactsCsvImporter,
    VCardImporter,
    csv_layout,
)
from goodword.sources.linkedin import LinkedInImporter
from tests.linkedin_exports import EXPORT_2025, QUIRKS, zip_folder

FIXTURES = Path(__file__).parent.parent / "fixtures" / "contacts"


def cards_of(parsed: Parsed) -> list[rec.Card]:
    return [r for r in parsed.records if isinstance(r, rec.Card)]


def problems_of(parsed: Parsed) -> list[tuple[int | None, str, str]]:
    return [
        (r.origin.row, r.severity, r.code) for r in parsed.records if isinstance(r, rec.Problem)
    ]


def skips_of(parsed: Parsed) -> list[tuple[int | None, str]]:
    return [(r.origin.row, r.reason) for r in parsed.records if isinstance(r, rec.Skip)]


def card(parsed: Parsed, name: str) -> rec.Card:
    (found,) = [c for c in cards_of(parsed) if c.person.name == name]
    return found


def assert_every_card_accounted_for(parsed: Parsed) -> None:
    """Each card or row of a used file became exactly one Card, Skip or rejected Problem."""
    for report in parsed.files:
        if not report.used:
            continue
        assert report.rows == report.records + sum(report.skipped.values()) + report.problems, (
            report
        )
        mine = [r for r in parsed.records if r.origin.file == report.name]
        assert len([r for r in mine if isinstance(r, rec.Card)]) == report.records
        assert len([r for r in mine if isinstance(r, rec.Skip)]) == sum(report.skipped.values())
        rejected = [r for r in mine if isinstance(r, rec.Problem) and r.severity == "error"]
        warned = [r for r in mine if isinstance(r, rec.Problem) and r.severity == "warning"]
        assert (len(rejected), len(warned)) == (report.problems, report.warnings), report
        # One unit, one outcome: no two Cards, Skips or rejections share a line.
        lines = [
            r.origin.row for r in mine if not isinstance(r, rec.Problem) or r.severity == "error"
        ]
        assert len(lines) == len(set(lines)), report


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.iterdir()))
def test_every_fixture_accounts_for_every_card_or_row(fixture: str) -> None:
    parsed = parse(FIXTURES / fixture)
    assert_every_card_accounted_for(parsed)
    assert parsed.kind == ("vcard" if fixture.endswith(".vcf") else "contacts_csv")
    assert parsed.fingerprint
    for found in cards_of(parsed):
        assert found.person.email == (found.emails[0] if found.emails else None)
        assert found.person.linkedin == found.linkedin
        assert found.person.organization == (found.organization or None)


# ---------------------------------------------------------------- vCard dialects


def test_vcard21_quoted_printable_latin1_charsets_and_soft_line_breaks() -> None:
    parsed = parse(FIXTURES / "vcard21_quoted_printable_latin1.vcf")
    jurgen = card(parsed, "Jürgen Müller")  # FN split by a QP soft break inside "Müller"
    assert (jurgen.person.first_name, jurgen.person.last_name) == ("Jürgen", "Müller")
    # EMAIL;PREF comes first; the "EMAIL:" line inside the QP note is note text, not an address.
    assert jurgen.emails == ("juergen.mueller@example.de", "jm@example.org")
    assert jurgen.person.email == "juergen.mueller@example.de"
    assert jurgen.phones == ("+4915123456789", "0301234567")  # TEL;CELL: and TEL;WORK;VOICE:
    assert (
        jurgen.organization == "Société Exemple"
    )  # raw Latin-1 bytes, no CHARSET; department dropped
    assert jurgen.title == "Ingénieur commercial"  # CHARSET=UTF-8 quoted-printable
    assert jurgen.origin == rec.Origin("vcard21_quoted_printable_latin1.vcf", 1)
    angel = card(parsed, "Ángel García")
    assert angel.emails == ("angel.garcia@example.es",)
    assert angel.phones == ()
    assert problems_of(parsed) == [(16, "warning", "bad-email"), (16, "warning", "bad-phone")]
    (report,) = parsed.files
    assert (report.rows, report.records, report.warnings) == (2, 2, 2)
    assert report.note == "not UTF-8: read as Windows-1252 (1 value(s))"


def test_vcard30_apple_grouped_items_labels_social_profiles_and_non_person_cards() -> None:
    parsed = parse(FIXTURES / "vcard30_apple_grouped_items.vcf")  # CR CR LF line ends
    priya = card(parsed, "Dr. Priya Natarajan")
    assert priya.person == rec.PersonRef(
        name="Dr. Priya Natarajan",
        linkedin="linkedin.com/in/priya-natarajan-5b6c7d",
        email="priya.natarajan@globex.example",
        organization="Globex, Inc.",
        first_name="Priya",
        last_name="Natarajan",
    )
    # type=pref moves the work address ahead of the item1 address written first.
    assert priya.emails == ("priya.natarajan@globex.example", "priya@home.example")
    assert priya.phones == ("5550102233",)
    assert priya.title == "Principal Scientist"
    # item1.URL with item1.X-ABLabel:LinkedIn holding a bare slug.
    assert card(parsed, "Wei Chen").linkedin == "linkedin.com/in/chen-wei-42"
    # X-SOCIALPROFILE;type=linkedin;x-user=…; the home page URL is not a profile.
    assert card(parsed, "Zofia Kowalska").linkedin == "linkedin.com/in/zofia-kowalska"
    assert skips_of(parsed) == [(36, ORGANISATION_CARD), (44, GROUP_CARD)]
    assert [c.origin.row for c in cards_of(parsed)] == [1, 20, 28]


def test_vcard30_google_escapes_repeated_types_and_custom_labels() -> None:
    parsed = parse(FIXTURES / "vcard30_google.vcf")
    seun = card(parsed, "Oluwaseun Adeyemi")  # "FN:Oluwaseun Adeyemi\, MBA": credential dropped
    assert seun.emails == ("seun.adeyemi@example.ng", "seun@initech.example")
    assert seun.phones == ("+2348035550147",)
    assert (seun.organization, seun.title) == ("Initech", "Engineering Manager")
    assert seun.linkedin == "linkedin.com/in/seun-adeyemi"  # URL;TYPE=WORK:http\://…
    # An email-only card is named by its address.
    nameless = card(parsed, "noreply-someone@example.com")
    assert (nameless.person.first_name, nameless.person.last_name) == ("", "")
    assert parsed.files[0].note == ""


def test_vcard40_tel_uris_pref_and_kinds() -> None:
    parsed = parse(FIXTURES / "vcard40_rfc6350.vcf")
    (mei,) = cards_of(parsed)
    assert mei.person.name == "Mei-Ling Ong"
    assert mei.emails == ("mei-ling.ong@hooli.example", "meiling@example.sg")  # PREF=1 first
    assert mei.phones == ("+6585550123", "+6565550199")  # tel: URIs, ;ext= dropped
    assert (mei.organization, mei.title) == ("Hooli", "Staff Engineer")
    assert mei.linkedin == "linkedin.com/in/mei-ling-ong"  # sg. sub-domain, %2D escapes
    assert skips_of(parsed) == [(15, GROUP_CARD), (21, ORGANISATION_CARD)]


def test_outlook_vcard_bare_params_qp_note_and_indented_photo() -> None:
    parsed = parse(FIXTURES / "outlook_vcard.vcf")
    (chidi,) = cards_of(parsed)
    assert chidi.person == rec.PersonRef(
        name="Chidi Okafor",
        linkedin="linkedin.com/in/chidi-okafor",
        email="chidi.okafor@initech.example",
        organization="Initech",
        first_name="Chidi",
        last_name="Okafor",
    )
    # The "TEL;CELL:" inside the QP note and the base64 lines are not numbers.
    assert chidi.phones == ("5550104477", "+15550109988")
    assert chidi.title == "Controller"
    assert problems_of(parsed) == []


def test_android_folded_lines_and_photos_indented_or_not() -> None:
    parsed = parse(FIXTURES / "android_folded_lines_photo.vcf")  # LF only
    lars = card(parsed, "Lars Eriksson")
    assert lars.emails == ("lars.eriksson@example.se",)  # folded mid-address with a space
    assert lars.phones == ("+4670555012345",)  # folded with a tab
    assert lars.organization == "Northwind Traders"  # after the photo's blank line
    nour = card(parsed, "Nour Haddad")  # 2.1 base64 on unindented lines up to a blank line
    assert (nour.emails, nour.title) == (("nour.haddad@contoso.example",), "Product Lead")
    assert parsed.files[0].note == ""


def test_missing_end_vcard_is_a_warning_and_the_next_begin_starts_a_card() -> None:
    parsed = parse(FIXTURES / "missing_end_vcard.vcf")
    assert [(c.origin.row, c.person.name) for c in cards_of(parsed)] == [
        (2, "Tomás Ruiz"),
        (6, "Ines Duarte"),
        (23, "Kwame Mensah"),
    ]
    problems = [r for r in parsed.records if isinstance(r, rec.Problem)]
    assert [(p.origin.row, p.severity, p.code, p.message) for p in problems] == [
        (
            2,
            "warning",
            "missing-end",
            "card opened at line 2 has no END:VCARD before the next BEGIN:VCARD at line 6",
        ),
        (
            23,
            "warning",
            "missing-end",
            "card opened at line 23 has no END:VCARD before the end of the file",
        ),
    ]
    assert skips_of(parsed) == [(11, EMPTY_CARD), (14, NOTHING_TO_NAME), (19, EMPTY_CARD)]
    (report,) = parsed.files
    assert (report.rows, report.records, report.warnings, report.problems) == (6, 3, 2, 0)
    assert report.note == (
        "1 unreadable line(s) inside cards ignored; 1 line(s) outside any card ignored"
    )


def test_a_card_of_unreadable_lines_only_is_a_rejected_problem(tmp_path: Path) -> None:
    path = tmp_path / "garbled.vcf"
    path.write_bytes(b"BEGIN:VCARD\r\n%%%% garbled\r\n@@@@\r\nEND:VCARD\r\n")
    parsed = parse(path)
    assert problems_of(parsed) == [(1, "error", "malformed")]
    assert parsed.files[0].problems == 1
    assert_every_card_accounted_for(parsed)


VCARD_MINIMAL = "BEGIN:VCARD\nVERSION:3.0\nFN:Zoë Brandt\nEMAIL:zoe@example.de\nEND:VCARD\n"


@pytest.mark.parametrize(
    "data",
    [
        VCARD_MINIMAL.encode("utf-8"),
        b"\xef\xbb\xbf" + VCARD_MINIMAL.replace("\n", "\r\n").encode("utf-8"),
        VCARD_MINIMAL.encode("utf-16"),  # BOM + UTF-16LE, as some Windows tools write it
        VCARD_MINIMAL.encode("utf-16-le"),  # no BOM
        VCARD_MINIMAL.replace("\n", "\r").encode("cp1252"),  # old Mac CR, Latin-1
    ],
    ids=["utf8-lf", "utf8-bom-crlf", "utf16-bom", "utf16le-no-bom", "cp1252-cr"],
)
def test_encodings_and_line_ends_give_the_same_card(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "contact.vcf"
    path.write_bytes(data)
    (zoe,) = cards_of(parse(path))
    assert (zoe.person.name, zoe.emails) == ("Zoë Brandt", ("zoe@example.de",))


def test_a_megabyte_photo_is_dropped_without_being_joined(tmp_path: Path) -> None:
    blob = "\r\n ".join(["QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODkrLw=="] * 40_000)
    text = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ravi Menon\r\n"
        f"PHOTO;ENCODING=b;TYPE=JPEG:{blob}\r\n"
        "EMAIL:ravi@example.in\r\nEND:VCARD\r\n"
    )
    path = tmp_path / "big_photo.vcf"
    path.write_text(text, encoding="ascii", newline="")
    assert path.stat().st_size > 2_000_000
    (ravi,) = cards_of(parse(path))
    assert ravi.emails == ("ravi@example.in",)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (bytes(range(256)) * 8, "binary data, not a vCard file"),
        (b"Name,Email\nAda,ada@example.org\n", "not a vCard file (no BEGIN:VCARD line)"),
        (b"", "not a vCard file (no BEGIN:VCARD line)"),
    ],
    ids=["binary", "csv-named-vcf", "empty"],
)
def test_a_vcf_that_is_not_a_vcard_is_a_broken_file(
    tmp_path: Path, data: bytes, message: str
) -> None:
    path = tmp_path / "contacts.vcf"
    path.write_bytes(data)
    assert isinstance(pick(path), VCardImporter)
    with pytest.raises(BrokenFile) as raised:
        parse(path)
    assert raised.value.message.startswith(f"contacts.vcf: {message}")
    assert raised.value.message.endswith("export the address book again as vCard (.vcf)")
    assert "\n" not in raised.value.message


# ---------------------------------------------------------------- folders, zips and scores


def _one_card_files(folder: Path) -> Path:
    folder.mkdir()
    cards = {
        "Ada Ng.vcf": "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Ng\nEMAIL:ada@example.org\nEND:VCARD\n",
        "sub/Bo Li.VCF": "BEGIN:VCARD\nVERSION:3.0\nFN:Bo Li\nEMAIL:bo@example.org\nEND:VCARD\n",
    }
    for name, text in cards.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "README.txt").write_text("exported from my phone\n", encoding="utf-8")
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    return folder


def test_a_folder_or_zip_of_one_card_files_is_one_import(tmp_path: Path) -> None:
    folder = _one_card_files(tmp_path / "cards")
    archive = zip_folder(folder, tmp_path / "zipped", "contacts.zip")
    for path in (folder, archive):
        assert VCardImporter().score(path) == pytest.approx(0.9)
        assert isinstance(pick(path), VCardImporter)
        parsed = parse(path)
        assert_every_card_accounted_for(parsed)
        assert [(c.person.name, c.origin.file) for c in cards_of(parsed)] == [
            ("Ada Ng", "Ada Ng.vcf"),
            ("Bo Li", "sub/Bo Li.VCF"),
        ]
        assert [(r.name, r.used) for r in parsed.files] == [
            ("Ada Ng.vcf", True),
            ("sub/Bo Li.VCF", True),
            ("README.txt", False),
        ]


def test_a_folder_with_no_vcard_file_fails_with_the_fix(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("nothing here\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="holds no vCard"):
        VCardImporter().parse(tmp_path)


def test_a_file_opening_with_begin_vcard_is_a_vcard_whatever_its_name(tmp_path: Path) -> None:
    path = tmp_path / "contacts.txt"
    path.write_bytes(b"\xef\xbb\xbf\r\nbegin:vcard\r\nFN:Ada Ng\r\nEND:VCARD\r\n")
    assert VCardImporter().score(path) == pytest.approx(0.95)
    assert [c.person.name for c in cards_of(parse(path))] == ["Ada Ng"]


def test_linkedin_exports_are_never_taken_for_address_books(tmp_path: Path) -> None:
    archive = zip_folder(EXPORT_2025, tmp_path)
    for path in (EXPORT_2025, archive, EXPORT_2025 / "Connections.csv"):
        assert isinstance(pick(path), LinkedInImporter), path
        assert VCardImporter().score(path) == 0.0
        assert ContactsCsvImporter().score(path) == 0.0
    for quirk in sorted(QUIRKS.glob("*.csv")):
        assert ContactsCsvImporter().score(quirk) == 0.0, quirk
    # Even with a vCard dropped into it, the export stays LinkedIn's.
    mixed = tmp_path / "mixed"
    zip_folder(EXPORT_2025, tmp_path / "z")
    (mixed / "x").mkdir(parents=True)
    (mixed / "Connections.csv").write_bytes((EXPORT_2025 / "Connections.csv").read_bytes())
    (mixed / "x" / "card.vcf").write_text(VCARD_MINIMAL, encoding="utf-8")
    assert VCardImporter().score(mixed) == 0.0
    assert isinstance(pick(mixed), LinkedInImporter)


def test_scores_for_address_book_files() -> None:
    assert VCardImporter().score(FIXTURES / "outlook_vcard.vcf") == 1.0
    assert VCardImporter().score(FIXTURES / "google_contacts_2024.csv") == 0.0
    for name in (
        "google_contacts_2024.csv",
        "google_csv_legacy_multivalue.csv",
        "outlook_contacts.csv",
    ):
        assert ContactsCsvImporter().score(FIXTURES / name) == pytest.approx(0.95)
        assert isinstance(pick(FIXTURES / name), ContactsCsvImporter)
        # LinkedIn may see a Skills.csv in the legacy header ("Name"), but less surely.
        assert LinkedInImporter().score(FIXTURES / name) < 0.95


# ---------------------------------------------------------------- contacts CSV


def test_google_contacts_2024_rows() -> None:
    parsed = parse(FIXTURES / "google_contacts_2024.csv")
    assert parsed.files[0].kind == GOOGLE
    amara = card(parsed, "Amara Okonkwo")
    assert amara.person == rec.PersonRef(
        name="Amara Okonkwo",
        linkedin="linkedin.com/in/amara-okonkwo",
        email="amara.okonkwo@umbrella.example",
        organization="Umbrella Labs",
        first_name="Amara",
        last_name="Okonkwo",
    )
    assert amara.emails == ("amara.okonkwo@umbrella.example", "amara@example.net")
    assert (amara.phones, amara.title) == (("+447700900123",), "Data Scientist")
    # " ::: " joins two spellings of one address; "Li, PhD" loses the credential.
    lan = card(parsed, "Lan Yu Li")
    assert (lan.person.first_name, lan.person.last_name) == ("Lan", "Li")
    assert lan.emails == ("li.na@example.cn",)
    assert lan.origin.row == 3  # its Notes cell runs over two lines
    assert card(parsed, "Hooli").organization == "Hooli"  # named by its organisation
    assert card(parsed, "Kwame Mensah").emails == ()
    assert skips_of(parsed) == [(6, EMPTY_ROW), (7, NOTHING_TO_NAME)]
    assert problems_of(parsed) == [
        (3, "warning", "bad-phone"),
        (9, "warning", "bad-email"),
        (8, "error", "malformed"),
    ]
    (report,) = parsed.files
    assert (report.rows, report.records, report.problems, report.warnings) == (7, 4, 1, 2)


def test_google_csv_legacy_multivalue_cells() -> None:
    parsed = parse(FIXTURES / "google_csv_legacy_multivalue.csv")
    assert parsed.files[0].kind == GOOGLE_LEGACY
    bjorn = card(parsed, "Björn Lindqvist")
    assert bjorn.emails == ("bjorn.lindqvist@initrode.example", "bjorn@example.se")
    assert bjorn.phones == ("+46705550101", "085550102")
    # The first organisation of a multi-value cell is the current one.
    assert (bjorn.organization, bjorn.title) == ("Initrode", "CTO")
    assert bjorn.linkedin == "linkedin.com/in/bjornlindqvist"  # second website value
    fatima = card(parsed, "Fatima Zahra")  # Name empty: assembled from Given and Family Name
    assert (fatima.person.first_name, fatima.person.last_name) == ("Fatima", "Zahra")
    assert skips_of(parsed) == [(4, EMPTY_ROW)]


def test_a_utf16_google_csv_reads_the_same(tmp_path: Path) -> None:
    text = (FIXTURES / "google_csv_legacy_multivalue.csv").read_bytes().decode("utf-8")
    path = tmp_path / "google.csv"
    path.write_bytes(text.encode("utf-16"))  # FF FE BOM: the "ÿþName" export
    assert isinstance(pick(path), ContactsCsvImporter)
    expected = parse(FIXTURES / "google_csv_legacy_multivalue.csv")
    assert [c.person for c in cards_of(parse(path))] == [c.person for c in cards_of(expected)]


def test_outlook_contacts_csv_columns() -> None:
    parsed = parse(FIXTURES / "outlook_contacts.csv")  # Windows-1252, CRLF
    assert parsed.files[0].kind == OUTLOOK
    assert parsed.files[0].note == "not UTF-8: read as Windows-1252"
    jose = card(parsed, "José Núñez")
    assert jose.title == "Head of Sales"  # "Job Title", not the honorific "Title"
    assert jose.organization == "Contoso"
    assert jose.emails == ("jose.nunez@contoso.example", "jose@example.es")
    # Business and Mobile; not the fax, the assistant's line or the switchboard.
    assert jose.phones == ("+34915550123", "+34600555012")
    assert jose.linkedin == "linkedin.com/in/jose-nunez-contoso"
    grace = card(parsed, "Grace Ho")  # an Exchange DN is not an address
    assert grace.emails == ("grace.ho@fabrikam.example",)
    assert problems_of(parsed) == [(3, "warning", "bad-email")]


@pytest.mark.parametrize(
    ("header", "layout"),
    [
        ("First Name,Last Name,E-mail 1 - Value", GOOGLE),
        ("First Name,Last Name,Labels", GOOGLE),
        ("Name,Given Name,Family Name,Group Membership", GOOGLE_LEGACY),
        ("Title,First Name,Last Name,Job Title,Company", OUTLOOK),
        ("First Name,Last Name,URL,Email Address,Company,Position,Connected On", ""),
        ("First Name,Last Name", ""),
    ],
)
def test_csv_layout_by_header(header: str, layout: str) -> None:
    assert csv_layout(header.split(",")) == layout


def test_a_csv_that_is_no_contacts_csv_is_refused_without_quoting_it(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Who,Where\nAda,Paris\n", encoding="utf-8")
    assert ContactsCsvImporter().score(path) == 0.0
    with pytest.raises(BrokenFile, match=r"people.csv: not a Google or Outlook contacts CSV") as e:
        ContactsCsvImporter().parse(path)
    assert "Who" not in str(e.value)


def test_a_zip_with_a_damaged_vcard_member_names_it(tmp_path: Path) -> None:
    archive = tmp_path / "cards.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("good.vcf", VCARD_MINIMAL)
        out.writestr("bad.vcf", bytes(range(256)))
    with pytest.raises(BrokenFile, match=r"bad.vcf: binary data, not a vCard file"):
        parse(archive)
