"""The store: SQLite by default, PostgreSQL for teams and scale (all SQL lives here).

>>> from stancemap.store import Store, database_url
>>> database_url("corpus.db")
'sqlite:///corpus.db'
"""

from __future__ import annotations

from stancemap.store import curation_schema as _curation_schema  # noqa: F401  (tables on the shared metadata)
from stancemap.store import review as _review  # noqa: F401  (the review log table)
from stancemap.store.connect import create_engine, database_url
from stancemap.store.migrations import upgrade
from stancemap.store.records import RunInfo, StoredFailure
from stancemap.store.repository import Store

__all__ = [
    "RunInfo",
    "Store",
    "StoredFailure",
    "create_engine",
    "database_url",
    "upgrade",
]
