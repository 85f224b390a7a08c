"""Benchmark: recoding a stored corpus against a changed codebook, in statements per second.

Run with ``make bench`` (or ``pytest -m bench -s benchmarks/bench_recode.py``). The texts
come from ``STANCEMAP_BENCH_TEXTS`` (default PolNeAR train beside the project); the first
``STANCEMAP_BENCH_RECODE_LIMIT`` texts (sorted by name, default 200; ``0`` for all) are
run once into a fresh SQLite store with the codebook ``STANCEMAP_BENCH_CODEBOOK``
(default ``benchmarks/data/polnear_codebook.yaml``, eight issues). Then every stored
statement is recoded (``recode_store(everything=True)``, which reuses the stored
embeddings and parses nothing), ``STANCEMAP_BENCH_ROUNDS`` times (default 3); the fastest
round is the headline. Target: at least 2,000 statements per second.

Results are written as markdown and JSON to ``benchmarks/results/``.
"""

from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path

import pytest
from paths import RESULTS, ROOT, TEXTS

from stancemap import workflows
from stancemap.recoding import recode_store
from stancemap.stance.codebook import load_codebook
from stancemap.stance.coders import get_coder
from stancemap.store import Store

LIMIT = int(os.environ.get("STANCEMAP_BENCH_RECODE_LIMIT", "200"))
ROUNDS = int(os.environ.get("STANCEMAP_BENCH_ROUNDS", "3"))
CODEBOOK = Path(os.environ.get("STANCEMAP_BENCH_CODEBOOK", ROOT / "benchmarks" / "data" / "polnear_codebook.yaml"))
TARGET = 2000.0

pytestmark = pytest.mark.bench


@pytest.mark.skipif(not TEXTS.is_dir(), reason=f"no texts at {TEXTS}; set STANCEMAP_BENCH_TEXTS to a folder of .txt files")
def test_recoding_speed(tmp_path: Path) -> None:
    source = tmp_path / "texts"
    source.mkdir()
    files = sorted(TEXTS.glob("*.txt"))
    for path in files[:LIMIT] if LIMIT else files:
        (source / path.name).write_bytes(path.read_bytes())
    db = f"sqlite:///{tmp_path / 'store.db'}"
    started = time.perf_counter()
    summary = workflows.run([source], db=db, codebook=CODEBOOK)
    run_seconds = time.perf_counter() - started
    codebook = load_codebook(CODEBOOK)
    coder = get_coder(workflows.DEFAULT_CODER)
    rounds = []
    with Store.open(db) as store:
        for _ in range(ROUNDS):
            started = time.perf_counter()
            done = recode_store(store, codebook, coder, everything=True)
            rounds.append((time.perf_counter() - started, done.statements, done.codings))
    best = min(seconds for seconds, _, _ in rounds)
    statements = rounds[0][1]
    rate = statements / best if best else 0.0
    result = {
        "texts": summary.documents_read, "statements": statements, "codings": rounds[0][2],
        "issues": len(codebook.issues), "coder": workflows.DEFAULT_CODER, "run_seconds": round(run_seconds, 2),
        "recode_seconds": [round(s, 3) for s, _, _ in rounds], "statements_per_second": round(rate, 1),
        "target": TARGET, "python": platform.python_version(), "cpus": os.cpu_count(),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench_recode.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    (RESULTS / "bench_recode.md").write_text(
        "# Recoding a stored corpus (no re-parsing, stored embeddings)\n\n"
        f"{summary.documents_read} texts from `{TEXTS.name}`, {statements} statements, {len(codebook.issues)} issues "
        f"(`{CODEBOOK.name}`), coder `{workflows.DEFAULT_CODER}`; main job {run_seconds:.1f} s.\n\n"
        "| round | seconds | statements/s |\n| --- | ---: | ---: |\n"
        + "".join(f"| {i + 1} | {s:.3f} | {n / s:,.0f} |\n" for i, (s, n, _) in enumerate(rounds))
        + f"\n**Fastest: {rate:,.0f} statements/s** (target at least {TARGET:,.0f}).\n"
        "\nThe first recode after a run also embeds each document once for the relevance's document feature and\n"
        "keeps its vector in the store; the later ones read it back (statements' vectors are kept by the run).\n",
        encoding="utf-8")
    print(json.dumps(result))
    assert statements > 0
