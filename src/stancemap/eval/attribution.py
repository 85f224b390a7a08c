"""Scoring extracted statements against hand-annotated attributions (brat / PolNeAR).

A predicted statement matches a gold attribution of the same document when
their contents overlap (by at least one character) and the predicted speaker
overlaps the gold source; when the gold attribution has no source, content
overlap alone is enough. Matching is one-to-one, greedy by overlap size (largest
content overlap first), which is what published PolNeAR scores use in spirit
(overlap-based relation matching).

Reported: relation precision / recall / F1, content-only precision / recall / F1
(speaker ignored, one-to-one again), P/R/F1 of the speaker, cue and content spans
each exact and by overlap, relation recall by gold kind (``direct``, ``mixed``
when the content is partly quoted, ``indirect``; see
:func:`stancemap.ingest.brat.parse_ann`), and counts. :func:`evaluate` also
measures throughput against a bare ``nlp.pipe`` parse of the same texts in the
same run; :func:`error_records` lists every miss and false positive with its
sentence for review.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence

from stancemap.actors.io import shared_starter_registry
from stancemap.ingest.brat import BratDocument, GoldAttribution
from stancemap.models import Statement
from stancemap.nlp import extract_many


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


#: gold kinds reported in ``recall_by_kind``
GOLD_KINDS = ("direct", "mixed", "indirect")
_EDGE = " \t\r\n.,;:"


def _hull(segs: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """The smallest span covering the (non-empty) ``segs``."""
    return min(a for a, _ in segs), max(b for _, b in segs)


def _norm(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """``span`` without whitespace and ``. , ; :`` at its edges (what "exact" compares)."""
    a, b = span
    if b > len(text):
        return a, b  # no text to compare edges with: spans as given
    while a < b and text[a] in _EDGE:
        a += 1
    while b > a and text[b - 1] in _EDGE:
        b -= 1
    return a, b


def _span_scores(
    gold: Sequence[GoldAttribution], predicted: Sequence[Statement], role: str, texts: dict[str, str]
) -> dict[str, dict[str, float]]:
    """Exact and overlap P/R/F1 of one role (``speaker``, ``cue`` or ``content``), one-to-one per document.

    Every gold attribution with that role is one gold span, every statement with it
    one predicted span (a speaker mentioned for two statements counts twice on both
    sides). Exact means equal after dropping whitespace and ``. , ; :`` at the edges.
    """
    gattr = {"speaker": "source", "cue": "cue", "content": "content"}[role]
    gold_spans: dict[str, list[tuple[int, Sequence[tuple[int, int]]]]] = {}
    n_gold = 0
    for g in gold:
        segs = getattr(g, gattr)
        if segs:
            gold_spans.setdefault(g.doc_id, []).append((n_gold, segs))
            n_gold += 1
    pred_spans: dict[str, list[tuple[int, int]]] = {}
    n_pred = 0
    for s in predicted:
        span = getattr(s, role)
        if span is not None:
            pred_spans.setdefault(s.doc_id, []).append((span.start, span.end))
            n_pred += 1
    exact = overlap = 0
    for doc_id, gl in gold_spans.items():
        text = texts.get(doc_id, "")
        pl = pred_spans.get(doc_id, [])
        if not pl:
            continue
        pairs = []
        for gi, segs in gl:
            for pj, (a, b) in enumerate(pl):
                ov = _overlap(segs, a, b)
                if ov > 0:
                    pairs.append((ov, gi, pj))
        pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
        used_g: set[int] = set()
        used_p: set[int] = set()
        for _, gi, pj in pairs:
            if gi not in used_g and pj not in used_p:
                used_g.add(gi)
                used_p.add(pj)
                overlap += 1
        gold_norm = Counter(_norm(text, _hull(segs)) for _, segs in gl)
        pred_norm = Counter(_norm(text, span) for span in pl)
        exact += sum((gold_norm & pred_norm).values())
    return {"exact": _prf(exact, n_pred, n_gold), "overlap": _prf(overlap, n_pred, n_gold)}


def score_attribution(
    gold: Sequence[GoldAttribution], predicted: Sequence[Statement], texts: dict[str, str] | None = None
) -> dict:
    """Score ``predicted`` statements against ``gold`` attributions.

    Parameters
    ----------
    gold : sequence of GoldAttribution
        From :func:`stancemap.ingest.brat.read_brat`; ``doc_id`` ties them to statements.
    predicted : sequence of Statement
        Statements of the same documents (``Statement.doc_id``).
    texts : dict, optional
        ``{doc_id: text}``; needed for exact span scores (edges are compared after
        dropping whitespace and ``. , ; :``); without it spans are compared as given.

    Returns
    -------
    dict
        ``relation`` and ``content`` (each ``precision``, ``recall``, ``f1``;
        ``content`` ignores the speaker), ``spans`` (``speaker``, ``cue``,
        ``content``, each ``exact`` and ``overlap`` P/R/F1), ``recall_by_kind``
        (relation recall on ``direct``, ``mixed`` and ``indirect`` gold),
        ``counts``, and ``matches`` / ``content_matches`` as ``(gold index,
        predicted index)`` pairs.

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
    texts = texts or {}
    return {
        "relation": _prf(len(rel), len(predicted), len(gold)),
        "content": _prf(len(con), len(predicted), len(gold)),
        "spans": {role: _span_scores(gold, predicted, role, texts) for role in ("speaker", "cue", "content")},
        "recall_by_kind": {k: round(hit_kinds[k] / kinds[k], 4) if kinds[k] else 0.0 for k in GOLD_KINDS},
        "counts": {
            "gold": len(gold),
            "predicted": len(predicted),
            "matched": len(rel),
            "content_matched": len(con),
            **{f"gold_{k}": kinds[k] for k in GOLD_KINDS},
        },
        "matches": rel,
        "content_matches": con,
    }


_SENT_END = re.compile(r"[.!?][\"”’')\]]*\s+|\n")


def sentence_around(text: str, start: int, end: int, limit: int = 800) -> str:
    """The sentence(s) of ``text`` holding ``[start, end)``: from the sentence end before to the one after.

    >>> sentence_around("One. Kim said it rains. Two.", 9, 13)
    'Kim said it rains.'
    """
    left = 0
    for m in _SENT_END.finditer(text, max(0, start - limit), start):
        if m.end() <= start:
            left = m.end()
    after = _SENT_END.search(text, end)
    right = after.start() + len(after.group(0).rstrip()) if after else len(text)
    return text[left:right].strip()[: 2 * limit]


def _span_json(text: str, segs) -> dict | None:
    if not segs:
        return None
    a, b = _hull(segs)
    return {"start": a, "end": b, "text": " … ".join(text[x:y] for x, y in segs)}


def error_records(gold: Sequence[GoldAttribution], predicted: Sequence[Statement], result: dict, texts: dict[str, str]):
    """Yield one dict per missed gold attribution and per false positive, with its sentence.

    ``type`` is ``miss`` or ``false_positive``; ``content_matched`` says whether
    the content was found with the wrong (or no) speaker; ``candidate`` is the
    statement (for a miss) or gold attribution (for a false positive) whose content
    it overlaps best, when there is one.
    """
    rel_g = {i for i, _ in result["matches"]}
    rel_p = {j for _, j in result["matches"]}
    con_g = dict(result["content_matches"])
    con_p = {j: i for i, j in result["content_matches"]}

    def stmt(s: Statement) -> dict:
        return {
            "speaker": s.speaker.to_dict() if s.speaker else None,
            "cue": s.cue.to_dict() if s.cue else None,
            "content": s.content.to_dict(),
            "kind": s.kind,
            "confidence": s.confidence,
        }

    def gold_json(g: GoldAttribution) -> dict:
        text = texts.get(g.doc_id, "")
        return {
            "id": g.id,
            "source": _span_json(text, g.source),
            "cue": _span_json(text, g.cue),
            "content": _span_json(text, g.content),
            "kind": g.kind,
        }

    for i, g in enumerate(gold):
        if i in rel_g:
            continue
        text = texts.get(g.doc_id, "")
        a, b = _hull(g.content)
        rec = {"type": "miss", "doc": g.doc_id, "kind": g.kind, "gold": gold_json(g),
               "content_matched": i in con_g, "sentence": sentence_around(text, a, b)}
        if i in con_g:
            rec["candidate"] = stmt(predicted[con_g[i]])
        yield rec
    for j, s in enumerate(predicted):
        if j in rel_p:
            continue
        text = texts.get(s.doc_id, "")
        rec = {"type": "false_positive", "doc": s.doc_id, "kind": s.kind, "predicted": stmt(s),
               "content_matched": j in con_p, "sentence": sentence_around(text, s.content.start, s.content.end)}
        if j in con_p:
            rec["candidate"] = gold_json(gold[con_p[j]])
        yield rec


def write_errors(path, records) -> int:
    """Write ``records`` as JSON Lines to ``path``; return how many were written."""
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return n


def evaluate(nlp, documents: Iterable[BratDocument], batch_size: int = 32) -> dict:
    """Extract statements from ``documents`` with ``nlp`` and score them; also time it.

    Throughput is reported as characters per second of the extractor and of a
    bare ``nlp.pipe`` parse of the same texts, run first in the same process,
    and their ratio (``speed_ratio`` = extractor time / bare parse time; 1.0
    means extraction adds nothing to parsing).
    """
    docs = list(documents)
    texts = [d.article.text for d in docs]
    chars = sum(len(t) for t in texts)
    for _ in nlp.pipe(texts[:3]):  # warm-up, so that neither timing pays for first-call setup
        pass
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    bare = time.perf_counter() - t0
    t0 = time.perf_counter()
    predicted: list[Statement] = []
    for _, statements in extract_many(nlp, (d.article for d in docs), batch_size=batch_size,
                                        known=shared_starter_registry()):
        predicted.extend(statements)
    ours = time.perf_counter() - t0
    gold = [g for d in docs for g in d.attributions]
    texts_by_id = {d.article.doc_id: d.article.text for d in docs}
    result = score_attribution(gold, predicted, texts_by_id)
    result["speed"] = {
        "documents": len(docs),
        "characters": chars,
        "bare_parse_seconds": round(bare, 3),
        "extract_seconds": round(ours, 3),
        "bare_chars_per_second": round(chars / bare) if bare else None,
        "extract_chars_per_second": round(chars / ours) if ours else None,
        "bare_articles_per_second": round(len(docs) / bare, 2) if bare else None,
        "articles_per_second": round(len(docs) / ours, 2) if ours else None,
        "speed_ratio": round(ours / bare, 3) if bare else None,
    }
    result["predicted"] = predicted
    result["gold"] = gold
    result["texts"] = texts_by_id
    return result
