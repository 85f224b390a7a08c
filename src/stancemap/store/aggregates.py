"""Aggregation in SQL for large corpora: tallies per (actor, issue, stance) without loading statements.

The network builders of :mod:`stancemap.network.build` need, per actor, issue
and stance, how many statements there are after a duplicate rule (and their
confidence-weighted sum, first and last date). For a million statements,
building :class:`~stancemap.models.StoredStatement` records in Python costs
gigabytes; here the database groups them instead and Python receives one row
per (actor, issue, stance): at most actors x issues x 3 rows, whatever the
number of statements.

The rules are those of :mod:`stancemap.analysis.duplicates`, computed the same
way: a statement counts once per bucket (document, Monday-start week, calendar
month, year, the whole range, or every statement), and where a person coded a
statement's issue, their latest coding replaces the model's. Only the latest
version of each document counts. The same :class:`~stancemap.analysis.selection.Selection`
as in memory says which statements and codings enter.

>>> from stancemap.store.repository import Store
>>> with Store.open("sqlite://") as store:
...     tallies(store)
[]
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.compiler import compiles

from stancemap.analysis.duplicates import DuplicateRule, Tally, per_document
from stancemap.analysis.selection import Selection
from stancemap.errors import StoreError
from stancemap.store import summary
from stancemap.store.connect import failure_reason
from stancemap.store.read import NOT_RELEVANT, PERSON_PREFIX, latest_version, rejected
from stancemap.store.schema import actors, codings, documents, statements

#: Julian day number of Monday 1970-01-05, where weeks are counted from (as
#: :data:`stancemap.analysis.duplicates.WEEK_ORIGIN`).
_WEEK_ORIGIN_JD = 2440591.5


def _connection(source: Any):
    """A context manager yielding a connection from a Store, an Engine or a Connection."""
    import contextlib

    if isinstance(source, Connection):
        return contextlib.nullcontext(source)
    engine: Engine = getattr(source, "engine", source)
    return engine.connect()


def _bucket(rule: DuplicateRule, dialect: str) -> sa.ColumnElement[Any] | None:
    """The SQL expression of a duplicate rule's bucket (``None``: every statement counts)."""
    name = getattr(rule, "bucket", None)
    date = documents.c.date
    if name == "statement":
        return None
    if name == "document":
        return statements.c.document_id
    if name == "range":
        return sa.literal(0)
    if name == "year":
        return sa.extract("year", date)
    if name == "month":
        return sa.extract("year", date) * 12 + sa.extract("month", date) - 1
    if name == "week":
        if dialect == "sqlite":
            return sa.cast((sa.func.julianday(date) - _WEEK_ORIGIN_JD) / 7, sa.Integer)
        return sa.func.floor((date - sa.literal(dt.date(1970, 1, 5), sa.Date)) / 7.0)
    raise ValueError(
        f"duplicate rule {getattr(rule, '__name__', rule)!r} has no SQL form; use one of keep_all, "
        "per_document, per_week, per_month, per_year, per_range, or aggregate in memory"
    )


def _conditions(selection: Selection, *, versions: bool = True, people: bool = True,
                rejections: bool = True) -> list[sa.ColumnElement[bool]]:
    """WHERE conditions of a selection (on the statements-codings-documents-actors join).

    ``versions`` and ``people`` add the checks for superseded document
    versions and for codings replaced by a person's; :func:`tallies` leaves
    them out when the database holds no second version or no person's coding;
    ``rejections`` leaves out statements marked "not a statement" unless the
    selection includes them (one look-up in the reviews' statement index per row).
    """
    c, d, a = codings.c, documents.c, actors.c
    s = statements.c
    where: list[sa.ColumnElement[bool]] = [s.actor_id.is_not(None), c.stance != NOT_RELEVANT]
    if versions:
        where.append(latest_version())
    if rejections and not selection.include_rejected:
        where.append(~rejected())
    if people:
        other = codings.alias("other")
        where.append(
            ~sa.exists().where(
                other.c.statement_id == c.statement_id,
                other.c.issue_id == c.issue_id,
                other.c.origin.like(PERSON_PREFIX + "%"),
                other.c.id != c.id,
                sa.or_(~c.origin.like(PERSON_PREFIX + "%"), other.c.id > c.id),
            )
        )
    if selection.issues is not None:
        where.append(c.issue_id.in_(sorted(selection.issues)))
    if selection.exclude_issues:
        where.append(c.issue_id.not_in(sorted(selection.exclude_issues)))
    if selection.actors is not None:
        where.append(a.name.in_(sorted(selection.actors)))
    if selection.exclude_actors:
        where.append(a.name.not_in(sorted(selection.exclude_actors)))
    if selection.actor_types is not None:
        where.append(a.type.in_(sorted(selection.actor_types)))
    if selection.affiliations is not None:
        names = sorted(selection.affiliations)
        where.append(sa.or_(a.affiliation.in_(names), a.name.in_(names)))
    if selection.sources is not None:
        where.append(d.source.in_(sorted(selection.sources)))
    if selection.exclude_sources:
        where.append(sa.or_(d.source.is_(None), d.source.not_in(sorted(selection.exclude_sources))))
    if selection.since is not None:
        where.append(d.date >= selection.since)
    if selection.until is not None:
        where.append(d.date <= selection.until)
    if selection.min_confidence is not None:
        where.append(s.confidence >= selection.min_confidence)
        where.append(c.confidence >= selection.min_confidence)
    if selection.origin is not None:
        where.append(c.origin.like(selection.origin + "%"))
    return where


class _OrderedJoin(sa.sql.selectable.Join):
    """An inner join that SQLite must run in the order written (``CROSS JOIN``).

    Left to itself, SQLite's planner walks ``statements`` by the actor index to
    save a sort, which is a random read per row on a large table; driving the
    scan from ``codings`` and looking statements and documents up by primary
    key is three to four times faster on a million statements. Other databases
    get a plain ``JOIN``.
    """

    inherit_cache = True


@compiles(_OrderedJoin, "sqlite")
def _cross_join(element: _OrderedJoin, compiler: Any, **kw: Any) -> str:
    return compiler.visit_join(element, **kw).replace(" JOIN ", " CROSS JOIN ")


def _needs_actors(selection: Selection) -> bool:
    return (
        selection.actors is not None
        or bool(selection.exclude_actors)
        or selection.actor_types is not None
        or selection.affiliations is not None
    )


def _joined(with_actors: bool = True) -> sa.FromClause:
    joined: sa.FromClause = _OrderedJoin(codings, statements, codings.c.statement_id == statements.c.id)
    joined = _OrderedJoin(joined, documents, statements.c.document_id == documents.c.id)
    if with_actors:
        joined = _OrderedJoin(joined, actors, statements.c.actor_id == actors.c.id)
    return joined


def _ids_agg(column: sa.ColumnElement[Any], dialect: str) -> sa.ColumnElement[str]:
    if dialect == "postgresql":
        return sa.func.string_agg(sa.cast(column, sa.Text), ",")
    return sa.func.group_concat(column, ",")


def tallies_query(
    selection: Selection | None = None,
    *,
    duplicates: DuplicateRule = per_document,
    confidence: bool = False,
    evidence: bool = False,
    dialect: str = "sqlite",
    versions: bool = True,
    people: bool = True,
    rejections: bool = True,
) -> sa.Select[Any]:
    """The query behind :func:`tallies`.

    Columns: actor, actor_type, issue, stance, count, value, statements, first, last[, ids].

    Statements are grouped by actor id, issue, stance and the duplicate
    rule's bucket; the buckets are then counted per (actor, issue, stance) and
    only the last step joins the actors' names.
    """
    selection = selection or Selection()
    c, s, d = codings.c, statements.c, documents.c
    weight = (s.confidence * c.confidence) if confidence else sa.literal(1.0, sa.Float)
    bucket = _bucket(duplicates, dialect)
    where = _conditions(selection, versions=versions, people=people, rejections=rejections)
    keys = [s.actor_id, c.issue_id, c.stance] + ([bucket] if bucket is not None else [s.id])
    inner_columns = [
        s.actor_id.label("actor_id"), c.issue_id.label("issue"), c.stance.label("stance"),
        sa.func.count().label("n"), sa.func.max(weight).label("w"),
        sa.func.min(d.date).label("first"), sa.func.max(d.date).label("last"),
    ]
    if evidence:
        inner_columns.append(_ids_agg(s.id, dialect).label("ids"))
    from_ = _joined(with_actors=_needs_actors(selection))
    if bucket is None:  # every statement counts: no inner grouping needed
        inner_columns[3:5] = [sa.literal(1).label("n"), weight.label("w")]
        inner_columns[5:7] = [d.date.label("first"), d.date.label("last")]
        if evidence:
            inner_columns[-1] = sa.cast(s.id, sa.Text).label("ids")
        inner = sa.select(*inner_columns).select_from(from_).where(*where).subquery("buckets")
    else:
        inner = sa.select(*inner_columns).select_from(from_).where(*where).group_by(*keys).subquery("buckets")
    b = inner.c
    columns = [
        actors.c.name.label("actor"), actors.c.type.label("actor_type"), b.issue, b.stance,
        sa.func.count().label("count"), sa.func.sum(b.w).label("value"), sa.func.sum(b.n).label("statements"),
        sa.func.min(b.first).label("first"), sa.func.max(b.last).label("last"),
    ]
    if evidence:
        columns.append(_ids_agg(b.ids, dialect).label("ids"))
    return (
        sa.select(*columns)
        .select_from(inner.join(actors, actors.c.id == b.actor_id))
        .group_by(b.actor_id, actors.c.name, actors.c.type, b.issue, b.stance)
        .order_by(actors.c.name, b.issue, b.stance)
    )


def _what_to_check(connection: Connection) -> tuple[bool, bool]:
    """Whether any document has a second version, and whether any coding is a person's.

    Read from the summary (:mod:`stancemap.store.summary`); a database whose
    rows were written around the store (no totals counted) is asked directly.
    """
    found = summary.totals(connection)
    if found["document_versions"]:
        return found["document_versions"] > found["documents"], found["person_codings"] > 0
    versions = (connection.scalar(sa.select(sa.func.max(documents.c.version))) or 1) > 1
    people = connection.scalar(
        sa.select(codings.c.id).where(codings.c.origin.like(PERSON_PREFIX + "%")).limit(1)
    ) is not None
    return versions, people


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _tally_rows(source: Any, selection: Selection | None, **options: Any) -> list[Any]:
    """The rows of :func:`tallies_query`; a database failure is the same named StoreError as Store.read gives."""
    try:
        with _connection(source) as connection:
            versions, people = _what_to_check(connection)
            query = tallies_query(selection, dialect=connection.dialect.name, versions=versions, people=people,
                                  **options)
            return list(connection.execute(query).all())
    except sa_exc.SQLAlchemyError as exc:
        where = getattr(source, "url", None) or "the database"
        raise StoreError.of("E300.read", where=where, reason=failure_reason(exc)) \
            from exc


def tallies(
    source: Any,
    selection: Selection | None = None,
    *,
    duplicates: DuplicateRule = per_document,
    confidence: bool = False,
    evidence: bool = False,
) -> list[Tally]:
    """Tallies per (actor, issue, stance) computed by the database.

    Parameters
    ----------
    source : Store, Engine or Connection
    selection : Selection, optional
        Which statements and codings count (``affiliations`` matches the
        actors' stored affiliation or the actor itself).
    duplicates : callable, default per_document
        A rule of :mod:`stancemap.analysis.duplicates` (custom rules have no
        SQL form: use the in-memory path).
    confidence : bool
        Weigh statements by ``statement.confidence * coding.confidence``.
    evidence : bool
        Also return the statement ids behind each tally (costs memory on
        large corpora).

    Returns
    -------
    list of Tally
        The same records :func:`stancemap.analysis.duplicates.tally` computes
        in memory, ready for :func:`stancemap.network.build.two_mode` and
        :func:`~stancemap.network.build.one_mode`.
    """
    rows = _tally_rows(source, selection, duplicates=duplicates, confidence=confidence, evidence=evidence)
    out = []
    for row in rows:
        ids: tuple[int, ...] = ()
        if evidence and row.ids:
            ids = tuple(sorted({int(x) for x in str(row.ids).split(",") if x}))
        out.append(
            Tally(
                actor=row.actor,
                issue=row.issue,
                stance=row.stance,
                count=int(row.count),
                value=float(row.value or 0.0),
                statements=int(row.statements),
                first=_date(row.first),
                last=_date(row.last),
                ids=ids,
                actor_type=row.actor_type,
            )
        )
    return out


def date_range(source: Any, selection: Selection | None = None) -> tuple[dt.date | None, dt.date | None]:
    """The first and last date of the selected, coded statements (for time windows in SQL)."""
    selection = selection or Selection()
    with _connection(source) as connection:
        versions, people = _what_to_check(connection)
        query = sa.select(sa.func.min(documents.c.date), sa.func.max(documents.c.date)).select_from(
            _joined(with_actors=_needs_actors(selection))
        ).where(*_conditions(selection, versions=versions, people=people))
        first, last = connection.execute(query).one()
    return _date(first), _date(last)


def count_codings(source: Any, selection: Selection | None = None) -> int:
    """How many (statement, issue) codings a selection holds, before any duplicate rule."""
    selection = selection or Selection()
    with _connection(source) as connection:
        versions, people = _what_to_check(connection)
        query = sa.select(sa.func.count()).select_from(_joined(with_actors=_needs_actors(selection))).where(
            *_conditions(selection, versions=versions, people=people)
        )
        return int(connection.execute(query).scalar_one())
