"""Benchmark: each network type from 10k, 100k and 1M synthetic statements, aggregated in SQL.

Run with ``make bench`` (pytest ``-m bench``). The corpus has the shape of a
real debate: 5,000 actors whose activity follows a Zipf law (a few speak
constantly, most once or twice), 50 issues of Zipf-distributed prominence,
actors who mostly speak on a few "home" issues with a stable stance, about
five statements per article over two years. Rows are inserted straight into a
temporary SQLite database with the schema's tables.

For each size and network type the table reports the CPU time of the process
that aggregates in SQL (SQLite runs in process) and builds the graph, and its
wall time (the best of three runs when a run takes under 20 s); growth is
judged on CPU time, which other work on a shared machine does not inflate, and the peak memory growth of the process doing it
(``VmHWM`` minus the resident size before, measured in a forked process per
run): the statement table never becomes Python objects, only one tally per
(actor, issue, stance). For comparison, the in-memory path (every statement
read into :class:`~stancemap.models.StoredStatement` records, then built) is
measured for the two-mode network up to 100k statements. Results are written as markdown and JSON to
``benchmarks/results/``. The target: time growth from 100k to 1M at most 12x.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import platform
import sqlite3
import time
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa

from stancemap.network import agreement, build, weights
from stancemap.store import aggregates, schema

RESULTS = Path(__file__).parent / "results"
SIZES = [int(s) for s in os.environ.get("STANCEMAP_BENCH_SIZES", "10000,100000,1000000").split(",")]
N_ACTORS = 5000
N_ISSUES = 50
PER_DOCUMENT = 5
START = dt.date(2023, 1, 1)
DAYS = 730

NETWORKS = {
    "two-mode (combine)": lambda t: build.two_mode(t),
    "two-mode (ignore, activity)": lambda t: build.two_mode(t, agreement=agreement.ignore,
                                                            normalization=agreement.activity),
    "congruence": lambda t: build.one_mode(t, weight=weights.congruence, evidence=False),
    "conflict": lambda t: build.one_mode(t, weight=weights.conflict, evidence=False),
    "subtract (jaccard)": lambda t: build.one_mode(t, weight=weights.subtract, normalization=weights.jaccard,
                                                   evidence=False),
    "cooccurrence": lambda t: build.cooccurrence(t, evidence=False),
}


def zipf_weights(n: int, s: float) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** s
    return w / w.sum()


def synthesise(path: Path, n: int, seed: int = 42) -> None:
    """Write ``n`` statements (one coding each) into a new SQLite database at ``path``."""
    engine = sa.create_engine(f"sqlite:///{path}")
    schema.metadata.create_all(engine)
    engine.dispose()
    rng = np.random.default_rng(seed)
    issue_p = zipf_weights(N_ISSUES, 1.0)
    # every actor has 1-4 home issues (drawn by prominence) and a stance on each
    homes = [rng.choice(N_ISSUES, size=rng.integers(1, 5), replace=False, p=issue_p) for _ in range(N_ACTORS)]
    home_stance = rng.random((N_ACTORS, N_ISSUES)) < 0.5
    actor = rng.choice(N_ACTORS, size=n, p=zipf_weights(N_ACTORS, 1.1))
    from_home = rng.random(n) < 0.9
    issue = rng.choice(N_ISSUES, size=n, p=issue_p)
    pick = rng.random(n)
    for i in np.nonzero(from_home)[0]:
        h = homes[actor[i]]
        issue[i] = h[int(pick[i] * len(h))]
    consistent = rng.random(n) < 0.85
    support = np.where(consistent, home_stance[actor, issue], ~home_stance[actor, issue])
    neutral = rng.random(n) < 0.1
    n_docs = max(1, n // PER_DOCUMENT)
    doc_of = np.sort(rng.integers(0, n_docs, size=n))
    doc_day = np.sort(rng.integers(0, DAYS, size=n_docs))
    conf_st = rng.uniform(0.5, 1.0, size=n).round(3)
    conf_c = rng.uniform(0.3, 1.0, size=n).round(3)
    types = ("person", "organisation", "country", "group")

    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.executemany(
        "INSERT INTO actors (id, name, type, affiliation, reviewed, created_at) VALUES (?, ?, ?, ?, 0, '2024-01-01')",
        ((a + 1, f"actor {a:04d}", types[a % 4], f"actor {a - a % 4 + 2:04d}" if a % 4 == 0 else None)
         for a in range(N_ACTORS)),
    )
    con.executemany(
        "INSERT INTO issues (id, label, claim, description) VALUES (?, ?, ?, '')",
        ((f"issue-{k:02d}", f"issue {k}", f"claim {k}") for k in range(N_ISSUES)),
    )
    con.executemany(
        "INSERT INTO documents (id, doc_id, version, content_hash, text, body_start, date, source, origin, created_at)"
        " VALUES (?, ?, 1, ?, '', 0, ?, ?, 'bench', '2024-01-01')",
        ((d + 1, f"doc{d}", f"h{d}", (START + dt.timedelta(days=int(doc_day[d]))).isoformat(), f"outlet {d % 40}")
         for d in range(n_docs)),
    )
    con.executemany(
        "INSERT INTO statements (id, document_id, content_start, content_end, content_text, kind, confidence, actor_id)"
        " VALUES (?, ?, 0, 10, 'said a thing', 'indirect', ?, ?)",
        ((i + 1, int(doc_of[i]) + 1, float(conf_st[i]), int(actor[i]) + 1) for i in range(n)),
    )
    con.executemany(
        "INSERT INTO codings (statement_id, issue_id, stance, confidence, relevance, origin, created_at)"
        " VALUES (?, ?, ?, ?, 1.0, 'model:keyword.v1', '2024-01-01')",
        ((i + 1, f"issue-{int(issue[i]):02d}",
          "neutral" if neutral[i] else ("support" if support[i] else "oppose"), float(conf_c[i]))
         for i in range(n)),
    )
    con.commit()
    con.execute("ANALYZE")
    con.close()


def _status(field: str) -> float:
    """A memory figure of this process from /proc (MB), e.g. ``VmRSS`` or ``VmHWM`` (peak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _run(url: str, name: str, in_memory: bool, conn) -> None:
    """In a forked child: aggregate, build, and send back times and the peak memory growth."""
    try:
        gc.collect()
        base = _status("VmRSS")
        c0 = time.process_time()
        t0 = time.perf_counter()
        if in_memory:
            from stancemap.analysis import select
            from stancemap.store.repository import Store

            store = Store(sa.create_engine(url))
            data = select(store.statements())
        else:
            data = aggregates.tallies(sa.create_engine(url))
        t1, c1 = time.perf_counter(), time.process_time()
        G = NETWORKS[name](data)
        t2, c2 = time.perf_counter(), time.process_time()
        conn.send({"sql_s": t1 - t0, "build_s": t2 - t1, "total_s": t2 - t0,
                   "sql_cpu_s": c1 - c0, "build_cpu_s": c2 - c1, "cpu_s": c2 - c0,
                   "peak_mb": _status("VmHWM") - base, "rows": len(data),
                   "nodes": G.number_of_nodes(), "edges": G.number_of_edges()})
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        conn.send({"error": repr(exc)})
    finally:
        conn.close()


def _once(url: str, name: str, in_memory: bool) -> dict:
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_run, args=(url, name, in_memory, child))
    process.start()
    child.close()
    result = parent.recv()
    process.join()
    if "error" in result:
        raise RuntimeError(f"{name}: {result['error']}")
    return result


def measure(url: str, name: str, *, in_memory: bool = False, repeat: int = 3, quick: float = 20.0) -> dict:
    """Time and peak memory growth of one network, each run in a fresh process (fork) so runs do not mix.

    Runs shorter than ``quick`` seconds are repeated ``repeat`` times and the
    fastest is kept (the usual defence against a busy machine); longer ones
    run once.
    """
    runs = [_once(url, name, in_memory)]
    while runs[0]["total_s"] < quick and len(runs) < repeat:
        runs.append(_once(url, name, in_memory))
    best = min(runs, key=lambda r: r["cpu_s"])
    return {**best, "runs": len(runs)}


def write_results(rows: list[dict]) -> str:
    RESULTS.mkdir(parents=True, exist_ok=True)
    lines = [
        "| statements | network | path | read/aggregate CPU (s) | build CPU (s) | total CPU (s) | total wall (s) "
        "| peak memory growth (MB) | rows in Python | nodes | edges |",
        "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['statements']:,} | {r['network']} | {r['path']} | {r['sql_cpu_s']:.2f} | {r['build_cpu_s']:.2f} "
            f"| {r['cpu_s']:.2f} | {r['total_s']:.2f} | {r['peak_mb']:.0f} | {r['rows']:,} | {r['nodes']:,} "
            f"| {r['edges']:,} |"
        )
    growth = []
    by = {(r["statements"], r["network"]): r for r in rows if r["path"] == "sql"}
    for name in NETWORKS:
        a, b = by.get((100_000, name)), by.get((1_000_000, name))
        if a and b:
            growth.append(f"| {name} | {b['cpu_s'] / a['cpu_s']:.1f}x | {b['total_s'] / a['total_s']:.1f}x |")
    if growth:
        lines += ["", "Time growth from 100k to 1M statements (target: at most 12x):", "",
                  "| network | CPU time growth | wall time growth |", "| --- | ---: | ---: |"] + growth
    machine = f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}, " \
              f"SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs"
    text = "\n".join([f"# Network benchmark ({dt.date.today().isoformat()}; {machine})", "", *lines, ""])
    (RESULTS / "bench_network.md").write_text(text, encoding="utf-8")
    (RESULTS / "bench_network.json").write_text(
        json.dumps({"machine": machine, "rows": rows}, indent=1) + "\n", encoding="utf-8")
    return text


@pytest.mark.bench
@pytest.mark.timeout(7200)
def test_bench_network(tmp_path):
    rows = []
    for n in SIZES:
        path = tmp_path / f"bench_{n}.db"
        t0 = time.perf_counter()
        synthesise(path, n)
        print(f"{n:,} statements inserted in {time.perf_counter() - t0:.1f} s", flush=True)
        url = f"sqlite:///{path}"
        for name in NETWORKS:
            rows.append({"statements": n, "network": name, "path": "sql", **measure(url, name)})
            print(rows[-1], flush=True)
        if n <= 100_000:
            name = "two-mode (combine)"
            rows.append({"statements": n, "network": name, "path": "memory", **measure(url, name, in_memory=True)})
            print(rows[-1], flush=True)
        path.unlink()
    print(write_results(rows))
    by = {(r["statements"], r["network"]): r for r in rows if r["path"] == "sql"}
    for name in NETWORKS:
        a, b = by.get((100_000, name)), by.get((1_000_000, name))
        if a and b:
            assert b["cpu_s"] / a["cpu_s"] <= 12, f"{name}: CPU time grew {b['cpu_s'] / a['cpu_s']:.1f}x"
    for r in rows:
        if r["path"] == "sql":
            assert r["rows"] <= N_ACTORS * N_ISSUES * 3  # tallies, never the statement table
