"""What an adapted issue's confidence means: the chance that its decision is right, learnt from corrections held out.

An issue whose model people's corrections adapted (:mod:`stancemap.stance.adapt`) decides with
the adapted model's probabilities, and these are too sure of themselves: measured on 150
hand-coded PolNeAR training statements, each held out of its issue's fit in turn, the decisions
had a mean probability of 0.68 and were right 56 % of the time. So the confidence a coding
records is mapped: each correction is held out of its issue's fit (:func:`held_out_decisions`, five
folds per issue), the decisions made on them pooled over all corrected issues, and the chance of being
right fitted as a logistic function of the decision's log-odds (:func:`fit_confidence_map`, a
Platt scaling with a weak prior on the identity, so that a handful of corrections moves it
little). Pooling matters: an issue has too few corrections to calibrate on its own (one
temperature per issue was tried and made the error worse, ``benchmarks/results/eval_coding_polnear.md``).
Over 143 coded pairs of three PolNeAR runs with corrections from other articles, the mapped confidence
has a mean of 0.55 where 59 % are right and an expected calibration error of 0.062, what sampling alone
gives on so few pairs; the adapted model's own probability had a mean of 0.67 and an error of 0.105
(``benchmarks/eval_adapted_confidence.py``, ``benchmarks/results/eval_adapted_confidence.md``).

>>> identity = ConfidenceMap(intercept=0.0, slope=1.0, n=0)
>>> identity(0.8)
0.8
>>> unsure = fit_confidence_map([0.9, 0.8, 0.9, 0.7] * 20, [True, False, False, True] * 20)
>>> round(unsure(0.9), 2) < 0.75
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit, logit

from stancemap.stance.adapt import STANCE_LABELS, AdaptFeatures, AdaptSettings, IssueAdapter, RuleReader
from stancemap.stance.embeddings import Embedder
from stancemap.stance.pairmodel import PairModel
from stancemap.stance.sides import decide

__all__ = ["ADAPTED_CONFIDENCE", "FOLDS", "ConfidenceMap", "adapted_confidence_map", "fit_confidence_map",
           "held_out_decisions", "held_out_outputs", "held_out_probabilities"]

#: The version of how an adapted issue's confidence is made (part of a coder's fingerprint).
ADAPTED_CONFIDENCE = "held-out-platt.v1"

#: How many parts each issue's stance corrections are held out in.
FOLDS = 5
#: The prior's standard deviation on the map's intercept (around 0) and slope (around 1).
PRIOR_SD = 1.0
#: Raw probabilities are clipped to this distance from 0 and 1 before taking their log-odds.
_EPS = 1e-3

T = TypeVar("T")


@dataclass(frozen=True)
class ConfidenceMap:
    """``P(right) = expit(intercept + slope * logit(raw))``, fitted on ``n`` held-out decisions."""

    intercept: float
    slope: float
    n: int

    def __call__(self, raw: float) -> float:
        """The chance that a decision of raw probability ``raw`` is right.

        >>> ConfidenceMap(intercept=-0.5, slope=0.5, n=100)(0.9)
        0.6453
        """
        z = float(logit(min(max(raw, _EPS), 1.0 - _EPS)))
        return round(float(expit(self.intercept + self.slope * z)), 4)


def fit_confidence_map(raw: Sequence[float], right: Sequence[bool]) -> ConfidenceMap:
    """The logistic map from a decision's raw probability to its chance of being right (maximum a posteriori).

    >>> fit_confidence_map([], []) == ConfidenceMap(0.0, 1.0, 0)
    True
    """
    if not raw:
        return ConfidenceMap(0.0, 1.0, 0)
    z = logit(np.clip(np.asarray(raw, dtype=np.float64), _EPS, 1.0 - _EPS))
    y = np.asarray(right, dtype=np.float64)
    prior = np.array([0.0, 1.0])

    def objective(theta: np.ndarray) -> tuple[float, np.ndarray]:
        p = expit(theta[0] + theta[1] * z)
        nll = -float(np.sum(y * np.log(np.maximum(p, 1e-12)) + (1 - y) * np.log(np.maximum(1 - p, 1e-12))))
        residual = p - y
        grad = np.array([residual.sum(), (residual * z).sum()]) + (theta - prior) / PRIOR_SD ** 2
        return nll + float(np.sum((theta - prior) ** 2)) / (2 * PRIOR_SD ** 2), grad

    theta = minimize(objective, prior.copy(), jac=True, method="L-BFGS-B").x
    return ConfidenceMap(float(theta[0]), float(theta[1]), len(raw))


def held_out_outputs(corrections: Sequence[tuple[str, str]],
                     predictor_from: Callable[[list[tuple[str, str]]], Callable[[Sequence[str]], Sequence[T]]],
                     stance_labels: Sequence[str], folds: int = FOLDS) -> dict[int, T]:
    """What a model fitted on the other corrections says of each stance correction, by its index.

    The stance corrections are cut into ``folds`` parts (one per correction when there are fewer);
    ``predictor_from(kept)`` fits a model on the kept corrections and returns its predictor, which is
    given the held-out texts. Corrections whose label is not in ``stance_labels`` (``unrelated``) are
    always kept; a part whose kept corrections hold no stance label is not predicted.

    >>> held_out_outputs([("a", "support"), ("b", "oppose"), ("c", "support")],
    ...                  lambda kept: lambda texts: [len(kept)] * len(texts), ("support", "oppose"), folds=2)
    {0: 1, 2: 1, 1: 2}
    """
    stance = [i for i, (_, label) in enumerate(corrections) if label in stance_labels]
    parts = min(folds, len(stance))
    found: dict[int, T] = {}
    for part in range(parts):
        held = [i for k, i in enumerate(stance) if k % parts == part]
        kept = [c for i, c in enumerate(corrections) if i not in held]
        if any(label in stance_labels for _, label in kept):
            found.update(zip(held, predictor_from(kept)([corrections[i][0] for i in held]), strict=True))
    return found


def held_out_probabilities(claim: str, corrections: Sequence[tuple[str, str]], base: PairModel, embedder: Embedder,
                           settings: AdaptSettings, stance_embedder: Embedder | None = None,
                           rules: RuleReader | None = None) -> dict[int, dict[str, float]]:
    """:func:`held_out_outputs` of an :class:`~stancemap.stance.adapt.IssueAdapter` of ``claim``: each stance
    correction's probabilities by label, from the adapter fitted on ``base``, ``embedder``, ``settings``,
    ``stance_embedder`` and the cue ``rules`` with the other corrections (the stance rows are computed once for all
    folds)."""
    features = AdaptFeatures(claim, base, stance_embedder or embedder, pair_features=settings.C_pair > 0)

    def predictor_from(kept: list[tuple[str, str]]) -> Callable[[Sequence[str]], list[dict[str, float]]]:
        adapter = IssueAdapter.fit(claim, kept, base, embedder, settings, features, stance_embedder=stance_embedder,
                                   rules=rules)
        return lambda texts: [dict(zip(adapter.labels, map(float, row), strict=True))
                              for row in adapter.predict_proba(texts)]

    return held_out_outputs(corrections, predictor_from, STANCE_LABELS)


def held_out_decisions(corrections: dict[str, Any], base: PairModel, embedder: Embedder, settings: AdaptSettings,
                       stance_embedder: Embedder, rules: Callable[[str], RuleReader | None] | None = None
                       ) -> dict[str, tuple[list[float], list[bool]]]:
    """Per issue of a project's ``corrections`` (``{issue: {"claim": ..., "corrections": [[text, label]]}}``), the
    raw probability of each stance correction's decision by the issue's model fitted on the others
    (:func:`held_out_probabilities`, with the cue ``rules`` of its claim), decided as the semantic coder decides with
    an adapted issue
    (:func:`stancemap.stance.sides.decide`), and whether it was the correction's label."""
    out = {}
    for issue, entry in sorted(corrections.items()):
        rows = [(str(text), str(label)) for text, label in entry["corrections"]]
        claim = str(entry["claim"])
        found = held_out_probabilities(claim, rows, base, embedder, settings, stance_embedder,
                                       rules(claim) if rules else None)
        decided = {i: decide(list(probs), np.array(list(probs.values())), base.neutral_margin)
                   for i, probs in sorted(found.items())}
        out[issue] = ([p for _, p in decided.values()], [label == rows[i][1] for i, (label, _) in decided.items()])
    return out


def adapted_confidence_map(corrections: dict[str, Any], base: PairModel, embedder: Embedder, settings: AdaptSettings,
                           stance_embedder: Embedder, rules: Callable[[str], RuleReader | None] | None = None
                           ) -> ConfidenceMap:
    """:func:`fit_confidence_map` on the :func:`held_out_decisions` of every corrected issue, pooled."""
    found = held_out_decisions(corrections, base, embedder, settings, stance_embedder, rules).values()
    return fit_confidence_map([p for raw, _ in found for p in raw], [r for _, right in found for r in right])
