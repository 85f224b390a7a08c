"""Benchmark: training on one issue's hand-coded texts (``stancemap stance train`` on one claim).

Run with::

    python benchmarks/bench_issue_model.py --data ../shared/data/stance --out benchmarks/results/bench_issue_model.md

A researcher who codes a few hundred texts on their own issue and trains wants a model of
that issue. To measure it on issues the shipped model never saw, a base pair model is
trained here exactly like the shipped one (Perspectrum train + IBM ArgQ train) but
without ``--topics`` IBM ArgQ *train* topics (default 7, every seventh of the largest);
each left-out topic is then split 70/30 (``--seeds`` shuffles, default 3) and scored by
macro-F1 (support / oppose) on its 30 %:

* ``issue-adapt.v1`` (:mod:`stancemap.stance.issuemodel`) on that base, what
  ``stance train`` picks for one claim, and the same on the static table (how it read texts before);
* ``embed-lr.v1`` trained on the topic's 70 % alone (what ``stance train`` gave before);
* three scikit-learn references on the same split: TF-IDF (1-2-grams, sublinear) + logistic
  regression, and the static table's and e5-small's vectors + logistic regression;
* the base model zero-shot.

No dev or test split is read. Results are written as markdown and JSON (same name, ``.json``).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

from stancemap.stance.adapt import LEARNING_EMBEDDER
from stancemap.stance.embeddings import DEFAULT_EMBEDDER, get_embedder
from stancemap.stance.issuemodel import train_issue_model
from stancemap.stance.learners import predict_labels, train_model
from stancemap.stance.pairmodel_training import train_pair_model


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="folder with perspectrum_train.jsonl, "
                        "ibm_argq_train.jsonl")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--topics", type=int, default=7)
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args(argv)

    argq = _read(args.data / "ibm_argq_train.jsonl")
    persp = _read(args.data / "perspectrum_train.jsonl")
    sizes = Counter(r["claim"] for r in argq)
    held = [c for c, _ in sizes.most_common()][1:1 + 7 * args.topics:7]
    rows = [(r["claim"], r["text"], r["label"]) for r in persp + argq
            if r["claim"] not in held and r["label"] in ("support", "oppose")]
    started = time.perf_counter()
    base = train_pair_model(rows, seed=0)
    base_seconds = time.perf_counter() - started
    embedder = get_embedder()
    learning = get_embedder(LEARNING_EMBEDDER)
    by_topic: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in argq:
        if r["claim"] in held:
            by_topic[r["claim"]].append((r["text"], r["label"]))
    scores: dict[str, list[float]] = defaultdict(list)
    for claim, data in by_topic.items():
        for seed in range(args.seeds):
            data = data[:]
            random.Random(seed).shuffle(data)
            cut = int(len(data) * 0.7)
            train, test = data[:cut], data[cut:]
            texts, gold = [t for t, _ in test], [label for _, label in test]
            pairs = [(claim, t, label) for t, label in train]

            def score(name: str, predicted: list[str], gold: list[str] = gold) -> None:
                scores[name].append(float(f1_score(gold, predicted, average="macro")))

            score("issue-adapt.v1 (stance train, one claim)",
                  predict_labels(train_issue_model(pairs, base=base), [(claim, t) for t in texts]))
            score(f"issue-adapt.v1 on the static table ({DEFAULT_EMBEDDER}, before)",
                  predict_labels(train_issue_model(pairs, base=base, embedder=DEFAULT_EMBEDDER),
                                 [(claim, t) for t in texts]))
            score("embed-lr.v1 trained on the claim's texts",
                  predict_labels(train_model(pairs, "embed-lr.v1"), [(claim, t) for t in texts]))
            vectorizer = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2)
            tfidf = LogisticRegression(max_iter=2000, C=10).fit(vectorizer.fit_transform([t for t, _ in train]),
                                                                 [label for _, label in train])
            score("reference: TF-IDF + logistic regression", list(tfidf.predict(vectorizer.transform(texts))))
            vectors = LogisticRegression(max_iter=2000, C=10).fit(embedder.embed([t for t, _ in train]),
                                                                   [label for _, label in train])
            score("reference: embeddings + logistic regression", list(vectors.predict(embedder.embed(texts))))
            e5_train, e5_test = learning.embed([t for t, _ in train]), learning.embed(texts)
            e5_lr = LogisticRegression(max_iter=2000, C=10).fit(e5_train, [label for _, label in train])
            score(f"reference: {LEARNING_EMBEDDER} embeddings + logistic regression", list(e5_lr.predict(e5_test)))
            score("base model zero-shot", base.predict([claim] * len(texts), texts, neutral_margin=0.0))
    table = {name: {"macro_f1": round(statistics.mean(v), 3), "sd": round(statistics.pstdev(v), 3), "runs": len(v)}
             for name, v in scores.items()}
    result = {"topics": held, "pairs_per_topic": {c: len(v) for c, v in by_topic.items()}, "seeds": args.seeds,
              "base_pairs": len(rows), "base_train_seconds": round(base_seconds, 1), "scores": table,
              "machine": f"CPython {platform.python_version()}"}
    lines = ["# Training on one issue's hand-coded texts", "",
             f"Reproduce: `python benchmarks/bench_issue_model.py --data ../shared/data/stance --out {args.out}`.",
             "", f"Base model: trained like the shipped one on {len(rows)} pairs, without these IBM ArgQ train "
             f"topics: {', '.join(held)}. Each topic split 70/30, {args.seeds} shuffles; macro-F1 on the 30 %.", "",
             "| model | macro-F1 | sd |", "| --- | ---: | ---: |"]
    lines += [f"| {name} | {v['macro_f1']:.3f} | {v['sd']:.3f} |" for name, v in table.items()]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    np.seterr(all="ignore")
    raise SystemExit(main())
