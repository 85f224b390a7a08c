"""A multinomial logistic regression fitted around a fixed offset, the core of :mod:`stancemap.stance.adapt`.

``logits = a * offset + b + sum_k X_k W_k^T``: the offset is the base model's
log-probabilities, ``a`` its scale (prior around 1), ``b`` the per-label biases
(prior around 0) and each feature block ``X_k`` has weights ``W_k`` with a Gaussian
prior of its own variance. The maximum a posteriori estimate is found by L-BFGS.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.special import softmax

__all__ = ["OffsetFit", "balanced_weights", "fit_offset_logistic", "row_softmax"]


def row_softmax(z: np.ndarray) -> np.ndarray:
    """Softmax of each row of ``z``."""
    return softmax(z, axis=1)


@dataclass
class OffsetFit:
    """Parameters of :func:`fit_offset_logistic`: ``logits = scale * offset + bias + sum_k X_k @ W_k.T``."""

    scale: float
    bias: np.ndarray
    weights: list[np.ndarray] = field(default_factory=list)

    def logits(self, offset: np.ndarray, blocks: Sequence[np.ndarray | sparse.spmatrix]) -> np.ndarray:
        """Decision values for rows with base log-probabilities ``offset`` and feature ``blocks``."""
        z = self.scale * offset + self.bias
        for x, w in zip(blocks, self.weights, strict=False):
            z = z + np.asarray(x @ w.T)
        return z


def balanced_weights(y: np.ndarray) -> np.ndarray:
    """``n / (labels * n_label)`` per row of label indices ``y``: what scikit-learn's
    ``compute_sample_weight("balanced", y)`` gives, in numpy, because adapters are fitted while coding and coding
    never imports scikit-learn (see :mod:`stancemap.stance.pairfeatures`).

    >>> balanced_weights(np.array([0, 0, 0, 1])).tolist()
    [0.6666666666666666, 0.6666666666666666, 0.6666666666666666, 2.0]
    """
    _, inverse, counts = np.unique(y, return_inverse=True, return_counts=True)
    return len(y) / (len(counts) * counts[inverse])


class _Objective:
    """The negative log posterior of :func:`fit_offset_logistic` and its gradient, over a flat ``theta``.

    ``theta`` is ``[a, b (k values), W of each used block, row by row]``.
    """

    def __init__(self, offset: np.ndarray, blocks: Sequence[np.ndarray | sparse.spmatrix], y: np.ndarray,
                 variances: Sequence[float], prior_scale: float, prior_bias: float,
                 sample_weight: np.ndarray | None = None) -> None:
        n, self.k = offset.shape
        self.offset, self.blocks, self.variances = offset, blocks, variances
        self.prior_scale, self.prior_bias = prior_scale, prior_bias
        self.used = [i for i, v in enumerate(variances) if v > 0]
        self.shapes = [(self.k, blocks[i].shape[1]) for i in self.used]
        self.sizes = [a * b for a, b in self.shapes]
        self.onehot = np.zeros((n, self.k))
        self.onehot[np.arange(n), y] = 1.0
        #: each row's weight in the likelihood (1 unless given)
        self.row_weight = np.ones((n, 1)) if sample_weight is None else np.asarray(sample_weight, float)[:, None]

    def start(self) -> np.ndarray:
        """The prior's mode: ``a = 1``, everything else 0."""
        theta = np.zeros(1 + self.k + sum(self.sizes))
        theta[0] = 1.0
        return theta

    def unpack(self, theta: np.ndarray) -> tuple[float, np.ndarray, list[np.ndarray]]:
        """``(a, b, [W of each used block])``."""
        a, b, rest = float(theta[0]), theta[1:1 + self.k], theta[1 + self.k:]
        ws, at = [], 0
        for shape, size in zip(self.shapes, self.sizes, strict=False):
            ws.append(rest[at:at + size].reshape(shape))
            at += size
        return a, b, ws

    def __call__(self, theta: np.ndarray) -> tuple[float, np.ndarray]:
        a, b, ws = self.unpack(theta)
        z = a * self.offset + b
        for i, w in zip(self.used, ws, strict=False):
            z = z + np.asarray(self.blocks[i] @ w.T)
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        g = (np.exp(logp) - self.onehot) * self.row_weight
        value = (-float((logp * self.onehot * self.row_weight).sum()) + (a - 1.0) ** 2 / (2 * self.prior_scale ** 2)
                 + float(b @ b) / (2 * self.prior_bias ** 2))
        grads = [np.array([(g * self.offset).sum() + (a - 1.0) / self.prior_scale ** 2]),
                 g.sum(axis=0) + b / self.prior_bias ** 2]
        for i, w in zip(self.used, ws, strict=False):
            value += float((w * w).sum()) / (2 * self.variances[i])
            grads.append((np.asarray(self.blocks[i].T @ g).T + w / self.variances[i]).ravel())
        return value, np.concatenate(grads)

    def result(self, theta: np.ndarray) -> OffsetFit:
        """The fit at ``theta``, with zero weights for the blocks left out."""
        a, b, ws = self.unpack(theta)
        weights = [ws[self.used.index(i)] if i in self.used else np.zeros((self.k, block.shape[1]))
                   for i, block in enumerate(self.blocks)]
        return OffsetFit(a, b, weights)


def fit_offset_logistic(offset: np.ndarray, blocks: Sequence[np.ndarray | sparse.spmatrix], y: np.ndarray,
                        variances: Sequence[float], prior_scale: float = 1.0, prior_bias: float = 1.0,
                        max_iter: int = 300, sample_weight: np.ndarray | None = None) -> OffsetFit:
    """MAP multinomial logistic regression around a fixed offset (the base model's log-probabilities).

    Minimises ``sum_i -log softmax(z_i)[y_i] + (a - 1)^2 / (2 prior_scale^2)
    + |b|^2 / (2 prior_bias^2) + sum_k |W_k|^2 / (2 variances[k])`` with
    ``z = a * offset + b + sum_k X_k W_k^T``, by L-BFGS.

    Parameters
    ----------
    offset : ndarray, shape (n, C)
        Prior log-probabilities of each label per row.
    blocks : sequence of arrays or sparse matrices, shape (n, d_k)
        Feature blocks, each with its own prior variance (0 leaves the block out: its weights stay 0).
    y : ndarray of int, shape (n,)
        Label index per row.
    variances : sequence of float
        Prior variance per block.
    prior_scale, prior_bias : float
        Prior standard deviations of the offset factor (around 1) and of the biases (around 0).
    sample_weight : ndarray, shape (n,), optional
        Each row's weight in the likelihood (default 1).

    Examples
    --------
    Rows whose prior says label 0 but that are all labelled 1 pull the bias to label 1:

    >>> offset = np.log(np.tile([[0.7, 0.3]], (20, 1)))
    >>> fit = fit_offset_logistic(offset, [], np.ones(20, dtype=int), [])
    >>> bool(row_softmax(fit.logits(offset[:1], []))[0, 1] > 0.5)
    True
    """
    # scipy.optimize costs a worker ~25 MB: loaded only when an issue has examples or corrections to fit
    from scipy.optimize import minimize

    objective = _Objective(offset, blocks, y, variances, prior_scale, prior_bias, sample_weight)
    found = minimize(objective, objective.start(), jac=True, method="L-BFGS-B", options={"maxiter": max_iter})
    return objective.result(found.x)
