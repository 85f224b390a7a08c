"""The data behind the position pages: actors, one actor's timeline, issues, the network.

Timelines come from :func:`stancemap.analysis.timeline.timeline`, networks from
:mod:`stancemap.network` over tallies aggregated in SQL
(:func:`stancemap.store.aggregates.tallies`), so that pages stay fast on large
corpora. Every function returns a dict of JSON types.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from stancemap.actors.io import default_registry
from stancemap.analysis.affiliation import affiliation_resolver
from stancemap.analysis.selection import Selection
from stancemap.analysis.timeline import timeline
from stancemap.curation import registry_with_store
from stancemap.models import STANCES, Actor, StoredStatement
from stancemap.network import filters, weights
from stancemap.network.filters import label_nodes
from stancemap.store import curation as sql
from stancemap.store import review
from stancemap.store.aggregates import date_range, tallies
from stancemap.store.curation import last_edit_id
from stancemap.web.cache import Cache, cached
from stancemap.web.pages import Paging, clamp_page, iso, statement_dicts, with_evidence

if TYPE_CHECKING:
    from stancemap.store.repository import Store

#: Evidence quotes shown per actor and stance on an issue page.
EVIDENCE_PER_ACTOR = 3

#: Most active actors listed per stance on an issue page (the counts cover them all).
ACTORS_PER_STANCE = 30

#: y of each stance in the timeline chart (0 top).
STANCE_ROW = {"support": 0, "neutral": 1, "oppose": 2}


def actors(
    store: Store, *, page: int = 1, size: int = 100, q: str | None = None, sort: str = "statements"
) -> dict[str, Any]:
    page, size = clamp_page(page, size)
    rows, total = review.actor_page(store, q=q or None, limit=size, offset=(page - 1) * size, sort=sort)
    return {"actors": [r.to_dict() for r in rows], "paging": Paging(page, size, total).to_dict(), "q": q or "",
            "sort": sort}


def chart(entries: Sequence[Any], documents: dict[int, int], *, width: int = 640, height: int = 120) -> dict[str, Any]:
    """One issue's timeline as points: x by date, y by stance (support top, oppose bottom).

    Statements of the same day and stance make one point (``count``; radius
    grows with it); its title quotes up to three of them.
    """
    dated = [e for e in entries if e.date]
    lo = min((e.date for e in dated), default=None)
    hi = max((e.date for e in dated), default=None)
    left, right, top, step = 70, width - 20, 20, (height - 40) / 2
    span = (hi - lo).days if lo and hi else 0
    groups: dict[tuple[dt.date, str], list[Any]] = {}
    for e in dated:
        groups.setdefault((e.date, e.stance), []).append(e)
    points = []
    for (day, stance), found in sorted(groups.items()):
        x = left + (right - left) * (day - lo).days / span if lo and span else (left + right) / 2
        quotes = "; ".join(f"\u201c{e.content}\u201d ({e.document})" for e in found[:3])
        more = f" and {len(found) - 3} more" if len(found) > 3 else ""
        first = found[0]
        radius = round(min(12.0, 5 + 1.5 * (len(found) - 1)), 1)
        points.append({"x": round(x, 1), "y": round(top + step * STANCE_ROW.get(stance, 1), 1), "stance": stance,
                       "date": day.isoformat(), "count": len(found), "r": radius,
                       "statement": first.statement_id, "statements": [e.statement_id for e in found[:50]],
                       "document_id": documents.get(first.statement_id),
                       "title": f"{day.isoformat()} {stance} ({len(found)}): {quotes}{more}"})
    rows = [{"stance": s, "y": round(top + step * r, 1)} for s, r in STANCE_ROW.items()]
    return {"width": width, "height": height, "left": left, "right": right, "rows": rows, "points": points,
            "first": iso(lo), "last": iso(hi), "undated": len(entries) - len(dated)}


#: Timeline entries a page's JSON lists (the chart and counts use them all).
MAX_ENTRIES = 500

#: Latest statements of an actor that make the timeline (an actor's page stays fast however active).
TIMELINE_STATEMENTS = 2000

#: Latest flagged events (shifts, contradictions) listed per issue.
MAX_EVENTS = 50


def actor(store: Store, actor_id: int, cache: Cache | None = None) -> dict[str, Any] | None:
    """An actor's record, stance over time per issue (with events), and latest statements with evidence."""
    row = review.actor_by_id(store, actor_id)
    if row is None:
        return None
    own = review.actor_statements(store, actor_id, limit=TIMELINE_STATEMENTS)
    default = cached(cache, "default-registry", 0, default_registry)  # packaged data: read-only here
    at = affiliation_resolver(default, [Actor(row.name, affiliation=row.affiliation)])
    spoke_for = (at(row.name, s.document.date) for s in own)
    orgs = sorted({org for org in spoke_for if org is not None and org != row.name})
    line: list[StoredStatement] = []
    for org_id in review.actor_ids(store, orgs).values():
        line += review.actor_statements(store, org_id, limit=TIMELINE_STATEMENTS)
    found = timeline(own + line, row.name, affiliation_at=at)
    labels = {i.id: i.label for i in store.issues()}
    docs = {s.id: s.document.id for s in own}
    by_issue: dict[str, list[Any]] = {}
    for entry in found.entries:
        by_issue.setdefault(entry.issue, []).append(entry)
    flagged: dict[str, list[Any]] = {}
    for event in found.events:
        if event.kind != "first":
            flagged.setdefault(event.issue, []).append(event)
    issues = []
    for issue, entries in sorted(by_issue.items()):
        counts = {s: sum(1 for e in entries if e.stance == s) for s in STANCES}
        issues.append({"id": issue, "label": labels.get(issue, issue), "counts": counts,
                       "chart": chart(entries, docs),
                       "events": [e.to_dict() for e in flagged.get(issue, [])[-MAX_EVENTS:]],
                       "events_total": len(flagged.get(issue, []))})
    latest = sorted(own, key=lambda s: (s.statement.date or dt.date.min, s.id), reverse=True)[:50]
    items = statement_dicts(store, latest)
    with_evidence(store, items, latest)
    return {
        "actor": row.to_dict(),
        "curation": curation(store, row.name),
        "roles": roles(store, row.name, cache),
        "issues": issues,
        "entries": [e.to_dict() for e in found.entries[-MAX_ENTRIES:]],
        "entries_total": len(found.entries),
        "statements": items,
        "statements_total": row.statements,
        "timeline_statements": len(own),
    }


def roles(store: Store, name: str, cache: Cache | None = None) -> list[dict[str, Any]]:
    """Roles the actor held over time, from the actor registry with the store's curation edits.

    The registry is rebuilt when a curation edit was stored since (by any process).
    """
    registry = cached(cache, "registry", last_edit_id(store), lambda: registry_with_store(store))
    return [{"title": role.title, "start": iso(start), "end": iso(end)} for role, start, end in registry.roles_of(name)]


def curation(store: Store, name: str) -> dict[str, Any]:
    """Affiliations over time, merged-away names and the curation edits of an actor."""
    found = sql.stored_actors(store, names=[name])
    record = found[0] if found else None
    return {
        "affiliations": [{"affiliation": a.affiliation, "start": iso(a.start), "end": iso(a.end)}
                         for a in (record.affiliations if record else ())],
        "merged": list(record.merged) if record else [],
        "edits": [{"id": e.id, "kind": e.kind, "actor": e.actor, "other": e.other, "person": e.person,
                   "created_at": iso(e.created_at)} for e in sql.edits(store, actor=name)],
    }


def issues(store: Store) -> dict[str, Any]:
    """The codebook's issues with their support / oppose / neutral counts (from the store's summary)."""
    counts = review.stance_counts(store)
    return {"issues": [{"id": i.id, "label": i.label, "claim": i.claim, "description": i.description,
                        **{s: int(counts.get(i.id, {}).get(s, 0)) for s in STANCES}} for i in store.issues()]}


def issue(store: Store, issue_id: str) -> dict[str, Any] | None:
    """Supporters, opponents and neutral actors of an issue, each with their strongest evidence."""
    known = {i.id: i for i in store.issues()}
    if issue_id not in known:
        return None
    found = tallies(store, Selection.of(issues=issue_id), evidence=True)
    ids = review.actor_ids(store, [t.actor for t in found])
    groups: dict[str, list[dict[str, Any]]] = {s: [] for s in STANCES}
    for t in found:
        if t.stance in groups:
            groups[t.stance].append({"actor": t.actor, "actor_id": ids.get(t.actor), "actor_type": t.actor_type,
                                     "statements": t.statements, "documents": t.count, "first": iso(t.first),
                                     "last": iso(t.last), "evidence_ids": list(t.ids)[-EVIDENCE_PER_ACTOR:]})
    totals = {s: len(groups[s]) for s in STANCES}
    wanted: list[int] = []
    for stance in groups:
        groups[stance].sort(key=lambda g: (-g["statements"], g["actor"].casefold()))
        del groups[stance][ACTORS_PER_STANCE:]
        for group in groups[stance]:
            wanted.extend(group["evidence_ids"])
    stored = review.statements_by_ids(store, wanted)
    status = review.status_of(store, [s.id for s in stored])
    stored = [s for s in stored if status.get(s.id) != "rejected"]
    items = statement_dicts(store, stored)
    with_evidence(store, items, stored)
    by_id = {item["id"]: item for item in items}
    for stance in groups:
        for group in groups[stance]:
            group["evidence"] = [by_id[i] for i in group.pop("evidence_ids") if i in by_id]
    i = known[issue_id]
    return {"issue": {"id": i.id, "label": i.label, "claim": i.claim, "description": i.description},
            "positions": groups, "counts": totals, "shown_per_stance": ACTORS_PER_STANCE}


# ---------------------------------------------------------------- network

MODES = ("two-mode", "congruence", "conflict", "subtract")


def _builder(mode: str) -> Callable[..., Any]:
    from stancemap import network

    return {
        "two-mode": network.two_mode,
        "congruence": network.congruence_network,
        "conflict": network.conflict_network,
        "subtract": network.subtract_network,
    }[mode]


#: Labels drawn on the network page: every issue and the actors of highest degree (the rest on hover/tap).
LABELLED_ACTORS = 30


@dataclass(frozen=True)
class NetworkView:
    """What the network page may ask for besides mode, issue and dates (each off by default)."""

    min_weight: float | None = None
    top: int | None = None
    normalize: str = "none"
    backbone: float | None = None

    @classmethod
    def parse(cls, *, min_weight: str | None = None, top: str | None = None, normalize: str | None = None,
              backbone: str | None = None) -> NetworkView:
        """The view of a request's text parameters (empty = off); a bad value is a 400 that says what to give.

        >>> NetworkView.parse(min_weight="2", top="", backbone="0.05").to_dict()
        {'min_weight': 2.0, 'top': None, 'normalize': 'none', 'backbone': 0.05}
        """
        from fastapi import HTTPException

        def number(name: str, value: str | None, kind: type, low: float, high: float, what: str) -> Any:
            if value is None or not value.strip():
                return None
            try:
                found = kind(value.strip())
            except ValueError:
                found = None
            if found is None or not low <= found <= high or found != found:
                raise HTTPException(400, f"{name}={value[:40]!r}: give {what}, or leave it empty for no filter")
            return found

        return cls(min_weight=number("min_weight", min_weight, float, 0.0, 1e12, "a weight of 0 or more"),
                   top=number("top", top, int, 1, 100_000, "a whole number of actors from 1"),
                   normalize=(normalize or "none").strip() or "none",
                   backbone=number("backbone", backbone, float, 1e-9, 1 - 1e-9,
                                   "a significance level between 0 and 1, e.g. 0.05"))

    def to_dict(self) -> dict[str, Any]:
        return {"min_weight": self.min_weight, "top": self.top, "normalize": self.normalize, "backbone": self.backbone}


def normalizations(mode: str) -> list[str]:
    """The normalisations the library offers for ``mode`` (two-mode: none only; its weights are categories)."""
    return ["none"] if mode == "two-mode" else list(weights.NORMALIZATIONS)


def graph(store: Store, *, mode: str = "two-mode", issue: str | None = None, since: dt.date | None = None,
          until: dt.date | None = None, view: NetworkView | None = None) -> Any:
    """The networkx graph of a network view's parameters (tallies aggregated in SQL), filtered as ``view`` says.

    Normalisation and the minimum weight of one-mode networks go to the builder
    (as ``stancemap network --normalize/--min-weight``); top-N actors and the
    backbone are :mod:`stancemap.network.filters` applied after.
    """
    from fastapi import HTTPException


    view = view or NetworkView()
    if mode not in MODES:
        raise HTTPException(400, f"mode={mode!r} is not one of {', '.join(MODES)}")
    if view.normalize not in normalizations(mode):
        raise HTTPException(400, f"normalize={view.normalize!r} does not apply to {mode} networks; use one of "
                                 f"{', '.join(normalizations(mode))}")
    if view.backbone is not None and not 0 < view.backbone < 1:
        raise HTTPException(400, f"backbone={view.backbone} must be a significance level between 0 and 1, e.g. 0.05")
    selection = Selection.of(issues=issue) if issue else Selection()
    selection = selection.between(since, until)
    options: dict[str, Any] = {}
    if mode != "two-mode":
        options["normalization"] = weights.NORMALIZATIONS[view.normalize]
        if view.min_weight is not None:
            options["min_weight"] = view.min_weight
    G = _builder(mode)(tallies(store, selection, evidence=True), **options)
    if mode == "two-mode" and view.min_weight is not None:
        G = filters.min_weight(G, view.min_weight)
    if view.top is not None:
        G = filters.top_actors(G, view.top)
    if view.backbone is not None:
        G = filters.backbone(G, view.backbone)
    return G


def _lean(attrs: dict[str, Any]) -> str:
    support, oppose = attrs.get("support", 0), attrs.get("oppose", 0)
    if support > oppose:
        return "support"
    if oppose > support:
        return "oppose"
    return "mixed" if support else "neutral"


def months(first: dt.date | None, last: dt.date | None, limit: int = 120) -> list[dict[str, str]]:
    """Calendar-month windows from ``first`` to ``last`` (for the time slider)."""
    out: list[dict[str, str]] = []
    if first is None or last is None:
        return out
    start = first.replace(day=1)
    while start <= last and len(out) < limit:
        nxt = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        out.append({"since": start.isoformat(), "until": (nxt - dt.timedelta(days=1)).isoformat(),
                    "label": start.strftime("%Y-%m")})
        start = nxt
    return out


def network(store: Store, *, mode: str = "two-mode", issue: str | None = None, since: dt.date | None = None,
            until: dt.date | None = None, view: NetworkView | None = None) -> dict[str, Any]:
    """Cytoscape elements of the network: nodes coloured by stance, edges by agreement or conflict.

    Only issues and the :data:`LABELLED_ACTORS` actors of highest degree carry a
    drawn label (``shown``); every node keeps its name in ``label``.
    """
    view = view or NetworkView()
    G = graph(store, mode=mode, issue=issue, since=since, until=until, view=view)
    labelled = label_nodes(G, LABELLED_ACTORS)
    degree = dict(G.degree())
    ids = review.actor_ids(store, [n for n, a in G.nodes(data=True) if a.get("kind", "actor") == "actor"])
    nodes = []
    for name, attrs in G.nodes(data=True):
        kind = attrs.get("kind", "actor")
        nodes.append({"data": {"id": f"{kind}:{name}", "label": name, "kind": kind, "lean": _lean(attrs),
                               "type": attrs.get("type"), "support": attrs.get("support", 0),
                               "oppose": attrs.get("oppose", 0), "neutral": attrs.get("neutral", 0),
                               "statements": attrs.get("statements", 0), "degree": degree.get(name, 0),
                               "shown": name in labelled,
                               "href": f"/actors/{ids[name]}" if kind == "actor" and name in ids
                               else (f"/issues/{name}" if kind == "issue" else None)}})
    edges = []
    for a, b, attrs in G.edges(data=True):
        ka, kb = G.nodes[a].get("kind", "actor"), G.nodes[b].get("kind", "actor")
        weight = float(attrs.get("weight", 1.0))
        if mode == "two-mode":
            tie = attrs.get("agreement") or "neutral"
        elif mode == "conflict" or weight < 0:
            tie = "conflict"
        else:
            tie = "congruence"
        edges.append({"data": {"id": f"{ka}:{a}|{kb}:{b}", "source": f"{ka}:{a}", "target": f"{kb}:{b}",
                               "weight": weight, "tie": tie,
                               "statements": len(attrs.get("statement_ids", []) or [])}})
    first, last = date_range(store, Selection.of(issues=issue) if issue else Selection())
    return {"mode": mode, "modes": list(MODES), "issue": issue, "since": iso(since), "until": iso(until),
            **view.to_dict(), "normalizations": normalizations(mode), "labelled": LABELLED_ACTORS,
            "nodes": nodes, "edges": edges, "windows": months(first, last),
            "issues": [{"id": i.id, "label": i.label} for i in store.issues()],
            "exports": ["graphml", "gexf", "csv", "json", "dna"]}


def statements_evidence(store: Store, found: Sequence[StoredStatement]) -> list[dict[str, Any]]:
    items = statement_dicts(store, found)
    with_evidence(store, items, found)
    return items
