"""The LinkedIn date zoo (``docs/formats.md``), parsed through each column's format list.

Every example string is a format row of §1.3 as the export writes it. No time
zone is ever guessed: whatever LinkedIn writes is read as UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from goodword.records import PartialDate
from goodword.sources.dates import (
    CONNECTED_ON,
    ENDORSEMENT_DATE,
    JAVA_DATE,
    MESSAGE_DATE,
    US_SHORT,
    DateParseError,
    implausible,
    parse_day,
    parse_instant,
    parse_partial,
)


def _utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


@pytest.mark.parametrize(
    ("column", "text", "expected"),
    [
        # Connections.Connected On (2020s): DD Mon YYYY, no time.
        (CONNECTED_ON, "04 Jul 2023", _utc(2023, 7, 4)),
        # Connections.Connected On (2018): M/D/YY, h:mm AM.
        (CONNECTED_ON, "1/8/18, 6:14 PM", _utc(2018, 1, 8, 18, 14)),
        # Connections re-saved by Excel: DD-Mon-YY.
        (CONNECTED_ON, "18-Jun-24", _utc(2024, 6, 18)),
        # messages.DATE.
        (MESSAGE_DATE, "2023-07-10 15:47:10 UTC", _utc(2023, 7, 10, 15, 47, 10)),
        # Messages.Date (2018).
        (MESSAGE_DATE, "10/16/18, 8:36 AM", _utc(2018, 10, 16, 8, 36)),
        # Endorsement Date: slashes, not dashes.
        (ENDORSEMENT_DATE, "2021/08/11 11:00:31 UTC", _utc(2021, 8, 11, 11, 0, 31)),
        # Invitations.Sent At and friends: not zero-padded.
        (US_SHORT, "6/17/23, 6:18 AM", _utc(2023, 6, 17, 6, 18)),
        # Recommendations.Creation Date: zero-padded.
        (US_SHORT, "12/09/22, 07:18 PM", _utc(2022, 12, 9, 19, 18)),
        # Company Follows.Followed On: Java Date.toString().
        (JAVA_DATE, "Sat Dec 14 08:57:55 UTC 2024", _utc(2024, 12, 14, 8, 57, 55)),
    ],
)
def test_each_linkedin_format_parses_to_utc(
    column: tuple[str, ...], text: str, expected: datetime
) -> None:
    parsed = parse_instant(text, column)
    assert parsed == expected
    assert parsed.tzinfo is UTC
    assert parsed.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # US order everywhere: 12/09 is 9 December, never 12 September.
        ("12/09/22, 07:18 PM", _utc(2022, 12, 9, 19, 18)),
        ("1/2/23, 9:05 AM", _utc(2023, 1, 2, 9, 5)),
        # The 12-hour clock edges.
        ("12/09/22, 12:05 AM", _utc(2022, 12, 9, 0, 5)),
        ("12/09/22, 12:05 PM", _utc(2022, 12, 9, 12, 5)),
        # Meridiems as Excel and some locales write them.
        ("6/17/23, 6:18 pm", _utc(2023, 6, 17, 18, 18)),
        ("6/17/23, 6:18 p.m.", _utc(2023, 6, 17, 18, 18)),
        ("6/17/23, 6:18 a.m.", _utc(2023, 6, 17, 6, 18)),
        # Stray spaces.
        ("  6/17/23,   6:18 AM ", _utc(2023, 6, 17, 6, 18)),
    ],
)
def test_us_short_variants(text: str, expected: datetime) -> None:
    assert parse_instant(text, US_SHORT) == expected


def test_two_digit_years_land_in_the_right_century() -> None:
    assert parse_instant("1/8/99, 6:14 PM", US_SHORT).year == 1999
    assert parse_instant("1/8/18, 6:14 PM", US_SHORT).year == 2018
    assert parse_instant("18-Jun-99", CONNECTED_ON).year == 1999


def test_connected_on_without_zero_padding() -> None:
    assert parse_instant("4 Jul 2023", CONNECTED_ON) == _utc(2023, 7, 4)


def test_parse_day_gives_the_calendar_day() -> None:
    assert parse_day("04 Jul 2023", CONNECTED_ON) == date(2023, 7, 4)
    assert parse_day("1/8/18, 11:59 PM", CONNECTED_ON) == date(2018, 1, 8)
    assert parse_day("18-Jun-24", CONNECTED_ON) == date(2024, 6, 18)


@pytest.mark.parametrize(
    ("column", "text"),
    [
        (CONNECTED_ON, ""),
        (CONNECTED_ON, "garbage"),
        (CONNECTED_ON, "04 July 2023"),
        (CONNECTED_ON, "31 Feb 2023"),
        # A format that belongs to another column is not accepted silently.
        (CONNECTED_ON, "2023-07-10 15:47:10 UTC"),
        (MESSAGE_DATE, "04 Jul 2023"),
        (ENDORSEMENT_DATE, "6/17/23, 6:18 AM"),
        (JAVA_DATE, "2023-07-10 15:47:10 UTC"),
        # Month 13 does not exist: no silent swap to D/M order.
        (US_SHORT, "13/15/24, 1:00 PM"),
        (US_SHORT, "6/17/23 6:18 AM"),
        # Only UTC is ever written; another zone is not guessed at.
        (JAVA_DATE, "Sat Dec 14 08:57:55 PST 2024"),
    ],
)
def test_unrecognised_text_raises(column: tuple[str, ...], text: str) -> None:
    with pytest.raises(DateParseError, match="unrecognised date"):
        parse_instant(text, column)


def test_date_parse_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="nonsense"):
        parse_instant("nonsense", MESSAGE_DATE)


# --- partial dates (Positions, Education) ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nov 2022", PartialDate(2022, 11)),
        ("nov 2022", PartialDate(2022, 11)),
        ("November 2022", PartialDate(2022, 11)),
        ("Sept 2022", PartialDate(2022, 9)),
        ("Jan 1999", PartialDate(1999, 1)),
        ("2015", PartialDate(2015)),
        (" 2015 ", PartialDate(2015)),
        ("2015-11", PartialDate(2015, 11)),
        ("11/2015", PartialDate(2015, 11)),
    ],
)
def test_parse_partial(text: str, expected: PartialDate) -> None:
    assert parse_partial(text) == expected


def test_a_year_only_partial_date_has_no_month() -> None:
    parsed = parse_partial("2015")
    assert parsed is not None
    assert parsed.month is None
    assert (parsed.first_day(), parsed.last_day()) == (date(2015, 1, 1), date(2015, 12, 31))


@pytest.mark.parametrize("text", ["", "   ", "Present", "NA"])
def test_an_empty_partial_date_means_ongoing(text: str) -> None:
    assert parse_partial(text) is None


@pytest.mark.parametrize("text", ["Foo 2022", "2015-13", "13/2015", "Apr 22", "soon"])
def test_unrecognised_partial_date_raises(text: str) -> None:
    with pytest.raises(DateParseError):
        parse_partial(text)


# --- implausible dates ----------------------------------------------------------------

TODAY = date(2024, 6, 1)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (date(1979, 12, 4), True),
        (date(1989, 12, 31), True),
        (_utc(1985, 1, 1, 12), True),
        (date(1990, 1, 1), False),
        (date(2024, 6, 1), False),
        # One day of slack for zones ahead of UTC.
        (date(2024, 6, 2), False),
        (_utc(2024, 6, 2, 23, 59), False),
        (date(2024, 6, 3), True),
        (_utc(2030, 1, 1), True),
    ],
)
def test_implausible_flags_old_and_future_dates(moment: date, expected: bool) -> None:
    assert implausible(moment, today=TODAY) is expected


def test_implausible_defaults_to_the_real_today() -> None:
    assert implausible(datetime.now(UTC) + timedelta(days=30))
    assert not implausible(datetime.now(UTC) - timedelta(days=30))


# --- round trips ----------------------------------------------------------------------

offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
moments = st.datetimes(
    min_value=datetime(1990, 1, 1),
    max_value=datetime(2099, 12, 31),
    timezones=offsets,
).map(lambda moment: moment.replace(microsecond=0))


def _as_messages_csv_writes_it(moment: datetime) -> str:
    utc = moment.astimezone(UTC)
    return (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d} "
        f"{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d} UTC"
    )


@given(moments)
@example(datetime(2023, 7, 10, 15, 47, 10, tzinfo=UTC))
@example(datetime(2024, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=2))))
def test_a_messages_csv_date_round_trips_to_the_same_instant(moment: datetime) -> None:
    parsed = parse_instant(_as_messages_csv_writes_it(moment), MESSAGE_DATE)
    assert parsed == moment
    assert parsed.utcoffset() == timedelta(0)


def _as_invitations_csv_writes_it(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    meridiem = "AM" if moment.hour < 12 else "PM"
    return f"{moment.month}/{moment.day}/{moment.year % 100:02d}, {hour}:{moment.minute:02d} {meridiem}"


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2068, 12, 31)).map(
        lambda moment: moment.replace(second=0, microsecond=0, tzinfo=UTC)
    )
)
@example(datetime(2023, 6, 17, 0, 18, tzinfo=UTC))
@example(datetime(2023, 6, 17, 12, 18, tzinfo=UTC))
def test_an_invitations_csv_date_round_trips(moment: datetime) -> None:
    assert parse_instant(_as_invitations_csv_writes_it(moment), US_SHORT) == moment
