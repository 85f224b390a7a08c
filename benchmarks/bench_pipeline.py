"""Benchmark: the main job against a bare spaCy parse of the same texts, measured in one run.

Run with ``make bench``. The texts come from a folder given by the environment
variable ``STANCEMAP_BENCH_TEXTS`` (default: PolNeAR train beside the project,
``../shared/data/polnear/train/text``); the benchmark is skipped, with the
reason, when the folder is missing. Every figure is a ratio of times measured in
this run on this machine:

- extraction: ``extract_many`` (parse + attribution extraction) vs ``nlp.pipe`` alone;
- full pipeline, one process: ``workflows.run`` (read, parse, extract, resolve,
  code, store in SQLite) vs ``nlp.pipe`` alone, as a throughput ratio;
- two workers vs one: ``workflows.run(workers=2)`` vs ``workers=1``;
- Dask: ``workflows.run(dask=client)`` on a ``LocalCluster`` of two worker
  processes (one thread each) vs ``workers=1``. The cluster is started before
  the clock starts, as a user's cluster would already be running; loading the
  pipeline on its workers (the worker plugin) is timed.

All texts of the folder are used unless ``STANCEMAP_BENCH_LIMIT`` is set: the
workers pay a fixed start-up (each loads the pipeline), which a short run
would overstate. Peak resident memory is sampled for every worker process.

Results are written as markdown and JSON to ``benchmarks/results/``.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import threading
import time
from pathlib import Path

import psutil
import pytest
from paths import CODEBOOK, RESULTS, TEXTS

from stancemap import workflows
from stancemap.ingest import read_paths
from stancemap.nlp import extract_many, load_pipeline

#: use only the first N texts (sorted by name) when set
LIMIT = int(os.environ.get("STANCEMAP_BENCH_LIMIT", "0"))

pytestmark = pytest.mark.bench


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


class ChildMemory:
    """Samples the largest resident memory of this process's children (the workers) while a block runs."""

    def __init__(self, every: float = 0.2) -> None:
        self.every = every
        self.peak = 0
        self._stop = threading.Event()

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            for child in me.children(recursive=True):
                try:
                    self.peak = max(self.peak, child.memory_info().rss)
                except psutil.Error:
                    pass
            time.sleep(self.every)

    def __enter__(self) -> ChildMemory:
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _dask_run(source: Path, db: Path) -> tuple[float, int]:
    """Seconds for ``workflows.run`` on a two-worker LocalCluster, and the largest worker's peak memory."""
    distributed = pytest.importorskip("distributed", reason="the Dask extra is not installed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  memory_limit=0) as cluster, distributed.Client(cluster) as client:
        with ChildMemory() as memory:
            seconds = _timed(lambda: workflows.run([source], db=f"sqlite:///{db}", codebook=CODEBOOK, dask=client))
    return seconds, memory.peak


@pytest.mark.skipif(not TEXTS.is_dir(), reason=f"no texts at {TEXTS}; set STANCEMAP_BENCH_TEXTS to a folder of .txt files")
def test_pipeline_throughput_against_bare_parse(tmp_path):
    source = TEXTS
    if LIMIT:
        source = tmp_path / "texts"
        source.mkdir()
        for path in sorted(TEXTS.glob("*.txt"))[:LIMIT]:
            (source / path.name).write_bytes(path.read_bytes())
    articles = [a for a in read_paths([source]) if hasattr(a, "text")]
    texts = [a.body for a in articles]
    chars = sum(len(t) for t in texts)
    nlp = load_pipeline()
    warm = tmp_path / "warm"
    warm.mkdir()
    (warm / "w.txt").write_text("The minister said that talks would resume.", encoding="utf-8")
    workflows.run([warm], db=f"sqlite:///{tmp_path / 'warm.db'}", codebook=CODEBOOK)  # load every stage once

    def bare_parse() -> None:
        for _ in nlp.pipe(texts, batch_size=workflows.BATCH_SIZE):
            pass

    # the bare parse is timed before and after the others and the faster run kept, so that
    # warming up (vocabulary growth, caches) does not count against either side
    bare_first = _timed(bare_parse)
    extract = _timed(lambda: [None for _ in extract_many(nlp, articles, batch_size=workflows.BATCH_SIZE)])
    one = _timed(lambda: workflows.run([source], db=f"sqlite:///{tmp_path / 'one.db'}", codebook=CODEBOOK))
    with ChildMemory() as workers_memory:
        two = _timed(lambda: workflows.run([source], db=f"sqlite:///{tmp_path / 'two.db'}", codebook=CODEBOOK,
                                           workers=2))
    dask_two, dask_peak = _dask_run(source, tmp_path / "dask.db")
    bare = min(bare_first, _timed(bare_parse))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_peak_mb = workers_memory.peak / 2**20

    rows = {
        "documents": len(texts),
        "characters": chars,
        "bare_parse_s": round(bare, 2),
        "extract_s": round(extract, 2),
        "full_one_process_s": round(one, 2),
        "full_two_workers_s": round(two, 2),
        "extraction_overhead": round(extract / bare - 1, 3),
        "full_vs_bare_throughput": round(bare / one, 3),
        "full_dask_two_workers_s": round(dask_two, 2),
        "two_workers_speedup": round(one / two, 3),
        "dask_two_workers_speedup": round(one / dask_two, 3),
        "peak_rss_main_mb (bench process: parse, extract and one-process run)": round(peak_mb),
        "peak_rss_worker_mb (largest worker of the two-worker run)": round(worker_peak_mb),
        "peak_rss_dask_worker_mb (largest Dask worker)": round(dask_peak / 2**20),
        "machine": f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs",
        "texts": str(TEXTS),
        "limit": LIMIT or "all",
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench_pipeline.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    table = ["# Pipeline benchmark", "", "| measure | value |", "| --- | ---: |"]
    table += [f"| {k} | {v} |" for k, v in rows.items()]
    (RESULTS / "bench_pipeline.md").write_text("\n".join(table) + "\n", encoding="utf-8")
    print("\n".join(table))
    assert rows["documents"] > 0
