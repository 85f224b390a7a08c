"""A stance from a model's probabilities: the neutral margin of a two-way model, and a denied clause turned round."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["decide", "turned_round"]


def turned_round(labels: Sequence[str], probs: np.ndarray) -> np.ndarray:
    """``probs`` with support and oppose swapped: the stance of a text that denies what ``probs`` were read on.

    >>> turned_round(["oppose", "support"], np.array([0.3, 0.7]))
    array([0.7, 0.3])
    """
    out = np.array(probs, copy=True)
    if "support" in labels and "oppose" in labels:
        s, o = labels.index("support"), labels.index("oppose")
        out[s], out[o] = probs[o], probs[s]
    return out


def decide(labels: Sequence[str], probs: np.ndarray, margin: float) -> tuple[str, float]:
    """The stance and its confidence from probabilities over ``labels``: the likeliest label, or ``neutral`` with
    the score ``1 - lead`` where a two-way model leads by less than ``margin``.

    >>> decide(["oppose", "support"], np.array([0.2, 0.8]), 0.2)
    ('support', 0.8)
    >>> decide(["oppose", "support"], np.array([0.45, 0.55]), 0.2)
    ('neutral', 0.9)
    """
    best = int(np.argmax(probs))
    label, p = labels[best], float(probs[best])
    if "neutral" not in labels and "support" in labels and "oppose" in labels:
        lead = abs(float(probs[labels.index("support")]) - float(probs[labels.index("oppose")]))
        if lead < margin:
            return "neutral", round(1.0 - lead, 4)
    return label, round(p, 4)
