"""Benchmark: reading a 1 GB JSON Lines file and a 1 GB CSV file holds a flat, small amount of memory.

Run with ``make bench``. Each file is written from the ``.txt`` files of a
folder (``STANCEMAP_BENCH_TEXTS``, default PolNeAR train beside the project)
repeated under new ids until it holds ``STANCEMAP_BENCH_STREAM_MB`` megabytes
(default 1024). A fresh process then reads it with
:func:`stancemap.ingest.read_paths` (decoding, dates, content hashes, duplicate
detection: everything ``stancemap run`` does before parsing) and reports its
resident memory after a tenth of the rows and at the last row (while the
reader still holds the ids it has seen); the largest resident memory is
sampled every 50 ms. The whole pipeline over a long
streamed input is measured by ``bench_memory.py``; this one shows that the
reader itself never holds the file.

Targets (issue 8): what reading adds to the process at its peak is under 5% of
the file, and the
memory after all rows is within 10% of the memory after a tenth. Results are
written as markdown and JSON to ``benchmarks/results/``.
"""

from __future__ import annotations

import csv
import json
import os
import platform
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from paths import RESULTS, TEXTS

MEGABYTES = int(os.environ.get("STANCEMAP_BENCH_STREAM_MB", "1024"))
MB = 2**20

pytestmark = pytest.mark.bench

#: runs in a fresh process: reads the file, prints JSON with row count and resident memory (MB)
_READER = textwrap.dedent(
    """
    import json, sys, threading, time
    import psutil
    from stancemap.ingest import read_paths

    path, rows = sys.argv[1], int(sys.argv[2])
    me = psutil.Process()
    peak = [me.memory_info().rss]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], me.memory_info().rss)
            time.sleep(0.05)

    threading.Thread(target=sample, daemon=True).start()
    before = me.memory_info().rss
    read = failures = 0
    at_tenth = at_last = None
    start = time.perf_counter()
    for item in read_paths([path]):
        if hasattr(item, "text"):
            read += 1
        else:
            failures += 1
        if at_tenth is None and read >= rows // 10:
            at_tenth = me.memory_info().rss
        if read == rows:  # the last row, while the reader still holds what it keeps
            at_last = me.memory_info().rss
    seconds = time.perf_counter() - start
    at_end = me.memory_info().rss
    stop.set()
    mb = 2 ** 20
    print(json.dumps({"read": read, "failures": failures, "seconds": seconds, "before_mb": before / mb,
                      "after_tenth_mb": at_tenth / mb, "after_all_mb": at_last / mb,
                      "peak_mb": max(peak[0], at_end) / mb}))
    """
)


def _records(texts: Path, limit_bytes: int):
    """(id, date, text) cycling through the folder's texts until about ``limit_bytes`` of text are given."""
    sources = [(path.stem, path.read_text(encoding="utf-8")) for path in sorted(texts.glob("*.txt"))]
    given = n = 0
    while given < limit_bytes:
        stem, text = sources[n % len(sources)]
        yield f"{stem}#{n}", f"2016-{(n % 12) + 1:02d}-{(n % 28) + 1:02d}", text
        given += len(text.encode("utf-8"))
        n += 1


def write_jsonl(out: Path, texts: Path, limit_bytes: int) -> int:
    with out.open("w", encoding="utf-8") as handle:
        rows = 0
        for doc_id, date, text in _records(texts, limit_bytes):
            handle.write(json.dumps({"id": doc_id, "date": date, "text": text}, ensure_ascii=False) + "\n")
            rows += 1
    return rows


def write_csv(out: Path, texts: Path, limit_bytes: int) -> int:
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "date", "text"])
        rows = 0
        for record in _records(texts, limit_bytes):
            writer.writerow(record)
            rows += 1
    return rows


def _read_in_fresh_process(path: Path, rows: int) -> dict:
    done = subprocess.run([sys.executable, "-c", _READER, str(path), str(rows)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, f"reading {path} failed:\n{done.stderr}"
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not TEXTS.is_dir(), reason=f"no texts at {TEXTS}; set STANCEMAP_BENCH_TEXTS to a folder of .txt files")
def test_a_1gb_row_file_is_read_in_flat_memory(tmp_path):
    results = {}
    for kind, write in (("jsonl", write_jsonl), ("csv", write_csv)):
        path = tmp_path / f"big.{kind}"
        rows = write(path, TEXTS, MEGABYTES * MB)
        size_mb = path.stat().st_size / MB
        measured = _read_in_fresh_process(path, rows)
        path.unlink()
        assert measured["read"] == rows and measured["failures"] == 0, measured
        growth = measured["after_all_mb"] / measured["after_tenth_mb"] - 1
        results[kind] = {
            "file_mb": round(size_mb),
            "rows": rows,
            "read_s": round(measured["seconds"], 1),
            "rows_per_s": round(rows / measured["seconds"]),
            "rss_before_reading_mb": round(measured["before_mb"]),
            "rss_after_tenth_mb": round(measured["after_tenth_mb"]),
            "rss_after_all_mb": round(measured["after_all_mb"]),
            "peak_rss_mb": round(measured["peak_mb"]),
            "growth_tenth_to_all": round(growth, 3),
            "peak_added_by_reading_mb": round(measured["peak_mb"] - measured["before_mb"]),
            "peak_added_share_of_file": round((measured["peak_mb"] - measured["before_mb"]) / size_mb, 3),
        }

    report = {"files": results, "machine": f"{platform.python_implementation()} {platform.python_version()}, "
                                           f"{os.cpu_count()} CPUs", "texts": str(TEXTS),
              "when": time.strftime("%Y-%m-%d")}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench_streaming.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    measures = list(next(iter(results.values())))
    table = ["# Reading a 1 GB row file (issue 8)", "",
             "Targets: reading adds under 5% of the file at its peak; memory at the last row within 10% of after a tenth.", "",
             "| measure | " + " | ".join(results) + " |", "| --- |" + " ---: |" * len(results)]
    table += [f"| {m} | " + " | ".join(str(results[k][m]) for k in results) + " |" for m in measures]
    table += ["", f"{report['machine']}; texts from {report['texts']}."]
    (RESULTS / "bench_streaming.md").write_text("\n".join(table) + "\n", encoding="utf-8")
    print("\n".join(table))
    for kind, row in results.items():
        assert row["file_mb"] >= MEGABYTES * 0.95, (kind, row)
        assert row["growth_tenth_to_all"] <= 0.10, (kind, row)
        assert row["peak_added_share_of_file"] < 0.05, (kind, row)
