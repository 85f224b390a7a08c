"""Summaries for large stores: stance_totals, corpus_totals, review_queue, actors.statement_count
(mirrors stancemap.store.schema at revision 0004), backfilled from the stored rows.

The backfill is a frozen copy of ``stancemap.store.summary.rebuild`` as of revision 0004
(issue 20): it imports no stancemap code, so later changes to the library cannot change
what this migration does. It counts what ``rebuild`` counts, in one pass: a statement is
live when its document is the latest version of its ``doc_id`` and no active review
rejects it; its effective codings are, per issue, a person's latest coding if any, else
every model coding, less "unrelated"; it waits in the review queue when live with no
person's coding and no active review action.

Revision ID: 0004
Revises: 0003 (actor curation)
Create Date: 2026-11-27
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.engine import Connection

# revision identifiers, used by Alembic.
revision: str = '0004'
down_revision: str | Sequence[str] | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema, then fill the summaries from what the store holds."""
    op.add_column('actors', sa.Column('statement_count', sa.Integer(), server_default='0', nullable=False))
    op.create_index(op.f('ix_actors_statement_count_id'), 'actors', ['statement_count', 'id'], unique=False)
    op.create_index(op.f('ix_statements_speaker_mention_id'), 'statements', ['speaker_mention_id'], unique=False)
    op.create_table('stance_totals',
    sa.Column('issue_id', sa.String(length=200), nullable=False),
    sa.Column('stance', sa.String(length=32), nullable=False),
    sa.Column('n', sa.Integer(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('issue_id', 'stance', name=op.f('pk_stance_totals'))
    )
    op.create_table('corpus_totals',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('n', sa.Integer(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_corpus_totals'))
    )
    op.create_table('review_queue',
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('issue_id', sa.String(length=200), nullable=False),
    sa.Column('priority', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['statement_id'], ['statements.id'], name=op.f('fk_review_queue_statement_id_statements')),
    sa.PrimaryKeyConstraint('statement_id', 'issue_id', name=op.f('pk_review_queue'))
    )
    op.create_index(op.f('ix_review_queue_issue_id_priority_statement_id'), 'review_queue',
                    ['issue_id', 'priority', 'statement_id'], unique=False)
    _backfill(op.get_bind())


# ---------------------------------------------------------------- frozen backfill (revision 0004)

#: ``origin`` prefix of a person's coding, the stance of a person's "not relevant",
#: the ``issue_id`` of a statement's own queue row, statement ids per query.
_PERSON_PREFIX = 'person:'
_NOT_RELEVANT = 'unrelated'
_ANY_ISSUE = ''
_CHUNK = 500

_documents = sa.table('documents', sa.column('id', sa.Integer), sa.column('doc_id', sa.String),
                      sa.column('version', sa.Integer))
_statements = sa.table('statements', sa.column('id', sa.Integer), sa.column('document_id', sa.Integer),
                       sa.column('actor_id', sa.Integer), sa.column('confidence', sa.Float))
_codings = sa.table('codings', sa.column('id', sa.Integer), sa.column('statement_id', sa.Integer),
                    sa.column('issue_id', sa.String), sa.column('stance', sa.String),
                    sa.column('confidence', sa.Float), sa.column('origin', sa.String))
_reviews = sa.table('reviews', sa.column('statement_id', sa.Integer), sa.column('action', sa.String),
                    sa.column('undone_at', sa.DateTime))
_actors = sa.table('actors', sa.column('id', sa.Integer), sa.column('statement_count', sa.Integer))
_stance_totals = sa.table('stance_totals', sa.column('issue_id', sa.String), sa.column('stance', sa.String),
                          sa.column('n', sa.Integer))
_corpus_totals = sa.table('corpus_totals', sa.column('name', sa.String), sa.column('n', sa.Integer))
_review_queue = sa.table('review_queue', sa.column('statement_id', sa.Integer), sa.column('issue_id', sa.String),
                         sa.column('priority', sa.Float))


def _is_person(origin: str) -> bool:
    return origin.startswith(_PERSON_PREFIX)


def _effective_stances(rows: list[Any]) -> set[tuple[str, str]]:
    """(issue, stance) of a statement's effective codings (rows in id order)."""
    person_latest: dict[str, Any] = {}
    for row in rows:
        if _is_person(row.origin):
            person_latest[row.issue_id] = row
    return {(row.issue_id, row.stance) for row in rows
            if not (row.issue_id in person_latest and person_latest[row.issue_id] is not row)
            and row.stance != _NOT_RELEVANT}


def _backfill(connection: Connection) -> None:
    """Fill the summaries from the stored rows (the summary tables are empty: just created)."""
    for table in (_review_queue, _stance_totals, _corpus_totals):
        connection.execute(sa.delete(table))
    connection.execute(sa.update(_actors).where(_actors.c.statement_count != 0).values(statement_count=0))
    newer = _documents.alias('newer')
    latest = ~sa.exists().where(newer.c.doc_id == _documents.c.doc_id, newer.c.version > _documents.c.version)
    by_actor: Counter[int] = Counter()
    by_stance: Counter[tuple[str, str]] = Counter()
    total: Counter[str] = Counter()
    ids = [int(i) for i in connection.execute(sa.select(_statements.c.id).order_by(_statements.c.id)).scalars()]
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        found: dict[int, list[Any]] = {}
        for row in connection.execute(
            sa.select(_codings.c.id, _codings.c.statement_id, _codings.c.issue_id, _codings.c.stance,
                      _codings.c.confidence, _codings.c.origin)
            .where(_codings.c.statement_id.in_(chunk)).order_by(_codings.c.id)
        ):
            found.setdefault(int(row.statement_id), []).append(row)
        acted: dict[int, list[str]] = {}
        for sid, action in connection.execute(
            sa.select(_reviews.c.statement_id, _reviews.c.action)
            .where(_reviews.c.statement_id.in_(chunk), _reviews.c.undone_at.is_(None))
        ):
            acted.setdefault(int(sid), []).append(action)
        queue: list[dict[str, Any]] = []
        for row in connection.execute(
            sa.select(_statements.c.id, _statements.c.actor_id, _statements.c.confidence, latest.label('latest'))
            .select_from(_statements.join(_documents, _documents.c.id == _statements.c.document_id))
            .where(_statements.c.id.in_(chunk)).order_by(_statements.c.id)
        ):
            sid = int(row.id)
            rows, actions = found.get(sid, []), acted.get(sid, [])
            live = bool(row.latest) and 'reject' not in actions
            people = sum(1 for c in rows if _is_person(c.origin))
            total['person_codings'] += people
            if not live:
                continue
            total['statements'] += 1
            if row.actor_id is not None:
                by_actor[int(row.actor_id)] += 1
            by_stance.update(_effective_stances(rows))
            if not people and not actions:
                lowest: dict[str, float] = {}
                for c in rows:
                    lowest[c.issue_id] = min(float(c.confidence), lowest.get(c.issue_id, 1e9))
                overall = min(lowest.values()) if lowest else float(row.confidence)
                queue += [{'statement_id': sid, 'issue_id': issue, 'priority': priority}
                          for issue, priority in ((_ANY_ISSUE, overall), *sorted(lowest.items()))]
        if queue:
            connection.execute(sa.insert(_review_queue), queue)
    count = lambda q: int(connection.scalar(q) or 0)  # noqa: E731
    total['documents'] += count(sa.select(sa.func.count(sa.distinct(_documents.c.doc_id))))
    total['document_versions'] += count(sa.select(sa.func.count()).select_from(_documents))
    total['actors'] += count(sa.select(sa.func.count()).select_from(_actors))
    changed = [{'aid': aid, 'n': n} for aid, n in sorted(by_actor.items()) if n]
    if changed:
        connection.execute(sa.update(_actors).where(_actors.c.id == sa.bindparam('aid'))
                           .values(statement_count=sa.bindparam('n')), changed)
    stances = [{'issue_id': i, 'stance': s, 'n': n} for (i, s), n in sorted(by_stance.items()) if n]
    if stances:
        connection.execute(sa.insert(_stance_totals), stances)
    totals = [{'name': name, 'n': n} for name, n in sorted(total.items()) if n]
    if totals:
        connection.execute(sa.insert(_corpus_totals), totals)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f('ix_review_queue_issue_id_priority_statement_id'), table_name='review_queue')
    op.drop_table('review_queue')
    op.drop_table('corpus_totals')
    op.drop_table('stance_totals')
    op.drop_index(op.f('ix_statements_speaker_mention_id'), table_name='statements')
    op.drop_index(op.f('ix_actors_statement_count_id'), table_name='actors')
    if op.get_bind().dialect.name == 'sqlite':
        # native ALTER TABLE DROP COLUMN (SQLite >= 3.35): a batch copy of actors would trip its foreign keys
        op.execute('ALTER TABLE actors DROP COLUMN statement_count')
    else:
        op.drop_column('actors', 'statement_count')
