"""Selections: which stored statements and codings enter an analysis.

A :class:`Selection` holds the criteria (issues, actors, actor types,
affiliations, source outlets, dates, minimum confidence, origin, exclusion
lists). :func:`select` applies it to records in memory;
:mod:`stancemap.store.aggregates` applies the same object in SQL.
:func:`observations` flattens the selected statements into one
:class:`Observation` per (statement, issue): the unit every network and
timeline counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from stancemap.models import Actor, Coding, StoredStatement

PERSON_PREFIX = "person:"


def _frozen(values: Iterable[str] | str | None) -> frozenset[str] | None:
    if values is None:
        return None
    if isinstance(values, str):
        return frozenset([values])
    return frozenset(values)


@dataclass(frozen=True)
class Selection:
    """Criteria for statements and codings; ``None`` means "no restriction".

    Parameters
    ----------
    issues : set of str, optional
        Keep codings on these issue ids.
    actors : set of str, optional
        Keep statements by these canonical actors (exact names).
    actor_types : set of str, optional
        Keep statements whose actor type is one of these (``person``, ``country`` ...).
    affiliations : set of str, optional
        Keep statements by actors affiliated to one of these, *and* by the
        affiliations themselves ("United States" keeps the US and its people).
        Needs the actors' affiliations (``actor_records=`` of :func:`select`).
    sources : set of str, optional
        Keep statements from documents of these outlets (``DocumentInfo.source``).
    since, until : date, optional
        Inclusive bounds on the statement's date; undated statements are left
        out when either is given.
    min_confidence : float, optional
        Keep a coding only when both the statement's and the coding's
        confidence reach this value.
    origin : str, optional
        ``"model"`` or ``"person"`` (or a full origin such as
        ``"model:keyword.v1"``): keep codings whose origin starts with it.
    exclude_actors, exclude_issues, exclude_sources : set of str
        Always left out, whatever else matches.
    include_rejected : bool
        Also count statements a person marked "not a statement" in the review
        queue. They are left out by default, by the store's readers
        (:meth:`stancemap.store.Store.statements` for :func:`select`, and
        :mod:`stancemap.store.aggregates` in SQL), so that a person's decision
        holds in every network, timeline and export.
    """

    issues: frozenset[str] | None = None
    actors: frozenset[str] | None = None
    actor_types: frozenset[str] | None = None
    affiliations: frozenset[str] | None = None
    sources: frozenset[str] | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    min_confidence: float | None = None
    origin: str | None = None
    exclude_actors: frozenset[str] = field(default_factory=frozenset)
    exclude_issues: frozenset[str] = field(default_factory=frozenset)
    exclude_sources: frozenset[str] = field(default_factory=frozenset)
    include_rejected: bool = False

    @classmethod
    def of(cls, **criteria: Any) -> Selection:
        """Build a selection from keyword arguments, accepting any iterable (or a single str) for sets.

        >>> Selection.of(issues="strike-russia").issues
        frozenset({'strike-russia'})
        """
        unknown = set(criteria) - set(cls.__dataclass_fields__)
        if unknown:
            raise TypeError(f"unknown selection criteria: {', '.join(sorted(unknown))}")
        values: dict[str, Any] = {}
        for name, value in criteria.items():
            if name in ("since", "until", "min_confidence", "origin", "include_rejected"):
                values[name] = value
            elif name.startswith("exclude_"):
                values[name] = _frozen(value) or frozenset()
            else:
                values[name] = _frozen(value)
        return cls(**values)

    def between(self, since: dt.date | None, until: dt.date | None) -> Selection:
        """The same selection narrowed to ``since..until`` (inclusive)."""
        lo = max(d for d in (self.since, since) if d is not None) if (self.since or since) else None
        hi = min(d for d in (self.until, until) if d is not None) if (self.until or until) else None
        return replace(self, since=lo, until=hi)

    # ------------------------------------------------------------ predicates

    def keeps_statement(self, stored: StoredStatement, affiliation: str | None = None) -> bool:
        """Whether the statement itself (not its codings) passes the selection."""
        st = stored.statement
        actor = st.actor
        if actor is None:
            return False
        if actor in self.exclude_actors:
            return False
        if self.actors is not None and actor not in self.actors:
            return False
        if self.actor_types is not None and st.actor_type not in self.actor_types:
            return False
        if self.affiliations is not None and actor not in self.affiliations and affiliation not in self.affiliations:
            return False
        source = stored.document.source
        if source in self.exclude_sources:
            return False
        if self.sources is not None and source not in self.sources:
            return False
        date = statement_date(stored)
        if self.since is not None and (date is None or date < self.since):
            return False
        if self.until is not None and (date is None or date > self.until):
            return False
        if self.min_confidence is not None and st.confidence < self.min_confidence:
            return False
        return True

    def keeps_coding(self, coding: Coding) -> bool:
        """Whether one coding of a kept statement passes the selection."""
        if coding.issue in self.exclude_issues:
            return False
        if self.issues is not None and coding.issue not in self.issues:
            return False
        if self.min_confidence is not None and coding.confidence < self.min_confidence:
            return False
        if self.origin is not None and not coding.origin.startswith(self.origin):
            return False
        return True


def statement_date(stored: StoredStatement) -> dt.date | None:
    """The statement's date, or its document's when the statement carries none."""
    return stored.statement.date or stored.document.date


def affiliation_map(actors: Iterable[Actor] | Mapping[str, Actor] | None) -> dict[str, Actor]:
    """Actors by canonical name (accepts a list of :class:`Actor` or a mapping)."""
    if actors is None:
        return {}
    if isinstance(actors, Mapping):
        return dict(actors)
    return {actor.name: actor for actor in actors}


def select(
    statements: Iterable[StoredStatement],
    selection: Selection | None = None,
    *,
    actor_records: Iterable[Actor] | Mapping[str, Actor] | None = None,
    **criteria: Any,
) -> list[StoredStatement]:
    """Return the statements (with their codings narrowed) that pass a selection.

    Parameters
    ----------
    statements : iterable of StoredStatement
        Typically ``store.statements()``.
    selection : Selection, optional
        The criteria; alternatively pass them as keywords (``issues=``,
        ``actor_types=``, ``since=`` ...; see :class:`Selection`).
    actor_records : list of Actor or mapping, optional
        Canonical actors (``store.actors()``), for their affiliations (needed
        by ``affiliations=`` to find an organisation's people).

    Returns
    -------
    list of StoredStatement
        Statements by a known actor that pass the statement criteria, with only
        the codings that pass the coding criteria. A person's coding replaces
        the model's on the same issue *before* the criteria apply (as the store
        does), so ``origin="model"`` leaves out codings a person corrected. When a coding criterion is
        given (``issues``, ``exclude_issues``, ``origin``, ``min_confidence``),
        statements left with no coding are dropped.

    Examples
    --------
    >>> import datetime as dt
    >>> from stancemap.models import Coding, DocumentInfo, Statement, StoredStatement, TextSpan
    >>> doc = DocumentInfo(1, "d1", 1, dt.date(2024, 5, 28), source="Reuters")
    >>> st = Statement("d1", TextSpan(0, 3, "yes"), actor="Borrell", actor_type="person",
    ...                confidence=0.9, codings=(Coding("strike-russia", "support", 0.8),))
    >>> [s.statement.actor for s in select([StoredStatement(7, st, doc)], issues=["strike-russia"])]
    ['Borrell']
    >>> select([StoredStatement(7, st, doc)], sources=["AP"])
    []
    """
    if selection is None:
        selection = Selection.of(**criteria)
    elif criteria:
        raise TypeError("pass either a Selection or keyword criteria, not both")
    known = affiliation_map(actor_records)
    narrows_codings = _narrows_codings(selection)
    kept: list[StoredStatement] = []
    for stored in statements:
        actor = known.get(stored.statement.actor or "")
        if not selection.keeps_statement(stored, actor.affiliation if actor else None):
            continue
        codings = tuple(c for c in effective(stored.statement.codings) if selection.keeps_coding(c))
        if narrows_codings and not codings:
            continue
        if len(codings) != len(stored.statement.codings):
            stored = replace(stored, statement=stored.statement.with_(codings=codings))
        kept.append(stored)
    return kept


def _narrows_codings(selection: Selection) -> bool:
    """Whether ``selection`` keeps only some codings (a statement left with none is left out)."""
    return (
        selection.issues is not None
        or bool(selection.exclude_issues)
        or selection.origin is not None
        or selection.min_confidence is not None
    )


class Observation(NamedTuple):
    """One statement's stance on one issue: the unit networks and timelines count.

    ``weight`` is 1.0, or the statement's confidence times the coding's when
    confidence-weighted.
    """

    statement_id: int
    actor: str
    issue: str
    stance: str
    date: dt.date | None
    document: str
    weight: float
    actor_type: str | None = None


def effective(codings: Sequence[Coding]) -> list[Coding]:
    """The codings that count: where a person coded an issue, their (last) coding replaces the model's.

    >>> effective([Coding("x", "oppose", 0.6, "model:keyword.v1"), Coding("x", "support", 1.0, "person:ann")])
    [Coding(issue='x', stance='support', confidence=1.0, origin='person:ann', relevance=1.0, evidence='')]
    """
    person: dict[str, Coding] = {}
    for coding in codings:
        if coding.origin.startswith(PERSON_PREFIX):
            person[coding.issue] = coding
    return [c for c in codings if c.issue not in person or person[c.issue] is c]


def observations(statements: Iterable[StoredStatement], *, confidence: bool = False) -> Iterator[Observation]:
    """Flatten statements into observations, one per (statement, effective coding).

    Statements without a canonical actor are skipped. With ``confidence=True``
    an observation weighs ``statement.confidence * coding.confidence``.
    """
    for stored in statements:
        st = stored.statement
        if st.actor is None:
            continue
        date = statement_date(stored)
        for coding in effective(st.codings):
            yield Observation(
                statement_id=stored.id,
                actor=st.actor,
                issue=coding.issue,
                stance=coding.stance,
                date=date,
                document=stored.document.doc_id or st.doc_id,
                weight=(st.confidence * coding.confidence) if confidence else 1.0,
                actor_type=st.actor_type,
            )
