"""Where the name in a speaker span starts: after an upper-case dateline and its dash ("CLEVELAND - Donald
Trump"), after the word that opens the sentence ("Say Mexico demanded ..."). Used by :mod:`stancemap.nlp.coref`.
"""

from __future__ import annotations

from spacy.tokens import Doc

from stancemap.names.wordlists import LEADING_WORDS

__all__ = ["after_dateline", "after_opener", "is_dateline"]


def is_dateline(doc: Doc, start: int, end: int) -> bool:
    """Whether ``doc[start:end]`` is an upper-case place opening a line ("LOS ANGELES (AP) --")."""
    words = [t for t in doc[start:end] if t.is_alpha]
    if not words or not all(t.is_upper for t in words) or len("".join(t.text for t in words)) < 4:
        return False
    first = doc[start]
    return first.i == 0 or "\n" in doc[first.i - 1].whitespace_ + doc[first.i - 1].text


def after_dateline(doc: Doc, start: int, end: int) -> int:
    """Where a speaker span starts after an upper-case dateline place and its dash ("CLEVELAND - Donald
    Trump" -> the token of "Donald"); ``start`` when it opens with none."""
    for i in range(start, min(end - 1, start + 5)):
        if doc[i].text in _DASHES:
            place = [t for t in doc[start:i] if t.is_alpha]
            if place and all(t.is_upper for t in place) and is_dateline(doc, start, i):
                return i + 1
            return start
    return start


def after_opener(doc: Doc, start: int, end: int) -> int:
    """Where a speaker span starts after a sentence-opening word that is no part of the name before it
    ("Say Mexico demanded ..." -> "Mexico"; "Democratic officials" keeps its adjective); ``start`` else."""
    opener = doc[start]
    if (end - start > 1 and opener.is_sent_start and opener.lower_ in LEADING_WORDS and opener.pos_ != "DET"
            and opener.ent_type_ != "NORP" and doc[start + 1].pos_ == "PROPN"):
        return start + 1
    return start


_DASHES = frozenset({"-", "--", "\u2013", "\u2014"})
