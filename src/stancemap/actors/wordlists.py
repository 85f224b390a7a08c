"""Word lists of the actors package, kept as data: ``actors/data/<name>.tsv``.

Each file is a table with a header row (``word``); lines starting with ``#``
say what the list is for and where it comes from. A list is read once.

>>> "them" in word_list("pronouns")
True
"""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = ["word_list"]


@cache
def word_list(name: str) -> tuple[str, ...]:
    """The words of ``actors/data/<name>.tsv`` in file order (the first column, header row left out)."""
    text = resources.files("stancemap.actors").joinpath(f"data/{name}.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t")[0] for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple(rows[1:])
