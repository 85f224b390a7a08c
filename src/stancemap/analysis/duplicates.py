"""Duplicate rules and tallies: how repeated statements count.

An actor who says the same thing on the same issue ten times in one article
has made one point, not ten. A *duplicate rule* says when two observations of
the same (actor, issue, stance) count once: within the same document, calendar
week, month or year, across the whole range, or never (keep all). These are
the rules of the Discourse Network Analyzer (Leifeld 2017), each a function
from an observation to its bucket; observations sharing (actor, issue, stance,
bucket) count once.

:func:`tally` applies a rule and sums what is left per (actor, issue, stance)
into :class:`Tally` records, which every network builder consumes.
:mod:`stancemap.store.aggregates` computes the same tallies in SQL (each rule
has a ``bucket`` name it translates).

References
----------
Leifeld, P. (2017). Discourse Network Analysis: Policy Debates as Dynamic
Networks. In J. N. Victor, A. H. Montgomery and M. Lubell (eds.), *The Oxford
Handbook of Political Networks*, 301-326. Oxford University Press.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field

from stancemap.analysis.selection import Observation

#: Monday 1970-01-05: weeks are counted from it (Monday-start calendar weeks, as ISO weeks).
WEEK_ORIGIN = dt.date(1970, 1, 5)

DuplicateRule = Callable[[Observation], Hashable]


def _rule(bucket: str) -> Callable[[DuplicateRule], DuplicateRule]:
    def mark(func: DuplicateRule) -> DuplicateRule:
        func.bucket = bucket  # type: ignore[attr-defined]
        return func

    return mark


@_rule("statement")
def keep_all(obs: Observation) -> Hashable:
    """Every statement counts (no duplicates removed)."""
    return obs.statement_id


@_rule("document")
def per_document(obs: Observation) -> Hashable:
    """A repeated (actor, issue, stance) counts once per document (the default)."""
    return obs.document


@_rule("week")
def per_week(obs: Observation) -> Hashable:
    """Counts once per calendar week (Monday to Sunday); undated statements share one bucket."""
    return None if obs.date is None else (obs.date - WEEK_ORIGIN).days // 7


@_rule("month")
def per_month(obs: Observation) -> Hashable:
    """Counts once per calendar month; undated statements share one bucket."""
    return None if obs.date is None else obs.date.year * 12 + obs.date.month - 1


@_rule("year")
def per_year(obs: Observation) -> Hashable:
    """Counts once per calendar year; undated statements share one bucket."""
    return None if obs.date is None else obs.date.year


@_rule("range")
def per_range(obs: Observation) -> Hashable:
    """Counts once across the whole selection: does the actor hold this stance at all (0 or 1)."""
    return None


#: The rules by the names the command line uses.
DUPLICATE_RULES: dict[str, DuplicateRule] = {
    "all": keep_all,
    "document": per_document,
    "week": per_week,
    "month": per_month,
    "year": per_year,
    "range": per_range,
}


@dataclass(frozen=True, slots=True)
class Tally:
    """What an actor said on an issue with one stance, after a duplicate rule.

    Attributes
    ----------
    actor, issue, stance : str
    count : int
        Observations left after the duplicate rule.
    value : float
        ``count`` when unweighted; with confidence weighting, the sum over the
        kept buckets of the highest confidence in each.
    statements : int
        Observations before the duplicate rule.
    first, last : date or None
        Earliest and latest dated observation.
    ids : tuple of int
        Statement ids behind the tally, all of them (duplicates included), so
        that every edge can be traced to its quotes; empty when the tallies
        come from SQL aggregation without evidence.
    actor_type : str or None
    """

    actor: str
    issue: str
    stance: str
    count: int
    value: float
    statements: int
    first: dt.date | None = None
    last: dt.date | None = None
    ids: tuple[int, ...] = ()
    actor_type: str | None = None


def tally(observations: Iterable[Observation], duplicates: DuplicateRule = per_document) -> list[Tally]:
    """Apply a duplicate rule and sum observations per (actor, issue, stance).

    Parameters
    ----------
    observations : iterable of Observation
        From :func:`stancemap.analysis.observations`.
    duplicates : callable
        One of :func:`keep_all`, :func:`per_document`, :func:`per_week`,
        :func:`per_month`, :func:`per_year`, :func:`per_range`, or any function
        from an observation to a hashable bucket.

    Returns
    -------
    list of Tally
        Sorted by actor, issue and stance.

    Examples
    --------
    >>> import datetime as dt
    >>> obs = [Observation(1, "A", "x", "support", dt.date(2024, 5, 1), "d1", 1.0),
    ...        Observation(2, "A", "x", "support", dt.date(2024, 5, 1), "d1", 1.0),
    ...        Observation(3, "A", "x", "support", dt.date(2024, 5, 9), "d2", 1.0)]
    >>> [(t.count, t.statements, t.ids) for t in tally(obs, per_document)]
    [(2, 3, (1, 2, 3))]
    >>> [t.count for t in tally(obs, keep_all)], [t.count for t in tally(obs, per_month)]
    ([3], [1])
    """
    groups: dict[tuple[str, str, str], dict[Hashable, float]] = {}
    info: dict[tuple[str, str, str], _Evidence] = {}
    for obs in observations:
        key = (obs.actor, obs.issue, obs.stance)
        buckets = groups.setdefault(key, {})
        bucket = duplicates(obs)
        previous = buckets.get(bucket)
        if previous is None or obs.weight > previous:
            buckets[bucket] = obs.weight
        if key not in info:
            info[key] = _Evidence(actor_type=obs.actor_type)
        info[key].add(obs)
    result = []
    for key in sorted(groups):
        buckets = groups[key]
        entry = info[key]
        result.append(
            Tally(
                actor=key[0],
                issue=key[1],
                stance=key[2],
                count=len(buckets),
                value=float(sum(buckets.values())),
                statements=entry.statements,
                first=entry.first,
                last=entry.last,
                ids=tuple(sorted(set(entry.ids))),
                actor_type=entry.actor_type,
            )
        )
    return result


@dataclass
class _Evidence:
    """What a tally reports besides its count: statements before the rule, dates, ids, actor type."""

    statements: int = 0
    first: dt.date | None = None
    last: dt.date | None = None
    ids: list[int] = field(default_factory=list)
    actor_type: str | None = None

    def add(self, obs: Observation) -> None:
        self.statements += 1
        if obs.date is not None:
            if self.first is None or obs.date < self.first:
                self.first = obs.date
            if self.last is None or obs.date > self.last:
                self.last = obs.date
        self.ids.append(obs.statement_id)
        if self.actor_type is None:
            self.actor_type = obs.actor_type
