"""Draw the statement sample behind benchmarks/data/polnear_dev_stance_gold.jsonl.

Reproducible: the same statements file (from ``stancemap extract <dev/text> --format jsonl``,
run WITHOUT ``--codebook``) and the same codebook give the same 300 statements.

    python benchmarks/make_stance_gold_sample.py STATEMENTS.jsonl CODEBOOK.yaml \
        [--texts /work/shared/data/polnear/dev/text] [--out sample.jsonl]

Sample (seed ``random.Random(2026)``):

* 150 statements drawn uniformly from all statements ("uniform");
* 150 drawn uniformly from the remaining statements whose content, or the sentence around it,
  contains a broad topical term of any codebook issue ("topical").

The broad term lists below were written from the issue topics before looking at which
statements match them; they are deliberately wider than the codebook keywords (paraphrases,
names of the actors in the story) so that the topical half does not favour the coder's keywords.
Statements are de-duplicated on (doc, content start, content end) and sorted before sampling.
Every issue id of the codebook must have a term list here.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

import yaml

SEED = 2026
N_UNIFORM = 150
N_TOPICAL = 150

#: Broad topical terms per issue: case-insensitive regexes, each anchored at a word start.
BROAD_TERMS: dict[str, list[str]] = {
    "clinton-emails": [r"e-?mails?", r"servers?", r"FBI", r"Comey", r"classified", r"subpoena",
                       r"deleted", r"Abedin", r"Huma", r"Cheryl Mills", r"immunity", r"Benghazi"],
    "trump-tax-returns": [r"tax", r"returns?\b", r"IRS\b", r"Internal Revenue", r"audit",
                          r"\$916", r"disclos", r"financial records"],
    "border-wall-deportation": [r"wall\b", r"immigra", r"deport", r"border", r"undocumented",
                                r"illegals?\b", r"illegally", r"amnesty", r"citizenship", r"Mexic",
                                r"migrant", r"Latino", r"Hispanic"],
    "muslim-entry-ban": [r"Muslim", r"Islam", r"refugee", r"ban\b", r"banning", r"vetting",
                         r"vetted", r"terror", r"immigra", r"Syria"],
    "trade-deals": [r"trade", r"NAFTA", r"TPP", r"Trans-Pacific", r"tariff", r"jobs?\b",
                    r"manufactur", r"outsourc", r"China", r"Chinese", r"factor(y|ies)",
                    r"globaliz", r"workers?\b"],
    "trump-fitness": [r"temperament", r"fit\b", r"unfit", r"fitness", r"qualifi", r"unqualifi",
                      r"commander", r"stable", r"unstable", r"dangerous", r"judg(e)?ment",
                      r"nuclear", r"presidential", r"erratic", r"character"],
    "obamacare-repeal": [r"Obamacare", r"Affordable Care", r"ACA\b", r"health", r"insur",
                         r"premium", r"repeal", r"medicaid", r"coverage"],
    "climate-action": [r"climate", r"warming", r"carbon", r"emission", r"Paris", r"coal",
                       r"energy", r"greenhouse", r"pollut", r"Clean Power", r"EPA\b",
                       r"renewable", r"fossil", r"solar"],
}

_SENT_END = re.compile(r"[.!?][\"'\u201d\u2019)]*\s+|\n")


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence(s) around ``text[start:end]``: from the last sentence end (or newline)
    before ``start`` to the first one at or after ``end``."""
    left = 0
    for m in _SENT_END.finditer(text, 0, start):
        left = m.end()
    m = _SENT_END.search(text, end)
    right = m.start() + 1 if m else len(text)
    return left, right


def compile_terms(issue_ids: list[str]) -> dict[str, re.Pattern[str]]:
    missing = [i for i in issue_ids if i not in BROAD_TERMS]
    if missing:
        sys.exit(f"no broad term list for issue(s): {', '.join(missing)}; add them to BROAD_TERMS")
    return {i: re.compile(r"\b(?:" + "|".join(BROAD_TERMS[i]) + ")", re.IGNORECASE)
            for i in issue_ids}


def unique_statements(path: Path) -> list[dict]:
    """The statements of an extract output, one per (doc, content start, content end), sorted by that key."""
    found: dict[tuple[str, int, int], dict] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            found.setdefault((r["doc"], r["content"]["start"], r["content"]["end"]), r)
    return [found[key] for key in sorted(found)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("statements", type=Path, help="stancemap extract --format jsonl output")
    ap.add_argument("codebook", type=Path, help="codebook YAML (issue ids select the term lists)")
    ap.add_argument("--texts", type=Path, default=Path("/work/shared/data/polnear/dev/text"),
                    help="folder with <doc>.txt (default: PolNeAR dev)")
    ap.add_argument("--out", type=Path, default=None, help="write the sample here (default stdout)")
    args = ap.parse_args(argv)

    issue_ids = [i["id"] for i in yaml.safe_load(args.codebook.read_text(encoding="utf-8"))["issues"]]
    patterns = compile_terms(issue_ids)

    rows = unique_statements(args.statements)

    texts: dict[str, str] = {}
    topical_flags = []
    for r in rows:
        if r["doc"] not in texts:
            texts[r["doc"]] = (args.texts / f"{r['doc']}.txt").read_text(encoding="utf-8")
        text = texts[r["doc"]]
        s, e = r["content"]["start"], r["content"]["end"]
        assert text[s:e] == r["content"]["text"], f"offsets do not match text in {r['doc']}"
        ls, le = sentence_span(text, s, e)
        window = text[ls:le]
        hits = sorted(i for i, p in patterns.items() if p.search(window))
        topical_flags.append(hits)

    rng = random.Random(SEED)
    uniform = rng.sample(range(len(rows)), N_UNIFORM)
    taken = set(uniform)
    pool = [k for k, hits in enumerate(topical_flags) if hits and k not in taken]
    topical = rng.sample(pool, N_TOPICAL)

    out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout
    for label, idx in (("uniform", uniform), ("topical", topical)):
        for k in sorted(idx):
            r = rows[k]
            out.write(json.dumps({
                "doc": r["doc"], "content_start": r["content"]["start"],
                "content_end": r["content"]["end"], "sample": label,
                "speaker_text": r["speaker"]["text"] if r.get("speaker") else None,
                "kind": r.get("kind"), "broad_terms": topical_flags[k],
            }, ensure_ascii=False) + "\n")
    if args.out:
        out.close()
    print(f"{len(rows)} statements, {sum(1 for h in topical_flags if h)} topical; "
          f"sampled {len(uniform)} uniform + {len(topical)} topical", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
