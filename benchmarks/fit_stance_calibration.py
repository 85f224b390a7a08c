"""Fit the default coder's stance calibration (``stance/data/stance_calibration.v1.json``) on hand-coded news.

Usage::

    python benchmarks/fit_stance_calibration.py --gold benchmarks/data/polnear_train_stance_gold.jsonl \\
        benchmarks/data/polnear_train2_stance_gold.jsonl --texts ../shared/data/polnear/train/text \\
        --codebook benchmarks/data/polnear_codebook.yaml --out src/stancemap/stance/data/stance_calibration.v1.json

Every gold statement coded on an issue is one pair: the default coder decides its stance
on that issue exactly as a run does (content read in its sentence, the codebook's
examples adapting the issue) and says which way it decided (the cue rules, a deliberation,
the pair model, or the pair model's doubt: see :mod:`stancemap.stance.calibration`). Each
way's accuracy, shrunk towards the overall accuracy, is its calibrated confidence. Fit on
train; report on dev with ``stancemap eval coding`` (expected calibration error).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from stancemap.context import sentence_around
from stancemap.eval.coding import read_gold
from stancemap.stance.calibration import PRIOR_WEIGHT, SOURCES, shrunk
from stancemap.stance.codebook import load_codebook
from stancemap.stance.semantic import make_semantic_coder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", required=True, type=Path, nargs="+", help="one or more gold files of the same corpus")
    parser.add_argument("--texts", required=True, type=Path)
    parser.add_argument("--codebook", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args()

    book = load_codebook(args.codebook)
    issues = {issue.id: issue for issue in book.issues}
    coder = make_semantic_coder()
    texts: dict[str, str] = {}
    asked, gold_stances, framed = [], [], []
    for path in args.gold:
        for g in read_gold(path):
            text = texts.setdefault(g.doc, (args.texts / f"{g.doc}.txt").read_text(encoding="utf-8"))
            content = text[g.start:g.end]
            for issue, stance in g.codings:
                asked.append(issues[issue])
                gold_stances.append(stance)
                framed.append((content, sentence_around(text, g.start, g.end)))
    decided = coder.decisions(asked, [c for c, _ in framed], framed)
    n, right = Counter(), Counter()
    for (stance, _, source), gold in zip(decided, gold_stances, strict=True):
        n[source] += 1
        right[source] += stance == gold
    overall = sum(right.values()) / max(sum(n.values()), 1)
    fitted = {
        "format": "stance-calibration.v1",
        "accuracy": {source: round(shrunk(right[source], n[source], overall), 4) for source in SOURCES},
        "counts": {source: {"pairs": n[source], "right": right[source]} for source in SOURCES},
        "overall_accuracy": round(overall, 4),
        "prior_weight": PRIOR_WEIGHT,
        "fitted_on": f"{' + '.join(p.name for p in args.gold)}: {len(gold_stances)} hand-coded (statement, issue) "
                     f"pairs of {args.codebook.name}",
    }
    args.out.write_text(json.dumps(fitted, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(fitted, indent=1))


if __name__ == "__main__":
    main()
