"""Run the pipeline on a Dask distributed cluster; the store stays with the caller.

Each Dask worker loads the pipeline once, through a worker plugin, and
processes batches of articles into plain records. Batches are submitted with
retries and gathered in input order by the calling process, which alone writes
the store (one transaction per document). A worker that dies mid-run loses only
work in progress: the scheduler runs its batches again elsewhere, and since
nothing is written until a batch's result reaches the caller, no statement is
duplicated or lost.

The cluster can be anything Dask deploys (``dask-scheduler`` and ``dask-worker``
by hand, dask-kubernetes, dask-jobqueue on a batch scheduler): stancemap needs
only the scheduler's address, and the same stancemap version installed on the
workers.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from stancemap.errors import UsageError
from stancemap.models import Article, Codebook, ReadFailure, Statement
from stancemap.parallel import release_free_memory, reuse_freed_memory_within_batches
from stancemap.pipeline import Pipeline

PLUGIN_NAME = "stancemap-pipeline"
#: the attribute of a Dask worker that holds its loaded pipeline (Dask's Worker class does not
#: declare it, so it is set and read by name)
WORKER_PIPELINE = "stancemap_pipeline"
#: how often a batch is retried when the worker running it dies or fails
RETRIES = 3


def _pipeline_plugin(model: str | None, codebook: Codebook | None, coder: str, registry: Any,
                     own_voice: str = "auto", doc_timeout: float | None = None) -> Any:
    from distributed.diagnostics.plugin import WorkerPlugin

    class PipelinePlugin(WorkerPlugin):
        """Loads the stancemap pipeline once per worker."""

        name = PLUGIN_NAME

        def __init__(self) -> None:
            self.options = (model, codebook, coder, registry, own_voice, doc_timeout)

        def setup(self, worker: Any) -> None:
            reuse_freed_memory_within_batches()
            # Dask samples the running task's stack every 10 ms for its dashboard profile; on
            # long pure-Python batches that cost 5% of a worker's time (measured), so it is paused
            # while the plugin is installed
            profiler = getattr(worker, "periodic_callbacks", {}).get("profile")
            if profiler is not None:
                profiler.stop()

            m, cb, cd, reg, own, limit = self.options
            setattr(worker, WORKER_PIPELINE, Pipeline.load(model=m, codebook=cb, coder=cd, registry=reg,
                                                           own_voice=own, doc_timeout=limit))

        def teardown(self, worker: Any) -> None:
            profiler = getattr(worker, "periodic_callbacks", {}).get("profile")
            if profiler is not None and worker.status.name == "running":
                profiler.start()

    return PipelinePlugin()


def _process_on_worker(batch: list[Article]) -> list[tuple[Article, list[Statement] | ReadFailure]]:
    from distributed import get_worker

    pipeline: Pipeline = getattr(get_worker(), WORKER_PIPELINE)
    result = list(pipeline.process(batch))
    release_free_memory()
    return result


def connect(address: str, timeout: str = "20s") -> Any:
    """Connect to the Dask scheduler at ``address`` with a message that names the fix."""
    try:
        from distributed import Client
    except ImportError:  # pragma: no cover - the extra is part of the test set-up
        raise UsageError.of("E500.dask-extra") from None
    try:
        return Client(address, timeout=timeout)
    except OSError as exc:
        raise UsageError.of("E500.dask-scheduler", address=address, reason=exc) from None


def process_on_cluster(
    batches: Iterable[list[Article]],
    *,
    client: Any,
    model: str | None,
    codebook: Codebook | None,
    coder: str,
    registry: Any = None,
    in_flight: int | None = None,
    own_voice: str = "auto",
    doc_timeout: float | None = None,
) -> Iterator[tuple[Article, list[Statement] | ReadFailure]]:
    """Process ``batches`` on the cluster behind ``client``; yield results in input order.

    At most ``in_flight`` batches (default: four per worker thread) are submitted
    at once, so a large input streams through while a slow batch at the head
    does not leave the other workers idle. A document over ``doc_timeout`` seconds
    is interrupted in its worker's task thread and comes back as an E132 failure.
    """
    client.register_plugin(_pipeline_plugin(model, codebook, coder, registry, own_voice, doc_timeout),
                           name=PLUGIN_NAME)
    if in_flight is None:
        threads = sum(client.nthreads().values()) or 1
        in_flight = 4 * threads
    pending: deque[Any] = deque()
    source = iter(batches)
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < in_flight:
                batch = next(source, None)
                if batch is None:
                    exhausted = True
                    break
                pending.append(client.submit(_process_on_worker, batch, pure=False, retries=RETRIES))
            if not pending:
                return
            future = pending.popleft()
            results = future.result()
            future.release()
            yield from results
    finally:
        for future in pending:
            future.cancel()
