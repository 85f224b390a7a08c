"""Alembic environment for stancemap's store (run through stancemap.store.migrations.upgrade).

The connection comes from ``config.attributes["connection"]`` (set by
:func:`stancemap.store.migrations.upgrade`); when it is missing (a developer
running Alembic by hand), the URL in the ``sqlalchemy.url`` option is opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from alembic import context

from stancemap.store.connect import WRITE_OPTION, create_engine
from stancemap.store.schema import metadata

if TYPE_CHECKING:
    from alembic.config import Config

# Outside Alembic (e.g. a doctest collector importing this file) there is no config.
config = getattr(context, "config", None)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online(config: Config) -> None:
    """Run the migrations on the shared connection, or on a new one."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    try:
        with engine.connect().execution_options(**{WRITE_OPTION: True}) as own:
            _run(own)
    finally:
        engine.dispose()


if config is not None:
    if context.is_offline_mode():
        raise SystemExit("stancemap migrations run online only: use stancemap.store.migrations.upgrade")
    run_migrations_online(config)
