"""Which coding to show a reviewer next: the one whose decision would teach the most.

A decision teaches most where the model is least sure, and a second decision on a
near-copy of a statement already shown teaches little. :func:`teaching_order` therefore
ranks candidates by maximal marginal relevance (Carbonell and Goldstein, SIGIR 1998):
at each step it picks the candidate with the best mix of uncertainty and distance (in
embedding space) from the candidates already picked.

>>> import numpy as np
>>> vectors = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
>>> teaching_order([0.5, 0.52, 0.6], vectors)  # the near-copy of the first waits its turn
[0, 2, 1]
>>> teaching_order([0.9, 0.5, 0.7], None)  # without embeddings: least certain first
[1, 2, 0]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["teaching_order", "UNCERTAINTY_WEIGHT", "vectors_from_bytes"]

#: Weight of uncertainty against diversity in :func:`teaching_order` (1.0: uncertainty alone).
UNCERTAINTY_WEIGHT = 0.6


def vectors_from_bytes(stored: Sequence[bytes | None], dim: int | None = None) -> np.ndarray | None:
    """Content embeddings from stored statement embeddings (float16, content then context).

    Returns ``None`` when any is missing or they differ in size (ordering then falls
    back to uncertainty alone).
    """
    if not stored or any(b is None for b in stored):
        return None
    sizes = {len(b) for b in stored if b is not None}
    if len(sizes) != 1:
        return None
    half = sizes.pop() // 4  # two float16 vectors
    if dim is not None and half != dim:
        return None
    return np.stack([np.frombuffer(b, dtype="<f2")[:half].astype(np.float32) for b in stored if b is not None])


def teaching_order(confidences: Sequence[float], vectors: np.ndarray | None,
                   weight: float = UNCERTAINTY_WEIGHT) -> list[int]:
    """Indices of the candidates in the order to review them.

    Parameters
    ----------
    confidences : sequence of float
        The model's confidence in each candidate's coding (0.5 for two-way is least sure).
    vectors : ndarray or None
        The candidates' embeddings (rows); ``None`` orders by uncertainty alone.
    weight : float
        :data:`UNCERTAINTY_WEIGHT`.
    """
    n = len(confidences)
    uncertainty = 1.0 - np.asarray(confidences, dtype=np.float64)
    if vectors is None or n < 2:
        return [int(i) for i in np.lexsort((np.arange(n), -uncertainty))]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit = np.where(norms > 0, vectors / np.maximum(norms, 1e-12), 0.0)
    scaled = uncertainty / max(float(uncertainty.max()), 1e-9)
    chosen: list[int] = []
    closest = np.full(n, 0.0)  # highest similarity to anything chosen
    left = np.ones(n, dtype=bool)
    for _ in range(n):
        score = weight * scaled + (1.0 - weight) * (1.0 - closest)
        score[~left] = -np.inf
        pick = int(np.argmax(score))
        chosen.append(pick)
        left[pick] = False
        closest = np.maximum(closest, unit @ unit[pick])
    return chosen
