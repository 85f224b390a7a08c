"""An own-voice set as a hand-coded DNA database of hearings: the shape of issue 15's held-out hearing check.

A researcher's DNA database holds the documents (here with an empty ``Type``, as many do,
and no speaker metadata: DNA documents have none), the statements they coded
(person, organisation, concept, agreement) and the concepts as bare sentences. This
script writes such a file from an own-voice set (``benchmarks/data/ownvoice`` or
``ownvoice_train``): every gold statement with a side, its speaker as the person, its
issue's claim as the concept. ``neutral`` gold codings have no DNA agreement and are
left out, as DNA leaves them out. Then the whole product runs on it, as a user would::

    python benchmarks/ownvoice_as_dna.py benchmarks/data/ownvoice /tmp/ov.dna
    stancemap run /tmp/ov.dna --db sqlite:////tmp/ov_dna.db
    stancemap eval coding --gold /tmp/ov.dna --db sqlite:////tmp/ov_dna.db --codebook /tmp/ov.codebook.yaml

(``stancemap run`` writes the concepts' codebook next to the store, ``/tmp/ov_dna.codebook.yaml``,
unless ``--write-codebook`` names another file.)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from stancemap.models import Coding, DocumentInfo, Statement, StoredStatement, TextSpan
from stancemap.report.dna import write_dna
from stancemap.stance import load_codebook


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("set", type=Path, help="an own-voice set folder (documents.jsonl, gold.jsonl, codebook.yaml)")
    parser.add_argument("out", type=Path, help="the .dna file to write")
    parser.add_argument("--last-first", action="store_true",
                        help='write each person as "Surname, Given names", as many DNA coders do')
    args = parser.parse_args(argv)
    docs = [json.loads(line) for line in (args.set / "documents.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    texts = {d["id"]: (args.set / d["text_path"]).read_text(encoding="utf-8") for d in docs}
    infos = {d["id"]: DocumentInfo(n, d["id"], 1, date=dt.date.fromisoformat(d["date"]), title=d.get("title"),
                                   source=d.get("source")) for n, d in enumerate(docs, 1)}
    issues = {issue.id: issue for issue in load_codebook(args.set / "codebook.yaml").issues}
    found = []
    for n, line in enumerate((args.set / "gold.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        gold = json.loads(line)
        codings = tuple(Coding(c["issue"], c["stance"], 1.0, "person:gold") for c in gold["codings"]
                        if c["stance"] in ("support", "oppose"))
        if not codings or not gold.get("speaker"):
            continue
        start, end = gold["content_start"], gold["content_end"]
        person = gold["speaker"]
        if args.last_first and " " in person:
            given, surname = person.rsplit(" ", 1)
            person = f"{surname}, {given}"
        statement = Statement(gold["doc"], TextSpan(start, end, texts[gold["doc"]][start:end]),
                              actor=person, actor_type="person",
                              actor_affiliation=gold.get("organisation"), codings=codings)
        found.append(StoredStatement(n, statement, infos[gold["doc"]]))
    bare = {i: issue.__class__(id=issue.id, label=issue.claim, claim=issue.claim) for i, issue in issues.items()}
    summary = write_dna(found, args.out, texts=lambda info: texts[info.doc_id], issues=bare,
                        documents=infos.values())
    print(f"{args.out}: {len(infos)} documents, {len(found)} coded statements ({summary})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
