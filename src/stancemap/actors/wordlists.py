"""Word lists of the actors package, kept as data: ``actors/data/<name>.tsv``.

Each file is a table with a header row (``word``); lines starting with ``#``
say what the list is for and where it comes from. A list is read once.

>>> "them" in word_list("pronouns")
True
"""

from __future__ import annotations

from stancemap import datafiles

__all__ = ["word_list"]


def word_list(name: str) -> tuple[str, ...]:
    """The words of ``actors/data/<name>.tsv`` in file order (the first column, header row left out)."""
    return datafiles.word_list("stancemap.actors", f"{name}.tsv")
