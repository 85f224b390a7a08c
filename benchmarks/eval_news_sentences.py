"""Stance of whole news sentences on one claim each (three labels), zero-shot and trained.

The shape of a held-out check of issue 15 ("news sentences on one issue, 3 classes"): each
sentence of a news article that names an issue's topic, labelled by reading the article
with the stance the sentence conveys (its own or the one it reports) toward the issue's claim
(``benchmarks/data/README_stance_gold.md``, "Sentence stance"). No attribution, no relevance
gate: every sentence is scored, as a pair file is.

* zero-shot: what ``stancemap stance predict --pairs F`` gives without ``--model``
  (:func:`stancemap.stance.learners.predict_default`);
* trained: ``stancemap stance train`` (the ``auto`` learner, and ``embed-lr.v1``) on the train
  sentences, scored on the dev sentences of the issues it was trained on;
* reference: scikit-learn TF-IDF + logistic regression on the same split.

The gold files hold offsets and a 60-character excerpt, not the text (PolNeAR has no licence):
the sentences are read from ``--train-texts`` / ``--dev-texts``, and every excerpt is checked.

Run::

    python benchmarks/eval_news_sentences.py \
        --train benchmarks/data/polnear_train_sentence_stance.jsonl \
                benchmarks/data/polnear_train2_sentence_stance.jsonl \
        --train-texts ../shared/data/polnear/train/text \
        --dev benchmarks/data/polnear_dev_sentence_stance.jsonl --dev-texts ../shared/data/polnear/dev/text \
        --codebook benchmarks/data/polnear_codebook.yaml --out benchmarks/results/eval_news_sentences.json
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

from stancemap.stance import load_codebook
from stancemap.stance.learners import predict_default, predict_default_scored, predict_labels, train_model
from stancemap.stance.pairmodel import calibration_error, calibration_floor


def read_sentences(gold: Path, texts: Path, claims: dict[str, str]) -> list[tuple[str, str, str, bool]]:
    """``(claim, sentence, stance, sure)`` per gold line; stops with the file and line where a text is
    missing or the offsets no longer hold the excerpt."""
    rows = []
    for n, line in enumerate(gold.read_text(encoding="utf-8").splitlines(), 1):
        item = json.loads(line)
        path = texts / f"{item['doc']}.txt"
        if not path.is_file():
            sys.exit(f"{gold}:{n}: no text {path}")
        sentence = path.read_text(encoding="utf-8")[item["start"]:item["end"]]
        if not sentence.startswith(item["excerpt"]):
            sys.exit(f"{gold}:{n}: the text at {item['start']}-{item['end']} of {path} is not the excerpt "
                     f"{item['excerpt']!r}")
        if item["issue"] not in claims:
            sys.exit(f"{gold}:{n}: issue {item['issue']!r} is not in the codebook")
        rows.append((claims[item["issue"]], sentence, item["stance"], bool(item.get("sure"))))
    return rows


def macro(gold: list[str], found: list[str]) -> float:
    return round(float(f1_score(gold, found, average="macro", labels=["support", "oppose", "neutral"])), 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train", type=Path, nargs="+", required=True,
                        help="one or more gold files of train sentences")
    parser.add_argument("--train-texts", type=Path, required=True)
    parser.add_argument("--dev", type=Path, required=True)
    parser.add_argument("--dev-texts", type=Path, required=True)
    parser.add_argument("--codebook", type=Path, required=True)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    claims = {issue.id: issue.claim for issue in load_codebook(args.codebook).issues}
    train = [row for gold in args.train for row in read_sentences(gold, args.train_texts, claims)]
    dev = read_sentences(args.dev, args.dev_texts, claims)
    result: dict[str, object] = {"train": len(train), "dev": len(dev),
                                 "dev labels": dict(Counter(r[2] for r in dev))}
    for name, rows in (("train", train), ("dev", dev)):
        scored = predict_default_scored([(c, t) for c, t, _, _ in rows])
        found = [label for label, _ in scored]
        result[f"zero-shot {name}"] = macro([r[2] for r in rows], found)
        right = [label == r[2] for label, r in zip(found, rows, strict=True)]
        result[f"zero-shot {name}, calibration error of the confidences (floor)"] = [
            round(calibration_error(np.array([c for _, c in scored]), np.array(right)), 3),
            round(calibration_floor(np.array([c for _, c in scored])), 3)]
        sure = [i for i, r in enumerate(rows) if r[3]]
        result[f"zero-shot {name}, sure labels only ({len(sure)})"] = macro(
            [rows[i][2] for i in sure], [found[i] for i in sure])
    trained_on = {c for c, _, _, _ in train}
    seen = [r for r in dev if r[0] in trained_on]  # a trained model is scored on the issues it was trained on
    zero_shot = predict_default([(c, t) for c, t, _, _ in seen])
    gold = [r[2] for r in seen]
    result[f"dev sentences of the trained issues ({len(seen)}): zero-shot"] = macro(gold, zero_shot)
    for learner in ("auto", "embed-lr.v1"):
        model = train_model([(c, t, s) for c, t, s, _ in train], learner=learner)
        result[f"trained {learner}, dev"] = macro(gold, predict_labels(model, [(c, t) for c, t, _, _ in seen]))
    vectoriser = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    x = vectoriser.fit_transform([f"{c} || {t}" for c, t, _, _ in train])
    reference = LogisticRegression(max_iter=2000, class_weight="balanced").fit(x, [r[2] for r in train])
    result["reference TF-IDF + LR, dev"] = macro(
        gold, list(reference.predict(vectoriser.transform([f"{c} || {t}" for c, t, _, _ in seen]))))
    print(json.dumps(result, indent=1))
    if args.out:
        args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
