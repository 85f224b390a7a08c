"""Write a project corrections file from hand-coded gold, as ``stancemap stance learn`` writes it from reviews.

What a researcher's corrections teach a run on *other* articles: the codings of a stance gold (statements,
as ``stancemap eval coding`` reads them) or of a sentence-stance gold (``eval_news_sentences.py``'s format)
become the per-issue corrections of ``--out``, in the format of ``<db>.corrections.json``. Put the file next
to a copy of a store (``dev.db`` -> ``dev.corrections.json``), run ``stancemap stance recode --all`` on it
and score it with ``stancemap eval coding``. A statement's correction is its content (the gold has no cue);
a sentence's is the sentence. Run::

    python benchmarks/corrections_from_gold.py --statements benchmarks/data/polnear_train_stance_gold.jsonl \\
        benchmarks/data/polnear_train2_stance_gold.jsonl --texts ../shared/data/polnear/train/text \\
        --codebook benchmarks/data/polnear_codebook.yaml --out /tmp/dev.corrections.json
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from eval_news_sentences import read_sentences

from stancemap.eval.coding import read_gold
from stancemap.stance.codebook import load_codebook
from stancemap.training import CORRECTIONS_FORMAT


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=Path, nargs="*", default=[], help="stance gold files (statements)")
    parser.add_argument("--sentences", type=Path, nargs="*", default=[], help="sentence-stance gold files")
    parser.add_argument("--texts", type=Path, required=True, help="the folder of the gold's <doc>.txt files")
    parser.add_argument("--codebook", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    issues = load_codebook(args.codebook).issues
    claims = {issue.id: issue.claim for issue in issues}
    found: dict[str, list[list[str]]] = {}
    for gold in args.statements:
        for row in read_gold(gold):
            content = (args.texts / f"{row.doc}.txt").read_text(encoding="utf-8")[row.start:row.end]
            for issue, stance in row.codings:
                found.setdefault(issue, []).append([content, stance])
    by_claim = {claim: issue for issue, claim in claims.items()}
    for gold in args.sentences:
        for claim, sentence, stance, _ in read_sentences(gold, args.texts, claims):
            found.setdefault(by_claim[claim], []).append([sentence, stance])
    data = {"format": CORRECTIONS_FORMAT,
            "issues": {issue: {"claim": claims[issue], "corrections": rows} for issue, rows in sorted(found.items())}}
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for issue, rows in sorted(found.items()):
        print(issue, len(rows), dict(Counter(label for _, label in rows)))


if __name__ == "__main__":
    main()
