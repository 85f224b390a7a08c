"""Actor curation: actor_edits (the log), actor_merges (redirects), actor_affiliations
(mirrors stancemap.store.curation_schema at revision 0003).

Revision ID: 0003
Revises: 0002 (the web app's review log)
Create Date: 2026-11-25
"""
from __future__ import annotations

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('actor_edits',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('actor', sa.String(length=500), nullable=False),
    sa.Column('other', sa.String(length=500), nullable=True),
    sa.Column('payload', sa.Text(), server_default='{}', nullable=False),
    sa.Column('person', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actor_edits'))
    )
    op.create_index(op.f('ix_actor_edits_actor'), 'actor_edits', ['actor'], unique=False)
    op.create_table('actor_merges',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('target', sa.String(length=500), nullable=False),
    sa.Column('edit_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['edit_id'], ['actor_edits.id'], name=op.f('fk_actor_merges_edit_id_actor_edits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actor_merges')),
    sa.UniqueConstraint('name', name=op.f('uq_actor_merges_name'))
    )
    op.create_index(op.f('ix_actor_merges_target'), 'actor_merges', ['target'], unique=False)
    op.create_table('actor_affiliations',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('affiliation', sa.String(length=500), nullable=False),
    sa.Column('start', sa.Date(), nullable=True),
    sa.Column('end', sa.Date(), nullable=True),
    sa.Column('edit_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_actor_affiliations_actor_id_actors')),
    sa.ForeignKeyConstraint(['edit_id'], ['actor_edits.id'], name=op.f('fk_actor_affiliations_edit_id_actor_edits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actor_affiliations'))
    )
    op.create_index(op.f('ix_actor_affiliations_actor_id'), 'actor_affiliations', ['actor_id'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f('ix_actor_affiliations_actor_id'), table_name='actor_affiliations')
    op.drop_table('actor_affiliations')
    op.drop_index(op.f('ix_actor_merges_target'), table_name='actor_merges')
    op.drop_table('actor_merges')
    op.drop_index(op.f('ix_actor_edits_actor'), table_name='actor_edits')
    op.drop_table('actor_edits')
