"""Benchmark: how fast an issue's stance model learns from a person's corrections.

Run with::

    python benchmarks/bench_learning_curve.py --data /work/shared/data/stance \\
        --out benchmarks/results/bench_learning_curve.md

For every topic of IBM ArgQ dev (``ibm_argq_dev.jsonl``, 7 topics the shipped
model never saw) and every claim of Perspectrum dev (``perspectrum_dev.jsonl``)
with at least ``--min-pairs`` pairs (default 30): draw ``k`` corrections at
random (``k`` = 0, 10, 25, 50, 100; ``--seeds`` draws, default 5; a seed's draws
are nested, its 10 within its 25), adapt the shipped zero-shot model to them
(:class:`stancemap.stance.adapt.IssueAdapter`, on the text vectors and prior the product
learns people's corrections with: ``LEARNING_EMBEDDER`` and ``LEARNING_SETTINGS``) and score macro-F1 over
``support`` / ``oppose`` on the topic's remaining pairs. The zero-shot model is
scored on the same remaining pairs, so the gain is paired. With ``--selection
queue`` (or ``both``, the default) the corrections are instead taken in the order
the review queue shows them (:func:`stancemap.stance.teach.teaching_order`: least
certain under the model adapted so far, and unlike those already shown), refitting
at each ``k``, which is what a person reviewing from the queue teaches. A ``k`` is skipped
for a topic with fewer than ``k + --min-test`` pairs (default 10), so the
larger ``k`` rows of Perspectrum cover fewer claims (the table says how many).

The table gives, per data set and ``k``, the mean over topics and seeds of the
adapted and the zero-shot F1 and of their difference; the headline is the gain
at 50 corrections (target: at least +8 points). Results are written as markdown
and JSON (same name, ``.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score

from stancemap.stance.adapt import LEARNING_EMBEDDER, LEARNING_SETTINGS, AdaptFeatures, AdaptSettings, IssueAdapter
from stancemap.stance.embeddings import DEFAULT_EMBEDDER, Embedder, get_embedder
from stancemap.stance.pairmodel import PairModel, load_pair_model
from stancemap.stance.teach import teaching_order

KS = (0, 10, 25, 50, 100)
TARGET_GAIN = 8.0
DATASETS = {"IBM ArgQ dev": "ibm_argq_dev.jsonl", "Perspectrum dev": "perspectrum_dev.jsonl"}


def read_topics(path: Path, min_pairs: int) -> dict[str, list[tuple[str, str]]]:
    """``claim -> [(text, label), ...]`` for the claims with at least ``min_pairs`` support/oppose pairs."""
    topics: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["label"] in ("support", "oppose"):
                topics[row["claim"]].append((row["text"], row["label"]))
    return {claim: pairs for claim, pairs in sorted(topics.items()) if len(pairs) >= min_pairs}


def macro_f1(labels: tuple[str, ...], probs: np.ndarray, gold: list[str]) -> float:
    """Macro-F1 (in points) over support and oppose, the prediction being the likelier of the two."""
    s, o = labels.index("support"), labels.index("oppose")
    predicted = np.where(probs[:, s] >= probs[:, o], "support", "oppose")
    return 100.0 * float(f1_score(gold, predicted, labels=["support", "oppose"], average="macro", zero_division=0))


def run_topic(claim: str, pairs: list[tuple[str, str]], base: PairModel, embedder: Embedder,
              settings: AdaptSettings, seeds: int, min_test: int) -> list[dict]:
    """Scores of every seed and ``k`` on one topic."""
    features = AdaptFeatures(claim, base, embedder, pair_features=settings.C_pair > 0)
    texts = [t for t, _ in pairs]
    features.add(texts)
    base_probs = base.predict_proba([claim] * len(texts), texts)
    gold = [lab for _, lab in pairs]
    out = []
    for seed in range(seeds):
        order = np.random.default_rng(seed).permutation(len(pairs))
        for k in KS:
            if len(pairs) < k + min_test:
                continue
            train, test = order[:k], order[k:]
            start = time.perf_counter()
            adapter = IssueAdapter.fit(claim, [pairs[i] for i in train], base, embedder, settings, features)
            probs = adapter.predict_proba([texts[i] for i in test])
            seconds = time.perf_counter() - start
            test_gold = [gold[i] for i in test]
            out.append({"claim": claim, "seed": seed, "k": k, "test": len(test),
                        "f1": macro_f1(adapter.labels, probs, test_gold),
                        "base_f1": macro_f1(tuple(base.labels), base_probs[test], test_gold),
                        "seconds": round(seconds, 4)})
    return out


def run_topic_queue(claim: str, pairs: list[tuple[str, str]], base: PairModel, embedder: Embedder,
                    settings: AdaptSettings, min_test: int) -> list[dict]:
    """Scores at every ``k`` when the corrections are taken in the review queue's order.

    As a person reviewing from the queue would: the statements not yet corrected are
    ordered by :func:`stancemap.stance.teach.teaching_order` (least certain under the
    model adapted so far, and unlike the ones already shown), the next ``k_next - k``
    are corrected, the model is adapted to all corrections so far, and so on.
    """
    features = AdaptFeatures(claim, base, embedder, pair_features=settings.C_pair > 0)
    texts = [t for t, _ in pairs]
    features.add(texts)
    vectors = features.transform(texts)[1]
    base_probs = base.predict_proba([claim] * len(texts), texts)
    gold = [lab for _, lab in pairs]
    chosen: list[int] = []
    adapter = IssueAdapter.fit(claim, [], base, embedder, settings, features)
    out = []
    for k in KS:
        if len(pairs) < k + min_test:
            break
        start = time.perf_counter()
        if k > len(chosen):
            taken = set(chosen)
            pool = [i for i in range(len(pairs)) if i not in taken]
            confidence = adapter.predict_proba([texts[i] for i in pool]).max(axis=1)
            order = teaching_order(confidence.tolist(), vectors[pool])
            chosen += [pool[j] for j in order[:k - len(chosen)]]
            adapter = IssueAdapter.fit(claim, [pairs[i] for i in chosen], base, embedder, settings, features)
        taken = set(chosen)
        test = [i for i in range(len(pairs)) if i not in taken]
        probs = adapter.predict_proba([texts[i] for i in test])
        seconds = time.perf_counter() - start
        test_gold = [gold[i] for i in test]
        out.append({"claim": claim, "seed": 0, "k": k, "test": len(test),
                    "f1": macro_f1(adapter.labels, probs, test_gold),
                    "base_f1": macro_f1(tuple(base.labels), base_probs[test], test_gold),
                    "seconds": round(seconds, 4)})
    return out


def summarise(rows: list[dict]) -> list[dict]:
    """Per ``k``: topics, mean adapted F1, mean zero-shot F1 on the same pairs, mean and sd of the gain."""
    out = []
    for k in KS:
        at = [r for r in rows if r["k"] == k]
        if not at:
            continue
        gains = [r["f1"] - r["base_f1"] for r in at]
        out.append({"k": k, "topics": len({r["claim"] for r in at}), "runs": len(at),
                     "f1": round(statistics.fmean(r["f1"] for r in at), 2),
                     "base_f1": round(statistics.fmean(r["base_f1"] for r in at), 2),
                     "gain": round(statistics.fmean(gains), 2),
                     "gain_sd": round(statistics.pstdev(gains), 2),
                     "fit_seconds": round(statistics.fmean(r["seconds"] for r in at), 3)})
    return out


def _curve(rows: list[dict], prefix: str) -> dict:
    """The summarised curve, the gain at 50 and the runs, under keys starting with ``prefix``."""
    curve = summarise(rows)
    at50 = next((r for r in curve if r["k"] == 50), None)
    return {f"{prefix}curve": curve, f"{prefix}gain_at_50": at50["gain"] if at50 else None, f"{prefix}runs": rows}


def to_markdown(results: dict) -> str:
    """The results as a markdown report."""
    lines = ["# Learning curve: adapting an issue's stance model to a person's corrections", "",
             "Macro-F1 (support / oppose, points) on each topic's pairs that were not taken as corrections, "
             "mean over topics (and random draws). `zero-shot` is the shipped model "
             "on the same remaining pairs; `gain` is adapted minus zero-shot (sd over topics and draws). "
             f"Target: gain of at least +{TARGET_GAIN:.0f} points at 50 corrections.", "",
             f"Base model: `{results['base']}`; embedder: `{results['embedder']}`; "
             f"settings: `{json.dumps(results['settings'])}`.", ""]
    for name, data in results["datasets"].items():
        lines += [f"## {name}", "", f"{data['topics']} topics (claims with at least {results['min_pairs']} pairs), "
                  f"{data['pairs']} pairs.", ""]
        for selection, curve_key, gain_key, title in (
                ("random", "curve", "gain_at_50", f"Corrections drawn at random ({results['seeds']} draws per k)"),
                ("queue", "queue_curve", "queue_gain_at_50",
                 "Corrections taken in the review queue's order (`stance.teach.teaching_order`, refitted at each k)")):
            if curve_key not in data:
                continue
            lines += [f"### {title}", "",
                      "| k | topics | adapted F1 | zero-shot F1 | gain | gain sd | adapt + predict (s)* |",
                      "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
            for r in data[curve_key]:
                lines.append(f"| {r['k']} | {r['topics']} | {r['f1']:.1f} | {r['base_f1']:.1f} | {r['gain']:+.1f} | "
                             f"{r['gain_sd']:.1f} | {r['fit_seconds']:.3f} |")
            g = data.get(gain_key)
            verdict = "n/a" if g is None else \
                f"{g:+.1f} points ({'meets' if g >= TARGET_GAIN else 'misses'} the target)"
            lines += ["", f"Gain at 50 corrections over 0 ({selection}): **{verdict}**.", ""]
    lines += ["\\* mean per draw; for k > 0 the zero-shot probabilities and embeddings of the topic's texts "
              "are computed once beforehand (AdaptFeatures), for k = 0 the base model runs on the remaining pairs.",
              "", f"Machine: {results['machine']}; total {results['seconds']:.0f} s on one thread.", ""]
    if results.get("note"):
        lines += [f"Note: {results['note']}", ""]
    return "\n".join(lines)


def _flag(value: str) -> bool:
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise argparse.ArgumentTypeError(f"{value!r} is not a yes/no value; use true or false")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True,
                        help="folder with ibm_argq_dev.jsonl and perspectrum_dev.jsonl")
    parser.add_argument("--out", type=Path, required=True, help="markdown report; the JSON goes beside it")
    parser.add_argument("--model", default=None, help="pair model file (default: the packaged embed-lr.v1)")
    parser.add_argument("--embedder", default=LEARNING_EMBEDDER,
                        help=f"the stance fit's text vectors (default {LEARNING_EMBEDDER}, what the product learns "
                             f"people's corrections on; the static table {DEFAULT_EMBEDDER} goes with --C-embed 10)")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--min-pairs", type=int, default=30)
    parser.add_argument("--min-test", type=int, default=10)
    parser.add_argument("--selection", choices=("random", "queue", "both"), default="both",
                        help="how corrections are chosen: drawn at random, in the review queue's order, or both")
    parser.add_argument("--note", default="", help="a sentence added to the report (e.g. which base model)")
    defaults = LEARNING_SETTINGS
    for name, value in asdict(defaults).items():
        kind = _flag if isinstance(value, bool) else float
        parser.add_argument(f"--{name.replace('_', '-')}", type=kind, default=value,
                            help=f"AdaptSettings.{name} (default {value})")
    args = parser.parse_args(argv)
    missing = [f for f in DATASETS.values() if not (args.data / f).exists()]
    if missing:
        print(f"{args.data}: no {', '.join(missing)}; pass --data with the folder of the stance data "
              "(e.g. /work/shared/data/stance)", file=sys.stderr)
        return 2
    settings = AdaptSettings(**{name: getattr(args, name) for name in asdict(defaults)})
    base = load_pair_model(args.model)
    embedder = get_embedder(args.embedder)
    started = time.perf_counter()
    results: dict = {"base": args.model or "packaged embed-lr.v1", "embedder": embedder.name,
                     "selection": args.selection,
                     "settings": asdict(settings), "seeds": args.seeds, "min_pairs": args.min_pairs,
                     "min_test": args.min_test, "ks": list(KS), "datasets": {}, "note": args.note,
                     "machine": f"{platform.machine()}, Python {platform.python_version()}, "
                                f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}"}
    for name, file in DATASETS.items():
        topics = read_topics(args.data / file, args.min_pairs)
        entry: dict = {"topics": len(topics), "pairs": sum(len(p) for p in topics.values())}
        if args.selection in ("random", "both"):
            rows: list[dict] = []
            for claim, pairs in topics.items():
                rows += run_topic(claim, pairs, base, embedder, settings, args.seeds, args.min_test)
                print(f"{name}: {claim[:60]!r} done ({len(pairs)} pairs)", file=sys.stderr)
            entry.update(_curve(rows, ""))
        if args.selection in ("queue", "both"):
            rows = []
            for claim, pairs in topics.items():
                rows += run_topic_queue(claim, pairs, base, embedder, settings, args.min_test)
                print(f"{name}: {claim[:60]!r} done in queue order", file=sys.stderr)
            entry.update(_curve(rows, "queue_"))
        results["datasets"][name] = entry
    results["seconds"] = round(time.perf_counter() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(to_markdown(results), encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(to_markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
