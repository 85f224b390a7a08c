"""Benchmark: how much stance coding slows the main job, measured in one run.

Run with ``make bench`` (or ``pytest -m bench -s benchmarks/bench_coding.py``).
The texts come from a folder given by the environment variable
``STANCEMAP_BENCH_TEXTS`` (default: PolNeAR train beside the project,
``../shared/data/polnear/train/text``); the benchmark is skipped, with the
reason, when the folder is missing. The first ``STANCEMAP_BENCH_CODING_LIMIT``
texts (sorted by name, default 200; ``0`` for all) are used.

The main job is ``workflows.run`` in one process (read, parse, extract,
resolve, code, store) into a fresh SQLite file, timed

- with coding on: the codebook ``examples/codebook.yaml`` (one issue,
  ``strike-russia``) and the default coder;
- with coding off: no codebook (no issue, so the coder never runs and no
  coding is stored).

The two are alternated for ``STANCEMAP_BENCH_ROUNDS`` rounds (default 3; the
order flips each round, so warming up and drift do not favour one side), and
both wall and CPU time (``time.process_time``, which other processes on a busy
machine disturb less) are recorded. The headline is the ratio of the best
(smallest) times, on / off; the ratio of medians is given too. Target: at most
1.20. The coder's own share is the CPU time spent inside ``code_statements``
during the coding-on runs, over their whole CPU time.

Results are written as markdown and JSON to ``benchmarks/results/``.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from pathlib import Path

import pytest
from paths import CODEBOOK, RESULTS, TEXTS

from stancemap import workflows
from stancemap.stance import coders
from stancemap.store import Store

#: use only the first N texts (sorted by name); 0 for all
LIMIT = int(os.environ.get("STANCEMAP_BENCH_CODING_LIMIT", "200"))
ROUNDS = int(os.environ.get("STANCEMAP_BENCH_ROUNDS", "3"))
TARGET = 1.20

pytestmark = pytest.mark.bench


class CoderClock:
    """Adds up the wall and CPU time spent in ``code_statements`` while installed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.wall = self.cpu = 0.0
        self.calls = 0
        inner = coders.code_statements

        def timed(*args, **kwargs):
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                self.wall += time.perf_counter() - wall
                self.cpu += time.process_time() - cpu
                self.calls += 1

        # Pipeline.finish imports code_statements from stancemap.stance.coders at each call
        monkeypatch.setattr(coders, "code_statements", timed)

    def reset(self) -> None:
        self.wall = self.cpu = 0.0
        self.calls = 0


def _run(source: Path, db: Path, codebook: Path | None) -> tuple[float, float]:
    """Wall and CPU seconds of one ``workflows.run`` into a fresh SQLite file."""
    wall, cpu = time.perf_counter(), time.process_time()
    summary = workflows.run([source], db=f"sqlite:///{db}", codebook=codebook)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert summary.documents_stored > 0, summary
    return wall, cpu


def _codings(db: Path) -> tuple[int, dict[str, int]]:
    """Statements and codings by origin in a finished store."""
    with Store.open(f"sqlite:///{db}") as store:
        found = [s.statement for s in store.statements()]
    origins: dict[str, int] = {}
    for st in found:
        for c in st.codings:
            origins[c.origin] = origins.get(c.origin, 0) + 1
    return len(found), origins


@pytest.mark.skipif(not TEXTS.is_dir(), reason=f"no texts at {TEXTS}; set STANCEMAP_BENCH_TEXTS to a folder of .txt files")
def test_coding_slows_the_main_job_by_at_most_20_percent(tmp_path, monkeypatch):
    paths = sorted(TEXTS.glob("*.txt"))
    paths = paths[:LIMIT] if LIMIT else paths
    assert paths, f"no .txt files in {TEXTS}"
    source = tmp_path / "texts"
    source.mkdir()
    for path in paths:
        (source / path.name).write_bytes(path.read_bytes())
    chars = sum(len(p.read_text(encoding="utf-8", errors="replace")) for p in paths)

    warm = tmp_path / "warm"
    warm.mkdir()
    (warm / "w.txt").write_text("The minister said that Ukraine may strike targets in Russia.", encoding="utf-8")
    _run(warm, tmp_path / "warm.db", CODEBOOK)  # load spaCy and the coder's data once, outside the clock

    clock = CoderClock(monkeypatch)
    times: dict[str, list[tuple[float, float]]] = {"on": [], "off": []}
    coder_cpu: list[float] = []
    coder_wall: list[float] = []
    for r in range(ROUNDS):
        for side in (("on", "off") if r % 2 == 0 else ("off", "on")):
            clock.reset()
            db = tmp_path / f"{side}{r}.db"
            times[side].append(_run(source, db, CODEBOOK if side == "on" else None))
            if side == "on":
                coder_cpu.append(clock.cpu)
                coder_wall.append(clock.wall)
            else:
                assert clock.calls == 0, "coding ran without a codebook"
    statements, origins = _codings(tmp_path / "on0.db")

    def best(side: str, k: int) -> float:
        return min(t[k] for t in times[side])

    def median(side: str, k: int) -> float:
        return statistics.median(t[k] for t in times[side])

    on_cpu = [t[1] for t in times["on"]]
    rows = {
        "documents": len(paths),
        "characters": chars,
        "statements": statements,
        "codings (by origin)": ", ".join(f"{k} {v}" for k, v in sorted(origins.items())) or "none",
        "codebook": "examples/codebook.yaml (1 issue: strike-russia)",
        "coder": workflows.DEFAULT_CODER,
        "rounds (on/off alternated)": ROUNDS,
        "coding_off_wall_s (best)": round(best("off", 0), 2),
        "coding_on_wall_s (best)": round(best("on", 0), 2),
        "coding_off_cpu_s (best)": round(best("off", 1), 2),
        "coding_on_cpu_s (best)": round(best("on", 1), 2),
        "ratio_wall (best on / best off)": round(best("on", 0) / best("off", 0), 3),
        "ratio_cpu (best on / best off)": round(best("on", 1) / best("off", 1), 3),
        "ratio_wall (median on / median off)": round(median("on", 0) / median("off", 0), 3),
        "ratio_cpu (median on / median off)": round(median("on", 1) / median("off", 1), 3),
        "coder_cpu_s (median, inside code_statements)": round(statistics.median(coder_cpu), 3),
        "coder_share_of_cpu (median)": round(statistics.median(c / t for c, t in zip(coder_cpu, on_cpu)), 4),
        "coder_wall_s (median)": round(statistics.median(coder_wall), 3),
        "target": f"ratio <= {TARGET}",
        "all_wall_s": {side: [round(t[0], 2) for t in v] for side, v in times.items()},
        "all_cpu_s": {side: [round(t[1], 2) for t in v] for side, v in times.items()},
        "machine": f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs, "
                   f"load average {os.getloadavg()[0]:.1f} at the end",
        "texts": str(TEXTS),
        "limit": LIMIT or "all",
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench_coding.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    table = ["# Coding benchmark: the main job with and without a codebook", "",
             "| measure | value |", "| --- | ---: |"]
    table += [f"| {k} | {v} |" for k, v in rows.items()]
    (RESULTS / "bench_coding.md").write_text("\n".join(table) + "\n", encoding="utf-8")
    print("\n".join(table))
    assert rows["ratio_cpu (best on / best off)"] <= TARGET, "coding slows the main job by more than 20% (CPU time)"
