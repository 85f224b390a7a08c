"""Time windows: periods in days, weeks or months, and moving windows over statements.

>>> p = parse_period("1m")
>>> p.add(dt.date(2024, 1, 31))
datetime.date(2024, 2, 29)
>>> found = slices(dt.date(2024, 1, 1), dt.date(2024, 1, 20), parse_period("14d"), parse_period("7d"))
>>> [(a.isoformat(), b.isoformat()) for a, b in found]
[('2024-01-01', '2024-01-14'), ('2024-01-08', '2024-01-21'), ('2024-01-15', '2024-01-28')]
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from stancemap.analysis.selection import statement_date
from stancemap.errors import UsageError
from stancemap.models import StoredStatement

_UNITS = {"d": "days", "w": "weeks", "m": "months", "y": "years"}
#: Most windows one request may make: a document dated 9999-12-31 among 2024's would otherwise
#: make hundreds of thousands of empty 30-day windows (and files).
MAX_WINDOWS = 10_000


@dataclass(frozen=True)
class Period:
    """A length of time: ``n`` days, weeks, months or years (calendar months and years)."""

    n: int
    unit: str = "days"

    def add(self, date: dt.date, times: int = 1) -> dt.date:
        """``date`` moved forward by this period ``times`` times (month ends clamp: Jan 31 + 1m = Feb 29).

        Raises
        ------
        OverflowError
            When the result would fall after ``datetime.date.max`` (9999-12-31).
        """
        n = self.n * times
        if self.unit == "days":
            return date + dt.timedelta(days=n)
        if self.unit == "weeks":
            return date + dt.timedelta(weeks=n)
        months = n if self.unit == "months" else 12 * n
        index = date.year * 12 + date.month - 1 + months
        year, month = divmod(index, 12)
        if not dt.MINYEAR <= year <= dt.MAXYEAR:
            raise OverflowError(f"{date.isoformat()} + {self.n * times}{self.unit[0]} is past {dt.date.max}")
        day = min(date.day, calendar.monthrange(year, month + 1)[1])
        return dt.date(year, month + 1, day)

    def __str__(self) -> str:
        return f"{self.n}{self.unit[0]}"


def parse_period(value: str | int | Period | dt.timedelta) -> Period:
    """Parse ``"30d"``, ``"2w"``, ``"3m"``, ``"1y"`` (a bare number means days).

    Raises
    ------
    UsageError
        E500 with an example of the expected form.

    >>> parse_period("2w"), parse_period(10)
    (Period(n=2, unit='weeks'), Period(n=10, unit='days'))
    """
    if isinstance(value, Period):
        return value
    if isinstance(value, dt.timedelta):
        return Period(value.days, "days")
    if isinstance(value, int):
        text = str(value)
    else:
        text = str(value).strip().lower()
    match = re.fullmatch(r"(\d+)\s*([dwmy]?)", text)
    if not match or int(match.group(1)) <= 0:
        raise UsageError.of("E500.period", value=value)
    return Period(int(match.group(1)), _UNITS[match.group(2) or "d"])


def slices(
    first: dt.date, last: dt.date, size: Period, step: Period | None = None
) -> Iterator[tuple[dt.date, dt.date]]:
    """Windows ``(start, end)``, both inclusive, of length ``size``, every ``step`` from ``first``
    while ``start <= last``.

    ``step`` defaults to ``size`` (adjacent windows, no overlap). Windows stop at
    the end of the calendar: one that would run past ``datetime.date.max``
    ends on it, and no window starts after it.

    >>> list(slices(dt.date.max, dt.date.max, parse_period("30d"), parse_period("7d")))
    [(datetime.date(9999, 12, 31), datetime.date(9999, 12, 31))]

    Raises
    ------
    UsageError
        ``E500`` when there would be more than :data:`MAX_WINDOWS` windows, before any is made.
    """
    step = step or size
    if _count(first, last, step, MAX_WINDOWS + 1) > MAX_WINDOWS:
        raise UsageError.of("E500.windows", size=size, step=step, first=first.isoformat(), last=last.isoformat(),
                                 limit=MAX_WINDOWS)
    i = 0
    start = first
    while start <= last:
        try:
            end = size.add(start) - dt.timedelta(days=1)
        except OverflowError:
            end = dt.date.max
        yield start, end
        i += 1
        try:
            start = step.add(first, i)
        except OverflowError:
            return


def _count(first: dt.date, last: dt.date, step: Period, limit: int) -> int:
    """How many windows start from ``first`` to ``last`` every ``step``, counting no further than ``limit``."""
    n = 0
    start = first
    while start <= last and n < limit:
        n += 1
        try:
            start = step.add(first, n)
        except OverflowError:
            break
    return n


def split(
    statements: Iterable[StoredStatement],
    *,
    size: str | Period,
    step: str | Period | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Iterator[tuple[dt.date, dt.date, list[StoredStatement]]]:
    """Moving windows over statements: ``(start, end, statements dated start..end)``.

    Undated statements are left out. Windows run from ``start`` (default: the
    earliest date) while their start is not after ``end`` (default: the latest
    date); empty windows are yielded too, so that a timeline has no holes.
    """
    size_p = parse_period(size)
    step_p = parse_period(step) if step is not None else size_p
    dated = sorted(
        ((d, s) for s in statements if (d := statement_date(s)) is not None),
        key=lambda pair: (pair[0], pair[1].id),
    )
    if not dated:
        return
    dates: Sequence[dt.date] = [d for d, _ in dated]
    first = start or dates[0]
    last = end or dates[-1]
    for lo, hi in slices(first, last, size_p, step_p):
        i = bisect.bisect_left(dates, lo)
        j = bisect.bisect_right(dates, hi)
        yield lo, hi, [s for _, s in dated[i:j]]
