"""Fitting the ``embed-lr.v1`` pair model (scikit-learn): n-gram vocabulary, weights, temperature.

The training half of :mod:`stancemap.stance.pairmodel`: only the commands that
train (``stancemap stance train``, ``stancemap eval stance``, the benchmarks)
import this module, so that coding statements, which loads and applies the
packaged model, never imports scikit-learn (issue 15).

* :func:`fit_terms` keeps the claim-masked n-grams seen with enough different
  claims (:mod:`stancemap.stance.pairfeatures`);
* :func:`train_pair_model` fits scikit-learn's ``LogisticRegression`` on the
  stacked features, then one temperature on out-of-fold logits from folds
  grouped by claim (Guo et al. 2017); for article-length texts it adds the focus features
  (:mod:`stancemap.stance.focus`), and for pairs labelled ``unrelated`` beside two stance labels
  or more it fits a relatedness gate first (:class:`~stancemap.stance.pairmodel.RelatednessGate`);
* :func:`template_pairs` writes the dismissal pairs the corpora lack.

References
----------
C. Guo, G. Pleiss, Y. Sun, K. Q. Weinberger, "On Calibration of Modern Neural
Networks", ICML 2017.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from stancemap.stance.embeddings import DEFAULT_EMBEDDER
from stancemap.stance.focus import is_long
from stancemap.stance.pairfeatures import EMBEDDING_PARTS, NGRAM_TOKEN, PairFeatures, cue_rows, mask_text
from stancemap.stance.pairmodel import (
    CODER_NAME,
    FORMAT_VERSION,
    UNRELATED,
    PairModel,
    RelatednessGate,
    fit_temperature,
)

#: ``progress(what, step, steps)``, called after each step of a fit.
Progress = Callable[[str, int, int], None]

__all__ = ["TEMPLATE_PROBLEMS", "fit_temperature", "fit_terms", "template_pairs", "train_pair_model"]


def fit_terms(claims: Sequence[str], texts: Sequence[str], ngram_max: int, min_claims: int,
               max_terms: int) -> tuple[list[str], np.ndarray]:
    """The claim-masked n-grams to keep and their IDF (see the module docstring).

    N-grams of 1 to ``ngram_max`` words in at least two texts and with at least
    ``min_claims`` different claims; the ``max_terms`` most frequent of them.

    >>> terms, weights = fit_terms(["We should ban fracking."] * 2,
    ...                            ["Fracking should not be banned.", "Fracking must be banned."], 2, 1, 10)
    >>> terms
    ['.', '_c_', '_p_', '_p_ .', 'be', 'be _p_']
    """
    masked = [mask_text(c, t) for c, t in zip(claims, texts, strict=False)]
    counter = CountVectorizer(lowercase=False, token_pattern=NGRAM_TOKEN, ngram_range=(1, ngram_max), binary=True,
                              min_df=2, dtype=np.float32)
    present = counter.fit_transform(masked).tocsc()
    vocab = counter.get_feature_names_out()
    claim_ids = np.unique(claims, return_inverse=True)[1]
    df = np.diff(present.indptr)
    n_claims = np.array([len(np.unique(claim_ids[present.indices[present.indptr[j]:present.indptr[j + 1]]]))
                         for j in range(present.shape[1])])
    keep = np.flatnonzero(n_claims >= min_claims)
    keep = keep[np.argsort(-df[keep], kind="stable")[:max_terms]]
    keep.sort()
    idf = np.log((1 + len(texts)) / (1 + df[keep])) + 1.0
    return [str(vocab[j]) for j in keep], idf.astype(np.float32)


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


def train_pair_model(pairs: Iterable[Sequence[str] | Mapping[str, Any]], *, embedder: str | None = DEFAULT_EMBEDDER,
                     embedding_parts: Sequence[str] = ("c*t", "d*t", "cos"), embedding_weight: float = 0.5,
                     C: float = 0.5, ngram_max: int = 3, min_claims: int = 3, max_terms: int = 30000,
                     neutral_margin: float = 0.2, templates: bool = True, folds: int = 5, seed: int = 0,
                     focus: bool | None = None, gate: bool = True, source: str = "",
                     licences: Sequence[str] = (), progress: Progress | None = None) -> PairModel:
    """Fit an ``embed-lr.v1`` model on labelled ``(claim, text, label)`` pairs.

    Parameters
    ----------
    pairs : iterable
        Tuples or mappings with ``claim``, ``text`` and ``label``.
    embedder, embedding_parts, embedding_weight
        Sentence embedder name (default ``e5-static.v1``; ``None``: cue and n-gram features only) and
        how its vectors enter the features (:class:`PairFeatures`).
    C, neutral_margin : float
        Inverse L2 penalty of the regression(s); the model's :attr:`PairModel.neutral_margin`.
    ngram_max, min_claims, max_terms : int
        Claim-masked n-grams up to ``ngram_max`` words, seen with at least
        ``min_claims`` different claims, at most ``max_terms`` of them (most frequent).
    templates : bool
        Add :func:`template_pairs` (when the labels include support and oppose).
    folds, seed : int
        Folds grouped by claim for the out-of-fold logits the temperature is fitted on (fewer with
        fewer claims; no calibration with one claim), and the seed of the folds and the solver.
    focus, gate : bool
        Focus features (default: for long texts, :func:`~stancemap.stance.focus.is_long`); a relatedness gate
        where ``unrelated`` is a label beside two others (``False``: none).
    source, licences
        Where the pairs came from and under which licences (recorded in ``meta``).
    progress : callable, optional
        ``progress(what, step, steps)`` after each step of the fit.

    Examples
    --------
    >>> pairs = [("Tolls should rise.", "Tolls are fair.", "support"),
    ...          ("Tolls should rise.", "Tolls are unfair.", "oppose")] * 4
    >>> model = train_pair_model(pairs, embedder=None, min_claims=1, C=10.0)
    >>> model.labels, model.predict(["Tolls should rise."], ["Tolls are fair."])
    (('oppose', 'support'), ['support'])
    """
    rows, labels, n_given = _training_rows(pairs, templates, seed)
    claims, texts = [r[0] for r in rows], [r[1] for r in rows]
    y = np.array([labels.index(r[2]) for r in rows])
    groups = np.unique(claims, return_inverse=True)[1]
    n_folds = min(folds, len(set(groups.tolist())))
    gate = gate and UNRELATED in labels and len(labels) > 2
    focus = is_long(texts[:n_given]) if focus is None else focus
    report = _Steps(progress, _FIT_STEPS + (1 + bool(gate)) * (1 + (n_folds + 1 if n_folds >= 2 else 0)))
    terms, idf = fit_terms(claims, texts, ngram_max, min_claims, max_terms)
    report("n-gram vocabulary")
    features, x = _features_and_rows(claims, texts, terms, idf, embedder, ngram_max, embedding_parts, embedding_weight,
                                     focus)
    report("features (embeddings)")
    fit = _Fit(x, groups, n_folds, C, seed, report)
    coef, intercept, temperature, relatedness = _fit_classifiers(fit, y, labels, gate)
    meta = _meta(labels, y[:n_given], len(rows) - n_given, features, embedder=embedder, C=C, min_claims=min_claims,
                 max_terms=max_terms, folds=n_folds, temperature=temperature, neutral_margin=neutral_margin, seed=seed,
                 source=source, licences=list(licences), gate=bool(gate))
    return PairModel(features, labels, coef, intercept, temperature, neutral_margin, meta, relatedness)


def _meta(labels: tuple[str, ...], y: np.ndarray, template_pairs: int, features: PairFeatures,
          **settings: Any) -> dict[str, Any]:
    """A fitted model's ``meta`` block: its labels, the given pairs' label counts (``y``) and the settings."""
    counts = np.bincount(y, minlength=len(labels)).tolist()
    return {"coder": CODER_NAME, "format": FORMAT_VERSION, "labels": list(labels), "pairs": len(y),
            "template_pairs": template_pairs, "label_counts": dict(zip(labels, counts, strict=True)),
            "features": features.config, **settings}


def _fit_classifiers(fit: _Fit, y: np.ndarray, labels: tuple[str, ...],
                     gate: bool) -> tuple[np.ndarray, np.ndarray, float, RelatednessGate | None]:
    """``(coef, intercept, temperature, gate)``: one regression over ``labels``, or with ``gate`` a relatedness gate
    and a regression over the stance labels of the related pairs."""
    if not gate:
        return (*fit(y, len(labels)), None)
    unrelated = labels.index(UNRELATED)
    relatedness = RelatednessGate(*fit((y == unrelated).astype(int), 2))
    sides = tuple(label for label in labels if label != UNRELATED)
    related = y != unrelated
    return (*fit.on(related)(np.array([sides.index(labels[i]) for i in y[related]]), len(sides)), relatedness)


class _Fit:
    """One logistic regression and its temperature on feature rows ``x`` (or a subset of them: :meth:`on`)."""

    def __init__(self, x: sparse.csr_matrix, groups: np.ndarray, n_folds: int, C: float, seed: int,
                 report: Callable[[str], None]) -> None:
        self.x, self.groups, self.n_folds, self.C, self.seed, self.report = x, groups, n_folds, C, seed, report

    def on(self, rows: np.ndarray) -> _Fit:
        """The same fit on the rows where ``rows`` is true (fewer folds where fewer claims are left)."""
        groups = self.groups[rows]
        return _Fit(self.x[rows], groups, min(self.n_folds, len(set(groups.tolist()))), self.C, self.seed,
                    self.report)

    def __call__(self, y: np.ndarray, n_labels: int) -> tuple[np.ndarray, np.ndarray, float]:
        """``(coef, intercept, temperature)`` of labels ``y`` (``n_labels`` of them)."""
        clf = _fit_lr(self.x, y, self.C, self.seed)
        self.report("logistic regression")
        temperature = _calibrate(self.x, y, self.groups, n_labels, clf.coef_.shape[0], self.n_folds, self.C,
                                 self.seed, self.report)
        return clf.coef_.astype(np.float32), clf.intercept_.astype(np.float32), temperature


def _training_rows(pairs: Iterable[Sequence[str] | Mapping[str, Any]], templates: bool,
                   seed: int) -> tuple[list[tuple[str, str, str]], tuple[str, ...], int]:
    """The pairs as ``(claim, text, label)`` rows, with the template pairs after them when wanted;
    the labels; how many rows were given."""
    rows = _rows(pairs)
    labels = _labels(rows)
    given = len(rows)
    if templates and {"support", "oppose"} <= set(labels):
        rows += template_pairs(seed)
    return rows, labels, given


class _Steps:
    """``progress(what, step, steps)`` called once per step of a fit (nothing without ``progress``)."""

    def __init__(self, progress: Progress | None, steps: int) -> None:
        self.progress, self.steps, self.done = progress, steps, 0

    def __call__(self, what: str) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(what, self.done, self.steps)


#: Steps of a fit reported to ``progress`` besides the regressions and their calibration: vocabulary, features.
_FIT_STEPS = 2
#: Added to each cue feature's standard deviation so that a constant feature does not divide by zero.
_STD_FLOOR = 1e-6


def _labels(rows: list[tuple[str, str, str]]) -> tuple[str, ...]:
    """The sorted labels of ``rows``; ``ValueError`` unless there are rows with two or more labels."""
    if not rows:
        raise ValueError("train_pair_model needs at least one labelled pair")
    labels = tuple(sorted({r[2] for r in rows}))
    if len(labels) < 2:
        raise ValueError(f"the training pairs have only the label {labels[0]!r}; a stance model needs two or more")
    return labels


def _features_and_rows(claims: list[str], texts: list[str], terms: Any, idf: Any, embedder: str | None,
                       ngram_max: int, embedding_parts: Sequence[str], embedding_weight: float,
                       focus: bool) -> tuple[PairFeatures, sparse.csr_matrix]:
    """The feature map fitted on the pairs (:func:`_pair_features`) and their rows; each pair's cues are read once,
    for the scaling and for the rows (an article's are slow)."""
    raw = cue_rows(claims, texts, focus)
    features = _pair_features(claims, texts, terms, idf, embedder, ngram_max, embedding_parts, embedding_weight, focus,
                              raw)
    return features, features.transform(claims, texts, raw)


def _pair_features(
    claims: list[str],
    texts: list[str],
    terms: Any,
    idf: Any,
    embedder: str | None,
    ngram_max: int,
    embedding_parts: Sequence[str],
    embedding_weight: float,
    focus: bool = False,
    raw_cues: np.ndarray | None = None,
) -> PairFeatures:
    """The feature map: n-gram ``terms``, cue (and focus) features scaled on these pairs (``raw_cues``: their
    :func:`~stancemap.stance.pairfeatures.cue_rows` where already read), and embedding parts."""
    raw = cue_rows(claims, texts, focus) if raw_cues is None else raw_cues
    unknown = [p for p in embedding_parts if p not in EMBEDDING_PARTS]
    if unknown:
        raise ValueError(f"unknown embedding part(s) {', '.join(unknown)}; use some of {', '.join(EMBEDDING_PARTS)}")
    # the scaling as stored (float32), so that a saved and loaded model gives identical probabilities
    mean = raw.mean(axis=0).astype(np.float32).astype(np.float64)
    std = (raw.std(axis=0) + _STD_FLOOR).astype(np.float32).astype(np.float64)
    return PairFeatures(terms, idf, mean, std, embedder, ngram_max, tuple(embedding_parts), embedding_weight, focus)


def _calibrate(
    x: sparse.csr_matrix,
    y: np.ndarray,
    groups: np.ndarray,
    n_labels: int,
    n_outputs: int,
    n_folds: int,
    C: float,
    seed: int,
    report: Callable[[str], None],
) -> float:
    """The temperature fitted on out-of-fold logits, folds grouped by claim (a fold missing a label is skipped).

    ``n_outputs`` is the number of logits per pair (1 for two labels). With fewer than two
    folds (one claim) there is nothing to fit on: 1.0.
    """
    if n_folds < 2:
        return 1.0
    z = np.zeros((len(y), n_outputs))
    for tr, te in GroupKFold(n_splits=n_folds, shuffle=True, random_state=seed).split(x, y, groups):
        if len(set(y[tr].tolist())) < n_labels:
            continue
        z[te] = _fit_lr(x[tr], y[tr], C, seed).decision_function(x[te]).reshape(len(te), -1)
        report("calibration fold")
    temperature = fit_temperature(z, y)
    report("temperature")
    return temperature


def _fit_lr(x: sparse.csr_matrix, y: np.ndarray, C: float, seed: int) -> LogisticRegression:
    return LogisticRegression(C=C, max_iter=3000, random_state=seed).fit(x, y)
