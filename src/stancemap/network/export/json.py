"""Node-link JSON export (d3, sigma.js, cytoscape.js, networkx), lists kept as JSON lists.

>>> import io, networkx as nx
>>> G = nx.Graph(network="two-mode")
>>> G.add_edge("Borrell", "strike-russia", weight=1.0, statement_ids=[3])
>>> H = read_json(io.StringIO(generate_json(G)))
>>> H["Borrell"]["strike-russia"]["statement_ids"], H.graph["network"]
([3], 'two-mode')
"""

from __future__ import annotations

import datetime as dt
import json as _json
from pathlib import Path
from typing import IO, Any

import networkx as nx


def _default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def node_link(G: nx.Graph) -> dict[str, Any]:
    """``G`` as a node-link dictionary (``nodes``, ``edges``, ``graph``)."""
    return nx.node_link_data(G, edges="edges")


def generate_json(G: nx.Graph, *, indent: int | None = 1) -> str:
    """``G`` as node-link JSON text."""
    return _json.dumps(node_link(G), default=_default, ensure_ascii=False, indent=indent)


def write_json(G: nx.Graph, path: str | Path | IO[str]) -> None:
    """Write ``G`` as node-link JSON to a path or a text file."""
    text = generate_json(G)
    if isinstance(path, (str, Path)):
        Path(path).write_text(text + "\n", encoding="utf-8")
    else:
        path.write(text + "\n")


def read_json(path: str | Path | IO[str]) -> nx.Graph:
    """Read node-link JSON written by :func:`write_json`."""
    if isinstance(path, (str, Path)):
        data = _json.loads(Path(path).read_text(encoding="utf-8"))
    else:
        data = _json.load(path)
    return nx.node_link_graph(data, edges="edges")
