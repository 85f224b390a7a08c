"""Benchmark: attribution extraction against a bare spaCy parse of the same texts, in one run.

Run with ``make bench``. The texts come from the folder in the environment variable
``STANCEMAP_BENCH_TEXTS`` (default: PolNeAR train beside the project,
``../shared/data/polnear/train/text``); the benchmark is skipped, with the reason,
when the folder is missing. ``STANCEMAP_BENCH_LIMIT=N`` uses the first N texts.

Measured in this run, on this machine, after one warm-up pass over a few texts:

- ``bare_parse_s``: ``nlp.pipe`` over the texts (what any spaCy user pays), the mean of a
  run before and a run after the extraction;
- ``extract_s``: :func:`stancemap.nlp.extract_many` over the same texts (chunking,
  line-break sentence starts, the parse, the rule pass, conversion to Statements);
- ``extract_vs_bare``: their ratio (issue 3 asks for at most 1.15);
- ``rule_pass_s`` / ``rule_pass_vs_bare``: the rule pass and conversion alone, timed on
  the Docs the extraction parsed, so the parser's run-to-run noise does not hide it.

A second test checks that a long article (the texts joined to about 950,000 characters,
cut into chunks by :func:`stancemap.nlp.split_chunks`) costs time in proportion to its
length: seconds per million characters at a quarter, half and the whole.

Results go to ``benchmarks/results/bench_extraction.{md,json}``.
"""

from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path

import pytest

from stancemap.actors.io import shared_starter_registry
from stancemap.models import Article
from stancemap.nlp import extract_many, load_pipeline
from stancemap.nlp.attribution import match
from stancemap.nlp.convert import to_statements
from stancemap.nlp.extract import _tasks

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results"
TEXTS = Path(os.environ.get("STANCEMAP_BENCH_TEXTS", ROOT.parent / "shared" / "data" / "polnear" / "train" / "text"))
LIMIT = int(os.environ.get("STANCEMAP_BENCH_LIMIT", "0"))
BATCH = 32
LONG_CHARS = 950_000

pytestmark = [
    pytest.mark.bench,
    pytest.mark.timeout(3600),  # three passes over PolNeAR train take longer than the suite's default
    pytest.mark.skipif(not TEXTS.is_dir(), reason=f"no texts at {TEXTS}; set STANCEMAP_BENCH_TEXTS to a folder of .txt files"),
]

#: The packaged actor registry, as the pipeline passes it to extraction.
KNOWN = shared_starter_registry()


def _articles() -> list[Article]:
    paths = sorted(TEXTS.glob("*.txt"))
    if LIMIT:
        paths = paths[:LIMIT]
    return [Article(doc_id=p.stem, text=p.read_text(encoding="utf-8"), origin=str(p)) for p in paths]


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _write(name: str, title: str, rows: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    table = [f"# {title}", "", "| measure | value |", "| --- | ---: |"]
    table += [f"| {k} | {v} |" for k, v in rows.items()]
    (RESULTS / f"{name}.md").write_text("\n".join(table) + "\n", encoding="utf-8")
    print("\n" + "\n".join(table))


def _machine() -> str:
    return f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs"


def test_extraction_against_bare_parse():
    articles = _articles()
    assert articles, f"no .txt files in {TEXTS}"
    texts = [a.text for a in articles]
    nlp = load_pipeline()
    for _ in nlp.pipe(texts[:5]):  # warm-up: load vectors, allocate
        pass
    for _ in extract_many(nlp, articles[:5], known=KNOWN):
        pass

    n_statements = 0

    def run() -> None:
        nonlocal n_statements
        for _, found in extract_many(nlp, articles, batch_size=BATCH, known=KNOWN):
            n_statements += len(found)

    # bare, extraction, bare again: the mean of the two bare parses brackets the extraction
    # in time, so that drift in the machine's speed during the run does not bias the ratio
    bare_1 = _timed(lambda: [None for _ in nlp.pipe(texts, batch_size=BATCH)])
    extract = _timed(run)
    bare_2 = _timed(lambda: [None for _ in nlp.pipe(texts, batch_size=BATCH)])
    bare = (bare_1 + bare_2) / 2
    parsed = list(nlp.pipe(_tasks(nlp, articles), as_tuples=True, batch_size=BATCH))
    rules = _timed(lambda: [to_statements(doc, match(doc), art, off, known=KNOWN) for doc, (art, off, _, _) in parsed])

    rows = {
        "documents": len(texts),
        "characters": sum(len(t) for t in texts),
        "statements": n_statements,
        "bare_parse_s": round(bare, 2),
        "bare_parse_runs_s": f"{bare_1:.2f}, {bare_2:.2f}",
        "extract_s": round(extract, 2),
        "extract_vs_bare": round(extract / bare, 3),
        "rule_pass_s": round(rules, 2),
        "rule_pass_vs_bare": round(rules / bare, 3),
        "bare_articles_per_s": round(len(texts) / bare, 2),
        "extract_articles_per_s": round(len(texts) / extract, 2),
        "machine": _machine(),
        "texts": str(TEXTS),
        "limit": LIMIT or "all",
    }
    _write("bench_extraction", "Extraction benchmark (issue 3: extract_vs_bare <= 1.15)", rows)
    assert n_statements > 0


def test_long_article_scales_linearly():
    nlp = load_pipeline()
    parts: list[str] = []
    size = 0
    for article in _articles():
        parts.append(article.text)
        size += len(article.text) + 2
        if size >= LONG_CHARS:
            break
    text = "\n\n".join(parts)[:LONG_CHARS]
    rows: dict[str, object] = {"characters": len(text)}
    per_mchar = []
    for frac in (4, 2, 1):
        piece = text[: len(text) // frac]
        seconds = _timed(lambda: list(extract_many(nlp, [Article("long", piece)], known=KNOWN)))
        per_mchar.append(seconds / (len(piece) / 1e6))
        rows[f"s_per_million_chars_at_1/{frac}"] = round(per_mchar[-1], 2)
    rows["whole_vs_quarter"] = round(per_mchar[-1] / per_mchar[0], 3)
    rows["machine"] = _machine()
    _write("bench_extraction_long", "One long article: seconds per million characters by length", rows)
    assert per_mchar[-1] < 2.0 * per_mchar[0], "extraction time grows faster than the article"
