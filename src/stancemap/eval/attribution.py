"""Scoring extracted statements against hand-annotated attributions (brat / PolNeAR).

A predicted statement matches a gold attribution of the same document when
their contents overlap (by at least one character) and the predicted speaker
overlaps the gold source; when the gold attribution has no source, content
overlap alone is enough. Matching is one-to-one, greedy by overlap size (largest
content overlap first), which is what published PolNeAR scores use in spirit
(overlap-based relation matching).

Reported: relation precision / recall / F1, content-only precision / recall / F1
(speaker ignored, one-to-one again), recall by gold kind (``direct`` when the
gold content starts or ends with a quotation mark, else ``indirect``), and
counts. :func:`evaluate` also measures throughput against a bare ``nlp.pipe``
parse of the same texts in the same run.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Sequence

from stancemap.ingest.brat import BratDocument, GoldAttribution
from stancemap.models import Statement


def _overlap(segs: Sequence[tuple[int, int]], start: int, end: int) -> int:
    return sum(max(0, min(b, end) - max(a, start)) for a, b in segs)


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _match(
    gold: Sequence[GoldAttribution], predicted: Sequence[Statement], need_speaker: bool
) -> list[tuple[int, int]]:
    """One-to-one matches ``(gold index, predicted index)``, greedy by content overlap."""
    by_doc: dict[str, list[int]] = {}
    for j, s in enumerate(predicted):
        by_doc.setdefault(s.doc_id, []).append(j)
    pairs: list[tuple[int, int, int]] = []
    for i, g in enumerate(gold):
        for j in by_doc.get(g.doc_id, ()):
            s = predicted[j]
            ov = _overlap(g.content, s.content.start, s.content.end)
            if ov <= 0:
                continue
            if need_speaker and g.source:
                if s.speaker is None or _overlap(g.source, s.speaker.start, s.speaker.end) <= 0:
                    continue
            pairs.append((ov, i, j))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        out.append((i, j))
    return out


def score_attribution(gold: Sequence[GoldAttribution], predicted: Sequence[Statement]) -> dict:
    """Score ``predicted`` statements against ``gold`` attributions.

    Parameters
    ----------
    gold : sequence of GoldAttribution
        From :func:`stancemap.ingest.brat.read_brat`; ``doc_id`` ties them to statements.
    predicted : sequence of Statement
        Statements of the same documents (``Statement.doc_id``).

    Returns
    -------
    dict
        ``relation`` and ``content`` (each ``precision``, ``recall``, ``f1``),
        ``recall_by_kind`` (``direct``, ``indirect``), ``counts`` (gold,
        predicted, matched) and ``matched_by_rule`` is left to callers.

    Examples
    --------
    >>> from stancemap.models import TextSpan
    >>> g = GoldAttribution("d", "E1", content=((14, 22),), source=((0, 3),), cue=((4, 8),))
    >>> s = Statement("d", TextSpan(14, 22, "it rains"), speaker=TextSpan(0, 3, "Kim"))
    >>> score_attribution([g], [s])["relation"]
    {'precision': 1.0, 'recall': 1.0, 'f1': 1.0}
    """
    gold = list(gold)
    predicted = list(predicted)
    rel = _match(gold, predicted, need_speaker=True)
    con = _match(gold, predicted, need_speaker=False)
    kinds = Counter(g.kind for g in gold)
    hit_kinds = Counter(gold[i].kind for i, _ in rel)
    return {
        "relation": _prf(len(rel), len(predicted), len(gold)),
        "content": _prf(len(con), len(predicted), len(gold)),
        "recall_by_kind": {k: round(hit_kinds[k] / kinds[k], 4) if kinds[k] else 0.0 for k in ("direct", "indirect")},
        "counts": {
            "gold": len(gold),
            "predicted": len(predicted),
            "matched": len(rel),
            "content_matched": len(con),
            "gold_direct": kinds["direct"],
            "gold_indirect": kinds["indirect"],
        },
        "matches": rel,
    }


def evaluate(nlp, documents: Iterable[BratDocument], batch_size: int = 32) -> dict:
    """Extract statements from ``documents`` with ``nlp`` and score them; also time it.

    Throughput is reported as characters per second of the extractor and of a
    bare ``nlp.pipe`` parse of the same texts, run first in the same process,
    and their ratio (``speed_ratio`` = extractor time / bare parse time; 1.0
    means extraction adds nothing to parsing).
    """
    from stancemap.nlp import extract_many

    docs = list(documents)
    texts = [d.article.text for d in docs]
    chars = sum(len(t) for t in texts)
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    bare = time.perf_counter() - t0
    t0 = time.perf_counter()
    predicted: list[Statement] = []
    for _, statements in extract_many(nlp, (d.article for d in docs), batch_size=batch_size):
        predicted.extend(statements)
    ours = time.perf_counter() - t0
    gold = [g for d in docs for g in d.attributions]
    result = score_attribution(gold, predicted)
    result["speed"] = {
        "documents": len(docs),
        "characters": chars,
        "bare_parse_seconds": round(bare, 3),
        "extract_seconds": round(ours, 3),
        "bare_chars_per_second": round(chars / bare) if bare else None,
        "extract_chars_per_second": round(chars / ours) if ours else None,
        "speed_ratio": round(ours / bare, 3) if bare else None,
    }
    result["predicted"] = predicted
    result["gold"] = gold
    return result
