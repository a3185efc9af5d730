"""Reading header facts: each header quirk of ``docs/formats.md`` (Mail), every message read."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from goodword.sources.mail.classify import is_automated, is_bounce
from goodword.sources.mail.framing import (
    RawMessage,
    read_message_file,
)
from goodword.sources.mail.headers import Address, MailHeader, MailProblem, parse_headers
from tests.sources.mail.rawmail import FIXTURES, NOW, _utc, read, split, write

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


def test_copies_under_other_message_ids_share_a_copy_key(tmp_path: Path) -> None:
    def header(mid: str, to: str = "ada@example.org", body: bytes = b"Plans.\n") -> MailHeader:
        raw = (
            f"Message-ID: <{mid}>\nFrom: sam@example.com\nTo: {to}\nSubject: Plans\n"
            "Date: Mon, 03 Mar 2025 09:00:00 +0000\n\n"
        ).encode()
        path = tmp_path / f"{mid}.eml"
        path.write_bytes(raw + body)
        result = parse_headers(read_message_file(path, 0), now=NOW)
        assert isinstance(result, MailHeader)
        return result

    first = header("a@x")
    assert first.copy_key.startswith("sha1:")
    assert header("b@x", body=b"Plans.\r\n").copy_key == first.copy_key  # line ends aside
    assert header("a@x", to="bo@example.org").copy_key != first.copy_key
    assert header("a@x", body=b"Other plans.\n").copy_key != first.copy_key


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


# --- properties -----------------------------------------------------------------------------

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

    from goodword.sources.mail.headers import _WANTED

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
    from goodword.sources.mail.headers import header_fields

    data = ending.join(lines).encode("latin-1" if latin1 else "utf-8") + ending.encode()
    fields, count, defects = header_fields(data)
    expected_fields, expected_count, expected_defects = _stdlib_fields(data)
    assert _spaces(fields) == _spaces(expected_fields)
    assert count == expected_count
    assert sorted(set(defects)) == expected_defects
