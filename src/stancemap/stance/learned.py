"""``tfidf-lr.v1``: a stance coder learned from labelled (claim, text, label) pairs.

Features of a pair
    * TF-IDF of the text's stems and stem bigrams (fitted on the training texts);
    * the same vector multiplied by the claim's direction ``c`` (+1 "allow X",
      -1 "ban X", see :mod:`stancemap.stance.lexical`), so that a word's weight
      can mean "for" or "against" relative to what the claim proposes;
    * a few dense features from the rule coder: its signed stance score, the
      consistency of its cues, hedges, deliberation, relevance, and the cosine
      between claim and text.

Model
    Multinomial logistic regression with L2 penalty, fitted with numpy alone
    (full-batch Adam on a hand-rolled sparse matrix); no scikit-learn or scipy.

Relevance
    When the training labels include ``unrelated`` the model predicts it and the
    coder returns ``None`` for it. Otherwise the rule coder's relevance gates
    (below ``threshold``: ``None``), and when ``neutral`` was not a training
    label, a prediction whose probability is below ``neutral_below``, or a text
    that deliberates ("whether", a question) with no stance cue, is coded
    ``neutral``.

The packaged model ``data/tfidf-lr.v1.npz`` is trained on the Perspectrum v1.0
training split (Chen et al., NAACL 2019), licensed CC BY-SA 4.0; the model file
is a derivative and carries that licence.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from stancemap.stance.modelfile import load_model_file
from stancemap.stance.coders import register_coder
from stancemap.stance.lexical import KeywordCoder, analyse_stance, frame, relevance
from stancemap.stance.text import stem, tokens
from stancemap.models import Coding, Issue

__all__ = ["LearnedModel", "LearnedCoder", "train_coder", "save_model", "load_model", "MODEL_FILE"]

MODEL_FILE = "tfidf-lr.v1.npz"
_N_DENSE = 7


def _grams(text: str) -> list[str]:
    sts = [stem(t) for t in tokens(text) if t[:1].isalnum()]
    return sts + [f"{a} {b}" for a, b in zip(sts, sts[1:])]


@dataclass
class LearnedModel:
    """A fitted vocabulary, IDF weights, label set and weight matrix."""

    vocab: dict[str, int]
    idf: np.ndarray
    labels: tuple[str, ...]
    weights: np.ndarray  # (2 * len(vocab) + _N_DENSE, len(labels))
    meta: dict[str, Any]

    def _tfidf(self, text: str) -> dict[int, float]:
        counts = Counter(g for g in _grams(text) if g in self.vocab)
        vec = {self.vocab[g]: (1.0 + math.log(c)) * float(self.idf[self.vocab[g]]) for g, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {k: v / norm for k, v in vec.items()}

    def _memo(self, text: str) -> tuple[dict[int, float], Any]:
        cache = self.__dict__.setdefault("_cache", {})
        hit = cache.get(text)
        if hit is None:
            if len(cache) > 4096:
                cache.clear()
            hit = cache[text] = (self._tfidf(text), analyse_stance(text))
        return hit

    def features(self, claim: str, text: str) -> tuple[list[int], list[float]]:
        """Sparse feature indices and values of one (claim, text) pair."""
        v = len(self.vocab)
        x, a = self._memo(text)
        cx, claim_a = self._memo(claim)
        c = -1.0 if claim_a.score < 0 else 1.0
        issue = Issue(id="x", label=claim, claim=claim)
        cosine = sum(val * cx.get(k, 0.0) for k, val in x.items())
        dense = [1.0, math.tanh(a.score * c), a.consistency, min(a.hedges, 3) / 3.0,
                 1.0 if a.deliberation else 0.0, relevance(text, "", issue), cosine]
        idx = list(x) + [v + k for k in x] + [2 * v + i for i in range(_N_DENSE)]
        val = list(x.values()) + [c * val for val in x.values()] + dense
        return idx, val

    def predict_proba(self, claim: str, text: str) -> np.ndarray:
        """Probabilities over :attr:`labels`."""
        idx, val = self.features(claim, text)
        z = (self.weights[idx] * np.asarray(val)[:, None]).sum(axis=0)
        z -= z.max()
        p = np.exp(z)
        return p / p.sum()


def _fit_vocab(texts: Iterable[str], min_df: int, max_features: int) -> tuple[dict[str, int], np.ndarray]:
    df: Counter[str] = Counter()
    n = 0
    for t in texts:
        n += 1
        df.update(set(_grams(t)))
    kept = [g for g, c in df.most_common() if c >= min_df][:max_features]
    kept.sort()
    vocab = {g: i for i, g in enumerate(kept)}
    idf = np.array([math.log((1 + n) / (1 + df[g])) + 1.0 for g in kept])
    return vocab, idf


def train_coder(
    pairs: Sequence[tuple[str, str, str]] | Iterable[Mapping[str, Any]],
    *,
    min_df: int = 2,
    max_features: int = 20000,
    l2: float = 1e-3,
    epochs: int = 150,
    learning_rate: float = 0.05,
    seed: int = 0,
    source: str = "",
) -> LearnedModel:
    """Fit a ``tfidf-lr.v1`` model on labelled ``(claim, text, label)`` pairs.

    Parameters
    ----------
    pairs : sequence
        Tuples or mappings with ``claim``, ``text`` and ``label``.
    min_df, max_features : int
        Vocabulary: stems and stem bigrams in at least ``min_df`` texts, the
        ``max_features`` most frequent.
    l2 : float
        L2 penalty on the weights (not on the bias).
    epochs, learning_rate : int, float
        Full-batch Adam steps and step size.
    source : str
        What the model was trained on (stored in the model, shown by ``meta``).

    Returns
    -------
    LearnedModel

    Examples
    --------
    >>> pairs = [("Tolls should rise.", "Tolls are fair.", "support"),
    ...          ("Tolls should rise.", "Tolls are unfair.", "oppose")] * 3
    >>> model = train_coder(pairs, min_df=1, epochs=50)
    >>> model.labels
    ('oppose', 'support')
    """
    rows = [(p["claim"], p["text"], p["label"]) if isinstance(p, Mapping) else tuple(p) for p in pairs]
    if not rows:
        raise ValueError("train_coder needs at least one labelled pair")
    labels = tuple(sorted({r[2] for r in rows}))
    vocab, idf = _fit_vocab((r[1] for r in rows), min_df, max_features)
    n_feat = 2 * len(vocab) + _N_DENSE
    model = LearnedModel(vocab, idf, labels, np.zeros((n_feat, len(labels))), {})
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for claim, text, _ in rows:
        idx, val = model.features(claim, text)
        indices += idx
        data += val
        indptr.append(len(indices))
    ind = np.asarray(indices)
    dat = np.asarray(data)
    row_of = np.repeat(np.arange(len(rows)), np.diff(indptr))
    starts = np.asarray(indptr[:-1])
    y = np.zeros((len(rows), len(labels)))
    y[np.arange(len(rows)), [labels.index(r[2]) for r in rows]] = 1.0
    # class weights: balanced, so that a rare class is not ignored
    counts = y.sum(axis=0)
    sample_w = (len(rows) / (len(labels) * counts))[y.argmax(axis=1)]
    w = np.zeros((n_feat, len(labels)))
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    reg = np.full(n_feat, l2)
    reg[2 * len(vocab)] = 0.0  # bias
    rng = np.random.default_rng(seed)
    w += rng.normal(0, 1e-3, w.shape)
    b1, b2, eps = 0.9, 0.999, 1e-8
    for step in range(1, epochs + 1):
        z = np.add.reduceat(w[ind] * dat[:, None], starts, axis=0)
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        r = (p - y) * sample_w[:, None] / len(rows)
        grad = np.stack([np.bincount(ind, weights=dat * r[row_of, k], minlength=n_feat)
                         for k in range(len(labels))], axis=1)
        grad += reg[:, None] * w
        m = b1 * m + (1 - b1) * grad
        v = b2 * v + (1 - b2) * grad * grad
        w -= learning_rate * (m / (1 - b1**step)) / (np.sqrt(v / (1 - b2**step)) + eps)
    model.weights = w
    model.meta = {"coder": "tfidf-lr.v1", "pairs": len(rows), "labels": list(labels),
                  "label_counts": {lab: int(c) for lab, c in zip(labels, counts)},
                  "min_df": min_df, "max_features": max_features, "l2": l2, "epochs": epochs,
                  "source": source}
    return model


def save_model(model: LearnedModel, path: str | Path) -> None:
    """Write ``model`` to a ``.npz`` file (no pickles)."""
    terms = sorted(model.vocab, key=model.vocab.__getitem__)
    np.savez_compressed(
        path, terms=np.array(terms, dtype=np.str_), idf=model.idf.astype(np.float32),
        weights=model.weights.astype(np.float32), labels=np.array(model.labels, dtype=np.str_),
        meta=np.array(json.dumps(model.meta)),
    )


def load_model(path: str | Path | None = None) -> LearnedModel:
    """Read a model written by :func:`save_model`; default: the packaged one.

    Raises
    ------
    PipelineError
        ``E400`` when the file is missing or not a model file, naming the fix.
    """
    return load_model_file(path, MODEL_FILE, _read, kind="tfidf-lr.v1",
                           fix="train one with stancemap.stance.learned.train_coder and save_model")


def _read(path: Path) -> LearnedModel:
    with np.load(path, allow_pickle=False) as f:
        terms = [str(t) for t in f["terms"]]
        return LearnedModel(
            vocab={t: i for i, t in enumerate(terms)}, idf=f["idf"].astype(np.float64),
            labels=tuple(str(x) for x in f["labels"]), weights=f["weights"].astype(np.float64),
            meta=json.loads(str(f["meta"])),
        )


class LearnedCoder:
    """The ``tfidf-lr.v1`` coder around a :class:`LearnedModel`.

    Parameters
    ----------
    model : LearnedModel, optional
        Default: :func:`load_model` of ``path`` (or the packaged model).
    path : str or Path, optional
    threshold : float
        Rule-coder relevance below which the coder returns ``None`` (only when
        the model was not trained with ``unrelated`` pairs).
    neutral_below : float
        When the model has no ``neutral`` class: code ``neutral`` when the best
        probability is below this.
    """

    name = "tfidf-lr.v1"

    def __init__(self, model: LearnedModel | None = None, path: str | Path | None = None,
                 threshold: float = 0.4, neutral_below: float = 0.55) -> None:
        self.model = model if model is not None else load_model(path)
        self.threshold = threshold
        self.neutral_below = neutral_below
        self._gate = KeywordCoder()

    def code(self, content: str, context: str, issue: Issue) -> Coding | None:
        """Code ``content`` on ``issue``; ``None`` when not relevant."""
        rel = relevance(content, context, issue)
        if "unrelated" not in self.model.labels and rel < self.threshold:
            return None
        return self._decide(content, context, issue, rel, related=False)

    def code_stance(self, content: str, context: str, issue: Issue) -> Coding:
        """The stance of ``content`` on ``issue``, taking it as relevant (never ``None``).

        The model's ``unrelated`` class, if it has one, is not a choice; for a text
        whose relevance comes from elsewhere (:mod:`stancemap.stance.continuity`).
        """
        return self._decide(content, context, issue, relevance(content, context, issue), related=True)

    def _decide(self, content: str, context: str, issue: Issue, rel: float, related: bool) -> Coding | None:
        text = frame(content, context)[0]
        probs = self.model.predict_proba(issue.claim, text)
        if related and "unrelated" in self.model.labels:
            probs = probs.copy()
            probs[self.model.labels.index("unrelated")] = 0.0
            probs = probs / (probs.sum() or 1.0)  # the stance's probability given that the text is related
        best = int(probs.argmax())
        stance = self.model.labels[best]
        if stance == "unrelated":
            return None
        confidence = float(probs[best])
        if "neutral" not in self.model.labels:
            cues = self._gate.analyse(content, context)
            if (cues.deliberation and not cues.mass) or confidence < self.neutral_below:
                stance = "neutral"
        return Coding(issue=issue.id, stance=stance, confidence=round(confidence, 4),
                      origin=f"model:{self.name}", relevance=round(rel, 4))


@register_coder("tfidf-lr.v1")
def make_learned_coder(**options: Any) -> LearnedCoder:
    """Factory for ``tfidf-lr.v1``; ``path=`` loads a model file other than the packaged one."""
    return LearnedCoder(**options)
