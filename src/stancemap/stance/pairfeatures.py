"""The features of a (claim, text) pair for the ``embed-lr.v1`` stance model.

No feature names a topic, so that what is learned on some issues carries over
to issues never seen (:mod:`stancemap.stance.pairmodel_training` fits the model):

* **embedding interactions** (when an embedder is named): with ``c`` and ``t``
  the L2-normalised sentence embeddings of claim and text
  (:mod:`stancemap.stance.embeddings`) and ``d`` the claim's direction,
  ``c*t``, ``d*t`` and their cosine by default (``|c-t|`` and ``t`` on request),
  weighted down by ``embedding_weight``;
* **claim-masked n-grams** of the text (:func:`mask_text`): words whose stem is
  the claim's predicate (the verb after its modal: "ban", "adopt") become
  ``_p_``, other claim content words ``_c_``; word 1-3-grams (TF-IDF,
  sublinear) over that, keeping only n-grams seen with at least ``min_claims``
  different training claims (:func:`stancemap.stance.pairmodel_training.fit_terms`),
  so "should not be _p_" or "_c_ is harmful" are learned once for every topic.
  They enter twice: as they are and multiplied by the claim's direction ``d`` (+1 "adopt X", -1 "ban X",
  "abolish X", "X brings more harm than good");
* **cue features** (:func:`cue_features`, names in :data:`CUE_FEATURES`, cue
  words in :data:`CUES`): negators, plain and negated modals, opposing and
  supporting verbs, negative and positive evaluations and the rule coder's
  signed score (:func:`stancemap.stance.lexical.analyse_stance`), each as it is
  and times ``d``; the claim's predicate echoed in the text with and without a
  negator before it; claim words under a negator; dismissal of the topic's
  reality ("called X a hoax", "denied that", "a myth"), signed by whether the
  claim itself dismisses, and again for claims that take their topic to be a
  problem ("act to stop X"); word, IDF-weighted and bigram overlap of claim and
  text (whole text and lead); the claim's rule score times the text's;
* **focus features** (``focus``, for article-length texts): :mod:`stancemap.stance.focus`'s description of the
  sentences nearest the claim, and the first :data:`FOCUS_CUES` cue features of those sentences.

Texts are read up to :data:`MAX_TOKENS` tokens.

This module computes the features of a fitted model with numpy and scipy.sparse
only: coding statements never imports scikit-learn (issue 15, 65 MB per worker).
:func:`count_ngrams` and :func:`normalize_rows` give, bit for bit, what
scikit-learn's ``CountVectorizer(token_pattern=NGRAM_TOKEN, lowercase=False)`` and
``sklearn.preprocessing.normalize`` give; fitting the vocabulary is in
:mod:`stancemap.stance.pairmodel_training`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from scipy import sparse

from stancemap.stance.embeddings import DEFAULT_EMBEDDER, get_embedder
from stancemap.stance.focus import FOCUS_FEATURES, focus_features, focus_text
from stancemap.stance.lexical import analyse_stance
from stancemap.stance.text import idf, is_content, stem, tokens

__all__ = ["CUES", "CUE_FEATURES", "DISMISS_PHRASES", "EMBEDDING_PARTS", "FOCUS_CUES", "MAX_TOKENS", "NGRAM_TOKEN",
           "PairFeatures", "count_ngrams", "cue_features", "cue_rows", "cue_names", "mask_text", "ngrams_of",
           "normalize_rows"]

#: Cue words (lowercase tokens, contractions split by :func:`~stancemap.stance.text.tokens`).
CUES: dict[str, frozenset[str]] = {
    "negator": frozenset("not no never nor neither without nobody nothing none cannot".split()),
    "modal": frozenset("should must ought need needs shall".split()),
    # a claim that presupposes its topic is a real problem
    "problem": frozenset(
        "stop tackle tackling fight fighting combat combating prevent address reduce curb halt threat threats "
        "crisis problem problems danger epidemic".split()),
    # the reality or credibility of the thing talked about: "a hoax", "a myth", "exaggerated"
    "dismiss": frozenset(
        "hoax hoaxes myth myths fake bogus untrue baseless unfounded exaggerated overblown fabricated "
        "fiction debunked alarmist alarmism hype dismiss dismisses dismissed dismissing".split()),
    "oppose": frozenset(
        "oppose opposes opposed opposing opposition reject rejects rejected rejecting against ban bans banned "
        "banning abolish abolished abolishing abolition prohibit prohibits prohibited prohibiting outlaw "
        "outlawed forbid forbidden end ended ending stop stopped stopping scrap scrapped repeal repealed "
        "eliminate eliminated abandon abandoned abandoning condemn condemned resist criticise criticize "
        "criticised criticized restrict restricted limit limited curb".split()),
    "support": frozenset(
        "support supports supported supporting favor favour favors favours endorse endorses endorsed allow "
        "allows allowed allowing legalize legalise legalized legalised adopt adopts adopted adopting "
        "introduce introduced promote promotes promoted encourage encouraged welcome welcomed embrace "
        "embraced defend defends defended approve approved keep maintain expand expanded subsidize "
        "subsidise protect protects".split()),
    "neg_eval": frozenset(
        "harm harmful harms bad worse worst dangerous danger damage damaging wrong unfair unjust cruel "
        "inhumane expensive costly waste useless ineffective fail fails failure problem problems risk risks "
        "risky threat abuse unethical immoral evil destroy destroys destructive hurt hurts scam nonsense "
        "rubbish ridiculous absurd propaganda".split()),
    "pos_eval": frozenset(
        "good better best benefit benefits beneficial helpful help helps useful effective improve improves "
        "positive safe fair just necessary essential important vital valuable great right freedom "
        "opportunity protect protects ethical moral saves save".split()),
}
#: Dismissal frames of more than one word ("denied that", "a false claim", "does not exist").
DISMISS_PHRASES: tuple[tuple[str, ...], ...] = (
    ("denied", "that"), ("denies", "that"), ("deny", "that"), ("false", "claim"), ("false", "claims"),
    ("not", "real"), ("does", "not", "exist"), ("do", "not", "exist"), ("no", "such", "thing"))
#: Phrases that make a claim speak against its topic ("X brings more harm than good").
_NEG_CLAIM_PHRASES = (("more", "harm", "than", "good"), ("does", "more", "harm"))
_PRED_SKIP = frozenset("be been being not to the a an all more also".split())
_NEG_WINDOW = 4
#: Embedding blocks a model may use (see :meth:`PairFeatures.embeddings`).
EMBEDDING_PARTS = ("c*t", "|c-t|", "t", "d*t", "cos")
_LEAD = 60  # words of a text's lead, for overlap with the claim
#: Texts are read up to this many tokens (a statement is far shorter; a news article's lead is kept).
MAX_TOKENS = 1500
#: Names of the cue features, in the order of :func:`cue_features`.
CUE_FEATURES: tuple[str, ...] = (
    "t_negator", "t_modal", "t_modal_neg", "t_oppose", "t_support", "t_neg_eval", "t_pos_eval", "t_score", "t_mass",
    "d_negator", "d_modal", "d_modal_neg", "d_oppose", "d_support", "d_neg_eval", "d_pos_eval", "d_score",
    "echo", "echo_neg", "claim_word_neg", "dismiss_signed", "dismiss_problem",
    "overlap", "overlap_lead", "idf_overlap", "bigram_overlap",
    "c_direction", "c_negated",
    "t_length", "question",
    "c_score", "c_score_t_score", "c_score_neg_eval", "c_score_pos_eval",
)
#: How many of the cue features (the text's own: negators to evaluations) describe a focus too.
FOCUS_CUES = 9
#: What one word of a masked text is, for the n-grams (scikit-learn's ``token_pattern``, no lowercasing).
NGRAM_TOKEN = r"\S+"
_NGRAM_TOKEN = re.compile(NGRAM_TOKEN)


@dataclass(frozen=True)
class _Claim:
    """What the features need from a claim: its content stems, predicate stems and direction."""

    stems: frozenset[str]
    predicate: frozenset[str]
    direction: float
    negated: bool
    dismisses: bool
    bigrams: frozenset[tuple[str, str]]
    problem: bool  # the claim takes its topic to be a real problem ("act to stop X", "tackle X")
    score: float  # the rule coder's signed score of the claim (tanh)


@lru_cache(maxsize=4096)
def _claim(claim: str) -> _Claim:
    toks = tokens(claim)
    words = [t for t in toks if t[:1].isalnum()]
    predicate: set[str] = set()
    for i, t in enumerate(words):
        if t in CUES["modal"] or t == "to":
            for nxt in words[i + 1:]:
                if nxt in _PRED_SKIP or nxt in CUES["negator"]:
                    continue
                predicate.add(stem(nxt))
                break
    for t in words:
        if t in CUES["oppose"] or t in CUES["support"]:
            predicate.add(stem(t))
    negated = any(t in CUES["negator"] for t in words)
    opposing = any(t in CUES["oppose"] for t in words)
    neg_phrase = _count_phrases(words, _NEG_CLAIM_PHRASES) > 0
    direction = -1.0 if (negated + opposing + neg_phrase) % 2 else 1.0
    kept = [stem(t) for t in words if is_content(t) and t not in CUES["modal"]]
    return _Claim(frozenset(kept), frozenset(predicate), direction, negated,
                  any(t in CUES["dismiss"] for t in words) or _count_phrases(words, DISMISS_PHRASES) > 0,
                  frozenset(zip(kept, kept[1:], strict=False)), any(t in CUES["problem"] for t in words),
                  math.tanh(analyse_stance(claim, claim=True).score))


def _count_phrases(words: Sequence[str], phrases: Iterable[tuple[str, ...]]) -> int:
    return sum(1 for p in phrases for i in range(len(words) - len(p) + 1) if tuple(words[i:i + len(p)]) == p)


@dataclass(frozen=True)
class _Text:
    """What the features need from a text (its first ``MAX_TOKENS`` tokens), computed once."""

    tokens: tuple[str, ...]
    stems: tuple[str, ...]
    plain: frozenset[str]  # stems of words with no negator in the words before them
    negated: frozenset[str]  # stems of words with a negator within _NEG_WINDOW words before them
    negated_content: frozenset[str]
    lead: frozenset[str]
    content_bigrams: frozenset[tuple[str, str]]
    cues: tuple[float, ...]


@lru_cache(maxsize=32768)
def _text(text: str) -> _Text:
    toks = tuple(tokens(text)[:MAX_TOKENS])
    sts = tuple(stem(t) for t in toks)
    words = [(w, s) for w, s in zip(toks, sts, strict=False) if w[:1].isalnum()]
    plain, negated, negated_content = set(), set(), set()
    for i, (w, s) in enumerate(words):
        if any(v in CUES["negator"] for v, _ in words[max(0, i - _NEG_WINDOW):i]):
            negated.add(s)
            if is_content(w):
                negated_content.add(s)
        else:
            plain.add(s)
    n = max(1, len(words))
    scale = 1.0 / math.sqrt(n)
    counts = {k: sum(1 for w, _ in words if w in v) * scale for k, v in CUES.items()}
    modal_neg = scale * sum(1 for i, (w, _) in enumerate(words) if w in CUES["modal"]
                            and any(v in CUES["negator"] for v, _ in words[i + 1:i + 3]))
    a = analyse_stance(" ".join(toks))
    plain_words = [w for w, _ in words]
    dismiss = counts["dismiss"] + scale * _count_phrases(plain_words, DISMISS_PHRASES)
    cues = (counts["negator"], counts["modal"] - modal_neg, modal_neg, counts["oppose"], counts["support"],
            counts["neg_eval"], counts["pos_eval"], math.tanh(a.score), math.tanh(a.mass), dismiss,
            math.log1p(n) / 5.0, 1.0 if text.rstrip().endswith("?") else 0.0)
    content = [s for w, s in words if is_content(w)]
    return _Text(toks, sts, frozenset(plain), frozenset(negated), frozenset(negated_content),
                 frozenset(s for _, s in words[:_LEAD]), frozenset(zip(content, content[1:], strict=False)), cues)


def mask_text(claim: str, text: str) -> str:
    """The text's tokens with the claim's predicate as ``_p_`` and its other content words as ``_c_``.

    >>> mask_text("We should ban fracking.", "Fracking should not be banned.")
    '_c_ should not be _p_ .'
    """
    c = _claim(claim)
    t = _text(text)
    out = []
    for w, s in zip(t.tokens, t.stems, strict=False):
        if s in c.predicate:
            out.append("_p_")
        elif s in c.stems and is_content(w):
            out.append("_c_")
        else:
            out.append(w)
    return " ".join(out)


def cue_features(claim: str, text: str) -> np.ndarray:
    """The unscaled cue features of one pair (names in ``CUE_FEATURES``).

    >>> f = dict(zip(CUE_FEATURES, cue_features("We should ban fracking.", "Fracking should not be banned.")))
    >>> float(f["echo_neg"]), float(f["c_direction"]), bool(f["d_score"] < 0)
    (1.0, -1.0, True)
    """
    c = _claim(claim)
    t = _text(text)
    d = c.direction
    n_c = max(1, len(c.stems))
    words = t.plain | t.negated
    return np.array([
        *t.cues[:9], *(x * d for x in t.cues[:8]),
        float(bool(c.predicate & t.plain)), float(bool(c.predicate & t.negated)),
        float(bool((c.stems - c.predicate) & t.negated_content)),
        t.cues[9] * (1.0 if c.dismisses else -1.0), t.cues[9] * float(c.problem and not c.dismisses),
        len(c.stems & words) / n_c, len(c.stems & t.lead) / n_c,
        sum(idf(x) for x in c.stems & words) / (sum(idf(x) for x in c.stems) or 1.0),
        len(c.bigrams & t.content_bigrams) / max(1, len(c.bigrams)),
        d, float(c.negated), t.cues[10], t.cues[11],
        c.score, c.score * t.cues[7], c.score * t.cues[5], c.score * t.cues[6]])


def cue_names(focus: bool) -> tuple[str, ...]:
    """The names of :func:`cue_rows`' columns."""
    if not focus:
        return CUE_FEATURES
    return CUE_FEATURES + FOCUS_FEATURES + tuple(f"focus_{name[2:]}" for name in CUE_FEATURES[:FOCUS_CUES])


def cue_rows(claims: Sequence[str], texts: Sequence[str], focus: bool = False) -> np.ndarray:
    """The unscaled cue features of the pairs, and with ``focus`` their focus features, shape
    ``(n, len(cue_names(focus)))``."""
    rows = []
    for c, t in zip(claims, texts, strict=False):
        row = cue_features(c, t)
        if focus:
            row = np.concatenate([row, focus_features(c, t), cue_features(c, focus_text(c, t))[:FOCUS_CUES]])
        rows.append(row)
    return np.array(rows).reshape(len(rows), len(cue_names(focus)))


@dataclass
class PairFeatures:
    """The fitted feature map: n-gram vocabulary and IDF, cue scaling, embedder name.

    Parameters
    ----------
    terms : list of str
        The claim-masked n-grams kept (see the module docstring).
    idf : ndarray
        Their inverse document frequencies.
    mean, std : ndarray
        Scaling of the cue features.
    embedder : str or None
        Name for :func:`stancemap.stance.embeddings.get_embedder`; ``None`` for none.
    ngram_max : int
        Longest n-gram.
    embedding_parts : tuple of str
        Blocks of :meth:`embeddings`, among :data:`EMBEDDING_PARTS`.
    embedding_weight : float
        The embedding blocks are multiplied by it (a stronger L2 penalty on
        them than on the other features: below 1 they count less).
    focus : bool
        Add the focus features (:func:`cue_rows`) for article-length texts.
    """

    terms: list[str]
    idf: np.ndarray
    mean: np.ndarray
    std: np.ndarray
    embedder: str | None = DEFAULT_EMBEDDER
    ngram_max: int = 3
    embedding_parts: tuple[str, ...] = ("c*t", "d*t", "cos")
    embedding_weight: float = 0.5
    focus: bool = False

    def __post_init__(self) -> None:
        self._vocabulary = {t: i for i, t in enumerate(self.terms)}

    def ngrams(self, claims: Sequence[str], texts: Sequence[str]) -> sparse.csr_matrix:
        """TF-IDF of the claim-masked n-grams (rows L2-normalised)."""
        masked = [mask_text(c, t) for c, t in zip(claims, texts, strict=False)]
        counts = count_ngrams(masked, self._vocabulary, self.ngram_max)
        counts.data = 1.0 + np.log(counts.data)
        return normalize_rows(counts.multiply(self.idf.astype(np.float32)).tocsr(), copy=False)

    def cues(self, claims: Sequence[str], texts: Sequence[str], raw: np.ndarray | None = None) -> np.ndarray:
        """Scaled cue features (and focus features); ``raw`` are the pairs' :func:`cue_rows` where already read."""
        raw = cue_rows(claims, texts, self.focus) if raw is None else raw
        return ((raw - self.mean) / self.std).astype(np.float32)

    def embeddings(self, claims: Sequence[str], texts: Sequence[str]) -> np.ndarray:
        """The :attr:`embedding_parts` for the embedder's vectors, times :attr:`embedding_weight`.

        With ``c`` and ``t`` the claim's and the text's embeddings and ``d`` the
        claim's direction (:func:`cue_features`): ``c*t``, ``|c-t|``, ``t``,
        ``d*t`` and ``cos`` (one column). Empty without an embedder.
        """
        if self.embedder is None or not self.embedding_parts:
            return np.zeros((len(claims), 0), dtype=np.float32)
        c, t = _embed(self.embedder, claims), _embed(self.embedder, texts)
        direction = np.array([[_claim(x).direction] for x in claims], dtype=np.float32)
        blocks = {"c*t": lambda: c * t, "|c-t|": lambda: np.abs(c - t), "t": lambda: t,
                  "d*t": lambda: t * direction, "cos": lambda: (c * t).sum(axis=1, keepdims=True)}
        return (np.hstack([blocks[p]() for p in self.embedding_parts]) * self.embedding_weight).astype(np.float32)

    def transform(self, claims: Sequence[str], texts: Sequence[str],
                  raw_cues: np.ndarray | None = None) -> sparse.csr_matrix:
        """The model's input rows for pairs ``(claims[i], texts[i])`` (``raw_cues``: see :meth:`cues`)."""
        grams = self.ngrams(claims, texts)
        direction = np.array([_claim(c).direction for c in claims], dtype=np.float32)
        signed = sparse.diags(direction) @ grams
        return sparse.hstack([grams, signed, sparse.csr_matrix(self.cues(claims, texts, raw_cues)),
                              sparse.csr_matrix(self.embeddings(claims, texts))], format="csr")

    @property
    def config(self) -> dict[str, Any]:
        """The settings recorded in a model file."""
        return {"embedder": self.embedder, "ngram_max": self.ngram_max, "cue_features": list(cue_names(self.focus)),
                "n_terms": len(self.terms), "embedding_parts": list(self.embedding_parts),
                "embedding_weight": self.embedding_weight, "focus": self.focus}


def ngrams_of(document: str, ngram_max: int) -> list[str]:
    """The words of ``document`` (runs of non-space), then its 2- to ``ngram_max``-grams, in text order.

    >>> ngrams_of("_c_ should not", 2)
    ['_c_', 'should', 'not', '_c_ should', 'should not']
    """
    words = _NGRAM_TOKEN.findall(document)
    out = list(words)
    for n in range(2, min(ngram_max, len(words)) + 1):
        out.extend(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))
    return out


def count_ngrams(documents: Sequence[str], vocabulary: dict[str, int], ngram_max: int) -> sparse.csr_matrix:
    """How often each n-gram of ``vocabulary`` (n-gram to column) occurs in each document.

    The same matrix, entry for entry and in the same order, as scikit-learn's
    ``CountVectorizer(vocabulary=vocabulary, token_pattern=NGRAM_TOKEN, lowercase=False,
    ngram_range=(1, ngram_max), dtype=np.float32).transform(documents)``; n-grams
    outside the vocabulary are left out.

    >>> counts = count_ngrams(["_c_ is _c_", "nothing known"], {"_c_": 0, "is _c_": 1}, 2)
    >>> counts.toarray().tolist()
    [[2.0, 1.0], [0.0, 0.0]]
    """
    indices: list[int] = []
    values: list[int] = []
    indptr = [0]
    for document in documents:
        found: dict[int, int] = {}
        for gram in ngrams_of(document, ngram_max):
            column = vocabulary.get(gram)
            if column is not None:
                found[column] = found.get(column, 0) + 1
        indices.extend(found)
        values.extend(found.values())
        indptr.append(len(indices))
    counts = sparse.csr_matrix((np.asarray(values, dtype=np.float32), np.asarray(indices, dtype=np.int32),
                                np.asarray(indptr, dtype=np.int32)), shape=(len(documents), len(vocabulary)),
                               dtype=np.float32)
    counts.sort_indices()
    return counts


def normalize_rows(x: sparse.csr_matrix, copy: bool = True) -> sparse.csr_matrix:
    """Each row of ``x`` divided by its L2 norm (rows of zeros are left as they are).

    Bit for bit what ``sklearn.preprocessing.normalize(x)`` gives on a CSR
    matrix: per row, the squares are taken in the matrix's precision and summed
    in float64 in stored order, and each value is divided by the root in float64.

    >>> normalize_rows(sparse.csr_matrix([[3.0, 4.0], [0.0, 0.0]])).toarray().tolist()
    [[0.6, 0.8], [0.0, 0.0]]
    """
    dtype = x.dtype if np.issubdtype(x.dtype, np.floating) else np.float64
    x = sparse.csr_matrix(x, dtype=dtype, copy=copy)
    data, indptr = x.data, x.indptr
    squares = data * data
    for row in range(x.shape[0]):
        start, end = indptr[row], indptr[row + 1]
        if start == end:
            continue
        total = float(np.cumsum(squares[start:end], dtype=np.float64)[-1])  # sequential, as scikit-learn sums
        if total == 0.0:
            continue
        data[start:end] = data[start:end].astype(np.float64) / math.sqrt(total)
    return x


def _embed(name: str, texts: Sequence[str]) -> np.ndarray:
    unique = list(dict.fromkeys(texts))
    vecs = get_embedder(name).embed(unique)
    index = {t: i for i, t in enumerate(unique)}
    return np.asarray(vecs, dtype=np.float32)[[index[t] for t in texts]]
