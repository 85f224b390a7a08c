"""GEXF 1.2 export for Gephi, static or dynamic (one network per time window, on Gephi's timeline).

A static graph is written with its attributes (lists ``;``-joined). For a
dynamic graph, merge the windows of :func:`stancemap.network.build.windows`
with :func:`dynamic_graph`: each node and edge gets the ``spells`` (windows)
it is present in, and ``window_weight`` / ``window_count`` as dynamic
attributes with a value per window, so Gephi's timeline replays the debate.

>>> import datetime as dt, io, networkx as nx
>>> a = nx.Graph(); a.add_edge("A", "B", weight=1.0)
>>> b = nx.Graph(); b.add_edge("A", "B", weight=2.0); b.add_edge("B", "C", weight=1.0)
>>> D = dynamic_graph([(dt.date(2024, 1, 1), dt.date(2024, 1, 7), a), (dt.date(2024, 1, 8), dt.date(2024, 1, 14), b)])
>>> H = read_gexf(io.BytesIO("".join(generate_gexf(D)).encode()))
>>> H.graph["mode"], H.edges["A", "B"]["spells"]
('dynamic', [('2024-01-01', '2024-01-07'), ('2024-01-08', '2024-01-14')])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import networkx as nx

from stancemap.network.export._flat import flat_value


def _is_dynamic(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, tuple) for v in value)


def _attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in attrs.items():
        if value is None:
            continue
        out[str(key)] = value if _is_dynamic(value) else flat_value(value)
    return out


def _prepare(G: nx.Graph) -> nx.Graph:
    H = G.__class__()
    H.graph.update({k: v for k, v in G.graph.items() if k == "mode"})
    H.add_nodes_from((n, {"label": str(n), **_attrs(d)}) for n, d in G.nodes(data=True))
    H.add_edges_from((u, v, _attrs(d)) for u, v, d in G.edges(data=True))
    return H


def generate_gexf(G: nx.Graph) -> Iterator[str]:
    """Lines of GEXF 1.2 for ``G`` (static, or dynamic when ``G.graph["mode"] == "dynamic"``)."""
    yield from nx.generate_gexf(_prepare(G), version="1.2draft")


def write_gexf(G: nx.Graph, path: str | Path | IO[bytes]) -> None:
    """Write ``G`` as GEXF 1.2 to a path or a binary file."""
    nx.write_gexf(_prepare(G), path, version="1.2draft")


def read_gexf(path: str | Path | IO[bytes]) -> nx.Graph:
    """Read a GEXF file written by :func:`write_gexf` (node ids as written)."""
    return nx.read_gexf(path, node_type=None, relabel=False, version="1.2draft")


def dynamic_graph(windows: Iterable[tuple[dt.date, dt.date, nx.Graph]]) -> nx.Graph:
    """Merge per-window networks into one dynamic graph for GEXF.

    Parameters
    ----------
    windows : iterable of (start, end, Graph)
        As yielded by :func:`stancemap.network.build.windows` (dates inclusive).

    Returns
    -------
    networkx.Graph
        ``graph["mode"] == "dynamic"``. Nodes and edges carry the static
        attributes of their last window, ``spells`` (the windows they are in, as
        ISO date pairs), and dynamic ``window_weight`` (edges) and
        ``window_count`` (nodes): ``[(value, start, end), ...]``. An edge's
        static ``weight`` is its highest window weight.
    """
    D = nx.Graph(mode="dynamic")
    for start, end, G in windows:
        lo, hi = start.isoformat(), end.isoformat()
        for node, data in G.nodes(data=True):
            if node not in D:
                D.add_node(node, spells=[], window_count=[])
            entry = D.nodes[node]
            entry.update({k: v for k, v in data.items() if k not in ("spells", "window_count")})
            entry["spells"].append((lo, hi))
            entry["window_count"].append((int(data.get("count", 0)), lo, hi))
        for u, v, data in G.edges(data=True):
            if not D.has_edge(u, v):
                D.add_edge(u, v, spells=[], window_weight=[], weight=float(data.get("weight", 1.0)))
            entry = D.edges[u, v]
            weight = float(data.get("weight", 1.0))
            entry.update({k: val for k, val in data.items() if k not in ("spells", "window_weight", "weight")})
            entry["weight"] = max(entry["weight"], weight)
            entry["spells"].append((lo, hi))
            entry["window_weight"].append((weight, lo, hi))
    return D
