"""``embed-lr.v1``: a calibrated (claim, text) stance model on scikit-learn.

Given an issue's claim ("We should ban fracking") and a statement's text, the
probability of each training label (``support``, ``oppose``, ...). Built to
carry over to issues it never saw: no feature names a topic.

Features of a pair
    Sentence-embedding interactions, claim-masked n-grams of the text (as
    they are and times the claim's direction) and polarity cues (negation,
    dismissal, opposing verbs, claim x text polarity); see
    :mod:`stancemap.stance.pairfeatures`.

Model
    :class:`sklearn.linear_model.LogisticRegression` on the stacked features,
    then one temperature fitted on out-of-fold logits from folds grouped by
    claim, so that confidences are calibrated for unseen issues
    (Guo et al. 2017).

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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from scipy.optimize import minimize_scalar
from scipy.special import softmax
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from stancemap.stance.modelfile import load_model_file
from stancemap.stance.pairfeatures import (
    CUE_FEATURES,
    EMBEDDING_PARTS,
    PairFeatures,
    cue_features,
    fit_terms,
    mask_text,
)
from stancemap.stance.embeddings import DEFAULT_EMBEDDER

__all__ = ["CODER_NAME", "MODEL_FILE", "DEFAULT_EMBEDDER", "PairModel", "PairFeatures", "train_pair_model",
           "save_pair_model", "load_pair_model", "calibration_error", "expected_calibration_error", "template_pairs", "cue_features",
           "mask_text", "CUE_FEATURES"]

CODER_NAME = "embed-lr.v1"
MODEL_FILE = "embed-lr.v1.npz"
FORMAT_VERSION = 1


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _softmax(z: np.ndarray) -> np.ndarray:
    return softmax(z, axis=1)


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
    """

    features: PairFeatures
    labels: tuple[str, ...]
    coef: np.ndarray
    intercept: np.ndarray
    temperature: float = 1.0
    neutral_margin: float = 0.2
    meta: dict[str, Any] = field(default_factory=dict)

    def logits(self, claims: Sequence[str], texts: Sequence[str]) -> np.ndarray:
        """Uncalibrated decision values, shape ``(n, k)`` or ``(n, 1)`` for two labels."""
        x = self.features.transform(claims, texts)
        return np.asarray(x @ self.coef.T) + self.intercept

    def predict_proba(self, claims: Sequence[str], texts: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities, shape ``(n, len(labels))``, rows summing to 1."""
        if len(claims) != len(texts):
            raise ValueError(f"predict_proba got {len(claims)} claims and {len(texts)} texts; "
                             "pass one claim per text")
        if not len(claims):
            return np.zeros((0, len(self.labels)))
        return _probs(self.logits(claims, texts), self.temperature)

    def predict(self, claims: Sequence[str], texts: Sequence[str], neutral_margin: float | None = None) -> list[str]:
        """Labels; without a learned ``neutral``, ``neutral`` when the side is in doubt.

        ``neutral`` is given when the model has no ``neutral`` label, its best
        label is ``support`` or ``oppose`` and ``|p(support) - p(oppose)|`` is
        below ``neutral_margin`` (default :attr:`neutral_margin`; 0 turns it off).
        """
        probs = self.predict_proba(claims, texts)
        margin = self.neutral_margin if neutral_margin is None else neutral_margin
        out = [self.labels[i] for i in probs.argmax(axis=1)]
        if margin > 0 and "neutral" not in self.labels and {"support", "oppose"} <= set(self.labels):
            s, o = self.labels.index("support"), self.labels.index("oppose")
            close = np.abs(probs[:, s] - probs[:, o]) < margin
            out = ["neutral" if c and lab in ("support", "oppose") else lab for c, lab in zip(close, out)]
        return out

    def predict_many(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """:meth:`predict_proba` for ``(claim, text)`` tuples (the learners' interface)."""
        return self.predict_proba([p[0] for p in pairs], [p[1] for p in pairs])


def _probs(z: np.ndarray, temperature: float) -> np.ndarray:
    z = z / temperature
    if z.shape[1] == 1:
        p = _sigmoid(z[:, 0])
        return np.column_stack([1.0 - p, p])
    return _softmax(z)


def _fit_temperature(z: np.ndarray, y: np.ndarray) -> float:
    def nll(log_t: float) -> float:
        p = _probs(z, math.exp(log_t))
        return float(-np.log(np.maximum(p[np.arange(len(y)), y], 1e-12)).mean())

    return float(math.exp(minimize_scalar(nll, bounds=(-3.0, 3.0), method="bounded").x))


def calibration_error(confidences: Sequence[float], correct: Sequence[bool], bins: int = 10) -> float:
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


def expected_calibration_error(probs: np.ndarray, y: Sequence[int], bins: int = 10) -> float:
    """Expected calibration error of the top label (:func:`calibration_error` of its probability).

    >>> expected_calibration_error(np.array([[0.9, 0.1], [0.9, 0.1]]), [0, 1])
    0.4
    """
    probs = np.asarray(probs)
    return calibration_error(probs.max(axis=1), probs.argmax(axis=1) == np.asarray(y), bins)


#: Template pairs that teach the dismissal features (the training corpora have almost no "called X
#: a hoax"): claims that take a problem to be real, texts that dismiss it (oppose) or affirm it
#: (support), and claims that themselves dismiss it (the stances swap).
TEMPLATE_PROBLEMS = (
    "obesity", "plastic pollution", "antibiotic resistance", "the housing crisis", "inflation", "air pollution",
    "knife crime", "youth unemployment", "the opioid epidemic", "deforestation", "ocean acidification",
    "food waste", "child poverty", "homelessness", "online misinformation", "measles outbreaks", "overfishing",
    "soil erosion",
)
TEMPLATE_CLAIMS = ("We should act to stop {p}", "We must tackle {p}", "Governments should fight {p}",
                   "We need to reduce {p}", "{P} is a serious threat", "{P} must be addressed now")
TEMPLATE_DISMISSIVE_CLAIMS = ("{P} is a hoax", "{P} is a myth", "The danger of {p} is exaggerated")
TEMPLATE_ACTORS = ("The minister", "Critics", "He", "The senator", "Some commentators", "Her opponent",
                   "The party leader", "She")
TEMPLATE_DISMISSALS = ("{a} has called {p} a hoax.", "{a} dismissed {p} as a myth.", "{a} said {p} is a hoax.",
                       "{a} described {p} as fake news.", "{a} said the fuss about {p} is overblown.",
                       "{a} denied that {p} is real.", "{a} called {p} a myth invented by alarmists.")
TEMPLATE_AFFIRMATIONS = ("{a} called {p} a real threat.", "{a} warned that {p} is getting worse.",
                         "{a} said {p} is a serious problem.", "{a} described {p} as an urgent danger.",
                         "{a} has called {p} a crisis that needs action.")


def template_pairs(seed: int = 0) -> list[tuple[str, str, str]]:
    """The dismissal template pairs (:data:`TEMPLATE_PROBLEMS` and the frames above), labelled.

    >>> rows = template_pairs()
    >>> len(rows), sorted({r[2] for r in rows})
    (324, ['oppose', 'support'])
    """
    rng = np.random.default_rng(seed)
    out = []
    for p in TEMPLATE_PROBLEMS:
        names = {"p": p, "P": p[0].upper() + p[1:]}
        for frames, real in ((TEMPLATE_CLAIMS, True), (TEMPLATE_DISMISSIVE_CLAIMS, False)):
            for frame in frames:
                claim = frame.format(**names)
                for texts, dismissive in ((TEMPLATE_DISMISSALS, True), (TEMPLATE_AFFIRMATIONS, False)):
                    text = str(rng.choice(texts)).format(a=str(rng.choice(TEMPLATE_ACTORS)), p=p)
                    out.append((claim, text, "oppose" if dismissive == real else "support"))
    return out


def _rows(pairs: Iterable[Sequence[str] | Mapping[str, Any]]) -> list[tuple[str, str, str]]:
    return [(p["claim"], p["text"], p["label"]) if isinstance(p, Mapping) else (p[0], p[1], p[2]) for p in pairs]


def train_pair_model(
    pairs: Iterable[Sequence[str] | Mapping[str, Any]],
    *,
    embedder: str | None = DEFAULT_EMBEDDER,
    embedding_parts: Sequence[str] = ("c*t", "d*t", "cos"),
    embedding_weight: float = 0.5,
    C: float = 0.5,
    ngram_max: int = 3,
    min_claims: int = 3,
    max_terms: int = 30000,
    neutral_margin: float = 0.2,
    templates: bool = True,
    folds: int = 5,
    seed: int = 0,
    source: str = "",
    licences: Sequence[str] = (),
) -> PairModel:
    """Fit an ``embed-lr.v1`` model on labelled ``(claim, text, label)`` pairs.

    Parameters
    ----------
    pairs : iterable
        Tuples or mappings with ``claim``, ``text`` and ``label``.
    embedder : str or None
        Sentence embedder name (default ``e5-static.v1``); ``None`` for cue and n-gram features only.
    embedding_parts, embedding_weight
        See :class:`PairFeatures`.
    C : float
        Inverse L2 penalty of the logistic regression.
    ngram_max, min_claims, max_terms : int
        Claim-masked n-grams up to ``ngram_max`` words, seen with at least
        ``min_claims`` different claims, at most ``max_terms`` of them (most frequent).
    neutral_margin : float
        Stored as the model's :attr:`PairModel.neutral_margin`.
    templates : bool
        Add :func:`template_pairs` (when the labels include support and oppose).
    folds : int
        Folds grouped by claim for the out-of-fold logits the temperature is fitted on
        (fewer when there are fewer claims; no calibration with one claim).
    seed : int
        Seed of the fold assignment and the solver.
    source : str
        Where the pairs came from (recorded in ``meta``), with ``licences``.

    Returns
    -------
    PairModel

    Examples
    --------
    >>> pairs = [("Tolls should rise.", "Tolls are fair.", "support"),
    ...          ("Tolls should rise.", "Tolls are unfair.", "oppose")] * 4
    >>> model = train_pair_model(pairs, embedder=None, min_claims=1, C=10.0)
    >>> model.labels, model.predict(["Tolls should rise."], ["Tolls are fair."])
    (('oppose', 'support'), ['support'])
    """
    rows = _rows(pairs)
    if not rows:
        raise ValueError("train_pair_model needs at least one labelled pair")
    labels = tuple(sorted({r[2] for r in rows}))
    if len(labels) < 2:
        raise ValueError(f"the training pairs have only the label {labels[0]!r}; a stance model needs two or more")
    n_given = len(rows)
    if templates and {"support", "oppose"} <= set(labels):
        rows += template_pairs(seed)
    claims, texts = [r[0] for r in rows], [r[1] for r in rows]
    y = np.array([labels.index(r[2]) for r in rows])
    terms, idf = fit_terms(claims, texts, ngram_max, min_claims, max_terms)
    raw = np.array([cue_features(c, t) for c, t in zip(claims, texts)])
    unknown = [p for p in embedding_parts if p not in EMBEDDING_PARTS]
    if unknown:
        raise ValueError(f"unknown embedding part(s) {', '.join(unknown)}; use some of {', '.join(EMBEDDING_PARTS)}")
    # the scaling as stored (float32), so that a saved and loaded model gives identical probabilities
    mean = raw.mean(axis=0).astype(np.float32).astype(np.float64)
    std = (raw.std(axis=0) + 1e-6).astype(np.float32).astype(np.float64)
    features = PairFeatures(terms, idf, mean, std, embedder, ngram_max,
                            tuple(embedding_parts), embedding_weight)
    x = features.transform(claims, texts)
    clf = _fit_lr(x, y, C, seed)
    groups = np.unique(claims, return_inverse=True)[1]
    n_folds = min(folds, len(set(groups.tolist())))
    temperature = 1.0
    if n_folds >= 2:
        z = np.zeros((len(rows), clf.coef_.shape[0]))
        for tr, te in GroupKFold(n_splits=n_folds, shuffle=True, random_state=seed).split(x, y, groups):
            if len(set(y[tr].tolist())) < len(labels):
                continue
            z[te] = _fit_lr(x[tr], y[tr], C, seed).decision_function(x[te]).reshape(len(te), -1)
        temperature = _fit_temperature(z, y)
    counts = np.bincount(y[:n_given], minlength=len(labels))
    meta = {"coder": CODER_NAME, "format": FORMAT_VERSION, "labels": list(labels), "pairs": n_given,
            "template_pairs": len(rows) - n_given,
            "label_counts": {lab: int(n) for lab, n in zip(labels, counts)}, "features": features.config,
            "embedder": embedder, "C": C, "min_claims": min_claims, "max_terms": max_terms, "folds": n_folds,
            "temperature": temperature, "neutral_margin": neutral_margin, "seed": seed, "source": source,
            "licences": list(licences)}
    return PairModel(features, labels, clf.coef_.astype(np.float32), clf.intercept_.astype(np.float32),
                     temperature, neutral_margin, meta)


def _fit_lr(x: sparse.csr_matrix, y: np.ndarray, C: float, seed: int) -> LogisticRegression:
    return LogisticRegression(C=C, max_iter=3000, random_state=seed).fit(x, y)


def save_pair_model(model: PairModel, path: str | Path) -> None:
    """Write ``model`` as ``.npz`` arrays and a JSON ``meta`` block (no pickles)."""
    meta = dict(model.meta, coder=CODER_NAME, labels=list(model.labels), temperature=model.temperature,
                neutral_margin=model.neutral_margin, features=model.features.config)
    arrays = {"terms": np.array(model.features.terms, dtype=np.str_), "idf": model.features.idf.astype(np.float32),
              "mean": model.features.mean.astype(np.float32), "std": model.features.std.astype(np.float32),
              "coef": model.coef.astype(np.float32), "intercept": model.intercept.astype(np.float32),
              "meta": np.array(json.dumps(meta, ensure_ascii=False))}
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
                                tuple(config["embedding_parts"]), float(config["embedding_weight"]))
        return PairModel(features, tuple(meta["labels"]), f["coef"], f["intercept"], float(meta["temperature"]),
                         float(meta["neutral_margin"]), meta)
