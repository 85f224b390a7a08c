"""A per-document time limit (issue 17 item 6): a pathological document is interrupted and skipped
with E132, never silently lost, and the rest of its batch is stored; in this process, in worker
processes and on Dask workers.

The pathological input is real: a text that is one short quotation after another ('"Yes," he said.')
costs the attribution rules time that grows with the square of a chunk's length (measured on 2 cores,
2026-12-04: 40,000 characters in 4 to 6 s), against about 10 ms for a normal short article.
The limits are set from the time the normal documents take, measured in the test, so no test
depends on how fast the machine is.
"""

from __future__ import annotations

import itertools
import json
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stancemap import workflows
from stancemap.cli import app
from stancemap.errors import UsageError
from stancemap.models import Article, ReadFailure
from stancemap.pipeline import DocumentTimeout, Pipeline, check_doc_timeout, time_limit

NORMAL = [
    "The minister said that the talks would resume next week. Officials warned that the budget would not pass.",
    "According to the mayor, the bridge will reopen in May. The senator insisted that the vote was fair.",
]
#: one chunk (40,000 characters) of back-to-back quotations: 4 to 6 s to process on 2 cores
PATHOLOGICAL = '"Yes," he said. ' * 2500


# ---------------------------------------------------------------- the timer itself


def _spin() -> None:
    for _ in itertools.count():
        pass


def test_a_busy_call_is_interrupted():
    with pytest.raises(DocumentTimeout):
        time_limit(0.02).call(_spin)


def test_a_limited_call_returns_its_value():
    assert time_limit(5).call(sum, range(10)) == 45


def test_except_exception_in_the_interrupted_code_does_not_swallow_it():
    def stubborn() -> None:
        while True:
            try:
                _spin()
            except Exception:  # noqa: BLE001 - what library code does
                pass

    with pytest.raises(DocumentTimeout):
        time_limit(0.02).call(stubborn)


def test_a_timeout_lost_where_python_ignores_it_is_raised_again():
    # the garbage collector's weakref callbacks and __del__ methods swallow an exception raised in them
    lost = []

    def swallows_the_first() -> None:
        try:
            _spin()
        except DocumentTimeout:
            lost.append("swallowed")
        _spin()

    with pytest.raises(DocumentTimeout):
        time_limit(0.02).call(swallows_the_first)
    assert lost == ["swallowed"]


def test_it_works_in_a_thread_other_than_the_main_one():
    caught: list[str] = []

    def task() -> None:
        try:
            time_limit(0.02).call(_spin)
        except DocumentTimeout:
            caught.append("interrupted")

    thread = threading.Thread(target=task)
    thread.start()
    thread.join(timeout=60)
    assert caught == ["interrupted"]


def test_a_limit_that_fires_as_the_call_starts_or_ends_never_escapes_it():
    """Calls that end just about when the timer fires, or that it interrupts as it is started:
    the exception is raised inside the call or not at all, and the timer fires no more after it."""
    inside = 0
    limits = [time_limit(0.0005) for _ in range(300)]
    for limit in limits:
        try:
            limit.call(sum, range(2000))
        except DocumentTimeout:
            inside += 1
        sum(range(5000))  # a stray exception from a limit already left would be raised here
    time.sleep(3 * 0.1)  # longer than a refire: a timer still armed would fire into this sleep
    assert 0 <= inside <= 300
    assert not any(limit._timer is not None and limit._timer.is_alive() for limit in limits)


class _LockInterruptedOnce:
    """A lock whose first acquisition is interrupted by the timeout, as when it arrives as the timer is stopped."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.interrupted = False

    def __enter__(self) -> None:
        if not self.interrupted:
            self.interrupted = True
            raise DocumentTimeout
        self.lock.acquire()

    def __exit__(self, *exc_info: object) -> None:
        self.lock.release()


def test_a_limit_that_fires_as_its_timer_is_stopped_still_stops_it_and_is_raised_once():
    limit = time_limit(60)

    def takes_the_lock_away() -> None:
        limit._lock = _LockInterruptedOnce()  # type: ignore[assignment]

    with pytest.raises(DocumentTimeout):
        limit.call(takes_the_lock_away)
    assert limit._done and limit._timer is not None
    limit._timer.join(timeout=5)  # cancelled: it ends at once instead of waiting its 60 s
    assert not limit._timer.is_alive()


class _MarkNeverWritten(list):  # type: ignore[type-arg]
    def append(self, item: object) -> None:
        raise DocumentTimeout  # a timeout arriving in the call's ``finally`` before the call is marked left


def test_a_limited_call_interrupted_before_it_marks_itself_left_fires_no_more():
    # seen once in CI under load: the timer fired on into a garbage-collector callback after the call
    limit = time_limit(60)
    limit._left = _MarkNeverWritten()
    with pytest.raises(DocumentTimeout):
        limit.call(sum, range(10))
    assert not limit._done  # the timer was never stopped
    limit._fire()  # the timer, later: the call is no longer on the thread's stack, so nothing is raised
    assert not limit._fired
    assert limit._timer is not None
    limit._timer.cancel()


def test_a_limited_call_interrupted_as_its_timer_starts_fires_no_more(monkeypatch):
    # seen in CI under load: a 0.5 ms limit fired before the timer was stored; a ``with`` block then
    # never ran its exit, and the timer fired on into pytest itself
    limit = time_limit(60)
    started = []

    def arm_then_interrupted(seconds: float) -> None:
        limit._timer = threading.Timer(seconds, limit._fire)
        started.append(limit._timer)
        raise DocumentTimeout

    monkeypatch.setattr(limit, "_arm", arm_then_interrupted)
    with pytest.raises(DocumentTimeout):
        limit.call(sum, range(10))
    limit._fire()  # the timer, later: the call is not on the stack, so nothing is raised and nothing re-armed
    assert not limit._fired
    assert limit._timer is started[0]


def test_a_timeout_lost_in_a_garbage_collector_callback_is_passed_over_and_others_are_not():
    seen: list[object] = []

    class Unraisable:
        def __init__(self, exc: BaseException) -> None:
            self.exc_value = exc

    previous = sys.unraisablehook
    try:
        sys.unraisablehook = seen.append
        time_limit(5).call(sum, range(3))  # installs the pass-over in front of the hook it finds
        sys.unraisablehook(Unraisable(DocumentTimeout()))
        sys.unraisablehook(Unraisable(ValueError("kept")))
        assert [type(u.exc_value) for u in seen] == [ValueError]  # type: ignore[attr-defined]
    finally:
        sys.unraisablehook = previous


def test_no_limit_runs_to_the_end():
    assert time_limit(None).call(sum, range(1000)) == 499500


@pytest.mark.parametrize("value", [-1, "ten", float("nan"), float("inf")])
def test_a_bad_limit_is_a_usage_error(value):
    with pytest.raises(UsageError, match="--doc-timeout"):
        check_doc_timeout(value)


def test_zero_means_no_limit():
    assert check_doc_timeout(0) is None
    assert check_doc_timeout(None) is None


# ---------------------------------------------------------------- real documents


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.load()


def _limit_for(pipeline: Pipeline) -> float:
    """A limit far above what a normal document takes here, and far below the pathological one."""
    articles = [Article(doc_id=f"n{i}", text=t, origin=f"n{i}.txt") for i, t in enumerate(NORMAL)]
    list(pipeline.process(articles))  # warm up
    slowest = 0.0
    for article in articles:  # each one's best of three: a busy moment of a shared machine is not its speed
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            list(pipeline.process([article]))
            timings.append(time.perf_counter() - started)
        slowest = max(slowest, min(timings))
    # at most a quarter of what the pathological document takes on 2 cores (4 to 6 s); at least 1 s, as a
    # normal document may wait for the garbage of the one interrupted before it on a busy machine
    return min(max(1.0, 10 * slowest), 1.5)


@pytest.mark.model
def test_the_pathological_document_is_skipped_and_the_rest_of_its_batch_kept(pipeline: Pipeline):
    limit = _limit_for(pipeline)
    batch = [
        Article(doc_id="first", text=NORMAL[0], origin="first.txt"),
        Article(doc_id="quotes", text=PATHOLOGICAL, origin="quotes.txt"),
        Article(doc_id="last", text=NORMAL[1], origin="last.txt"),
    ]
    unlimited = dict(pipeline.process([batch[0], batch[2]]))
    limited = Pipeline(**{**pipeline.__dict__, "doc_timeout": limit})

    started = time.perf_counter()
    results = [(a.doc_id, r) for a, r in limited.process(batch)]
    elapsed = time.perf_counter() - started

    assert [doc_id for doc_id, _ in results] == ["first", "quotes", "last"]
    failure = results[1][1]
    assert isinstance(failure, ReadFailure) and failure.code == "E132"
    assert failure.origin == "quotes.txt"
    assert "quotes.txt" in failure.reason and f"limit of {limit:g} seconds" in failure.reason
    assert "--doc-timeout" in failure.reason
    # the other two documents are processed as without a limit
    assert results[0][1] == next(r for a, r in unlimited.items() if a.doc_id == "first")
    assert results[2][1] == next(r for a, r in unlimited.items() if a.doc_id == "last")
    assert results[0][1] and results[2][1]
    # bounded by the limit (plus the two short documents), not by the document
    assert elapsed < 5 * limit


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    (folder / "a_first.txt").write_text(NORMAL[0] + "\n", encoding="utf-8")
    (folder / "b_quotes.txt").write_text(PATHOLOGICAL + "\n", encoding="utf-8")
    (folder / "c_last.txt").write_text(NORMAL[1] + "\n", encoding="utf-8")
    return folder


@pytest.mark.model
def test_run_records_the_skipped_document_and_stores_the_others(pipeline: Pipeline, tmp_path: Path):
    limit = _limit_for(pipeline)
    corpus = _corpus(tmp_path / "corpus")
    db = tmp_path / "s.db"
    result = CliRunner().invoke(app, ["run", str(corpus), "--db", str(db), "--quiet",
                                      "--doc-timeout", f"{limit:g}"])
    assert result.exit_code == 0, result.output
    assert "E132" in result.output and "b_quotes" in result.output

    with workflows.open_store(str(db)) as store:
        assert store.counts()["documents"] == 2
    summary = workflows.run([corpus], db=str(db), doc_timeout=limit)  # the same run again: only the skipped one
    assert summary.documents_unchanged == 2
    assert [f.code for f in summary.failures] == ["E132"]


@pytest.mark.model
def test_extract_skips_it_too_and_prints_the_others(pipeline: Pipeline, tmp_path: Path):
    limit = _limit_for(pipeline)
    corpus = _corpus(tmp_path / "corpus")
    result = CliRunner().invoke(app, ["extract", str(corpus), "--doc-timeout", f"{limit:g}"])
    assert result.exit_code == 0, result.output
    assert "E132" in result.output and "b_quotes" in result.output
    docs = {json.loads(line)["doc"] for line in result.output.splitlines() if line.startswith("{")}
    assert docs == {"a_first", "c_last"}


def test_a_negative_limit_is_refused_before_reading(tmp_path: Path):
    result = CliRunner().invoke(app, ["run", str(tmp_path), "--db", str(tmp_path / "s.db"), "--doc-timeout", "-1"])
    assert result.exit_code != 0
    assert "--doc-timeout" in result.output


@pytest.mark.model
@pytest.mark.slow
def test_worker_processes_skip_it_too(pipeline: Pipeline, tmp_path: Path):
    limit = _limit_for(pipeline)
    corpus = _corpus(tmp_path / "corpus")
    summary = workflows.run([corpus], db=str(tmp_path / "w.db"), workers=2, doc_timeout=limit)
    assert summary.documents_new == 2
    assert [(f.code, Path(f.origin).name) for f in summary.failures] == [("E132", "b_quotes.txt")]


@pytest.mark.model
@pytest.mark.slow
def test_dask_workers_skip_it_too(pipeline: Pipeline, tmp_path: Path):
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
    limit = _limit_for(pipeline)
    corpus = _corpus(tmp_path / "corpus")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None,
                                  memory_limit=0) as local, distributed.Client(local) as client:
        summary = workflows.run([corpus], db=str(tmp_path / "d.db"), dask=client, doc_timeout=limit)
    assert summary.documents_new == 2
    assert [(f.code, Path(f.origin).name) for f in summary.failures] == [("E132", "b_quotes.txt")]
