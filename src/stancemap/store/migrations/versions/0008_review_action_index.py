"""Index review actions by kind: "is any statement rejected?" answers from the index
(every aggregate and network page asks it; issue 17 item 23)
(mirrors stancemap.store.schema at revision 0008).

Revision ID: 0008
Revises: 0007 (document speaker)
Create Date: 2026-12-04
"""
from __future__ import annotations

from typing import Sequence, Union

from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0008'
down_revision: Union[str, Sequence[str], None] = '0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Add the index (no data changes)."""
    op.create_index(op.f('ix_reviews_action_undone_at'), 'reviews', ['action', 'undone_at'], unique=False)


def downgrade() -> None:
    """Drop the index."""
    op.drop_index(op.f('ix_reviews_action_undone_at'), table_name='reviews')
