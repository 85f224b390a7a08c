"""One module per export format, each with ``write_<fmt>(G, path_or_file)`` and ``generate_<fmt>(G)``.

====================  =========================================================
module                format
====================  =========================================================
:mod:`.graphml`       GraphML (visone, Gephi, yEd, igraph)
:mod:`.gexf`          GEXF 1.2, static or dynamic (Gephi's timeline)
:mod:`.csv`           node and edge lists as CSV
:mod:`.json`          node-link JSON (d3, sigma.js, cytoscape.js, networkx)
:mod:`.dna`           the matrix CSV the Discourse Network Analyzer exports
====================  =========================================================

:data:`WRITERS` maps the names the command line uses to the writers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from stancemap.network.export import csv, dna, gexf, graphml, json


def _writers() -> dict[str, Callable[..., Any]]:
    return {
        "graphml": graphml.write_graphml,
        "gexf": gexf.write_gexf,
        "csv": csv.write_csv,
        "json": json.write_json,
        "dna": dna.write_dna,
    }


FORMATS: tuple[str, ...] = ("graphml", "gexf", "csv", "json", "dna")


def writer(fmt: str) -> Callable[..., Any]:
    """The ``write_<fmt>`` function of a format name (``graphml``, ``gexf``, ``csv``, ``json``, ``dna``)."""
    writers = _writers()
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return writers[fmt]
