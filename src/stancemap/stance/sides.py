"""A stance from a model's probabilities: the neutral margin of a two-way model, and a denied clause turned round."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["UNCUED_MARGIN", "decide", "turned_round"]

#: The lead the zero-shot model needs to take a side on a pair file's text (any sentence, not a statement
#: someone made) in which the cue rules find no stance cue at all (no evaluation, demand, direction or denial),
#: instead of its ``neutral_margin``. On news sentences such a side was wrong or the sentence neutral three times
#: in four (PolNeAR train sentences: of 269 sided by the model, 173 neutral, 37 the other side). Chosen on the
#: train sentences (macro-F1 per issue, mean of six: 0.395 with the model's margin, 0.408 / 0.416 / 0.417 with
#: 0.3 / 0.5 / 0.7), the smaller of the two best. Not for statements: extracted as someone's claim, an uncued one
#: still takes a side more often (PolNeAR statement pairs with a claims-only codebook: 0.476 -> 0.450 train).
UNCUED_MARGIN = 0.5


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
