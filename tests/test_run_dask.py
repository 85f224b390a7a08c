"""`run --dask`: documents processed on a Dask cluster; a killed worker neither duplicates nor loses."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from stancemap import workflows
from tests.test_run_interrupted import write_corpus
from tests.test_workflow_run import dump

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  memory_limit=0, worker_class=distributed.Nanny) as local:
        with distributed.Client(local) as client:
            yield local, client


def test_a_worker_killed_mid_run_costs_nothing(cluster, tmp_path: Path):
    local, client = cluster
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 120)
    reference = f"sqlite:///{tmp_path / 'one.db'}"
    workflows.run([corpus], db=reference, workers=1)

    on_cluster = f"sqlite:///{tmp_path / 'dask.db'}"
    seen: list[int] = []
    killed: list[int] = []

    def kill_one_worker() -> None:
        pids = [info["pid"] for info in client.scheduler_info()["workers"].values() if "pid" in info]
        if not pids:
            pids = list(client.run(os.getpid).values())
        os.kill(pids[0], signal.SIGKILL)
        killed.append(pids[0])

    def on_progress(event: workflows.Progress) -> None:
        seen.append(event.documents)
        if event.documents >= 30 and not killed:
            threading.Thread(target=kill_one_worker).start()
            time.sleep(0.5)

    summary = workflows.run([corpus], db=on_cluster, dask=client, on_progress=on_progress)
    assert killed, "no worker was killed"
    assert summary.documents_new == 120
    assert dump(on_cluster, skip_columns=("run_id",)) == dump(reference, skip_columns=("run_id",))


def test_a_wrong_address_names_the_fix():
    from stancemap.cluster import connect
    from stancemap.errors import UsageError

    with pytest.raises(UsageError, match="no Dask scheduler answered.*dask scheduler"):
        connect("tcp://127.0.0.1:1", timeout="2s")


def test_workers_hold_the_pipeline_and_pause_the_sampling_profiler(cluster, tmp_path: Path):
    local, client = cluster
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 4)
    workflows.run([corpus], db=f"sqlite:///{tmp_path / 'x.db'}", dask=client)

    def state(dask_worker) -> tuple[bool, bool]:
        profiler = dask_worker.periodic_callbacks.get("profile")
        return hasattr(dask_worker, "stancemap_pipeline"), profiler is not None and profiler.is_running()

    assert set(client.run(state).values()) == {(True, False)}
