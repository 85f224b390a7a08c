"""Discourse networks from statements: two-mode (actor x issue), one-mode (actor x actor), issue co-occurrence.

Every builder takes the statements of a selection (``list[StoredStatement]``,
see :func:`stancemap.analysis.select`) or tallies already aggregated
(``list[Tally]``, e.g. from :func:`stancemap.store.aggregates.tallies` for
large corpora), and returns a :class:`networkx.Graph`.

Options are functions, not strings:

- ``duplicates``: a rule of :mod:`stancemap.analysis.duplicates` (``per_document`` ...);
- ``agreement`` and ``normalization`` of two-mode networks: :mod:`stancemap.network.agreement`;
- ``weight`` and ``normalization`` of one-mode networks: :mod:`stancemap.network.weights`.

Node attributes: ``kind`` (``actor`` or ``issue``), ``bipartite`` (0 actors,
1 issues), ``type`` and ``affiliation`` (actors, when known), ``statements``
(coded statements before the duplicate rule; a statement coded on two issues
counts on each), ``count`` (after it), ``support``, ``oppose``, ``neutral``
(after it), ``first`` and ``last`` (ISO dates). Edge attributes: ``weight``,
the counts behind it (two-mode: ``support``, ``oppose``, ``neutral`` after the
duplicate rule and ``statements`` before it; one-mode: ``congruence`` and/or
``conflict``, never a zero weight), ``first`` and ``last`` (two-mode), what ties
the nodes (one-mode: ``issues`` or ``actors``) and ``statement_ids`` (sorted
statement ids, so every edge can be traced to its quotes; absent when tallies
carry no ids).
Attributes with no value are left out, so every graph can be written as
GraphML or GEXF as is.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

import networkx as nx

from stancemap.analysis.duplicates import DuplicateRule, Tally, per_document, tally
from stancemap.analysis.selection import affiliation_map, observations
from stancemap.analysis.windows import split
from stancemap.models import Actor, StoredStatement
from stancemap.network import agreement as agreements
from stancemap.network import weights as w
from stancemap.network.agreement import Agreement, Cell, TwoModeNormalization
from stancemap.network.projection import projection as _projection
from stancemap.network.weights import Normalization, Weight

Data = Sequence[StoredStatement] | Sequence[Tally] | Iterable[Any]


# ---------------------------------------------------------------- input


def tallies(
    data: Data,
    *,
    duplicates: DuplicateRule = per_document,
    confidence: bool = False,
) -> list[Tally]:
    """The tallies of ``data``: passed through when already tallies, computed from statements otherwise.

    ``duplicates`` and ``confidence`` apply only to statements (tallies from
    SQL were computed with their own rule).
    """
    items = list(data)
    if not items or isinstance(items[0], Tally):
        return items
    return tally(observations(items, confidence=confidence), duplicates)


def _tallied(data: Data, duplicates: DuplicateRule, confidence: bool) -> tuple[list[Any], list[Tally]]:
    """``data`` as a list (statements or tallies), and its tallies."""
    items = list(data)
    return items, tallies(items, duplicates=duplicates, confidence=confidence)


def _options(normalization: Callable[..., Any], duplicates: DuplicateRule, confidence: bool) -> dict[str, Any]:
    """The graph attributes naming the options every builder takes."""
    return {"normalization": _name(normalization), "duplicates": _name(duplicates), "confidence": confidence}


def _speakers(data: Sequence[Any]) -> set[str]:
    """Actors with any statement in ``data`` (coded or not), for isolates."""
    return {s.statement.actor for s in data if isinstance(s, StoredStatement) and s.statement.actor}


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


def _clean(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in attrs.items() if v is not None}


def _summaries(found: Iterable[Tally], key: Callable[[Tally], str]) -> dict[str, dict[str, Any]]:
    """Per node: statements, count, support/oppose/neutral, first, last, type."""
    out: dict[str, dict[str, Any]] = {}
    for t in found:
        entry = out.setdefault(
            key(t),
            {"statements": 0, "count": 0, "support": 0, "oppose": 0, "neutral": 0, "first": None, "last": None,
             "type": None},
        )
        entry["statements"] += t.statements
        entry["count"] += t.count
        if t.stance in ("support", "oppose", "neutral"):
            entry[t.stance] += t.count
        if t.first and (entry["first"] is None or t.first < entry["first"]):
            entry["first"] = t.first
        if t.last and (entry["last"] is None or t.last > entry["last"]):
            entry["last"] = t.last
        entry["type"] = entry["type"] or t.actor_type
    return out


def _actor_attrs(name: str, summary: dict[str, Any] | None, known: Mapping[str, Actor]) -> dict[str, Any]:
    summary = summary or {"statements": 0, "count": 0, "support": 0, "oppose": 0, "neutral": 0}
    actor = known.get(name)
    return _clean(
        {
            "kind": "actor",
            "bipartite": 0,
            "type": (actor.type if actor else None) or summary.get("type"),
            "affiliation": actor.affiliation if actor else None,
            "statements": summary["statements"],
            "count": summary["count"],
            "support": summary["support"],
            "oppose": summary["oppose"],
            "neutral": summary["neutral"],
            "first": _iso(summary.get("first")),
            "last": _iso(summary.get("last")),
        }
    )


def _issue_attrs(name: str, summary: dict[str, Any]) -> dict[str, Any]:
    return _clean(
        {
            "kind": "issue",
            "bipartite": 1,
            "statements": summary["statements"],
            "count": summary["count"],
            "support": summary["support"],
            "oppose": summary["oppose"],
            "neutral": summary["neutral"],
            "first": _iso(summary["first"]),
            "last": _iso(summary["last"]),
        }
    )


def _name(func: Callable[..., Any]) -> str:
    return getattr(func, "__name__", repr(func)).replace("_", "-")


# ---------------------------------------------------------------- levels


def organisation_of(actor: str, affiliation: str | None, known: Mapping[str, Actor],
                    actor_type: str | None = None) -> str | None:
    """The organisation ``actor`` speaks for: the statement's affiliation, else the actor's, else
    the actor itself when it is no person; ``None`` for a person with no known affiliation.

    >>> known = {"A": Actor("A", "person", affiliation="Org"), "D": Actor("D", "organisation")}
    >>> organisation_of("A", None, known), organisation_of("D", None, known), organisation_of("B", None, known)
    ('Org', 'D', None)
    """
    record = known.get(actor)
    found = affiliation or (record.affiliation if record else None)
    if found:
        return found
    kind = (record.type if record else None) or actor_type
    return actor if kind not in (None, "person") else None


def organisations(data: Data, actors: Iterable[Actor] | Mapping[str, Actor] | None = None) -> list[Any]:
    """``data`` with each actor replaced by the organisation it speaks for (the organisation level).

    Persons become the organisation they spoke for (the statement's
    ``actor_affiliation``: the document's ``speaker_org``, or the registry's
    affiliation on the date), other actors stay themselves, and persons with no
    known affiliation are left out. Statements keep their ids, so every edge
    still leads to its quotes; the duplicate rule then counts per organisation.
    Tallies (from SQL) are merged per organisation, their duplicate rule having
    been applied per person.

    Examples
    --------
    >>> from stancemap.analysis.duplicates import Tally
    >>> known = [Actor("Ann", "person", affiliation="Alliance"), Actor("Bo", "person", affiliation="Alliance")]
    >>> data = [Tally("Ann", "x", "support", 1, 1.0, 1), Tally("Bo", "x", "support", 1, 1.0, 1)]
    >>> organisations(data, known)
    [Tally(actor='Alliance', issue='x', stance='support', count=2, value=2.0, statements=2,
           first=None, last=None, ids=(), actor_type='organisation')]
    """
    known = affiliation_map(actors)
    items = list(data)
    out: list[Any] = []
    merged: dict[tuple[str, str, str], Tally] = {}
    for item in items:
        if isinstance(item, Tally):
            org = organisation_of(item.actor, None, known, item.actor_type)
            if org is None:
                continue
            kind = known[org].type if org in known else "organisation"
            key = (org, item.issue, item.stance)
            old = merged.get(key)
            if old is None:
                merged[key] = replace(item, actor=org, actor_type=kind)
                continue
            merged[key] = replace(
                old, count=old.count + item.count, value=old.value + item.value,
                statements=old.statements + item.statements,
                first=min((d for d in (old.first, item.first) if d), default=None),
                last=max((d for d in (old.last, item.last) if d), default=None),
                ids=tuple(sorted(set(old.ids) | set(item.ids))))
            continue
        st = item.statement
        if st.actor is None:
            continue
        org = organisation_of(st.actor, st.actor_affiliation, known, st.actor_type)
        if org is None:
            continue
        kind = known[org].type if org in known else "organisation"
        out.append(replace(item, statement=st.with_(actor=org, actor_type=kind, actor_affiliation=None)))
    return out + list(merged.values())


LEVELS: dict[str, Callable[..., list[Any]]] = {"organisation": organisations}


# ---------------------------------------------------------------- two-mode


def two_mode(
    data: Data,
    *,
    agreement: Agreement = agreements.combine,
    normalization: TwoModeNormalization = agreements.raw,
    duplicates: DuplicateRule = per_document,
    confidence: bool = False,
    isolates: bool = False,
    actors: Iterable[Actor] | Mapping[str, Actor] | None = None,
) -> nx.Graph:
    """The actor x issue network: an edge where an actor stated a stance on an issue.

    Parameters
    ----------
    data : list of StoredStatement or list of Tally
        A selection's statements, or tallies aggregated in SQL.
    agreement : callable, default :func:`~stancemap.network.agreement.combine`
        How the actor's stances on the issue make the weight: ``ignore`` (all statements),
        ``combine`` (1 support, 2 oppose, 3 both) or ``subtract`` (support minus oppose).
    normalization : callable, default :func:`~stancemap.network.agreement.raw`
        ``raw``, ``activity`` (divided by the actor's statements on all selected issues) or
        ``prominence`` (by all statements on the issue).
    duplicates : callable, default :func:`~stancemap.analysis.duplicates.per_document`
        When repeated (actor, issue, stance) statements count once.
    confidence : bool
        Weigh each statement by ``statement.confidence * coding.confidence`` (highest per duplicate bucket), not 1.
    isolates : bool
        Also add actors without a coded statement in ``data``: those that spoke on nothing selected, and all ``actors``.
    actors : list of Actor or mapping, optional
        Canonical actors, for the ``type`` and ``affiliation`` node attributes.

    Returns
    -------
    networkx.Graph
        Bipartite; attributes as in the module docstring, and the edges' ``agreement`` (support, oppose, both, neutral).

    Raises
    ------
    ValueError
        When ``combine`` (categories) is asked to be normalised, or an actor and an issue share a name.

    Examples
    --------
    >>> from stancemap.analysis.duplicates import Tally
    >>> data = [Tally("A", "x", "support", 2, 2.0, 2), Tally("A", "x", "oppose", 1, 1.0, 1),
    ...         Tally("B", "x", "oppose", 1, 1.0, 1)]
    >>> [(actor, edge["weight"], edge["agreement"]) for actor, _, edge in two_mode(data).edges(data=True)]
    [('A', 3.0, 'both'), ('B', 2.0, 'oppose')]
    >>> from stancemap.network.agreement import subtract, activity
    >>> two_mode(data, agreement=subtract, normalization=activity)["A"]["x"]["weight"]
    0.3333333333333333
    """
    _check_normalisable(agreement, normalization)
    items, found = _tallied(data, duplicates, confidence)
    G = nx.Graph(network="two-mode", agreement=_name(agreement), **_options(normalization, duplicates, confidence))
    _add_two_mode_nodes(G, found, affiliation_map(actors), items if isolates else None)
    _add_two_mode_edges(G, _cells(found), agreement, normalization)
    return G


def _check_normalisable(agreement: Agreement, normalization: TwoModeNormalization) -> None:
    """Raise ``ValueError`` when a categorical ``agreement`` (``combine``) is asked to be normalised."""
    if getattr(agreement, "categorical", False) and normalization is not agreements.raw:
        raise ValueError(
            f"{_name(agreement)} gives categories (1 support, 2 oppose, 3 both), which cannot be normalised; "
            "use agreement=ignore or subtract, or normalization=raw"
        )


def _add_two_mode_nodes(
    G: nx.Graph, found: list[Tally], known: Mapping[str, Actor], isolates: list[Any] | None
) -> None:
    """Add the actors of ``found`` (node part 0), then the issues (part 1), in name order.

    With ``isolates`` (the data), actors with no coded statement in it are added too: those that
    spoke on nothing selected, and every actor in ``known``.
    """
    actor_summary = _summaries(found, lambda t: t.actor)
    issue_summary = _summaries(found, lambda t: t.issue)
    names = set(actor_summary) if isolates is None else set(actor_summary) | _speakers(isolates) | set(known)
    for name in sorted(names):
        G.add_node(name, **_actor_attrs(name, actor_summary.get(name), known))
    for issue in sorted(issue_summary):
        G.add_node(issue, **_issue_attrs(issue, issue_summary[issue]))


def _add_two_mode_edges(
    G: nx.Graph, cells: Mapping[tuple[str, str], Mapping[str, Any]], agreement: Agreement,
    normalization: TwoModeNormalization,
) -> None:
    """Add an edge per (actor, issue) cell, weighted by ``agreement`` and ``normalization``.

    Raises ``ValueError`` when an actor and an issue share a name (before adding any edge).
    """
    actor_totals, issue_totals = _totals(cells)
    for (actor, issue), cell in sorted(cells.items()):
        c = Cell(cell["support"], cell["oppose"], cell["neutral"])
        weight = normalization(agreement(c), actor_totals[actor], issue_totals[issue])
        G.add_edge(actor, issue, **_clean(_edge_attrs(cell, weight, c.label)))


def _cells(found: Iterable[Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """The tallies summed per (actor, issue): stance values, counts, statements, dates, ids."""
    cells: dict[tuple[str, str], dict[str, Any]] = {}
    for t in found:
        cell = cells.setdefault(
            (t.actor, t.issue),
            {"support": 0.0, "oppose": 0.0, "neutral": 0.0, "n": defaultdict(int), "statements": 0,
             "first": None, "last": None, "ids": set()},
        )
        if t.stance in cell:
            cell[t.stance] += t.value
        cell["n"][t.stance] += t.count
        cell["statements"] += t.statements
        cell["ids"].update(t.ids)
        if t.first and (cell["first"] is None or t.first < cell["first"]):
            cell["first"] = t.first
        if t.last and (cell["last"] is None or t.last > cell["last"]):
            cell["last"] = t.last
    return cells


def _totals(cells: Mapping[tuple[str, str], Mapping[str, Any]]) -> tuple[dict[str, float], dict[str, float]]:
    """Each actor's and each issue's summed stance values (the normalisations' denominators).

    Raises ``ValueError`` when an actor and an issue share a name.
    """
    actor_totals: dict[str, float] = defaultdict(float)
    issue_totals: dict[str, float] = defaultdict(float)
    for (actor, issue), cell in cells.items():
        total = cell["support"] + cell["oppose"] + cell["neutral"]
        actor_totals[actor] += total
        issue_totals[issue] += total
    clash = set(actor_totals) & set(issue_totals)
    if clash:
        raise ValueError(
            f"actor and issue share a name ({', '.join(sorted(clash))}); rename the issue in the codebook"
        )
    return actor_totals, issue_totals


def _edge_attrs(cell: Mapping[str, Any], weight: float, label: str) -> dict[str, Any]:
    """A two-mode edge's attributes from its cell (see :func:`two_mode`)."""
    return {
        "weight": weight,
        "agreement": label,
        "support": cell["n"]["support"],
        "oppose": cell["n"]["oppose"],
        "neutral": cell["n"]["neutral"],
        "statements": cell["statements"],
        "first": _iso(cell["first"]),
        "last": _iso(cell["last"]),
        "statement_ids": sorted(cell["ids"]) or None,
    }


# ---------------------------------------------------------------- one-mode


def one_mode(
    data: Data,
    *,
    weight: Weight = w.congruence,
    normalization: Normalization = w.raw,
    duplicates: DuplicateRule = per_document,
    confidence: bool = False,
    isolates: bool = False,
    actors: Iterable[Actor] | Mapping[str, Actor] | None = None,
    evidence: bool = True,
    min_weight: float | None = None,
) -> nx.Graph:
    """The actor x actor network: actors tied by what they said on the same issues.

    Parameters
    ----------
    data, duplicates, confidence, actors
        As in :func:`two_mode`.
    weight : callable, default :func:`~stancemap.network.weights.congruence`
        ``congruence`` (same stance on the same issue), ``conflict`` (opposite stances), ``subtract``
        (congruence minus conflict, a signed network) or ``shared`` (same issue, whatever the stance).
    normalization : callable, default :func:`~stancemap.network.weights.raw`
        ``raw``, ``average_activity``, ``jaccard`` or ``cosine``.
    isolates : bool
        Keep actors without any tie (and, with ``actors``, every known actor).
    evidence : bool
        Collect the ``statement_ids`` and ``issues`` behind each edge (False saves memory and time).
    min_weight : float, optional
        Leave out edges whose absolute weight is below this (a backbone for large, dense networks).

    Returns
    -------
    networkx.Graph
        Attributes as in the module docstring (``issues`` and ``statement_ids`` behind each edge).

    Notes
    -----
    With tallies ``u[issue, stance]`` after the duplicate rule, congruence is ``sum(u_a * u_b)`` over issues and
    stances and conflict ``sum(u_a[support] * u_b[oppose] + u_a[oppose] * u_b[support])``: products of Leifeld's
    (2017) two-mode matrices. With ``per_range`` duplicates, profiles are 0/1 and counts are numbers of issues.

    Examples
    --------
    >>> from stancemap.analysis.duplicates import Tally
    >>> data = [Tally("A", "x", "support", 1, 1.0, 1), Tally("B", "x", "support", 1, 1.0, 1),
    ...         Tally("C", "x", "oppose", 1, 1.0, 1)]
    >>> sorted(one_mode(data).edges(data="weight"))
    [('A', 'B', 1.0)]
    >>> from stancemap.network.weights import conflict
    >>> sorted(one_mode(data, weight=conflict).edges(data="weight"))
    [('A', 'C', 1.0), ('B', 'C', 1.0)]
    """
    items, found = _tallied(data, duplicates, confidence)
    known = affiliation_map(actors)
    G = _tie_graph(found, lambda t: t.actor, lambda t: t.issue, "issues", weight, normalization, evidence,
                   min_weight, _speakers(items) | set(known) if isolates else None)
    G.graph.update(network=_name(weight), **_options(normalization, duplicates, confidence))
    summary = _summaries(found, lambda t: t.actor)
    _describe_nodes(G, lambda name: _actor_attrs(name, summary.get(name), known))
    return G


def congruence_network(data: Data, **options: Any) -> nx.Graph:
    """:func:`one_mode` with ``weight=congruence``: actors tied by the same stances."""
    return one_mode(data, weight=w.congruence, **options)


def conflict_network(data: Data, **options: Any) -> nx.Graph:
    """:func:`one_mode` with ``weight=conflict``: actors tied by opposite stances."""
    return one_mode(data, weight=w.conflict, **options)


def subtract_network(data: Data, **options: Any) -> nx.Graph:
    """:func:`one_mode` with ``weight=subtract``: congruence minus conflict (signed)."""
    return one_mode(data, weight=w.subtract, **options)


def cooccurrence(
    data: Data,
    *,
    weight: Weight = w.shared,
    normalization: Normalization = w.raw,
    duplicates: DuplicateRule = per_document,
    confidence: bool = False,
    isolates: bool = False,
    evidence: bool = True,
    min_weight: float | None = None,
) -> nx.Graph:
    """The issue x issue network: issues tied by the actors who spoke on both.

    ``weight`` as in :func:`one_mode` with the roles swapped: ``shared``
    (default: actors who spoke on both issues), ``congruence`` (actors taking
    the same stance on both: the issues go together), ``conflict`` (actors
    supporting one and opposing the other), ``subtract``.

    Edge attributes: ``weight``, the raw counts, ``actors`` (who ties the two
    issues) and ``statement_ids``.

    Examples
    --------
    >>> from stancemap.analysis.duplicates import Tally
    >>> data = [Tally("A", "x", "support", 1, 1.0, 1), Tally("A", "y", "oppose", 1, 1.0, 1),
    ...         Tally("B", "x", "support", 1, 1.0, 1), Tally("B", "y", "neutral", 1, 1.0, 1)]
    >>> G = cooccurrence(data)
    >>> G["x"]["y"]["weight"], G["x"]["y"]["actors"]
    (2.0, ['A', 'B'])
    """
    found = tallies(data, duplicates=duplicates, confidence=confidence)
    G = _tie_graph(found, lambda t: t.issue, lambda t: t.actor, "actors", weight, normalization, evidence,
                   min_weight, set() if isolates else None)
    G.graph.update(network="cooccurrence-" + _name(weight), **_options(normalization, duplicates, confidence))
    summary = _summaries(found, lambda t: t.issue)
    _describe_nodes(G, lambda name: _issue_attrs(name, summary[name]))
    return G


def _tie_graph(
    found: list[Tally], node: Callable[[Tally], str], dim: Callable[[Tally], str], dims: str, weight: Weight,
    normalization: Normalization, evidence: bool, min_weight: float | None, isolates: set[str] | None,
) -> nx.Graph:
    """The nodes ``node`` names, tied by what they share on ``dim`` (a one-mode projection).

    The edges' ``dims`` attribute is named ``dims`` (``issues`` or ``actors``). With ``isolates`` (a
    set of names, maybe empty) untied nodes are kept and those names added; without, untied nodes
    are left out. Nodes are in name order.
    """
    nodes, edges = _projection(found, node=node, dim=dim, weight=weight, normalization=normalization,
                               evidence=evidence, min_weight=min_weight)
    G = nx.Graph()
    G.add_nodes_from(nodes if isolates is None else sorted(set(nodes) | isolates))
    G.add_edges_from((nodes[a], nodes[b], _rename(attrs, dims)) for a, b, attrs in edges)
    if isolates is None:
        G.remove_nodes_from([name for name, degree in G.degree() if degree == 0])
    return G


def _describe_nodes(G: nx.Graph, attrs_of: Callable[[str], dict[str, Any]]) -> None:
    """Add ``attrs_of(name)`` to the attributes of every node of ``G``."""
    for name, attrs in G.nodes(data=True):
        attrs.update(attrs_of(name))


def _rename(attrs: dict[str, Any], dims: str) -> dict[str, Any]:
    if "dims" in attrs:
        attrs[dims] = attrs.pop("dims")
    return attrs


# ---------------------------------------------------------------- time


def windows(
    statements: Iterable[StoredStatement],
    *,
    size: str,
    step: str | None = None,
    build: Callable[..., nx.Graph] = one_mode,
    start: dt.date | None = None,
    end: dt.date | None = None,
    **options: Any,
) -> Iterator[tuple[dt.date, dt.date, nx.Graph]]:
    """A network per moving time window: ``(start, end, Graph)``, both dates inclusive.

    Parameters
    ----------
    statements : iterable of StoredStatement
        Undated statements are left out.
    size, step : str or Period
        ``"30d"``, ``"2w"``, ``"1m"``; ``step`` defaults to ``size``.
    build : callable, default :func:`one_mode`
        Any builder of this module; ``options`` are passed to it.
    start, end : date, optional
        The first window starts at ``start`` (default: the earliest statement);
        windows start until ``end`` (default: the latest statement).

    Yields
    ------
    (date, date, networkx.Graph)
        Each graph also carries ``start`` and ``end`` (ISO dates) as graph attributes.
    """
    for lo, hi, chunk in split(statements, size=size, step=step, start=start, end=end):
        G = build(chunk, **options)
        G.graph["start"] = lo.isoformat()
        G.graph["end"] = hi.isoformat()
        yield lo, hi, G
