"""A document's byline, section and word count from a news-archive header (issue 19;
mirrors stancemap.store.schema at revision 0011).

``author`` and ``section`` are text like ``title`` and ``source`` (no length limit:
a long byline never costs an article); ``length`` is the word count the archive
prints (Nexis ``Length: 812 words``). Documents stored before this revision keep
NULL in all three.

Revision ID: 0011
Revises: 0010 (alias evidence)
Create Date: 2026-12-04
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0011'
down_revision: str | Sequence[str] | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add three nullable columns (no data changes)."""
    op.add_column('documents', sa.Column('author', sa.Text(), nullable=True))
    op.add_column('documents', sa.Column('section', sa.Text(), nullable=True))
    op.add_column('documents', sa.Column('length', sa.Integer(), nullable=True))


def downgrade() -> None:
    """Drop them (in place: rebuilding ``documents`` would break the foreign keys pointing at it)."""
    for column in ('length', 'section', 'author'):
        op.drop_column('documents', column)
