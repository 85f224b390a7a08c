"""What an issue's adapter reads of a text: the base model's log-probabilities, the text's embedding and,
optionally, the base model's (claim, text) features (:class:`AdaptFeatures`), kept per text so that fitting many
adapters on one issue embeds each text once; and the base log-probabilities over an adapter's labels
(:func:`extend_logq`: ``neutral`` from the base model's doubt).

The features of :class:`stancemap.stance.adapt.IssueAdapter`, which documents the model they feed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from stancemap.stance.embeddings import Embedder
from stancemap.stance.pairfeatures import normalize_rows
from stancemap.stance.pairmodel import PairModel

if TYPE_CHECKING:
    from stancemap.stance.adapt import AdaptSettings

__all__ = ["AdaptFeatures", "checked_features", "extend_logq"]


class AdaptFeatures:
    """What an adapter reads of a text on one issue: the base model's log-probabilities and features.

    Rows are computed once per text and kept, so that fitting many adapters on
    one issue (as the learning-curve benchmark does) embeds each text once.

    Parameters
    ----------
    claim : str
        The issue's claim.
    base : PairModel
        The zero-shot model.
    embedder : Embedder
        Gives the text vectors (``embed(texts)``, L2-normalised rows).
    pair_features : bool
        Also keep the base model's (claim, text) feature rows, each scaled to
        unit length (needed when ``C_pair > 0``).
    """

    def __init__(self, claim: str, base: PairModel, embedder: Embedder, pair_features: bool = True) -> None:
        self.claim, self.base, self.embedder = claim, base, embedder
        self.pair_features = pair_features
        self._rows: dict[str, int] = {}
        self._logq: list[np.ndarray] = []
        self._embed: list[np.ndarray] = []
        self._pair: list[sparse.csr_matrix] = []

    def _compute(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, sparse.csr_matrix | None]:
        """The rows of ``texts``, computed (not kept)."""
        texts, claims = list(texts), [self.claim] * len(texts)
        logq = np.log(np.maximum(self.base.predict_proba(claims, texts), 1e-12))
        emb = np.asarray(self.embedder.embed(texts), dtype=np.float64).reshape(len(texts), -1)
        pair = None
        if self.pair_features:
            pair = normalize_rows(sparse.csr_matrix(self.base.features.transform(claims, texts), dtype=np.float64),
                                  copy=False)
        return logq, emb, pair

    def add(self, texts: Sequence[str]) -> None:
        """Compute and keep the rows of the texts not seen yet."""
        new = [t for t in dict.fromkeys(texts) if t not in self._rows]
        if not new:
            return
        logq, emb, pair = self._compute(new)
        start = len(self._rows)
        self._rows.update((t, start + i) for i, t in enumerate(new))
        self._logq = [np.vstack([*self._logq, logq])]
        self._embed = [np.vstack([*self._embed, emb])]
        if pair is not None:
            self._pair = [sparse.vstack([*self._pair, pair], format="csr")]

    def transform(self, texts: Sequence[str], keep: bool = True
                  ) -> tuple[np.ndarray, np.ndarray, sparse.csr_matrix | None]:
        """``(log q, embeddings, pair features or None)`` for ``texts``, one row each.

        ``keep=False`` (prediction) keeps no new row: the texts' kept rows when all were seen
        (as a benchmark that adds them first does), else rows computed for them alone, so that
        coding a long corpus does not grow the adapter.
        """
        if not keep and texts and not all(t in self._rows for t in texts):
            return self._compute(texts)
        self.add(texts)
        at = np.array([self._rows[t] for t in texts], dtype=np.intp)
        if not len(at):
            dim = self._embed[0].shape[1] if self._embed else int(getattr(self.embedder, "dim", 0))
            width = self._pair[0].shape[1] if self._pair else 0
            empty_pair = sparse.csr_matrix((0, width)) if self.pair_features else None
            return np.zeros((0, len(self.base.labels))), np.zeros((0, dim)), empty_pair
        pair = self._pair[0][at] if self.pair_features else None
        return self._logq[0][at], self._embed[0][at], pair


def extend_logq(logq: np.ndarray, base_labels: Sequence[str], labels: Sequence[str]) -> np.ndarray:
    """Base log-probabilities over ``labels``; a label the base lacks (``neutral``) from its doubt."""
    if tuple(labels) == tuple(base_labels):
        return logq
    q = np.exp(logq)
    out = np.zeros((len(q), len(labels)))
    for j, label in enumerate(labels):
        if label in base_labels:
            out[:, j] = q[:, base_labels.index(label)]
        elif "support" in base_labels and "oppose" in base_labels:
            out[:, j] = 1.0 - np.abs(q[:, base_labels.index("support")] - q[:, base_labels.index("oppose")])
        else:
            out[:, j] = 1.0 / len(labels)
    out /= out.sum(axis=1, keepdims=True)
    return np.log(np.maximum(out, 1e-12))


def checked_features(features: AdaptFeatures | None, claim: str, base: PairModel, stance_embedder: Embedder,
                      settings: AdaptSettings) -> AdaptFeatures:
    """``features`` when they were computed for this claim, base model and stance embedder; new ones if ``None``.

    Raises
    ------
    ValueError
        When the features given were computed for another claim, base model or embedder, or lack
        the pair features ``settings.C_pair > 0`` needs.
    """
    if features is None:
        return AdaptFeatures(claim, base, stance_embedder, pair_features=settings.C_pair > 0)
    if features.claim != claim or features.base is not base:
        raise ValueError("the features given were computed for another claim or base model; "
                         "make an AdaptFeatures(claim, base, embedder) for this issue")
    if features.embedder is not stance_embedder:
        raise ValueError("the features given were computed with another embedder than stance_embedder")
    if settings.C_pair > 0 and not features.pair_features:
        raise ValueError("settings.C_pair > 0 needs AdaptFeatures(..., pair_features=True)")
    return features
