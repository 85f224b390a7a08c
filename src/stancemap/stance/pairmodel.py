"""``embed-lr.v1``: a calibrated (claim, text) stance model, and its files.

Given an issue's claim ("We should ban fracking") and a statement's text, the
probability of each training label (``support``, ``oppose``, ...). Built to
carry over to issues it never saw: no feature names a topic.

Features of a pair
    Sentence-embedding interactions, claim-masked n-grams of the text (as
    they are and times the claim's direction) and polarity cues (negation,
    dismissal, opposing verbs, claim x text polarity); see
    :mod:`stancemap.stance.pairfeatures`.

Model
    A logistic regression on the stacked features, then one temperature
    fitted on out-of-fold logits from folds grouped by claim, so that
    confidences are calibrated for unseen issues (Guo et al. 2017).

Inference and training
    This module loads and applies a model with numpy and scipy only, so that
    coding statements never imports scikit-learn (issue 15: it cost 65 MB per
    worker). Fitting one (scikit-learn's ``LogisticRegression``) is
    :func:`stancemap.stance.pairmodel_training.train_pair_model`, imported only
    by the commands that train.

Relatedness first
    Pairs labelled ``unrelated`` beside two stance labels or more (FNC-1's
    headlines against articles about something else) are learnt in two steps:
    a :class:`RelatednessGate`, a logistic regression of ``unrelated`` against
    the rest, and the stance regression on the related pairs alone;
    ``p(unrelated)`` is the gate's, each stance label's its probability among
    the stance labels times ``1 - p(unrelated)``. Whether a text is about the
    claim and which side it takes are questions of a different kind, and one
    linear model answering both at once learns the side worse (FNC-1 dev,
    ``benchmarks/results/stance_articles.md``).

Neutral
    The shippable data have only ``support`` and ``oppose``. A model without a
    ``neutral`` label calls a pair ``neutral`` when ``|p(support) - p(oppose)|``
    is below ``neutral_margin`` (:meth:`PairModel.predict`): with calibrated
    probabilities, a margin of 0.2 means "less than 60% sure of the side".

Files are ``.npz`` arrays plus a JSON ``meta`` block (labels, feature
configuration, embedder name, training sources and licences); they load with
``allow_pickle=False``.

References
----------
C. Guo, G. Pleiss, Y. Sun, K. Q. Weinberger, "On Calibration of Modern Neural
Networks", ICML 2017.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import softmax

from stancemap.stance.embeddings import DEFAULT_EMBEDDER
from stancemap.stance.modelfile import load_model_file
from stancemap.stance.pairfeatures import CUE_FEATURES, PairFeatures, cue_features, mask_text
from stancemap.stance.sides import decide

__all__ = ["CODER_NAME", "MODEL_FILE", "DEFAULT_EMBEDDER", "UNRELATED", "PairModel", "PairFeatures",
           "RelatednessGate", "save_pair_model",
           "load_pair_model", "calibrated", "calibration_error", "calibration_floor", "expected_calibration_error",
           "fit_temperature", "probabilities",
           "cue_features", "mask_text", "CUE_FEATURES"]

CODER_NAME = "embed-lr.v1"
MODEL_FILE = "embed-lr.v1.npz"
FORMAT_VERSION = 1
#: The label of a pair whose text is not about the claim (learnt by a :class:`RelatednessGate`).
UNRELATED = "unrelated"


def _sigmoid(z: np.ndarray) -> np.ndarray:
    # clipped where exp would overflow (float32 beyond 88); the value there is 0 or 1 either way
    return 1.0 / (1.0 + np.exp(-np.clip(z, -80.0, 80.0)))


def _softmax(z: np.ndarray) -> np.ndarray:
    return softmax(z, axis=1)


@dataclass
class RelatednessGate:
    """A logistic regression of ``unrelated`` against every stance label (see the module docstring)."""

    coef: np.ndarray  # shape (1, d)
    intercept: np.ndarray  # shape (1,)
    temperature: float = 1.0

    def unrelated(self, x: Any) -> np.ndarray:
        """``p(unrelated)`` of feature rows ``x``."""
        return _sigmoid((np.asarray(x @ self.coef.T)[:, 0] + self.intercept[0]) / self.temperature)


@dataclass
class PairModel:
    """A fitted ``embed-lr.v1`` model.

    Attributes
    ----------
    features : PairFeatures
    labels : tuple of str
        Column order of :meth:`predict_proba`.
    coef : ndarray, shape (k or 1, d)
    intercept : ndarray
    temperature : float
        Logits are divided by it before the softmax (calibration).
    neutral_margin : float
        See :meth:`predict`.
    meta : dict
    gate : RelatednessGate, optional
        With one, ``coef`` and ``intercept`` are the stance labels' (:attr:`labels` but ``unrelated``).
    """

    features: PairFeatures
    labels: tuple[str, ...]
    coef: np.ndarray
    intercept: np.ndarray
    temperature: float = 1.0
    neutral_margin: float = 0.2
    meta: dict[str, Any] = field(default_factory=dict)
    gate: RelatednessGate | None = None

    def logits(self, claims: Sequence[str], texts: Sequence[str]) -> np.ndarray:
        """Uncalibrated decision values, shape ``(n, k)`` or ``(n, 1)`` for two labels (with a gate: of the stance
        labels)."""
        x = self.features.transform(claims, texts)
        return np.asarray(x @ self.coef.T) + self.intercept

    def predict_proba(self, claims: Sequence[str], texts: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities, shape ``(n, len(labels))``, rows summing to 1."""
        if self.gate is None or not len(claims) or len(claims) != len(texts):
            return calibrated(self, claims, texts)  # (which refuses unequal lengths)
        x = self.features.transform(claims, texts)
        unrelated = self.gate.unrelated(x)
        sides = probabilities(np.asarray(x @ self.coef.T) + self.intercept, self.temperature)
        out = np.zeros((len(claims), len(self.labels)))
        out[:, self.labels.index(UNRELATED)] = unrelated
        out[:, [i for i, label in enumerate(self.labels) if label != UNRELATED]] = sides * (1.0 - unrelated)[:, None]
        return out

    def predict(self, claims: Sequence[str], texts: Sequence[str], neutral_margin: float | None = None) -> list[str]:
        """Labels; without a learned ``neutral``, ``neutral`` when the side is in doubt (:meth:`predict_scored`)."""
        return [label for label, _ in self.predict_scored(claims, texts, neutral_margin)]

    def predict_scored(self, claims: Sequence[str], texts: Sequence[str], neutral_margin: float | None = None
                       ) -> list[tuple[str, float]]:
        """Each pair's label and its probability (:func:`stancemap.stance.sides.decide`).

        ``neutral`` is given when the model has no ``neutral`` label, its best
        label is ``support`` or ``oppose`` and ``|p(support) - p(oppose)|`` is
        below ``neutral_margin`` (default :attr:`neutral_margin`; 0 turns it off), with the score
        ``1 - |p(support) - p(oppose)|``.
        """
        margin = self.neutral_margin if neutral_margin is None else neutral_margin
        return [decide(self.labels, row, margin) for row in self.predict_proba(claims, texts)]

    def predict_many(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """:meth:`predict_proba` for ``(claim, text)`` tuples (the learners' interface)."""
        return self.predict_proba([p[0] for p in pairs], [p[1] for p in pairs])


def calibrated(model: Any, claims: Sequence[str], texts: Sequence[str]) -> np.ndarray:
    """``model``'s calibrated probabilities of the pairs (its ``logits`` at its ``temperature``), shape
    ``(n, len(model.labels))``; one claim per text."""
    if len(claims) != len(texts):
        raise ValueError(f"predict_proba got {len(claims)} claims and {len(texts)} texts; pass one claim per text")
    if not len(claims):
        return np.zeros((0, len(model.labels)))
    return probabilities(model.logits(claims, texts), model.temperature)


def probabilities(z: np.ndarray, temperature: float) -> np.ndarray:
    """Probabilities from decision values ``z`` (``(n, 1)`` for two labels), divided by ``temperature`` first.

    >>> probabilities(np.array([[0.0], [2.0]]), 2.0).round(3).tolist()
    [[0.5, 0.5], [0.269, 0.731]]
    """
    z = z / temperature
    if z.shape[1] == 1:
        p = _sigmoid(z[:, 0])
        return np.column_stack([1.0 - p, p])
    return _softmax(z)


def fit_temperature(z: np.ndarray, y: np.ndarray) -> float:
    """The temperature (in [e^-3, e^3]) minimising the log-loss of logits ``z`` for labels ``y``.

    >>> z = np.array([[4.0, -4.0], [4.0, -4.0], [4.0, -4.0], [-4.0, 4.0]])
    >>> round(fit_temperature(z, np.array([0, 0, 1, 1])), 2) > 1.0  # one confident mistake: soften
    True
    """
    def nll(log_t: float) -> float:
        p = probabilities(z, math.exp(log_t))
        return float(-np.log(np.maximum(p[np.arange(len(y)), y], 1e-12)).mean())

    return float(math.exp(minimize_scalar(nll, bounds=(-3.0, 3.0), method="bounded").x))


def calibration_error(confidences: Sequence[float] | np.ndarray, correct: Sequence[bool] | np.ndarray,
                      bins: int = 10) -> float:
    """Expected calibration error of confidences over equal-width bins (``(lo, hi]``, 0 in the first).

    >>> calibration_error([0.9, 0.9], [True, False])
    0.4
    """
    conf = np.asarray(confidences, dtype=float)
    right = np.asarray(correct, dtype=float)
    if not len(conf):
        return 0.0
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(conf, edges[1:-1], right=True), 0, bins - 1)
    ece = sum(abs(right[which == b].mean() - conf[which == b].mean()) * (which == b).mean()
              for b in range(bins) if (which == b).any())
    return round(float(ece), 4)


def calibration_floor(confidences: Sequence[float], bins: int = 10, draws: int = 200, seed: int = 0) -> float:
    """The :func:`calibration_error` a perfectly calibrated coder would show with these confidences: its mean over
    ``draws`` draws of each decision being right with its confidence. On a few dozen decisions it is
    around 0.1, so an error below it says nothing more than "calibrated as far as can be told".

    >>> round(calibration_floor([0.7] * 40), 2), round(calibration_floor([0.7] * 4000), 2)
    (0.06, 0.01)
    """
    conf = np.asarray(confidences, dtype=float)
    if not len(conf):
        return 0.0
    rng = np.random.default_rng(seed)
    return round(float(np.mean([calibration_error(conf, rng.random(len(conf)) < conf, bins)
                                for _ in range(draws)])), 4)


def expected_calibration_error(probs: np.ndarray, y: Sequence[int], bins: int = 10) -> float:
    """Expected calibration error of the top label (:func:`calibration_error` of its probability).

    >>> expected_calibration_error(np.array([[0.9, 0.1], [0.9, 0.1]]), [0, 1])
    0.4
    """
    probs = np.asarray(probs)
    return calibration_error(probs.max(axis=1), probs.argmax(axis=1) == np.asarray(y), bins)


def save_pair_model(model: PairModel, path: str | Path) -> None:
    """Write ``model`` as ``.npz`` arrays and a JSON ``meta`` block (no pickles)."""
    meta = dict(model.meta, coder=CODER_NAME, labels=list(model.labels), temperature=model.temperature,
                neutral_margin=model.neutral_margin, features=model.features.config)
    arrays: dict[str, Any]  # numpy's stubs would read an array-valued dict as its keyword options
    arrays = {"terms": np.array(model.features.terms, dtype=np.str_), "idf": model.features.idf.astype(np.float32),
              "mean": model.features.mean.astype(np.float32), "std": model.features.std.astype(np.float32),
              "coef": model.coef.astype(np.float32), "intercept": model.intercept.astype(np.float32)}
    if model.gate is not None:
        meta["gate_temperature"] = model.gate.temperature
        arrays["gate_coef"] = model.gate.coef.astype(np.float32)
        arrays["gate_intercept"] = model.gate.intercept.astype(np.float32)
    arrays["meta"] = np.array(json.dumps(meta, ensure_ascii=False))
    with open(path, "wb") as f:  # a file object: numpy must not append ".npz"
        np.savez_compressed(f, **arrays)


def load_pair_model(path: str | Path | None = None) -> PairModel:
    """Read a model written by :func:`save_pair_model`; default the packaged ``embed-lr.v1.npz``.

    Raises
    ------
    PipelineError
        ``E400`` when the file is missing or holds no ``embed-lr.v1`` model.
    """
    return load_model_file(path, MODEL_FILE, _read, kind=CODER_NAME,
                           fix="train one with `stancemap stance train --pairs FILE --out MODEL --learner embed-lr.v1`")


def _read(path: Path) -> PairModel:
    with np.load(path, allow_pickle=False) as f:
        meta = json.loads(str(f["meta"]))
        if meta.get("coder") != CODER_NAME:
            raise ValueError(f"the file holds a {meta.get('coder')!r} model, not {CODER_NAME}")
        config = meta["features"]
        features = PairFeatures([str(t) for t in f["terms"]], f["idf"], f["mean"].astype(np.float64),
                                f["std"].astype(np.float64), config["embedder"], int(config["ngram_max"]),
                                tuple(config["embedding_parts"]), float(config["embedding_weight"]),
                                bool(config.get("focus", False)))
        gate = (RelatednessGate(f["gate_coef"], f["gate_intercept"], float(meta["gate_temperature"]))
                if "gate_coef" in f.files else None)
        return PairModel(features, tuple(meta["labels"]), f["coef"], f["intercept"], float(meta["temperature"]),
                         float(meta["neutral_margin"]), meta, gate)
