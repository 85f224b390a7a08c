"""What differs between the store's database dialects (SQLite and PostgreSQL).

Kept apart from :mod:`stancemap.store.write` so that every store module can use it
without importing the writers.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection


def upsert_insert(connection: Connection, table: sa.Table) -> Any:
    """The dialect's ``INSERT`` construct, which has ``on_conflict_do_nothing``.

    >>> engine = sa.create_engine("sqlite://")
    >>> table = sa.Table("t", sa.MetaData(), sa.Column("name", sa.String, primary_key=True))
    >>> with engine.connect() as connection:
    ...     print(upsert_insert(connection, table).on_conflict_do_nothing().compile(connection))
    INSERT INTO t (name) VALUES (?) ON CONFLICT DO NOTHING
    """
    if connection.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)
