"""Relevance read again with a contextual sentence encoder, where the static reading leaves it open.

The static relevance model (:class:`~stancemap.stance.relevance.IssueIndex`) scores every statement against
every issue for next to nothing. On the issues the encoder reads (:func:`encoded_issue`: by default those the
codebook gives no keywords, where the static reading finds least), a (statement, issue) pair the static model
scores at :data:`FLOOR` or more has the statement's content and sentence embedded with the sentence encoder
(:mod:`.sentence_encoder`, some 6 ms a text on two cores) and compared with the issue's phrases embedded the same
way: four more features (the nearest phrase and the centroid, for content and sentence) beside the static
thirteen, in a logistic regression of its own per codebook variant (``data/relevance_encoded.v1.json``, fitted on
the pairs past the floor by ``benchmarks/fit_relevance.py --encoder``), its bias moved so that the coder's
threshold is its own. Below the floor the static score stands; the floor (0.02 rather than 0.05) was chosen on
the own-voice train set's tuples (``benchmarks/results/eval_coding_polnear.md``, forty-second session).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from stancemap.stance.sentence_encoder import encoder_available

__all__ = ["ENCODED_FEATURES", "ENCODED_FINGERPRINT", "ENCODED_MODELS", "ENCODER_FITTED", "FLOOR", "EncodedPhrases",
           "POLICIES", "encoder_policy", "encoded_issue", "encoded_models_for"]

#: The features the encoder adds, after :data:`~stancemap.stance.relevance.FEATURES`.
ENCODED_FEATURES: tuple[str, ...] = ("encoded_phrase_content", "encoded_phrase_sentence",
                                     "encoded_centroid_content", "encoded_centroid_sentence")
_FILE = Path(__file__).parent / "data" / "relevance_encoded.v1.json"
_TEXT = _FILE.read_text(encoding="utf-8") if _FILE.exists() else ""
_FITTED = json.loads(_TEXT) if _TEXT else None
#: What the encoded models are, for the coder's fingerprint (a new fit recodes stored statements).
ENCODED_FINGERPRINT = hashlib.sha256(_TEXT.encode()).hexdigest()[:12]
#: The static relevance from which a pair is read again with the encoder.
FLOOR: float = float(_FITTED["floor"]) if _FITTED else 1.0
#: The encoder the models were fitted with, and per codebook variant the weights (static features, then
#: :data:`ENCODED_FEATURES`) and bias; empty when the models file is missing.
ENCODED_MODELS: dict[str, tuple[np.ndarray, float]] = {} if _FITTED is None else {
    variant: (np.array(list(fitted["weights"].values()), dtype=np.float32), float(fitted["bias"]))
    for variant, fitted in _FITTED["models"].items()
    if tuple(fitted["weights"])[-len(ENCODED_FEATURES):] == ENCODED_FEATURES}  # a model of other features: none
ENCODER_FITTED: str | None = _FITTED["encoder"] if _FITTED else None


#: Which issues the encoder reads: ``auto``, those the codebook gives no keywords (where the static reading finds
#: least); ``all``; ``none``.
POLICIES = ("auto", "all", "none")


def encoder_policy(asked: str = "auto") -> tuple[str | None, str]:
    """``(encoder name or None, policy)``: the encoder the models were fitted with where its packages are
    installed (the ``crossencoder`` extra), and which issues it reads: ``asked``, unless ``STANCEMAP_ENCODER``
    says otherwise (one of :data:`POLICIES`).

    Raises
    ------
    ValueError
        When the policy is none of :data:`POLICIES`.
    """
    policy = os.environ.get("STANCEMAP_ENCODER", "").strip().lower() or asked
    if policy not in POLICIES:
        raise ValueError(f"unknown sentence-encoder policy {policy!r} (STANCEMAP_ENCODER): use one of "
                         f"{', '.join(POLICIES)}")
    if policy == "none" or ENCODER_FITTED is None or not encoder_available():
        return None, "none"
    return ENCODER_FITTED, policy


def encoded_issue(has_keywords: bool, policy: str) -> bool:
    """Whether the encoder reads an issue (:data:`POLICIES`).

    >>> encoded_issue(False, "auto"), encoded_issue(True, "auto"), encoded_issue(True, "all")
    (True, False, True)
    """
    return policy == "all" or (policy == "auto" and not has_keywords)


def encoded_models_for(variants: Sequence[str], encoder: str) -> tuple[np.ndarray, np.ndarray] | None:
    """The weights ``(k, n_features)`` and biases ``(k,)`` of the encoded models of these variants, or ``None``
    when there are none for ``encoder`` (another encoder, or no models file)."""
    if encoder != ENCODER_FITTED or not all(v in ENCODED_MODELS for v in variants):
        return None
    models = [ENCODED_MODELS[v] for v in variants]
    return np.stack([w for w, _ in models]), np.array([b for _, b in models], dtype=np.float32)


class EncodedPhrases:
    """The issues' phrases embedded with the sentence encoder, and their centroid per issue.

    Parameters
    ----------
    phrases : sequence of str
        Every issue's phrases, flat, names left out (as :class:`~stancemap.stance.relevance.IssueIndex` has them).
    owner : numpy.ndarray
        The issue (index) each phrase belongs to.
    n_issues : int
    encoder : Embedder
        The sentence encoder (:func:`~stancemap.stance.sentence_encoder.load_sentence_encoder`).
    columns : sequence of int, optional
        The issues the encoder reads (default all); the others' phrases are not embedded and their features are 0.

    A phrase of one word (a label such as "Climate") names a topic, not a claim: it is left out.
    """

    def __init__(self, phrases: Sequence[str], owner: np.ndarray, n_issues: int, encoder: object,
                 columns: Sequence[int] | None = None) -> None:
        self.owner = owner
        self.columns = list(range(n_issues)) if columns is None else list(columns)
        read = np.isin(owner, self.columns) & np.array([len(p.split()) >= 2 for p in phrases], dtype=bool)
        kept = [p for p, r in zip(phrases, read, strict=True) if r]
        made = np.zeros((0, int(getattr(encoder, "dim", 0))), dtype=np.float32)
        if kept:
            made = np.asarray(encoder.embed(kept), dtype=np.float32).reshape(len(kept), -1)  # type: ignore[attr-defined]
        self.vectors = np.zeros((len(phrases), made.shape[1]), dtype=np.float32)
        self.vectors[read] = made
        self.centroids = np.zeros((n_issues, self.vectors.shape[1]), dtype=np.float32)
        for i in self.columns:
            rows = self.vectors[(owner == i) & read]
            if len(rows):
                centroid = rows.mean(axis=0)
                self.centroids[i] = centroid / max(float(np.linalg.norm(centroid)), 1e-9)

    def features(self, contents: np.ndarray, sentences: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """:data:`ENCODED_FEATURES` of each statement (encoded content and sentence rows) and issue,
        ``(n, n_issues, 4)``, and the index of the issue's phrase nearest to the content or the sentence, whichever
        is nearer (the coding's evidence), ``(n, n_issues)``."""
        n, k = len(contents), len(self.centroids)
        out = np.zeros((n, k, len(ENCODED_FEATURES)), dtype=np.float32)
        nearest = np.zeros((n, k), dtype=np.int64)
        to_phrases_c, to_phrases_x = contents @ self.vectors.T, sentences @ self.vectors.T
        for i in self.columns:
            cols = np.flatnonzero(self.owner == i)
            if cols.size:
                out[:, i, 0], out[:, i, 1] = to_phrases_c[:, cols].max(axis=1), to_phrases_x[:, cols].max(axis=1)
                nearer = np.where(out[:, i, 1] > out[:, i, 0], to_phrases_x[:, cols].argmax(axis=1),
                                  to_phrases_c[:, cols].argmax(axis=1))
                nearest[:, i] = cols[nearer]
        out[:, :, 2], out[:, :, 3] = contents @ self.centroids.T, sentences @ self.centroids.T
        return out, nearest
