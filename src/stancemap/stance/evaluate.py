"""Measure a stance coder on labelled (claim, text, label) pairs.

Labels are the product's: ``support``, ``oppose``, ``neutral`` and
``unrelated``; a coder's ``None`` ("not relevant") counts as ``unrelated``.
The pair files are JSON Lines as in the stance data sets (``claim``, ``text`` or
``body_id``, ``label``); FNC-1 bodies come from a separate id -> text JSON file.

Run it from the command line::

    python -m stancemap.stance.evaluate perspectrum_dev.jsonl
    python -m stancemap.stance.evaluate fnc1_dev.jsonl --texts fnc1_dev_texts.json
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from stancemap.models import Issue
from stancemap.stance.coders import StanceCoder, get_coder

__all__ = ["LABELS", "evaluate_pairs", "fnc_score", "load_pairs", "predict", "scores"]

LABELS: tuple[str, ...] = ("support", "oppose", "neutral", "unrelated")

Pair = tuple[str, str, str]


def load_pairs(path: str | Path, texts: str | Path | Mapping[str, str] | None = None,
               limit: int | None = None) -> list[Pair]:
    """Read ``(claim, text, label)`` triples from a JSON Lines file.

    Parameters
    ----------
    path : str or Path
        One object per line with ``claim``, ``label`` and ``text`` or ``body_id``.
    texts : path or mapping, optional
        Body id -> text, for files that reference bodies by ``body_id`` (FNC-1).
    limit : int, optional
        Read at most this many pairs.
    """
    bodies: Mapping[str, str] = {}
    if texts is not None:
        bodies = texts if isinstance(texts, Mapping) else json.loads(Path(texts).read_text(encoding="utf-8"))
    out: list[Pair] = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            if "text" in row:
                text = row["text"]
            elif str(row.get("body_id")) in bodies:
                text = bodies[str(row["body_id"])]
            else:
                raise ValueError(f"{path} line {n}: no `text` and body {row.get('body_id')!r} not found; "
                                 "pass texts= (the *_texts.json file)")
            out.append((row["claim"], text, row["label"]))
            if limit is not None and len(out) >= limit:
                break
    return out


def _issue_for(claim: str, cache: dict[str, Issue]) -> Issue:
    issue = cache.get(claim)
    if issue is None:
        slug = re.sub(r"[^a-z0-9]+", "-", claim.lower()).strip("-")[:40] or "claim"
        issue = Issue(id=f"{slug}-{len(cache) + 1}", label=claim, claim=claim)
        cache[claim] = issue
    return issue


def predict(coder: StanceCoder, pairs: Iterable[Pair | Mapping[str, Any]]) -> tuple[list[str], list[str]]:
    """Gold and predicted labels for ``pairs`` (tuples or mappings with claim/text/label)."""
    cache: dict[str, Issue] = {}
    gold, pred = [], []
    for pair in pairs:
        if isinstance(pair, Mapping):
            claim, text, label = pair["claim"], pair["text"], pair["label"]
        else:
            claim, text, label = pair
        coding = coder.code(text, "", _issue_for(claim, cache))
        gold.append(label)
        pred.append(coding.stance if coding is not None else "unrelated")
    return gold, pred


def scores(gold: list[str], pred: list[str], labels: Iterable[str] | None = None) -> dict[str, Any]:
    """Accuracy, macro-F1, per-class precision/recall/F1 and the confusion counts.

    Macro-F1 averages over ``labels``; by default the labels that occur in
    ``gold`` (so a support/oppose corpus is not averaged over classes it lacks,
    while predictions of other classes still cost recall).

    >>> s = scores(["support", "oppose"], ["support", "neutral"])
    >>> s["accuracy"], s["macro_f1"], s["per_class"]["oppose"]["recall"]
    (0.5, 0.5, 0.0)
    """
    labs = list(labels) if labels is not None else [lab for lab in LABELS if lab in set(gold)]
    per_class: dict[str, dict[str, float]] = {}
    for lab in labs:
        tp = sum(1 for g, p in zip(gold, pred, strict=False) if g == lab and p == lab)
        n_pred = sum(1 for p in pred if p == lab)
        n_gold = sum(1 for g in gold if g == lab)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[lab] = {"precision": round(precision, 4), "recall": round(recall, 4),
                          "f1": round(f1, 4), "support": n_gold}
    confusion: dict[str, dict[str, int]] = {}
    for g, p in zip(gold, pred, strict=False):
        confusion.setdefault(g, {}).setdefault(p, 0)
        confusion[g][p] += 1
    n = len(gold)
    extra: dict[str, Any] = {}
    if "unrelated" in set(gold):
        extra["fnc_score"] = fnc_score(gold, pred)
    return {
        "n": n,
        "accuracy": round(sum(g == p for g, p in zip(gold, pred, strict=False)) / n, 4) if n else 0.0,
        "macro_f1": round(sum(c["f1"] for c in per_class.values()) / len(per_class), 4) if per_class else 0.0,
        "per_class": per_class,
        "confusion": confusion,
        **extra,
    }


def fnc_score(gold: list[str], pred: list[str]) -> float:
    """The FNC-1 weighted score as a fraction of the best possible.

    0.25 for telling related from unrelated, 0.75 more for the right stance of a
    related pair (Fake News Challenge stage 1 scorer).

    >>> fnc_score(["unrelated", "support"], ["unrelated", "neutral"])
    0.4
    """
    got = best = 0.0
    for g, p in zip(gold, pred, strict=False):
        best += 0.25 if g == "unrelated" else 1.0
        if g == p:
            got += 0.25
            if g != "unrelated":
                got += 0.5
        if g != "unrelated" and p != "unrelated":
            got += 0.25
    return round(got / best, 4) if best else 0.0


def evaluate_pairs(coder: StanceCoder | str, pairs: Iterable[Pair | Mapping[str, Any]],
                   labels: Iterable[str] | None = None) -> dict[str, Any]:
    """Code every pair's text on an issue made from its claim and score the result.

    Parameters
    ----------
    coder : StanceCoder or str
        A coder or a registered coder name.
    pairs : iterable
        ``(claim, text, label)`` tuples or mappings with those keys; labels in :data:`LABELS`.
    labels : iterable of str, optional
        Classes to average macro-F1 over (default: those in the gold labels).

    Returns
    -------
    dict
        ``n``, ``accuracy``, ``macro_f1``, ``per_class`` (precision, recall, f1,
        support per label), ``confusion`` (gold -> predicted -> count), ``coder``.

    Examples
    --------
    >>> pairs = [("Fuel taxes should be raised.", "Raising fuel taxes is a mistake.", "oppose"),
    ...          ("Fuel taxes should be raised.", "The cat sat on the mat.", "unrelated")]
    >>> evaluate_pairs("keyword.v1", pairs)["accuracy"]
    1.0
    """
    if isinstance(coder, str):
        coder = get_coder(coder)
    gold, pred = predict(coder, pairs)
    result = scores(gold, pred, labels)
    result["coder"] = coder.name
    return result


def main(argv: list[str] | None = None) -> int:
    """Command line: score a coder on a pair file and print the figures as JSON."""
    parser = argparse.ArgumentParser(prog="python -m stancemap.stance.evaluate",
                                     description="Score a stance coder on labelled pairs.")
    parser.add_argument("pairs", help="JSON Lines file of pairs")
    parser.add_argument("--texts", help="body id -> text JSON (FNC-1)")
    parser.add_argument("--coder", default="keyword.v1")
    parser.add_argument("--model", help="trained model file for learned coders")
    parser.add_argument("--limit", type=int)
    args = parser.parse_args(argv)
    coder = get_coder(args.coder, **({"path": args.model} if args.model else {}))
    result = evaluate_pairs(coder, load_pairs(args.pairs, args.texts, args.limit))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
