"""The one place that wires the stages together; ``cli`` (and later ``web``) call it.

::

    read_paths -> extract_many (nlp) -> resolve_statements (actors)
               -> code_statements (issues) -> Store.save_document (store)

Each document is written in one transaction together with its statements,
mentions, actors and codings, so a run killed at any point leaves the store
consistent, and running the same command again finishes the job: documents
already stored with the same content are skipped. The statements people coded
in a DNA database among the inputs are stored with its documents (see
:mod:`stancemap.ingest.dna`). The same pipeline without a store
(``stancemap extract``) is :mod:`stancemap.extraction`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stancemap import __version__
from stancemap.cluster import connect, process_on_cluster
from stancemap.coded_actors import import_dna_actors
from stancemap.curation import registry_with_store
from stancemap.errors import PipelineError, StoreError, UsageError
from stancemap.extraction import batched, max_chars_option
from stancemap.ingest import parse_mapping, read_paths
from stancemap.ingest.dna import DnaArticle, dna_codebook, is_dna, load_dna, parse_variables, write_codebook_yaml
from stancemap.models import Article, Codebook, Issue, ReadFailure, Statement
from stancemap.nlp import installed_pipelines
from stancemap.parallel import process_in_workers
from stancemap.pipeline import (  # noqa: F401 - re-exported: stancemap.workflows.Pipeline and friends
    BATCH_SIZE,
    DEFAULT_CODER,
    DEFAULT_DOC_TIMEOUT,
    DEFAULT_MODEL,
    Pipeline,
    _processing_failure,
    check_doc_timeout,
    load_codebook,
    parse_date_option,
)
from stancemap.recoding import recode_store
from stancemap.stance.coders import get_coder
from stancemap.store.connect import database_url
from stancemap.store.repository import Store
from stancemap.training import project_coder

PIPELINE_VERSION = f"stancemap {__version__}"
#: An input warning's code, the first word of its message ("W111 a.txt line 3: mojibake repaired ...").
_WARNING_CODE = re.compile(r"W\d{3}\b")


@dataclass
class RunSummary:
    """What a run did: counts for the closing table, and every skipped input with its reason."""

    run_id: int | None = None
    documents_read: int = 0
    documents_new: int = 0
    documents_changed: int = 0
    documents_unchanged: int = 0
    statements: int = 0
    #: stored statements coded again because the codebook or the stance model changed
    statements_recoded: int = 0
    failures: list[ReadFailure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    store_counts: dict[str, Any] = field(default_factory=dict)
    #: the codebook YAML written from the concepts of DNA databases read, if any
    codebook_written: str | None = None
    #: actors named in the DNA databases read that the registry did not know (added to the store's curation)
    dna_actors_added: int = 0

    @property
    def documents_stored(self) -> int:
        return self.documents_new + self.documents_changed

    @property
    def ok(self) -> bool:
        """True when something could be processed, or there was nothing to process."""
        processed = self.documents_stored + self.documents_unchanged
        return processed > 0 or (self.documents_read == 0 and not self.failures)


@dataclass(frozen=True)
class Progress:
    """A progress event, sent after every document (read, skipped or failed)."""

    documents: int
    statements: int
    errors: int
    origin: str


# ---------------------------------------------------------------- loading stages


def open_store(db: str | None, *, must_exist: bool = False) -> Store:
    """Open the store at ``db``; with ``must_exist``, a missing SQLite file is an error, not a new file."""
    url = database_url(db)
    if must_exist and url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///"):])
        if not path.exists():
            raise UsageError.of("E300.no-database", path=path)
    return Store.open(url)


# ---------------------------------------------------------------- the main job


def run(
    paths: Sequence[str | Path],
    *,
    db: str | None = None,
    codebook: Codebook | str | Path | None = None,
    model: str | None = None,
    date: dt.date | str | None = None,
    mapping: dict[str, str] | str | None = None,
    stdin: Any = None,
    on_progress: Callable[[Progress], None] | None = None,
    workers: int = 1,
    dask: str | Any | None = None,
    speaker: str | None = None,
    genre: str | None = None,
    format: str | None = None,
    write_codebook: str | Path | None = None,
    dna_variables: str | dict[str, str] | None = None,
    metadata: str | Path | None = None,
    title_first_line: bool = False,
    max_chars: int | None = None,
    own_voice: str = "auto",
    doc_timeout: float | None = DEFAULT_DOC_TIMEOUT,
) -> RunSummary:
    """Read ``paths``, extract, resolve and code statements, and store them in ``db``.

    Parameters
    ----------
    paths : sequence of str or Path
        Files, folders (recursively) or ``"-"`` for standard input.
    db : str, optional
        Database URL or SQLite file name (default ``stancemap.db``).
    codebook : Codebook or path, optional
        Issues to code; without one (nor a DNA database's), statements are stored without codings.
    date, mapping, stdin, speaker, genre, format, metadata, title_first_line, max_chars
        How the inputs are read: see :func:`stancemap.ingest.read_paths`, where ``title_first_line`` is
        ``title_from_first_line``; here ``date`` is ISO and ``max_chars=None`` is its default limit.
    model, workers, dask, own_voice, doc_timeout
        How documents are processed: see :class:`ProcessingOptions`.
    on_progress : callable, optional
        Called with a :class:`Progress` after every input.
    write_codebook : path, optional
        Where to write the codebook of the concepts of DNA databases among the inputs (default
        ``<dna file stem>.codebook.yaml`` next to the store); the run's codebook when ``codebook`` is not given.
    dna_variables : dict or str, optional
        DNA variables with other names (``--dna-variables concept=frame,agreement=stance``).

    Returns
    -------
    RunSummary
        Unreadable inputs are recorded in the store and listed in it, never stopping the run. A document already
        stored with the same text is skipped (a changed text is a new version); with a codebook, stored statements
        it and the coder have not coded are recoded, not re-parsed (:func:`stancemap.recoding.recode_store`).
    """
    _check_run_options(paths, workers)
    processing = ProcessingOptions(model=model or DEFAULT_MODEL, workers=workers, dask=dask, own_voice=own_voice,
                                   doc_timeout=check_doc_timeout(doc_timeout))
    reading = _Reading(date=parse_date_option(date), mapping=_columns(mapping), stdin=stdin, speaker=speaker,
                       genre=genre, format=format, metadata=metadata, title_first_line=title_first_line,
                       max_chars=max_chars)
    return _run(paths, db, codebook, reading, processing, write_codebook, dna_variables, on_progress)


@dataclass(frozen=True, kw_only=True)
class ProcessingOptions:
    """How :func:`run` processes documents: its options of the same names.

    Attributes
    ----------
    model : str
        Installed spaCy pipeline name (:func:`run`'s ``None``: :data:`stancemap.pipeline.DEFAULT_MODEL`).
    workers : int
        Worker processes for parsing, extraction, resolution and coding (each loads the pipeline once);
        the store is written by the calling process alone, in input order, so the result is the same
        for any number of workers.
    dask : str or distributed.Client, optional
        Address of a Dask scheduler (``tcp://host:8786``), or a connected client: documents are processed
        on the cluster's workers, each loading the pipeline once; the store is still written by the
        calling process.
    own_voice : str
        Own-voice statements of speeches, testimony and other author-voiced documents (``--own-voice``):
        ``auto`` (default: :func:`stancemap.pipeline.own_voice_mode`), ``claims``, ``all`` sentences, or ``none``.
    doc_timeout : float, optional
        Longest time spent on one document, in seconds (``--doc-timeout``; default
        :data:`stancemap.pipeline.DEFAULT_DOC_TIMEOUT`; ``None`` or 0: no limit). A document that takes
        longer is interrupted, in this process, a worker process or a Dask worker alike, and skipped with
        an E132 failure that names it and the limit; the other documents of its batch are stored.
    """

    model: str = DEFAULT_MODEL
    workers: int = 1
    dask: str | Any | None = None
    own_voice: str = "auto"
    doc_timeout: float | None = DEFAULT_DOC_TIMEOUT


@dataclass(frozen=True, kw_only=True)
class _Reading:
    """How :func:`run` reads its inputs: its options for :func:`read_paths`, ``date`` and ``mapping`` parsed."""

    date: dt.date | None = None
    mapping: dict[str, str] | None = None
    stdin: Any = None
    speaker: str | None = None
    genre: str | None = None
    format: str | None = None
    metadata: str | Path | None = None
    title_first_line: bool = False
    max_chars: int | None = None

    def articles(self, paths: Sequence[str | Path]) -> Iterator[Article | ReadFailure]:
        """The articles of ``paths``, lazily (:func:`read_paths` checks the options now)."""
        return read_paths(paths, date=self.date, mapping=self.mapping, stdin=self.stdin, speaker=self.speaker,
                          genre=self.genre, format=self.format, metadata=self.metadata,
                          title_from_first_line=self.title_first_line, max_chars=max_chars_option(self.max_chars))


def _run(
    paths: Sequence[str | Path],
    db: str | None,
    codebook: Codebook | str | Path | None,
    reading: _Reading,
    processing: ProcessingOptions,
    write_codebook: str | Path | None,
    dna_variables: str | dict[str, str] | None,
    on_progress: Callable[[Progress], None] | None,
) -> RunSummary:
    """:func:`run` with its options checked and grouped."""
    articles = reading.articles(paths)
    loaded_codebook = load_codebook(codebook)
    summary = RunSummary()
    if dna_variables:
        articles = _with_dna_variables(articles, paths, dna_variables)
    loaded_codebook = _with_dna_codebook(loaded_codebook, paths, db, write_codebook, dna_variables, summary)
    args = _run_args(paths, reading, processing, loaded_codebook)
    with contextlib.ExitStack() as resources:
        store = resources.enter_context(open_store(db))
        coder = _coder_for(db)
        summary.dna_actors_added = sum(import_dna_actors(store, path, dna_variables) for path in _dna_files(paths))
        process = _processor(processing, loaded_codebook, _registry_for(store), coder, resources)
        summary.run_id = _begin_run(store, processing.model, loaded_codebook, args)
        _store_run(store, process, articles, summary.run_id, summary, on_progress, loaded_codebook, coder)
    return summary


def _columns(mapping: dict[str, str] | str | None) -> dict[str, str] | None:
    """A ``--map`` option parsed (see :func:`stancemap.ingest.parse_mapping`); a dict is kept as it is."""
    return parse_mapping(mapping) if isinstance(mapping, str) else mapping


def _check_run_options(paths: Sequence[str | Path], workers: int) -> None:
    """The options :func:`run` checks before reading anything."""
    if not paths:
        raise UsageError.of("E500.no-input")
    if workers < 1:
        raise UsageError.of("E500.workers", workers=workers)


def _with_dna_codebook(codebook: Codebook | None, paths: Sequence[str | Path], db: str | None,
                       target: str | Path | None, variables: str | dict[str, str] | None,
                       summary: RunSummary) -> Codebook | None:
    """The run's codebook: ``codebook``, else the one written from the DNA databases among ``paths``."""
    dna_book = _dna_codebook(paths, db, target, variables)
    if dna_book is None:
        return codebook
    summary.codebook_written = dna_book.path
    return codebook or dna_book


def _begin_run(store: Store, model: str, codebook: Codebook | None, args: dict[str, Any]) -> int:
    """Store the codebook and open the run's row in the runs table; return the run id."""
    if codebook is not None:
        store.save_codebook(codebook)
    return store.begin_run(
        pipeline_version=PIPELINE_VERSION,
        model=model,
        codebook_hash=codebook.hash if codebook else None,
        args=args,
    )


def _run_args(
    paths: Sequence[str | Path], reading: _Reading, processing: ProcessingOptions, codebook: Codebook | None
) -> dict[str, Any]:
    """The options of a run as stored with it (options left at their default are left out)."""
    dask = processing.dask
    return {
        "paths": [str(p) for p in paths],
        "date": reading.date.isoformat() if reading.date else None,
        "mapping": reading.mapping,
        "codebook": codebook.path if codebook else None,
        "workers": processing.workers,
        "dask": dask if isinstance(dask, str) or dask is None else "client",
        **({"speaker": reading.speaker} if reading.speaker else {}),
        **({"genre": reading.genre} if reading.genre else {}),
        **({"format": reading.format} if reading.format else {}),
        **({"metadata": str(reading.metadata)} if reading.metadata else {}),
        **({"title_first_line": True} if reading.title_first_line else {}),
        **({"doc_timeout": processing.doc_timeout} if processing.doc_timeout != DEFAULT_DOC_TIMEOUT else {}),
    }


def _store_run(
    store: Store,
    process: Processor,
    articles: Iterable[Article | ReadFailure],
    run_id: int,
    summary: RunSummary,
    on_progress: Callable[[Progress], None] | None,
    codebook: Codebook | None,
    coder: str,
) -> None:
    """Process and store the documents, recode what the codebook needs, and close the run with its status."""
    status = "interrupted"
    try:
        _run_documents(store, process, articles, run_id, summary, on_progress)
        if codebook is not None and codebook.issues:
            summary.statements_recoded = recode_store(store, codebook, _load_coder(coder), run_id=run_id).statements
        status = "finished" if summary.ok else "failed"
    finally:
        summary.store_counts = store.counts()
        store.finish_run(run_id, status, _summary_counts(summary))


Processor = Callable[[Iterable[list[Article]]], Iterator[tuple[Article, "list[Statement] | ReadFailure"]]]


def _load_coder(name: str) -> Any:
    return get_coder(name)


def recode(
    *,
    db: str | None = None,
    codebook: Codebook | str | Path,
    everything: bool = False,
    on_progress: Callable[[Any], None] | None = None,
) -> Any:
    """Recode the stored statements against ``codebook`` and the project's coder, without re-parsing.

    Only statements that this codebook and coder have not coded are recoded, unless
    ``everything``; people's codings are never changed (see :mod:`stancemap.recoding`).
    Returns a :class:`stancemap.recoding.RecodeSummary`.
    """
    loaded = load_codebook(codebook)
    assert loaded is not None
    with open_store(db, must_exist=True) as store:
        return recode_store(store, loaded, _load_coder(_coder_for(db)), everything=everything,
                            on_progress=on_progress)


def _dna_files(paths: Sequence[str | Path]) -> list[Path]:
    return [Path(p) for p in paths if str(p) != "-" and Path(p).is_file() and is_dna(p)]


def _with_dna_variables(items: Iterable[Article | ReadFailure], paths: Sequence[str | Path],
                        variables: str | dict[str, str]) -> Iterator[Article | ReadFailure]:
    """The articles, the coded statements of DNA documents read again with the user's variable names."""
    from dataclasses import replace

    roles = parse_variables(variables)  # a bad option fails now, not half-way
    coded: dict[tuple[str, int], tuple[Statement, ...]] = {}
    for path in _dna_files(paths):
        for article in load_dna(path, variables=roles).articles:
            coded[(article.doc_id, article.dna_id)] = article.coded
    for item in items:
        # only a DNA document has coded statements to read again
        if isinstance(item, DnaArticle) and (item.doc_id, item.dna_id) in coded:
            yield replace(item, coded=coded[(item.doc_id, item.dna_id)])
        else:
            yield item


def _dna_codebook(paths: Sequence[str | Path], db: str | None, target: str | Path | None,
                  variables: str | dict[str, str] | None = None) -> Codebook | None:
    """Write the codebook of the concepts of the DNA databases named in ``paths``; load it back, or ``None``."""
    files = _dna_files(paths)
    if not files:
        return None
    issues: dict[str, Issue] = {}
    for path in files:
        for issue in dna_codebook(load_dna(path, variables=variables)).issues:
            issues.setdefault(issue.id, issue)
    if target is None:
        url = database_url(db)
        folder = Path(url[len("sqlite:///"):]).parent if url.startswith("sqlite:///") else Path.cwd()
        target = folder / f"{files[0].stem}.codebook.yaml"
    written = write_codebook_yaml(Codebook(tuple(issues.values()), path=str(files[0])), target)
    return load_codebook(written)


def _registry_for(store: Store) -> Any:
    """The starter actor registry with the store's curation (merges, aliases, types) replayed."""
    return registry_with_store(store)


def _coder_for(db: str | None) -> str:
    """The default coder with the project's corrections when ``stancemap stance learn`` wrote them."""
    return project_coder(db, default=DEFAULT_CODER)


def _processor(
    processing: ProcessingOptions, codebook: Codebook | None, registry: Any, coder: str, resources: contextlib.ExitStack
) -> Processor:
    """How batches are processed: here, in ``workers`` local processes, or on a Dask cluster."""
    model, workers, dask = processing.model, processing.workers, processing.dask
    own_voice, doc_timeout = processing.own_voice, processing.doc_timeout
    if dask is not None:
        client = resources.enter_context(connect(dask)) if isinstance(dask, str) else dask
        return lambda batches: process_on_cluster(
            batches, client=client, model=model, codebook=codebook, coder=coder, registry=registry,
            own_voice=own_voice, doc_timeout=doc_timeout)
    if workers == 1:
        pipeline = Pipeline.load(model=model, codebook=codebook, registry=registry, coder=coder, own_voice=own_voice,
                                 doc_timeout=doc_timeout)
        return lambda batches: (result for batch in batches for result in pipeline.process(batch))


    if model not in installed_pipelines() and not Path(model).exists():
        raise PipelineError.of("E400", model=model, installed=", ".join(installed_pipelines()) or "none")
    return lambda batches: process_in_workers(
        batches, workers=workers, model=model, codebook=codebook, coder=coder, registry=registry,
        own_voice=own_voice, doc_timeout=doc_timeout)


def _run_documents(
    store: Store,
    process: Processor,
    items: Iterable[Article | ReadFailure],
    run_id: int,
    summary: RunSummary,
    on_progress: Callable[[Progress], None] | None,
) -> None:
    """Process ``items`` with ``process`` and store them in batches, counting in ``summary``."""
    _DocumentWriter(store, run_id, summary, on_progress).write(process, items)


class _DocumentWriter:
    """Stores one run's documents and keeps its summary and progress up to date.

    ``states`` holds the state of each document between reading and storing; an
    entry is dropped once the document is stored (a later copy then finds it in
    the store), so memory does not grow with the input.
    """

    def __init__(
        self, store: Store, run_id: int, summary: RunSummary, on_progress: Callable[[Progress], None] | None
    ) -> None:
        self.store = store
        self.run_id = run_id
        self.summary = summary
        self.on_progress = on_progress
        self.states: dict[tuple[str, str], str] = {}

    def write(self, process: Processor, items: Iterable[Article | ReadFailure]) -> None:
        """Process the new and changed documents among ``items`` and store them, :data:`BATCH_SIZE` at a time."""
        pending: list[tuple[Article, list[Statement]]] = []
        for article, result in process(batched(self.to_process(items), BATCH_SIZE)):
            if isinstance(result, ReadFailure):
                self.states.pop((article.doc_id, article.content_hash), None)
                self.fail(result)
                continue
            # a DNA document's statements coded by people are stored with the machine's (ingest.dna)
            pending.append((article, list(result) + list(getattr(article, "coded", ()))))
            if len(pending) >= BATCH_SIZE:
                self.flush(pending)
        self.flush(pending)

    def tick(self, origin: str) -> None:
        if self.on_progress is not None:
            summary = self.summary
            self.on_progress(Progress(summary.documents_read, summary.statements, len(summary.failures), origin))

    def fail(self, failure: ReadFailure) -> None:
        self.store.record_failure(self.run_id, failure)
        self.summary.failures.append(failure)
        self.tick(failure.origin)

    def to_process(self, items: Iterable[Article | ReadFailure]) -> Iterator[Article]:
        """The articles not stored yet (new, or changed under the same id); failures are recorded."""
        summary = self.summary
        for item in items:
            if isinstance(item, ReadFailure):
                self.fail(item)
                continue
            summary.documents_read += 1
            summary.warnings.extend(item.warnings)
            kept = [ReadFailure(item.origin, warning, warning.split(maxsplit=1)[0]) for warning in item.warnings
                    if _WARNING_CODE.match(warning)]
            if kept:  # in the store too, in one write: which texts were repaired or guessed
                self.store.record_failure(self.run_id, *kept)
            key = (item.doc_id, item.content_hash)
            if key in self.states:  # the same text twice in one input: stored once
                summary.documents_unchanged += 1
                self.tick(item.origin)
                continue
            state = self.store.document_state(item)
            if state == "unchanged":
                summary.documents_unchanged += 1
                self.tick(item.origin)
                continue
            self.states[key] = state
            yield item

    def saved(self, article: Article, statements: list[Statement], document_id: int | None) -> None:
        state = self.states.pop((article.doc_id, article.content_hash))
        summary = self.summary
        if document_id is None:
            summary.documents_unchanged += 1
        elif state == "changed":
            summary.documents_changed += 1
            summary.statements += len(statements)
        else:
            summary.documents_new += 1
            summary.statements += len(statements)
        self.tick(article.origin)

    def flush(self, pending: list[tuple[Article, list[Statement]]]) -> None:
        """Write a batch of documents in one transaction; one by one if the database refuses it."""
        if not pending:
            return
        try:
            ids = self.store.save_documents(pending, self.run_id)
        except StoreError:
            for article, statements in pending:
                try:
                    self.saved(article, statements, self.store.save_document(article, statements, self.run_id))
                except StoreError as exc:
                    self.states.pop((article.doc_id, article.content_hash), None)
                    where = article.origin or article.doc_id
                    named = exc.message if exc.message.startswith(where) else f"{where}: {exc.message}"
                    self.fail(ReadFailure(where, named, code=exc.code))
        else:
            for (article, statements), document_id in zip(pending, ids, strict=False):
                self.saved(article, statements, document_id)
        pending.clear()


def _summary_counts(summary: RunSummary) -> dict[str, Any]:
    return {
        "documents_read": summary.documents_read,
        "documents_new": summary.documents_new,
        "documents_changed": summary.documents_changed,
        "documents_unchanged": summary.documents_unchanged,
        "statements": summary.statements,
        "statements_recoded": summary.statements_recoded,
        "failures": len(summary.failures),
    }
