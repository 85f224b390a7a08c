"""``tfidf-mlp.v1``: a small neural stance learner over (claim, text) pairs, numpy only.

Features of a pair (after Riedel et al. 2017, the UCL Machine Reading FNC-1 system,
plus relatedness and cue features from the Fake News Challenge baseline)
    * term frequencies (L2-normalised) of the claim's and of the text's stems,
      over the ``max_features`` most frequent stems of the training data;
    * the text's term frequencies multiplied by the claim's direction ``c``
      (+1 "allow X", -1 "ban X", see :mod:`stancemap.stance.lexical`);
    * dense features: TF-IDF cosine of claim and text (whole text and its lead),
      the share of the claim's content stems and bigrams found in the text and
      in its lead, refuting and reporting words, and the rule coder's signed
      stance score, cue consistency, hedges and deliberation.

Model
    One hidden layer (ReLU, dropout) and a softmax over the training labels,
    fitted by minibatch Adam with L2 penalty and balanced class weights; an
    ensemble of ``n_models`` such networks (different seeds) is averaged.

The coder (``tfidf-mlp.v1``) works like ``tfidf-lr.v1`` (:class:`LearnedCoder`):
a model trained with ``unrelated`` pairs decides relevance itself; otherwise the
rule coder's relevance gates, and a model without ``neutral`` codes ``neutral``
when unsure or when the text deliberates.

References
----------
B. Riedel, I. Augenstein, G. Spithourakis, S. Riedel, "A simple but tough-to-beat
baseline for the Fake News Challenge stance detection task", arXiv:1707.03264, 2017.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from stancemap.stance.modelfile import load_model_file
from stancemap.stance.coders import register_coder
from stancemap.stance.learned import LearnedCoder
from stancemap.stance.lexical import analyse_stance
from stancemap.stance.text import is_content, stem, tokens

__all__ = ["MlpModel", "MlpCoder", "train_mlp", "save_mlp", "load_mlp", "MLP_FILE", "CODER_NAME"]

CODER_NAME = "tfidf-mlp.v1"
MLP_FILE = "tfidf-mlp.v1.npz"

#: Words that deny or debunk a claim (the FNC-1 baseline's refuting words, extended).
REFUTING = frozenset(stem(w) for w in (
    "fake fraud hoax false deny denies denied denial not despite nope doubt doubts bogus debunk "
    "debunked debunks pranks retract retracted retraction rumor rumors rumour rumours untrue "
    "misleading baseless unfounded incorrect wrong myth satire satirical never refuted refutes "
    "dismissed dismisses").split())
#: Words that report a claim without taking a side.
REPORTING = frozenset(stem(w) for w in (
    "reportedly allegedly claim claims claimed according report reports reported unconfirmed "
    "apparently purportedly suggest suggests rumored say says said believed may might could "
    "possibly unverified alleged").split())
_N_DENSE = 16
_LEAD_TOKENS = 80
_SENT = re.compile(r"(?<=[.!?])\s+")


def _stems(text: str) -> list[str]:
    return [stem(t) for t in tokens(text) if is_content(t)]


@dataclass
class _Text:
    """What the features need from one text, computed once."""

    tf: dict[int, float]
    tfidf: dict[int, float]
    lead_tfidf: dict[int, float]
    stems: frozenset[str]
    lead_stems: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    lead_bigrams: frozenset[tuple[str, str]]
    refuting: float
    reporting: float
    score: float
    consistency: float
    hedges: float
    deliberation: float
    direction: float


def _norm(vec: dict[int, float]) -> dict[int, float]:
    n = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {k: v / n for k, v in vec.items()}


def _cos(a: dict[int, float], b: dict[int, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


@dataclass
class MlpModel:
    """Vocabulary, IDF, dense-feature scaling and the weights of ``n`` networks."""

    vocab: dict[str, int]
    idf: np.ndarray
    labels: tuple[str, ...]
    mean: np.ndarray
    std: np.ndarray
    layers: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]  # (W1, b1, W2, b2) per network
    meta: dict[str, Any] = field(default_factory=dict)

    # -- features ---------------------------------------------------------------

    def _text(self, text: str) -> _Text:
        cache = self.__dict__.setdefault("_cache", {})
        hit = cache.get(text)
        if hit is not None:
            return hit
        if len(cache) > 20000:
            cache.clear()
        sts = _stems(text)
        lead = sts[:_LEAD_TOKENS]
        counts = Counter(s for s in sts if s in self.vocab)
        tf = _norm({self.vocab[s]: float(c) for s, c in counts.items()})
        tfidf = _norm({self.vocab[s]: (1.0 + math.log(c)) * float(self.idf[self.vocab[s]])
                       for s, c in counts.items()})
        lead_counts = Counter(s for s in lead if s in self.vocab)
        lead_tfidf = _norm({self.vocab[s]: (1.0 + math.log(c)) * float(self.idf[self.vocab[s]])
                            for s, c in lead_counts.items()})
        all_stems = [stem(t) for t in tokens(text) if t[:1].isalnum()]
        n = max(1, len(all_stems))
        a = analyse_stance(text if len(text) < 4000 else text[:4000])
        found = _Text(
            tf=tf, tfidf=tfidf, lead_tfidf=lead_tfidf, stems=frozenset(sts), lead_stems=frozenset(lead),
            bigrams=frozenset(zip(sts, sts[1:])), lead_bigrams=frozenset(zip(lead, lead[1:])),
            refuting=sum(1 for s in all_stems if s in REFUTING) / math.sqrt(n),
            reporting=sum(1 for s in all_stems if s in REPORTING) / math.sqrt(n),
            score=math.tanh(a.score), consistency=a.consistency, hedges=min(a.hedges, 3) / 3.0,
            deliberation=1.0 if a.deliberation else 0.0, direction=-1.0 if a.score < 0 else 1.0,
        )
        cache[text] = found
        return found

    def dense(self, claim: str, text: str) -> np.ndarray:
        """The unscaled dense features of a pair."""
        c, t = self._text(claim), self._text(text)
        nc = max(1, len(c.stems))
        nb = max(1, len(c.bigrams))
        return np.array([
            _cos(c.tfidf, t.tfidf),
            _cos(c.tfidf, t.lead_tfidf),
            len(c.stems & t.stems) / nc,
            len(c.stems & t.lead_stems) / nc,
            len(c.bigrams & t.bigrams) / nb,
            len(c.bigrams & t.lead_bigrams) / nb,
            t.refuting,
            c.refuting,
            t.reporting,
            c.reporting,
            t.score * c.direction,
            t.consistency,
            t.hedges,
            t.deliberation,
            c.direction,
            math.log1p(len(t.stems)) / 5.0,
        ])

    def sparse(self, claim: str, text: str) -> tuple[list[int], list[float]]:
        """Indices and values of the sparse part: claim TF, text TF, direction x text TF."""
        v = len(self.vocab)
        c, t = self._text(claim), self._text(text)
        idx = list(c.tf) + [v + k for k in t.tf] + [2 * v + k for k in t.tf]
        val = list(c.tf.values()) + list(t.tf.values()) + [c.direction * x for x in t.tf.values()]
        return idx, val

    @property
    def n_inputs(self) -> int:
        return 3 * len(self.vocab) + _N_DENSE

    def matrix(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """The scaled input matrix of ``pairs`` (dense float32)."""
        x = np.zeros((len(pairs), self.n_inputs), dtype=np.float32)
        base = 3 * len(self.vocab)
        for i, (claim, text) in enumerate(pairs):
            idx, val = self.sparse(claim, text)
            x[i, idx] = val
            x[i, base:] = (self.dense(claim, text) - self.mean) / self.std
        return x

    # -- prediction ---------------------------------------------------------------

    def proba_matrix(self, x: np.ndarray) -> np.ndarray:
        """Mean class probabilities of the networks for input rows ``x``."""
        out = np.zeros((x.shape[0], len(self.labels)))
        for w1, b1, w2, b2 in self.layers:
            out += _softmax(np.maximum(x @ w1 + b1, 0.0) @ w2 + b2)
        return out / len(self.layers)

    def predict_proba(self, claim: str, text: str) -> np.ndarray:
        """Probabilities over :attr:`labels` for one pair."""
        return self.proba_matrix(self.matrix([(claim, text)]))[0]

    def predict_many(self, pairs: Sequence[tuple[str, str]], batch: int = 512) -> np.ndarray:
        """Probabilities for many pairs, in batches."""
        parts = [self.proba_matrix(self.matrix(pairs[i : i + batch])) for i in range(0, len(pairs), batch)]
        return np.vstack(parts) if parts else np.zeros((0, len(self.labels)))


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)


def _fit_vocab(texts: Iterable[str], max_features: int, min_df: int) -> tuple[dict[str, int], np.ndarray]:
    df: Counter[str] = Counter()
    tf: Counter[str] = Counter()
    n = 0
    for text in texts:
        n += 1
        sts = _stems(text)
        tf.update(sts)
        df.update(set(sts))
    kept = [s for s, _ in tf.most_common() if df[s] >= min_df][:max_features]
    kept.sort()
    vocab = {s: i for i, s in enumerate(kept)}
    idf = np.array([math.log((1 + n) / (1 + df[s])) + 1.0 for s in kept])
    return vocab, idf


def train_mlp(
    pairs: Sequence[tuple[str, str, str]] | Iterable[Mapping[str, Any]],
    *,
    max_features: int = 5000,
    min_df: int = 2,
    hidden: int = 100,
    epochs: int = 15,
    batch_size: int = 256,
    learning_rate: float = 1e-3,
    l2: float = 1e-4,
    dropout: float = 0.4,
    n_models: int = 3,
    min_steps: int = 300,
    balanced: bool = True,
    seed: int = 0,
    source: str = "",
    on_epoch: Callable[[int, int, float], None] | None = None,
) -> MlpModel:
    """Fit a ``tfidf-mlp.v1`` model on labelled ``(claim, text, label)`` pairs.

    Parameters
    ----------
    pairs : sequence
        Tuples or mappings with ``claim``, ``text`` and ``label``.
    max_features, min_df : int
        Vocabulary: the most frequent content stems of claims and texts that
        occur in at least ``min_df`` of them.
    hidden, epochs, batch_size, learning_rate, l2, dropout : network and training settings
    n_models : int
        Networks (seeds ``seed .. seed + n_models - 1``) whose probabilities are averaged.
    min_steps : int
        Small data sets get more epochs, so that every network makes at least
        this many updates.
    balanced : bool
        Weight classes by inverse frequency.
    on_epoch : callable, optional
        ``on_epoch(model_index, epoch, loss)`` after every epoch (progress bars).

    Returns
    -------
    MlpModel

    Examples
    --------
    >>> pairs = [("Tolls should rise.", "Tolls are fair.", "support"),
    ...          ("Tolls should rise.", "Tolls are unfair.", "oppose")] * 4
    >>> model = train_mlp(pairs, min_df=1, epochs=40, n_models=1, dropout=0.0)
    >>> model.labels, str(model.labels[model.predict_proba("Tolls should rise.", "Tolls are fair.").argmax()])
    (('oppose', 'support'), 'support')
    """
    rows = [(p["claim"], p["text"], p["label"]) if isinstance(p, Mapping) else tuple(p) for p in pairs]
    if not rows:
        raise ValueError("train_mlp needs at least one labelled pair")
    labels = tuple(sorted({r[2] for r in rows}))
    unique_texts = list(dict.fromkeys([r[0] for r in rows] + [r[1] for r in rows]))
    vocab, idf = _fit_vocab(unique_texts, max_features, min_df)
    model = MlpModel(vocab, idf, labels, np.zeros(_N_DENSE), np.ones(_N_DENSE), [], {})
    dense = np.array([model.dense(c, t) for c, t, _ in rows])
    model.mean = dense.mean(axis=0)
    model.std = dense.std(axis=0) + 1e-6
    x = model.matrix([(c, t) for c, t, _ in rows])
    y = np.array([labels.index(r[2]) for r in rows])
    counts = np.bincount(y, minlength=len(labels)).astype(float)
    class_w = (len(rows) / (len(labels) * counts)) if balanced else np.ones(len(labels))
    steps_per_epoch = math.ceil(len(rows) / batch_size)
    epochs = max(epochs, math.ceil(min_steps / steps_per_epoch))
    for k in range(n_models):
        model.layers.append(_fit_network(x, y, class_w, hidden, epochs, batch_size, learning_rate, l2,
                                         dropout, seed + k, lambda e, loss, k=k: on_epoch and on_epoch(k, e, loss)))
    model.meta = {"coder": CODER_NAME, "pairs": len(rows), "labels": list(labels),
                  "label_counts": {lab: int(c) for lab, c in zip(labels, counts)},
                  "max_features": max_features, "min_df": min_df, "hidden": hidden, "epochs": epochs,
                  "batch_size": batch_size, "learning_rate": learning_rate, "l2": l2, "dropout": dropout,
                  "n_models": n_models, "min_steps": min_steps, "balanced": balanced, "seed": seed, "source": source}
    return model


def _fit_network(x: np.ndarray, y: np.ndarray, class_w: np.ndarray, hidden: int, epochs: int,
                 batch_size: int, lr: float, l2: float, dropout: float, seed: int,
                 on_epoch: Callable[[int, float], Any]) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    n, d = x.shape
    k = int(y.max()) + 1 if len(class_w) == 0 else len(class_w)
    params = [
        (rng.standard_normal((d, hidden)) * math.sqrt(2.0 / (d + hidden))).astype(np.float32),
        np.zeros(hidden, dtype=np.float32),
        (rng.standard_normal((hidden, k)) * math.sqrt(2.0 / (hidden + k))).astype(np.float32),
        np.zeros(k, dtype=np.float32),
    ]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    onehot = np.eye(k, dtype=np.float32)[y]
    sw = class_w[y].astype(np.float32)
    step = 0
    for epoch in range(1, epochs + 1):
        order = rng.permutation(n)
        total = 0.0
        for start in range(0, n, batch_size):
            b = order[start : start + batch_size]
            xb, yb, wb = x[b], onehot[b], sw[b]
            w1, b1, w2, b2 = params
            h_pre = xb @ w1 + b1
            h = np.maximum(h_pre, 0.0)
            if dropout:
                mask = (rng.random(h.shape) >= dropout).astype(np.float32) / (1.0 - dropout)
                h = h * mask
            p = _softmax(h @ w2 + b2)
            total += float(-(wb * np.log(np.maximum((p * yb).sum(axis=1), 1e-12))).sum())
            dz = (p - yb) * wb[:, None] / len(b)
            g_w2 = h.T @ dz + l2 * w2
            g_b2 = dz.sum(axis=0)
            dh = dz @ w2.T
            if dropout:
                dh = dh * mask
            dh = dh * (h_pre > 0)
            g_w1 = xb.T @ dh + l2 * w1
            g_b1 = dh.sum(axis=0)
            step += 1
            for i, g in enumerate((g_w1, g_b1, g_w2, g_b2)):
                m[i] = 0.9 * m[i] + 0.1 * g
                v[i] = 0.999 * v[i] + 0.001 * g * g
                params[i] -= (lr * (m[i] / (1 - 0.9**step)) / (np.sqrt(v[i] / (1 - 0.999**step)) + 1e-8)).astype(
                    np.float32)
        on_epoch(epoch, total / n)
    return tuple(params)


def save_mlp(model: MlpModel, path: str | Path) -> None:
    """Write ``model`` to a ``.npz`` file (no pickles)."""
    terms = sorted(model.vocab, key=model.vocab.__getitem__)
    arrays: dict[str, Any] = {
        "terms": np.array(terms, dtype=np.str_), "idf": model.idf.astype(np.float32),
        "labels": np.array(model.labels, dtype=np.str_), "mean": model.mean, "std": model.std,
        "meta": np.array(json.dumps(model.meta)),
    }
    for i, (w1, b1, w2, b2) in enumerate(model.layers):
        arrays.update({f"w1_{i}": w1.astype(np.float16), f"b1_{i}": b1, f"w2_{i}": w2, f"b2_{i}": b2})
    with open(path, "wb") as f:  # a file object: numpy must not append ".npz" to the name
        np.savez_compressed(f, **arrays)


def load_mlp(path: str | Path | None = None) -> MlpModel:
    """Read a model written by :func:`save_mlp`; default: the packaged one.

    Raises
    ------
    PipelineError
        ``E400`` when the file is missing or not a ``tfidf-mlp.v1`` model.
    """
    return load_model_file(path, MLP_FILE, _read, kind=CODER_NAME,
                           fix="train one with `stancemap stance train --pairs FILE --out MODEL`")


def _read(path: Path) -> MlpModel:
    with np.load(path, allow_pickle=False) as f:
        meta = json.loads(str(f["meta"]))
        if meta.get("coder") != CODER_NAME:
            raise ValueError(f"the file holds a {meta.get('coder')!r} model")
        terms = [str(t) for t in f["terms"]]
        layers = []
        i = 0
        while f"w1_{i}" in f.files:
            layers.append((f[f"w1_{i}"].astype(np.float32), f[f"b1_{i}"].astype(np.float32),
                           f[f"w2_{i}"].astype(np.float32), f[f"b2_{i}"].astype(np.float32)))
            i += 1
        return MlpModel(vocab={t: j for j, t in enumerate(terms)}, idf=f["idf"].astype(np.float64),
                        labels=tuple(str(x) for x in f["labels"]), mean=f["mean"], std=f["std"],
                        layers=layers, meta=meta)


class MlpCoder(LearnedCoder):
    """The ``tfidf-mlp.v1`` coder: :class:`LearnedCoder`'s relevance and neutral rules around an :class:`MlpModel`.

    Parameters
    ----------
    model : MlpModel, optional
        Default: :func:`load_mlp` of ``path`` (or the packaged model).
    path : str or Path, optional
    threshold, neutral_below : float
        As for :class:`~stancemap.stance.learned.LearnedCoder`.
    """

    name = CODER_NAME

    def __init__(self, model: MlpModel | None = None, path: str | Path | None = None,
                 threshold: float = 0.4, neutral_below: float = 0.55) -> None:
        super().__init__(model if model is not None else load_mlp(path), threshold=threshold,
                         neutral_below=neutral_below)


@register_coder(CODER_NAME)
def make_mlp_coder(**options: Any) -> MlpCoder:
    """Factory for ``tfidf-mlp.v1``; ``path=`` loads a model file other than the packaged one."""
    return MlpCoder(**options)
