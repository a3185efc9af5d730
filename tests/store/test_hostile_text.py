"""The same text on both databases: NULs and invalid characters are cleaned before they are stored.

SQLite stores any string; PostgreSQL refuses a NUL and cannot encode a lone
surrogate. Every importer's text goes through one cleaner in the loader
(:mod:`goodword.store.clean`), so a hostile name, subject, Message-ID or CSV
cell imports alike on both, with a warning in the summary. The property
test feeds arbitrary text and bytes through every importer.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from goodword.errors import GoodwordError
from goodword.service import Service
from goodword.store import models as m
from goodword.store.clean import clean_text, clean_value
from tests.linkedin_exports import EXPORT_2025

# -- the cleaner


def test_clean_text_removes_nuls_and_replaces_lone_surrogates() -> None:
    assert clean_text("Ada\x00 Love\x00lace") == "Ada Lovelace"
    assert clean_text("bad \udcff byte") == "bad \ufffd byte"
    assert clean_text("\ud800\udc00") == "\ufffd\ufffd"  # a pair written apart is two lone halves
    assert clean_text("Zoë Bašić 👩‍💻") == "Zoë Bašić 👩‍💻"


def test_clean_value_walks_records_and_returns_clean_ones_untouched() -> None:
    from goodword import records as rec

    ref = rec.PersonRef(name="Ada", email="ada@example.org")
    clean = rec.Connection(ref, "Acme", "CTO", None, rec.Origin("Connections.csv", 3))
    assert clean_value(clean) is clean
    dirty = rec.Connection(
        rec.PersonRef(name="Ada\x00"), "Ac\udcffme", "CTO", None, rec.Origin("C.csv\x00", 3)
    )
    cleaned = clean_value(dirty)
    assert cleaned.person.name == "Ada"
    assert cleaned.organization == "Ac\ufffdme"
    assert cleaned.origin == rec.Origin("C.csv", 3)
    assert clean_value({"a\x00": ("x\x00", 1)}) == {"a": ("x", 1)}


# -- NULs in each kind of field, on both databases

MBOX = (
    b"From x@y Sat Mar 12 08:00:01 +0000 2022\n"
    b"From: %(name)s <ada.lovelace@example.org>\n"
    b"To: Sam Owner <sam.owner@example.com>\n"
    b"Date: Sat, 12 Mar 2022 08:00:00 +0000\n"
    b"Subject: %(subject)s\n"
    b"Message-ID: <%(id)s@example.org>\n"
    b"\n"
    b"Hello.\n"
)


def _mbox(folder: Path, name: bytes, subject: bytes, message_id: bytes) -> Path:
    path = folder / "hostile.mbox"
    path.write_bytes(MBOX % {b"name": name, b"subject": subject, b"id": message_id})
    return path


def _linkedin(folder: Path, cell: bytes) -> Path:
    export = folder / "export"
    shutil.copytree(EXPORT_2025, export)
    (export / "Connections.csv").write_bytes(
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Ada,Love%(cell)slace,https://www.linkedin.com/in/ada-lovelace,,An%(cell)salytical,"
        b"Engineer,04 Mar 2020\n" % {b"cell": cell}
    )
    return export


def _google_csv(folder: Path, cell: bytes) -> Path:
    path = folder / "contacts.csv"
    path.write_bytes(
        b"First Name,Last Name,Organization Name,E-mail 1 - Label,E-mail 1 - Value\n"
        b"Gra%(cell)sce,Hopper,Na%(cell)svy,* Work,grace@navy.example\n" % {b"cell": cell}
    )
    return path


def _vcard(folder: Path, text: bytes) -> Path:
    path = folder / "cards.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kat%(t)sherine Johnson\r\nN:Johnson;Katherine;;;\r\n"
        b"EMAIL:kj@nasa.example\r\nORG:NA%(t)sSA\r\nEND:VCARD\r\n" % {b"t": text}
    )
    return path


def _ics(folder: Path, text: bytes) -> Path:
    path = folder / "calendar.ics"
    path.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        b"UID:ev%(t)s-1\r\nDTSTAMP:20240601T000000Z\r\nDTSTART:20240501T080000Z\r\n"
        b"DTEND:20240501T090000Z\r\nSUMMARY:Pair%(t)sing\r\n"
        b"ORGANIZER;CN=An%(t)sa:mailto:ana@example.org\r\n"
        b"ATTENDEE;PARTSTAT=ACCEPTED;CN=Ben:mailto:ben@example.org\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n" % {b"t": text}
    )
    return path


def _stored_text(service: Service) -> list[str]:
    """Every name, title, subject, key and issue stored: what must hold no NUL."""
    with service.store.session() as session:
        texts: list[str] = []
        for column in (
            m.Person.display_name,
            m.Person.title,
            m.Organization.name,
            m.Identity.value,
            m.Interaction.subject,
            m.Interaction.natural_key,
            m.Interaction.source_file,
            m.ImportIssue.message,
        ):
            texts.extend(value for value in session.scalars(select(column)) if value)
        return texts


def _warnings(summary: object) -> int:
    return sum(f.warnings for f in summary.files)  # type: ignore[attr-defined]


def test_nuls_in_a_name_subject_and_message_id_import_alike(
    service: Service, tmp_path: Path
) -> None:
    path = _mbox(tmp_path, b"Ada\x00 Lovelace", b"Lunch\x00 on Friday", b"one\x00two")
    summary = service.import_path(path, me=["sam.owner@example.com"])
    assert _warnings(summary) == 1
    assert any(p["code"] == "text_cleaned" for p in summary.problems)
    texts = _stored_text(service)
    assert "Ada Lovelace" in texts
    assert "Lunch on Friday" in texts
    assert not any("\x00" in text for text in texts)
    # The same file again adds nothing: the cleaned key is the key.
    again = service.import_path(path, me=["sam.owner@example.com"])
    assert sum(f.added for f in again.files) == 0


def test_a_nul_in_a_vcard_is_refused_as_binary_in_one_line(
    service: Service, tmp_path: Path
) -> None:
    with pytest.raises(GoodwordError, match="binary data, not a vCard file"):
        service.import_path(_vcard(tmp_path, b"\x00"))


@pytest.mark.parametrize(
    "build", [_linkedin, _google_csv, _ics], ids=["linkedin-csv", "google-csv", "ics"]
)
def test_a_nul_in_a_cell_imports_alike(
    service: Service, tmp_path: Path, build: Callable[[Path, bytes], Path]
) -> None:
    summary = service.import_path(build(tmp_path, b"\x00"))
    texts = _stored_text(service)
    assert not any("\x00" in text for text in texts)
    assert service.people(limit=5) is not None
    if _warnings(summary):  # some parsers drop NULs themselves; none may reach the database
        assert any(p["code"] == "text_cleaned" for p in summary.problems)


# -- arbitrary text and bytes through every importer

HOSTILE = st.one_of(
    st.binary(max_size=40),
    st.text(
        st.one_of(st.characters(), st.sampled_from(["\x00", "\ud800", "\udcff", "\r", "\n"])),
        max_size=30,
    ).map(lambda text: text.encode("utf-8", "surrogatepass")),
)


@pytest.mark.parametrize(
    "build",
    [
        lambda folder, data: _mbox(folder, data, data, data),
        _linkedin,
        _google_csv,
        _vcard,
        _ics,
    ],
    ids=["mbox", "linkedin-csv", "google-csv", "vcard", "ics"],
)
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=HOSTILE)
def test_any_text_or_bytes_import_cleanly_or_fail_in_one_line(
    service: Service, tmp_path: Path, build: Callable[[Path, bytes], Path], data: bytes
) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))  # one per example: hypothesis reuses tmp_path
    error = ""
    try:
        service.import_path(build(folder, data))
    except GoodwordError as exc:
        error = str(exc).strip()
    assert "\n" not in error  # a clean import, or one line that says what to do
    texts = _stored_text(service)
    assert not any("\x00" in text for text in texts)
    assert not any(clean_text(text) != text for text in texts)
    service.people(limit=5)  # the database still answers


def test_an_undecodable_file_name_imports_alike(service: Service, tmp_path: Path) -> None:
    """A byte that is not UTF-8 in a file's name reaches Python as a lone surrogate."""
    import os

    folder = tmp_path / "messages"
    folder.mkdir()
    message = MBOX.split(b"\n", 1)[1] % {b"name": b"Ada", b"subject": b"Hi", b"id": b"fn-1"}
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.eml"), "wb") as out:
        out.write(message)
    summary = service.import_path(folder, me=["sam.owner@example.com"])
    assert sum(f.added for f in summary.files) == 1
    assert any("caf\ufffd.eml" in text for text in _stored_text(service))
