"""The data behind the position pages: actors, one actor's timeline, issues, the network.

Timelines come from :func:`stancemap.analysis.timeline.timeline`, networks from
:mod:`stancemap.network` over tallies aggregated in SQL
(:func:`stancemap.store.aggregates.tallies`), so that pages stay fast on large
corpora. Every function returns a dict of JSON types.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from stancemap.models import STANCES, StoredStatement
from stancemap.store import review
from stancemap.web.pages import Paging, clamp_page, iso, statement_dicts, with_evidence

#: Evidence quotes shown per actor and stance on an issue page.
EVIDENCE_PER_ACTOR = 3

#: y of each stance in the timeline chart (0 top).
STANCE_ROW = {"support": 0, "neutral": 1, "oppose": 2}


def actors(store: Any, *, page: int = 1, size: int = 100, q: str | None = None, sort: str = "statements") -> dict[str, Any]:
    page, size = clamp_page(page, size)
    rows, total = review.actor_page(store, q=q or None, limit=size, offset=(page - 1) * size, sort=sort)
    return {"actors": [r.to_dict() for r in rows], "paging": Paging(page, size, total).to_dict(), "q": q or "",
            "sort": sort}


def chart(entries: Sequence[dict[str, Any]], *, width: int = 640, height: int = 120) -> dict[str, Any]:
    """Point positions of one issue's timeline: x by date, y by stance (support top, oppose bottom)."""
    dated = [e for e in entries if e["date"]]
    days = sorted({dt.date.fromisoformat(e["date"]) for e in dated})
    left, right, top, step = 70, width - 20, 20, (height - 40) / 2
    lo, hi = (days[0], days[-1]) if days else (None, None)
    span = (hi - lo).days if lo and hi else 0
    points = []
    for e in dated:
        day = dt.date.fromisoformat(e["date"])
        x = (left + right) / 2 if span == 0 else left + (right - left) * (day - lo).days / span
        same = [p for p in points if abs(p["x"] - x) < 1 and p["stance"] == e["stance"]]
        points.append({"x": round(x + 7 * len(same), 1), "y": round(top + step * STANCE_ROW.get(e["stance"], 1), 1),
                       "stance": e["stance"], "statement": e["statement_id"], "date": e["date"],
                       "title": f"{e['date']} {e['stance']}: {e['content']} ({e['document']})"})
    rows = [{"stance": s, "y": round(top + step * r, 1)} for s, r in STANCE_ROW.items()]
    return {"width": width, "height": height, "left": left, "right": right, "rows": rows, "points": points,
            "first": iso(lo), "last": iso(hi), "undated": len(entries) - len(dated)}


def actor(store: Any, actor_id: int) -> dict[str, Any] | None:
    """An actor's record, stance over time per issue (with events), and latest statements with evidence."""
    from stancemap.analysis.timeline import timeline

    row = review.actor_by_id(store, actor_id)
    if row is None:
        return None
    own = [s for s in store.statements(actor=row.name) if s.statement.actor == row.name]
    line = [s for s in store.statements(actor=row.affiliation) if s.statement.actor != row.name] if row.affiliation else []
    status = review.status_of(store, [s.id for s in own + line])
    own = [s for s in own if status.get(s.id) != "rejected"]
    line = [s for s in line if status.get(s.id) != "rejected"]
    found = timeline(own + line, row.name, affiliation=row.affiliation)
    data = found.to_dict()
    labels = {i.id: i.label for i in store.issues()}
    docs = {s.id: s.document.id for s in own}
    by_issue: dict[str, list[dict[str, Any]]] = {}
    for entry in data["entries"]:
        entry["document_id"] = docs.get(entry["statement_id"])
        by_issue.setdefault(entry["issue"], []).append(entry)
    issues = []
    for issue, entries in sorted(by_issue.items()):
        counts = {s: sum(1 for e in entries if e["stance"] == s) for s in STANCES}
        for point_entry in entries:
            point_entry.setdefault("document_id", None)
        c = chart(entries)
        for point in c["points"]:
            point["document_id"] = docs.get(point["statement"])
        issues.append({"id": issue, "label": labels.get(issue, issue), "counts": counts, "chart": c,
                       "events": [e for e in data["events"] if e["issue"] == issue and e["kind"] != "first"]})
    latest = sorted(own, key=lambda s: (s.statement.date or dt.date.min, s.id), reverse=True)[:50]
    items = statement_dicts(store, latest)
    with_evidence(store, items, latest)
    return {
        "actor": row.to_dict(),
        "curation": curation(store, row.name),
        "issues": issues,
        "events": data["events"],
        "entries": data["entries"],
        "statements": items,
        "statements_total": len(own),
    }


def curation(store: Any, name: str) -> dict[str, Any]:
    """Affiliations over time, merged-away names and the curation edits of an actor."""
    from stancemap.store import curation as sql

    found = sql.stored_actors(store, names=[name])
    record = found[0] if found else None
    return {
        "affiliations": [{"affiliation": a.affiliation, "start": iso(a.start), "end": iso(a.end)}
                         for a in (record.affiliations if record else ())],
        "merged": list(record.merged) if record else [],
        "edits": [{"id": e.id, "kind": e.kind, "actor": e.actor, "other": e.other, "person": e.person,
                   "created_at": iso(e.created_at)} for e in sql.edits(store, actor=name)],
    }


def issues(store: Any) -> dict[str, Any]:
    counts = store.counts().get("stances", {})
    return {"issues": [{"id": i.id, "label": i.label, "claim": i.claim, "description": i.description,
                        **{s: int(counts.get(i.id, {}).get(s, 0)) for s in STANCES}} for i in store.issues()]}


def issue(store: Any, issue_id: str) -> dict[str, Any] | None:
    """Supporters, opponents and neutral actors of an issue, each with their strongest evidence."""
    from stancemap.analysis.selection import Selection
    from stancemap.store.aggregates import tallies

    known = {i.id: i for i in store.issues()}
    if issue_id not in known:
        return None
    found = tallies(store, Selection.of(issues=issue_id), evidence=True)
    ids = review.actor_ids(store, [t.actor for t in found])
    groups: dict[str, list[dict[str, Any]]] = {s: [] for s in STANCES}
    wanted: list[int] = []
    for t in found:
        if t.stance not in groups:
            continue
        shown = list(t.ids)[-EVIDENCE_PER_ACTOR:]
        wanted.extend(shown)
        groups[t.stance].append({"actor": t.actor, "actor_id": ids.get(t.actor), "actor_type": t.actor_type,
                                 "statements": t.statements, "documents": t.count, "first": iso(t.first),
                                 "last": iso(t.last), "evidence_ids": shown})
    stored = review.statements_by_ids(store, wanted)
    status = review.status_of(store, [s.id for s in stored])
    stored = [s for s in stored if status.get(s.id) != "rejected"]
    items = statement_dicts(store, stored)
    with_evidence(store, items, stored)
    by_id = {item["id"]: item for item in items}
    for stance in groups:
        for group in groups[stance]:
            group["evidence"] = [by_id[i] for i in group.pop("evidence_ids") if i in by_id]
        groups[stance].sort(key=lambda g: (-g["statements"], g["actor"].casefold()))
    i = known[issue_id]
    return {"issue": {"id": i.id, "label": i.label, "claim": i.claim, "description": i.description},
            "positions": groups, "counts": {s: len(groups[s]) for s in STANCES}}


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


def graph(store: Any, *, mode: str = "two-mode", issue: str | None = None, since: dt.date | None = None,
          until: dt.date | None = None) -> Any:
    """The networkx graph of a network view's parameters (tallies aggregated in SQL)."""
    from fastapi import HTTPException

    from stancemap.analysis.selection import Selection
    from stancemap.store.aggregates import tallies

    if mode not in MODES:
        raise HTTPException(400, f"mode={mode!r} is not one of {', '.join(MODES)}")
    selection = Selection.of(issues=issue) if issue else Selection()
    selection = selection.between(since, until)
    return _builder(mode)(tallies(store, selection, evidence=True))


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


def network(store: Any, *, mode: str = "two-mode", issue: str | None = None, since: dt.date | None = None,
            until: dt.date | None = None) -> dict[str, Any]:
    """Cytoscape elements of the network: nodes coloured by stance, edges by agreement or conflict."""
    from stancemap.analysis.selection import Selection
    from stancemap.store.aggregates import date_range

    G = graph(store, mode=mode, issue=issue, since=since, until=until)
    ids = review.actor_ids(store, [n for n, a in G.nodes(data=True) if a.get("kind", "actor") == "actor"])
    nodes = []
    for name, attrs in G.nodes(data=True):
        kind = attrs.get("kind", "actor")
        nodes.append({"data": {"id": f"{kind}:{name}", "label": name, "kind": kind, "lean": _lean(attrs),
                               "type": attrs.get("type"), "support": attrs.get("support", 0),
                               "oppose": attrs.get("oppose", 0), "neutral": attrs.get("neutral", 0),
                               "statements": attrs.get("statements", 0),
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
            "nodes": nodes, "edges": edges, "windows": months(first, last),
            "issues": [{"id": i.id, "label": i.label} for i in store.issues()],
            "exports": ["graphml", "gexf", "csv", "json", "dna"]}


def statements_evidence(store: Any, found: Sequence[StoredStatement]) -> list[dict[str, Any]]:
    items = statement_dicts(store, found)
    with_evidence(store, items, found)
    return items
