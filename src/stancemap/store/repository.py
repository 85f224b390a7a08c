"""The :class:`Store`: one database (SQLite file or PostgreSQL) behind one object.

All reading and writing of a corpus goes through it; the SQL itself is built in
:mod:`stancemap.store.write` and :mod:`stancemap.store.read`, the run log in
:mod:`stancemap.store.runlog`, the issues in :mod:`stancemap.store.issue_rows` and the
whole-table listings in :mod:`stancemap.store.listing`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal, overload

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection, Engine

from stancemap.errors import StoreError
from stancemap.models import (
    STANCES,
    Actor,
    Article,
    Codebook,
    DocumentInfo,
    Issue,
    ReadFailure,
    Statement,
    StoredStatement,
)
from stancemap.store import frames, identity, issue_rows, listing, read, recode, runlog, summary, write
from stancemap.store.connect import (
    WRITE_OPTION,
    check_connection,
    create_engine,
    failure_reason,
    is_retryable,
    mask_url,
    open_failure_message,
)
from stancemap.store.migrations import upgrade
from stancemap.store.records import RunInfo, StoredCoding, StoredFailure
from stancemap.store.schema import documents

if TYPE_CHECKING:
    import pandas

#: Attempts at a document transaction that PostgreSQL aborted as a deadlock.
_TRANSACTION_ATTEMPTS = 3


class Store:
    """A corpus database: documents, statements, actors, issues, codings and runs.

    Open one per database URL with :meth:`open`; it is safe to share between
    threads, and several processes may write to the same database at once.

    Examples
    --------
    >>> import tempfile, os
    >>> from stancemap.models import Article, Statement, TextSpan
    >>> path = os.path.join(tempfile.mkdtemp(), "corpus.db")
    >>> with Store.open(path) as store:
    ...     run = store.begin_run(pipeline_version="0.1.0", model="m", codebook_hash="", args={})
    ...     article = Article("a1", "Borrell said no.")
    ...     said = Statement("a1", TextSpan(13, 15, "no"), speaker=TextSpan(0, 7, "Borrell"),
    ...                      actor="Josep Borrell")
    ...     store.save_document(article, [said], run)
    ...     store.save_document(article, [said], run) is None
    ...     [s.statement.actor for s in store.statements(actor="borrell")]
    1
    True
    ['Josep Borrell']
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.url = mask_url(engine.url.render_as_string(hide_password=False))
        self._codebook_hashes: dict[int, str | None] = {}

    # -- opening and closing -------------------------------------------------

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        """Open (creating and migrating as needed) the database at ``url``.

        Parameters
        ----------
        url : str or None
            Anything :func:`stancemap.store.connect.database_url` accepts;
            ``None`` is ``stancemap.db`` in the working directory.

        Raises
        ------
        StoreError
            E300 when the database cannot be opened (the message names the URL,
            password masked, and the fix); E301 when it was written by a newer
            version of stancemap.
        """
        engine = create_engine(url)
        try:
            check_connection(engine)
            upgrade(engine)
        except StoreError:
            engine.dispose()
            raise
        except sa_exc.SQLAlchemyError as exc:
            engine.dispose()
            raise StoreError(open_failure_message(engine, exc), code="E300") from exc
        return cls(engine)

    def close(self) -> None:
        """Close every connection to the database."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    @contextlib.contextmanager
    def write(self, what: str) -> Iterator[Connection]:
        """A connection inside one write transaction, committed when the block ends.

        For the store's own modules (:mod:`stancemap.store.review`, ...), which build the
        SQL; everyone else calls the Store's methods.

        Parameters
        ----------
        what : str
            What is being written, for the error message ("save statement 3's stance").

        Raises
        ------
        StoreError
            E302, naming ``what`` and the database, when the database refuses; nothing is written.
        """
        try:
            with self.engine.connect().execution_options(**{WRITE_OPTION: True}) as connection:
                with connection.begin():
                    yield connection
        except sa_exc.SQLAlchemyError as exc:
            raise StoreError.of("E302.write", what=what, where=self.url, reason=failure_reason(exc)) from exc

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection inside one read transaction (one consistent view of the database).

        Raises
        ------
        StoreError
            When the database cannot be reached; the message names it.
        """
        try:
            with self.engine.connect() as connection:
                with connection.begin():
                    yield connection
        except sa_exc.SQLAlchemyError as exc:
            raise StoreError.of("E300.read", where=self.url, reason=failure_reason(exc)) from exc

    #: the former private names, kept for callers written before :meth:`read` and :meth:`write`
    _read = read
    _write = write

    # -- runs ---------------------------------------------------------------

    def begin_run(
        self, *, pipeline_version: str, model: str | None, codebook_hash: str | None, args: dict[str, Any]
    ) -> int:
        """Record the start of a pipeline run; returns its id.

        ``args`` gains this process's ``pid`` and ``host`` unless it names them,
        so that a run whose process was killed can be told from a live one.
        Runs of this host still 'running' whose process is gone are marked
        'interrupted' first (see :meth:`runs`).
        """
        with self.write("record the run") as connection:
            run_id = runlog.start_run(connection, pipeline_version=pipeline_version, model=model,
                                      codebook_hash=codebook_hash, args=args)
        self._codebook_hashes[run_id] = codebook_hash
        return run_id

    def finish_run(self, run_id: int, status: str, counts: dict[str, Any]) -> None:
        """Record the end of run ``run_id`` with its final ``status`` and ``counts``."""
        with self.write(f"finish run {run_id}") as connection:
            runlog.finish_run(connection, run_id, status, counts)

    def runs(self, ids: Sequence[int] | None = None) -> list[RunInfo]:
        """Every run (or those with these ``ids``), oldest first.

        A run stored as 'running' whose process is gone (recorded on this host,
        its pid no longer alive) is reported as 'interrupted': it was killed
        before it could record its end. Runs of other hosts are reported as
        stored, since their processes cannot be checked from here.
        """
        with self.read() as connection:
            return runlog.read_runs(connection, ids)

    def _run_codebook_hash(self, connection: Connection, run_id: int | None) -> str | None:
        if run_id is None:
            return None
        if run_id not in self._codebook_hashes:
            self._codebook_hashes[run_id] = runlog.run_codebook_hash(connection, run_id)
        return self._codebook_hashes[run_id]

    # -- documents ------------------------------------------------------------

    def document_state(self, article: Article) -> Literal["new", "unchanged", "changed"]:
        """Whether ``article`` is new, stored with this very text, or stored with another text."""
        with self.read() as connection:
            found = identity.identify(connection, article)  # (input file or id) plus content
        if found.stored is not None:
            return "unchanged"
        return "changed" if found.exists else "new"

    def save_document(self, article: Article, statements: Sequence[Statement], run_id: int | None) -> int | None:
        """Store ``article`` with its statements, actors, aliases, mentions and codings.

        Everything for the document is written in one transaction: a crash or
        error part-way leaves nothing of it behind.

        Parameters
        ----------
        article : Article
        statements : sequence of Statement
            Found in ``article``; offsets index ``article.text``.
        run_id : int or None
            From :meth:`begin_run`.

        Returns
        -------
        int or None
            The new document's id; ``None`` when the same text was already
            stored under this ``doc_id`` (nothing is written). A changed text
            becomes the next version; older versions are kept.

        Raises
        ------
        StoreError
            When the database refuses the document (nothing of it is written).

        Notes
        -----
        Actors named by ``statement.actor`` are created when missing
        (unreviewed). The speaker's name and mention text become aliases of the
        actor unless they equal its name, are pronouns, or already belong to
        any actor.
        """
        for attempt in range(_TRANSACTION_ATTEMPTS):
            try:
                with self.write(f"save document {article.doc_id!r} ({article.origin})") as connection:
                    codebook_hash = self._run_codebook_hash(connection, run_id)
                    return write.write_document(connection, article, statements, run_id, codebook_hash)
            except StoreError as exc:
                if attempt + 1 < _TRANSACTION_ATTEMPTS and is_retryable(exc.__cause__ or exc):
                    continue
                raise
            except write.VersionConflict as exc:
                raise StoreError.of("E302.document", doc_id=article.doc_id, reason=exc) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def save_documents(
        self, items: Sequence[tuple[Article, Sequence[Statement]]], run_id: int
    ) -> list[int | None]:
        """Save several documents in ONE transaction (bulk writing); ids as :meth:`save_document`.

        All or nothing: when any document is refused, the whole batch is rolled
        back and :class:`StoreError` raised; the caller can then save the
        documents one by one with :meth:`save_document` so that a bad document
        costs only itself.
        """
        try:
            with self.write(f"save {len(items)} documents") as connection:
                codebook_hash = self._run_codebook_hash(connection, run_id)
                delta = summary.Delta()
                ids = write.write_documents(connection, items, run_id, codebook_hash, delta)
                delta.apply(connection)  # the summaries, once for the batch
                return ids
        except write.VersionConflict as exc:
            raise StoreError.of("E302.documents", count=len(items), reason=exc) from exc

    def document_text(self, document_id: int) -> str:
        """The text of stored document ``document_id`` exactly as read.

        Raises
        ------
        KeyError
            When there is no such document.
        """
        with self.read() as connection:
            text = connection.scalar(sa.select(documents.c.text).where(documents.c.id == document_id))
        if text is None:
            raise KeyError(f"no document with id {document_id} in {self.url}")
        return str(text)

    def documents(self, *, all_versions: bool = True) -> list[DocumentInfo]:
        """The stored documents, by date, doc_id and version.

        Every stored version by default; with ``all_versions=False`` only the
        latest version of each ``doc_id`` (the one :meth:`statements` reads).
        """
        with self.read() as connection:
            return listing.read_documents(connection, all_versions=all_versions)

    # -- codebook and codings ------------------------------------------------------

    # -- recoding -----------------------------------------------------------

    def count_to_recode(self, coded_with: str | None) -> int:
        """Live statements that ``coded_with`` (``"<codebook hash>|<coder>"``) has not coded; all for ``None``."""
        with self.read() as connection:
            return recode.count_to_recode(connection, coded_with)

    def documents_to_recode(
        self, coded_with: str | None, *, batch: int = 200
    ) -> Iterator[list[recode.DocumentToRecode]]:
        """Batches of stored documents to recode, with text and live statements (see :mod:`stancemap.store.recode`)."""
        with self.read() as connection:
            ids = recode.document_ids_to_recode(connection, coded_with)
        for start in range(0, len(ids), batch):
            with self.read() as connection:
                found = recode.load_documents(connection, ids[start:start + batch])
            yield found

    def statement_embeddings(self, statement_ids: Sequence[int]) -> dict[int, bytes]:
        """The stored embeddings (float16 bytes, content then context) of these statements."""
        with self.read() as connection:
            return recode.statement_embeddings(connection, statement_ids)

    def write_recoded(self, recoded: Sequence[tuple[int, Statement]], codebook: Codebook,
                      run_id: int | None = None) -> int:
        """Replace the model codings of the codebook's issues on these statements, in one transaction."""
        with self.write("store the recoded statements") as connection:
            return recode.write_recoded(connection, recoded, codebook, run_id)

    def save_codebook(self, codebook: Codebook) -> None:
        """Insert or update the codebook's issues (label, claim, description, hash)."""
        if not codebook.issues:
            return
        with self.write("save the codebook") as connection:
            issue_rows.save_issues(connection, codebook)

    def issues(self) -> list[Issue]:
        """The stored issues, by id (keywords and examples stay in the codebook file)."""
        with self.read() as connection:
            return issue_rows.read_issues(connection)

    def check_issue(self, issue_id: str) -> None:
        """Raise unless ``issue_id`` is a stored issue; the message suggests the closest ids.

        Raises
        ------
        StoreError
            E303 naming ``issue_id`` and listing the stored ids, closest first
            ("did you mean ...?" when one is close, by :mod:`difflib`).
        """
        with self.read() as connection:
            known = issue_rows.issue_ids(connection)
        if issue_id in known:
            return
        raise StoreError(issue_rows.unknown_issue_message(issue_id, known, self.url), code="E303")

    def add_person_coding(self, statement_id: int, issue_id: str, stance: str, person: str) -> int:
        """Record ``person``'s stance for a statement on an issue; returns the coding id.

        A person's coding wins over the model's in :meth:`statements` and is
        never touched by reruns. Coding the same statement and issue again
        replaces that person's earlier coding.

        Raises
        ------
        StoreError
            When ``stance`` is not one of support, oppose, neutral, or the
            statement or issue does not exist.
        """
        if stance not in STANCES:
            raise StoreError.of("E307.stance", stance=stance, stances=", ".join(STANCES))
        origin = person if person.startswith(read.PERSON_PREFIX) else read.PERSON_PREFIX + person
        with self.write(f"save {origin}'s coding of statement {statement_id}") as connection:
            return issue_rows.write_person_coding(connection, statement_id, issue_id, stance, origin, self.url)

    # -- failures -------------------------------------------------------------

    def record_failure(self, run_id: int | None, failure: ReadFailure, *more: ReadFailure) -> int:
        """Record an unreadable input (and ``more``, in one transaction); its id, or that of the same one stored."""
        with self.write(f"record the failure of {failure.origin}") as connection:
            found = runlog.record_failure(connection, run_id, failure)
            for other in more:
                runlog.record_failure(connection, run_id, other)
            return found

    def failures(self, run_id: int | None = None, *, warnings: bool = False) -> list[StoredFailure]:
        """Inputs that could not be read (``warnings``: kept with a W-code warning), in the order recorded;
        with ``run_id``, those first recorded by that run (see :meth:`record_failure`)."""
        with self.read() as connection:
            return runlog.read_failures(connection, run_id, warnings)

    # -- queries -------------------------------------------------------------

    @overload
    def statements(
        self, *, actor: str | None = ..., issue: str | None = ..., since: dt.date | None = ...,
        until: dt.date | None = ..., document_id: int | None = ..., all_versions: bool = ...,
        include_rejected: bool = ..., as_frame: Literal[False] = ...,
    ) -> list[StoredStatement]: ...

    @overload
    def statements(
        self, *, actor: str | None = ..., issue: str | None = ..., since: dt.date | None = ...,
        until: dt.date | None = ..., document_id: int | None = ..., all_versions: bool = ...,
        include_rejected: bool = ..., as_frame: Literal[True],
    ) -> pandas.DataFrame: ...

    def statements(
        self,
        *,
        actor: str | None = None,
        issue: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        document_id: int | None = None,
        all_versions: bool = False,
        include_rejected: bool = False,
        as_frame: bool = False,
    ) -> list[StoredStatement] | pandas.DataFrame:
        """Stored statements, filtered, ordered by document date, document and offset.

        Parameters
        ----------
        actor : str, optional
            Canonical actor name or any alias, in any case.
        issue : str, optional
            Keep statements with a coding (by model or person) for this issue.
        since, until : date, optional
            Inclusive bounds on the document date; undated documents are left out
            when either is given.
        document_id : int, optional
            Only the statements of this stored document (any version).
        all_versions : bool
            Include statements of superseded document versions.
        include_rejected : bool
            Include statements a person marked "not a statement" in the review
            queue (left out by default, as in every output).
        as_frame : bool
            Return a pandas DataFrame (needs the ``frames`` extra) with one row per
            statement and coding (only codings on ``issue`` when it is given); a
            statement with no coding has one row with empty ``issue`` and ``stance``.
            Columns: :data:`stancemap.store.frames.STATEMENT_COLUMNS`.

        Returns
        -------
        list of StoredStatement, or DataFrame
            Each statement with its spans, actor and codings; where a person
            coded an issue, the person's coding replaces the model's.

        Raises
        ------
        StoreError
            E303 when ``issue`` is not a stored issue id (see :meth:`check_issue`).
        UsageError
            E500 when ``as_frame`` is asked for and pandas is not installed.
        """
        if as_frame:
            frames.require_pandas()  # before the query, so a missing extra fails fast
        if issue is not None:
            self.check_issue(issue)
        query = read.select_statements(actor=actor, issue=issue, since=since, until=until, document_id=document_id,
                                       all_versions=all_versions, include_rejected=include_rejected)
        with self.read() as connection:
            rows = connection.execute(query).all()
            found_codings = read.fetch_codings(connection, [row.id for row in rows])
        found = read.build_statements(rows, found_codings)
        return frames.statements_frame(found, issue) if as_frame else found

    @overload
    def codings(
        self, *, actor: str | None = ..., issue: str | None = ..., origin: str | None = ...,
        since: dt.date | None = ..., until: dt.date | None = ..., all_versions: bool = ...,
        include_rejected: bool = ..., as_frame: Literal[False] = ...,
    ) -> list[StoredCoding]: ...

    @overload
    def codings(
        self, *, actor: str | None = ..., issue: str | None = ..., origin: str | None = ...,
        since: dt.date | None = ..., until: dt.date | None = ..., all_versions: bool = ...,
        include_rejected: bool = ..., as_frame: Literal[True],
    ) -> pandas.DataFrame: ...

    def codings(
        self,
        *,
        actor: str | None = None,
        issue: str | None = None,
        origin: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        all_versions: bool = False,
        include_rejected: bool = False,
        as_frame: bool = False,
    ) -> list[StoredCoding] | pandas.DataFrame:
        """The effective codings of stored statements, in the order of :meth:`statements`.

        Where a person coded a statement on an issue, the person's latest coding
        replaces the model's (as in every output); a person's "not relevant" leaves
        no coding.

        Parameters
        ----------
        actor, issue, since, until, all_versions, include_rejected
            As for :meth:`statements`; ``issue`` also keeps only the codings on it.
        origin : str, optional
            ``"model"`` or ``"person"`` for every coding made by a model or a person,
            or one origin exactly (``"model:semantic.v1"``, ``"person:ann"``).
        as_frame : bool
            Return a pandas DataFrame (needs the ``frames`` extra) with one row per
            coding; columns: :data:`stancemap.store.frames.STATEMENT_COLUMNS`.

        Returns
        -------
        list of StoredCoding, or DataFrame

        Raises
        ------
        StoreError
            E303 when ``issue`` is not a stored issue id.
        UsageError
            E500 when ``as_frame`` is asked for and pandas is not installed.
        """
        if as_frame:
            frames.require_pandas()
        found = [
            StoredCoding(statement_id=stored.id, coding=coding, statement=stored.statement, document=stored.document)
            for stored in self.statements(actor=actor, issue=issue, since=since, until=until,
                                          all_versions=all_versions, include_rejected=include_rejected)
            for coding in stored.statement.codings
            if (issue is None or coding.issue == issue)
            and (origin is None or coding.origin == origin or coding.origin.startswith(origin + ":"))
        ]
        return frames.codings_frame(found) if as_frame else found

    @overload
    def actors(self, *, type: str | None = ..., as_frame: Literal[False] = ...) -> list[Actor]: ...

    @overload
    def actors(self, *, type: str | None = ..., as_frame: Literal[True]) -> pandas.DataFrame: ...

    def actors(self, *, type: str | None = None, as_frame: bool = False) -> list[Actor] | pandas.DataFrame:
        """Every canonical actor with its aliases, by name.

        Parameters
        ----------
        type : str, optional
            Keep actors of this type only (``person``, ``organisation``, ``country``, ``group``).
        as_frame : bool
            Return a pandas DataFrame (needs the ``frames`` extra) with the columns
            :data:`stancemap.store.frames.ACTOR_COLUMNS` (``aliases`` a list per actor).

        Returns
        -------
        list of Actor, or DataFrame

        Raises
        ------
        UsageError
            E500 when ``as_frame`` is asked for and pandas is not installed.
        """
        if as_frame:
            frames.require_pandas()
        with self.read() as connection:
            found = listing.read_actors(connection, type)
        return frames.actors_frame(found) if as_frame else found

    def counts(self) -> dict[str, Any]:
        """How much the database holds.

        Returns
        -------
        dict
            ``documents`` (all versions), ``statements``, ``actors``,
            ``codings``, ``failures`` and ``runs``: row counts; ``stances``:
            ``{issue: {stance: statements}}`` over the latest document
            versions, a person's coding replacing the model's and "not a
            statement" left out (read from :mod:`stancemap.store.summary`).
        """
        with self.read() as connection:
            return listing.database_counts(connection)
