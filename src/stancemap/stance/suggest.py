"""Suggest candidate issues from statements that no codebook issue covers.

Statements are turned into TF-IDF vectors of their content stems (stopwords
and one-letter tokens left out; scikit-learn's ``TfidfVectorizer``, rows
L2-normalised), and clustered with scikit-learn's ``KMeans`` (k-means++
seeding, a fixed seed so that the same statements give the same suggestions;
on unit vectors, Euclidean k-means ranks like cosine). Each cluster becomes a candidate issue:
its most characteristic words (the centroid's heaviest stems, shown as the
most frequent word form), keywords for the codebook, and the statements
closest to the centroid as evidence.

A person still has to write the claim: clustering finds what is talked about,
not what is claimed.

Examples
--------
>>> texts = ["Fuel taxes must rise to cut emissions.", "Raising fuel taxes hurts farmers.",
...          "Fuel taxes are already too high.", "The new stadium will bring jobs.",
...          "Building the stadium wastes public money.", "The stadium plan is a scandal."]
>>> found = suggest_issues(list(enumerate(texts)), k=2)
>>> sorted(s.keywords[0] for s in found)
['fuel', 'stadium']
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer

from stancemap.stance.text import is_content, stem, tokens

__all__ = ["Suggestion", "suggest_issues", "as_codebook_yaml"]


@dataclass(frozen=True)
class Suggestion:
    """A candidate issue: words, keywords, size and representative statements ``(id, text, similarity)``."""

    label: str
    keywords: tuple[str, ...]
    size: int
    representatives: tuple[tuple[Any, str, float], ...]
    cohesion: float

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.label.lower()).strip("-") or "issue"


def _content_stems(text: str) -> list[str]:
    return [stem(t) for t in tokens(text) if is_content(t) and not t.isdigit()]


def _vectors(texts: Sequence[str], min_df: int) -> tuple[np.ndarray, list[str], dict[str, str]]:
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        for t in tokens(text):
            if is_content(t) and not t.isdigit():
                forms[stem(t)][t] += 1
    vectoriser = TfidfVectorizer(analyzer=_content_stems, min_df=min_df, sublinear_tf=True)
    try:
        x = vectoriser.fit_transform(texts)
    except ValueError:  # no stem is frequent enough: use every stem
        if min_df == 1:
            return np.zeros((len(texts), 0)), [], {}
        return _vectors(texts, 1)
    vocab = list(vectoriser.get_feature_names_out())
    return x.toarray(), vocab, {v: forms[v].most_common(1)[0][0] for v in vocab}


def _kmeans(x: np.ndarray, k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    model = KMeans(n_clusters=k, n_init=4, random_state=seed).fit(x)
    centres = model.cluster_centers_
    norms = np.linalg.norm(centres, axis=1, keepdims=True)
    return model.labels_, np.divide(centres, norms, out=np.zeros_like(centres), where=norms > 0)


def suggest_issues(
    statements: Sequence[tuple[Any, str]],
    *,
    k: int | None = None,
    top_words: int = 4,
    representatives: int = 3,
    min_size: int = 2,
    seed: int = 0,
) -> list[Suggestion]:
    """Cluster ``(id, text)`` statements and propose one candidate issue per cluster.

    Parameters
    ----------
    statements : sequence of (id, text)
    k : int, optional
        Number of clusters; default ``round(sqrt(n / 2))``, between 1 and 20.
    top_words, representatives : int
        Words in each label; statements shown per suggestion.
    min_size : int
        Clusters smaller than this are not proposed.
    seed : int
        Seed of the k-means++ initialisation.

    Returns
    -------
    list of Suggestion
        Largest and most cohesive clusters first.
    """
    items = [(sid, text) for sid, text in statements if text and text.strip()]
    if not items:
        return []
    n = len(items)
    k = max(1, min(k or round(math.sqrt(n / 2)), 20, n))
    x, vocab, forms = _vectors([t for _, t in items], min_df=2 if n >= 20 else 1)
    k = min(k, len({tuple(row) for row in x}))
    if not vocab or k < 1:
        return []
    assign, centres = _kmeans(x, k, seed)
    out = []
    for j in range(k):
        members = np.flatnonzero(assign == j)
        if len(members) < min_size:
            continue
        sims = x[members] @ centres[j]
        order = members[np.argsort(-sims, kind="stable")]
        heavy = np.argsort(-centres[j], kind="stable")[:top_words]
        words = tuple(forms[vocab[i]] for i in heavy if centres[j][i] > 0)
        reps = tuple((items[i][0], items[i][1], round(float(x[i] @ centres[j]), 4)) for i in order[:representatives])
        out.append(Suggestion(label=" / ".join(words), keywords=words, size=len(members), representatives=reps,
                              cohesion=round(float(sims.mean()), 4)))
    out.sort(key=lambda s: (-s.size, -s.cohesion, s.label))
    return out


def as_codebook_yaml(suggestions: Sequence[Suggestion]) -> str:
    """A codebook fragment for the suggestions: the claim is left for a person to write."""
    import yaml

    issues = [{"id": s.slug, "label": s.label,
               "claim": f"FILL IN: the claim actors support or oppose about {', '.join(s.keywords)}",
               "keywords": list(s.keywords)} for s in suggestions]
    return yaml.safe_dump({"issues": issues}, sort_keys=False, allow_unicode=True)
