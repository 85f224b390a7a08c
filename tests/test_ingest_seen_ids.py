"""The ids a row file has used are remembered exactly, in memory that does not grow with the file."""

from __future__ import annotations

import json
import random
import tracemalloc

import pytest

from stancemap.ingest import read_paths, seen_ids
from stancemap.ingest.seen_ids import SeenIds


def test_counts_survive_moving_to_the_temporary_database():
    rng = random.Random(7)
    seen, expected = SeenIds(in_memory=50), {}
    for _ in range(2000):
        key = f"doc-{rng.randrange(700)}"
        assert seen.get(key) == expected.get(key, 0)
        assert (key in seen) == (key in expected)
        expected[key] = expected.get(key, 0) + 1
        seen[key] = seen.get(key) + 1
    assert len(seen) == len(expected)
    assert all(seen.get(key) == count for key, count in expected.items())
    assert "never-seen" not in seen and 3 not in seen
    seen.close()
    assert seen.get("doc-1") == 0  # closed: forgotten


def test_at_least_one_id_must_stay_in_memory():
    with pytest.raises(ValueError):
        SeenIds(in_memory=0)


def _write_jsonl(path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for n in range(rows):
            handle.write(json.dumps({"id": f"a{n}", "text": f"Row {n}: the minister said talks resume."}) + "\n")


def test_a_repeated_id_is_caught_long_after_its_first_use(tmp_path, monkeypatch):
    monkeypatch.setattr(seen_ids, "IN_MEMORY", 100)
    path = tmp_path / "rows.jsonl"
    _write_jsonl(path, 1000)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "a3", "text": "A late row reusing the fourth row's id."}) + "\n")
    articles = list(read_paths([path]))
    assert len(articles) == 1001 and all(hasattr(a, "text") for a in articles)
    last = articles[-1]
    assert last.doc_id == "a3-2" and last.text == "A late row reusing the fourth row's id."
    assert any("W103" in w and "'a3'" in w for w in last.warnings)
    assert len({a.doc_id for a in articles}) == 1001


def _peak_reading(path) -> int:
    tracemalloc.start()
    try:
        for _ in read_paths([path]):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_reading_ten_times_the_rows_holds_no_more_memory(tmp_path, monkeypatch):
    monkeypatch.setattr(seen_ids, "IN_MEMORY", 2000)
    short, long = tmp_path / "short.jsonl", tmp_path / "long.jsonl"
    _write_jsonl(short, 4000)
    _write_jsonl(long, 40000)
    short_peak, long_peak = _peak_reading(short), _peak_reading(long)
    # without the temporary database the ids alone would add some 4 MB to the long file's peak
    assert long_peak < short_peak * 1.25 + 200_000, (short_peak, long_peak)
