"""Fit the relevance models (``stance/data/relevance.v2.json``) on hand-coded news statements.

Usage::

    python benchmarks/fit_relevance.py --gold benchmarks/data/polnear_train_stance_gold.jsonl \\
        benchmarks/data/polnear_train2_stance_gold.jsonl \\
        --texts ../shared/data/polnear/train/text --codebook benchmarks/data/polnear_codebook.yaml \\
        --min-precision 0.8 --out src/stancemap/stance/data/relevance.v2.json

Every (gold statement, codebook issue) pair becomes one row of the features of
:meth:`stancemap.stance.relevance.IssueIndex.features` (content and sentence embedded with
the default embedder, people's names left out, exactly as the coder does), labelled 1 when
the gold codes the statement on the issue. Users write codebooks of every richness, from a
list of bare claims (a DNA database's concepts) to issues with descriptions, examples and
keywords, and a bare claim is compared with less: so one model is fitted per *variant* of
the codebook, each subset of description, examples and keywords kept
(:func:`stancemap.stance.relevance.codebook_variant`), the issues' claims and labels always.
Each is a scikit-learn logistic regression; cross-validation is five-fold grouped by article.
A variant's threshold is the one at which its cross-validated predictions have the highest
F-beta (``--beta``, default 0.5: precision counts more than recall), or with
``--min-precision P`` the lowest at which their precision reaches P (the shipped models:
0.8). The full codebook's threshold is the shared one; every other variant's bias is moved
so that its own threshold falls there. Fit on train; report on dev with ``stancemap eval coding``.

With ``--encoder minilm.v1 --floor 0.02`` (and ``--out src/stancemap/stance/data/relevance_encoded.v1.json``) it
fits instead the models that read a statement again with the sentence encoder
(:mod:`stancemap.stance.encodedrelevance`), on the pairs of the statements the shipped static models score at the
floor or more, the three train golds given (see ``data/sources.yaml``).
"""

from __future__ import annotations

import argparse
import itertools
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, cross_val_predict

from stancemap.context import sentence_around
from stancemap.eval.coding import read_gold
from stancemap.models import Codebook, Issue
from stancemap.stance.codebook import load_codebook
from stancemap.stance.embeddings import DEFAULT_EMBEDDER, get_embedder
from stancemap.stance.encodedrelevance import ENCODED_FEATURES, EncodedPhrases
from stancemap.stance.registrynames import starter_organisations, starter_people
from stancemap.stance.relevance import FEATURES, PARTS, THRESHOLD, IssueIndex, person_name_words, strip_names

#: every subset of the parts, as the names of the parts kept ("claims" for none)
ALL_VARIANTS = tuple("+".join(kept) or "claims" for n in range(len(PARTS), -1, -1)
                     for kept in itertools.combinations(PARTS, n))


def cut_down(issue: Issue, variant: str) -> Issue:
    """``issue`` with only the parts ``variant`` names ("claims": claim and label alone)."""
    kept = set(variant.split("+"))
    return replace(issue, description=issue.description if "description" in kept else "",
                   examples=issue.examples if "examples" in kept else (),
                   keywords=issue.keywords if "keywords" in kept else ())


def precision_recall(picked: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    return float((picked & y).sum() / max(picked.sum(), 1)), float((picked & y).sum() / max(y.sum(), 1))


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
    parser.add_argument("--encoder", default=None,
                        help="fit the models that read statements again with this sentence encoder "
                             "(minilm.v1; stance/encodedrelevance.py) past --floor of the shipped static models")
    parser.add_argument("--floor", type=float, default=0.02)
    args = parser.parse_args()

    gold = [g for path in args.gold for g in read_gold(path)]
    book = load_codebook(args.codebook)
    embedder = get_embedder(DEFAULT_EMBEDDER)
    names = person_name_words(starter_people())
    organisations = starter_organisations()  # as the coder reads keywords
    texts: dict[str, str] = {}
    contents, contexts = [], []
    for g in gold:
        text = texts.setdefault(g.doc, (args.texts / f"{g.doc}.txt").read_text(encoding="utf-8"))
        contents.append(text[g.start:g.end])
        contexts.append(sentence_around(text, g.start, g.end))
    n = len(gold)
    vectors = embedder.embed([strip_names(t, names) for t in contents + contexts])
    embedded = embedder.embed([strip_names(t, names) for t in texts.values()])
    documents = dict(zip(texts, embedded, strict=True))
    labels = np.array([[any(issue == i.id for issue, _ in g.codings) for i in book.issues] for g in gold]).ravel()
    docs = np.repeat([sorted(texts).index(g.doc) for g in gold], len(book.issues))
    if args.encoder:
        fit_encoded(args, book, gold, contents, contexts, vectors, documents, labels, docs, names, organisations)
        return
    fitted_models = {}
    for variant in ALL_VARIANTS:
        index = IssueIndex([cut_down(issue, variant) for issue in book.issues], embedder, names,
                           organisations=organisations)
        x = np.stack([index.features(contents[i:i + 1], contexts[i:i + 1], vectors[i:i + 1],
                                     vectors[n + i:n + i + 1], documents[gold[i].doc])[0][0]
                      for i in range(n)]).reshape(-1, len(FEATURES))
        model = LogisticRegression(C=args.C, max_iter=3000)
        held_out = cross_val_predict(model, x, labels, cv=GroupKFold(5), groups=docs, method="predict_proba")[:, 1]
        threshold = choose_threshold(held_out, labels, args.beta, args.min_precision)
        p, r = precision_recall(held_out >= threshold, labels)
        print(f"{variant}: threshold {threshold}, cross-validated precision {p:.3f}, recall {r:.3f}")
        model.fit(x, labels)
        fitted_models[variant] = {"weights": {name: float(w) for name, w in zip(FEATURES, model.coef_[0], strict=True)},
                                  "bias": float(model.intercept_[0]), "fitted_threshold": threshold,
                                  "cross_validated": {"precision": round(p, 3), "recall": round(r, 3)}}
    shared = fitted_models[ALL_VARIANTS[0]]["fitted_threshold"]
    for fitted in fitted_models.values():  # the variant's own threshold falls on the shared one
        fitted["bias"] = round(fitted["bias"] + logit(shared) - logit(fitted["fitted_threshold"]), 5)
        fitted["weights"] = {name: round(w, 5) for name, w in fitted["weights"].items()}
    out = {
        "threshold": shared,
        "embedder": DEFAULT_EMBEDDER,
        "fitted_on": f"{' + '.join(p.name for p in args.gold)}: {n} hand-coded statements x {len(book.issues)} issues "
                     f"({int(labels.sum())} relevant pairs) of {args.codebook.name}, and of it cut down to each "
                     f"subset of {', '.join(PARTS)}",
        "models": fitted_models,
    }
    args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


def fit_encoded(args: argparse.Namespace, book: Codebook, gold: list, contents: list[str], contexts: list[str],
                vectors: np.ndarray, documents: dict[str, np.ndarray], labels: np.ndarray, docs: np.ndarray,
                names: frozenset[str], organisations: frozenset[str]) -> None:
    """The encoded models (``relevance_encoded.v1.json``): per variant, a logistic regression over the static
    features and the encoded ones, fitted on the pairs of the statements the shipped static model scores at
    ``--floor`` or more on some issue; its threshold chosen as the static one's, over all pairs (a relevant pair
    below the floor is one missed), then moved to the coder's threshold."""
    encoder = get_embedder(args.encoder)
    embedder = get_embedder(DEFAULT_EMBEDDER)
    n, k = len(gold), len(book.issues)
    encoded = encoder.embed([strip_names(t, names) for t in contents + contexts])
    fitted_models = {}
    for variant in ALL_VARIANTS:
        index = IssueIndex([cut_down(issue, variant) for issue in book.issues], embedder, names,
                           organisations=organisations)
        phrases = EncodedPhrases([strip_names(p, names) for p in index._flat], index._owner, k, encoder)
        static = np.stack([index.features(contents[i:i + 1], contexts[i:i + 1], vectors[i:i + 1],
                                          vectors[n + i:n + i + 1], documents[gold[i].doc])[0][0] for i in range(n)])
        probs = 1.0 / (1.0 + np.exp(-(np.einsum("nkf,kf->nk", static, index._weights) + index._biases)))
        rows = np.flatnonzero((probs >= args.floor).any(axis=1))
        x = np.concatenate([static[rows], phrases.features(encoded[rows], encoded[n + rows])[0]], axis=2)
        x = x.reshape(-1, len(FEATURES) + len(ENCODED_FEATURES))
        y, groups = labels.reshape(n, k)[rows].ravel(), docs.reshape(n, k)[rows].ravel()
        model = LogisticRegression(C=args.C, max_iter=3000)
        held_out = np.zeros((n, k))
        held_out[rows] = cross_val_predict(model, x, y, cv=GroupKFold(5), groups=groups,
                                           method="predict_proba")[:, 1].reshape(len(rows), k)
        threshold = choose_threshold(held_out.ravel(), labels, args.beta, args.min_precision)
        p, r = precision_recall(held_out.ravel() >= threshold, labels)
        print(f"{variant}: {len(rows)} of {n} statements past the floor, threshold {threshold}, "
              f"cross-validated precision {p:.3f}, recall {r:.3f}")
        model.fit(x, y)
        bias = float(model.intercept_[0]) + logit(THRESHOLD) - logit(threshold)
        fitted_models[variant] = {
            "weights": {name: round(float(w), 5) for name, w in zip(FEATURES + ENCODED_FEATURES, model.coef_[0],
                                                                    strict=True)},
            "bias": round(bias, 5), "fitted_threshold": threshold,
            "cross_validated": {"precision": round(p, 3), "recall": round(r, 3)}}
    out = {
        "encoder": args.encoder,
        "floor": args.floor,
        "threshold": THRESHOLD,
        "fitted_on": f"{' + '.join(p.name for p in args.gold)}: {n} hand-coded statements x {k} issues "
                     f"({int(labels.sum())} relevant pairs) of {args.codebook.name}, and of it cut down to each "
                     f"subset of {', '.join(PARTS)}; the pairs of the statements past the floor",
        "models": fitted_models,
    }
    args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


def logit(p: float) -> float:
    return float(np.log(p / (1.0 - p)))


def choose_threshold(held_out: np.ndarray, y: np.ndarray, beta: float, min_precision: float | None) -> float:
    """The lowest threshold whose precision reaches ``min_precision``, or else the one of the best F-beta."""
    candidates = [float(c) for c in np.round(np.arange(0.05, 0.95, 0.05), 2)]
    if min_precision is not None:
        for candidate in candidates:
            picked = held_out >= candidate
            if picked.any() and precision_recall(picked, y)[0] >= min_precision:
                return candidate
    best, threshold = -1.0, 0.5
    for candidate in candidates:
        p, r = precision_recall(held_out >= candidate, y)
        f = (1 + beta ** 2) * p * r / max(beta ** 2 * p + r, 1e-9)
        if f > best:
            best, threshold = f, candidate
    return threshold


if __name__ == "__main__":
    main()
