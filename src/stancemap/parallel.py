"""Run the pipeline on batches of articles in worker processes, in order, with bounded memory.

Each worker process loads the pipeline once (spaCy model, actor registry,
codebook, stance coder) in its initializer, then processes batches of
:class:`~stancemap.models.Article` and returns plain records. Results come back
in the order the batches went in, so a run with N workers stores exactly what a
run with one worker stores. At most ``workers * prefetch`` batches are in flight,
so a large input streams through without being held in memory.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from stancemap.models import Article, Codebook, ReadFailure, Statement

Result = list[tuple[Article, "list[Statement] | ReadFailure"]]

_PIPELINE: Any = None


#: numeric libraries use one thread per worker: N workers on N cores, not N x N threads
_ONE_THREAD = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")


def _init_worker(model: str | None, codebook: Codebook | None, coder: str, registry: Any,
                 own_voice: str = "claims", doc_timeout: float | None = None) -> None:
    """Load the pipeline once per worker process (before numpy is imported, so BLAS starts single-threaded)."""
    global _PIPELINE
    for name in _ONE_THREAD:
        os.environ.setdefault(name, "1")
    from stancemap.pipeline import Pipeline  # after the variables above: it imports numpy

    _PIPELINE = Pipeline.load(model=model, codebook=codebook, coder=coder, registry=registry, own_voice=own_voice,
                              doc_timeout=doc_timeout)


def _process_batch(batch: list[Article]) -> Result:
    result = list(_PIPELINE.process(batch))
    release_free_memory()
    return result


def _glibc() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim, libc.mallopt  # noqa: B018 - both exist only in glibc
    except (OSError, AttributeError):  # not glibc (musl, ...): nothing to tune or trim
        return None
    return libc


_LIBC = _glibc()
#: glibc's mallopt parameters (malloc.h)
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
#: what glibc's own dynamic thresholds settle at on a 64-bit machine (32 MiB mmap, twice that for trimming)
_MMAP_THRESHOLD = 32 * 2**20


#: a worker hands free memory back once its resident memory has grown this much since it last did
TRIM_AFTER_GROWTH = 64 * 2**20
_rss_after_trim: int | None = None


def _resident_bytes() -> int | None:
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def release_free_memory(*, force: bool = False) -> bool:
    """Hand the heap's free pages back to the system after a batch, when worth it; True if done.

    Parsing a batch allocates and frees some hundred MB of arrays; glibc keeps
    freed pages, so a worker's resident memory would ratchet up to its largest
    batch and drift with fragmentation. Trimming after every batch made the next
    batch fault those pages back in (measured: 2 to 5% of a worker's time), so
    memory is trimmed once the resident size has grown :data:`TRIM_AFTER_GROWTH`
    since the last trim (or with ``force``). glibc only; elsewhere a no-op.
    """
    global _rss_after_trim
    if _LIBC is None:
        return False
    rss = _resident_bytes()
    if not force and rss is not None and _rss_after_trim is not None and rss - _rss_after_trim < TRIM_AFTER_GROWTH:
        return False
    _LIBC.malloc_trim(0)
    _rss_after_trim = _resident_bytes()
    return True


def reuse_freed_memory_within_batches() -> bool:
    """Let glibc reuse freed memory while a batch runs, as a plain Python process does; True if set.

    Dask's nanny starts workers with ``MALLOC_TRIM_THRESHOLD_=65536``, which also
    pins glibc's mmap threshold at 128 KiB: every array over that size that
    parsing allocates is then mapped fresh and unmapped on release (zeroed pages,
    a page fault per 4 KiB). That made a Dask worker 14% slower than the same
    work in a plain process (measured on 200 PolNeAR texts: 32.3 s against
    28.4 s with these thresholds). Memory still goes back to the system between
    batches, through :func:`release_free_memory`.
    """
    if _LIBC is None:
        return False
    return bool(_LIBC.mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)) and bool(
        _LIBC.mallopt(_M_TRIM_THRESHOLD, 2 * _MMAP_THRESHOLD)
    )


def process_in_workers(
    batches: Iterable[list[Article]],
    *,
    workers: int,
    model: str | None,
    codebook: Codebook | None,
    coder: str,
    registry: Any = None,
    prefetch: int = 4,
    own_voice: str = "claims",
    doc_timeout: float | None = None,
) -> Iterator[tuple[Article, list[Statement] | ReadFailure]]:
    """Process ``batches`` in ``workers`` processes; yield results in input order.

    Parameters
    ----------
    batches : iterable of list of Article
        Consumed lazily: a new batch is taken only when one finishes.
    workers : int
        Number of worker processes (each loads the pipeline once).
    model, codebook, coder, registry, own_voice, doc_timeout
        What :meth:`stancemap.pipeline.Pipeline.load` needs in each worker; a
        document over ``doc_timeout`` seconds is interrupted in its worker and
        comes back as an E132 failure, the rest of its batch as usual.
    prefetch : int
        Batches in flight per worker.

    Notes
    -----
    Workers are started with the ``spawn`` method, so nothing of the parent's
    state (open database connections, threads) leaks into them.
    """
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_init_worker,
        initargs=(model, codebook, coder, registry, own_voice, doc_timeout),
    ) as pool:
        pending: deque[Future[Result]] = deque()
        source = iter(batches)
        exhausted = False
        while True:
            while not exhausted and len(pending) < workers * prefetch:
                batch = next(source, None)
                if batch is None:
                    exhausted = True
                    break
                pending.append(pool.submit(_process_batch, batch))
            if not pending:
                return
            yield from pending.popleft().result()
