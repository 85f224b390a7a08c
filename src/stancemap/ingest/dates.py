"""Dates of articles: from row values and from file names.

A missing part is never filled in from today's date, and relative dates
("yesterday", "2 days ago") are refused: a date either comes from the input or
is ``None``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

__all__ = ["parse_date", "date_from_filename"]

#: dateparser settings: all of day, month and year must be present, no relative
#: dates, no Unix timestamps, no time zone juggling.
DATEPARSER_SETTINGS: dict[str, Any] = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["custom-formats", "absolute-time"],
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PREFER_DAY_OF_MONTH": "first",
}

#: Longest text tried as a date; longer values are not dates ("Wednesday, 28 September 2016, 09:00 CEST" is 42).
MAX_DATE_LENGTH = 200

_ISO_PREFIX = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:$|[T ])")
_FILENAME_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def parse_date(value: Any) -> dt.date | None:
    """Parse a publication date from a row value.

    ISO 8601 is tried first (``2024-05-28``, ``2024-05-28T09:00:00Z``); other
    forms ("28 May 2024", "May 28, 2024", "28. Mai 2024") go through
    dateparser with :data:`DATEPARSER_SETTINGS`.

    Parameters
    ----------
    value : str, datetime.date, datetime.datetime or None
        The value found in the input.

    Returns
    -------
    datetime.date or None
        ``None`` when ``value`` is empty or not a complete, absolute date.

    Examples
    --------
    >>> parse_date("2024-05-28T09:00:00Z")
    datetime.date(2024, 5, 28)
    >>> parse_date("28 May 2024")
    datetime.date(2024, 5, 28)
    >>> parse_date("May 2024") is None, parse_date("yesterday") is None
    (True, True)

    Notes
    -----
    Ambiguous numeric dates such as ``12/10/2016`` are read month first
    (dateparser's default).
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    match = _ISO_PREFIX.match(text)
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            return None
    if len(text) > MAX_DATE_LENGTH:  # no date is this long; spare dateparser the work
        return None
    if text.isdigit():  # a bare number is not a date (Unix timestamps are refused)
        return None
    import dateparser  # slow to import; only needed for non-ISO dates

    parsed = dateparser.parse(text, settings=DATEPARSER_SETTINGS)
    return parsed.date() if parsed is not None else None


def date_from_filename(stem: str) -> dt.date | None:
    """Return the first valid ``YYYY-MM-DD`` date in a file name's stem.

    Only the file's own name counts: for a document id with folders
    (``2020-01-01/ap_2024-05-28_x``) the part after the last ``/``.

    Examples
    --------
    >>> date_from_filename("breitbart_2016-09-12_stealth-over-health")
    datetime.date(2016, 9, 12)
    >>> date_from_filename("notes_2016-13-45") is None
    True
    >>> date_from_filename("2020-01-01/ap_2024-05-28_x")
    datetime.date(2024, 5, 28)
    """
    for match in _FILENAME_DATE.finditer(stem.rsplit("/", 1)[-1]):
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            continue
    return None
