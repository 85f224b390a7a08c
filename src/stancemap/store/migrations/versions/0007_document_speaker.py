"""Who speaks in a document: speaker, the organisation they speak for, party, role and
genre (news, speech, testimony, press-release, op-ed, interview, debate)
(mirrors stancemap.store.schema at revision 0007).

Revision ID: 0007
Revises: 0006 (embeddings and recoding)
Create Date: 2026-12-04
"""
from __future__ import annotations

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0007'
down_revision: Union[str, Sequence[str], None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Add the nullable columns; stored documents keep NULL (read as genre news, no speaker)."""
    op.add_column('documents', sa.Column('speaker', sa.String(length=500), nullable=True))
    op.add_column('documents', sa.Column('speaker_org', sa.String(length=500), nullable=True))
    op.add_column('documents', sa.Column('party', sa.String(length=200), nullable=True))
    op.add_column('documents', sa.Column('role', sa.String(length=200), nullable=True))
    op.add_column('documents', sa.Column('genre', sa.String(length=32), nullable=True))


def downgrade() -> None:
    """Drop the columns."""
    for column in ('genre', 'role', 'party', 'speaker_org', 'speaker'):
        op.drop_column('documents', column)
