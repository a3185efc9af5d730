"""The bulk INSERT path writes exactly what SQLAlchemy's own parameter handling would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.dialects import sqlite

from goodword.store.models import UTCDateTime
from goodword.store.reading import sqlite_timestamp, timestamp_reader

MOMENTS = [
    datetime(2019, 1, 1, 1, 2, 5, tzinfo=UTC),
    datetime(2024, 2, 29, 23, 59, 59, 999_999, tzinfo=UTC),
    datetime(2021, 3, 28, 1, 30, tzinfo=timezone(timedelta(hours=2))),  # another zone
    datetime(1999, 12, 31, 22, 0, tzinfo=timezone(timedelta(hours=-5, minutes=-30))),
    datetime(1, 1, 1, 12, 0, tzinfo=UTC),  # a year under 1000 keeps its four digits
    datetime(9999, 12, 31, 0, 0, 0, 1, tzinfo=UTC),
]


@pytest.mark.parametrize("moment", MOMENTS, ids=str)
def test_a_timestamp_is_written_as_sqlalchemy_writes_it(moment: datetime) -> None:
    column = UTCDateTime()
    dialect = sqlite.dialect()
    impl = column.dialect_impl(dialect).impl_instance.bind_processor(dialect)
    assert impl is not None
    expected = impl(column.process_bind_param(moment, dialect))
    assert sqlite_timestamp(moment) == expected


def test_no_timestamp_stays_null_and_a_naive_one_is_refused() -> None:
    assert sqlite_timestamp(None) is None
    with pytest.raises(ValueError, match="aware"):
        sqlite_timestamp(datetime(2020, 1, 1))


@pytest.mark.parametrize("moment", MOMENTS, ids=str)
def test_a_timestamp_written_for_sqlite_reads_back_as_the_same_moment(moment: datetime) -> None:
    text = sqlite_timestamp(moment)
    assert timestamp_reader("sqlite")(text) == moment
    assert timestamp_reader("sqlite")(text).tzinfo is UTC
