"""Suggest candidate issues from statements that no codebook issue covers.

Statements are turned into TF-IDF vectors of their content stems (stopwords
and one-letter tokens left out), L2-normalised, and clustered with spherical
k-means (cosine similarity, k-means++ seeding, a fixed seed so that the same
statements give the same suggestions). Each cluster becomes a candidate issue:
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


def _vectors(texts: Sequence[str], min_df: int) -> tuple[np.ndarray, list[str], dict[str, str]]:
    docs = []
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        sts = []
        for t in tokens(text):
            if is_content(t) and not t.isdigit():
                s = stem(t)
                sts.append(s)
                forms[s][t] += 1
        docs.append(Counter(sts))
    df = Counter(s for d in docs for s in d)
    vocab = sorted(s for s, c in df.items() if c >= min_df) or sorted(df)
    index = {s: i for i, s in enumerate(vocab)}
    n = len(texts)
    x = np.zeros((n, len(vocab)))
    for i, d in enumerate(docs):
        for s, c in d.items():
            if s in index:
                x[i, index[s]] = (1.0 + math.log(c)) * (math.log((1 + n) / (1 + df[s])) + 1.0)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    x = np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)
    return x, vocab, {s: forms[s].most_common(1)[0][0] for s in vocab}


def _kmeans(x: np.ndarray, k: int, seed: int, iterations: int = 50) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    n = x.shape[0]
    centres = [x[rng.integers(n)]]
    for _ in range(1, k):  # k-means++ on cosine distance
        sims = np.max(np.stack([x @ c for c in centres]), axis=0)
        d = np.clip(1.0 - sims, 0.0, None) ** 2
        total = d.sum()
        centres.append(x[rng.choice(n, p=d / total)] if total > 0 else x[rng.integers(n)])
    c = np.stack(centres)
    assign = np.zeros(n, dtype=int)
    for it in range(iterations):
        new = (x @ c.T).argmax(axis=1)
        if it and np.array_equal(new, assign):
            break
        assign = new
        for j in range(k):
            members = x[assign == j]
            if len(members):
                m = members.sum(axis=0)
                c[j] = m / (np.linalg.norm(m) or 1.0)
    return assign, c


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
    if not vocab:
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
               "claim": f"TODO: write the claim actors support or oppose about {', '.join(s.keywords)}",
               "keywords": list(s.keywords)} for s in suggestions]
    return yaml.safe_dump({"issues": issues}, sort_keys=False, allow_unicode=True)
