"""The codebook's issues as stored (the ``issues`` table): saving, listing, checking an id,
and a person's coding of a statement on one.

Functions take a connection inside the caller's transaction; :class:`stancemap.store.Store`
(``save_codebook``, ``issues``, ``check_issue``, ``add_person_coding``) opens it. Keywords
and examples stay in the codebook file.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from stancemap.errors import StoreError, message
from stancemap.models import Codebook, Issue
from stancemap.store import summary
from stancemap.store.dialect import upsert_insert
from stancemap.store.schema import issues, statements
from stancemap.store.write import replace_person_coding


def save_issues(connection: Connection, codebook: Codebook) -> None:
    """Insert or update the codebook's issues (label, claim, description, hash)."""
    if not codebook.issues:
        return
    stmt = upsert_insert(connection, issues)
    stmt = stmt.on_conflict_do_update(
        index_elements=["id"],
        set_={
            "label": stmt.excluded.label,
            "claim": stmt.excluded.claim,
            "description": stmt.excluded.description,
            "codebook_hash": stmt.excluded.codebook_hash,
        },
    )
    connection.execute(
        stmt,
        [
            {
                "id": issue.id,
                "label": issue.label,
                "claim": issue.claim,
                "description": issue.description,
                "codebook_hash": codebook.hash or None,
            }
            for issue in sorted(codebook.issues, key=lambda i: i.id)
        ],
    )


def read_issues(connection: Connection) -> list[Issue]:
    """The stored issues, by id."""
    rows = connection.execute(sa.select(issues).order_by(issues.c.id)).all()
    return [Issue(id=row.id, label=row.label, claim=row.claim, description=row.description) for row in rows]


def issue_ids(connection: Connection) -> list[str]:
    """The stored issue ids, sorted."""
    return list(connection.execute(sa.select(issues.c.id).order_by(issues.c.id)).scalars())


def write_person_coding(
    connection: Connection, statement_id: int, issue_id: str, stance: str, origin: str, where: str
) -> int:
    """Store ``origin``'s (``person:<name>``) stance on an issue for a statement; return the coding id.

    Replaces that person's earlier coding of the statement and issue. Raises
    :class:`StoreError` naming database ``where`` when the statement or the issue does not exist.
    """
    if connection.scalar(sa.select(statements.c.id).where(statements.c.id == statement_id)) is None:
        raise StoreError.of("E307.no-statement", statement_id=statement_id, where=where)
    hash_ = connection.scalar(sa.select(issues.c.codebook_hash).where(issues.c.id == issue_id))
    if hash_ is None and connection.scalar(sa.select(issues.c.id).where(issues.c.id == issue_id)) is None:
        raise StoreError.of("E303.no-issue", issue_id=issue_id, where=where)
    with summary.tracking(connection, [statement_id]):
        coding_id = replace_person_coding(connection, statement_id, issue_id, stance, origin, hash_)
    return int(coding_id)


def unknown_issue_message(issue_id: str, known: Sequence[str], where: str) -> str:
    """What to say when ``issue_id`` is not among the ``known`` issue ids of database ``where``.

    >>> unknown_issue_message("trump-tax", ["tariffs", "trump-tax-returns"], "corpus.db")
    "There is no issue 'trump-tax' in corpus.db; did you mean trump-tax-returns? Known issues, closest first:
    trump-tax-returns, tariffs. Pass one of these ids, or add the issue to the codebook and run again."
    """
    if not known:
        return message("E303.empty", issue_id=issue_id, where=where)
    ranked = ", ".join(sorted(known, key=lambda k: (-difflib.SequenceMatcher(None, issue_id, k).ratio(), k)))
    close = difflib.get_close_matches(issue_id, known, n=1)
    if close:
        return message("E303.suggest", issue_id=issue_id, where=where, close=close[0], ranked=ranked)
    return message("E303.unknown", issue_id=issue_id, where=where, ranked=ranked)
