"""Reading CSV files as real exports write them (``docs/formats.md``, LinkedIn export).

Each test builds its few bytes inline and is named by the quirk it covers.
Line numbers are physical, 1-based lines of the file, so every problem found
later can point at the exact place.
"""

from __future__ import annotations

import pytest

from goodword.errors import BrokenFile, ImportFailed
from goodword.sources.csvfile import Row, Table, read_table

# The Connections.csv preamble, byte for byte as in the 2023 and 2024 exports (FORMATS §1.2).
PREAMBLE = (
    b"Notes:\n"
    b'"When exporting your connection data, you may notice that some of the email addresses'
    b" are missing. You will only see email addresses for connections who have allowed their"
    b" connections to see or download their email address using this setting"
    b" https://www.linkedin.com/psettings/privacy/email. You can learn more here"
    b' https://www.linkedin.com/help/linkedin/answer/261"\n'
    b"\n"
)
CONNECTIONS_HEADER = b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
CONNECTIONS_COLUMNS = [
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
]
# Two people and a ghost row; no trailing newline, as LinkedIn writes this file.
CONNECTIONS_ROWS = (
    'Zoë,"Božić, Ph.D.",https://www.linkedin.com/in/zo%C3%AB-ba%C5%A1i%C4%87-12345678,'
    ",Globex,Engineer,04 Jul 2023\n"
    ",,,,,,14 Sep 2024\n"
    "Åsa,Lindqvist,https://www.linkedin.com/in/asa-lindqvist,asa@example.com,Initech,CTO,"
    "01 Jan 2020"
).encode()


def _read(data: bytes, *header_starts: str) -> tuple[Table, list[Row]]:
    table = read_table(data, "test.csv", header_starts)
    return table, list(table.rows)


# --- locating the header --------------------------------------------------------------


def test_connections_preamble_is_skipped_and_lines_stay_physical() -> None:
    table, rows = _read(PREAMBLE + CONNECTIONS_HEADER + CONNECTIONS_ROWS, "First Name")

    assert table.header == CONNECTIONS_COLUMNS
    assert table.header_line == 4
    assert table.delimiter == ","
    assert table.encoding == "utf-8"
    assert table.notes == ["3 preamble line(s) before the header"]
    assert [row.line for row in rows] == [5, 6, 7]
    assert rows[0].cells["last name"] == "Božić, Ph.D."
    assert rows[0].cells["email address"] == ""
    assert rows[1].cells["connected on"] == "14 Sep 2024"
    assert rows[2].get("First Name") == "Åsa"
    assert table.malformed == []


def test_header_starts_match_case_insensitively() -> None:
    table, rows = _read(PREAMBLE + CONNECTIONS_HEADER + CONNECTIONS_ROWS, "first name")
    assert table.header_line == 4
    assert len(rows) == 3


def test_without_header_starts_the_preamble_is_taken_for_the_header() -> None:
    # This is why importers must pass header_starts: the Notes: line wins otherwise.
    table, rows = _read(PREAMBLE + CONNECTIONS_HEADER + CONNECTIONS_ROWS)
    assert table.header == ["Notes:"]
    assert len(rows) == 1
    assert [line for line, _ in table.malformed] == [4, 5, 6, 7]


def test_2018_connections_without_preamble_or_url() -> None:
    data = (
        b"First Name,Last Name,Email Address,Company,Position,Connected On\n"
        b'Zoe,Basic,,Globex,Engineer,"1/8/18, 6:14 PM"\n'
    )
    table, rows = _read(data, "First Name")
    assert table.header_line == 1
    assert table.notes == []
    assert not table.has("URL")
    assert [(row.line, row.get("Connected On")) for row in rows] == [(2, "1/8/18, 6:14 PM")]


def test_leading_blank_lines_before_the_header() -> None:
    table, rows = _read(b"\n\nName,City\nZoe,Zagreb\n")
    assert table.header == ["Name", "City"]
    assert table.header_line == 3
    assert [row.line for row in rows] == [4]


def test_header_cells_are_stripped() -> None:
    table, rows = _read(b" First Name , Last Name \nZoe,Basic\n", "First Name")
    assert table.header == ["First Name", "Last Name"]
    assert rows[0].cells == {"first name": "Zoe", "last name": "Basic"}


# --- encodings and delimiters ---------------------------------------------------------


def test_utf8_bom_is_removed_from_the_first_header() -> None:
    table, rows = _read(b"\xef\xbb\xbf" + CONNECTIONS_HEADER + CONNECTIONS_ROWS, "First Name")
    assert table.encoding == "utf-8-sig"
    assert table.header[0] == "First Name"
    assert rows[0].get("First Name") == "Zoë"
    assert [row.line for row in rows] == [2, 3, 4]


# A 2018 Complete-export "CSV": UTF-16LE with BOM, TAB-separated, every field quoted.
LOGINS_2018 = (
    '"Login Date"\t"IP Address"\t"Login Type"\r\n'
    '"2018-11-02 09:15:00 UTC"\t"192.0.2.1"\t"WEB"\r\n'
    '"2018-11-03 10:00:00 UTC"\t"192.0.2.2"\t"say ""hi"", then\ttab"\r\n'
)


def test_utf16le_bom_tab_separated_every_field_quoted() -> None:
    data = LOGINS_2018.encode("utf-16")
    assert data.startswith(b"\xff\xfe")
    table, rows = _read(data, "Login Date")

    assert table.encoding == "utf-16-le"
    assert table.delimiter == "\t"
    assert table.header == ["Login Date", "IP Address", "Login Type"]
    assert [row.line for row in rows] == [2, 3]
    assert rows[0].get("IP Address") == "192.0.2.1"
    assert rows[1].get("Login Type") == 'say "hi", then\ttab'
    assert table.malformed == []


def test_utf16be_bom() -> None:
    data = b"\xfe\xff" + "Name\tCity\nZoë\tZagreb\n".encode("utf-16-be")
    table, rows = _read(data)
    assert table.encoding == "utf-16-be"
    assert table.delimiter == "\t"
    assert rows[0].cells == {"name": "Zoë", "city": "Zagreb"}


def test_utf16_bom_with_odd_bytes_is_a_broken_file() -> None:
    with pytest.raises(BrokenFile, match="byte-order mark"):
        read_table(b"\xff\xfeN\x00\x00\xd8", "broken.csv")


def test_semicolon_delimiter_is_sniffed() -> None:
    table, rows = _read(b"Name;City\nZoe;Zagreb\n")
    assert table.delimiter == ";"
    assert rows[0].cells == {"name": "Zoe", "city": "Zagreb"}


def test_non_utf8_bytes_are_read_as_windows_1252_with_a_note() -> None:
    table, rows = _read(b"Name,City\nRen\xe9,Montr\xe9al\nZo\x93e\x94,x\n")
    assert table.encoding == "cp1252"
    assert table.notes == ["not UTF-8: read as Windows-1252"]
    assert rows[0].cells == {"name": "René", "city": "Montréal"}
    assert rows[1].get("Name") == "Zo“e”"


# --- line ends ------------------------------------------------------------------------


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"], ids=["crlf", "lone-cr"])
def test_excel_line_ends(newline: bytes) -> None:
    data = (PREAMBLE + CONNECTIONS_HEADER + CONNECTIONS_ROWS).replace(b"\n", newline)
    table, rows = _read(data, "First Name")
    assert table.header_line == 4
    assert [row.line for row in rows] == [5, 6, 7]
    assert rows[2].get("Connected On") == "01 Jan 2020"
    assert all("\r" not in value for row in rows for value in row.cells.values())


def test_no_trailing_newline_keeps_the_last_row() -> None:
    _, rows = _read(b"Name,City\nZoe,Zagreb\nAsa,Lund")
    assert [(row.line, row.get("City")) for row in rows] == [(2, "Zagreb"), (3, "Lund")]


def test_blank_lines_between_rows_are_skipped_but_counted() -> None:
    _, rows = _read(b"Name,City\nZoe,Zagreb\n\nAsa,Lund\n\n")
    assert [(row.line, row.get("Name")) for row in rows] == [(2, "Zoe"), (4, "Asa")]


# --- quoting and field counts ---------------------------------------------------------


def test_quoted_newlines_stay_in_the_field_and_shift_later_line_numbers() -> None:
    data = (
        b"FROM,CONTENT,FOLDER\n"
        b'Zoe,"Hi Sam,\nsee you\nat 5",INBOX\n'
        b"Asa,thanks,INBOX\n"
        b'Ben,"one\r\nmore",ARCHIVE\n'
        b"Cy,last,SPAM\n"
    )
    _, rows = _read(data)
    assert [row.line for row in rows] == [2, 5, 6, 8]
    assert rows[0].get("CONTENT") == "Hi Sam,\nsee you\nat 5"
    assert rows[2].get("CONTENT") == "one\nmore"


def test_quoted_newline_after_a_preamble() -> None:
    data = PREAMBLE + CONNECTIONS_HEADER + b'A,"B\nC",u,e,c,p,04 Jul 2023\nD,E,u,e,c,p,05 Jul 2023'
    _, rows = _read(data, "First Name")
    assert [row.line for row in rows] == [5, 7]


def test_rows_with_the_wrong_field_count_are_reported_not_yielded() -> None:
    data = (
        b"a,b,c\n"
        b"1,2,3\n"
        b"4,5\n"  # too few
        b"6,7,8,9\n"  # too many
        b'10,"multi\nline",11,12\n'  # too many, starting on line 5
        b"13,14,15\n"
    )
    table, rows = _read(data)
    assert [(row.line, row.get("a")) for row in rows] == [(2, "1"), (7, "13")]
    assert table.malformed == [
        (3, "expected 3 fields, found 2"),
        (4, "expected 3 fields, found 4"),
        (5, "expected 3 fields, found 4"),
    ]


def test_comments_csv_unquoted_multiline_message_counts_stray_lines() -> None:
    # Comments.csv writes multi-line messages without quotes (FORMATS §1.4, export D).
    data = (
        b"Date,Link,Message\n"
        b"2024-01-01 10:00:00,https://example.com/1,first line\n"
        b"second line\n"
        b"third, line\n"
        b"2024-01-02 10:00:00,https://example.com/2,ok\n"
    )
    table, rows = _read(data)
    assert [(row.line, row.get("Message")) for row in rows] == [(2, "first line"), (5, "ok")]
    assert [line for line, _ in table.malformed] == [3, 4]


def test_shares_csv_doubled_quotes_per_line_stay_in_one_row() -> None:
    # Shares.csv quotes each line of a multi-line post as "text""\n""""\n""text" (export C).
    data = (
        b'Date,ShareLink,ShareCommentary\n2024-01-01,l1,"text""\n""""\n""text"\n2024-01-02,l2,ok\n'
    )
    table, rows = _read(data)
    assert [row.line for row in rows] == [2, 5]
    assert rows[0].get("ShareCommentary") == 'text"\n""\n"text'
    assert table.malformed == []


def test_an_unclosed_quote_does_not_silently_swallow_later_rows() -> None:
    table, rows = _read(b'a,b\n1,"open\n2,3\n4,5\n')
    assert rows == []  # the open quote's row is not passed off as data
    assert table.malformed == [(2, "unreadable CSV from here to line 4: an unclosed quote")]


def test_malformed_rows_are_collected_as_rows_are_consumed() -> None:
    table = read_table(b"a,b\n1\n2,3\n", "lazy.csv")
    assert table.malformed == []
    first = next(table.rows)
    assert first.line == 3
    assert table.malformed == [(2, "expected 2 fields, found 1")]


def test_trailing_empty_fields_are_tolerated() -> None:
    table, rows = _read(b"a,b,c\n1,2,3,,\n4,5,\n6,7,8, \n")
    assert [row.cells for row in rows] == [
        {"a": "1", "b": "2", "c": "3"},
        {"a": "4", "b": "5", "c": ""},
        {"a": "6", "b": "7", "c": "8"},
    ]
    assert table.malformed == []


def test_extra_fields_with_content_are_not_trimmed() -> None:
    table, rows = _read(b"a,b\n1,2,,x\n")
    assert rows == []
    assert table.malformed == [(2, "expected 2 fields, found 4")]


def test_a_200_kb_field_is_read_whole() -> None:
    big = "x" * 200_000 + "é" + "y" * 1_000
    data = f'CONTENT,FOLDER\n"{big}",INBOX\nshort,SPAM\n'.encode()
    table, rows = _read(data)
    assert rows[0].get("CONTENT") == big
    assert rows[1].line == 3
    assert table.malformed == []


# --- empty and broken files -----------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [b"", b"\n\n\n", b"\xef\xbb\xbf", b"\xff\xfe", b"\r\n"],
    ids=["empty", "blank-lines", "utf8-bom-only", "utf16-bom-only", "crlf-only"],
)
def test_an_empty_file_is_a_broken_file(data: bytes) -> None:
    with pytest.raises(BrokenFile, match=r"empty\.csv: empty file"):
        read_table(data, "empty.csv")


def test_broken_file_is_an_import_failure() -> None:
    with pytest.raises(ImportFailed):
        read_table(b"", "Connections.csv")


def test_a_header_without_rows_yields_nothing() -> None:
    table, rows = _read(CONNECTIONS_HEADER.rstrip(b"\n"), "First Name")
    assert table.header == CONNECTIONS_COLUMNS
    assert rows == []
    assert table.malformed == []


# --- Row and Table --------------------------------------------------------------------


def test_row_get_accepts_several_header_spellings_case_insensitively() -> None:
    row = Row(line=2, cells={"sender profile url": "  https://x  ", "email address": ""})
    assert row.get("SENDER PROFILE URL") == "https://x"
    assert row.get("Sender Profile Url") == "https://x"
    assert row.get("inviterProfileUrl", "Sender Profile URL") == "https://x"
    assert row.get("missing", "also missing") == ""
    assert row.get() == ""


def test_row_get_prefers_the_first_present_spelling_even_when_empty() -> None:
    row = Row(line=2, cells={"email address": "", "email": "zoe@example.com"})
    assert row.get("Email Address", "Email") == ""
    assert row.get("Email", "Email Address") == "zoe@example.com"


def test_cells_are_keyed_by_the_casefolded_header() -> None:
    _, rows = _read("CONVERSATION ID,Straße,From\nc1,Hauptstr. 1,Zoe\n".encode())
    assert rows[0].cells == {"conversation id": "c1", "strasse": "Hauptstr. 1", "from": "Zoe"}
    assert rows[0].get("Conversation ID") == "c1"
    assert rows[0].get("STRASSE") == "Hauptstr. 1"


def test_table_has_checks_columns_case_insensitively() -> None:
    table = read_table(CONNECTIONS_HEADER, "Connections.csv")
    assert table.has("first name", "URL", "CONNECTED ON")
    assert table.has()
    assert not table.has("First Name", "inviterProfileUrl")
    assert table.name == "Connections.csv"
