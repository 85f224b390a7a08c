"""Summaries for large stores: stance_totals, corpus_totals, review_queue, actors.statement_count
(mirrors stancemap.store.schema at revision 0004), backfilled from the stored rows.

Revision ID: 0004
Revises: 0003 (actor curation)
Create Date: 2026-11-27
"""
from __future__ import annotations

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


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
    # backfill: the same code that keeps the summaries on every write counts them once
    from stancemap.store.summary import rebuild

    rebuild(op.get_bind())


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
