"""Word lists about names kept as data: ``names/data/<name>.tsv`` (titles, common words, pronouns).

The lists only the actors package reads stay in ``actors/data`` and are read there by
the actors modules themselves, in the same format.

Each file is a table with a header row (``word``); lines starting with ``#``
say what the list is for and where it comes from. A list is read once.

>>> "them" in word_list("pronouns")
True
"""

from __future__ import annotations

from stancemap import datafiles

__all__ = ["word_list", "FORMER_WORDS", "LEADING_WORDS", "PARTY_OF_WORD"]


def word_list(name: str) -> tuple[str, ...]:
    """The words of ``names/data/<name>.tsv`` in file order (the first column, header row left out)."""
    return datafiles.word_list("stancemap.names", f"{name}.tsv")


#: Words before a title that make it an office someone held, not holds ("Former President Bill Clinton").
FORMER_WORDS = frozenset({"former", "ex", "late", "then"})
#: Words that open a sentence before a name and are no part of it ("Say Mexico ...", "Then Obama ...").
LEADING_WORDS: frozenset[str] = frozenset(word_list("leading_words"))
#: Party words in a description ("the Republican nominee", "Democrats") -> the party each names.
PARTY_OF_WORD: dict[str, str] = {
    row["word"]: row["party"] for row in datafiles.table("stancemap.names", "party_words.tsv")}
