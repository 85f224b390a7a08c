"""Row formats stream: reading a file many times larger than the memory it may use.

The files here are 40 MB; the readers must get through them holding a small,
fixed amount (a row at a time, plus the id bookkeeping of duplicate detection),
checked with tracemalloc's peak of Python allocations.
"""

from __future__ import annotations

import csv
import json
import tracemalloc
from pathlib import Path

import pytest

from stancemap.ingest import read_paths

ROWS = 4200
BODY = ("The minister said on Tuesday that the talks would resume next week, officials confirmed. " * 110)[:10_000]
MB = 2**20


def _peak_while_reading(path: Path) -> tuple[int, int]:
    tracemalloc.start()
    try:
        count = 0
        for item in read_paths([path]):
            assert hasattr(item, "text"), item
            count += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return count, peak


@pytest.fixture(scope="module")
def jsonl_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("stream") / "big.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for n in range(ROWS):
            handle.write(json.dumps({"id": f"a{n}", "date": "2024-05-28", "text": f"{n} {BODY}"}) + "\n")
    return path


@pytest.fixture(scope="module")
def csv_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("stream") / "big.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "date", "text"])
        for n in range(ROWS):
            writer.writerow([f"a{n}", "2024-05-28", f"{n} {BODY}"])
    return path


@pytest.mark.parametrize("fixture", ["jsonl_file", "csv_file"])
def test_a_large_row_file_streams_in_bounded_memory(fixture, request):
    path = request.getfixturevalue(fixture)
    size = path.stat().st_size
    assert size > 40_000_000
    count, peak = _peak_while_reading(path)
    assert count == ROWS
    # a few rows and buffers at a time: a small fraction of the file
    assert peak < 4 * MB, f"reading {size / MB:.0f} MB of {path.suffix} peaked at {peak / MB:.1f} MB"
