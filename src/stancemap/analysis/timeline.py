"""An actor's stance over time, with the evidence: position shifts and contradictions.

:func:`timeline` lists an actor's coded statements in date order and flags
events:

``first``
    the actor's first statement on an issue;
``shift``
    a change of position on an issue between two consecutive positions
    (oppose -> support or support -> oppose; neutral statements are not positions);
``contradiction``
    opposite stances on the same issue close in time (within ``within`` days,
    or in the same document);
``against-affiliation``
    a person's stance opposite to what their organisation or country said on
    the same issue close in time (e.g. a US Secretary of State saying Ukraine
    may decide for itself, while "the US" is reported wary).

Every event carries the statement ids behind it, so it can be checked against
the quotes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from stancemap.analysis.selection import affiliation_map, effective, statement_date
from stancemap.models import Actor, StoredStatement

OPPOSITE = {"support": "oppose", "oppose": "support"}
#: Days within which opposite stances count as a contradiction (the default of :func:`timeline`).
WITHIN_DAYS = 30
#: How events of the same date are ordered.
_EVENT_ORDER = {"first": 0, "shift": 1, "contradiction": 2, "against-affiliation": 3}


@dataclass(frozen=True)
class Entry:
    """One coded statement of the actor on one issue."""

    statement_id: int
    date: dt.date | None
    actor: str
    issue: str
    stance: str
    confidence: float
    document: str
    content: str
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["date"] = self.date.isoformat() if self.date else None
        return data


@dataclass(frozen=True)
class Event:
    """A flagged moment in a timeline (see the module docstring for ``kind``)."""

    kind: str
    date: dt.date | None
    actor: str
    issue: str
    stance: str
    statement_ids: tuple[int, ...]
    message: str
    previous: str | None = None
    other: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["date"] = self.date.isoformat() if self.date else None
        data["statement_ids"] = list(self.statement_ids)
        return data


@dataclass
class Timeline:
    """An actor's entries (date order, undated last) and the events found in them."""

    actor: str
    affiliation: str | None
    entries: list[Entry] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def positions(self) -> dict[str, Counter]:
        """Stance counts per issue: ``{issue: Counter({stance: n})}``."""
        out: dict[str, Counter] = {}
        for entry in self.entries:
            out.setdefault(entry.issue, Counter())[entry.stance] += 1
        return out

    def events_of(self, kind: str) -> list[Event]:
        return [e for e in self.events if e.kind == kind]

    def to_dict(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "affiliation": self.affiliation,
            "entries": [e.to_dict() for e in self.entries],
            "events": [e.to_dict() for e in self.events],
            "positions": {k: dict(v) for k, v in self.positions().items()},
        }


def _entries(statements: Iterable[StoredStatement], actor: str, issue: str | None) -> list[Entry]:
    wanted = actor.casefold()
    out = []
    for stored in statements:
        st = stored.statement
        if st.actor is None or st.actor.casefold() != wanted:
            continue
        for coding in effective(st.codings):
            if issue is not None and coding.issue != issue:
                continue
            out.append(
                Entry(
                    statement_id=stored.id,
                    date=statement_date(stored),
                    actor=st.actor,
                    issue=coding.issue,
                    stance=coding.stance,
                    confidence=coding.confidence,
                    document=stored.document.doc_id or st.doc_id,
                    content=st.content.text,
                    source=stored.document.source,
                )
            )
    out.sort(key=lambda e: (e.date is None, e.date or dt.date.min, e.statement_id, e.issue))
    return out


def _close(a: Entry, b: Entry, within: int) -> bool:
    if a.document == b.document:
        return True
    if a.date is None or b.date is None:
        return False
    return abs((a.date - b.date).days) <= within


def _fmt(date: dt.date | None) -> str:
    return date.isoformat() if date else "undated"


def timeline(
    statements: Iterable[StoredStatement],
    actor: str,
    *,
    issue: str | None = None,
    affiliation: str | None = None,
    actors: Iterable[Actor] | Mapping[str, Actor] | None = None,
    within: int = WITHIN_DAYS,
    affiliation_at: Callable[[str, dt.date | None], str | None] | None = None,
) -> Timeline:
    """The actor's stance over time, with first statements, shifts and contradictions.

    Parameters
    ----------
    statements : iterable of StoredStatement
        The actor's statements and, to find contradictions with their
        organisation's line, the organisation's (others are ignored).
    actor : str
        Canonical actor name (any case).
    issue : str, optional
        Only this issue.
    affiliation : str, optional
        The organisation or country whose line the actor is compared with;
        by default the actor's affiliation in ``actors``.
    actors : list of Actor or mapping, optional
        Canonical actors, for the affiliation.
    within : int
        Days within which opposite stances count as a contradiction (the same document always does).
    affiliation_at : callable, optional
        ``(actor, date) -> organisation``: the affiliation that held on each statement's date
        (:func:`stancemap.analysis.affiliation.affiliation_resolver`), used when ``affiliation`` is not
        given: a candidate is compared with their party during a campaign and with their country
        only while in office.

    Returns
    -------
    Timeline

    Examples
    --------
    >>> import datetime as dt
    >>> from stancemap.models import Coding, DocumentInfo, Statement, StoredStatement, TextSpan
    >>> def st(i, who, stance, day):
    ...     doc = DocumentInfo(i, f"d{i}", 1, dt.date(2024, 5, day))
    ...     s = Statement(f"d{i}", TextSpan(0, 1, "."), actor=who, codings=(Coding("x", stance, 0.9),))
    ...     return StoredStatement(i, s, doc)
    >>> t = timeline([st(1, "Blinken", "oppose", 1), st(2, "Blinken", "support", 20),
    ...               st(3, "United States", "oppose", 21)], "Blinken", affiliation="United States")
    >>> [(e.kind, e.statement_ids) for e in t.events]
    [('first', (1,)), ('shift', (1, 2)), ('contradiction', (1, 2)), ('against-affiliation', (2, 3))]
    """
    statements = list(statements)
    entries = _entries(statements, actor, issue)
    name = entries[0].actor if entries else actor
    if affiliation is None and affiliation_at is None:
        affiliation = _known_affiliation(name, actors)
    line_of = _line_of(name, affiliation, affiliation_at)
    latest = line_of(entries[-1]) if entries else affiliation
    events = _events(statements, entries, name, issue, within, line_of)
    return Timeline(actor=name, affiliation=latest, entries=entries, events=events)


def _events(
    statements: list[StoredStatement], entries: list[Entry], name: str, issue: str | None, within: int,
    line_of: Callable[[Entry], str | None],
) -> list[Event]:
    """The actor's own events and those against its line, in date order (undated last)."""
    events = _own_events(entries, name, within)
    events += _affiliation_events(entries, name, within, line_of, lambda org: _entries(statements, org, issue))
    events.sort(key=lambda e: (e.date is None, e.date or dt.date.min, _EVENT_ORDER[e.kind]))
    return events


def _line_of(
    name: str, affiliation: str | None, affiliation_at: Callable[[str, dt.date | None], str | None] | None
) -> Callable[[Entry], str | None]:
    """The organisation whose line an entry is compared with: ``affiliation``, or the one on its date."""

    def line_of(entry: Entry) -> str | None:
        return affiliation if affiliation is not None or affiliation_at is None else affiliation_at(name, entry.date)

    return line_of


def _known_affiliation(name: str, actors: Iterable[Actor] | Mapping[str, Actor] | None) -> str | None:
    """The affiliation of the actor ``name`` (any case) in ``actors``, if any."""
    known = affiliation_map(actors)
    record = known.get(name) or next((a for a in known.values() if a.name.casefold() == name.casefold()), None)
    return record.affiliation if record else None


def _own_events(entries: list[Entry], name: str, within: int) -> list[Event]:
    """First statements per issue, shifts between opposite stances, and contradictions (close shifts)."""
    events: list[Event] = []
    seen_issues: set[str] = set()
    last_position: dict[str, Entry] = {}
    for entry in entries:
        if entry.issue not in seen_issues:
            seen_issues.add(entry.issue)
            events.append(
                Event("first", entry.date, name, entry.issue, entry.stance, (entry.statement_id,),
                      f"{name}'s first statement on {entry.issue}: {entry.stance} ({_fmt(entry.date)})")
            )
        if entry.stance not in OPPOSITE:
            continue
        previous = last_position.get(entry.issue)
        last_position[entry.issue] = entry
        if previous is None or previous.stance == entry.stance:
            continue
        ids = (previous.statement_id, entry.statement_id)
        events.append(
            Event("shift", entry.date, name, entry.issue, entry.stance, ids,
                  f"{name} changed from {previous.stance} to {entry.stance} on {entry.issue} "
                  f"({_fmt(previous.date)} -> {_fmt(entry.date)})", previous=previous.stance)
        )
        if _close(previous, entry, within):
            events.append(
                Event("contradiction", entry.date, name, entry.issue, entry.stance, ids,
                      f"{name} took opposite stances on {entry.issue} within {within} days "
                      f"({previous.stance} on {_fmt(previous.date)}, {entry.stance} on {_fmt(entry.date)})",
                      previous=previous.stance)
            )
    return events


def _affiliation_events(
    entries: list[Entry],
    name: str,
    within: int,
    line_of: Callable[[Entry], str | None],
    entries_of: Callable[[str], list[Entry]],
) -> list[Event]:
    """Stances against the line (``line_of``) of the actor's organisation on the same issue, close in time.

    ``entries_of(org)`` gives the organisation's own entries (read once per organisation).
    """
    events: list[Event] = []
    lines: dict[str, list[Entry]] = {}
    for entry in entries:
        org = line_of(entry)
        if entry.stance not in OPPOSITE or not org or org.casefold() == name.casefold():
            continue
        if org not in lines:
            lines[org] = [e for e in entries_of(org) if e.stance in OPPOSITE]
        against = [o for o in lines[org] if o.issue == entry.issue and o.stance == OPPOSITE[entry.stance]
                   and _close(o, entry, within)]
        if against:
            org = against[0].actor
            events.append(
                Event("against-affiliation", entry.date, name, entry.issue, entry.stance,
                      (entry.statement_id, *sorted({o.statement_id for o in against})),
                      f"{name} ({entry.stance}, {_fmt(entry.date)}) against {org}'s line on {entry.issue} "
                      f"({against[0].stance}, {_fmt(against[0].date)})", other=org)
            )
    return events
