"""Address books: vCard files (2.1, 3.0, 4.0) and Google or Outlook contacts CSV.

Each card or row becomes a :class:`Card`, a :class:`Skip` with a reason, or
a :class:`Problem` with its file and line. Bad addresses and numbers are
left out of a card with a warning; the card is still imported.

vCard text is cut into cards and properties by :mod:`goodword.sources.vcard`;
this module says what each card means. The dialects and layouts handled
are listed in ``docs/formats.md`` (Address books).

The CSV layouts are recognised by their header, never by the file's name:
Google's 2024 export (``First Name``, ``E-mail 1 - Value``…), Google's older
"Google CSV" (``Name``, ``Given Name``, ``Organization 1 - Name``…; a cell
may hold several values joined by `` ::: ``) and Outlook's
(``E-mail Address``, ``Company``, ``Job Title``, ``Mobile Phone``…).
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from goodword.errors import BrokenFile, ImportFailed
from goodword.identity import normalise
from goodword.records import Card, FileReport, Origin, PersonRef, Problem, Record, Skip
from goodword.sources.archive import (
    Limits,
    check_lines,
    file_day,
    file_member,
    folder_members,
    hidden,
    latest_file_day,
    sha256_file,
    walk,
    zip_members,
)
from goodword.sources.base import Parsed
from goodword.sources.csvfile import Row, Table, read_table
from goodword.sources.linkedin import SPECS as LINKEDIN_FILES
from goodword.sources.linkedin import file_key
from goodword.sources.vcard import (
    Property,
    RawCard,
    ReadStats,
    check_is_vcard,
    components,
    iter_cards,
    to_utf8_bytes,
    unescape,
)

VCARD_SUFFIXES = (".vcf", ".vcard")
# Properties that say nothing about who the card is; a card holding only these is empty.
HOUSEKEEPING = {"VERSION", "PRODID", "UID", "REV", "X-ABUID", "CATEGORIES", "X-ABLABEL"}

EMPTY_CARD = "empty card"
EMPTY_ROW = "empty row"
NOTHING_TO_NAME = "nothing to tell who it is (no name, email or LinkedIn profile)"
GROUP_CARD = "a contact group, not a person"
ORGANISATION_CARD = "an organisation's card, not a person"
HEAD_BYTES = 65536
"""How much of a file is read to tell which address book layout it holds."""

NOT_UTF8 = "not UTF-8: read as Windows-1252"


@dataclass(slots=True)
class Draft:
    """What one card or row says about a person, before anything is normalised."""

    formatted_name: str = ""
    first: str = ""
    middle: str = ""
    last: str = ""
    organization: str = ""
    title: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    profiles: list[str] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def is_empty(self) -> bool:
        """True when the card or row holds nothing at all about a person."""
        return not any(
            (
                self.formatted_name,
                self.first,
                self.middle,
                self.last,
                self.organization,
                self.title,
                *self.emails,
                *self.phones,
                *self.profiles,
            )
        )


def _label(card: RawCard, group: str) -> str:
    """An Apple ``itemN.X-ABLabel``, unwrapped from ``_$!<…>!$_``."""
    if not group:
        return ""
    for prop in card.values("X-ABLABEL"):
        if prop.group == group:
            return re.sub(r"^_\$!<(.*)>!\$_$", r"\1", unescape(prop.value).strip())
    return ""


def _profile(prop: Property, label: str) -> str:
    """A LinkedIn profile URL from a URL or X-SOCIALPROFILE line, or ``""``."""
    value = unescape(prop.value).strip()
    if normalise.linkedin_url(value):
        return value
    says_linkedin = "linkedin" in prop.types or "linkedin" in label.casefold()
    if not says_linkedin:
        return ""
    # Apple: X-SOCIALPROFILE;type=linkedin;x-user=jdoe:x-apple:jdoe
    user = prop.param("X-USER") or re.sub(r"^x-apple:", "", value, flags=re.IGNORECASE)
    if re.fullmatch(r"[\w%.-]+", user):
        return f"linkedin.com/in/{user}"
    return ""


def card_draft(card: RawCard) -> Draft | str:
    """What ``card`` says about a person, or why it is not a person's card."""
    kind = (card.first("KIND") or card.first("X-ADDRESSBOOKSERVER-KIND")).casefold()
    if kind == "group":
        return GROUP_CARD
    if kind in {"org", "location"} or card.first("X-ABSHOWAS").upper() == "COMPANY":
        return ORGANISATION_CARD
    draft = Draft(formatted_name=unescape(card.first("FN")))
    name = card.first("N")
    if name:
        family, given, additional = [*components(name), "", "", ""][:3]
        # A component may list several values: "Jean,Paul".
        draft.first, draft.middle, draft.last = (
            " ".join(components(part, ",")) for part in (given, additional, family)
        )
    org = card.first("ORG")
    draft.organization = components(org)[0] if org else ""
    draft.title = unescape(card.first("TITLE"))
    emails = sorted(card.values("EMAIL"), key=lambda p: not p.preferred)
    draft.emails = [unescape(p.value).strip() for p in emails if p.value.strip()]
    phones = sorted(card.values("TEL"), key=lambda p: not p.preferred)
    draft.phones = [_tel(unescape(p.value)) for p in phones if p.value.strip()]
    for prop in card.properties:
        if prop.name in {"URL", "X-SOCIALPROFILE"}:
            profile = _profile(prop, _label(card, prop.group))
            if profile:
                draft.profiles.append(profile)
    if card.missing_end:
        draft.warnings.append(
            (f"card opened at line {card.line} has {card.missing_end}", "missing-end")
        )
    return draft


def _tel(value: str) -> str:
    """A TEL value without a 4.0 ``tel:`` URI wrapper (``tel:+1-555-0100;ext=12``)."""
    text = value.strip()
    if text.casefold().startswith("tel:"):
        text = text[4:].split(";", 1)[0]
    return text


# ---------------------------------------------------------------- from a draft to a Card


def _person_parts(draft: Draft) -> tuple[str, str, str]:
    """The display name (FN, else the name parts joined), the given name and the family name."""
    first = normalise.clean_name_part(" ".join(p for p in (draft.first, draft.middle) if p))
    last = normalise.split_credentials(normalise.clean_name_part(draft.last))[0]
    given = normalise.clean_name_part(draft.first)
    full = normalise.split_credentials(normalise.clean_name_part(draft.formatted_name))[0]
    return full or " ".join(p for p in (first, last) if p), given, last


def finish(draft: Draft, origin: Origin, report: FileReport, what: str) -> Iterator[Record]:
    """Turn ``draft`` into a :class:`Card` (with warnings) or a :class:`Skip`, counting both.

    ``what`` names the unit in skip reasons (``card`` or ``row``).
    """
    if draft.is_empty():
        reason = EMPTY_CARD if what == "card" else EMPTY_ROW
        report.skip(reason)
        yield Skip(reason, origin)
        return
    warnings = list(draft.warnings)
    emails: list[str] = []
    for raw in draft.emails:
        address = normalise.email(raw)
        if address is None:
            warnings.append(
                (f"not an email address: {raw!r}; imported the {what} without it", "bad-email")
            )
        elif address not in emails:
            emails.append(address)
    phones: list[str] = []
    for raw in draft.phones:
        number = normalise.phone(raw)
        if number is None:
            if not normalise.is_blank(raw):
                warnings.append(
                    (f"not a phone number: {raw!r}; imported the {what} without it", "bad-phone")
                )
        elif number not in phones:
            phones.append(number)
    linkedin = next((key for p in draft.profiles if (key := normalise.linkedin_url(p))), None)
    organization = normalise.clean_text(draft.organization)
    name, first, last = _person_parts(draft)
    name = name or organization or (emails[0] if emails else "")
    if not name and not linkedin:
        report.skip(NOTHING_TO_NAME)
        yield Skip(NOTHING_TO_NAME, origin)
        return
    for message, code in warnings:
        report.warnings += 1
        yield Problem(message, origin, severity="warning", code=code)
    report.records += 1
    yield Card(
        person=PersonRef(
            name=name,
            linkedin=linkedin,
            email=emails[0] if emails else None,
            organization=organization or None,
            first_name=first,
            last_name=last,
        ),
        emails=tuple(emails),
        phones=tuple(phones),
        organization=organization,
        title=normalise.clean_text(draft.title),
        origin=origin,
        linkedin=linkedin,
    )


def vcard_records(data: bytes, name: str, report: FileReport) -> Iterator[Record]:
    """Every card of one vCard file as records; ``report`` is complete once exhausted.

    Raises :class:`BrokenFile` at once (before the first record) when
    ``data`` is not a vCard file.
    """
    data = to_utf8_bytes(data, name)
    check_is_vcard(data, name)
    return _vcard_records(data, name, report)


def _vcard_records(data: bytes, name: str, report: FileReport) -> Iterator[Record]:
    stats = ReadStats()
    unreadable = 0
    for card in iter_cards(data, stats):
        report.rows += 1
        unreadable += card.unreadable
        origin = Origin(name, card.line)
        if card.unreadable and not card.properties:
            report.problems += 1
            yield Problem(
                f"card opened at line {card.line} holds no readable vCard line; "
                "check the file in a text editor or export it again",
                origin,
            )
            continue
        if not any(p.name not in HOUSEKEEPING and p.value.strip() for p in card.properties):
            report.skip(EMPTY_CARD)
            yield Skip(EMPTY_CARD, origin)
            continue
        draft = card_draft(card)
        if isinstance(draft, str):
            report.skip(draft)
            yield Skip(draft, origin)
            continue
        yield from finish(draft, origin, report, "card")
    notes = [report.note] if report.note else []
    if stats.fallback_values:
        notes.append(f"{NOT_UTF8} ({stats.fallback_values} value(s))")
    if unreadable:
        notes.append(f"{unreadable} unreadable line(s) inside cards ignored")
    if stats.stray_lines:
        notes.append(f"{stats.stray_lines} line(s) outside any card ignored")
    report.note = "; ".join(notes)


# ---------------------------------------------------------------- contacts CSV


GOOGLE = "google contacts"
GOOGLE_LEGACY = "google contacts (legacy)"
OUTLOOK = "outlook contacts"
MULTI_VALUE = " ::: "
CSV_HEADER_STARTS = ("First Name", "Name", "Title", "Given Name")

_GOOGLE_VALUE = re.compile(r"^(e-mail|phone|website) (\d+) - value$")
_OUTLOOK_EMAIL = re.compile(r"^e-mail(?: (\d+))? address$")
# Outlook phone columns that are the person's own (not an assistant's, a fax or the switchboard).
_OUTLOOK_PHONE = re.compile(r"^(?:primary|mobile|business|home|other|car) phone(?: \d+)?$")


def csv_layout(header: Iterable[str]) -> str:
    """The address-book layout ``header`` belongs to (:data:`GOOGLE`, :data:`GOOGLE_LEGACY`,
    :data:`OUTLOOK`), or ``""`` when it is none of them.
    """
    columns = {h.strip().casefold() for h in header}
    google_values = any(_GOOGLE_VALUE.match(c) for c in columns)
    if {"name", "given name", "family name"} <= columns and (
        google_values or "group membership" in columns
    ):
        return GOOGLE_LEGACY
    if {"first name", "last name"} <= columns and (
        google_values or {"labels", "file as", "organization name"} & columns
    ):
        return GOOGLE
    if {"first name", "last name"} <= columns and (
        {"e-mail address", "mobile phone", "business phone", "job title"} & columns
    ):
        return OUTLOOK
    return ""


def _numbered(row: Row, kind: str) -> list[str]:
    """Google's ``<kind> N - Value`` cells in column order, each split on `` ::: ``."""
    found: list[tuple[int, str]] = []
    for column, cell in row.cells.items():
        match = _GOOGLE_VALUE.match(column)
        if match and match.group(1) == kind:
            found.append((int(match.group(2)), cell))
    values: list[str] = []
    for _, cell in sorted(found, key=lambda pair: pair[0]):
        values.extend(v.strip() for v in cell.split(MULTI_VALUE) if v.strip())
    return values


def _first_value(cell: str) -> str:
    return cell.split(MULTI_VALUE, 1)[0].strip()


def row_draft(row: Row, layout: str) -> Draft:
    """What one contacts-CSV row says about a person."""
    if layout == GOOGLE_LEGACY:
        return Draft(
            formatted_name=row.get("Name"),
            first=row.get("Given Name"),
            middle=row.get("Additional Name"),
            last=row.get("Family Name"),
            organization=_first_value(row.get("Organization 1 - Name")),
            title=_first_value(row.get("Organization 1 - Title")),
            emails=_numbered(row, "e-mail"),
            phones=_numbered(row, "phone"),
            profiles=_numbered(row, "website"),
        )
    if layout == GOOGLE:
        return Draft(
            first=row.get("First Name"),
            middle=row.get("Middle Name"),
            last=row.get("Last Name"),
            organization=_first_value(row.get("Organization Name")),
            title=_first_value(row.get("Organization Title")),
            emails=_numbered(row, "e-mail"),
            phones=_numbered(row, "phone"),
            profiles=_numbered(row, "website"),
        )
    emails = sorted(
        (
            (int(m.group(1) or 1), cell)
            for c, cell in row.cells.items()
            if (m := _OUTLOOK_EMAIL.match(c))
        ),
        key=lambda pair: pair[0],
    )
    return Draft(
        first=row.get("First Name"),
        middle=row.get("Middle Name"),
        last=row.get("Last Name"),
        organization=row.get("Company"),
        title=row.get("Job Title"),
        emails=[cell.strip() for _, cell in emails if cell.strip()],
        phones=[
            cell.strip()
            for c, cell in row.cells.items()
            if _OUTLOOK_PHONE.match(c) and cell.strip()
        ],
        profiles=[url for url in (row.get("Web Page"), row.get("Personal Web Page")) if url],
    )


def csv_records(table: Table, layout: str, report: FileReport) -> Iterator[Record]:
    """Every row of a contacts CSV as records; malformed rows as problems after the rest."""
    for row in table.rows:
        report.rows += 1
        origin = Origin(table.name, row.line)
        yield from finish(row_draft(row, layout), origin, report, "row")
    for line, message in table.malformed:
        report.rows += 1
        report.problems += 1
        yield Problem(message, Origin(table.name, line))


# ---------------------------------------------------------------- reading the input


def _is_vcard_name(name: str) -> bool:
    return name.casefold().endswith(VCARD_SUFFIXES)


def _names_in(path: Path) -> list[str]:
    if path.is_dir():
        return [p.relative_to(path).as_posix() for p in walk(path)[0]]
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def _starts_like_vcard(head: bytes) -> bool:
    try:
        data = to_utf8_bytes(head, "")
    except BrokenFile:
        return False
    return data.lstrip()[:11].upper().replace(b" ", b"") == b"BEGIN:VCARD"


class VCardImporter:
    """Reads vCard address books: one ``.vcf`` file, or a folder or zip of them."""

    kind = "vcard"

    def score(self, path: Path) -> float:
        """1.0 for a ``.vcf`` or ``.vcard`` file, 0.95 for any file opening with BEGIN:VCARD.

        A folder or zip holding vCard files scores 0.9, or 0 when it also
        holds any LinkedIn export file: it is then the LinkedIn importer's.
        """
        try:
            if path.is_file() and _is_vcard_name(path.name):
                return 1.0
            if path.is_dir() or zipfile.is_zipfile(path):
                names = _names_in(path)
                if any(file_key(n) in LINKEDIN_FILES for n in names):
                    return 0.0
                return 0.9 if any(_is_vcard_name(n) and not hidden(n) for n in names) else 0.0
            if path.is_file():
                with path.open("rb") as handle:
                    return 0.95 if _starts_like_vcard(handle.read(256)) else 0.0
        except (OSError, zipfile.BadZipFile):
            return 0.0
        return 0.0

    def parse(self, path: Path) -> Parsed:
        """Read every card of every vCard file in ``path``; other files are listed as not used."""
        limits = Limits.from_settings()
        reports: list[FileReport] = []
        if path.is_dir():
            members, skipped = folder_members(path)
            reports.extend(FileReport(name, "other", used=False, note=why) for name, why in skipped)
        elif path.is_file() and zipfile.is_zipfile(path):
            members = zip_members(path, "make the zip again", limits)
        else:
            members = [file_member(path)]
        fingerprint = hashlib.sha256()
        records: list[Record] = []
        single = len(members) == 1 and not path.is_dir() and not zipfile.is_zipfile(path)
        for member in members:
            if not (single or _is_vcard_name(member.name)):
                reports.append(
                    FileReport(member.name, "other", used=False, note="not used by goodword")
                )
                continue
            data = member.read()
            check_lines(data, member.name, limits.line)
            fingerprint.update(member.name.encode())
            fingerprint.update(hashlib.sha256(data).digest())
            report = FileReport(member.name, self.kind)
            records.extend(vcard_records(data, member.name, report))
            reports.append(report)
        if not any(r.used for r in reports):
            raise ImportFailed(
                f"{path}: holds no vCard (.vcf) file; export the address book as vCard"
            )
        return Parsed(
            kind=self.kind,
            path=path,
            fingerprint=fingerprint.hexdigest(),
            # A card carries no date of its own: the files' times are all there is.
            export_date=(day := latest_file_day(members)),
            files=sorted(reports, key=lambda r: (not r.used, r.name.casefold())),
            records=records,
            export_basis="file times" if day else "",
        )


class ContactsCsvImporter:
    """Reads a Google Contacts (2024 or legacy) or Outlook contacts CSV, known by its header."""

    kind = "contacts_csv"

    def score(self, path: Path) -> float:
        """0.95 for a CSV whose header is a Google or Outlook contacts header, else 0."""
        if not path.is_file() or path.suffix.casefold() != ".csv":
            return 0.0
        try:
            with path.open("rb") as handle:
                head = handle.read(HEAD_BYTES)
            table = read_table(head, path.name, CSV_HEADER_STARTS)
        except (OSError, BrokenFile):
            return 0.0
        return 0.95 if csv_layout(table.header) else 0.0

    def parse(self, path: Path) -> Parsed:
        """Read every row of the contacts CSV at ``path``."""
        limits = Limits.from_settings()
        table = read_table(
            file_member(path).open, path.name, CSV_HEADER_STARTS, max_line=limits.line
        )
        layout = csv_layout(table.header)
        if not layout:
            # Its header is not quoted: a file that is not a contacts CSV may hold anything.
            raise BrokenFile(
                f"{path.name}: not a Google or Outlook contacts CSV (its header names none "
                "of their columns); export the contacts again as Google CSV or Outlook CSV"
            )
        report = FileReport(path.name, layout, note="; ".join(table.notes))
        records = list(csv_records(table, layout, report))
        return Parsed(
            kind=self.kind,
            path=path,
            fingerprint=sha256_file(path),
            export_date=(day := file_day(path)),
            files=[report],
            records=records,
            export_basis="file times" if day else "",
        )
