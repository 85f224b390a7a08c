"""What hand-coding an issue's news sentences buys: stance macro-F1 after k labelled sentences.

The question a researcher asks before coding: "zero-shot stance on my news corpus is weak; how many
sentences must I code by hand before a trained model is worth it?". For each issue of the gold files
with at least ``--min-sentences`` sentences, the sentences are split into ``--folds`` folds *by
article* (no article gives sentences to both sides), and for each fold and each ``k`` a random draw
of ``k`` sentences of the other folds trains:

* ``issue-adapt.v1``: what ``stancemap stance train`` makes of one issue's sentences (``auto``), and
  what a person's corrections make of the issue in review (:class:`stancemap.stance.adapt.IssueAdapter`,
  the shipped zero-shot model as its prior);
* references: scikit-learn TF-IDF (1-2 grams) + logistic regression, and multilingual-e5-small
  embeddings + logistic regression (both ``class_weight="balanced"``).

``k = 0`` is the zero-shot default coder (``stancemap stance predict`` without ``--model``). The score
is three-way macro-F1 (support / oppose / neutral) on the held-out fold, the mean over folds and draws.

Run::

    python benchmarks/bench_news_learning_curve.py \\
        --gold benchmarks/data/polnear_train_sentence_stance.jsonl \\
               benchmarks/data/polnear_train2_sentence_stance.jsonl \\
        --texts ../shared/data/polnear/train/text --codebook benchmarks/data/polnear_codebook.yaml \\
        --out benchmarks/results/bench_news_learning_curve.md
"""

from __future__ import annotations

import argparse
import json
import platform
import time
import warnings
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from eval_news_sentences import read_sentences
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from stancemap.stance import load_codebook
from stancemap.stance.adapt import LEARNING_EMBEDDER
from stancemap.stance.embeddings import get_embedder
from stancemap.stance.learners import predict_default, predict_labels, train_model

LABELS = ("support", "oppose", "neutral")
LEARNERS = ("issue-adapt.v1", "TF-IDF + LR", "e5 + LR")
#: the ``k`` of a training fold taken whole
ALL = 10**9


def macro(gold: list[str], found: list[str]) -> float:
    return float(f1_score(gold, found, average="macro", labels=list(LABELS), zero_division=0))


def read_docs(gold: Path) -> list[str]:
    return [json.loads(line)["doc"] for line in gold.read_text(encoding="utf-8").splitlines()]


def references(train: list[tuple[str, str]], test: list[str], vectors: dict[str, np.ndarray]) -> dict[str, list[str]]:
    """The two scikit-learn references' labels of ``test`` after fitting on ``train`` ((text, label))."""
    texts, labels = [t for t, _ in train], [y for _, y in train]
    tfidf = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    lr = LogisticRegression(C=10.0, max_iter=3000, class_weight="balanced").fit(tfidf.fit_transform(texts), labels)
    e5 = LogisticRegression(C=10.0, max_iter=3000, class_weight="balanced").fit(
        np.stack([vectors[t] for t in texts]), labels)
    return {"TF-IDF + LR": list(lr.predict(tfidf.transform(test))),
            "e5 + LR": list(e5.predict(np.stack([vectors[t] for t in test])))}


def curve(claim: str, items: list[tuple[str, str, str]], sizes: list[int], folds: int, draws: int,
          vectors: dict[str, np.ndarray], seed: int) -> dict[str, dict[int, list[float]]]:
    """Per learner, per ``k``, the held-out macro-F1 of each (fold, draw); ``items`` are (doc, text, label)."""
    rng = np.random.default_rng(seed)
    zero_shot = predict_default([(claim, text) for _, text, _ in items])
    out: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    groups = [doc for doc, _, _ in items]
    for train_rows, test_rows in GroupKFold(folds).split(items, groups=groups):
        gold = [items[i][2] for i in test_rows]
        test = [items[i][1] for i in test_rows]
        out["zero-shot"][0].append(macro(gold, [zero_shot[i] for i in test_rows]))
        for k in [*(size for size in sizes if size < len(train_rows)), ALL]:
            for _ in range(draws if k != ALL else 1):
                picked = rng.permutation(train_rows)[:k] if k != ALL else train_rows
                train = [(items[i][1], items[i][2]) for i in picked]
                if len({label for _, label in train}) < 2:
                    continue
                model = train_model([(claim, t, y) for t, y in train], learner="issue-adapt.v1")
                out["issue-adapt.v1"][k].append(macro(gold, predict_labels(model, [(claim, t) for t in test])))
                for name, found in references(train, test, vectors).items():
                    out[name][k].append(macro(gold, found))
    return out


def table(claim: str, items: list[tuple[str, str, str]], folds: int,
          result: dict[str, dict[int, list[float]]]) -> list[str]:
    n, counts = len(items), Counter(label for _, _, label in items)
    zero = 100 * float(np.mean(result["zero-shot"][0]))
    lines = [f"### {claim}", "", f"{n} sentences ({', '.join(f'{lab} {counts[lab]}' for lab in LABELS)}); "
             f"zero-shot (k = 0): **{zero:.1f}**.", "",
             "| k | " + " | ".join(LEARNERS) + " | issue-adapt.v1 gain over zero-shot |",
             "| ---: | " + " | ".join("---:" for _ in LEARNERS) + " | ---: |"]
    for k in sorted(result["issue-adapt.v1"]):
        cells = [f"{100 * np.mean(result[name][k]):.1f} ± {100 * np.std(result[name][k]):.1f}" for name in LEARNERS]
        gain = 100 * float(np.mean(result["issue-adapt.v1"][k])) - zero
        size = f"all ({len(items) * (1 - 1 / folds):.0f})" if k == ALL else str(k)
        lines.append(f"| {size} | " + " | ".join(cells) + f" | {gain:+.1f} |")
    return [*lines, ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, nargs="+", required=True)
    parser.add_argument("--texts", type=Path, required=True)
    parser.add_argument("--codebook", type=Path, required=True)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 25, 50, 100, 200, 400])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--draws", type=int, default=2, help="random draws of k sentences per fold")
    parser.add_argument("--min-sentences", type=int, default=150)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    warnings.filterwarnings("ignore", category=UndefinedMetricWarning)
    started = time.perf_counter()
    claims = {issue.id: issue.claim for issue in load_codebook(args.codebook).issues}
    by_claim: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for gold in args.gold:
        for doc, (claim, text, label, _) in zip(read_docs(gold), read_sentences(gold, args.texts, claims),
                                                strict=True):
            by_claim[claim].append((doc, text, label))
    kept = {claim: items for claim, items in by_claim.items() if len(items) >= args.min_sentences}
    embedder = get_embedder(LEARNING_EMBEDDER)
    texts = sorted({text for items in kept.values() for _, text, _ in items})
    vectors = dict(zip(texts, np.asarray(embedder.embed(texts)), strict=True))
    lines = ["# What hand-coding an issue's news sentences buys", "",
             "Reproduce: `python benchmarks/bench_news_learning_curve.py --gold "
             + " ".join(str(g) for g in args.gold) + f" --texts {args.texts} --codebook {args.codebook}`.", "",
             f"Issues with at least {args.min_sentences} labelled sentences; {args.folds} folds by article, "
             f"{args.draws} random draws of k training sentences per fold, and the whole training fold once ('all'); "
             "three-way macro-F1 (points) on the held-out fold, mean ± sd over folds and draws. See the "
             "script's docstring.", ""]
    summary = {}
    for i, (claim, items) in enumerate(kept.items()):
        result = curve(claim, items, args.sizes, args.folds, args.draws, vectors, args.seed + i)
        lines += table(claim, items, args.folds, result)
        summary[claim] = {name: {("all" if k == ALL else str(k)): round(100 * float(np.mean(v)), 1)
                                 for k, v in ks.items()} for name, ks in result.items()}
        print("\n".join(lines[-(len(result["issue-adapt.v1"]) + 6):]), flush=True)
    lines.append(f"Machine: {platform.machine()}, Python {platform.python_version()}; "
                 f"{time.perf_counter() - started:.0f} s.")
    if args.out:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
        args.out.with_suffix(".json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
