"""The words of one issue's labelled texts, as a feature block for :mod:`stancemap.stance.adapt`.

The shipped stance model never names a topic (so that it carries over to issues it
never saw); a person's corrections on one issue can. :class:`IssueWords` keeps the
word 1- and 2-grams of an issue's labelled texts (lowercased tokens of
:func:`stancemap.stance.text.tokens`, in at least ``min_df`` texts) and turns any
text into a sublinear TF-IDF row of unit length over them, so that an adapter can
learn that, on this issue, "alarmist" or "carbon pollution" leans one way.

Rows are computed with numpy and scipy only (:func:`~stancemap.stance.pairfeatures.count_ngrams`);
the vocabulary is stored as plain strings and an IDF array (no pickles).

>>> words = IssueWords.fit(["carbon pollution kills", "pollution is a hoax", "a hoax"], min_df=2)
>>> words.terms
('a', 'a hoax', 'hoax', 'pollution')
>>> words.transform(["What a hoax!"]).toarray().round(2).tolist()
[[0.58, 0.58, 0.58, 0.0]]
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import sparse

from stancemap.stance.pairfeatures import count_ngrams, normalize_rows
from stancemap.stance.text import tokens

__all__ = ["IssueWords", "min_df_for"]

#: From this many labelled texts on, a word must occur in two of them to count (rarer ones are noise).
MANY_TEXTS = 50


def min_df_for(n_texts: int) -> int:
    """How many texts a word must occur in to count: 1 for a few corrections, 2 from :data:`MANY_TEXTS` on.

    >>> min_df_for(10), min_df_for(400)
    (1, 2)
    """
    return 2 if n_texts >= MANY_TEXTS else 1


def _words(text: str) -> list[str]:
    """The word tokens of ``text`` (punctuation left out)."""
    return [w for w in tokens(text) if any(ch.isalnum() for ch in w) and not any(ch.isspace() for ch in w)]


def _grams(text: str) -> list[str]:
    words = _words(text)
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


@dataclass(frozen=True)
class IssueWords:
    """A vocabulary of 1- and 2-grams with their IDF (see the module docstring)."""

    terms: tuple[str, ...]
    idf: np.ndarray

    @classmethod
    def fit(cls, texts: Sequence[str], min_df: int | None = None) -> IssueWords:
        """The n-grams of ``texts`` found in at least ``min_df`` of them (default :func:`min_df_for`)."""
        min_df = min_df_for(len(texts)) if min_df is None else min_df
        df: Counter[str] = Counter()
        for text in texts:
            df.update(set(_grams(text)))
        terms = tuple(sorted(g for g, count in df.items() if count >= min_df))
        n = len(texts)
        idf = np.array([math.log((1 + n) / (1 + df[g])) + 1.0 for g in terms], dtype=np.float64)
        return cls(terms, idf)

    @cached_property
    def _vocabulary(self) -> dict[str, int]:
        """Term -> column, built once (transform runs for every batch an adapter codes)."""
        return {g: i for i, g in enumerate(self.terms)}

    @property
    def width(self) -> int:
        """The number of columns of :meth:`transform`."""
        return len(self.terms)

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Sublinear TF-IDF rows of unit length (a text with none of the terms is a row of zeros)."""
        if not self.terms:
            return sparse.csr_matrix((len(texts), 0))
        counts = count_ngrams([" ".join(_words(t)) for t in texts], self._vocabulary, 2)
        counts = sparse.csr_matrix(counts, dtype=np.float64)
        counts.data = 1.0 + np.log(counts.data)
        return normalize_rows(sparse.csr_matrix(counts.multiply(self.idf)), copy=False)

