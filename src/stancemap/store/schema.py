"""The database tables, as SQLAlchemy Core metadata (the one definition).

The Alembic migrations in :mod:`stancemap.store.migrations` must produce exactly
these tables; a test compares them. Change a table here *and* add a migration.

Tables
------
runs
    One row per pipeline run: versions, model, codebook hash, options, counts.
documents
    Articles exactly as read; a changed text for the same ``doc_id`` is a new
    version, older versions are kept.
actors, aliases
    Canonical actors and the other names they go by (normalised names unique).
mentions
    Spans of a document naming an actor, with how they were resolved.
statements
    Who said what: speaker, cue and content spans with character offsets.
issues, codings
    Codebook issues and statements' stances on them; ``origin`` is
    ``"model:<coder>"`` or ``"person:<name>"``.
failures
    Inputs that could not be read, per run.
reviews
    A person's review actions (the log that undo reads).
stance_totals, corpus_totals, review_queue
    Summaries kept up to date by :mod:`stancemap.store.summary`.
text_vectors
    Vectors of texts from a slow embedder, so that recoding never embeds a text twice
    (:mod:`stancemap.store.vectors`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from stancemap.names.normalise import name_key

#: Constraint and index names, stable across backends (needed by migrations).
NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(sa.TypeDecorator[dt.datetime]):
    """A timestamp stored in UTC and always read back timezone-aware.

    SQLite keeps no time zone, so values are converted to UTC on the way in and
    marked UTC on the way out.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    """The current time in UTC (the default of every ``created_at``)."""
    return dt.datetime.now(dt.UTC)


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)


def _created_at() -> sa.Column[dt.datetime]:
    return sa.Column("created_at", UTCDateTime(), nullable=False, default=utcnow)


runs = sa.Table(
    "runs",
    metadata,
    _id(),
    sa.Column("started_at", UTCDateTime(), nullable=False, default=utcnow),
    sa.Column("finished_at", UTCDateTime(), nullable=True),
    sa.Column("status", sa.String(32), nullable=False, server_default="running"),
    sa.Column("pipeline_version", sa.String(64), nullable=False),
    sa.Column("model", sa.String(200), nullable=True),
    sa.Column("codebook_hash", sa.String(64), nullable=True),
    sa.Column("args", sa.Text, nullable=False, server_default="{}"),
    sa.Column("counts", sa.Text, nullable=False, server_default="{}"),
)

documents = sa.Table(
    "documents",
    metadata,
    _id(),
    sa.Column("doc_id", sa.String(500), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("body_start", sa.Integer, nullable=False, server_default="0"),
    sa.Column("date", sa.Date, nullable=True),
    sa.Column("title", sa.Text, nullable=True),
    sa.Column("source", sa.Text, nullable=True),
    sa.Column("url", sa.Text, nullable=True),
    sa.Column("origin", sa.Text, nullable=False),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), nullable=True),
    _created_at(),
    # who speaks in an author-voiced document (0007); genre NULL on older rows means news
    sa.Column("speaker", sa.String(500), nullable=True),
    sa.Column("speaker_org", sa.String(500), nullable=True),
    sa.Column("party", sa.String(200), nullable=True),
    sa.Column("role", sa.String(200), nullable=True),
    sa.Column("genre", sa.String(32), nullable=True),
    # a news-archive header's byline, section and printed word count (0011); NULL when not given
    sa.Column("author", sa.Text, nullable=True),
    sa.Column("section", sa.Text, nullable=True),
    sa.Column("length", sa.Integer, nullable=True),
    sa.UniqueConstraint("doc_id", "content_hash"),
    sa.UniqueConstraint("doc_id", "version"),
    sa.Index(None, "date"),
)

def _name_key_of_row(context: Any) -> str:
    """Default of ``actors.name_key`` for each inserted row."""
    return name_key(context.get_current_parameters()["name"])


actors = sa.Table(
    "actors",
    metadata,
    _id(),
    sa.Column("name", sa.String(500), nullable=False),
    sa.Column("type", sa.String(32), nullable=False, server_default="person"),
    sa.Column("affiliation", sa.String(500), nullable=True),
    sa.Column("reviewed", sa.Boolean, nullable=False, server_default=sa.false()),
    _created_at(),
    # live statements (latest document versions, not "not a statement"); kept by stancemap.store.summary
    sa.Column("statement_count", sa.Integer, nullable=False, server_default="0"),
    # the name's identity up to case, accents and punctuation (stancemap.names.normalise.name_key):
    # new actors of the corpus are found by it, so "Politifact" joins "PolitiFact" (migration 0005)
    sa.Column("name_key", sa.String(500), nullable=True, default=_name_key_of_row),
    sa.UniqueConstraint("name"),
    sa.Index(None, "statement_count", "id"),
    sa.Index(None, "name_key"),
)

aliases = sa.Table(
    "aliases",
    metadata,
    _id(),
    sa.Column("actor_id", sa.Integer, sa.ForeignKey("actors.id"), nullable=False),
    sa.Column("alias", sa.String(500), nullable=False),
    sa.Column("normalised", sa.String(500), nullable=False),
    # where a learned alias was learned (revision 0010): the document and the speaker text; None for
    # aliases stored earlier, imported or added by a person
    sa.Column("document_id", sa.Integer, nullable=True),
    sa.Column("evidence", sa.String(500), nullable=True),
    sa.UniqueConstraint("normalised"),
    sa.Index(None, "actor_id"),
)

mentions = sa.Table(
    "mentions",
    metadata,
    _id(),
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("actor_id", sa.Integer, sa.ForeignKey("actors.id"), nullable=True),
    sa.Column("method", sa.String(32), nullable=True),
    sa.Column("confidence", sa.Float, nullable=True),
    sa.Index(None, "document_id"),
    sa.Index(None, "actor_id"),
)

statements = sa.Table(
    "statements",
    metadata,
    _id(),
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), nullable=True),
    sa.Column("speaker_mention_id", sa.Integer, sa.ForeignKey("mentions.id"), nullable=True),
    sa.Column("speaker_name", sa.Text, nullable=True),
    sa.Column("speaker_type", sa.String(32), nullable=True),
    sa.Column("cue_start", sa.Integer, nullable=True),
    sa.Column("cue_end", sa.Integer, nullable=True),
    sa.Column("cue_text", sa.Text, nullable=True),
    sa.Column("content_start", sa.Integer, nullable=False),
    sa.Column("content_end", sa.Integer, nullable=False),
    sa.Column("content_text", sa.Text, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("actor_id", sa.Integer, sa.ForeignKey("actors.id"), nullable=True),
    # migration 0006: the statement's embedding (float16 bytes, content then context) and what
    # made it, and "<codebook hash>|<coder>" of the coding that last ran on it (recoding)
    sa.Column("embedding", sa.LargeBinary, nullable=True),
    sa.Column("embedder", sa.String(100), nullable=True),
    sa.Column("coded_with", sa.String(200), nullable=True),
    sa.Index(None, "document_id", "content_start"),
    sa.Index(None, "actor_id"),
    sa.Index(None, "run_id"),
    sa.Index(None, "speaker_mention_id"),
)

issues = sa.Table(
    "issues",
    metadata,
    sa.Column("id", sa.String(200), primary_key=True),
    sa.Column("label", sa.Text, nullable=False),
    sa.Column("claim", sa.Text, nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("codebook_hash", sa.String(64), nullable=True),
)

codings = sa.Table(
    "codings",
    metadata,
    _id(),
    sa.Column("statement_id", sa.Integer, sa.ForeignKey("statements.id"), nullable=False),
    sa.Column("issue_id", sa.String(200), sa.ForeignKey("issues.id"), nullable=False),
    sa.Column("stance", sa.String(32), nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("relevance", sa.Float, nullable=False, server_default="1.0"),
    sa.Column("origin", sa.String(200), nullable=False),
    sa.Column("codebook_hash", sa.String(64), nullable=True),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), nullable=True),
    _created_at(),
    # migration 0006: why the statement is relevant (the nearest codebook phrase or example)
    sa.Column("evidence", sa.Text, nullable=True),
    sa.UniqueConstraint("statement_id", "issue_id", "origin"),
    sa.Index(None, "issue_id", "stance"),
)

failures = sa.Table(
    "failures",
    metadata,
    _id(),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), nullable=True),
    sa.Column("origin", sa.Text, nullable=False),
    sa.Column("code", sa.String(16), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    _created_at(),
    sa.Index(None, "run_id"),
)

#: The review log (one row per person's action; ``previous`` holds what the action replaced, as JSON).
#: Created by migration ``0002``; the actions are in :mod:`stancemap.store.review`.
reviews = sa.Table(
    "reviews",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("statement_id", sa.Integer, sa.ForeignKey("statements.id"), nullable=False),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("issue_id", sa.String(200), nullable=True),
    sa.Column("stance", sa.String(32), nullable=True),
    sa.Column("actor_id", sa.Integer, nullable=True),
    sa.Column("previous", sa.Text, nullable=False, server_default="{}"),
    sa.Column("person", sa.String(200), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False, default=utcnow),
    sa.Column("undone_at", UTCDateTime(), nullable=True),
    sa.Index(None, "statement_id"),
    sa.Index(None, "person", "id"),
    sa.Index(None, "action", "undone_at"),  # "any rejection?" on every aggregate page (migration 0008)
)

# ---------------------------------------------------------------- summaries (migration 0004)
# Kept by :mod:`stancemap.store.summary` in the same transaction as every write that changes
# what they count, so that the web app's pages never aggregate whole tables.

#: Live statements per issue and effective stance (a person's latest coding replacing the model's).
stance_totals = sa.Table(
    "stance_totals",
    metadata,
    sa.Column("issue_id", sa.String(200), primary_key=True),
    sa.Column("stance", sa.String(32), primary_key=True),
    sa.Column("n", sa.Integer, nullable=False, server_default="0"),
)

#: Whole-corpus counts by name (``documents``, ``document_versions``, ``statements``, ``actors``, ...).
corpus_totals = sa.Table(
    "corpus_totals",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("n", sa.Integer, nullable=False, server_default="0"),
)

#: The review queue: one row per live statement nobody reviewed yet with ``issue_id`` ``''``
#: (priority: its least confident model coding, else the extractor's confidence), and one per
#: issue a model coded it on (priority: that coding's confidence). Least certain first is an
#: index walk over ``(issue_id, priority, statement_id)``.
review_queue = sa.Table(
    "review_queue",
    metadata,
    sa.Column("statement_id", sa.Integer, sa.ForeignKey("statements.id"), primary_key=True),
    sa.Column("issue_id", sa.String(200), primary_key=True),
    sa.Column("priority", sa.Float, nullable=False),
    sa.Index(None, "issue_id", "priority", "statement_id"),
)

#: Vectors of texts from an embedder that is slow to run (people's corrections are learnt on
#: multilingual-e5-small), float16 bytes keyed by the embedder's name and the text's SHA-256, so
#: that recoding never embeds a text twice (migration 0013).
text_vectors = sa.Table(
    "text_vectors",
    metadata,
    sa.Column("embedder", sa.String(100), primary_key=True),
    sa.Column("text_hash", sa.String(64), primary_key=True),
    sa.Column("vector", sa.LargeBinary, nullable=False),
)

#: Tables holding a corpus's content, in the order rows must be deleted.
CONTENT_TABLES: tuple[sa.Table, ...] = (
    text_vectors,
    review_queue,
    stance_totals,
    corpus_totals,
    reviews,
    codings,
    statements,
    mentions,
    aliases,
    actors,
    issues,
    failures,
    documents,
    runs,
)
