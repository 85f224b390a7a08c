"""Filters that make a large discourse network readable: minimum weight, top-N actors, backbone.

Each takes a built network (two-mode or one-mode, see :mod:`stancemap.network.build`)
and returns a new, smaller one; the input is left as it was.

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_edge("A", "B", weight=5.0); G.add_edge("B", "C", weight=1.0); G.add_edge("A", "C", weight=0.5)
>>> sorted(min_weight(G, 1.0).edges())
[('A', 'B'), ('B', 'C')]
>>> sorted(top_actors(G, 2).nodes())
['A', 'B']
"""

from __future__ import annotations

from typing import Any

import networkx as nx

__all__ = ["min_weight", "top_actors", "backbone", "label_nodes"]


def _weight(attrs: dict[str, Any]) -> float:
    return abs(float(attrs.get("weight", 1.0) or 0.0))


def _is_actor(attrs: dict[str, Any]) -> bool:
    return attrs.get("kind", "actor") == "actor"


def min_weight(G: nx.Graph, threshold: float, *, isolates: bool = False) -> nx.Graph:
    """Edges whose absolute ``weight`` is at least ``threshold``; nodes left without one go unless ``isolates``."""
    H = G.copy()
    H.remove_edges_from([(a, b) for a, b, attrs in G.edges(data=True) if _weight(attrs) < threshold])
    if not isolates:
        H.remove_nodes_from([n for n in list(H.nodes) if H.degree(n) == 0 and G.degree(n) > 0])
    return H


def top_actors(G: nx.Graph, n: int, *, by: str = "statements") -> nx.Graph:
    """The ``n`` actors with most ``by`` (node attribute; ties by weighted degree, then name), and every issue node.

    Issue nodes (``kind="issue"``) left without an edge are dropped.
    """
    actors = [(node, attrs) for node, attrs in G.nodes(data=True) if _is_actor(attrs)]
    degree = dict(G.degree(weight=None))
    ranked = sorted(actors, key=lambda item: (-float(item[1].get(by, 0) or 0), -degree.get(item[0], 0), str(item[0])))
    keep = {node for node, _ in ranked[:max(0, n)]}
    H = G.subgraph([node for node, attrs in G.nodes(data=True) if node in keep or not _is_actor(attrs)]).copy()
    H.remove_nodes_from([node for node, attrs in list(H.nodes(data=True))
                         if not _is_actor(attrs) and H.degree(node) == 0])
    return H


def backbone(G: nx.Graph, alpha: float = 0.05) -> nx.Graph:
    """The disparity-filter backbone: edges significant at level ``alpha`` for at least one of their ends.

    For a node of degree ``k > 1`` and strength ``s`` (sum of absolute weights),
    an edge of weight ``w`` is kept when ``(1 - w / s) ** (k - 1) < alpha``; an
    edge of a node of degree 1 is kept when its other end keeps it. Nodes left
    without edges are dropped.

    >>> G = nx.Graph()
    >>> G.add_weighted_edges_from([("hub", x, 1.0) for x in "abcdefgh"] + [("hub", "z", 40.0)])
    >>> sorted(backbone(G, 0.05).edges())
    [('hub', 'z')]

    References
    ----------
    M. A. Serrano, M. Boguna, A. Vespignani (2009). Extracting the multiscale backbone of
    complex weighted networks. PNAS 106(16), 6483-6488.
    """
    strength = {n: sum(_weight(a) for _, _, a in G.edges(n, data=True)) for n in G.nodes}
    degree = dict(G.degree())

    def significant(node: Any, w: float) -> bool:
        k, s = degree[node], strength[node]
        if k <= 1 or s <= 0:
            return False
        return (1.0 - w / s) ** (k - 1) < alpha

    H = G.copy()
    H.remove_edges_from([(a, b) for a, b, attrs in G.edges(data=True)
                         if not (significant(a, _weight(attrs)) or significant(b, _weight(attrs)))])
    H.remove_nodes_from([n for n in list(H.nodes) if H.degree(n) == 0])
    return H


def label_nodes(G: nx.Graph, n: int) -> set[Any]:
    """The nodes worth a label on a drawing: every issue and the ``n`` actors of highest degree (ties by name).

    >>> G = nx.star_graph(3)
    >>> sorted(label_nodes(G, 1))
    [0]
    """
    actors = sorted(((node, G.degree(node)) for node, attrs in G.nodes(data=True) if _is_actor(attrs)),
                    key=lambda item: (-item[1], str(item[0])))
    return {node for node, _ in actors[:max(0, n)]} | {node for node, a in G.nodes(data=True) if not _is_actor(a)}
