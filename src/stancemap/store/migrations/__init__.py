"""Schema migrations, run programmatically with Alembic (no ``alembic.ini`` needed).

The Alembic environment (``env.py``, ``script.py.mako``, ``versions/``) ships
inside the package; :func:`alembic_config` points Alembic at it. Users never run
Alembic: :meth:`stancemap.store.Store.open` calls :func:`upgrade`.

For a developer adding a migration after changing :mod:`stancemap.store.schema`::

    python -c "from stancemap.store.migrations import revision; revision('sqlite:///dev.db', 'add x')"

then review the generated file in ``versions/``.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from stancemap.errors import StoreError
from stancemap.store.connect import WRITE_OPTION, mask_url

#: Where env.py and versions/ live.
SCRIPT_LOCATION = Path(__file__).resolve().parent

#: Key of the PostgreSQL advisory lock held while migrating (any constant).
_PG_LOCK_KEY = 0x5354414E  # "STAN"


def alembic_config(url: str | None = None) -> Config:
    """An Alembic :class:`~alembic.config.Config` for the packaged migrations."""
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revision() -> str:
    """The newest schema revision this version of stancemap knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revisions(connection: Connection) -> tuple[str, ...]:
    """The revisions recorded in a database (empty for a new database)."""
    return tuple(MigrationContext.configure(connection).get_current_heads())


def _check_not_newer(connection: Connection, script: ScriptDirectory, shown: str) -> tuple[str, ...]:
    current = current_revisions(connection)
    known = {rev.revision for rev in script.walk_revisions()}
    unknown = [rev for rev in current if rev not in known]
    if unknown:
        raise StoreError.of("E301", shown=shown, revisions=", ".join(unknown), head=script.get_current_head())
    return current


def upgrade(engine: Engine) -> str:
    """Bring the database behind ``engine`` to the newest schema revision.

    Safe to call on every open and from several processes at once: the
    migration runs in one transaction holding the database's write lock
    (SQLite ``BEGIN IMMEDIATE``, a PostgreSQL advisory lock).

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        From :func:`stancemap.store.connect.create_engine`.

    Returns
    -------
    str
        The revision the database is at afterwards.

    Raises
    ------
    StoreError
        E301 when the database was written by a newer stancemap (its revision
        is unknown here).
    """
    config = alembic_config()
    script = ScriptDirectory.from_config(config)
    head = script.get_current_head()
    shown = mask_url(engine.url.render_as_string(hide_password=False))
    # Fast path: a read-only check when the database is already at head.
    with engine.connect() as connection:
        if _check_not_newer(connection, script, shown) == (head,):
            return str(head)
    with engine.connect().execution_options(**{WRITE_OPTION: True}) as connection:
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY:d})")
            if _check_not_newer(connection, script, shown) != (head,):
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
    return str(head)


def revision(url: str, message: str) -> None:  # pragma: no cover - developer tool
    """Autogenerate a new migration from the difference between ``url`` and the schema."""
    command.revision(alembic_config(url), message=message, autogenerate=True)
