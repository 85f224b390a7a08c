"""Cue-word statistics from a brat attribution corpus (how ``nlp/data/cues.tsv`` was measured).

For every lemma (content words and prepositions) this counts how often it occurs
in the parsed texts and how often it lies inside an annotated ``Cue`` span. The
ratio is the lemma's *cue rate*: an estimate of how often the word signals an
attribution when it appears. ``cues.tsv`` keeps the counts measured on the
PolNeAR train split (``polnear_cue``, ``polnear_seen``).

Run ``python -m stancemap.eval.cuestats PATH_TO_BRAT_FOLDER > stats.tsv``.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable

from stancemap.ingest.brat import BratDocument, read_brat


def cue_statistics(nlp, docs: Iterable[BratDocument], batch_size: int = 16) -> dict[str, tuple[int, int]]:
    """Return ``{lemma: (times inside a gold cue, times seen)}`` over ``docs``."""
    docs = list(docs)
    inside: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    texts = (d.article.text for d in docs)
    for bd, doc in zip(docs, nlp.pipe(texts, batch_size=batch_size)):
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


def main(argv: list[str] | None = None) -> None:
    from stancemap.nlp import load_pipeline

    args = argv if argv is not None else sys.argv[1:]
    nlp = load_pipeline(args[1] if len(args) > 1 else None)
    stats = cue_statistics(nlp, read_brat(args[0]))
    rows = sorted(stats.items(), key=lambda kv: -kv[1][0])
    print("lemma\tpos\tcue\tseen\trate")
    for key, (c, s) in rows:
        if c >= 2:
            lemma, pos = key.rsplit("/", 1)
            print(f"{lemma}\t{pos}\t{c}\t{s}\t{c / s:.3f}")


if __name__ == "__main__":
    main()
