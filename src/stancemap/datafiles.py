"""The package's data tables (``<package>/data/*.tsv``), read one way and once.

A table is tab-separated with a header row; lines starting with ``#`` say what it
is for and where it comes from, and blank lines are left out.

>>> "them" in word_list("stancemap.names", "pronouns.tsv")
True
>>> table("stancemap.nlp", "rules.tsv")[0].keys() >= {"rule", "prior"}
True
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

__all__ = ["data_lines", "word_list", "table"]


@cache
def data_lines(package: str, name: str) -> tuple[str, ...]:
    """The lines of ``<package>/data/<name>`` that are not blank and not ``#`` comments, header first."""
    text = resources.files(package).joinpath("data", name).read_text(encoding="utf-8")
    return tuple(line for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def word_list(package: str, name: str) -> tuple[str, ...]:
    """The first column of a table, header left out, in file order."""
    return tuple(line.split("\t")[0] for line in data_lines(package, name)[1:])


def table(package: str, name: str) -> list[dict[str, str]]:
    """The rows of a table as ``{column: value}`` (a new list on every call)."""
    return list(csv.DictReader(data_lines(package, name), delimiter="\t"))
