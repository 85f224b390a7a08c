"""Draw the statement sample behind benchmarks/data/polnear_train2_stance_gold.jsonl.

A second train sample, drawn so that it shares no statement with an existing gold file and
leans harder on topical statements (the first train sample had too few relevant pairs):

    python benchmarks/make_stance_gold_sample2.py STATEMENTS.jsonl CODEBOOK.yaml \
        --texts /work/shared/data/polnear/train/text \
        --exclude benchmarks/data/polnear_train_stance_gold.jsonl [--out sample.jsonl]

Sample (seed ``random.Random(2027)`` by default):

* statements whose content overlaps (same doc, overlapping [content_start, content_end)) a
  statement of any ``--exclude`` gold file are removed before sampling, so that no statement is
  labelled twice even where the extractor now draws its span a little differently;
* documents whose text the readers repair (mojibake, W111) are left out: ``stancemap extract``
  gives offsets into the repaired text, and the gold's offsets index the file exactly as on disk;
* 100 statements drawn uniformly from the rest ("uniform");
* 200 drawn uniformly from the remaining statements whose content, or the sentence around it,
  contains a broad topical term of any codebook issue ("topical").

The broad term lists, the sentence window, de-duplication and sorting are those of
``make_stance_gold_sample.py`` (imported, not copied), so the two samples differ only in the
seed, the split and the exclusion.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_stance_gold_sample import compile_terms, sentence_span, unique_statements  # noqa: E402

from stancemap.ingest.repair import repair_mojibake  # noqa: E402

SEED = 2027
N_UNIFORM = 100
N_TOPICAL = 200


def load_excluded(paths: list[Path]) -> dict[str, list[tuple[int, int]]]:
    """The content spans of the gold statements to leave out, by document."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for p in paths:
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.strip():
                g = json.loads(line)
                spans.setdefault(g["doc"], []).append((g["content_start"], g["content_end"]))
    return spans


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("statements", type=Path, help="stancemap extract --format jsonl output")
    ap.add_argument("codebook", type=Path, help="codebook YAML (issue ids select the term lists)")
    ap.add_argument(
        "--texts",
        type=Path,
        default=Path("/work/shared/data/polnear/train/text"),
        help="folder with <doc>.txt (default: PolNeAR train)",
    )
    ap.add_argument(
        "--exclude",
        type=Path,
        action="append",
        default=[],
        help="gold JSONL whose statements must not be drawn again (repeatable)",
    )
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--n-uniform", type=int, default=N_UNIFORM)
    ap.add_argument("--n-topical", type=int, default=N_TOPICAL)
    ap.add_argument("--out", type=Path, default=None, help="write the sample here (default stdout)")
    args = ap.parse_args(argv)

    issue_ids = [i["id"] for i in yaml.safe_load(args.codebook.read_text(encoding="utf-8"))["issues"]]
    patterns = compile_terms(issue_ids)
    excluded = load_excluded(args.exclude)

    texts: dict[str, str] = {}
    repaired: set[str] = set()

    def text_of(doc: str) -> str:
        if doc not in texts:
            texts[doc] = (args.texts / f"{doc}.txt").read_text(encoding="utf-8")
            if repair_mojibake(texts[doc], doc)[1] is not None:
                repaired.add(doc)
        return texts[doc]

    statements = unique_statements(args.statements)
    rows = []
    n_same = n_overlap = n_repaired = 0
    for r in statements:
        key = (r["doc"], r["content"]["start"], r["content"]["end"])
        text_of(r["doc"])
        if r["doc"] in repaired:
            n_repaired += 1
            continue
        if overlaps(excluded.get(r["doc"], []), key[1], key[2]):
            if key[1:] in excluded[r["doc"]]:
                n_same += 1
            else:
                n_overlap += 1
            continue
        rows.append(r)

    topical_flags = []
    for r in rows:
        text = texts[r["doc"]]
        s, e = r["content"]["start"], r["content"]["end"]
        assert text[s:e] == r["content"]["text"], f"offsets do not match text in {r['doc']}"
        ls, le = sentence_span(text, s, e)
        topical_flags.append(sorted(i for i, p in patterns.items() if p.search(text[ls:le])))

    rng = random.Random(args.seed)
    uniform = rng.sample(range(len(rows)), args.n_uniform)
    taken = set(uniform)
    pool = [k for k, hits in enumerate(topical_flags) if hits and k not in taken]
    topical = rng.sample(pool, args.n_topical)

    out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout
    for label, idx in (("uniform", uniform), ("topical", topical)):
        for k in sorted(idx):
            r = rows[k]
            out.write(
                json.dumps(
                    {
                        "doc": r["doc"],
                        "content_start": r["content"]["start"],
                        "content_end": r["content"]["end"],
                        "sample": label,
                        "speaker_text": r["speaker"]["text"] if r.get("speaker") else None,
                        "kind": r.get("kind"),
                        "broad_terms": topical_flags[k],
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    if args.out:
        out.close()
    print(
        f"{len(statements)} statements after de-duplication; left out: {n_repaired} in {len(repaired)} "
        f"repaired documents, {n_same} already in --exclude, {n_overlap} overlapping one; "
        f"{len(rows)} left, "
        f"{sum(1 for h in topical_flags if h)} topical; "
        f"sampled {len(uniform)} uniform + {len(topical)} topical",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
