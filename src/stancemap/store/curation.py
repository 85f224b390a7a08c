"""SQL of actor curation: the edits log, merges, splits, aliases, types and affiliations.

Every function takes a :class:`stancemap.store.Store`; writing functions run in
one write transaction and record their edit in ``actor_edits`` in the same
transaction, so an edit and its log entry are stored together or not at all.
Moving statements between actors keeps ``actors.statement_count`` and the
other summaries of :mod:`stancemap.store.summary` right in the same transaction.
The rules (which names are valid, what a payload holds, how edits replay on a
registry) live in :mod:`stancemap.curation`; nothing here decides them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection

from stancemap.errors import StoreError, UsageError
from stancemap.models import Actor
from stancemap.names.normalise import name_key
from stancemap.store import summary
from stancemap.store.connect import WRITE_OPTION
from stancemap.store.curation_schema import actor_affiliations, actor_edits, actor_merges
from stancemap.store.dialect import upsert_insert
from stancemap.store.schema import actors, aliases, documents, mentions, statements, utcnow

if TYPE_CHECKING:
    from stancemap.store.repository import Store


@dataclass(frozen=True)
class ActorEdit:
    """One curation edit as logged: ``payload`` is enough to replay it on a registry."""

    id: int
    created_at: dt.datetime
    kind: str
    actor: str
    other: str | None
    payload: dict[str, Any]
    person: str | None = None


@dataclass(frozen=True)
class Affiliation:
    """A person's affiliation with an organisation or country over an inclusive date range."""

    affiliation: str
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class StoredActor:
    """An actor as stored, with its statement count, affiliations and merged-away names."""

    id: int
    actor: Actor
    statements: int = 0
    affiliations: tuple[Affiliation, ...] = ()
    merged: tuple[str, ...] = field(default_factory=tuple)
    #: ``(alias, document id, evidence)`` for aliases the pipeline learned (revision 0010 on);
    #: aliases a person added or older stores learned have ``None`` for both
    alias_sources: tuple[tuple[str, str | None, str | None], ...] = ()


@contextlib.contextmanager
def _writing(store: Store, what: str) -> Iterator[Connection]:
    try:
        with store.engine.connect().execution_options(**{WRITE_OPTION: True}) as connection:
            with connection.begin():
                yield connection
    except sa_exc.SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise StoreError.of("E302.change", what=what, where=store.url, reason=reason) from exc


@contextlib.contextmanager
def _reading(store: Store) -> Iterator[Connection]:
    try:
        with store.engine.connect() as connection:
            with connection.begin():
                yield connection
    except sa_exc.SQLAlchemyError as exc:
        raise StoreError.of("E300.read", where=store.url, reason=exc) from exc


# ---------------------------------------------------------------- reading


def actor_id(connection: Connection, name: str) -> int | None:
    """The id of the actor whose canonical name is exactly ``name``."""
    found = connection.scalar(sa.select(actors.c.id).where(actors.c.name == name))
    return None if found is None else int(found)


def find_actor_name(store: Store, name: str) -> str | None:
    """The stored canonical name for ``name``: exact, any case, an alias, or a merged-away name."""
    wanted = name.strip()
    with _reading(store) as connection:
        exact = connection.scalar(sa.select(actors.c.name).where(actors.c.name == wanted))
        if exact is not None:
            return str(exact)
        folded = connection.execute(
            sa.select(actors.c.name).where(sa.func.lower(actors.c.name) == wanted.lower()).order_by(actors.c.id)
        ).scalars().first()
        if folded is not None:
            return str(folded)
        by_alias = connection.scalar(
            sa.select(actors.c.name)
            .select_from(aliases.join(actors, aliases.c.actor_id == actors.c.id))
            .where(aliases.c.normalised == name_key(wanted))
        )
        if by_alias is not None:
            return str(by_alias)
        merged = connection.scalar(sa.select(actor_merges.c.target).where(actor_merges.c.name == wanted))
        return None if merged is None else str(merged)


def stored_actors(
    store: Store,
    *,
    names: Sequence[str] | None = None,
    type: str | None = None,
    reviewed: bool | None = None,
    search: str | None = None,
) -> list[StoredActor]:
    """Stored actors with aliases, statement counts, affiliations and merged-away names, by name.

    ``search`` keeps actors whose name or an alias contains it (any case).
    """
    with _reading(store) as connection:
        rows = connection.execute(_actors_query(names, type, reviewed, search)).all()
        ids = [row.id for row in rows]
        names_of, sources_of = _aliases_of(connection, ids)
        counts = _statement_counts(connection, ids)
        affiliations_of = _affiliations_of(connection, ids)
        merged_into = _merged_into(connection, [row.name for row in rows])
    return [
        StoredActor(
            id=int(row.id),
            actor=Actor(
                name=row.name,
                type=row.type,
                aliases=tuple(names_of.get(row.id, ())),
                affiliation=row.affiliation,
                reviewed=bool(row.reviewed),
            ),
            statements=int(counts.get(row.id, 0)),
            affiliations=tuple(affiliations_of.get(row.id, ())),
            merged=tuple(merged_into.get(row.name, ())),
            alias_sources=tuple(sources_of.get(row.id, ())),
        )
        for row in rows
    ]


def _actors_query(
    names: Sequence[str] | None, type: str | None, reviewed: bool | None, search: str | None
) -> sa.Select[Any]:
    """The stored actors :func:`stored_actors` selects, by name."""
    query = sa.select(actors).order_by(actors.c.name)
    if names is not None:
        query = query.where(actors.c.name.in_(list(names)))
    if type is not None:
        query = query.where(actors.c.type == type)
    if reviewed is not None:
        query = query.where(actors.c.reviewed == reviewed)
    if search:
        pattern = f"%{search.strip().lower()}%"
        with_alias = sa.select(aliases.c.actor_id).where(aliases.c.normalised.like(pattern))
        query = query.where(sa.or_(sa.func.lower(actors.c.name).like(pattern), actors.c.id.in_(with_alias)))
    return query


def _aliases_of(
    connection: Connection, ids: list[int]
) -> tuple[dict[int, list[str]], dict[int, list[tuple[str, str | None, str | None]]]]:
    """Each actor's aliases, and each alias with the document and evidence it was learned from."""
    rows = connection.execute(
        sa.select(aliases.c.actor_id, aliases.c.alias, documents.c.doc_id, aliases.c.evidence)
        .select_from(aliases.outerjoin(documents, aliases.c.document_id == documents.c.id))
        .where(aliases.c.actor_id.in_(ids)).order_by(aliases.c.id)
    ).all() if ids else []
    names_of: dict[int, list[str]] = {}
    sources_of: dict[int, list[tuple[str, str | None, str | None]]] = {}
    for owner, alias, doc_id, evidence in rows:
        names_of.setdefault(owner, []).append(alias)
        sources_of.setdefault(owner, []).append((alias, doc_id, evidence))
    return names_of, sources_of


def _statement_counts(connection: Connection, ids: list[int]) -> dict[int, int]:
    """How many statements each actor has."""
    if not ids:
        return {}
    return dict(
        connection.execute(
            sa.select(statements.c.actor_id, sa.func.count())
            .where(statements.c.actor_id.in_(ids))
            .group_by(statements.c.actor_id)
        ).all()
    )


def _affiliations_of(connection: Connection, ids: list[int]) -> dict[int, list[Affiliation]]:
    """Each actor's dated affiliations, in the order they were stored."""
    rows = connection.execute(
        sa.select(actor_affiliations).where(actor_affiliations.c.actor_id.in_(ids)).order_by(actor_affiliations.c.id)
    ).all() if ids else []
    found: dict[int, list[Affiliation]] = {}
    for row in rows:
        found.setdefault(row.actor_id, []).append(Affiliation(row.affiliation, row.start, row.end))
    return found


def _merged_into(connection: Connection, names: list[str]) -> dict[str, list[str]]:
    """The names merged into each of ``names``, in the order of the merges."""
    rows = connection.execute(
        sa.select(actor_merges.c.target, actor_merges.c.name)
        .where(actor_merges.c.target.in_(names))
        .order_by(actor_merges.c.id)
    ).all() if names else []
    found: dict[str, list[str]] = {}
    for target, name in rows:
        found.setdefault(target, []).append(name)
    return found


def edits(store: Store, *, actor: str | None = None) -> list[ActorEdit]:
    """The curation edits, oldest first; with ``actor``, those about it (as actor or other)."""
    query = sa.select(actor_edits).order_by(actor_edits.c.id)
    if actor is not None:
        query = query.where(sa.or_(actor_edits.c.actor == actor, actor_edits.c.other == actor))
    with _reading(store) as connection:
        rows = connection.execute(query).all()
    return [
        ActorEdit(
            id=int(row.id),
            created_at=row.created_at,
            kind=row.kind,
            actor=row.actor,
            other=row.other,
            payload=json.loads(row.payload or "{}"),
            person=row.person,
        )
        for row in rows
    ]


def last_edit_id(store: Store) -> int:
    """The id of the latest curation edit (0 when none): changes whenever any process curates actors."""
    with _reading(store) as connection:
        return int(connection.scalar(sa.select(sa.func.max(actor_edits.c.id))) or 0)


def merges(store: Store) -> dict[str, str]:
    """Merged-away actor name -> the actor it now belongs to."""
    with _reading(store) as connection:
        return dict(connection.execute(sa.select(actor_merges.c.name, actor_merges.c.target)).all())


# ---------------------------------------------------------------- writing helpers


def _log(
    connection: Connection, kind: str, actor: str, other: str | None, payload: dict[str, Any], person: str | None
) -> int:
    return int(
        connection.execute(
            sa.insert(actor_edits)
            .values(
                created_at=utcnow(),
                kind=kind,
                actor=actor,
                other=other,
                payload=json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False),
                person=person,
            )
            .returning(actor_edits.c.id)
        ).scalar_one()
    )


def _ensure_actor(connection: Connection, actor: Actor) -> int:
    """The id of ``actor.name``, created (reviewed) with ``actor``'s type and affiliation if missing."""
    created = connection.execute(
        upsert_insert(connection, actors).on_conflict_do_nothing(index_elements=["name"]).returning(actors.c.id),
        [
            {
                "name": actor.name,
                "type": actor.type,
                "affiliation": actor.affiliation,
                "reviewed": True,
                "created_at": utcnow(),
            }
        ],
    ).all()
    summary.add_total(connection, "actors", len(created))
    found = actor_id(connection, actor.name)
    assert found is not None
    return found


def _set_aliases(connection: Connection, owner: int, names: Iterable[str]) -> None:
    """Give every name in ``names`` to actor ``owner`` (taking it from any other actor)."""
    for name in names:
        key = name_key(name)
        if not key:
            continue
        updated = connection.execute(
            sa.update(aliases).where(aliases.c.normalised == key).values(actor_id=owner, alias=name.strip())
        ).rowcount
        if not updated:
            connection.execute(sa.insert(aliases).values(actor_id=owner, alias=name.strip(), normalised=key))


# ---------------------------------------------------------------- edits


def merge(
    store: Store, source: str, target: Actor, payload: dict[str, Any], person: str | None = None
) -> ActorEdit:
    """Merge actor ``source`` into ``target``; returns the logged edit.

    Statements, mentions, aliases and affiliations of ``source`` move to
    ``target`` (created if missing); ``source``'s name becomes an alias of
    ``target`` and a redirect, so later runs naming ``source`` store ``target``.
    """
    with _writing(store, f"merge {source!r} into {target.name!r}") as connection:
        edit_id = _log(connection, "merge", source, target.name, payload, person)
        into = _ensure_actor(connection, target)
        connection.execute(sa.update(actors).where(actors.c.id == into).values(reviewed=True))
        old = actor_id(connection, source)
        if old is not None and old != into:
            for table in (statements, mentions, aliases, actor_affiliations):
                connection.execute(sa.update(table).where(table.c.actor_id == old).values(actor_id=into))
            # the same live statements, now counted under ``into`` (actors by id: a fixed lock order)
            moved = connection.scalar(sa.select(actors.c.statement_count).where(actors.c.id == old)) or 0
            for actor, d in sorted(((old, -moved), (into, moved))):
                connection.execute(sa.update(actors).where(actors.c.id == actor)
                                   .values(statement_count=actors.c.statement_count + d))
            connection.execute(sa.delete(actors).where(actors.c.id == old))
            summary.add_total(connection, "actors", -1)
        connection.execute(sa.update(actors).where(actors.c.affiliation == source).values(affiliation=target.name))
        _set_aliases(connection, into, [source, *payload.get("aliases", [])])
        # earlier merges into ``source`` now point at ``target``; ``target`` itself is no redirect
        connection.execute(sa.update(actor_merges).where(actor_merges.c.target == source).values(target=target.name))
        connection.execute(sa.delete(actor_merges).where(actor_merges.c.name == target.name))
        connection.execute(
            upsert_insert(connection, actor_merges).on_conflict_do_nothing(index_elements=["name"]),
            [{"name": source, "target": target.name, "edit_id": edit_id}],
        )
        connection.execute(
            sa.update(actor_merges).where(actor_merges.c.name == source).values(target=target.name, edit_id=edit_id)
        )
    return _edit(store, edit_id)


def split(
    store: Store,
    actor: str,
    new: Actor,
    names: Sequence[str],
    mention_ids: Sequence[int],
    payload: dict[str, Any],
    person: str | None = None,
) -> ActorEdit:
    """Split ``new`` off ``actor``: ``names`` become its aliases, ``mention_ids`` its mentions.

    Statements whose speaker mention is among ``mention_ids`` move with them;
    redirects of ``new.name`` or of ``names`` to ``actor`` are removed.
    """
    with _writing(store, f"split {new.name!r} off {actor!r}") as connection:
        edit_id = _log(connection, "split", actor, new.name, payload, person)
        created = _ensure_actor(connection, new)
        connection.execute(
            sa.update(actors).where(actors.c.id == created).values(type=new.type, reviewed=True)
        )
        _set_aliases(connection, created, [n for n in names if name_key(n) != name_key(new.name)])
        connection.execute(sa.delete(aliases).where(aliases.c.normalised == name_key(new.name)))
        ids = list(mention_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            connection.execute(sa.update(mentions).where(mentions.c.id.in_(chunk)).values(actor_id=created))
            moving = connection.execute(
                sa.select(statements.c.id).where(statements.c.speaker_mention_id.in_(chunk))
            ).scalars().all()
            with summary.tracking(connection, moving):
                connection.execute(
                    sa.update(statements).where(statements.c.speaker_mention_id.in_(chunk)).values(actor_id=created)
                )
        connection.execute(
            sa.delete(actor_merges).where(
                actor_merges.c.target == actor, actor_merges.c.name.in_([new.name, *names])
            )
        )
    return _edit(store, edit_id)


def mentions_of(store: Store, actor: str) -> list[tuple[int, str, str | None]]:
    """``(mention id, mention text, speaker name)`` of every statement of ``actor``."""
    with _reading(store) as connection:
        rows = connection.execute(
            sa.select(mentions.c.id, mentions.c.text, statements.c.speaker_name)
            .select_from(
                statements.join(mentions, statements.c.speaker_mention_id == mentions.c.id).join(
                    actors, statements.c.actor_id == actors.c.id
                )
            )
            .where(actors.c.name == actor)
            .order_by(mentions.c.id)
        ).all()
    return [(int(i), str(t), n) for i, t, n in rows]


def add_alias(store: Store, actor: Actor, alias: str, payload: dict[str, Any], person: str | None = None) -> ActorEdit:
    """Give ``alias`` to ``actor`` (created if missing), taking it from any other stored actor."""
    with _writing(store, f"add alias {alias!r} to {actor.name!r}") as connection:
        edit_id = _log(connection, "alias-add", actor.name, alias, payload, person)
        owner = _ensure_actor(connection, actor)
        _set_aliases(connection, owner, [alias])
    return _edit(store, edit_id)


def remove_alias(store: Store, actor: str, alias: str, payload: dict[str, Any], person: str | None = None) -> ActorEdit:
    """Remove ``alias`` from ``actor`` (its stored statements stay where they are)."""
    with _writing(store, f"remove alias {alias!r} from {actor!r}") as connection:
        edit_id = _log(connection, "alias-remove", actor, alias, payload, person)
        owner = actor_id(connection, actor)
        if owner is not None:
            connection.execute(
                sa.delete(aliases).where(aliases.c.actor_id == owner, aliases.c.normalised == name_key(alias))
            )
    return _edit(store, edit_id)


def set_type(store: Store, actor: Actor, payload: dict[str, Any], person: str | None = None) -> ActorEdit:
    """Set ``actor.name``'s type to ``actor.type`` (the actor is created if missing) and mark it reviewed."""
    with _writing(store, f"set the type of {actor.name!r}") as connection:
        edit_id = _log(connection, "set-type", actor.name, actor.type, payload, person)
        owner = _ensure_actor(connection, actor)
        connection.execute(sa.update(actors).where(actors.c.id == owner).values(type=actor.type, reviewed=True))
    return _edit(store, edit_id)


def affiliate(
    store: Store,
    actor: Actor,
    affiliation: Affiliation,
    current: str | None,
    payload: dict[str, Any],
    person: str | None = None,
) -> ActorEdit:
    """Record ``actor``'s affiliation over a date range; ``current`` becomes ``actors.affiliation``."""
    with _writing(store, f"affiliate {actor.name!r} with {affiliation.affiliation!r}") as connection:
        edit_id = _log(connection, "affiliate", actor.name, affiliation.affiliation, payload, person)
        owner = _ensure_actor(connection, actor)
        connection.execute(
            sa.insert(actor_affiliations).values(
                actor_id=owner,
                affiliation=affiliation.affiliation,
                start=affiliation.start,
                end=affiliation.end,
                edit_id=edit_id,
            )
        )
        connection.execute(sa.update(actors).where(actors.c.id == owner).values(affiliation=current, reviewed=True))
    return _edit(store, edit_id)


def import_actors(
    store: Store, label: str, found: Sequence[Actor], payload: dict[str, Any], person: str | None = None
) -> ActorEdit:
    """Store imported actors (reviewed) with their aliases; ``payload`` keeps roles and capitals."""
    with _writing(store, f"import actors from {label}") as connection:
        edit_id = _log(connection, "import", label, None, payload, person)
        for actor in found:
            owner = _ensure_actor(connection, actor)
            connection.execute(
                sa.update(actors)
                .where(actors.c.id == owner)
                .values(type=actor.type, affiliation=actor.affiliation, reviewed=True)
            )
            _set_aliases(connection, owner, actor.aliases)
    return _edit(store, edit_id)


def _edit(store: Store, edit_id: int) -> ActorEdit:
    with _reading(store) as connection:
        row = connection.execute(sa.select(actor_edits).where(actor_edits.c.id == edit_id)).one()
    return ActorEdit(
        id=int(row.id),
        created_at=row.created_at,
        kind=row.kind,
        actor=row.actor,
        other=row.other,
        payload=json.loads(row.payload or "{}"),
        person=row.person,
    )


def require_actor(store: Store, name: str) -> str:
    """The stored canonical name for ``name``, or a :class:`UsageError` that says how to find one."""
    found = find_actor_name(store, name)
    if found is None:
        raise UsageError.of("E500.no-actor", name=name, where=store.url,
                            search=name.split()[-1] if name.split() else name)
    return found
