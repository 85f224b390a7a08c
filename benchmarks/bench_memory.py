"""Benchmark: memory over a long run, 50,000 documents streamed from one JSON Lines file.

Run with ``make bench`` (it takes one to two hours on two cores). The documents are
the texts of a folder (``STANCEMAP_BENCH_TEXTS``, default PolNeAR train beside
the project) repeated under new ids until ``STANCEMAP_BENCH_MEMORY_DOCS``
(default 50,000) are written to one JSON Lines file; ``stancemap run`` then
processes that file with ``STANCEMAP_BENCH_MEMORY_WORKERS`` workers (default 2)
into a fresh SQLite store, with the example codebook, so every stage runs:
parse, extract, resolve, code, store.

A thread samples the resident memory of this process (the reader and writer)
and of each worker every quarter second. Because a worker's memory rises while
a batch is parsed and falls after, "the memory after n documents" is the
median of the samples taken while documents ``0.9 n`` to ``n`` were stored, and
the peak is the largest sample. Targets (issue 8): peak per worker at most
400 MB; memory after all documents within 10% of the memory after a tenth of
them. Results are written as markdown and JSON to ``benchmarks/results/``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pytest
from paths import CODEBOOK, RESULTS, TEXTS

from stancemap import workflows

DOCUMENTS = int(os.environ.get("STANCEMAP_BENCH_MEMORY_DOCS", "50000"))
WORKERS = int(os.environ.get("STANCEMAP_BENCH_MEMORY_WORKERS", "2"))
MB = 2**20

pytestmark = pytest.mark.bench


def write_repeated_corpus(texts: Path, out: Path, documents: int) -> int:
    """Write ``documents`` JSON lines cycling through the ``.txt`` files of ``texts``; return the bytes written."""
    sources = sorted(texts.glob("*.txt"))
    day = dt.date(2016, 9, 1)
    with out.open("w", encoding="utf-8") as handle:
        for n in range(documents):
            path = sources[n % len(sources)]
            record = {"id": f"{path.stem}#{n}", "date": (day + dt.timedelta(days=n % 60)).isoformat(),
                      "text": path.read_text(encoding="utf-8")}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return out.stat().st_size


def _is_worker(process: psutil.Process) -> bool:
    try:
        command = " ".join(process.cmdline())
    except psutil.Error:
        return False
    return "spawn_main" in command and "resource_tracker" not in command


@dataclass
class MemorySampler:
    """Samples (documents stored, main RSS, worker RSS list) while a run goes on."""

    every: float = 0.25
    documents: int = 0
    samples: list[tuple[int, float, list[float]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            workers = []
            for child in me.children(recursive=True):
                if _is_worker(child):
                    try:
                        workers.append(child.memory_info().rss / MB)
                    except psutil.Error:
                        pass
            self.samples.append((self.documents, me.memory_info().rss / MB, workers))
            time.sleep(self.every)

    def progress(self, event: workflows.Progress) -> None:
        self.documents = event.documents

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def window(self, upto: int) -> tuple[float, float]:
        """Median main and median largest-worker RSS while documents ``0.9 upto`` to ``upto`` were read.

        Documents are counted in batches, so a short window may hold no sample:
        then the samples at the first count past ``0.9 upto`` are used.
        """
        low = int(upto * 0.9)
        inside = [s for s in self.samples if low <= s[0] <= upto and s[2]]
        if not inside:
            first = min((s[0] for s in self.samples if s[0] >= low and s[2]), default=None)
            inside = [s for s in self.samples if s[0] == first and s[2]]
        return statistics.median(s[1] for s in inside), statistics.median(max(s[2]) for s in inside)


@pytest.mark.skipif(not TEXTS.is_dir(), reason=f"no texts at {TEXTS}; set STANCEMAP_BENCH_TEXTS to a folder of .txt files")
def test_memory_stays_flat_over_a_long_streamed_run(tmp_path):
    corpus = tmp_path / "repeated.jsonl"
    size = write_repeated_corpus(TEXTS, corpus, DOCUMENTS)
    start = time.perf_counter()
    with MemorySampler() as sampler:
        summary = workflows.run([corpus], db=f"sqlite:///{tmp_path / 'memory.db'}", codebook=CODEBOOK,
                                workers=WORKERS, on_progress=sampler.progress)
    seconds = time.perf_counter() - start
    assert summary.documents_new == DOCUMENTS, summary

    tenth = DOCUMENTS // 10
    main_early, worker_early = sampler.window(tenth)
    main_late, worker_late = sampler.window(DOCUMENTS)
    worker_peak = max((max(w) for _, _, w in sampler.samples if w), default=0.0)
    main_peak = max(m for _, m, _ in sampler.samples)
    curve = []
    for mark in range(tenth, DOCUMENTS + 1, tenth):
        main, worker = sampler.window(mark)
        curve.append({"documents": mark, "main_mb": round(main), "worker_mb": round(worker)})
    rows = {
        "documents": DOCUMENTS,
        "workers": WORKERS,
        "input_jsonl_mb": round(size / MB),
        "statements": summary.statements,
        "run_s": round(seconds),
        f"worker_mb_after_{tenth}": round(worker_early),
        f"worker_mb_after_{DOCUMENTS}": round(worker_late),
        "worker_growth": round(worker_late / worker_early - 1, 3),
        f"main_mb_after_{tenth}": round(main_early),
        f"main_mb_after_{DOCUMENTS}": round(main_late),
        "main_growth": round(main_late / main_early - 1, 3),
        "peak_worker_mb": round(worker_peak),
        "peak_main_mb": round(main_peak),
        "machine": f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs",
        "texts": str(TEXTS),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench_memory.json").write_text(json.dumps({**rows, "curve": curve}, indent=2) + "\n",
                                                encoding="utf-8")
    table = ["# Memory over a long streamed run (issue 8)", "",
             "Targets: peak per worker <= 400 MB; growth from a tenth of the documents to all <= 10%.", "",
             "| measure | value |", "| --- | ---: |"]
    table += [f"| {k} | {v} |" for k, v in rows.items()]
    table += ["", "Median resident memory (MB) while the last tenth up to each mark was stored:", "",
              "| documents | main process | largest worker |", "| ---: | ---: | ---: |"]
    table += [f"| {c['documents']:,} | {c['main_mb']} | {c['worker_mb']} |" for c in curve]
    (RESULTS / "bench_memory.md").write_text("\n".join(table) + "\n", encoding="utf-8")
    print("\n".join(table))
