"""Initial schema: runs, documents, actors, aliases, mentions, statements, issues,
codings, failures (mirrors stancemap.store.schema at revision 0001).

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""
from __future__ import annotations

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0001'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('actors',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('type', sa.String(length=32), server_default='person', nullable=False),
    sa.Column('affiliation', sa.String(length=500), nullable=True),
    sa.Column('reviewed', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actors')),
    sa.UniqueConstraint('name', name=op.f('uq_actors_name'))
    )
    op.create_table('issues',
    sa.Column('id', sa.String(length=200), nullable=False),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('claim', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('codebook_hash', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issues'))
    )
    op.create_table('runs',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=32), server_default='running', nullable=False),
    sa.Column('pipeline_version', sa.String(length=64), nullable=False),
    sa.Column('model', sa.String(length=200), nullable=True),
    sa.Column('codebook_hash', sa.String(length=64), nullable=True),
    sa.Column('args', sa.Text(), server_default='{}', nullable=False),
    sa.Column('counts', sa.Text(), server_default='{}', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_runs'))
    )
    op.create_table('aliases',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.String(length=500), nullable=False),
    sa.Column('normalised', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_aliases_actor_id_actors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_aliases')),
    sa.UniqueConstraint('normalised', name=op.f('uq_aliases_normalised'))
    )
    op.create_index(op.f('ix_aliases_actor_id'), 'aliases', ['actor_id'], unique=False)

    op.create_table('documents',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('doc_id', sa.String(length=500), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('body_start', sa.Integer(), server_default='0', nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('origin', sa.Text(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_documents_run_id_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    sa.UniqueConstraint('doc_id', 'content_hash', name=op.f('uq_documents_doc_id_content_hash')),
    sa.UniqueConstraint('doc_id', 'version', name=op.f('uq_documents_doc_id_version'))
    )
    op.create_index(op.f('ix_documents_date'), 'documents', ['date'], unique=False)

    op.create_table('failures',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('origin', sa.Text(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_failures_run_id_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_failures'))
    )
    op.create_index(op.f('ix_failures_run_id'), 'failures', ['run_id'], unique=False)

    op.create_table('mentions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('method', sa.String(length=32), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_mentions_actor_id_actors')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_mentions_document_id_documents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentions'))
    )
    op.create_index(op.f('ix_mentions_actor_id'), 'mentions', ['actor_id'], unique=False)
    op.create_index(op.f('ix_mentions_document_id'), 'mentions', ['document_id'], unique=False)

    op.create_table('statements',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('speaker_mention_id', sa.Integer(), nullable=True),
    sa.Column('speaker_name', sa.Text(), nullable=True),
    sa.Column('speaker_type', sa.String(length=32), nullable=True),
    sa.Column('cue_start', sa.Integer(), nullable=True),
    sa.Column('cue_end', sa.Integer(), nullable=True),
    sa.Column('cue_text', sa.Text(), nullable=True),
    sa.Column('content_start', sa.Integer(), nullable=False),
    sa.Column('content_end', sa.Integer(), nullable=False),
    sa.Column('content_text', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_statements_actor_id_actors')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_statements_document_id_documents')),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_statements_run_id_runs')),
    sa.ForeignKeyConstraint(['speaker_mention_id'], ['mentions.id'],
                            name=op.f('fk_statements_speaker_mention_id_mentions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statements'))
    )
    op.create_index(op.f('ix_statements_actor_id'), 'statements', ['actor_id'], unique=False)
    op.create_index(op.f('ix_statements_document_id_content_start'), 'statements', ['document_id', 'content_start'],
                    unique=False)
    op.create_index(op.f('ix_statements_run_id'), 'statements', ['run_id'], unique=False)

    op.create_table('codings',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('issue_id', sa.String(length=200), nullable=False),
    sa.Column('stance', sa.String(length=32), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('relevance', sa.Float(), server_default='1.0', nullable=False),
    sa.Column('origin', sa.String(length=200), nullable=False),
    sa.Column('codebook_hash', sa.String(length=64), nullable=True),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['issue_id'], ['issues.id'], name=op.f('fk_codings_issue_id_issues')),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_codings_run_id_runs')),
    sa.ForeignKeyConstraint(['statement_id'], ['statements.id'], name=op.f('fk_codings_statement_id_statements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_codings')),
    sa.UniqueConstraint('statement_id', 'issue_id', 'origin', name=op.f('uq_codings_statement_id_issue_id_origin'))
    )
    op.create_index(op.f('ix_codings_issue_id_stance'), 'codings', ['issue_id', 'stance'], unique=False)



def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f('ix_codings_issue_id_stance'), table_name='codings')

    op.drop_table('codings')
    op.drop_index(op.f('ix_statements_run_id'), table_name='statements')
    op.drop_index(op.f('ix_statements_document_id_content_start'), table_name='statements')
    op.drop_index(op.f('ix_statements_actor_id'), table_name='statements')

    op.drop_table('statements')
    op.drop_index(op.f('ix_mentions_document_id'), table_name='mentions')
    op.drop_index(op.f('ix_mentions_actor_id'), table_name='mentions')

    op.drop_table('mentions')
    op.drop_index(op.f('ix_failures_run_id'), table_name='failures')

    op.drop_table('failures')
    op.drop_index(op.f('ix_documents_date'), table_name='documents')

    op.drop_table('documents')
    op.drop_index(op.f('ix_aliases_actor_id'), table_name='aliases')

    op.drop_table('aliases')
    op.drop_table('runs')
    op.drop_table('issues')
    op.drop_table('actors')
