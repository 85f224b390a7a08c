"""Draw the statement sample behind benchmarks/data/polnear_train3_stance_gold.jsonl.

A third train sample, drawn where the default coder *codes*: the first two samples measure
relevance on statements drawn uniformly or by broad topical words, and most of what a user
reads is the coder's codings, so this one takes most of its statements from a store the
default coder made::

    stancemap run --codebook benchmarks/data/polnear_codebook.yaml \\
        --metadata ../shared/data/polnear/metadata.tsv --db train.db ../shared/data/polnear/train/text
    python benchmarks/make_stance_gold_sample3.py train.db benchmarks/data/polnear_codebook.yaml \\
        --texts ../shared/data/polnear/train/text \\
        --exclude benchmarks/data/polnear_train_stance_gold.jsonl \\
        --exclude benchmarks/data/polnear_train2_stance_gold.jsonl [--out sample.jsonl]

Sample (seed ``random.Random(2028)`` by default), from the store's statements:

* statements overlapping one of an ``--exclude`` gold file are removed, and so are those of
  documents whose stored text differs from the file on disk (the readers repaired it: the
  gold's offsets index the file exactly as on disk);
* 200 statements drawn uniformly from those the coder coded on at least one issue ("coded");
* 100 drawn uniformly from the others whose content or sentence holds a broad topical term of
  an issue ("topical", the term lists of ``make_stance_gold_sample.py``).

The file written holds no coding of the machine's, so that the labeller is not led by it.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_stance_gold_sample import compile_terms, sentence_span  # noqa: E402
from make_stance_gold_sample2 import load_excluded, overlaps  # noqa: E402

SEED = 2028
N_CODED = 200
N_TOPICAL = 100

_STATEMENTS = """
SELECT d.doc_id, d.text, s.content_start, s.content_end, s.speaker_name, s.kind,
       EXISTS (SELECT 1 FROM codings c WHERE c.statement_id = s.id) AS coded
FROM statements s JOIN documents d ON d.id = s.document_id
ORDER BY d.doc_id, s.content_start, s.content_end
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db", type=Path, help="SQLite store the default coder coded (stancemap run)")
    ap.add_argument("codebook", type=Path, help="codebook YAML (issue ids select the term lists)")
    ap.add_argument("--texts", type=Path, required=True, help="folder with <doc>.txt, as on disk")
    ap.add_argument("--exclude", type=Path, action="append", default=[],
                    help="gold JSONL whose statements must not be drawn again (repeatable)")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--n-coded", type=int, default=N_CODED)
    ap.add_argument("--n-topical", type=int, default=N_TOPICAL)
    ap.add_argument("--out", type=Path, default=None, help="write the sample here (default stdout)")
    args = ap.parse_args(argv)

    issue_ids = [i["id"] for i in yaml.safe_load(args.codebook.read_text(encoding="utf-8"))["issues"]]
    patterns = compile_terms(issue_ids)
    excluded = load_excluded(args.exclude)
    on_disk: dict[str, str] = {}
    coded, topical, seen = [], [], set()
    n_repaired = n_excluded = 0
    with sqlite3.connect(f"file:{args.db}?mode=ro", uri=True) as con:
        for doc, text, start, end, speaker, kind, is_coded in con.execute(_STATEMENTS):
            if doc not in on_disk:
                on_disk[doc] = (args.texts / f"{doc}.txt").read_text(encoding="utf-8")
            if on_disk[doc] != text:
                n_repaired += 1
                continue
            if overlaps(excluded.get(doc, []), start, end) or (doc, start, end) in seen:
                n_excluded += 1
                continue
            seen.add((doc, start, end))
            row = {"doc": doc, "content_start": start, "content_end": end, "speaker_text": speaker, "kind": kind}
            if is_coded:
                coded.append(row)
            else:
                ls, le = sentence_span(text, start, end)
                if any(p.search(text[ls:le]) for p in patterns.values()):
                    topical.append(row)
    rng = random.Random(args.seed)
    drawn = [("coded", r) for r in rng.sample(coded, args.n_coded)]
    drawn += [("topical", r) for r in rng.sample(topical, args.n_topical)]
    drawn.sort(key=lambda x: (x[1]["doc"], x[1]["content_start"]))
    out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout
    for label, r in drawn:
        text = on_disk[r["doc"]]
        out.write(json.dumps({**r, "excerpt": text[r["content_start"]:r["content_end"]][:60], "sample": label},
                             ensure_ascii=False) + "\n")
    if args.out:
        out.close()
    print(f"left out: {n_repaired} statements of repaired documents, {n_excluded} in or overlapping --exclude; "
          f"{len(coded)} coded and {len(topical)} topical left; sampled {args.n_coded} coded + {args.n_topical} "
          "topical", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
