"""Dates from row values and file names: never filled in from today."""

from __future__ import annotations

import datetime as dt

import pytest

from stancemap.ingest.dates import date_from_filename, parse_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-28", dt.date(2024, 5, 28)),
        (" 2024-05-28T09:00:00Z", dt.date(2024, 5, 28)),
        ("2024-05-28 09:00", dt.date(2024, 5, 28)),
        ("28 May 2024", dt.date(2024, 5, 28)),
        ("Tue, 28 May 2024 10:00:00 GMT", dt.date(2024, 5, 28)),
        (dt.date(2024, 5, 28), dt.date(2024, 5, 28)),
        (dt.datetime(2024, 5, 28, 23, 59), dt.date(2024, 5, 28)),
        ("2024-02-30", None),
        ("May 2024", None),
        ("28 May", None),
        ("yesterday", None),
        ("2 days ago", None),
        ("1716854400", None),
        ("", None),
        (None, None),
        (20240528, None),
        ("not a date", None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("publisher_2016-10-12_slug", dt.date(2016, 10, 12)),
        ("2016-10-12", dt.date(2016, 10, 12)),
        ("x_2016-13-01_then_2017-01-02", dt.date(2017, 1, 2)),
        ("id_12016-10-12", None),
        ("no-date-here", None),
    ],
)
def test_date_from_filename(stem, expected):
    assert date_from_filename(stem) == expected
