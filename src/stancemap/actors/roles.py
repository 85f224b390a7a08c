"""Roles held over time: a title ("NATO Secretary General") and who held it when.

A title in an article ("the NATO Secretary General said") names whoever held the
role on the article's date: Jens Stoltenberg in May 2024, Mark Rutte in
November 2024. Dates are inclusive at both ends; on a handover day, when the
outgoing holder's ``end`` equals the incoming holder's ``start``, the incoming
holder wins.

A role may ``speak_for`` a country or organisation ("US Secretary of State" speaks
for the United States): its holder acts for that body only while in office. A
person's party and the organisations they act for outside any office are
:class:`Membership` records with the same inclusive dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


def as_date(value: object) -> dt.date | None:
    """Return ``value`` as a :class:`datetime.date` (``None`` stays ``None``).

    Accepts a date, a datetime, or an ISO string ``YYYY-MM-DD``.

    >>> as_date("2024-05-28")
    datetime.date(2024, 5, 28)
    >>> as_date(None) is None
    True

    Raises
    ------
    ValueError
        If a string is not an ISO date, or the value has another type.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value.strip())
    raise ValueError(f"not a date: {value!r}")


@dataclass(frozen=True)
class Tenure:
    """One holder's time in a role: ``start`` and ``end`` inclusive; ``None`` is open."""

    holder: str
    start: dt.date | None = None
    end: dt.date | None = None

    def covers(self, date: dt.date) -> bool:
        """Whether the holder was in office on ``date``.

        >>> Tenure("Jens Stoltenberg", dt.date(2014, 10, 1), dt.date(2024, 10, 1)).covers(dt.date(2024, 5, 28))
        True
        """
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)


@dataclass(frozen=True)
class Role:
    """A title, the other ways it is written, and its holders over time.

    Examples
    --------
    >>> sg = Role("NATO Secretary General", tenures=(
    ...     Tenure("Jens Stoltenberg", dt.date(2014, 10, 1), dt.date(2024, 10, 1)),
    ...     Tenure("Mark Rutte", dt.date(2024, 10, 1)),
    ... ))
    >>> sg.holder_on(dt.date(2024, 5, 28)), sg.holder_on(dt.date(2024, 10, 1))
    ('Jens Stoltenberg', 'Mark Rutte')
    >>> sg.holder_on(dt.date(2010, 1, 1)) is None
    True
    """

    title: str
    aliases: tuple[str, ...] = ()
    tenures: tuple[Tenure, ...] = ()
    #: the country or organisation the holder speaks for while in office ("United States")
    speaks_for: str | None = None

    def holder_on(self, date: dt.date) -> str | None:
        """The holder's name on ``date``, or ``None`` when nobody listed held it."""
        covering = [t for t in self.tenures if t.covers(date)]
        if not covering:
            return None
        # the incoming holder wins on a handover day
        return max(covering, key=lambda t: t.start or dt.date.min).holder

    def problems(self) -> list[str]:
        """Sentences describing inconsistent tenures (empty when the role is sound).

        A tenure that ends before it starts, or two tenures that overlap by more
        than a handover day, is a problem.

        >>> Role("X", tenures=(Tenure("A", dt.date(2020, 1, 1), dt.date(2019, 1, 1)),)).problems()
        ["'X': A's tenure ends (2019-01-01) before it starts (2020-01-01)"]
        """
        found = []
        for t in self.tenures:
            if t.start and t.end and t.end < t.start:
                found.append(f"{self.title!r}: {t.holder}'s tenure ends ({t.end}) before it starts ({t.start})")
        ordered = sorted(self.tenures, key=lambda t: t.start or dt.date.min)
        for before, after in zip(ordered, ordered[1:], strict=False):
            if before.end is None or (after.start is not None and after.start < before.end):
                found.append(
                    f"{self.title!r}: {before.holder} ({before.start}..{before.end or 'open'}) "
                    f"overlaps {after.holder} (from {after.start})"
                )
        return found


@dataclass(frozen=True)
class Membership:
    """Time in a party, or acting for an organisation: ``start`` and ``end`` inclusive; ``None`` is open.

    >>> Membership("Republican Party", dt.date(2012, 4, 1)).covers(dt.date(2016, 10, 9))
    True
    """

    body: str
    start: dt.date | None = None
    end: dt.date | None = None

    def covers(self, date: dt.date) -> bool:
        """Whether the membership held on ``date``."""
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)


def member_on(memberships: tuple[Membership, ...] | list[Membership], date: dt.date) -> str | None:
    """The body of the membership that held on ``date`` (the latest started wins), or ``None``.

    >>> history = (Membership("Democratic Party", dt.date(2001, 8, 1), dt.date(2009, 9, 1)),
    ...            Membership("Republican Party", dt.date(2012, 4, 1)))
    >>> member_on(history, dt.date(2005, 1, 1)), member_on(history, dt.date(2016, 1, 1))
    ('Democratic Party', 'Republican Party')
    >>> member_on(history, dt.date(2011, 1, 1)) is None
    True
    """
    covering = [m for m in memberships if m.covers(date)]
    if not covering:
        return None
    return max(covering, key=lambda m: m.start or dt.date.min).body
