"""Fit the relevance model (``stance/data/relevance.v1.json``) on hand-coded news statements.

Usage::

    python benchmarks/fit_relevance.py --gold benchmarks/data/polnear_train_stance_gold.jsonl \\
        benchmarks/data/polnear_train2_stance_gold.jsonl \\
        --texts ../shared/data/polnear/train/text --codebook benchmarks/data/polnear_codebook.yaml \\
        --out src/stancemap/stance/data/relevance.v1.json

Every (gold statement, codebook issue) pair becomes one row of the features of
:meth:`stancemap.stance.relevance.IssueIndex.features` (content and sentence embedded with
the default embedder, people's names left out, exactly as the coder does), labelled 1 when
the gold codes the statement on the issue. A scikit-learn logistic regression is fitted;
the threshold is the one at which the five-fold cross-validated predictions on the same
data have the highest F-beta (``--beta``, default 0.5: precision counts more than recall),
or with ``--min-precision P`` the lowest at which their precision reaches P (the shipped
model: 0.8). Fit on train; report on dev with ``stancemap eval coding``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict

from stancemap.context import sentence_around
from stancemap.eval.coding import read_gold
from stancemap.stance.codebook import load_codebook
from stancemap.stance.embeddings import DEFAULT_EMBEDDER, get_embedder
from stancemap.stance.relevance import FEATURES, IssueIndex, person_name_words, strip_names
from stancemap.stance.semantic import starter_people


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", required=True, type=Path, nargs="+", help="one or more gold files of the same corpus")
    parser.add_argument("--texts", required=True, type=Path)
    parser.add_argument("--codebook", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--beta", type=float, default=0.5, help="F-beta the threshold maximises (0.5: precision first)")
    parser.add_argument("--min-precision", type=float, default=None,
                        help="instead of F-beta: the lowest threshold whose cross-validated precision reaches this")
    parser.add_argument("--C", type=float, default=1.0)
    args = parser.parse_args()

    gold = [g for path in args.gold for g in read_gold(path)]
    book = load_codebook(args.codebook)
    embedder = get_embedder(DEFAULT_EMBEDDER)
    names = person_name_words(starter_people())
    index = IssueIndex(book.issues, embedder, names)
    texts: dict[str, str] = {}
    contents, contexts = [], []
    for g in gold:
        text = texts.setdefault(g.doc, (args.texts / f"{g.doc}.txt").read_text(encoding="utf-8"))
        contents.append(text[g.start:g.end])
        contexts.append(sentence_around(text, g.start, g.end))
    vectors = embedder.embed([strip_names(t, names) for t in contents + contexts])
    documents = embedder.embed([strip_names(texts[g.doc], names) for g in gold])
    rows = []
    for i in range(len(gold)):
        feats, _, _ = index.features(contents[i:i + 1], contexts[i:i + 1], vectors[i:i + 1],
                                  vectors[len(contents) + i:len(contents) + i + 1], documents[i])
        rows.append(feats[0])
    x = np.stack(rows).reshape(-1, len(FEATURES))
    y = np.array([[any(issue == i.id for issue, _ in g.codings) for i in book.issues] for g in gold]).ravel()
    model = LogisticRegression(C=args.C, max_iter=2000)
    held_out = cross_val_predict(model, x, y, cv=5, method="predict_proba")[:, 1]
    threshold, best = 0.5, -1.0
    for candidate in np.arange(0.05, 0.95, 0.05):
        chosen = held_out >= candidate
        p = (chosen & y).sum() / max(chosen.sum(), 1)
        r = (chosen & y).sum() / max(y.sum(), 1)
        f = (1 + args.beta ** 2) * p * r / max(args.beta ** 2 * p + r, 1e-9)
        if f > best:
            threshold, best = float(round(candidate, 2)), f
    if args.min_precision is not None:
        for candidate in np.arange(0.05, 0.95, 0.05):
            picked = held_out >= candidate
            if picked.any() and (picked & y).sum() / picked.sum() >= args.min_precision:
                threshold = float(round(candidate, 2))
                break
    chosen = held_out >= threshold
    for candidate in (0.2, 0.3, 0.4, 0.5, 0.55, 0.6, 0.7):
        picked = held_out >= candidate
        print(f"cross-validated at {candidate}: precision {(picked & y).sum() / max(picked.sum(), 1):.3f}, "
              f"recall {(picked & y).sum() / max(y.sum(), 1):.3f}")
    model.fit(x, y)
    fitted = {
        "weights": {name: round(float(w), 5) for name, w in zip(FEATURES, model.coef_[0])},
        "bias": round(float(model.intercept_[0]), 5),
        "threshold": threshold,
        "embedder": DEFAULT_EMBEDDER,
        "fitted_on": f"{' + '.join(p.name for p in args.gold)}: {len(gold)} hand-coded statements x {len(book.issues)} issues "
                     f"({int(y.sum())} relevant pairs) of {args.codebook.name}",
        "cross_validated": {"precision": round(float((chosen & y).sum() / max(chosen.sum(), 1)), 3),
                            "recall": round(float((chosen & y).sum() / max(y.sum(), 1)), 3)},
    }
    args.out.write_text(json.dumps(fitted, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(fitted, indent=1))


if __name__ == "__main__":
    main()
