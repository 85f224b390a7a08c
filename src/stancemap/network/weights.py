"""Edge weights of one-mode networks: congruence, conflict, subtract, shared; and their normalisations.

Each node (an actor, or an issue in co-occurrence networks) has a profile:
how often it took each stance on each issue (``u[issue, stance]``, counted
after the duplicate rule, or confidence-weighted). Two nodes are compared on
three views of their profiles, each a :class:`Pair`:

``agree``
    same issue, same stance (support-support, oppose-oppose);
``disagree``
    same issue, opposite stances (support-oppose);
``together``
    same issue, whatever the stance (neutral included).

A *normalisation* turns a :class:`Pair` into a number (elementwise: the
builders pass numpy arrays holding every pair at once, so a custom function
must use arithmetic that works on arrays) (:func:`raw`,
:func:`average_activity`, :func:`jaccard`, :func:`cosine`); a *weight* picks
and combines the views (:func:`congruence`, :func:`conflict`,
:func:`subtract`, :func:`shared`). New measures are new functions with the
same signature, passed to :func:`stancemap.network.build.one_mode`.

Neutral statements are not positions: they enter ``together`` only.

References
----------
Leifeld, P. (2017). Discourse Network Analysis: Policy Debates as Dynamic
Networks. In *The Oxford Handbook of Political Networks*, 301-326.
Leifeld, P. (2016). *Policy Debates as Dynamic Networks: German Pension
Politics and Privatization Discourse*. Campus.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True, slots=True)
class Pair:
    """Two profiles ``u`` and ``v`` compared on one view (floats, or numpy arrays over many pairs).

    Attributes
    ----------
    dot : float
        ``sum(u[k] * v[k'])`` over matched keys ``k, k'``.
    overlap : float
        ``sum(min(u[k], v[k']))`` over matched keys.
    a_total, b_total : float
        ``sum(u)`` and ``sum(v)`` over the keys of this view.
    a_norm, b_norm : float
        Euclidean lengths of ``u`` and ``v`` over the keys of this view.
    """

    dot: Any = 0.0
    overlap: Any = 0.0
    a_total: Any = 0.0
    b_total: Any = 0.0
    a_norm: Any = 0.0
    b_norm: Any = 0.0


@dataclass(frozen=True, slots=True)
class Views:
    """The three comparisons of two profiles (see the module docstring)."""

    agree: Pair
    disagree: Pair
    together: Pair


Normalization = Callable[[Pair], float]
Weight = Callable[[Views, Normalization], float]

# ---------------------------------------------------------------- normalisations
#
# Normalisations and weights are elementwise: the builders call them once with
# numpy arrays (one element per pair of nodes), and they work on plain floats too.


def _divide(a, b):
    """``a / b``, 0 where ``b`` is 0 (floats or numpy arrays)."""
    if np.ndim(a) == 0 and np.ndim(b) == 0:
        return float(a) / float(b) if b else 0.0
    a, b = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
    return np.divide(a, b, out=np.zeros(a.shape), where=b != 0)


def raw(pair: Pair) -> float:
    """No normalisation: the number of matching (deduplicated) statement pairs.

    >>> raw(Pair(dot=2.0, overlap=2.0, a_total=3.0, b_total=2.0))
    2.0
    """
    return pair.dot


def average_activity(pair: Pair) -> float:
    """Divide by the two nodes' average activity: ``dot / ((sum(u) + sum(v)) / 2)``.

    >>> average_activity(Pair(dot=2.0, overlap=2.0, a_total=3.0, b_total=2.0))
    0.8
    """
    return _divide(pair.dot, (pair.a_total + pair.b_total) / 2)


def jaccard(pair: Pair) -> float:
    """Weighted Jaccard (Ruzicka) similarity: ``sum(min) / sum(max)``; the classic Jaccard index on 0/1 profiles.

    >>> jaccard(Pair(dot=2.0, overlap=2.0, a_total=3.0, b_total=2.0))
    0.6666666666666666
    """
    return _divide(pair.overlap, pair.a_total + pair.b_total - pair.overlap)


jaccard.needs_overlap = True  # type: ignore[attr-defined]


def cosine(pair: Pair) -> float:
    """Cosine similarity: ``dot / (|u| |v|)``.

    >>> round(cosine(Pair(dot=2.0, overlap=2.0, a_total=3.0, b_total=2.0, a_norm=3 ** .5, b_norm=2 ** .5)), 4)
    0.8165
    """
    return _divide(pair.dot, pair.a_norm * pair.b_norm)


#: The normalisations by the names the command line uses.
NORMALIZATIONS: dict[str, Normalization] = {
    "none": raw,
    "average-activity": average_activity,
    "jaccard": jaccard,
    "cosine": cosine,
}

# ---------------------------------------------------------------- weights


def congruence(views: Views, normalization: Normalization = raw) -> float:
    """Agreement: the two took the same stance on the same issues."""
    return normalization(views.agree)


def conflict(views: Views, normalization: Normalization = raw) -> float:
    """Disagreement: the two took opposite stances on the same issues."""
    return normalization(views.disagree)


def subtract(views: Views, normalization: Normalization = raw) -> float:
    """Congruence minus conflict, each normalised first (a signed network)."""
    return normalization(views.agree) - normalization(views.disagree)


def shared(views: Views, normalization: Normalization = raw) -> float:
    """Co-occurrence: the two spoke on the same issues, whatever their stance (DNA's "ignore")."""
    return normalization(views.together)


congruence.needs = ("agree",)  # type: ignore[attr-defined]
conflict.needs = ("disagree",)  # type: ignore[attr-defined]
subtract.needs = ("agree", "disagree")  # type: ignore[attr-defined]
shared.needs = ("together",)  # type: ignore[attr-defined]

#: The weights by the names the command line uses.
WEIGHTS: dict[str, Weight] = {
    "congruence": congruence,
    "conflict": conflict,
    "subtract": subtract,
    "shared": shared,
}


def norm(values) -> float:
    """Euclidean length of an iterable of numbers."""
    return math.sqrt(sum(v * v for v in values))
