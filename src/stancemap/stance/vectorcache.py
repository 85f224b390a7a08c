"""An embedder whose vectors are kept, so that a slow model never embeds the same text twice.

People's corrections are learnt on the full multilingual-e5-small
(:data:`stancemap.stance.adapt.LEARNING_EMBEDDER`, some 20-50 ms a statement). Recoding a
store codes the same statements again and again; :class:`CachedEmbedder` asks a
:class:`VectorCache` (the store's, :class:`stancemap.store.vectors.StoreVectorCache`) for the
vectors of the texts it is given, embeds only the others and keeps them. Vectors are kept as
float16, and a vector just computed is rounded the same way, so that a text gets the same
vector whether it was embedded now or read back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Protocol

import numpy as np

from stancemap.stance.embeddings import Embedder

__all__ = ["VectorCache", "CachedEmbedder", "KeptVectors", "MemoEmbedder", "text_key"]


class VectorCache(Protocol):
    """Where kept vectors live: float16 bytes by embedder name and text key (:func:`text_key`)."""

    def get_vectors(self, embedder: str, keys: Sequence[str]) -> dict[str, bytes]:
        """The kept vectors of these keys; keys not kept are left out."""
        ...

    def put_vectors(self, embedder: str, vectors: Mapping[str, bytes]) -> None:
        """Keep these vectors."""
        ...


def text_key(text: str) -> str:
    """The key a text's vector is kept under: the SHA-256 of its UTF-8 bytes, in hex.

    >>> text_key("abc")[:12]
    'ba7816bf8f01'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class CachedEmbedder:
    """``embedder`` with its vectors kept in ``cache`` (same ``name`` and ``dim``).

    Examples
    --------
    >>> class Dict:
    ...     def __init__(self): self.kept = {}
    ...     def get_vectors(self, embedder, keys):
    ...         return {k: self.kept[(embedder, k)] for k in keys if (embedder, k) in self.kept}
    ...     def put_vectors(self, embedder, vectors):
    ...         self.kept.update({(embedder, k): v for k, v in vectors.items()})
    >>> class Lengths:
    ...     name, dim, calls = "lengths.v1", 2, 0
    ...     def embed(self, texts):
    ...         self.calls += len(texts)
    ...         return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)
    >>> inner = Lengths()
    >>> cached = CachedEmbedder(inner, Dict())
    >>> cached.embed(["ab", "abc"]).tolist(), inner.calls
    ([[2.0, 1.0], [3.0, 1.0]], 2)
    >>> cached.embed(["abc", "ab", "abcd"]).tolist(), inner.calls  # only "abcd" is embedded
    ([[3.0, 1.0], [2.0, 1.0], [4.0, 1.0]], 3)
    """

    def __init__(self, embedder: Embedder, cache: VectorCache) -> None:
        self.embedder, self.cache = embedder, cache
        self.name: str = embedder.name
        self.dim: int = int(embedder.dim)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text: kept vectors read back, the others embedded (float16-rounded) and kept."""
        if isinstance(texts, str):
            raise TypeError("embed() takes a sequence of texts; wrap a single text in a list")
        keys = [text_key(t) for t in texts]
        kept = self.cache.get_vectors(self.name, list(dict.fromkeys(keys))) if keys else {}
        kept = {k: v for k, v in kept.items() if len(v) == 2 * self.dim}  # a damaged one is embedded again
        todo = {k: t for k, t in zip(keys, texts, strict=True) if k not in kept}
        if todo:
            fresh = np.asarray(self.embedder.embed(list(todo.values())), dtype="<f2").reshape(len(todo), self.dim)
            new = {k: row.tobytes() for k, row in zip(todo, fresh, strict=True)}
            self.cache.put_vectors(self.name, new)
            kept = {**kept, **new}
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, key in enumerate(keys):
            out[i] = np.frombuffer(kept[key], dtype="<f2")
        return out


class MemoEmbedder:
    """``embedder`` remembering every vector it made, at full precision, while it lives (same ``name`` and ``dim``):
    fitting many models on the same texts, as held-out folds do, embeds each text once.

    >>> class Lengths:
    ...     name, dim, calls = "lengths.v1", 1, 0
    ...     def embed(self, texts):
    ...         self.calls += len(texts)
    ...         return np.array([[len(t)] for t in texts], dtype=np.float32)
    >>> inner = Lengths()
    >>> memo = MemoEmbedder(inner)
    >>> memo.embed(["ab", "abc", "ab"]).ravel().tolist(), memo.embed(["abc"]).ravel().tolist(), inner.calls
    ([2.0, 3.0, 2.0], [3.0], 2)
    """

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self.name: str = embedder.name
        self.dim: int = int(embedder.dim)
        self._kept: dict[str, np.ndarray] = {}

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text, each text embedded once."""
        new = [t for t in dict.fromkeys(texts) if t not in self._kept]
        if new:
            self._kept.update(zip(new, np.asarray(self.embedder.embed(new), dtype=np.float32), strict=True))
        return np.stack([self._kept[t] for t in texts]) if len(texts) else np.zeros((0, self.dim), np.float32)


class KeptVectors:
    """A :class:`VectorCache` in memory: what a run's coder makes for one document, handed to the store with it
    (:meth:`drain`), so that recoding the store never embeds those texts again.

    >>> kept = KeptVectors()
    >>> kept.put_vectors("lengths.v1", {"k1": b"ab"})
    >>> kept.get_vectors("lengths.v1", ["k1", "k2"]), kept.drain(), kept.drain()
    ({'k1': b'ab'}, (('lengths.v1', 'k1', b'ab'),), ())
    """

    def __init__(self) -> None:
        self._kept: dict[tuple[str, str], bytes] = {}

    def get_vectors(self, embedder: str, keys: Sequence[str]) -> dict[str, bytes]:
        """The vectors kept since the last :meth:`drain`."""
        return {k: self._kept[(embedder, k)] for k in keys if (embedder, k) in self._kept}

    def put_vectors(self, embedder: str, vectors: Mapping[str, bytes]) -> None:
        self._kept.update(((embedder, k), v) for k, v in vectors.items())

    def drain(self) -> tuple[tuple[str, str, bytes], ...]:
        """``(embedder, text key, vector)`` of everything kept, forgotten here."""
        out = tuple((embedder, key, vector) for (embedder, key), vector in self._kept.items())
        self._kept.clear()
        return out
