"""Benchmark: what a person's corrections teach the default coder about news statements.

Run with::

    python benchmarks/bench_news_corrections.py \\
        --gold benchmarks/data/polnear_train_stance_gold.jsonl benchmarks/data/polnear_train2_stance_gold.jsonl \\
        --texts ../shared/data/polnear/train/text --codebook benchmarks/data/polnear_codebook.yaml \\
        --out benchmarks/results/bench_news_corrections.md

The statements of a stance gold (JSON Lines, as ``stancemap eval coding`` reads them) coded on an
issue are that issue's labelled news texts. For every issue with at least ``--min-pairs`` of them
(default 30): shuffle them (``--seeds`` draws, default 5), keep the last ``--test`` (default 10) aside,
and give the first ``k`` (``k`` = 0, 5, 10, 20) to the default coder as a person's corrections,
exactly as ``stancemap stance learn`` does (:class:`stancemap.stance.semantic.SemanticCoder` with the
issue's corrections; the codebook's examples stay). The coder then decides the stance of the set-aside
texts as a run does (the cue rules where no person corrected the issue, else the adapted model), each
content read in its sentence. Scored: 3-way macro-F1 and accuracy on the set-aside texts, mean over
issues and draws. Relevance is not scored (gold relevance is given).

``--embedder`` and ``--C-embed`` replace what the corrections are learnt on (default: the product's,
``LEARNING_EMBEDDER`` with ``LEARNING_SETTINGS``), to compare with the static table
(``--embedder e5-static.v1 --C-embed 10``, how corrections were learnt before).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score

from stancemap.context import sentence_around
from stancemap.eval.coding import read_gold
from stancemap.models import Issue
from stancemap.stance.adapt import LEARNING_EMBEDDER, LEARNING_SETTINGS
from stancemap.stance.codebook import load_codebook
from stancemap.stance.embeddings import get_embedder
from stancemap.stance.semantic import SemanticCoder
from stancemap.stance.statementtext import frame

KS = (0, 5, 10, 20)


def read_pairs(golds: list[Path], texts: Path) -> dict[str, list[tuple[str, str, str]]]:
    """Per issue, the gold statements coded on it: ``(content, sentence, stance)``."""
    out: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    documents: dict[str, str] = {}
    for gold in golds:
        for row in read_gold(gold):
            text = documents.setdefault(row.doc, (texts / f"{row.doc}.txt").read_text(encoding="utf-8"))
            sentence = sentence_around(text, row.start, row.end)
            for issue, stance in row.codings:
                out[issue].append((text[row.start:row.end], sentence, stance))
    return out


def score(coder: SemanticCoder, issue: Issue, test: list[tuple[str, str, str]]) -> tuple[float, float]:
    """Macro-F1 and accuracy of the coder's stances on ``test``."""
    decided = coder.decisions([issue] * len(test), [c for c, _, _ in test],
                              [(c, frame(c, s)[0]) for c, s, _ in test])
    gold, found = [g for _, _, g in test], [d[0] for d in decided]
    right = [a == b for a, b in zip(gold, found, strict=True)]
    return float(f1_score(gold, found, average="macro")), float(np.mean(right))


def run(pairs: dict[str, list[tuple[str, str, str]]], issues: dict[str, Issue], coder: SemanticCoder,
        seeds: int, n_test: int, min_pairs: int) -> dict[str, dict[int, list[tuple[float, float]]]]:
    results: dict[str, dict[int, list[tuple[float, float]]]] = {}
    for issue_id, rows in sorted(pairs.items()):
        if len(rows) < min_pairs or issue_id not in issues:
            continue
        issue = issues[issue_id]
        results[issue_id] = defaultdict(list)
        for seed in range(seeds):
            shuffled = rows[:]
            random.Random(seed).shuffle(shuffled)
            test, pool = shuffled[-n_test:], shuffled[:-n_test]
            for k in KS:
                if k > len(pool):
                    continue
                coder.corrections = {issue_id: {"claim": issue.claim,
                                                "corrections": [[c, g] for c, _, g in pool[:k]]}} if k else {}
                results[issue_id][k].append(score(coder, issue, test))
    return results


def to_markdown(results: dict, meta: dict) -> str:
    lines = ["# What a person's corrections teach the default coder about news statements", "",
             "`benchmarks/bench_news_corrections.py` (see its docstring). Gold statements coded on an issue, "
             f"{meta['seeds']} shuffles per issue, {meta['test']} set aside each time; `k` of the others given as "
             "corrections. 3-way macro-F1 (support / oppose / neutral) and accuracy on the set-aside statements, "
             "mean over draws; k = 0 is the coder with the codebook's examples only.", "",
             f"Gold: {', '.join(meta['gold'])}. Corrections learnt on `{meta['embedder']}` with C_embed "
             f"{meta['C_embed']}.", "",
             "| issue | pairs | " + " | ".join(f"F1 k={k}" for k in KS) + " | " + " | ".join(f"acc k={k}" for k in KS)
             + " |", "| --- | ---: |" + " ---: |" * (2 * len(KS))]
    for issue_id, by_k in results["issues"].items():
        f1s = [f"{100 * by_k[str(k)]['f1']:.1f}" if str(k) in by_k else "-" for k in KS]
        accs = [f"{100 * by_k[str(k)]['accuracy']:.1f}" if str(k) in by_k else "-" for k in KS]
        lines.append(f"| {issue_id} | {results['pairs'][issue_id]} | " + " | ".join(f1s + accs) + " |")
    mean = results["mean"]
    cells = [f"**{100 * mean[str(k)][m]:.1f}**" if str(k) in mean else "-" for m in ("f1", "accuracy") for k in KS]
    lines.append("| **mean over issues** | | " + " | ".join(cells) + " |")
    lines += ["", "A `k` is left out for an issue with fewer than `k` statements beside the set-aside ones."]
    lines += ["", f"Machine: {meta['machine']}; {meta['seconds']:.0f} s.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, nargs="+", required=True, help="stance gold JSON Lines file(s)")
    parser.add_argument("--texts", type=Path, required=True, help="folder of the gold's <doc>.txt files")
    parser.add_argument("--codebook", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True, help="markdown report; the JSON goes beside it")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--test", type=int, default=10)
    parser.add_argument("--min-pairs", type=int, default=30)
    parser.add_argument("--embedder", default=LEARNING_EMBEDDER)
    parser.add_argument("--C-embed", type=float, default=LEARNING_SETTINGS.C_embed)
    args = parser.parse_args(argv)
    missing = [str(p) for p in [*args.gold, args.texts, args.codebook] if not p.exists()]
    if missing:
        print(f"not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    issues = {issue.id: issue for issue in load_codebook(args.codebook).issues}
    coder = SemanticCoder()
    coder.learning_embedder = get_embedder(args.embedder)
    coder.learning_settings = replace(LEARNING_SETTINGS, C_embed=args.C_embed)
    pairs = read_pairs(args.gold, args.texts)
    raw = run(pairs, issues, coder, args.seeds, args.test, args.min_pairs)
    results: dict = {"issues": {}, "pairs": {i: len(pairs[i]) for i in raw}, "mean": {}}
    for issue_id, by_k in raw.items():
        results["issues"][issue_id] = {str(k): {"f1": statistics.mean(f for f, _ in v),
                                                "accuracy": statistics.mean(a for _, a in v)} for k, v in by_k.items()}
    for k in KS:
        rows = [v[str(k)] for v in results["issues"].values() if str(k) in v]
        if rows:
            results["mean"][str(k)] = {m: statistics.mean(r[m] for r in rows) for m in ("f1", "accuracy")}
    meta = {"gold": [p.name for p in args.gold], "seeds": args.seeds, "test": args.test, "embedder": args.embedder,
            "C_embed": args.C_embed, "seconds": time.perf_counter() - started,
            "machine": f"{platform.machine()}, Python {platform.python_version()}"}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(to_markdown(results, meta), encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps({**results, "meta": meta}, indent=1), encoding="utf-8")
    print(args.out.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
