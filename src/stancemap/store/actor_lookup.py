"""The one stored actor a typed name means: the lookup every command and page uses.

``statements --actor``, ``timeline``, ``actors show``, ``network --actor`` and the
web's pages taking an actor name all call :func:`find_actor`, so one name gives
one answer everywhere, and a name that is ambiguous or unknown is an error
listing the candidates, never a silently empty result.

The name is tried against the stored actors tier by tier; the first tier with a
match decides:

1. ``exact``: the canonical name as stored;
2. ``name``: the canonical name up to case, accents and punctuation
   (:func:`stancemap.names.normalise.name_key`);
3. ``alias``: an alias (any case, or up to accents and punctuation), or the name
   of an actor merged into another (``stancemap actors merge``);
4. ``surname``: the typed words end one stored canonical name ("Clinton" for
   "Hillary Clinton");
5. ``fuzzy``: a canonical name or alias within a typo ("Donald Trupm"), a
   rapidfuzz Indel ratio of at least :data:`FUZZY_CUTOFF`.

A tier matching one actor gives it; a tier matching several raises
:class:`~stancemap.errors.ActorLookupError` (E305) listing them with their
statement counts; no tier matching raises it (E304) with the closest names.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from rapidfuzz import fuzz, process
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection

from stancemap.errors import ActorLookupError, StoreError, UsageError
from stancemap.names.normalise import name_key
from stancemap.store.curation_schema import actor_merges
from stancemap.store.schema import actors, aliases

if TYPE_CHECKING:
    from stancemap.store.repository import Store

#: Least rapidfuzz ratio (0..100) of a typed name to a stored one to count as the same name mistyped.
FUZZY_CUTOFF = 90.0
#: Least rapidfuzz WRatio of a stored name to be suggested for an unknown one.
SUGGEST_CUTOFF = 60.0
#: Most candidates an error message lists.
LISTED = 8


@dataclass(frozen=True)
class ActorMatch:
    """The stored actor a typed name resolved to, and how.

    ``how`` is the tier that matched: ``exact``, ``name``, ``alias``,
    ``surname`` or ``fuzzy``; :attr:`exact` tells whether the name was the
    actor's own (up to case, accents and punctuation) rather than a guess.
    """

    id: int
    name: str
    type: str
    statements: int
    how: str = "exact"

    @property
    def exact(self) -> bool:
        """Whether the typed name is the actor's name or alias, not a surname or a fuzzy guess."""
        return self.how in ("exact", "name", "alias")


def find_actor(store: Store, name: str) -> ActorMatch:
    """The one stored actor that ``name`` means.

    Parameters
    ----------
    store : stancemap.store.Store
        The database to look in.
    name : str
        What a person typed: a canonical name, an alias, a surname, or
        either with a typo.

    Returns
    -------
    ActorMatch
        The actor's id, canonical name, type, live statement count and the
        tier that matched (see the module's docstring).

    Raises
    ------
    ActorLookupError
        E305 when the first tier that matches matches several actors (the
        message lists them, most statements first); E304 when no tier
        matches (the message suggests the closest stored names).
        ``candidates`` holds the ``(name, statements)`` pairs listed.

    Examples
    --------
    >>> import os, tempfile
    >>> from stancemap.models import Article, Statement, TextSpan
    >>> from stancemap.store import Store
    >>> text = "Hillary Clinton said yes. Bill Clinton said no."
    >>> said = [Statement("d", TextSpan(21, 24, "yes"), actor="Hillary Clinton"),
    ...         Statement("d", TextSpan(44, 46, "no"), actor="Bill Clinton")]
    >>> with Store.open(os.path.join(tempfile.mkdtemp(), "c.db")) as store:
    ...     _ = store.save_document(Article("d", text), said, None)
    ...     print(find_actor(store, "hillary CLINTON").name)
    ...     try:
    ...         find_actor(store, "Clinton")
    ...     except Exception as exc:
    ...         print(exc.code, exc.candidates)
    Hillary Clinton
    E305 (('Bill Clinton', 1), ('Hillary Clinton', 1))
    """
    wanted = _checked_name(name)
    with _reading(store) as connection:
        for how, ids in _stored_tiers(connection, wanted):
            if ids:
                return _one(connection, wanted, how, ids, store.url)
        known = _names(connection)
        key = name_key(wanted)
        for how, ids in (("alias", _ids(known, lambda k: k == key)),
                         ("surname", _surname_ids(known, key)),
                         ("fuzzy", _fuzzy_ids(known, key))):
            if ids:
                return _one(connection, wanted, how, ids, store.url)
        raise _unknown(connection, wanted, known, store.url)


def _checked_name(name: str) -> str:
    """``name`` with its whitespace collapsed; an error for an empty name or one with a NUL character."""
    wanted = " ".join(name.split())
    if not wanted:
        raise ActorLookupError.of("E304.no-name", name=name)
    if "\x00" in name:  # PostgreSQL cannot compare it, SQLite would find nothing: the same usage error on both
        raise UsageError.of("E500.nul-name", name=name)
    return wanted


# ---------------------------------------------------------------- the tiers


@dataclass(frozen=True)
class _Known:
    """One name a stored actor goes by: its canonical name or an alias, with its key."""

    actor_id: int
    key: str
    canonical: bool


def _stored_tiers(connection: Connection, wanted: str) -> Iterator[tuple[str, set[int]]]:
    """The tiers the database answers through its indexes: exact name, name key, alias, merged name."""
    yield "exact", _scalars(connection, sa.select(actors.c.id).where(actors.c.name == wanted))
    yield "name", _scalars(connection, sa.select(actors.c.id).where(actors.c.name_key == name_key(wanted)))
    by_alias = sa.select(aliases.c.actor_id).where(aliases.c.normalised == name_key(wanted))
    merged_into = sa.select(actor_merges.c.target).where(sa.func.lower(actor_merges.c.name) == wanted.lower())
    by_merge = sa.select(actors.c.id).where(actors.c.name.in_(merged_into))
    yield "alias", _scalars(connection, by_alias) | _scalars(connection, by_merge)


def _scalars(connection: Connection, query: sa.Select[Any]) -> set[int]:
    return {int(found) for found in connection.execute(query).scalars()}


def _names(connection: Connection) -> list[_Known]:
    """Every canonical name and alias of the stored actors, keyed by :func:`name_key`."""
    found = [_Known(int(row.id), row.name_key or name_key(row.name), True)
             for row in connection.execute(sa.select(actors.c.id, actors.c.name, actors.c.name_key))]
    found += [_Known(int(row.actor_id), name_key(row.alias), False)
              for row in connection.execute(sa.select(aliases.c.actor_id, aliases.c.alias))]
    return found


def _ids(known: Iterable[_Known], keep: Any) -> set[int]:
    return {k.actor_id for k in known if keep(k.key)}


def _surname_ids(known: list[_Known], key: str) -> set[int]:
    """Actors whose canonical name ends with the typed words ("clinton" ends "hillary clinton")."""
    words = key.split()
    if not words:
        return set()
    n = len(words)
    return {k.actor_id for k in known if k.canonical and k.key.split()[-n:] == words and len(k.key.split()) > n}


def _fuzzy_ids(known: list[_Known], key: str) -> set[int]:
    """Actors with a name or alias within a typo of the typed one (ratio >= :data:`FUZZY_CUTOFF`)."""
    if len(key) < 4:  # "EU" and "US" are names, not typos of each other
        return set()
    hits = process.extract(key, [k.key for k in known], scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None)
    return {known[index].actor_id for _, _, index in hits}


# ---------------------------------------------------------------- answers and errors


def _rows(connection: Connection, ids: Iterable[int]) -> list[sa.Row[Any]]:
    """The actors ``ids``, most statements first, then by name."""
    query = (sa.select(actors.c.id, actors.c.name, actors.c.type, actors.c.statement_count)
             .where(actors.c.id.in_(sorted(ids)))
             .order_by(actors.c.statement_count.desc(), actors.c.name))
    return list(connection.execute(query))


def _one(connection: Connection, wanted: str, how: str, ids: set[int], where: str) -> ActorMatch:
    rows = _rows(connection, ids)
    if len(rows) == 1:
        row = rows[0]
        return ActorMatch(int(row.id), row.name, row.type, int(row.statement_count or 0), how)
    candidates = [(row.name, int(row.statement_count or 0)) for row in rows]
    what = {"surname": "as a surname ", "fuzzy": "closely "}.get(how, "")
    raise ActorLookupError.of("E305", name=wanted, candidates=candidates, count=len(rows), how=what, where=where,
                              listed=listing(candidates))


def _unknown(connection: Connection, wanted: str, known: list[_Known], where: str) -> ActorLookupError:
    if not known:
        return ActorLookupError.of("E304.empty", name=wanted, where=where)
    order = _closest(name_key(wanted), known)
    by_id = {int(row.id): (row.name, int(row.statement_count or 0)) for row in _rows(connection, order[:LISTED])}
    candidates = [by_id[i] for i in order[:LISTED] if i in by_id]
    search = wanted.split()[-1]
    if candidates:
        return ActorLookupError.of("E304.suggest", name=wanted, candidates=candidates, where=where,
                                   listed=listing(candidates), search=search)
    return ActorLookupError.of("E304.unknown", name=wanted, where=where, search=search)


def _closest(key: str, known: list[_Known]) -> list[int]:
    """Actor ids whose names or aliases are closest to ``key`` (rapidfuzz WRatio), best first.

    A name under a third of the typed one's length (or over three times it) is
    never suggested: "B" is no suggestion for "Nobody", though it is inside it.
    """
    hits = process.extract(key, [k.key for k in known], scorer=fuzz.WRatio, score_cutoff=SUGGEST_CUTOFF,
                           limit=LISTED * 8)
    order: list[int] = []
    for choice, _, index in hits:
        if 3 * len(choice) >= len(key) and len(choice) <= 3 * len(key) and known[index].actor_id not in order:
            order.append(known[index].actor_id)
    return order


def listing(candidates: Iterable[tuple[str, int]], limit: int = LISTED) -> str:
    """Candidates for a message: ``Name (n statements)``, at most ``limit`` of them.

    >>> listing([("Hillary Clinton", 207), ("Bill Clinton", 1)])
    'Hillary Clinton (207 statements), Bill Clinton (1 statement)'
    >>> listing([("A", 0), ("B", 0), ("C", 0)], limit=2)
    'A (0 statements), B (0 statements) and 1 more'
    """
    found = list(candidates)
    shown = [f"{name} ({n} statement{'' if n == 1 else 's'})" for name, n in found[:limit]]
    more = f" and {len(found) - limit} more" if len(found) > limit else ""
    return ", ".join(shown) + more


@contextlib.contextmanager
def _reading(store: Store) -> Iterator[Connection]:
    try:
        with store.engine.connect() as connection, connection.begin():
            yield connection
    except sa_exc.SQLAlchemyError as exc:
        raise StoreError.of("E300.read", where=store.url, reason=exc) from exc
