"""Attribute values that every file format accepts: lists joined with ``;``, dates as ISO strings, no None."""

from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx

#: separator of list values (statement ids, issues) in flat formats
SEPARATOR = ";"


def flat_value(value: Any) -> Any:
    """A scalar for ``value``: lists and tuples joined with ``;``, dates in ISO format.

    >>> flat_value([3, 17]), flat_value(dt.date(2024, 5, 28)), flat_value(0.5)
    ('3;17', '2024-05-28', 0.5)
    """
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return SEPARATOR.join(str(flat_value(v)) for v in items)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def flat_attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    return {str(k): flat_value(v) for k, v in attrs.items() if v is not None}


def flatten(G: nx.Graph) -> nx.Graph:
    """A copy of ``G`` whose graph, node and edge attributes are all scalars."""
    H = G.__class__()
    H.graph.update(flat_attrs(G.graph))
    H.add_nodes_from((n, flat_attrs(d)) for n, d in G.nodes(data=True))
    H.add_edges_from((u, v, flat_attrs(d)) for u, v, d in G.edges(data=True))
    return H


def split_list(value: Any, kind: type = int) -> list[Any]:
    """Undo :func:`flat_value` for a list: ``"3;17"`` -> ``[3, 17]``.

    >>> split_list("3;17"), split_list("x;y", str), split_list(5)
    ([3, 17], ['x', 'y'], [5])
    """
    if value is None or value == "":
        return []
    if not isinstance(value, str):
        return [kind(value)]
    return [kind(v) for v in value.split(SEPARATOR)]
