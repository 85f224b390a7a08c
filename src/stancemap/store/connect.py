"""Database URLs and engines: a SQLite file by default, PostgreSQL for teams.

``database_url`` turns what a person types after ``--db`` into a SQLAlchemy URL;
``create_engine`` makes an engine configured for safe concurrent use (SQLite:
write-ahead log, foreign keys, a busy timeout and ``BEGIN IMMEDIATE`` for write
transactions; PostgreSQL: the psycopg 3 driver).
"""

from __future__ import annotations

import os
import sqlite3
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

from stancemap.errors import StoreError, message

#: The database used when no ``--db`` is given (relative to the working directory).
DEFAULT_URL = "sqlite:///stancemap.db"

#: Execution option that makes a SQLite transaction take the write lock at once.
WRITE_OPTION = "stancemap_write"

#: Milliseconds SQLite waits for another process's write lock before failing.
BUSY_TIMEOUT_MS = 30_000


def database_url(value: str | None) -> str:
    """Return the SQLAlchemy URL for a ``--db`` value.

    Parameters
    ----------
    value : str or None
        ``None`` (the default database ``stancemap.db`` in the working
        directory), a file path (``corpus.db``), a ``sqlite:///`` URL or a
        ``postgresql://`` URL.

    Returns
    -------
    str
        The URL, with ``postgresql://`` mapped to the psycopg 3 driver.

    Raises
    ------
    StoreError
        E300 when the URL names a database this tool does not support.

    Examples
    --------
    >>> database_url(None)
    'sqlite:///stancemap.db'
    >>> database_url("corpus.db")
    'sqlite:///corpus.db'
    >>> database_url("postgresql://me@db.example.org/news")
    'postgresql+psycopg://me@db.example.org/news'
    """
    if value is None or not str(value).strip():
        return DEFAULT_URL
    value = str(value).strip()
    if "://" not in value:
        return "sqlite:///" + os.path.expanduser(value)
    scheme, rest = value.split("://", 1)
    scheme = scheme.lower()
    if scheme in ("postgresql", "postgres"):
        return "postgresql+psycopg://" + rest
    if scheme.startswith("postgresql+") or scheme.startswith("sqlite"):
        return value
    raise StoreError.of("E300.url", url=mask_url(value))


def mask_url(url: str) -> str:
    """Return ``url`` with any password replaced by ``***`` (for messages).

    >>> mask_url("postgresql://me:secret@host/db")
    'postgresql://me:***@host/db'
    """
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL holds no password we can find
        return url


def _sqlite_lower(value: Any) -> Any:
    # SQLite's built-in lower() folds ASCII only; match PostgreSQL and Python.
    return value.lower() if isinstance(value, str) else value


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide where transactions begin.
        dbapi_connection.isolation_level = None
        dbapi_connection.create_function("lower", 1, _sqlite_lower, deterministic=True)
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        if connection.get_execution_options().get(WRITE_OPTION):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")


def create_engine(url: str | None) -> Engine:
    """Return an engine for ``url`` (anything :func:`database_url` accepts).

    Nothing is connected yet; :func:`check_connection` (called by
    :meth:`stancemap.store.Store.open`) connects and turns failures into a
    :class:`~stancemap.errors.StoreError` that names the fix.

    Notes
    -----
    SQLite connections use the write-ahead log (readers never block the
    writer), enforce foreign keys, wait up to 30 s for another process's write
    lock, and start write transactions with ``BEGIN IMMEDIATE`` when the
    connection carries the ``stancemap_write`` execution option, so two
    processes never deadlock upgrading a read lock.
    """
    full = database_url(url)
    kwargs: dict[str, Any] = {}
    if full.startswith("postgresql"):
        kwargs["pool_pre_ping"] = True
    try:
        engine = sa.create_engine(full, **kwargs)
    except Exception as exc:  # bad URL syntax or missing driver
        raise StoreError.of("E300.bad-url", url=mask_url(full), reason=exc) from exc
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def check_connection(engine: Engine) -> None:
    """Connect once, raising :class:`StoreError` (E300) with the fix on failure."""
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except Exception as exc:
        raise StoreError(open_failure_message(engine, exc), code="E300") from exc


def is_retryable(exc: BaseException) -> bool:
    """Whether PostgreSQL aborted the transaction as a serialization failure or a deadlock (try it again)."""
    sqlstate = getattr(getattr(exc, "orig", None), "sqlstate", None)
    return sqlstate in ("40001", "40P01")  # serialization failure, deadlock detected


def failure_reason(exc: BaseException) -> str:
    """The first line of the database's own error message (or the exception's type)."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def open_failure_message(engine: Engine, exc: BaseException) -> str:
    """The E300 message for ``engine``'s database failing to open with ``exc``."""
    shown = mask_url(engine.url.render_as_string(hide_password=False))
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    if engine.dialect.name == "sqlite":
        return message("E300.open-sqlite", shown=shown, reason=reason, path=engine.url.database or ":memory:")
    return message("E300.open-server", shown=shown, reason=reason)
