"""The actors package's word lists, kept as data: ``actors/data/<name>.tsv``.

The same format as :mod:`stancemap.names.wordlists` (a ``word`` column, ``#`` comment
lines saying what a list is for); a list is read once.

>>> "some" in word_list("quantifiers")
True
"""

from __future__ import annotations

from stancemap import datafiles

__all__ = ["word_list"]


def word_list(name: str) -> tuple[str, ...]:
    """The words of ``actors/data/<name>.tsv`` in file order (the first column, header row left out)."""
    return datafiles.word_list("stancemap.actors", f"{name}.tsv")
