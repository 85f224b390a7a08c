"""Whole-table reads behind the :class:`stancemap.store.Store` listing methods.

:func:`read_actors`
    every canonical actor with its aliases (``Store.actors``);
:func:`read_documents`
    the stored documents, every version or the latest (``Store.documents``);
:func:`database_counts`
    the row count of each main table and the stance counts (``Store.counts``).

Functions take a connection inside the caller's read transaction.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from stancemap.models import Actor, DocumentInfo
from stancemap.store import read, summary
from stancemap.store.schema import actors, aliases, codings, documents, failures, runs, statements


def read_actors(connection: Connection, type: str | None = None) -> list[Actor]:
    """Every canonical actor (of ``type``, when given) with its aliases, by name."""
    query = sa.select(actors).order_by(actors.c.name)
    if type is not None:
        query = query.where(actors.c.type == type)
    names: dict[int, list[str]] = {}
    for actor_id, alias in connection.execute(sa.select(aliases.c.actor_id, aliases.c.alias).order_by(aliases.c.id)):
        names.setdefault(actor_id, []).append(alias)
    rows = connection.execute(query).all()
    return [
        Actor(
            name=row.name,
            type=row.type,
            aliases=tuple(names.get(row.id, ())),
            affiliation=row.affiliation,
            reviewed=bool(row.reviewed),
        )
        for row in rows
    ]


def read_documents(connection: Connection, *, all_versions: bool = True) -> list[DocumentInfo]:
    """The stored documents by date, doc_id and version: every version, or the latest of each doc_id."""
    query = sa.select(documents).order_by(
        sa.nulls_last(documents.c.date.asc()), documents.c.doc_id, documents.c.version
    )
    if not all_versions:
        query = query.where(read.latest_version())
    return [read.document_info(row) for row in connection.execute(query)]


def database_counts(connection: Connection) -> dict[str, Any]:
    """Row counts of documents, statements, actors, codings, failures and runs, and ``stances``."""
    tables = {
        "documents": documents,
        "statements": statements,
        "actors": actors,
        "codings": codings,
        "failures": failures,
        "runs": runs,
    }
    result: dict[str, Any] = {
        name: int(connection.scalar(sa.select(sa.func.count()).select_from(table)) or 0)
        for name, table in tables.items()
    }
    result["stances"] = summary.stance_counts(connection)
    return result
