"""CSV node and edge lists (spreadsheets, R, pandas, Gephi's data laboratory).

The edge list has ``source``, ``target``, ``weight`` and then every other edge
attribute; the node list has ``id`` and every node attribute. List values
(``statement_ids``, ``issues``) are ``;``-joined.

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_node("Borrell", type="person"); G.add_node("Germany", type="country")
>>> G.add_edge("Borrell", "Germany", weight=1.0, statement_ids=[2, 9])
>>> print("".join(generate_csv(G)), end="")
source,target,weight,statement_ids
Borrell,Germany,1.0,2;9
>>> H = read_csv(io.StringIO("".join(generate_csv(G))), io.StringIO("".join(generate_node_csv(G))))
>>> H.nodes["Germany"]["type"], H["Borrell"]["Germany"]["weight"]
('country', 1.0)
"""

from __future__ import annotations

import csv as _csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import networkx as nx

from stancemap.csvcells import csv_record
from stancemap.network.export._flat import flat_attrs


def _rows(header: list[str], rows: list[dict[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = _csv.DictWriter(buffer, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    yield buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(csv_record(row))
        yield buffer.getvalue()


def _columns(first: list[str], dicts: list[dict[str, Any]]) -> list[str]:
    keys: list[str] = []
    seen = set(first)
    for d in dicts:
        for key in d:
            if key not in seen:
                seen.add(key)
                keys.append(key)
    return first + sorted(keys)


def generate_csv(G: nx.Graph) -> Iterator[str]:
    """Lines of the edge list: ``source,target,weight,...``."""
    rows = [{"source": u, "target": v, **flat_attrs(d)} for u, v, d in G.edges(data=True)]
    has_weight = any("weight" in r for r in rows)
    header = _columns(["source", "target"] + (["weight"] if has_weight else []), rows)
    yield from _rows(header, rows)


def generate_node_csv(G: nx.Graph) -> Iterator[str]:
    """Lines of the node list: ``id,...``."""
    rows = [{"id": n, **flat_attrs(d)} for n, d in G.nodes(data=True)]
    yield from _rows(_columns(["id"], rows), rows)


def nodes_path(path: str | Path) -> Path:
    """Where :func:`write_csv` puts the node list next to ``path``: ``net.csv`` -> ``net_nodes.csv``."""
    path = Path(path)
    return path.with_name(path.stem + "_nodes" + (path.suffix or ".csv"))


def write_csv(G: nx.Graph, path: str | Path | IO[str], nodes: str | Path | IO[str] | None = None) -> None:
    """Write the edge list to ``path`` and the node list to ``nodes`` (default :func:`nodes_path` of ``path``)."""
    targets = [(path, generate_csv(G))]
    if nodes is None and isinstance(path, (str, Path)):
        nodes = nodes_path(path)
    if nodes is not None:
        targets.append((nodes, generate_node_csv(G)))
    for target, lines in targets:
        if isinstance(target, (str, Path)):
            with open(target, "w", encoding="utf-8", newline="") as handle:
                handle.writelines(lines)
        else:
            target.writelines(lines)


def _typed(value: str) -> Any:
    if value == "":
        return None
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            pass
    if value in ("True", "False"):
        return value == "True"
    return value


def read_csv(edges: str | Path | IO[str], nodes: str | Path | IO[str] | None = None) -> nx.Graph:
    """Read lists written by :func:`write_csv` (numbers typed back; lists stay ``;``-joined strings)."""

    def records(source: str | Path | IO[str]) -> list[dict[str, Any]]:
        if isinstance(source, (str, Path)):
            with open(source, encoding="utf-8", newline="") as handle:
                return list(_csv.DictReader(handle))
        return list(_csv.DictReader(source))

    G = nx.Graph()
    if nodes is not None:
        for row in records(nodes):
            node = row.pop("id")
            G.add_node(node, **{k: v for k, v in ((k, _typed(v)) for k, v in row.items()) if v is not None})
    for row in records(edges):
        u, v = row.pop("source"), row.pop("target")
        G.add_edge(u, v, **{k: val for k, val in ((k, _typed(x)) for k, x in row.items()) if val is not None})
    return G
