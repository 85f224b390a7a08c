"""Vectors of texts from a slow embedder (people's corrections are learnt on e5-small), kept so that
recoding never embeds a text twice (mirrors stancemap.store.schema at revision 0013).

Revision ID: 0013
Revises: 0012 (document header backfill)
Create Date: 2026-12-05
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0013'
down_revision: str | Sequence[str] | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the table (empty: vectors are kept as texts are embedded)."""
    op.create_table('text_vectors',
    sa.Column('embedder', sa.String(length=100), nullable=False),
    sa.Column('text_hash', sa.String(length=64), nullable=False),
    sa.Column('vector', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('embedder', 'text_hash', name=op.f('pk_text_vectors'))
    )


def downgrade() -> None:
    """Drop the table."""
    op.drop_table('text_vectors')
