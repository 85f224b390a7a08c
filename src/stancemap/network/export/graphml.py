"""GraphML export (visone, Gephi, yEd, igraph), through networkx's writer.

List attributes (``statement_ids``, ``issues``) are written as ``;``-joined
strings, dates as ISO strings; read them back with
:func:`stancemap.network.export._flat.split_list`.

>>> import io, networkx as nx
>>> G = nx.Graph(network="congruence")
>>> G.add_edge("Borrell", "Stoltenberg", weight=1.0, statement_ids=[3, 5])
>>> text = "".join(generate_graphml(G))
>>> H = read_graphml(io.BytesIO(text.encode()))
>>> H["Borrell"]["Stoltenberg"]["statement_ids"], H["Borrell"]["Stoltenberg"]["weight"]
('3;5', 1.0)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO

import networkx as nx

from stancemap.network.export._flat import flatten


def generate_graphml(G: nx.Graph) -> Iterator[str]:
    """Lines of GraphML for ``G`` (attribute types declared, lists flattened)."""
    yield from nx.generate_graphml(flatten(G), named_key_ids=True)


def write_graphml(G: nx.Graph, path: str | Path | IO[bytes]) -> None:
    """Write ``G`` as GraphML to a path or a binary file."""
    nx.write_graphml(flatten(G), path, named_key_ids=True)


def read_graphml(path: str | Path | IO[bytes]) -> nx.Graph:
    """Read a GraphML file written by :func:`write_graphml` (list attributes stay ``;``-joined strings)."""
    return nx.read_graphml(path)
