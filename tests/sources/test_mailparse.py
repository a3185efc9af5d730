"""The mbox reader: each quirk of FORMATS.md §2 and §6.10–16, §6.20, every message accounted for.

Each fixture in ``tests/fixtures/mbox`` is named by the quirk it holds. Every
test reads its file at several chunk sizes (the split must not depend on
where a read ends) and checks that the messages tile the file from the first
byte to the last, so nothing vanishes between two messages.
"""

from __future__ import annotations

import itertools
import re
import tempfile
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goodword.errors import BrokenFile
from goodword.sources.mailparse import (
    BODY_HEAD_BYTES,
    MAX_HEADER_BYTES,
    Address,
    MailHeader,
    MailProblem,
    RawMessage,
    is_automated,
    is_bounce,
    is_from_line,
    iter_mbox,
    parse_headers,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "mbox"
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def split(path: Path, chunk_sizes: tuple[int, ...] = (1, 2, 7, 64, 4096)) -> list[RawMessage]:
    """Split ``path``, checking the messages tile the file and do not depend on the chunk size."""
    raws = list(iter_mbox(path))
    data = path.read_bytes()
    assert [raw.index for raw in raws] == list(range(len(raws)))
    if raws:
        assert raws[0].offset == len(data) - len(data.lstrip(b" \t\r\n"))  # blank lines skipped
        for before, after in itertools.pairwise(raws):
            assert before.offset + before.size == after.offset
        assert raws[-1].offset + raws[-1].size == len(data)
    for chunk_size in chunk_sizes:
        assert list(iter_mbox(path, chunk_size=chunk_size)) == raws, chunk_size
    return raws


def read(name: str) -> list[MailHeader]:
    """Every message of a fixture, each parsed (a MailProblem fails the test)."""
    parsed = [parse_headers(raw, now=NOW) for raw in split(FIXTURES / name)]
    problems = [p for p in parsed if isinstance(p, MailProblem)]
    assert not problems, problems
    return [p for p in parsed if isinstance(p, MailHeader)]


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "inbox.mbox"
    path.write_bytes(data)
    return path


# --- separators ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        b"From 1723853304940284153@xxx Fri Feb 04 17:10:22 +0000 2022",  # Takeout
        b"From 1723853304940284153@xxx Fri Feb 04 17:10:22 +0000 2022\r\n",
        b"From user@example.com Mon Jan  1 00:00:00 2001",  # classic asctime
        b"From user@example.com Mon Jan  1 00:00:00 2001\n",
        b"From user at example.org  Mon Jan  1 00:00:00 2001",  # pipermail
        b"From luc\xedacharlie at example.org  Tue Mar  5 10:00:00 2019",  # ISO-8859-1 byte
        b"From MAILER-DAEMON Fri Jul  8 12:08:34 2011",
        b"From user@example.com Mon Jan  1 00:00 2001",  # no seconds
        b"From user@example.com Mon Jan  1 00:00:00 EST 2001",  # named zone before the year
        b"From user@example.com Mon Jan  1 00:00:00 2001 -0500",  # zone after the year
        b"From user@example.com Mon Jan  1 00:00:00 2001 remote from example.net",
    ],
)
def test_full_from_lines_are_separators(line: bytes) -> None:
    assert is_from_line(line)


@pytest.mark.parametrize(
    "line",
    [
        b"From what I heard, the offer is still open.",
        b"From 12 to 14 we could meet.",
        b">From user@example.com Mon Jan  1 00:00:00 2001",
        b"From user@example.com",
        b"From user@example.com Mon Jan  1 00:00:00 2001 and then we talked",
        b"from user@example.com Mon Jan  1 00:00:00 2001",
        b"From: Ada Lovelace <ada.lovelace@example.org>",
    ],
)
def test_other_from_lines_are_not_separators(line: bytes) -> None:
    assert not is_from_line(line)


@pytest.mark.parametrize(
    ("line", "moment"),
    [
        (b"From 1@xxx Fri Feb 04 17:10:22 +0000 2022", _utc(2022, 2, 4, 17, 10, 22)),
        (b"From 1@xxx Fri Feb 04 17:10:22 +0130 2022", _utc(2022, 2, 4, 15, 40, 22)),
        (b"From a@example.com Mon Jan  1 00:00:00 EST 2001", _utc(2001, 1, 1, 5)),
        (b"From a@example.com Mon Jan  1 00:00:00 2001 -0500", _utc(2001, 1, 1, 5)),
        (b"From a@example.com Mon Jan  1 00:00 2001", _utc(2001, 1, 1)),
        (b"From a@example.com Fri Feb 30 00:00:00 2001", None),  # still a separator
    ],
)
def test_from_line_dates(tmp_path: Path, line: bytes, moment: datetime | None) -> None:
    (raw,) = split(write(tmp_path, line + b"\nSubject: x\n\nBody.\n"))
    assert raw.from_line == line
    assert raw.from_line_date == moment


def test_takeout_from_line_with_the_zone_before_the_year() -> None:
    raws = split(FIXTURES / "takeout_from_line_zone_before_year.mbox")
    assert [r.from_line_date for r in raws] == [_utc(2022, 2, 4, 17, 10, 22), _utc(2022, 2, 5, 9)]
    assert raws[0].from_line == b"From 1723853304940284153@xxx Fri Feb 04 17:10:22 +0000 2022"
    assert raws[0].body_head == b"Shall we have lunch on Tuesday?"
    first, reply = read("takeout_from_line_zone_before_year.mbox")
    assert first.message_id == "CAF1a2b3c4@mail.example.org"
    assert first.thread_id == reply.thread_id == "1723853304940284153"
    assert first.labels == ("Inbox", "Category Personal", "Opened")
    assert first.from_ == Address("Ada Lovelace", "ada.lovelace@example.org")
    assert first.to == (Address("Sam Owner", "sam.owner@example.com"),)
    assert first.delivered_to == ("sam.owner@example.com",)
    assert (first.date, first.date_source) == (_utc(2022, 2, 4, 17, 10, 20), "header")
    assert first.subject == "Lunch on Tuesday?"
    assert first.content_type == "text/plain"
    assert first.warnings == ()
    assert reply.labels == ("Sent",)
    assert reply.in_reply_to == "CAF1a2b3c4@mail.example.org"
    assert reply.references == ("CAF1a2b3c4@mail.example.org",)
    assert (reply.date, reply.date_source) == (_utc(2022, 2, 5, 9), "header")


def test_takeout_from_line_with_non_ascii_bytes() -> None:
    raws = split(FIXTURES / "takeout_from_line_nonascii.mbox")
    assert [r.from_line[:12] for r in raws] == [b"From luc\xedach", b"From b\xfccher@"]
    assert [r.from_line_date for r in raws] == [_utc(2019, 3, 5, 10), _utc(2019, 3, 6, 11, 30)]
    lucia, buecher = read("takeout_from_line_nonascii.mbox")
    assert lucia.from_ == Address("Lucía Charlie", "lucia.charlie@example.org")
    assert buecher.from_ == Address("Bücher", "buecher@example.org")
    assert (lucia.subject, buecher.subject) == ("Hola", "Re: Hola")


def test_pipermail_from_lines_and_at_obfuscation() -> None:
    raws = split(FIXTURES / "pipermail_at_obfuscation.mbox")
    assert [r.from_line_date for r in raws] == [
        _utc(2021, 1, 4, 9, 15),
        _utc(2021, 1, 4, 10, 20, 30),
    ]
    jane, bob = read("pipermail_at_obfuscation.mbox")
    assert jane.from_ == Address("Jane Doe", "jane.doe@example.org")
    assert bob.from_ == Address("Bob Smith", "bob@example.net")
    assert bob.in_reply_to == jane.message_id == "release-1@example.org"
    assert bob.references == ("release-0@example.org", "release-1@example.org")


def test_body_lines_starting_with_from_stay_in_the_body() -> None:
    raws = split(FIXTURES / "body_line_starting_with_from.mbox")
    assert len(raws) == 3
    assert raws[0].body_head == (
        b"Hi Sam,\n\nFrom what I heard, the offer is still open.\n"
        b">From the notes: nothing new.\n\nFrom 12 to 14 we could meet.\n\nBest,\nAda"
    )
    # A full separator line that does not follow a blank line is body text too.
    assert b"\nFrom carol@example.net Tue Mar  1 08:00:00 2022\n" in raws[1].body_head
    assert b"From carol@example.net\nis who wrote it." in raws[1].body_head
    headers = read("body_line_starting_with_from.mbox")
    assert [h.message_id for h in headers] == [
        "from-body-1@example.org",
        "from-body-2@example.com",
        "from-body-3@example.org",
    ]
    assert [h.subject for h in headers] == ["The offer", "Fwd: The offer", "Re: Fwd: The offer"]


def test_crlf_line_endings() -> None:
    raws = split(FIXTURES / "crlf_line_endings.mbox")
    assert raws[0].header_bytes.endswith(b"Subject: Line ends\r\n with CRLF\r\n")
    assert raws[0].from_line.endswith(b"2022")  # no CR left
    assert raws[1].body_head == b"From what I see, yes."
    first, second = read("crlf_line_endings.mbox")
    assert first.subject == "Line ends with CRLF"
    assert first.to == (
        Address("Sam Owner", "sam.owner@example.com"),
        Address("Bob Smith", "bob.smith@example.net"),
    )
    assert second.message_id == "crlf-2@example.net"


def test_mixed_line_endings() -> None:
    raws = split(FIXTURES / "mixed_line_endings.mbox")
    assert [r.body_head for r in raws] == [
        b"Body with LF.",
        b"Body with CRLF.",
        b"Body with both.",
        b"No line break at the end of the file.",
    ]
    headers = read("mixed_line_endings.mbox")
    assert [h.message_id for h in headers] == [
        "mixed-1@example.org",
        "mixed-2@example.net",
        "mixed-3@example.com",
        "mixed-4@example.net",
    ]
    assert headers[2].subject == "Mixed within one message"
    assert headers[3].from_ == Address("Dan Brown", "dan@example.net")


# --- header decoding ----------------------------------------------------------------------


def test_encoded_words_in_headers() -> None:
    first, second = read("encoded_words_in_headers.mbox")
    assert first.from_ == Address("Antoine Beaupré", "anarcat@example.org")
    # A comma inside an encoded word does not split the address list.
    assert first.to == (
        Address("Jürgen Müller", "juergen.mueller@example.net"),
        Address("Doe, Jane", "jane.doe@example.com"),
    )
    assert first.cc == (Address("Zoë Martin", "zoe.martin@example.com"),)
    assert first.subject == "Résumé de la réunion"  # Base64
    assert second.from_ == Address("François Dupont", "francois.dupont@example.net")
    # An unknown charset falls back to UTF-8.
    assert second.to == (Address("Renée", "renee@example.com"),)
    # "é" split across two Base64 words survives; the space between adjacent words goes.
    assert second.subject == "Café crème (déjà vu)"


def test_gmail_labels_in_one_encoded_word() -> None:
    encoded, quoted = read("gmail_labels_one_encoded_word.mbox")
    assert encoded.labels == ("Åpnet", "Kategori: Reklame")
    assert quoted.labels == ("Ouvert", "Non lus", "Clients, 2022", "Travail/Projets")


def test_folded_headers() -> None:
    (header,) = read("folded_headers.mbox")
    assert header.labels == ("Inbox", "Important", "Opened", "Category Personal")
    assert header.from_ == Address("Ada Lovelace", "ada.lovelace@example.org")
    assert header.to == (
        Address("Ada Lovelace", "ada.lovelace@example.org"),
        Address("Bob Smith", "bob.smith@example.net"),
        Address("Carol, Jr.", "carol@example.com"),
    )
    assert header.subject == "This subject is folded over two lines"
    assert (header.date, header.date_source) == (_utc(2022, 3, 9, 8), "header")
    assert header.message_id == "folded-1@example.org"
    assert header.in_reply_to == "b@example.org"
    assert header.references == ("a@example.org", "b@example.org")  # in order, no repeats
    assert header.thread_id == "1700000000000000049"


def test_raw_8bit_headers() -> None:
    assert b"R\xe9union" in (FIXTURES / "iso8859_headers_8bit.mbox").read_bytes()
    declared, undeclared, utf8 = read("iso8859_headers_8bit.mbox")
    # The declared charset decodes raw ISO-8859-1 bytes.
    assert declared.from_ == Address("François Dupont", "francois.dupont@example.net")
    assert declared.subject == "Réunion déplacée"
    # Without one: cp1252, with a replacement character for its one undefined byte.
    assert undeclared.subject == "Café € 5"
    assert undeclared.from_ == Address("J\ufffdrgen", "juergen@example.com")
    # Raw UTF-8 wins over a wrongly declared charset.
    assert utf8.subject == "Grüße"
    assert utf8.from_ == Address("Grégoire", "gregoire@example.org")


# --- dates --------------------------------------------------------------------------------


def test_hangouts_records_without_date_or_sender_address() -> None:
    chat, bare = read("missing_date_hangouts_chat.mbox")
    assert chat.from_ == Address("Jim Doe", None)
    assert (chat.date, chat.date_source) == (_utc(2013, 6, 29, 16, 45, 39), "from_line")
    assert chat.warnings == ("no Date header", "date taken from the From_ line")
    assert chat.labels == ("Chat",)
    assert chat.message_id is None
    assert chat.dedup_key.startswith("sha1:")
    assert bare.from_ is None
    assert bare.subject is None
    assert (bare.date, bare.date_source) == (_utc(2013, 6, 29, 16, 46, 40), "from_line")
    assert bare.dedup_key != chat.dedup_key


def test_absurd_dates_fall_back_to_the_from_line_then_received() -> None:
    old, epoch, future = read("absurd_date_1979.mbox")
    assert (old.date, old.date_source) == (_utc(2001, 3, 13, 14, 5), "from_line")
    assert old.warnings == (
        "Date header 'Mon, 1 Jan 1979 10:00:00 -0800' is implausible (before 1990 or in the future)",
        "date taken from the From_ line",
    )
    # The From_ line says 1970 too: the first Received header decides.
    assert (epoch.date, epoch.date_source) == (_utc(2001, 3, 13, 22, 5), "received")
    assert epoch.warnings[-1] == "date taken from a Received header"
    assert (future.date, future.date_source) == (_utc(2001, 3, 14, 9), "from_line")


def test_date_without_a_year() -> None:
    (header,) = read("date_without_year.mbox")
    assert (header.date, header.date_source) == (_utc(2013, 7, 3, 9, 12, 45), "from_line")
    assert header.warnings == (
        "Date header 'Thu Jan 01 00:00:10 +0000' cannot be read",
        "date taken from the From_ line",
    )


def test_no_usable_date_at_all(tmp_path: Path) -> None:
    path = write(tmp_path, b"From: Ada <ada@example.org>\nDate: soon\n\nBody.\n")
    (raw,) = split(path)
    header = parse_headers(raw, now=NOW)
    assert isinstance(header, MailHeader)
    assert (header.date, header.date_source) == (None, None)
    assert header.warnings == ("Date header 'soon' cannot be read", "no usable date")


@settings(max_examples=300, deadline=None)
@given(
    moment=st.datetimes(min_value=datetime(1991, 1, 1), max_value=datetime(2025, 12, 31)),
    offset=st.integers(min_value=-1439, max_value=1439),
    weekday=st.booleans(),
    padded=st.booleans(),
    comment=st.sampled_from(["", " (UTC)", " (PST)"]),
)
def test_dates_read_as_parsedate_to_datetime_reads_them(
    moment: datetime, offset: int, weekday: bool, padded: bool, comment: str
) -> None:
    sign = "+" if offset >= 0 else "-"
    text = (
        (moment.strftime("%a, ") if weekday else "")
        + (f"{moment.day:02d}" if padded else str(moment.day))
        + moment.strftime(" %b %Y %H:%M:%S ")
        + f"{sign}{abs(offset) // 60:02d}{abs(offset) % 60:02d}{comment}"
    )
    raw = RawMessage(0, 0, f"Date: {text}\n".encode(), 0)
    header = parse_headers(raw, now=NOW)
    expected = parsedate_to_datetime(text)
    assert isinstance(header, MailHeader)
    assert header.date == (expected.replace(tzinfo=expected.tzinfo or UTC)).astimezone(UTC)
    assert header.date is not None and header.date.tzinfo is UTC


# --- duplicates -----------------------------------------------------------------------------


def test_duplicate_message_ids_share_a_dedup_key() -> None:
    headers = read("duplicate_message_ids.mbox")
    assert [h.message_id for h in headers] == ["dup-1@example.org"] * 3 + ["dup-2@example.org"]
    assert [h.labels for h in headers] == [("Inbox",), ("Important",), ("Trash",), ("Inbox",)]
    assert [h.dedup_key for h in headers] == ["mid:dup-1@example.org"] * 3 + [
        "mid:dup-2@example.org"
    ]


def test_copies_without_message_id_share_a_dedup_key() -> None:
    first, other, copy = read("no_message_id.mbox")
    assert first.message_id is other.message_id is copy.message_id is None
    # Same From, Date and Subject; the first body bytes tell them apart. The copy is the
    # last message of the file, without the blank line the others end with.
    assert first.dedup_key == copy.dedup_key
    assert other.dedup_key != first.dedup_key
    assert first.dedup_key.startswith("sha1:")


# --- addresses ----------------------------------------------------------------------------


def test_address_pathologies() -> None:
    exchange, names, odd = read("address_pathologies.mbox")
    assert exchange.from_ == Address("Smith, J.", "j..smith@corp.example.com")
    assert exchange.to == ()  # undisclosed-recipients:;
    assert exchange.cc == (
        Address(
            "Doe, Jim",
            "x-opaque:/o=examplecorp/ou=exchange administrative group (fydibohf23spdlt)"
            "/cn=recipients/cn=jdoe",
        ),
        Address("", "x-opaque:/o=examplecorp/ou=na/cn=recipients/cn=msmith"),
    )
    assert exchange.bcc == (Address("", "mary.major@example.net"),)
    assert names.from_ == Address("Jim Doe", None)
    assert names.to == (
        Address("", "ada@example.org"),
        Address("", "bob@example.net"),
        Address("", "carol@example.com"),
    )
    assert names.cc == (Address("", "x-opaque:root"), Address("", "x-opaque:jdoe@localhost"))
    assert odd.from_ == Address("", "ada.lovelace@example.org")
    assert odd.to == (
        Address("Bob Smith", "bob@example.net"),
        Address('Carol "CJ" Jones', "carol@example.com"),
        Address("Doe, John (Sales)", "john.doe@example.com"),
    )
    assert odd.cc == (Address("", "dave@example.com"), Address("Erin Stone", "erin@example.com"))


def test_message_that_names_itself_is_not_its_own_reply(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        b"From a@example.org Mon Jan  4 09:15:00 2021\n"
        b"Message-ID: <loop@example.org>\nIn-Reply-To: <loop@example.org>\n"
        b"References: <root@example.org> <loop@example.org>\n\nBody.\n",
    )
    (raw,) = split(path)
    header = parse_headers(raw, now=NOW)
    assert isinstance(header, MailHeader)
    assert header.in_reply_to is None
    assert header.references == ("root@example.org",)
    assert header.warnings[:2] == (
        "In-Reply-To names the message itself; ignored",
        "References names the message itself; that entry is ignored",
    )


# --- automated mail -------------------------------------------------------------------------


def test_out_of_office_replies_are_automated() -> None:
    headers = read("out_of_office_reply.mbox")
    assert [is_automated(h) for h in headers] == [
        "Auto-Submitted: auto-replied",
        "X-Autoreply header",
        "automatic-reply subject",
        "Precedence: auto_reply",
        None,  # Auto-Submitted: no, a person answering
    ]
    assert not any(is_bounce(h) for h in headers)


def test_bounces() -> None:
    report, undeliverable, person = read("bounce_delivery_status.mbox")
    assert (report.content_type, report.report_type) == ("multipart/report", "delivery-status")
    assert [is_bounce(h) for h in (report, undeliverable, person)] == [True, True, False]
    assert is_automated(report) == is_automated(undeliverable) == "delivery failure report"
    assert is_automated(person) is None


def header_of(block: bytes) -> MailHeader:
    """Parse one header block given inline."""
    header = parse_headers(RawMessage(0, 0, block, len(block)), now=NOW)
    assert isinstance(header, MailHeader)
    return header


@pytest.mark.parametrize(
    ("sender", "automated"),
    [
        ("noreply@example.com", True),
        ("No_Reply@example.com", True),
        ("do-not-reply@example.com", True),
        ("notifications-noreply@example.com", True),
        ("MAILER-DAEMON@example.com", True),
        ("postmaster@example.com", True),
        ("MAILER-DAEMON", True),  # no domain: an opaque key, still a daemon
        ("noreplyhelp@example.com", False),
        ("norbert.reply@example.com", False),
        ("ada@example.org", False),
    ],
)
def test_no_reply_senders(sender: str, automated: bool) -> None:
    header = header_of(f"From: {sender}\nSubject: Hello\n".encode())
    assert (is_automated(header) == "no-reply sender") is automated


@pytest.mark.parametrize(
    ("subject", "bounce"),
    [
        ("Delivery Status Notification (Failure)", True),
        ("Undeliverable: Reference request", True),
        ("Mail delivery failed: returning message to sender", True),
        ("Undelivered Mail Returned to Sender", True),
        ("Delivery Status Notification (Delay)", False),  # it may still arrive
        ("Delivery Status Notification (Success)", False),
        ("Your mailbox is almost full", False),
    ],
)
def test_daemon_subjects_that_mean_a_bounce(subject: str, bounce: bool) -> None:
    header = header_of(
        f"From: Mail Delivery System <mailer-daemon@example.net>\nSubject: {subject}\n".encode()
    )
    assert is_bounce(header) is bounce
    assert is_automated(header) is not None  # a daemon writes it either way


def test_mailing_lists_and_no_reply_senders() -> None:
    listed, bulk, no_reply = read("mailing_list_message.mbox")
    assert listed.list_id == "dev.lists.example.org"
    assert is_automated(listed) == "mailing list dev.lists.example.org"
    assert bulk.precedence == "bulk"
    assert is_automated(bulk) == "Precedence: bulk"
    assert no_reply.from_ == Address("Example Accounts", "no-reply@accounts.example.com")
    assert is_automated(no_reply) == "no-reply sender"
    assert not any(is_bounce(h) for h in (listed, bulk, no_reply))


# --- problems and limits --------------------------------------------------------------------


def test_unreadable_headers_become_problems_with_their_location() -> None:
    raws = split(FIXTURES / "unparseable_headers.mbox")
    fine, empty, garbage, broken = (parse_headers(raw, now=NOW) for raw in raws)
    assert isinstance(fine, MailHeader) and fine.message_id == "bad-1@example.org"
    assert isinstance(empty, MailProblem)
    assert (empty.index, empty.offset) == (1, raws[1].offset)
    assert empty.message.startswith(
        f"message 1 at byte {raws[1].offset}: its header block is empty"
    )
    assert isinstance(garbage, MailProblem)
    assert (garbage.index, garbage.offset) == (2, raws[2].offset)
    assert "holds no header field" in garbage.message
    # A bad line in the middle: the fields before it are kept, and the loss is reported.
    assert isinstance(broken, MailHeader)
    assert broken.subject == "Broken in the middle"
    assert broken.from_ is None
    assert broken.warnings[0].startswith("header block is malformed")


def test_file_without_a_leading_from_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        b"\n\nSubject: first, no From_ line\n\nBody.\n\n"
        b"From a@example.org Mon Jan  4 09:15:00 2021\nSubject: second\n\nBody.\n",
    )
    first, second = split(path)
    assert (first.offset, first.from_line, first.from_line_date) == (2, b"", None)
    assert first.header_bytes == b"Subject: first, no From_ line\n"
    assert second.from_line_date == _utc(2021, 1, 4, 9, 15)
    subjects = [parse_headers(raw, now=NOW) for raw in (first, second)]
    assert [h.subject for h in subjects if isinstance(h, MailHeader)] == [
        "first, no From_ line",
        "second",
    ]


def test_leading_blank_lines_before_the_first_from_line(tmp_path: Path) -> None:
    path = write(tmp_path, b"\r\n\nFrom a@example.org Mon Jan  4 09:15:00 2021\nSubject: x\n\nB\n")
    (raw,) = list(iter_mbox(path))
    assert (raw.offset, raw.size, raw.header_bytes) == (3, path.stat().st_size - 3, b"Subject: x\n")


def test_empty_and_blank_files_hold_no_message(tmp_path: Path) -> None:
    assert list(iter_mbox(write(tmp_path, b""))) == []
    assert list(iter_mbox(write(tmp_path, b"\n\r\n  \n"))) == []


def test_missing_file_is_a_broken_file(tmp_path: Path) -> None:
    with pytest.raises(BrokenFile, match="cannot be opened"):
        list(iter_mbox(tmp_path / "missing.mbox"))


def test_huge_header_block_is_capped(tmp_path: Path) -> None:
    filler = b"".join(b"X-Filler-%06d: %s\n" % (i, b"y" * 60) for i in range(5000))
    path = write(
        tmp_path,
        b"From a@example.org Mon Jan  4 09:15:00 2021\nSubject: huge\n"
        + filler
        + b"\nBody.\n\nFrom b@example.org Mon Jan  4 09:16:00 2021\nSubject: next\n\nBody.\n",
    )
    huge, following = split(path, chunk_sizes=(7, 4096, 100_000))
    assert huge.header_truncated
    assert len(huge.header_bytes) <= MAX_HEADER_BYTES
    assert huge.header_bytes.endswith(b"\n")  # cut at a line end
    assert following.header_bytes == b"Subject: next\n"
    header = parse_headers(huge, now=NOW)
    assert isinstance(header, MailHeader)
    assert header.subject == "huge"
    assert (
        header.warnings[0] == "header block longer than 256 KB; the fields after it were not read"
    )


def test_only_the_head_of_a_body_is_kept(tmp_path: Path) -> None:
    body = b"".join(b"line %04d\n" % i for i in range(2000))
    path = write(tmp_path, b"From a@example.org Mon Jan  4 09:15:00 2021\nSubject: x\n\n" + body)
    (raw,) = split(path)
    assert raw.body_head == body[:BODY_HEAD_BYTES]
    assert raw.size == path.stat().st_size


def test_bad_chunk_size_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="chunk_size"):
        list(iter_mbox(write(tmp_path, b""), chunk_size=0))


# --- properties -----------------------------------------------------------------------------

SEPARATORS = (
    b"From 1723853304940284153@xxx Fri Feb 04 17:10:22 +0000 2022",
    b"From user@example.com Mon Jan  1 00:00:00 2001",
    b"From user at example.org  Mon Jan  1 00:00:00 2001",
    b"From luc\xedacharlie at example.org  Tue Mar  5 10:00:00 2019",
    b"From MAILER-DAEMON Fri Jul  8 12:08:34 2011",
)
_text = st.text(st.characters(exclude_characters="\r\n", exclude_categories=["Cs"]), max_size=30)
_body_line = st.one_of(
    _text,
    st.just(""),
    _text.map(lambda text: "From " + text),
    st.sampled_from(
        [
            "From what I heard",
            ">From the notes",
            "From 12 to 14",
            "From x@example.com Mon Jan  1 00:00:00 2001",  # a separator, but after text only
        ]
    ),
)
# Independent of the module's own pattern (a test must not ask the code what to expect):
# every From_ line holds a time and a year, so this over-approximates them.
_MAYBE_SEPARATOR = re.compile(r"From .*\d:\d\d.*\d{4}")
_message = st.tuples(
    st.sampled_from(SEPARATORS),
    _text,
    st.lists(_body_line, max_size=12),
    st.integers(min_value=0, max_value=(1 << 16) - 1),  # which lines end in CRLF
)


def _mbox(
    messages: list[tuple[bytes, str, list[str], int]], trailing_blank: bool
) -> tuple[bytes, list[int], list[bytes]]:
    """Concatenate generated messages; also return each one's offset and header block."""
    out = bytearray()
    offsets: list[int] = []
    headers: list[bytes] = []
    for index, (separator, subject, body, crlf_bits) in enumerate(messages):
        endings = itertools.cycle(b"\r\n" if crlf_bits >> bit & 1 else b"\n" for bit in range(16))

        def eol(endings: Iterator[bytes] = endings) -> bytes:
            return next(endings)

        offsets.append(len(out))
        out += separator + eol()
        header = b"Message-ID: <m%d@example.com>" % index + eol()
        header += b"Subject: " + subject.encode() + eol()
        headers.append(header)
        out += header + eol()
        previous_blank = True  # the empty line that ends the headers
        for line in body:
            if previous_blank and _MAYBE_SEPARATOR.match(line):
                line = ">" + line  # what mboxrd writers do; a bare one would be a separator
            out += line.encode() + eol()
            previous_blank = line == ""
        if index < len(messages) - 1 or trailing_blank:
            out += eol()
    return bytes(out), offsets, headers


@settings(max_examples=150, deadline=None)
@given(
    messages=st.lists(_message, min_size=1, max_size=6),
    trailing_blank=st.booleans(),
    chunk_size=st.sampled_from([1, 2, 3, 5, 8, 13, 64, 1 << 20]),
)
def test_splitting_is_stable(
    messages: list[tuple[bytes, str, list[str], int]], trailing_blank: bool, chunk_size: int
) -> None:
    data, offsets, headers = _mbox(messages, trailing_blank)
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "generated.mbox"
        path.write_bytes(data)
        raws = list(iter_mbox(path, chunk_size=chunk_size))
    assert [raw.offset for raw in raws] == offsets
    assert [raw.header_bytes for raw in raws] == headers
    assert sum(raw.size for raw in raws) == len(data)
    parsed = [parse_headers(raw, now=NOW) for raw in raws]
    assert [h.message_id for h in parsed if isinstance(h, MailHeader)] == [
        f"m{i}@example.com" for i in range(len(messages))
    ]


_PIECES = st.sampled_from(
    [
        b"\n",
        b"\r\n",
        b"\r",
        b" ",
        b"From ",
        SEPARATORS[0],
        SEPARATORS[1],
        b"Subject: x",
        b"\xed",
        b"x" * 40,
    ]
)


@settings(max_examples=200, deadline=None)
@given(data=st.lists(_PIECES, max_size=40).map(b"".join), chunk_size=st.integers(1, 20))
def test_any_bytes_are_tiled_the_same_whatever_the_chunk_size(data: bytes, chunk_size: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "any.mbox"
        path.write_bytes(data)
        whole = list(iter_mbox(path, chunk_size=1 << 20))
        assert list(iter_mbox(path, chunk_size=chunk_size)) == whole
    leading = len(data) - len(data.lstrip(b" \t\r\n"))
    ends = [raw.offset + raw.size for raw in whole]
    assert [raw.offset for raw in whole] == [leading, *ends][: len(whole)]
    assert ends[-1:] == ([len(data)] if whole else [])  # nothing after the last message
    assert whole or not data.strip(b" \t\r\n")  # only blank files hold no message


_FIELD_NAMES = st.sampled_from(
    [
        *("From", "To", "Cc", "Subject", "Date", "Message-ID", "References", "X-Gmail-Labels"),
        *("Content-Type", "List-Id", "Received", "Delivered-To", "Auto-Submitted"),
    ]
)
_AWKWARD = st.sampled_from(
    [
        *(b"=?utf-8?Q?", b"?=", b"?B?", b"=?x?q?a?=", b"<", b">", b'"', b"\\", b"(", b")"),
        *(b",", b";", b":", b"@", b" at ", b"\xff", b"\xe9", b"\r\n ", b"/O=X", b"1 Jan 2001"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.lists(
            st.tuples(
                _FIELD_NAMES, st.lists(st.one_of(_AWKWARD, st.binary(max_size=5)), max_size=10)
            ),
            max_size=8,
        ).map(
            lambda fields: b"".join(
                name.encode() + b": " + b"".join(value).replace(b"\n\n", b"\n ") + b"\n"
                for name, value in fields
            )
        ),
        st.binary(max_size=300),
    )
)
def test_header_blocks_never_break_the_parser(block: bytes) -> None:
    result = parse_headers(RawMessage(0, 0, block, len(block)), now=NOW)
    if isinstance(result, MailProblem):
        assert "could not be read" not in result.message, result.message  # no internal error
    else:
        is_automated(result)
        is_bounce(result)


def test_memory_stays_flat_on_a_50_mb_mbox(tmp_path: Path) -> None:
    path = tmp_path / "big.mbox"
    body = b"".join(b"%076d\n" % i for i in range(600))  # ~46 KB, a base64-like attachment
    attachment = body * 200  # one 9 MB message in the middle
    written = 0
    with path.open("wb") as out:
        while out.tell() < 50 * 1024 * 1024:
            out.write(
                b"From %d@xxx Fri Feb 04 17:10:22 +0000 2022\n"
                b"Message-ID: <m%d@example.com>\nFrom: Person %d <p%d@example.org>\n"
                b"Subject: message %d\nDate: Fri, 4 Feb 2022 17:10:22 +0000\n\n"
                % (written, written, written % 2000, written % 2000, written)
            )
            out.write(attachment if written == 300 else body)
            out.write(b"\n")
            written += 1
    tracemalloc.start()
    try:
        count = 0
        for raw in iter_mbox(path):
            assert isinstance(parse_headers(raw, now=NOW), MailHeader)
            count += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == written
    assert peak < 20 * 1024 * 1024, f"peak traced memory {peak / 1e6:.1f} MB"


# -- the header splitter against the stdlib parser it replaces ---------------------------

_FIELD_NAMES = st.sampled_from(
    ["From", "To", "Cc", "Subject", "Date", "Message-ID", "References", "X-Mailer", "Received"]
)
_VALUE = st.text(
    alphabet=st.characters(min_codepoint=32, max_codepoint=126) | st.sampled_from("é\t"),
    max_size=30,
)
_LINE = st.one_of(
    st.builds(lambda n, v: f"{n}: {v}", _FIELD_NAMES, _VALUE),  # a field
    st.builds(lambda v: f"\t{v}", _VALUE),  # a continuation
    st.builds(lambda v: f"From {v}", _VALUE),  # a From_ line where it does not belong
    st.builds(lambda v: f":{v}", _VALUE),  # a field with no name
    _VALUE,  # anything at all: ends the header when it is not a field
)


def _stdlib_fields(data: bytes) -> tuple[dict[str, list[str]], int, list[str]]:
    from email.parser import BytesHeaderParser
    from email.policy import compat32

    from goodword.sources.mailparse import _WANTED

    message = BytesHeaderParser(policy=compat32).parsebytes(data)
    fields: dict[str, list[str]] = {}
    for name, value in message.raw_items():
        if name.lower() in _WANTED:
            fields.setdefault(name.lower(), []).append(value)
    return fields, len(message), sorted({type(d).__name__ for d in message.defects})


def _spaces(fields: dict[str, list[str]]) -> dict[str, list[str]]:
    return {k: [re.sub(r"\s+", " ", v).strip() for v in vs] for k, vs in fields.items()}


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(_LINE, min_size=1, max_size=8),
    ending=st.sampled_from(["\n", "\r\n"]),
    latin1=st.booleans(),
)
def test_the_header_splitter_reads_what_the_stdlib_parser_reads(
    lines: list[str], ending: str, latin1: bool
) -> None:
    from goodword.sources.mailparse import header_fields

    data = ending.join(lines).encode("latin-1" if latin1 else "utf-8") + ending.encode()
    fields, count, defects = header_fields(data)
    expected_fields, expected_count, expected_defects = _stdlib_fields(data)
    assert _spaces(fields) == _spaces(expected_fields)
    assert count == expected_count
    assert sorted(set(defects)) == expected_defects
