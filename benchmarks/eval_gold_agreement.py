"""How far two hand codings of the same statements agree: the ceiling a coder can be held to.

Usage::

    python benchmarks/eval_gold_agreement.py REFERENCE OTHER [--out FILE.json]

Both files are gold JSON Lines as ``stancemap eval coding --gold`` reads them (``doc``, ``content_start``,
``content_end``, ``codings``, optional ``speaker``); statements are matched by exact span. Reported, with
``REFERENCE`` as the reference: relevance precision / recall / F1 of ``OTHER``'s (statement, issue) codings,
stance macro-F1, accuracy and Cohen's kappa on the pairs both call relevant (with the confusion counts), and how
often the two name the same speaker (lower case, spaces single). ``stancemap eval coding`` reports the machine on
the same measures, so the machine can be read against the agreement of two people.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

from stancemap.eval.coding import STANCE_LABELS, GoldStatement, read_gold
from stancemap.stance.evaluate import scores


def _by_span(path: str) -> dict[tuple[str, int, int], GoldStatement]:
    return {(g.doc, g.start, g.end): g for g in read_gold(path)}


def _name(actor: str | None) -> str:
    return " ".join((actor or "").lower().split())


def agreement(reference: dict[tuple[str, int, int], GoldStatement],
              other: dict[tuple[str, int, int], GoldStatement]) -> dict[str, object]:
    """The figures of the module docstring for the statements both files hold."""
    shared = [key for key in reference if key in other]
    both = only_other = only_reference = 0
    gold: list[str] = []
    pred: list[str] = []
    for key in shared:
        mine, theirs = dict(reference[key].codings), dict(other[key].codings)
        both += len(mine.keys() & theirs.keys())
        only_other += len(theirs.keys() - mine.keys())
        only_reference += len(mine.keys() - theirs.keys())
        for issue in sorted(mine.keys() & theirs.keys()):
            gold.append(mine[issue])
            pred.append(theirs[issue])
    precision = both / (both + only_other) if both + only_other else 0.0
    recall = both / (both + only_reference) if both + only_reference else 0.0
    stance = scores(gold, pred, labels=STANCE_LABELS)
    named = [key for key in shared if _name(reference[key].actor) and _name(other[key].actor)]
    return {
        "statements": len(shared),
        "relevance": {"precision": round(precision, 4), "recall": round(recall, 4),
                      "f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
                      "both": both, "only_other": only_other, "only_reference": only_reference},
        "stance": {"pairs": len(gold), "macro_f1": stance["macro_f1"], "accuracy": stance["accuracy"],
                   "kappa": round(float(cohen_kappa_score(gold, pred, labels=list(STANCE_LABELS))), 4)
                   if gold else 0.0, "confusion": stance["confusion"]},
        "speaker": {"named_by_both": len(named),
                    "same": sum(_name(reference[k].actor) == _name(other[k].actor) for k in named)},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reference")
    parser.add_argument("other")
    parser.add_argument("--out", help="write the figures as JSON here")
    args = parser.parse_args(argv)
    figures = agreement(_by_span(args.reference), _by_span(args.other))
    text = json.dumps(figures, indent=1)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
