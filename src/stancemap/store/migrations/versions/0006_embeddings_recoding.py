"""Recoding: each statement's embedding (float16 bytes) and embedder, what coded it last
(``coded_with``: codebook hash and coder), and why a coding is relevant (``codings.evidence``)
(mirrors stancemap.store.schema at revision 0006).

Revision ID: 0006
Revises: 0005 (actor name key)
Create Date: 2026-12-03
"""
from __future__ import annotations

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0006'
down_revision: Union[str, Sequence[str], None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Add the nullable columns; stored statements are embedded and recoded by the next recode."""
    op.add_column('statements', sa.Column('embedding', sa.LargeBinary(), nullable=True))
    op.add_column('statements', sa.Column('embedder', sa.String(length=100), nullable=True))
    op.add_column('statements', sa.Column('coded_with', sa.String(length=200), nullable=True))
    op.add_column('codings', sa.Column('evidence', sa.Text(), nullable=True))


def downgrade() -> None:
    """Drop the columns."""
    op.drop_column('codings', 'evidence')
    op.drop_column('statements', 'coded_with')
    op.drop_column('statements', 'embedder')
    op.drop_column('statements', 'embedding')
