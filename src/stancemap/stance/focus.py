"""What the sentences of a long text nearest a claim say: the focus features of ``embed-lr.v1``.

A news article set against a headline (FNC-1's pairs, a user's article-level pair file) takes its
stance in a few sentences, the ones that speak of what the headline claims; read as one bag of
words, the rest of the article drowns them. :func:`focus_text` keeps the :data:`FOCUS_SENTENCES`
sentences that share most of the claim's content words (weighted by their IDF; of equals, the earlier; kept in
text order);
:func:`focus_features` describes them (names in :data:`FOCUS_FEATURES`):

* how near the text comes to the claim: the best sentence's share of the claim's IDF weight, and the mean of
  the best three;
* how the focus speaks: rates of hedging words ("reportedly", "allegedly", "unconfirmed": a text
  that reports a claim without taking it up), refuting words ("hoax", "fake", "denied") and
  confirming words ("confirmed", "officially"), each per square root of the focus's words;
* whether it asks a question.

(:class:`stancemap.stance.pairfeatures.PairFeatures` adds the focus's own cues: negators, modals, opposing and
supporting verbs, evaluations, the cue rules' score.)

:func:`is_long` says when a set of texts calls for them: texts of a median of more than
:data:`LONG_TEXT_WORDS` words, longer than an argument or a statement (whose focus would be the text itself).
Measured on FNC-1 dev (trained on FNC-1 train, ``benchmarks/results/stance_articles.md``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from stancemap.stance.text import idf, is_content, stem, tokens

__all__ = ["FOCUS_FEATURES", "FOCUS_SENTENCES", "LONG_TEXT_WORDS", "focus_features", "focus_text", "is_long"]

#: Sentences of a text kept as its focus.
FOCUS_SENTENCES = 3
#: Texts of a median of more than this many words get focus features (IBM ArgQ's and Perspectrum's arguments
#: have 10 to 25, news sentences 20 to 40, FNC-1's article bodies hundreds).
LONG_TEXT_WORDS = 60
#: Sentences read from the start of a text (a long article's later sentences rarely speak of its headline).
MAX_SENTENCES = 80
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n+")
_HEDGE = frozenset(
    "reportedly allegedly alleged claim claims claimed claiming rumor rumors rumour rumours rumored unconfirmed "
    "according report reports reported apparently purportedly supposedly appears appear seems may might could "
    "possibly suggest suggests speculation unverified".split())
_REFUTE = frozenset(
    "fake hoax hoaxes false debunk debunked deny denies denied denial untrue fabricated satire satirical misleading "
    "baseless unfounded not no nothing never incorrect wrong prank refute refuted refutes".split())
_CONFIRM = frozenset("confirm confirms confirmed confirming official officially announced announce announces "
                     "verified true indeed".split())
FOCUS_FEATURES: tuple[str, ...] = (
    "f_best_overlap", "f_top_overlap", "f_hedge", "f_refute", "f_confirm", "f_question")


@lru_cache(maxsize=4096)
def _sentences(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """The text's sentences, each with its content stems (read once per text: an article meets many claims)."""
    sentences = [s for s in _SENTENCE_BREAK.split(text) if s.strip()][:MAX_SENTENCES]
    return tuple((s, frozenset(stem(t) for t in tokens(s) if is_content(t))) for s in sentences)


@lru_cache(maxsize=4096)
def _claim_weights(claim: str) -> tuple[dict[str, float], float]:
    """The claim's content stems with their IDF, and its total weight."""
    weights = {s: idf(s) for s in dict.fromkeys(stem(t) for t in tokens(claim) if t[:1].isalnum() and is_content(t))}
    return weights, sum(weights.values()) or 1.0


def focus_text(claim: str, text: str) -> str:
    """The :data:`FOCUS_SENTENCES` sentences of ``text`` nearest ``claim``, in text order (the text when it has no
    more sentences than that).

    >>> focus_text("Apple will buy Tesla.", "Markets rose. Apple denied it would buy Tesla. Rain fell. Oil fell.")
    'Markets rose. Apple denied it would buy Tesla. Rain fell.'
    """
    return _focus(claim, text)[0]


@lru_cache(maxsize=32768)
def _focus(claim: str, text: str) -> tuple[str, tuple[float, ...]]:
    sentences = _sentences(text)
    if not sentences:
        return text, ()
    weights, total = _claim_weights(claim)
    near = [sum(w for s, w in weights.items() if s in words) / total for _, words in sentences]  # share of the claim
    kept = sorted(sorted(range(len(near)), key=lambda i: (-near[i], i))[:FOCUS_SENTENCES])  # ties: the earlier
    return " ".join(sentences[i][0] for i in kept), tuple(near)


def focus_features(claim: str, text: str) -> np.ndarray:
    """The unscaled focus features of one pair (names in :data:`FOCUS_FEATURES`).

    >>> f = dict(zip(FOCUS_FEATURES, focus_features("Apple will buy Tesla.", "Apple denied it would buy Tesla.")))
    >>> float(f["f_best_overlap"]), bool(f["f_refute"] > 0)
    (1.0, True)
    """
    top, near = _focus(claim, text)
    words = tokens(top)
    scale = 1.0 / math.sqrt(max(1, len(words)))
    best = sorted(near, reverse=True)
    return np.array([
        best[0] if best else 0.0, float(np.mean(best[:3])) if best else 0.0,
        scale * sum(w in _HEDGE for w in words), scale * sum(w in _REFUTE for w in words),
        scale * sum(w in _CONFIRM for w in words), float("?" in top)])


def is_long(texts: Sequence[str]) -> bool:
    """Whether ``texts`` are long enough for focus features: a median of more than :data:`LONG_TEXT_WORDS` words.

    >>> is_long(["It saves lives."] * 3), is_long(["word " * 100] * 3)
    (False, True)
    """
    return bool(texts) and float(np.median([len(t.split()) for t in texts])) > LONG_TEXT_WORDS
