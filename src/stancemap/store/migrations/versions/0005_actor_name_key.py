"""actors.name_key: an actor's name up to case, accents and punctuation, indexed, so that the
corpus's new actors are found under any spelling of one name (mirrors stancemap.store.schema at
revision 0005); backfilled from the stored names.

Revision ID: 0005
Revises: 0004 (summaries)
Create Date: 2026-11-25
"""
from __future__ import annotations

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from stancemap.actors.normalise import name_key

# revision identifiers, used by Alembic.
revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Add and fill the column, then index it."""
    op.add_column('actors', sa.Column('name_key', sa.String(length=500), nullable=True))
    connection = op.get_bind()
    actors = sa.table('actors', sa.column('id', sa.Integer), sa.column('name', sa.String),
                      sa.column('name_key', sa.String))
    rows = [{'aid': row.id, 'key': name_key(row.name)}
            for row in connection.execute(sa.select(actors.c.id, actors.c.name))]
    if rows:
        connection.execute(
            sa.update(actors).where(actors.c.id == sa.bindparam('aid')).values(name_key=sa.bindparam('key')), rows)
    op.create_index(op.f('ix_actors_name_key'), 'actors', ['name_key'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f('ix_actors_name_key'), table_name='actors')
    if op.get_bind().dialect.name == 'sqlite':
        # native ALTER TABLE DROP COLUMN (SQLite >= 3.35): a batch copy of actors would trip its foreign keys
        op.execute('ALTER TABLE actors DROP COLUMN name_key')
    else:
        op.drop_column('actors', 'name_key')
