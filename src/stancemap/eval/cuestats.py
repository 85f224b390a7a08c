"""Cue-word statistics from a brat attribution corpus (how ``nlp/data/cues.tsv`` was measured).

For every lemma (content words and prepositions) this counts how often it occurs
in the parsed texts and how often it lies inside an annotated ``Cue`` span. The
ratio is the lemma's *cue rate*: an estimate of how often the word signals an
attribution when it appears. ``cues.tsv`` keeps the counts measured on the
PolNeAR train split (``polnear_cue``, ``polnear_seen``).

:func:`frame_statistics` counts, for every lemma and complement frame (``C``
clause, ``X`` to-infinitive, ``O`` object, ``P:<prep>``), how often the
complement overlapped the content of an attribution the word cued: the
``frame_stats`` column of ``cues.tsv`` records the frames added from it (see
``nlp/data/CUES_CARD.md``).

Run ``python -m stancemap.eval.cuestats PATH_TO_BRAT_FOLDER > stats.tsv``, or
with ``--frames`` for the frame table.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable

from stancemap.ingest.brat import BratDocument, read_brat
from stancemap.nlp import load_pipeline


def cue_statistics(nlp, docs: Iterable[BratDocument], batch_size: int = 16) -> dict[str, tuple[int, int]]:
    """Return ``{lemma: (times inside a gold cue, times seen)}`` over ``docs``."""
    docs = list(docs)
    inside: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    texts = (d.article.text for d in docs)
    for bd, doc in zip(docs, nlp.pipe(texts, batch_size=batch_size), strict=False):
        covered = bytearray(len(bd.article.text) + 1)
        for g in bd.attributions:
            for a, b in g.cue:
                covered[a:b] = b"\x01" * (b - a)
        for tok in doc:
            if tok.pos_ not in ("VERB", "NOUN", "ADJ", "ADP", "AUX"):
                continue
            key = f"{tok.lemma_.lower()}/{tok.pos_}"
            seen[key] += 1
            if covered[tok.idx]:
                inside[key] += 1
    return {k: (inside[k], seen[k]) for k in seen}


def _frames(tok) -> list[tuple[str, int, int]]:
    """``(frame, first token, end token)`` of each complement of ``tok`` after it."""
    out = []
    for c in tok.children:
        if c.i < tok.i:
            continue
        if c.dep_ == "ccomp":
            out.append(("C", c.left_edge.i, c.right_edge.i + 1))
        elif c.dep_ == "xcomp" and any(k.dep_ == "aux" and k.text.lower() == "to" for k in c.children):
            out.append(("X", c.left_edge.i, c.right_edge.i + 1))
        elif c.dep_ == "dobj":
            out.append(("O", c.left_edge.i, c.right_edge.i + 1))
        elif c.dep_ == "prep":
            obj = [k for k in c.children if k.dep_ in ("pobj", "pcomp")]
            if obj:
                out.append(("P:" + c.text.lower(), obj[0].left_edge.i, obj[0].right_edge.i + 1))
        elif c.dep_ in ("acl", "relcl") and tok.pos_ == "NOUN" and any(
            k.dep_ == "mark" and k.text.lower() == "that" for k in c.children
        ):
            out.append(("C", c.left_edge.i, c.right_edge.i + 1))
    return out


def frame_statistics(
    nlp, docs: Iterable[BratDocument], batch_size: int = 16
) -> dict[tuple[str, str, str], tuple[int, int]]:
    """Return ``{(lemma, pos, frame): (times right, times seen)}`` over ``docs``.

    A frame occurrence is *right* when the word lies inside a gold ``Cue`` span and
    the complement overlaps the content of that same attribution.
    """
    docs = list(docs)
    seen: Counter[tuple[str, str, str]] = Counter()
    right: Counter[tuple[str, str, str]] = Counter()
    texts = (d.article.text for d in docs)
    for bd, doc in zip(docs, nlp.pipe(texts, batch_size=batch_size), strict=False):
        cue_at: dict[int, list[int]] = {}
        for gi, g in enumerate(bd.attributions):
            for a, b in g.cue:
                for x in range(a, b):
                    cue_at.setdefault(x, []).append(gi)
        for tok in doc:
            if tok.pos_ not in ("VERB", "NOUN", "ADJ"):
                continue
            frames = _frames(tok)
            if not frames:
                continue
            golds = [bd.attributions[gi] for gi in cue_at.get(tok.idx, ())]
            for frame, s, e in frames:
                key = (tok.lemma_.lower(), tok.pos_, frame)
                seen[key] += 1
                cs, ce = doc[s].idx, doc[e - 1].idx + len(doc[e - 1])
                if any(a < ce and cs < b for g in golds for a, b in g.content):
                    right[key] += 1
    return {k: (right[k], n) for k, n in seen.items()}


def main(argv: list[str] | None = None) -> None:
    args = list(argv if argv is not None else sys.argv[1:])
    frames = "--frames" in args
    args = [a for a in args if a != "--frames"]
    nlp = load_pipeline(args[1] if len(args) > 1 else None)
    if frames:
        fstats = frame_statistics(nlp, read_brat(args[0]))
        print("lemma\tpos\tframe\tright\tseen\trate")
        for (lemma, pos, frame), (r, n) in sorted(fstats.items(), key=lambda kv: -kv[1][0]):
            if r >= 2:
                print(f"{lemma}\t{pos}\t{frame}\t{r}\t{n}\t{r / n:.3f}")
        return
    stats = cue_statistics(nlp, read_brat(args[0]))
    rows = sorted(stats.items(), key=lambda kv: -kv[1][0])
    print("lemma\tpos\tcue\tseen\trate")
    for key, (c, s) in rows:
        if c >= 2:
            lemma, pos = key.rsplit("/", 1)
            print(f"{lemma}\t{pos}\t{c}\t{s}\t{c / s:.3f}")


if __name__ == "__main__":
    main()
