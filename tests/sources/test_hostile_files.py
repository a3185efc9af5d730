"""Hostile files: zip bombs, megabyte lines, links out of the folder, files that are not what they say.

Each import either reads what the user chose within the caps, or stops with
one line that names the file and the cap (or the fix), quoting nothing of a
file that is not what its name says.
"""

from __future__ import annotations

import contextlib
import os
import random
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from goodword.errors import ConfigError, GoodwordError, ImportFailed
from goodword.identity import normalise
from goodword.records import Connection, Message, Problem, Skip
from goodword.service import Service
from goodword.sources import parse

MB = 1 << 20
CONNECTIONS_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
ADA = "Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace,,Analytical,Engineer,12 Jan 2024\n"
SECRET = "SECRET-7f3a9c-do-not-print"


def _zip(path: Path, members: dict[str, Callable[[zipfile.ZipFile, str], None] | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            if isinstance(content, str):
                archive.writestr(name, content)
            else:
                content(archive, name)
    return path


def _zeros(megabytes: int) -> Callable[[zipfile.ZipFile, str], None]:
    """A member of a CSV header and then ``megabytes`` MB of zeros: a classic bomb."""

    def write(archive: zipfile.ZipFile, name: str) -> None:
        block = b"\0" * MB
        with archive.open(name, "w", force_zip64=True) as member:
            member.write(CONNECTIONS_HEADER.encode())
            for _ in range(megabytes):
                member.write(block)

    return write


def _bomb(tmp_path: Path) -> Path:
    return _zip(
        tmp_path / "Basic_LinkedInDataExport_01-02-2024.zip", {"Connections.csv": _zeros(300)}
    )


def _peak_growth(action: Callable[[], object]) -> int:
    """The most memory ``action`` held at once beyond what was held before, in bytes."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        with contextlib.suppress(GoodwordError):
            action()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


def _everything(path: Path) -> list[str]:
    """Every text an import of ``path`` shows: its error, or its files' notes and problems."""
    try:
        parsed = parse(path)
        records = list(parsed.records)
    except GoodwordError as exc:
        return [exc.message]
    texts = [*parsed.notes, *(f.note for f in parsed.files)]
    texts += [r.message for r in records if isinstance(r, Problem)]
    texts += [r.reason for r in records if isinstance(r, Skip)]
    return texts


# ---------------------------------------------------------------- bounded archives


def test_a_zip_bomb_is_refused_by_its_ratio_and_memory_stays_flat(tmp_path: Path) -> None:
    bomb = _bomb(tmp_path)
    assert bomb.stat().st_size < 2 * MB  # 300 MB of zeros packs to a few hundred KB
    with pytest.raises(ImportFailed) as refused:
        parse(bomb)
    message = refused.value.message
    assert "Connections.csv" in message and "GOODWORD_MAX_RATIO" in message
    assert "\n" not in message
    assert _peak_growth(lambda: parse(bomb)) < 16 * MB


def test_a_bomb_let_past_the_ratio_cap_is_streamed_and_stopped_by_the_line_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With the ratio cap raised, the member is unpacked for real: in pieces, never whole.
    monkeypatch.setenv("GOODWORD_MAX_RATIO", "1000000")
    bomb = _bomb(tmp_path)
    with pytest.raises(ImportFailed, match=r"Connections.csv: line 2 .*\(GOODWORD_MAX_LINE_MB\)"):
        parse(bomb)
    assert _peak_growth(lambda: parse(bomb)) < 16 * MB


def test_the_unpacked_size_cap_counts_what_is_read_and_names_the_member(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOODWORD_MAX_UNPACKED_MB", "1")
    rng = random.Random(16)
    rows = "".join(
        f"A{rng.getrandbits(64):x},B{rng.getrandbits(64):x},,,,,\n" for _ in range(40_000)
    )
    export = _zip(tmp_path / "export.zip", {"Connections.csv": CONNECTIONS_HEADER + rows})
    with pytest.raises(
        ImportFailed,
        match=r"member Connections.csv unpacks to more than the 1 MB cap "
        r"\(GOODWORD_MAX_UNPACKED_MB\)",
    ):
        parse(export)
    monkeypatch.setenv("GOODWORD_MAX_UNPACKED_MB", "10")
    assert sum(isinstance(r, Connection) for r in parse(export).records) == 40_000


def test_a_cap_below_one_is_a_setting_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOODWORD_MAX_RATIO", "0")
    export = _zip(tmp_path / "export.zip", {"Connections.csv": CONNECTIONS_HEADER + ADA})
    with pytest.raises(ConfigError, match="GOODWORD_MAX_RATIO must be 1 or more"):
        parse(export)


def test_a_highly_repetitive_export_goes_through_once_the_ratio_cap_is_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export = _zip(tmp_path / "export.zip", {"Connections.csv": CONNECTIONS_HEADER + ADA * 30_000})
    with pytest.raises(ImportFailed, match="GOODWORD_MAX_RATIO"):
        parse(export)
    monkeypatch.setenv("GOODWORD_MAX_RATIO", "5000")
    assert sum(isinstance(r, Connection) for r in parse(export).records) == 30_000


def test_a_refused_bomb_leaves_the_database_as_it_was(service: Service, tmp_path: Path) -> None:
    good = tmp_path / "good"
    good.mkdir()
    (good / "Connections.csv").write_text(CONNECTIONS_HEADER + ADA, encoding="utf-8")
    service.import_path(good)
    before = [a.person.name for a in service.people()]
    with pytest.raises(ImportFailed, match=r"Connections\.csv"):
        service.import_path(_bomb(tmp_path))
    assert [a.person.name for a in service.people()] == before == ["Ada Lovelace"]


@pytest.mark.parametrize(
    ("name", "opening", "closing"),
    [
        ("calendar.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", "END:VCALENDAR\r\n"),
        ("cards.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\n", "END:VCARD\r\n"),
        ("Connections.csv", CONNECTIONS_HEADER, ""),
    ],
)
def test_a_file_of_megabyte_lines_is_refused_with_the_cap(
    tmp_path: Path, name: str, opening: str, closing: str
) -> None:
    path = tmp_path / name
    line = "X-NOTE:" + "a" * (5 * MB) + "\r\n"
    path.write_text(opening + line * 4 + closing, encoding="utf-8")
    with pytest.raises(ImportFailed, match=rf"{name}: .*longer than the 1 MB cap"):
        parse(path)


# ---------------------------------------------------------------- files stay inside the folder


def _outside(tmp_path: Path, name: str, text: str) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir(exist_ok=True)
    target = outside / name
    target.write_text(text, encoding="utf-8")
    return target


def test_a_linkedin_folder_reads_no_link_that_leads_out_of_it(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Connections.csv").write_text(CONNECTIONS_HEADER + ADA, encoding="utf-8")
    messages = _outside(
        tmp_path,
        "Messages.csv",
        "CONVERSATION ID,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT\n"
        "c1,Eve,https://www.linkedin.com/in/eve,Ada,https://www.linkedin.com/in/ada-lovelace,"
        "2024-01-02 10:00:00 UTC,hi,secret\n",
    )
    (folder / "Messages.csv").symlink_to(messages)
    (folder / "more").symlink_to(messages.parent, target_is_directory=True)
    os.mkfifo(folder / "Skills.csv")  # reading a pipe would wait forever
    parsed = parse(folder)
    records = list(parsed.records)
    notes = {f.name: (f.used, f.note) for f in parsed.files}
    assert notes["Messages.csv"] == (False, "a link that leads outside the folder: not read")
    assert notes["more"] == (False, "a link that leads outside the folder")
    assert notes["Skills.csv"][0] is False and "not a regular file" in notes["Skills.csv"][1]
    assert not any(isinstance(r, Message) for r in records)
    assert [r.person.name for r in records if isinstance(r, Connection)] == ["Ada Lovelace"]


def test_a_link_inside_the_folder_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    (folder / "real").mkdir(parents=True)
    (folder / "real" / "ada.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.com\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    (folder / "ada-again.vcf").symlink_to(folder / "real" / "ada.vcf")
    assert {f.name for f in parse(folder).files if f.used} == {"real/ada.vcf", "ada-again.vcf"}


def test_calendar_and_address_book_folders_skip_links_out_of_them(tmp_path: Path) -> None:
    event = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:{uid}\r\n"
        "DTSTART:20240102T100000Z\r\nDTEND:20240102T110000Z\r\nSUMMARY:x\r\n"
        "ORGANIZER:mailto:me@example.com\r\nATTENDEE:mailto:{who}@example.com\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    calendars = tmp_path / "calendars"
    calendars.mkdir()
    (calendars / "mine.ics").write_text(event.format(uid="a", who="ada"), encoding="utf-8")
    (calendars / "theirs.ics").symlink_to(
        _outside(tmp_path, "theirs.ics", event.format(uid="b", who="eve"))
    )
    parsed = parse(calendars)
    records = list(parsed.records)
    assert [f.name for f in parsed.files] == ["mine.ics"]
    assert any("theirs.ics (a link that leads outside the folder" in n for n in parsed.notes)
    assert "eve@example.com" not in repr(records)

    cards = tmp_path / "cards"
    cards.mkdir()
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{n}\r\nEMAIL:{n}@example.com\r\nEND:VCARD\r\n"
    (cards / "ada.vcf").write_text(card.format(n="ada"), encoding="utf-8")
    (cards / "eve.vcf").symlink_to(_outside(tmp_path, "eve.vcf", card.format(n="eve")))
    parsed = parse(cards)
    assert {(f.name, f.used) for f in parsed.files} == {("ada.vcf", True), ("eve.vcf", False)}
    assert "eve@example.com" not in repr(list(parsed.records))


# ---------------------------------------------------------------- no file content in messages


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Connections.csv", f"root:x:0:0:{SECRET}:/root:/bin/bash\nbin:x:1:1::/bin:\n"),
        ("export/Connections.csv", f"{SECRET},x\n1,2\n"),
        ("contacts.csv", f"{SECRET},Where\nAda,Paris\n"),
        ("calendar.ics", f"{SECRET}\nBEGIN:VCALENDAR\nEND:VCALENDAR\n"),
        ("calendar.ics", f"BEGIN:VCALENDAR\r\n{SECRET}\r\nEND:VCALENDAR\r\n"),
        ("cards.vcf", f"{SECRET}\nBEGIN:VCARD\nFN:x\nEND:VCARD\n"),
        ("mail.mbox", f"{SECRET}\n\nbody\n"),
        ("message.eml", f"{SECRET}\nFrom: a@example.com\n\nbody\n"),
    ],
)
def test_no_message_quotes_a_file_that_is_not_what_it_says(
    tmp_path: Path, name: str, text: str
) -> None:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    target = path.parent if "/" in name else path
    shown = _everything(target)
    assert shown  # something was said: an error, a problem or a note
    assert not any(SECRET in line for line in shown), shown


# ---------------------------------------------------------------- identities and headers


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)//www.linkedin.com/in/ada",
        "javascript://www.linkedin.com/in/ada%0aalert(1)",
        "file://www.linkedin.com/in/ada",
        "ftp://www.linkedin.com/in/ada",
        "data:text/html,linkedin.com/in/ada",
        "https://www.linkedin.com/in/a\x00da",
        "https://www.linkedin.com/in/ada%0d%0aSet-Cookie:x",
        "https://www.linkedin.com/in/a\u0085da",
    ],
)
def test_a_profile_url_of_another_scheme_or_with_control_characters_is_no_identity(
    url: str,
) -> None:
    assert normalise.linkedin_url(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://www.linkedin.com/in/ada",
        "HTTP://linkedin.com/in/ada/",
        "www.linkedin.com/in/ada?trk=x",
        "linkedin.com/in/ada",
    ],
)
def test_web_profile_urls_are_still_identities(url: str) -> None:
    assert normalise.linkedin_url(url) == "linkedin.com/in/ada"


def test_an_import_stores_no_profile_of_a_hostile_scheme(service: Service, tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(
        CONNECTIONS_HEADER
        + "Eve,Hacker,javascript:alert(1)//www.linkedin.com/in/eve,,Evil,Boss,12 Jan 2024\n"
        + ADA,
        encoding="utf-8",
    )
    service.import_path(path)
    linkedin = {a.person.name: a.person.linkedin for a in service.people()}
    assert linkedin == {"Eve Hacker": None, "Ada Lovelace": "linkedin.com/in/ada-lovelace"}


BOM = "\ufeff"
MESSAGE = (
    "From: Ada Lovelace <ada@example.com>\r\nTo: me@example.com\r\nSubject: hello\r\n"
    "Date: Tue, 02 Jan 2024 10:00:00 +0000\r\nMessage-ID: <bom-1@example.com>\r\n\r\nbody\r\n"
)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("hello.eml", BOM + MESSAGE),
        ("mail/1.", BOM + MESSAGE),
        ("mail.mbox", BOM + "From ada@example.com Tue Jan  2 10:00:00 2024\r\n" + MESSAGE),
    ],
)
def test_a_byte_order_mark_before_the_headers_is_accepted(
    service: Service, tmp_path: Path, name: str, text: str
) -> None:
    path = tmp_path / name.rstrip(".")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    target = path.parent if "/" in name else path
    summary = service.import_path(target)
    assert not summary.problems
    assert "Ada Lovelace" in [a.person.name for a in service.people()]
