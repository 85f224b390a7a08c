"""The examples in the docstrings of analysis, network and store.aggregates run (habit 6 of STYLE.md)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "stancemap.analysis.selection",
    "stancemap.analysis.duplicates",
    "stancemap.analysis.windows",
    "stancemap.analysis.timeline",
    "stancemap.analysis.polarization",
    "stancemap.network.weights",
    "stancemap.network.agreement",
    "stancemap.network.build",
    "stancemap.network.export._flat",
    "stancemap.network.export.graphml",
    "stancemap.network.export.gexf",
    "stancemap.network.export.csv",
    "stancemap.network.export.json",
    "stancemap.network.export.dna",
    "stancemap.store.aggregates",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    assert result.attempted > 0, f"{name} has no runnable example"
