"""Learned aliases record where they were learned: the document and the speaker text
(issue 16 item 3; mirrors stancemap.store.schema at revision 0010).

Aliases stored before this revision (and aliases a person added) have neither.

Revision ID: 0010
Revises: 0009 (alias name key)
Create Date: 2026-12-04
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0010'
down_revision: str | Sequence[str] | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add two nullable columns (no data changes)."""
    with op.batch_alter_table('aliases') as batch:
        batch.add_column(sa.Column('document_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('evidence', sa.String(length=500), nullable=True))


def downgrade() -> None:
    """Drop them."""
    with op.batch_alter_table('aliases') as batch:
        batch.drop_column('evidence')
        batch.drop_column('document_id')
