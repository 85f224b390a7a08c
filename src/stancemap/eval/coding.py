"""Score what a user reads: relevance and stance of statements against a hand-coded gold.

A gold file (JSON Lines) holds hand-coded statements, each placed by character
offsets into its document's text, with the issues it is about and the stance taken::

    {"doc": "d1", "content_start": 120, "content_end": 188,
     "codings": [{"issue": "tax-returns", "stance": "oppose"}]}

A statement about no issue has ``"codings": []`` (those are what keep relevance
honest). Each gold statement is matched to the predicted statement of the same
document whose content overlaps it most (at least half of the shorter span); then,
over every (statement, issue) pair of the codebook:

* **relevance**: precision and recall of "coded on this issue" against the gold;
* **stance**: macro-F1 over the gold's stances (:func:`stancemap.stance.evaluate.scores`) on the pairs both call relevant,
  and the accuracy end to end (a gold-relevant pair counts as right only when it is
  coded, with the right stance);
* **calibration**: expected calibration error of the codings' confidence on those pairs.

A gold statement the extractor did not find counts as missed on every issue it is about.

>>> from stancemap.models import Coding, Statement, TextSpan
>>> gold = [GoldStatement("d", 0, 10, (("tax", "oppose"),)), GoldStatement("d", 20, 30, ())]
>>> found = [Statement("d", TextSpan(0, 10, "x" * 10), codings=(Coding("tax", "oppose", 0.9),)),
...          Statement("d", TextSpan(20, 30, "y" * 10), codings=(Coding("tax", "support", 0.6),))]
>>> s = score_codings(gold, found, ["tax"])
>>> (s["relevance"]["precision"], s["relevance"]["recall"], s["stance"]["accuracy"])
(0.5, 1.0, 1.0)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stancemap.errors import InputError
from stancemap.models import Statement
from stancemap.stance.evaluate import scores
from stancemap.stance.pairmodel import calibration_error

__all__ = ["GoldStatement", "read_gold", "score_codings", "STANCE_LABELS"]

STANCE_LABELS: tuple[str, ...] = ("support", "oppose", "neutral")


@dataclass(frozen=True)
class GoldStatement:
    """One hand-coded statement: where it is, and its ``(issue, stance)`` codings."""

    doc: str
    start: int
    end: int
    codings: tuple[tuple[str, str], ...]


def read_gold(path: str | Path) -> list[GoldStatement]:
    """Read a gold JSON Lines file; every problem names the file and line."""
    out = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                codings = tuple((str(c["issue"]), str(c["stance"])) for c in row.get("codings", []))
                out.append(GoldStatement(str(row["doc"]), int(row["content_start"]), int(row["content_end"]), codings))
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(f"{path} line {number}: not a gold statement ({type(exc).__name__}: {exc}); "
                                 "each line needs doc, content_start, content_end and codings "
                                 "[{issue, stance}]", code="E109") from None
            for issue, stance in codings:
                if stance not in STANCE_LABELS:
                    raise InputError(f"{path} line {number}: stance {stance!r} on {issue!r}; "
                                     f"use one of {', '.join(STANCE_LABELS)}", code="E109")
    return out


def _match(gold: GoldStatement, found: Sequence[Statement]) -> Statement | None:
    best, best_overlap = None, 0
    for statement in found:
        overlap = min(gold.end, statement.content.end) - max(gold.start, statement.content.start)
        shorter = min(gold.end - gold.start, statement.content.end - statement.content.start)
        if overlap > best_overlap and overlap * 2 >= shorter:
            best, best_overlap = statement, overlap
    return best


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def score_codings(gold: Iterable[GoldStatement], found: Iterable[Statement], issues: Sequence[str]) -> dict[str, Any]:
    """Relevance, stance and calibration figures (see the module docstring), with every error."""
    by_doc: dict[str, list[Statement]] = {}
    for statement in found:
        by_doc.setdefault(statement.doc_id, []).append(statement)
    tp = fp = fn = 0
    pairs: list[tuple[str, str, float]] = []  # gold stance, predicted stance, confidence
    end_to_end: list[bool] = []
    errors: list[dict[str, Any]] = []
    unmatched = 0
    gold = list(gold)
    for g in gold:
        match = _match(g, by_doc.get(g.doc, []))
        unmatched += match is None
        want = dict(g.codings)
        got = {c.issue: c for c in match.codings if not c.origin.startswith("person:")} if match else {}
        for issue in issues:
            expected, coding = want.get(issue), got.get(issue)
            if expected is not None and coding is not None:
                tp += 1
                pairs.append((expected, coding.stance, coding.confidence))
            elif coding is not None:
                fp += 1
            elif expected is not None:
                fn += 1
            if expected is not None:
                end_to_end.append(coding is not None and coding.stance == expected)
            if (expected or "-") != (coding.stance if coding else "-"):
                errors.append({"doc": g.doc, "content_start": g.start, "content_end": g.end, "issue": issue,
                               "gold": expected or "not relevant", "found": coding.stance if coding else "not coded",
                               "confidence": coding.confidence if coding else None,
                               "evidence": coding.evidence if coding else None,
                               "content": match.content.text if match else None})
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    stance = scores([e for e, _, _ in pairs], [p for _, p, _ in pairs])
    return {
        "gold_statements": len(gold),
        "unmatched_statements": unmatched,
        "relevance": {"precision": precision, "recall": recall, "f1": _f1(precision, recall),
                      "true_positives": tp, "false_positives": fp, "false_negatives": fn},
        "stance": {"macro_f1": stance["macro_f1"], "pairs": len(pairs), "accuracy": stance["accuracy"],
                   "end_to_end_accuracy": sum(end_to_end) / len(end_to_end) if end_to_end else 0.0,
                   "per_label": stance["per_class"], "confusion": stance["confusion"],
                   "ece": calibration_error([c for _, _, c in pairs], [e == p for e, p, _ in pairs])},
        "errors": errors,
    }
