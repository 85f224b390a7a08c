"""Tables of actor curation (merges, splits, aliases, types, affiliations), in the store's metadata.

Defined on :data:`stancemap.store.schema.metadata`, so that the migration test
and ``metadata.create_all`` see them; created by migration ``0003`` (``0003_actor_edits.py``).

Tables
------
actor_edits
    The log of every curation edit, oldest first: ``kind`` (``merge``,
    ``split``, ``alias-add``, ``alias-remove``, ``set-type``, ``affiliate``,
    ``import``), the actor it is about, the other actor (merge target, split
    product), a JSON ``payload`` that is enough to replay the edit on a
    registry, and who made it. :func:`stancemap.curation.registry_with_store`
    replays it over the starter registry, so edits survive every rerun.
actor_merges
    Redirects: a merged-away actor name -> the name it was merged into. The
    store's get-or-create follows them, so a statement naming the old actor is
    stored under the new one.
actor_affiliations
    Person -> organisation or country, with an optional inclusive date range.
"""

from __future__ import annotations

import sqlalchemy as sa

from stancemap.store.schema import UTCDateTime, metadata, utcnow

actor_edits = sa.Table(
    "actor_edits",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created_at", UTCDateTime(), nullable=False, default=utcnow),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("actor", sa.String(500), nullable=False),
    sa.Column("other", sa.String(500), nullable=True),
    sa.Column("payload", sa.Text, nullable=False, server_default="{}"),
    sa.Column("person", sa.String(200), nullable=True),
    sa.Index(None, "actor"),
)

actor_merges = sa.Table(
    "actor_merges",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(500), nullable=False),
    sa.Column("target", sa.String(500), nullable=False),
    sa.Column("edit_id", sa.Integer, sa.ForeignKey("actor_edits.id"), nullable=True),
    sa.UniqueConstraint("name"),
    sa.Index(None, "target"),
)

actor_affiliations = sa.Table(
    "actor_affiliations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("actor_id", sa.Integer, sa.ForeignKey("actors.id"), nullable=False),
    sa.Column("affiliation", sa.String(500), nullable=False),
    sa.Column("start", sa.Date, nullable=True),
    sa.Column("end", sa.Date, nullable=True),
    sa.Column("edit_id", sa.Integer, sa.ForeignKey("actor_edits.id"), nullable=True),
    sa.Index(None, "actor_id"),
)

#: Curation tables, in the order rows must be deleted.
CURATION_TABLES: tuple[sa.Table, ...] = (actor_affiliations, actor_merges, actor_edits)
