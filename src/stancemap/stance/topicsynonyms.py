"""A text's other names for the topic its claim names, put in the claim's words before the cue rules read it.

The cue rules (:mod:`stancemap.stance.lexical`) count a counter or salience cue only where it acts on, or
stands in a clause naming, one of the issue's terms: the words of its claim. News and debate name one topic in
several ways, so "the dangers of global warming have been greatly exaggerated" named none of the terms of
"Climate change is a serious concern." and its "exaggerated" counted for nothing. :func:`in_the_claims_words`
writes the claim's phrase in place of another name for the same topic (``data/topic_synonyms.tsv``: phrases
that name the same thing in any context). A topic's signs (``data/topic_signs.tsv``: "warming", "temperatures",
"emissions" for climate change) are not its names, but a clause naming one is about the topic for those cues
(:func:`topic_signs`): "the Earth has not warmed in 18 years".

>>> in_the_claims_words("The dangers of global warming are exaggerated.", "Climate change is a serious concern.")
'The dangers of climate change are exaggerated.'
>>> in_the_claims_words("Repeal Obamacare now!", "The Affordable Care Act should be repealed.")
'Repeal Affordable Care Act now!'
>>> in_the_claims_words("Global warming is real.", "Taxes should rise.")
'Global warming is real.'
"""

from __future__ import annotations

import re
from functools import lru_cache

from stancemap.stance.text import _rows, stem

__all__ = ["in_the_claims_words", "topic_groups", "topic_signs"]


def _pattern(phrase: str) -> re.Pattern[str]:
    """``phrase`` as whole words, any case, any run of spaces or hyphens between its words."""
    words = [re.escape(w) for w in re.split(r"[\s-]+", phrase)]
    return re.compile(r"(?<![\w-])" + r"[\s-]+".join(words) + r"(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def topic_groups() -> tuple[tuple[tuple[str, re.Pattern[str]], ...], ...]:
    """The rows of ``data/topic_synonyms.tsv``: each the phrases naming one topic, with their patterns."""
    return tuple(tuple((p.strip(), _pattern(p.strip())) for p in row if p.strip())
                 for row in _rows("topic_synonyms.tsv"))


@lru_cache(maxsize=1024)
def _replacements(claim: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """For each topic the claim names by one of its phrases, the other phrases' patterns and the claim's phrase."""
    out = []
    for group in topic_groups():
        in_claim = [phrase for phrase, pattern in group if pattern.search(claim)]
        if in_claim:
            out += [(pattern, in_claim[0]) for phrase, pattern in group if phrase not in in_claim]
    return tuple(out)


def in_the_claims_words(text: str, claim: str) -> str:
    """``text`` with each other name of a topic its ``claim`` names replaced by the claim's phrase."""
    for pattern, phrase in _replacements(claim):
        text = pattern.sub(phrase, text)
    return text


@lru_cache(maxsize=1024)
def topic_signs(claim: str) -> frozenset[str]:
    """The stems of the signs (``data/topic_signs.tsv``) of each topic the ``claim`` names by any of its phrases.

    >>> {"carbon", "co2", "emiss"} <= topic_signs("Global warming is a serious concern.")
    True
    >>> topic_signs("Taxes should rise.")
    frozenset()
    """
    named = {phrase.lower() for group in topic_groups() if any(p.search(claim) for _, p in group)
             for phrase, _ in group}
    return frozenset(stem(word) for row in _rows("topic_signs.tsv")
                     if row and (row[0].strip().lower() in named or _pattern(row[0].strip()).search(claim))
                     for word in row[1:] if word.strip())
