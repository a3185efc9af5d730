"""How LinkedIn spells things in its data export: headers, dates, URLs, CSV bytes.

Everything here follows docs/formats.md, "LinkedIn export" (real exports, not AI-written fixtures):
per-column date formats, the three profile-URL spellings, the Connections.csv
preamble, and the two encodings (UTF-8 comma CSV; UTF-16LE + BOM TAB files in
the 2018 Complete export).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Final, Literal
from urllib.parse import quote

from goodword.demo.truth import YearMonth

Style = Literal["2024", "2023", "2018"]
STYLES: Final[tuple[Style, ...]] = ("2024", "2023", "2018")

MONTHS: Final = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # fmt: skip
_DAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

CONNECTIONS_PREAMBLE: Final[str] = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    "are missing. You will only see email addresses for connections who have allowed their "
    "connections to see or download their email address using this setting "
    "https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
)
"""The 3-line preamble (the help URL really is cut at ``answer/261``) plus the blank line."""

CONNECTIONS_HEADER: Final = (
    "First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On",
)  # fmt: skip
CONNECTIONS_HEADER_2018: Final = (
    "First Name", "Last Name", "Email Address", "Company", "Position", "Connected On",
)  # fmt: skip
MESSAGES_HEADER_2023: Final = (
    "CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
    "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "FOLDER",
)  # fmt: skip
MESSAGES_HEADER_2024: Final = (*MESSAGES_HEADER_2023, "IS MESSAGE DRAFT", "IS CONVERSATION DRAFT")
MESSAGES_HEADER_2018: Final = ("From", "To", "Date", "Subject", "Content", "Direction", "Folder")
INVITATIONS_HEADER_2018: Final = ("From", "To", "Sent At", "Message", "Direction")
INVITATIONS_HEADER_2023: Final = (
    *INVITATIONS_HEADER_2018,
    "inviterProfileUrn",
    "inviteeProfileUrn",
)
INVITATIONS_HEADER_2024: Final = (
    *INVITATIONS_HEADER_2018,
    "inviterProfileUrl",
    "inviteeProfileUrl",
)
RECOMMENDATIONS_HEADER: Final = (
    "First Name", "Last Name", "Company", "Job Title", "Text", "Creation Date", "Status",
)  # fmt: skip
ENDORSEMENT_RECEIVED_HEADER: Final = (
    "Endorsement Date", "Skill Name", "Endorser First Name", "Endorser Last Name",
    "Endorser Public Url", "Endorsement Status",
)  # fmt: skip
ENDORSEMENT_GIVEN_HEADER: Final = (
    "Endorsement Date", "Skill Name", "Endorsee First Name", "Endorsee Last Name",
    "Endorsee Public Url", "Endorsement Status",
)  # fmt: skip
POSITIONS_HEADER: Final = (
    "Company Name", "Title", "Description", "Location", "Started On", "Finished On",
)  # fmt: skip
PROFILE_HEADER: Final = (
    "First Name", "Last Name", "Maiden Name", "Address", "Birth Date", "Headline", "Summary",
    "Industry", "Zip Code", "Geo Location", "Twitter Handles", "Websites", "Instant Messengers",
)  # fmt: skip
PROFILE_HEADER_2018: Final = (
    "First Name", "Last Name", "Maiden Name", "Address", "Birth Date", "Contact Instructions",
    "Headline", "Summary", "Industry", "Country", "Zip Code", "Geo Location", "Twitter Handles",
    "Websites", "Instant Messengers",
)  # fmt: skip
EMAIL_ADDRESSES_HEADER: Final = ("Email Address", "Confirmed", "Primary", "Updated On")
EDUCATION_HEADER: Final = (
    "School Name", "Start Date", "End Date", "Notes", "Degree Name", "Activities",
)  # fmt: skip
SKILLS_HEADER: Final = ("Name",)
SAVED_JOBS_HEADER: Final = ("Saved Date", "Job Url", "Job Title", "Company Name")
COMPANY_FOLLOWS_HEADER: Final = ("Organization", "Followed On")

PROFILE_ROOT: Final = "www.linkedin.com/in/"


# -- profile URLs -------------------------------------------------------------------------


def url_encoded(slug: str) -> str:
    """Connections.csv spelling: percent-encoded UTF-8 with uppercase hex."""
    return f"https://{PROFILE_ROOT}{quote(slug, safe='-')}"


def url_raw(slug: str) -> str:
    """messages.csv / Invitations.csv spelling: raw Unicode slug."""
    return f"https://{PROFILE_ROOT}{slug}"


def url_schemeless(slug: str) -> str:
    """Endorsement files spelling: no scheme, raw Unicode."""
    return f"{PROFILE_ROOT}{slug}"


def member_urn(member_id: int) -> str:
    """Mid-2023 Invitations.csv spelling: not a URL at all."""
    return f"urn:li:member:{member_id}"


# -- dates --------------------------------------------------------------------------------


def _clock(moment: datetime, *, pad: bool) -> str:
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    return f"{hour:02d}:{moment.minute:02d} {half}" if pad else f"{hour}:{moment.minute:02d} {half}"


def connections_date(day: date) -> str:
    """``04 Jul 2023`` (Connections.csv since 2020; English months, no time)."""
    return f"{day.day:02d} {MONTHS[day.month - 1]} {day.year}"


def us_short(moment: datetime) -> str:
    """``6/17/23, 6:18 AM``: Invitations, Email Addresses, 2018 Messages/Connections."""
    return f"{moment.month}/{moment.day}/{moment.year % 100:02d}, {_clock(moment, pad=False)}"


def us_short_padded(moment: datetime) -> str:
    """``12/09/22, 07:18 PM``: Recommendations Creation Date (zero-padded)."""
    return (
        f"{moment.month:02d}/{moment.day:02d}/{moment.year % 100:02d}, {_clock(moment, pad=True)}"
    )


def message_date(moment: datetime) -> str:
    """``2023-07-10 15:47:10 UTC`` (messages.csv DATE)."""
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def endorsement_date(moment: datetime) -> str:
    """``2021/08/11 11:00:31 UTC`` (Endorsement Date: slashes, not dashes)."""
    return moment.strftime("%Y/%m/%d %H:%M:%S UTC")


def month_year(ym: YearMonth) -> str:
    """``Nov 2022`` (Positions Started On / Finished On)."""
    return f"{MONTHS[ym[1] - 1]} {ym[0]}"


def java_date(moment: datetime) -> str:
    """``Sat Dec 14 08:57:55 UTC 2024`` (Company Follows: Java ``Date.toString()``)."""
    return (
        f"{_DAYS[moment.weekday()]} {MONTHS[moment.month - 1]} {moment.day:02d} "
        f"{moment:%H:%M:%S} UTC {moment.year}"
    )


# -- bytes --------------------------------------------------------------------------------


def csv_bytes(
    header: Sequence[str], rows: Iterable[Sequence[str]], *, trailing_newline: bool = True
) -> bytes:
    """UTF-8 (no BOM), LF, minimal quoting; optionally without the final LF."""
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    text = buf.getvalue()
    if not trailing_newline:
        text = text.removesuffix("\n")
    return text.encode("utf-8")


def utf16_tsv_bytes(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """The 2018 Complete export's odd files: UTF-16LE with BOM, TAB, every field quoted."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter="\t", quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return b"\xff\xfe" + buf.getvalue().encode("utf-16-le")
