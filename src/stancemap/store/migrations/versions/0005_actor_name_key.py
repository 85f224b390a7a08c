"""actors.name_key: an actor's name up to case, accents and punctuation, indexed, so that the
corpus's new actors are found under any spelling of one name (mirrors stancemap.store.schema at
revision 0005); backfilled from the stored names.

The key is a frozen copy of ``stancemap.actors.normalise.name_key`` as of revision 0005
(issue 20): this file imports no stancemap code, so later changes to the key cannot change
what this migration writes (0009 moves stored keys to the key of its day).

Revision ID: 0005
Revises: 0004 (summaries)
Create Date: 2026-11-25
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0005'
down_revision: str | Sequence[str] | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# ---------------------------------------------------------------- frozen key (revision 0005)

_SPECIAL = {'ł': 'l', 'Ł': 'L', 'ø': 'o', 'Ø': 'O', 'đ': 'd', 'Đ': 'D', 'ß': 'ss', 'ı': 'i'}
_DROPPED_MARKS = re.compile(r"[.'\u2019`]")
_NON_WORD = re.compile(r'[^\w]+|_')


def name_key(name: str) -> str:
    """An actor's name up to case, accents and punctuation, as at revision 0005.

    >>> name_key('U.S. Court of Appeals'), name_key('Łukasz O\u2018Neill')
    ('us court of appeals', 'lukasz o neill')
    """
    text = ''.join(_SPECIAL.get(ch, ch) for ch in name)
    text = ''.join(ch for ch in unicodedata.normalize('NFKD', text) if not unicodedata.combining(ch))
    text = _DROPPED_MARKS.sub('', text.casefold())
    return ' '.join(_NON_WORD.sub(' ', text).split())


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
