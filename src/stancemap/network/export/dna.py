"""The matrix CSV the Discourse Network Analyzer (DNA) exports, for its users' scripts and rDNA.

A header row with an empty corner and the column labels, then one row per
row label with the edge weights (0 where there is no edge). Two-mode networks
(node attribute ``bipartite``) are written actors x issues; one-mode networks
as a square, symmetric matrix with a zero diagonal. Labels are sorted.

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_node("A", bipartite=0); G.add_node("B", bipartite=0); G.add_node("x", bipartite=1)
>>> G.add_edge("A", "x", weight=1.0); G.add_edge("B", "x", weight=2.0)
>>> print("".join(generate_dna(G)), end="")
"",x
A,1.0
B,2.0
>>> read_dna(io.StringIO("".join(generate_dna(G))))
(['A', 'B'], ['x'], [[1.0], [2.0]])
"""

from __future__ import annotations

import csv as _csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

import networkx as nx

from stancemap.csvcells import csv_row


def _labels(G: nx.Graph) -> tuple[list[str], list[str]]:
    sides = {d.get("bipartite") for _, d in G.nodes(data=True)}
    if sides >= {0, 1}:
        rows = sorted(n for n, d in G.nodes(data=True) if d.get("bipartite") == 0)
        cols = sorted(n for n, d in G.nodes(data=True) if d.get("bipartite") == 1)
        return rows, cols
    labels = sorted(G.nodes)
    return labels, labels


def generate_dna(G: nx.Graph, *, delimiter: str = ",") -> Iterator[str]:
    """Lines of the matrix CSV (``delimiter=";"`` for spreadsheets set to European locales)."""
    rows, cols = _labels(G)
    buffer = io.StringIO()
    writer = _csv.writer(buffer, delimiter=delimiter, lineterminator="\n")

    def line(values: Sequence[object]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(csv_row(values))
        return buffer.getvalue()

    header = line([""] + cols)
    yield '""' + header if header.startswith(delimiter) else header
    for r in rows:
        adjacency = G[r]
        yield line([r] + [float(adjacency[c].get("weight", 1.0)) if c in adjacency else 0.0 for c in cols])


def write_dna(G: nx.Graph, path: str | Path | IO[str], *, delimiter: str = ",") -> None:
    """Write the matrix CSV to a path or a text file."""
    lines = generate_dna(G, delimiter=delimiter)
    if isinstance(path, (str, Path)):
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.writelines(lines)
    else:
        path.writelines(lines)


def read_dna(path: str | Path | IO[str], *, delimiter: str = ",") -> tuple[list[str], list[str], list[list[float]]]:
    """Read a matrix CSV: ``(row labels, column labels, values by row)``."""
    if isinstance(path, (str, Path)):
        with open(path, encoding="utf-8", newline="") as handle:
            table = list(_csv.reader(handle, delimiter=delimiter))
    else:
        table = list(_csv.reader(path, delimiter=delimiter))
    cols = table[0][1:]
    rows = [row[0] for row in table[1:]]
    values = [[float(v) for v in row[1:]] for row in table[1:]]
    return rows, cols, values
