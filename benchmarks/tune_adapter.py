"""Search: which adapter settings learn most from 50 corrections, on training topics only.

Run with::

    OMP_NUM_THREADS=1 python benchmarks/tune_adapter.py --data /work/shared/data/stance \\
        --out benchmarks/results/tune_adapter.md

The learning curve of ``benchmarks/bench_learning_curve.py`` (its functions are
imported, not copied) is measured here on *training* topics, for each variant of
:class:`stancemap.stance.adapt.AdaptSettings` in :data:`GRID`, so that the
defaults can be chosen without looking at dev.

The shipped zero-shot model was trained on all of Perspectrum train and all of
IBM ArgQ train (27,937 pairs, ``stance/data/MODEL_CARD.md``), so on a training
topic it would be optimistic and leave little to learn. As
``benchmarks/bench_issue_model.py`` does, a base model is therefore trained here
exactly like the shipped one (``train_pair_model(..., seed=0)``) but without the
held-out topics, and the adapters start from it:

* ``--argq-topics`` IBM ArgQ train topics (default 10: every fifth by size,
  from the third largest; not the seven of ``bench_issue_model.py`` on which
  ``C_words`` was chosen, but for one);
* the Perspectrum train claims with at least ``--persp-min`` support/oppose
  pairs (default 60, so that 50 corrections leave at least 10 to score).

For each held-out topic, seed (``--seeds``, default 5) and ``k`` (0, 10, 25, 50,
100) the adapted and the base model are scored on the topic's remaining pairs
(:func:`bench_learning_curve.run_topic`, random draws, nested per seed). Each
variant is compared with the current defaults on the same draws: the table gives
the gain over zero-shot per ``k`` and the paired difference from the defaults at
50 corrections (mean over topics and draws, with its standard error over topics).

Besides the settings fields, two variants change what the adapter's fit sees,
through hooks set only in this script:

* ``grow``: the prior variances of the feature blocks times ``(n / 25) ** grow``
  for ``n`` stance corrections (a prior that loosens as corrections accumulate);
* ``words``: the issue-words block from 1-grams only (``"1"``), or with
  ``min_df`` 2 at every ``n`` (``"df2"``).

The base model is cached (``--cache``, default ``/tmp/stancemap_tune_adapter``)
with each variant's runs, so an interrupted search resumes. No dev or test split
is read. Results go to the markdown file and a JSON beside it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np
from bench_learning_curve import KS, TARGET_GAIN, run_topic, summarise

from stancemap.stance import adapt, issuewords
from stancemap.stance.adapt import AdaptSettings
from stancemap.stance.embeddings import Embedder, get_embedder
from stancemap.stance.pairmodel import PairModel, load_pair_model, save_pair_model
from stancemap.stance.pairmodel_training import train_pair_model

#: The variants searched: name -> (changes to the current AdaptSettings defaults, hooks).
#: Stage 1 moves one setting at a time; stage 2 combines the directions that helped in stage 1.
GRID: dict[str, tuple[dict, dict]] = {
    "defaults": ({}, {}),
    # stage 1: one at a time
    "C_embed=3": ({"C_embed": 3.0}, {}),
    "C_embed=30": ({"C_embed": 30.0}, {}),
    "C_embed=100": ({"C_embed": 100.0}, {}),
    "C_embed=300": ({"C_embed": 300.0}, {}),
    "C_words=0": ({"C_words": 0.0}, {}),
    "C_words=10": ({"C_words": 10.0}, {}),
    "C_words=30": ({"C_words": 30.0}, {}),
    "prior_scale=0.1": ({"prior_scale": 0.1}, {}),
    "prior_scale=1": ({"prior_scale": 1.0}, {}),
    "prior_bias=0.1": ({"prior_bias": 0.1}, {}),
    "prior_bias=1": ({"prior_bias": 1.0}, {}),
    "center=False": ({"center": False}, {}),
    "C_kernel=1,w=0.1": ({"C_kernel": 1.0, "kernel_width": 0.1}, {}),
    "C_kernel=3,w=0.05": ({"C_kernel": 3.0, "kernel_width": 0.05}, {}),
    "grow=0.5": ({}, {"grow": 0.5}),
    "grow=1": ({}, {"grow": 1.0}),
    "words=1-grams": ({}, {"words": "1"}),
    "words=min_df 2": ({}, {"words": "df2"}),
    # stage 2: no single change won in stage 1 (each setting's defaults sat at or next to the best value);
    # finer steps around the two that matter most, a prior that tightens as corrections accumulate,
    # and the only two changes that were not worse, together
    "C_embed=6": ({"C_embed": 6.0}, {}),
    "C_embed=15": ({"C_embed": 15.0}, {}),
    "C_words=1": ({"C_words": 1.0}, {}),
    "C_embed=15,C_words=2": ({"C_embed": 15.0, "C_words": 2.0}, {}),
    "grow=-0.5": ({}, {"grow": -0.5}),
    "C_kernel=3,w=0.05,prior_bias=0.1": ({"C_kernel": 3.0, "kernel_width": 0.05, "prior_bias": 0.1}, {}),
}

HOLDOUT_FORMAT = "tune-adapter-holdout.v1"


def read_rows(path: Path) -> list[dict]:
    """The support/oppose rows of a stance JSONL file."""
    with path.open(encoding="utf-8") as f:
        return [r for r in map(json.loads, f) if r["label"] in ("support", "oppose")]


def held_out_claims(argq: Sequence[dict], persp: Sequence[dict], argq_topics: int, persp_min: int) -> list[str]:
    """The training claims left out of the base model (see the module docstring)."""
    sizes = Counter(r["claim"] for r in argq)
    argq_held = [c for c, _ in sizes.most_common()][2::5][:argq_topics]
    persp_sizes = Counter(r["claim"] for r in persp)
    return argq_held + sorted(c for c, n in persp_sizes.items() if n >= persp_min)


def base_model(rows: Sequence[dict], held: Sequence[str], cache: Path) -> PairModel:
    """The shipped model's recipe on ``rows`` minus the ``held`` claims (cached under ``cache``)."""
    key = hashlib.sha256(json.dumps([HOLDOUT_FORMAT, sorted(held), len(rows)]).encode()).hexdigest()[:12]
    path = cache / f"base-{key}.npz"
    if path.exists():
        return load_pair_model(path)
    held_set = set(held)
    pairs = [(r["claim"], r["text"], r["label"]) for r in rows if r["claim"] not in held_set]
    started = time.perf_counter()
    model = train_pair_model(pairs, seed=0, source="tune_adapter held-out base (train splits minus held-out claims)")
    print(f"base model: {len(pairs)} pairs, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    cache.mkdir(parents=True, exist_ok=True)
    save_pair_model(model, path)
    return load_pair_model(path)


class RememberingBase:
    """A pair model that remembers its probabilities per (claim, text), so each variant does not recompute them.

    ``bench_learning_curve.run_topic`` asks the base model for every text of a topic
    once per variant; the answers do not depend on the variant.
    """

    def __init__(self, model: PairModel) -> None:
        self.model = model
        self.labels = model.labels
        self.features = model.features
        self._seen: dict[tuple[str, str], np.ndarray] = {}

    def predict_proba(self, claims: Sequence[str], texts: Sequence[str]) -> np.ndarray:
        new = [(c, t) for c, t in dict.fromkeys(zip(claims, texts, strict=True)) if (c, t) not in self._seen]
        if new:
            probs = self.model.predict_proba([c for c, _ in new], [t for _, t in new])
            self._seen.update(zip(new, probs, strict=True))
        if not len(claims):
            return self.model.predict_proba([], [])
        return np.vstack([self._seen[(c, t)] for c, t in zip(claims, texts, strict=True)])


class RememberingEmbedder:
    """An embedder that remembers each text's vector (same reason as :class:`RememberingBase`)."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder, self.name, self.dim = embedder, embedder.name, embedder.dim
        self._seen: dict[str, np.ndarray] = {}

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        new = [t for t in dict.fromkeys(texts) if t not in self._seen]
        if new:
            self._seen.update(zip(new, np.asarray(self.embedder.embed(new)), strict=True))
        if not len(texts):
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.vstack([self._seen[t] for t in texts])


@contextmanager
def hooks(grow: float | None = None, words: str | None = None) -> Iterator[None]:
    """Change, for the variants that ask, the prior variances by the number of corrections, or the issue words."""
    fit_orig, words_orig, grams_orig = adapt.fit_offset_logistic, adapt.IssueWords, issuewords._grams
    if grow is not None:
        def fit_growing(offset, blocks, y, variances, *args, **kwargs):  # type: ignore[no-untyped-def]
            factor = (len(y) / 25.0) ** grow
            return fit_orig(offset, blocks, y, [v * factor for v in variances], *args, **kwargs)
        adapt.fit_offset_logistic = fit_growing
    if words == "1":
        issuewords._grams = issuewords._words
    elif words == "df2":
        class WordsDf2(issuewords.IssueWords):
            @classmethod
            def fit(cls, texts, min_df=None):  # type: ignore[no-untyped-def]
                return issuewords.IssueWords.fit(texts, min_df=2 if min_df is None else min_df)
        adapt.IssueWords = WordsDf2
    try:
        yield
    finally:
        adapt.fit_offset_logistic, adapt.IssueWords, issuewords._grams = fit_orig, words_orig, grams_orig


def run_variant(topics: dict[str, dict[str, list[tuple[str, str]]]], base: RememberingBase,
                embedder: RememberingEmbedder, settings: AdaptSettings, hook: dict, seeds: int,
                min_test: int) -> dict[str, list[dict]]:
    """``set name -> run rows`` of :func:`bench_learning_curve.run_topic` for one variant."""
    out: dict[str, list[dict]] = {}
    with hooks(**hook):
        for name, claims in topics.items():
            rows: list[dict] = []
            for claim, pairs in claims.items():
                rows += run_topic(claim, pairs, base, embedder, settings, seeds, min_test)  # type: ignore[arg-type]
            out[name] = rows
    return out


def paired_difference(rows: list[dict], reference: list[dict], k: int) -> tuple[float, float]:
    """Mean over topics of (variant F1 - reference F1) at ``k`` on the same draws, and its standard error."""
    ref = {(r["claim"], r["seed"]): r["f1"] for r in reference if r["k"] == k}
    per_topic: dict[str, list[float]] = defaultdict(list)
    for r in rows:
        if r["k"] == k and (r["claim"], r["seed"]) in ref:
            per_topic[r["claim"]].append(r["f1"] - ref[(r["claim"], r["seed"])])
    means = [statistics.fmean(v) for v in per_topic.values()]
    if not means:
        return float("nan"), float("nan")
    se = statistics.stdev(means) / len(means) ** 0.5 if len(means) > 1 else float("nan")
    return statistics.fmean(means), se


def to_markdown(results: dict) -> str:
    """The search as a markdown report."""
    sets = list(results["sets"])
    lines = ["# Tuning the issue adapter on training topics", "",
             "Learning curves (`benchmarks/bench_learning_curve.py`, corrections drawn at random, "
             f"{results['seeds']} nested draws per topic) on training topics held out of a base model trained "
             "for the purpose (the shipped recipe on Perspectrum train + IBM ArgQ train minus these topics). "
             "`gain@k`: adapted minus zero-shot macro-F1 (points) on the remaining pairs, mean over topics and draws; "
             "`vs defaults@50`: paired difference from the current defaults at 50 corrections (mean over topics, "
             "± standard error over topics). No dev or test split was read.", "",
             f"Current defaults: `{json.dumps(results['defaults'])}`. Base model: {results['base_pairs']} pairs. "
             f"Adapter text vectors: `{results.get('embedder', 'e5-static.v1')}`.", ""]
    for name in sets:
        info = results["sets"][name]
        lines += [f"- {name}: {info['topics']} held-out topics, {info['pairs']} pairs; "
                  f"topics at k = {', '.join(f'{k}: {n}' for k, n in info['topics_at_k'].items())}."]
    lines += [""]
    for name in sets:
        ks = [k for k in KS if k and str(k) in results["sets"][name]["topics_at_k"]]
        lines += [f"## {name}", "", "| variant | zero-shot F1 | " + " | ".join(f"gain@{k}" for k in ks)
                  + " | vs defaults@50 | vs defaults@10 / 25 / 100 |",
                  "| --- | ---: | " + " | ".join("---:" for _ in ks) + " | ---: | ---: |"]
        for variant, data in results["variants"].items():
            entry = data[name]
            gains = {r["k"]: r["gain"] for r in entry["curve"]}
            base_f1 = next(r["base_f1"] for r in entry["curve"] if r["k"] == 0)
            d50, se50 = entry["vs_defaults"]["50"]
            others = " / ".join(f"{entry['vs_defaults'][str(k)][0]:+.1f}" if str(k) in entry["vs_defaults"]
                                else "-" for k in (10, 25, 100))
            cells = " | ".join(f"{gains.get(k, float('nan')):+.1f}" for k in ks)
            lines.append(f"| {variant} | {base_f1:.1f} | {cells} | {d50:+.1f} ± {se50:.1f} | {others} |")
        lines += [""]
    lines += ["## Variants", ""]
    for variant, (changes, hook) in results["grid"].items():
        lines.append(f"- `{variant}`: settings {json.dumps(changes) if changes else 'as the defaults'}"
                     + (f", hooks {json.dumps(hook)}" if hook else ""))
    lines += ["", f"Target of issue 15: a gain of at least +{TARGET_GAIN:.0f} points at 50 corrections.", "",
              f"Machine: {results['machine']}; this run {results['seconds']:.0f} s (variants already in the cache "
              "are read, not rerun).", ""]
    if results.get("note"):
        lines += [results["note"], ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="folder with ibm_argq_train.jsonl and "
                        "perspectrum_train.jsonl")
    parser.add_argument("--out", type=Path, required=True, help="markdown report; the JSON goes beside it")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/stancemap_tune_adapter"),
                        help="where the held-out base model and each variant's runs are kept")
    parser.add_argument("--argq-topics", type=int, default=10)
    parser.add_argument("--persp-min", type=int, default=60)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--min-test", type=int, default=10)
    parser.add_argument("--only", nargs="*", default=None, help="run only these variants of GRID (and the defaults)")
    parser.add_argument("--note", default="", help="a paragraph added to the report")
    parser.add_argument("--embedder", default=None, help="the adapter's text vectors (default: the coder's embedder)")
    args = parser.parse_args(argv)
    files = {"IBM ArgQ train (held out)": args.data / "ibm_argq_train.jsonl",
             "Perspectrum train (held out)": args.data / "perspectrum_train.jsonl"}
    missing = [str(p) for p in files.values() if not p.exists()]
    if missing:
        parser.error(f"no {', '.join(missing)}; pass --data with the stance data folder (/work/shared/data/stance)")
    argq, persp = (read_rows(p) for p in files.values())
    held = held_out_claims(argq, persp, args.argq_topics, args.persp_min)
    base = RememberingBase(base_model(persp + argq, held, args.cache))
    embedder = RememberingEmbedder(get_embedder(args.embedder) if args.embedder else get_embedder())
    topics: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for name, rows in zip(files, (argq, persp), strict=True):
        claims: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for r in rows:
            if r["claim"] in held:
                claims[r["claim"]].append((r["text"], r["label"]))
        topics[name] = dict(sorted(claims.items()))
    defaults = AdaptSettings()
    fingerprint = hashlib.sha256(json.dumps([asdict(defaults), sorted(held), args.seeds, args.min_test,
                                             embedder.name]).encode())
    runs_dir = args.cache / f"runs-{fingerprint.hexdigest()[:12]}"
    runs_dir.mkdir(parents=True, exist_ok=True)
    chosen = {n: v for n, v in GRID.items() if args.only is None or n in args.only or n == "defaults"}
    started = time.perf_counter()
    runs: dict[str, dict[str, list[dict]]] = {}
    for variant, (changes, hook) in chosen.items():
        path = runs_dir / (hashlib.sha256(json.dumps([changes, hook], sort_keys=True).encode()).hexdigest()[:12]
                           + ".json")
        if path.exists():
            runs[variant] = json.loads(path.read_text(encoding="utf-8"))
            continue
        t0 = time.perf_counter()
        runs[variant] = run_variant(topics, base, embedder, replace(defaults, **changes), hook, args.seeds,
                                    args.min_test)
        path.write_text(json.dumps(runs[variant]), encoding="utf-8")
        at50 = {n: next((r["gain"] for r in summarise(rows) if r["k"] == 50), None)
                for n, rows in runs[variant].items()}
        print(f"{variant}: {time.perf_counter() - t0:.0f} s, gain@50 {at50}", file=sys.stderr, flush=True)
    results: dict = {"defaults": asdict(defaults), "held_out": held, "seeds": args.seeds, "min_test": args.min_test,
                     "base_pairs": base.model.meta.get("pairs"), "embedder": embedder.name,
                     "grid": {n: list(v) for n, v in chosen.items()},
                     "sets": {}, "variants": {}, "note": args.note,
                     "machine": f"{platform.machine()}, Python {platform.python_version()}, "
                                f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}"}
    for name, claims in topics.items():
        curve = summarise(runs["defaults"][name])
        results["sets"][name] = {"topics": len(claims), "pairs": sum(len(p) for p in claims.values()),
                                 "topics_at_k": {str(r["k"]): r["topics"] for r in curve}}
    for variant, data in runs.items():
        results["variants"][variant] = {
            name: {"curve": summarise(rows),
                   "vs_defaults": {str(k): [round(x, 2) for x in paired_difference(rows, runs["defaults"][name], k)]
                                   for k in KS if k and any(r["k"] == k for r in rows)}}
            for name, rows in data.items()}
    results["seconds"] = round(time.perf_counter() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(to_markdown(results), encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(to_markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
