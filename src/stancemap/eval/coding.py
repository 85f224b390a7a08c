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
* **stance**: macro-F1 over the gold's stances (:func:`stancemap.stance.evaluate.scores`) on the pairs
  both call relevant, and the accuracy end to end (a gold-relevant pair counts as right only when it is
  coded, with the right stance);
* **calibration**: expected calibration error of the codings' confidence on those pairs.

A gold statement the extractor did not find counts as missed on every issue it is about.

The gold may also be a Discourse Network Analyzer database (``.dna``, read by
:mod:`stancemap.ingest.dna`): every statement a person coded there (not the coder
``stancemap``) with its actor, concept (an issue) and agreement. With actors,
:func:`agreement_with_gold` gives the figures DNA users compare coders with:

* **tuples**: precision, recall and F1 of the distinct (actor, issue, stance) tuples;
* **statements**: how many gold statements a machine statement overlaps, with the same
  actor, the same actor and issue, and the same actor, issue and stance;
* **kappa**: Cohen's kappa of the stances where both coded the same issue on overlapping spans;
* **network**: the Pearson correlation of the two actor congruence networks
  (:func:`stancemap.network.build.one_mode`), over every pair of actors of either.

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
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from stancemap.analysis.duplicates import Tally
from stancemap.errors import InputError
from stancemap.ingest.dna import MACHINE_CODER, DnaCorpus, is_dna, load_dna
from stancemap.models import Statement
from stancemap.network.build import one_mode
from stancemap.stance.evaluate import scores
from stancemap.stance.pairmodel import calibration_error, calibration_floor

__all__ = ["GoldStatement", "read_gold", "gold_from_dna", "score_codings", "agreement_with_gold", "matching_statement",
           "machine_only", "STANCE_LABELS"]

STANCE_LABELS: tuple[str, ...] = ("support", "oppose", "neutral")


@dataclass(frozen=True)
class GoldStatement:
    """One hand-coded statement: where it is, and its ``(issue, stance)`` codings."""

    doc: str
    start: int
    end: int
    codings: tuple[tuple[str, str], ...]
    #: who said it, when the gold names the actor (DNA's person or organisation, a JSON ``actor``)
    actor: str | None = None


def gold_from_dna(path: str | Path, *, variables: Any = None) -> tuple[list[GoldStatement], DnaCorpus]:
    """The statements people coded in a DNA database (the machine's, coder ``stancemap``, left out)."""
    corpus = load_dna(path, variables=variables)
    out = []
    for article in corpus.articles:
        for st in article.coded:
            people = tuple((c.issue, c.stance) for c in st.codings if c.origin != f"model:{MACHINE_CODER}")
            if people or not st.codings:
                out.append(GoldStatement(article.doc_id, st.content.start, st.content.end, people, st.actor))
    return out, corpus


def read_gold(path: str | Path, *, variables: Any = None) -> list[GoldStatement]:
    """Read a gold JSON Lines file or DNA database; every problem names the file and line."""
    if Path(path).suffix.lower() == ".dna" or is_dna(path):
        return gold_from_dna(path, variables=variables)[0]
    out = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                codings = tuple((str(c["issue"]), str(c["stance"])) for c in row.get("codings", []))
                named = row.get("actor") or row.get("speaker")  # DNA's "person"; either field name
                actor = str(named) if named else None
                out.append(GoldStatement(str(row["doc"]), int(row["content_start"]), int(row["content_end"]), codings,
                                         actor))
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError.of("E109.gold-line", path=path, line=number, kind=type(exc).__name__,
                                    reason=exc) from None
            for issue, stance in codings:
                if stance not in STANCE_LABELS:
                    raise InputError.of("E109.gold-stance", path=path, line=number, stance=stance, issue=issue,
                                        stances=", ".join(STANCE_LABELS))
    return out


def matching_statement(gold: GoldStatement, found: Sequence[Statement]) -> Statement | None:
    """The statement of ``found`` (one document's) that overlaps ``gold`` most, where the overlap is at least half
    the shorter of the two; ``None`` where none does."""
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
        match = matching_statement(g, by_doc.get(g.doc, []))
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
                   "ece": calibration_error([c for _, _, c in pairs], [e == p for e, p, _ in pairs]),
                   "ece_floor": calibration_floor([c for _, _, c in pairs])},
        "errors": errors,
    }


def machine_only(found: Iterable[Statement], gold: Iterable[GoldStatement] = ()) -> list[Statement]:
    """The machine's statements and codings: statements only people coded are left out, and people's codings; so
    are statements a person coded that stand where a statement of a DNA ``gold`` stands: the gold's own, stored
    with its document by `stancemap run coded.dna` and coded by the machine on the other concepts only, not found
    by it (a JSON Lines gold's spans may be the machine's own, which a reviewer may have coded: not given here).

    >>> from stancemap.models import Coding, TextSpan
    >>> person = Statement("d", TextSpan(0, 1, "x"), codings=(Coding("a", "support", 1.0, "person:Ann"),))
    >>> both = Statement("d", TextSpan(2, 3, "y"), codings=(Coding("a", "oppose", .6, "model:x"),
    ...                                                   Coding("a", "support", 1.0, "person:Ann")))
    >>> [[c.origin for c in s.codings] for s in machine_only([person, both])]
    [['model:x']]
    >>> machine_only([person, both], [GoldStatement("d", 2, 3, (("a", "support"),))])
    []
    """
    imported = {(g.doc, g.start, g.end) for g in gold}
    out = []
    for statement in found:
        if statement.codings and all(c.origin.startswith("person:") for c in statement.codings):
            continue
        if (statement.doc_id, statement.content.start, statement.content.end) in imported and any(
                c.origin.startswith("person:") for c in statement.codings):
            continue
        out.append(statement.with_(codings=tuple(c for c in statement.codings if not c.origin.startswith("person:"))))
    return out


def _actor(name: str | None) -> str | None:
    return " ".join(name.split()).casefold() if name and name.strip() else None


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": _f1(p, r), "true_positives": tp, "false_positives": fp,
            "false_negatives": fn}


def _tallies(rows: Iterable[tuple[str, str, str, str]]) -> list[Any]:
    """Tallies (one per document, as DNA counts) of (document, actor, issue, stance) rows."""
    docs: dict[tuple[str, str, str], set[str]] = {}
    for doc, actor, issue, stance in rows:
        docs.setdefault((actor, issue, stance), set()).add(doc)
    return [Tally(a, i, s, len(d), float(len(d)), len(d)) for (a, i, s), d in sorted(docs.items())]


def network_correlation(gold_rows: Sequence[tuple[str, str, str, str]],
                        found_rows: Sequence[tuple[str, str, str, str]]) -> dict[str, Any]:
    """Pearson correlation of the two congruence networks over every pair of actors of either.

    Rows are (document, actor, issue, stance). ``None`` when there are fewer than
    two pairs or a network has no variance.
    """
    import itertools

    import numpy as np


    gold_g = one_mode(_tallies(gold_rows), isolates=True, evidence=False)
    found_g = one_mode(_tallies(found_rows), isolates=True, evidence=False)
    actors = sorted({r[1] for r in gold_rows} | {r[1] for r in found_rows})
    pairs = list(itertools.combinations(actors, 2))

    def weight(g: Any, a: str, b: str) -> float:
        return float(g[a][b]["weight"]) if g.has_edge(a, b) else 0.0

    x = np.array([weight(gold_g, a, b) for a, b in pairs])
    y = np.array([weight(found_g, a, b) for a, b in pairs])
    r = None
    if len(pairs) >= 2 and x.std() > 0 and y.std() > 0:
        r = float(np.corrcoef(x, y)[0, 1])
    return {"pearson": r, "actor_pairs": len(pairs), "gold_edges": gold_g.number_of_edges(),
            "found_edges": found_g.number_of_edges()}


def _statement_matches(
    gold: list[GoldStatement], by_doc: dict[str, list[Statement]]
) -> tuple[dict[str, int], list[str], list[str]]:
    """How many coded gold statements the machine matches, by level; and the stance pairs for kappa.

    Levels: ``overlap`` (a machine statement overlaps it), ``same_actor``,
    ``same_actor_issue``, ``full`` (same actor, issue and stance). A kappa pair is
    a gold coding and the machine's most frequent stance on its issue among the
    overlapping statements (of equally frequent ones, the first in text order).
    """
    counts = {"gold_statements": 0, "overlap": 0, "same_actor": 0, "same_actor_issue": 0, "full": 0}
    kappa_gold: list[str] = []
    kappa_found: list[str] = []
    for g in gold:
        if not g.codings:
            continue
        counts["gold_statements"] += 1
        overlapping = sorted((s for s in by_doc.get(g.doc, [])
                              if min(g.end, s.content.end) > max(g.start, s.content.start)),
                             key=lambda s: (s.content.start, s.content.end))
        want = dict(g.codings)
        same_actor = [s for s in overlapping if _actor(s.actor) is not None and _actor(s.actor) == _actor(g.actor)]
        counts["overlap"] += bool(overlapping)
        counts["same_actor"] += bool(same_actor)
        counts["same_actor_issue"] += any(c.issue in want for s in same_actor for c in s.codings)
        counts["full"] += any(want.get(c.issue) == c.stance for s in same_actor for c in s.codings)
        for issue, stance in g.codings:
            coded = [c.stance for s in overlapping for c in s.codings if c.issue == issue]
            if coded:
                kappa_gold.append(stance)
                kappa_found.append(Counter(coded).most_common(1)[0][0])  # a tie: the first in text order
    return counts, kappa_gold, kappa_found


def agreement_with_gold(gold: Iterable[GoldStatement], found: Iterable[Statement],
                        canonical: Callable[[str], str] | None = None) -> dict[str, Any]:
    """Tuple, statement, kappa and network agreement of the machine's statements with the gold's.

    Only the machine statements of the gold's documents count; actors are compared
    case-insensitively, with spaces normalised, after ``canonical`` (the registry's name of a name
    or alias: a coder's "Trump campaign" is the store's "Donald J. Trump for President").

    >>> from stancemap.models import Coding, TextSpan
    >>> gold = [GoldStatement("d", 0, 10, (("tax", "oppose"),), "Ann"),
    ...         GoldStatement("d", 20, 30, (("tax", "support"),), "Bob")]
    >>> found = [Statement("d", TextSpan(2, 8, "x" * 6), actor="ann", codings=(Coding("tax", "oppose", .9),)),
    ...          Statement("d", TextSpan(20, 30, "y" * 10), actor="Cem", codings=(Coding("tax", "oppose", .6),))]
    >>> a = agreement_with_gold(gold, found)
    >>> a["tuples"]["precision"], a["tuples"]["recall"], a["statements"]["full"], a["statements"]["overlap"]
    (0.5, 0.5, 1, 2)
    """
    from sklearn.metrics import cohen_kappa_score

    same = canonical or (lambda name: name)
    gold = [replace(g, actor=same(g.actor)) if g.actor else g for g in gold]
    found = [replace(st, actor=same(st.actor)) if st.actor else st for st in found]
    docs = {g.doc for g in gold}
    by_doc: dict[str, list[Statement]] = {}
    for statement in found:
        if statement.doc_id in docs:
            by_doc.setdefault(statement.doc_id, []).append(statement)
    gold_rows = [(g.doc, actor, issue, stance) for g in gold if (actor := _actor(g.actor))
                 for issue, stance in g.codings]
    found_rows = [(s.doc_id, actor, c.issue, c.stance) for group in by_doc.values() for s in group
                  if (actor := _actor(s.actor)) for c in s.codings]
    gold_tuples = {row[1:] for row in gold_rows}
    found_tuples = {row[1:] for row in found_rows}
    tp = len(gold_tuples & found_tuples)
    counts, kappa_gold, kappa_found = _statement_matches(gold, by_doc)
    n = counts["gold_statements"]
    rates = {f"{k}_rate": (v / n if n else 0.0) for k, v in counts.items() if k != "gold_statements"}
    kappa = None
    if len(set(kappa_gold) | set(kappa_found)) >= 2 and kappa_gold:
        value = float(cohen_kappa_score(kappa_gold, kappa_found, labels=list(STANCE_LABELS)))
        kappa = None if value != value else value  # NaN when one side has a single label
    return {
        "tuples": {**_prf(tp, len(found_tuples) - tp, len(gold_tuples) - tp), "gold": len(gold_tuples),
                   "found": len(found_tuples)},
        "statements": {**counts, **rates},
        "kappa": {"cohen": kappa, "pairs": len(kappa_gold),
                  "agreement": (sum(a == b for a, b in zip(kappa_gold, kappa_found, strict=False)) / len(kappa_gold)
                                if kappa_gold else 0.0)},
        "network": network_correlation(gold_rows, found_rows),
    }
