"""Writing the actors a document's statements name, and the aliases learned from them.

Inside the caller's write transaction (see :mod:`stancemap.store.write`). Actor names
and aliases other processes may insert at the same time go through ``INSERT ... ON
CONFLICT DO NOTHING`` in sorted order, so concurrent writers neither fail nor deadlock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from stancemap.actors.aliases import is_safe_alias
from stancemap.actors.io import shared_starter_registry
from stancemap.models import Statement
from stancemap.names.normalise import given_name_forms, name_key, same_given_name
from stancemap.names.orgnames import organisation_forms, organisation_key
from stancemap.store import summary
from stancemap.store.curation_schema import actor_merges
from stancemap.store.dialect import upsert_insert
from stancemap.store.limits import NAME_LIMIT
from stancemap.store.records import NOT_ALIASES
from stancemap.store.schema import actors, aliases

__all__ = ["get_or_create_actors", "alias_candidates", "alias_evidence", "add_aliases"]


def get_or_create_actors(
    connection: Connection, found: Sequence[Statement], now: dt.datetime, delta: summary.Delta | None = None
) -> dict[str, int]:
    """Ids of the canonical actors named by ``found``, creating missing ones (unreviewed).

    A name merged into another actor (``actor_merges``) gets that actor's id. A
    new name with the key of a stored actor or of a name met earlier in ``found``
    (:func:`stancemap.names.normalise.name_key`: "Politifact" and "PolitiFact",
    "U.S. Court of Appeals" and "US Court of Appeals") gets that actor's id, and
    is kept as its alias when it differs by more than case; so is an organisation
    spelt another way ("Labor Department", "Department of Labor") and a person
    named with or without middle initials or a short first name ("Ed Rendell",
    "Edward G. Rendell"). Actors created are counted in ``delta.totals["actors"]``.
    """
    wanted, affiliations = _named_actors(found)
    if not wanted:
        return {}
    # an actor merged into another by a person (``stancemap actors merge``) stays merged
    redirects = dict(
        connection.execute(
            sa.select(actor_merges.c.name, actor_merges.c.target).where(actor_merges.c.name.in_(sorted(wanted)))
        ).all()
    )
    redirected = {name: redirects.get(name, name) for name in wanted}
    kinds = {target: wanted.get(target) or wanted[name] for name, target in redirected.items()}
    targets, exact = _canonical_spellings(connection, redirected, kinds)
    targets = _same_up_to_initials(connection, targets, exact, {n for n, kind in wanted.items() if kind == "person"})
    kinds = {target: wanted.get(target) or wanted[name] for name, target in targets.items()}
    rows = [
        {"name": name, "type": kinds[name], "affiliation": affiliations.get(name), "reviewed": False,
         "created_at": now}
        for name in sorted(kinds) if name not in exact
    ]
    created = connection.execute(
        upsert_insert(connection, actors).on_conflict_do_nothing(index_elements=["name"]).returning(actors.c.id),
        rows,
    ).all() if rows else []
    if delta is not None:
        delta.totals["actors"] += len(created)
    else:
        summary.add_total(connection, "actors", len(created))
    result = connection.execute(
        sa.select(actors.c.name, actors.c.id).where(actors.c.name.in_(sorted(set(targets.values()))))
    )
    ids = {name: int(actor_id) for name, actor_id in result}
    _add_spellings(connection, targets, ids, redirects)
    return {name: ids[target] for name, target in targets.items() if target in ids}


def _named_actors(found: Sequence[Statement]) -> tuple[dict[str, str], dict[str, str | None]]:
    """The actor names ``found`` gives, with their type, and the first affiliation given for each."""
    wanted: dict[str, str] = {}
    affiliations: dict[str, str | None] = {}
    for statement in found:
        if statement.actor and statement.actor not in wanted:
            wanted[statement.actor] = statement.actor_type or statement.speaker_type or "person"
        if statement.actor and statement.actor_affiliation:
            affiliations.setdefault(statement.actor, statement.actor_affiliation)
    return wanted, affiliations


#: Actor types whose names are matched by :func:`~stancemap.names.orgnames.organisation_key` too.
_ORGANISATION_KINDS = frozenset({"organisation", "group"})


def _canonical_spellings(connection: Connection, targets: dict[str, str],
                         kinds: dict[str, str]) -> tuple[dict[str, str], set[str]]:
    """Each name's target spelt as the actor that holds its name key, and the targets stored as they are.

    The spelling of a name key is the stored actor's, else the first met in ``targets``. An
    organisation or group with no such actor takes the one, stored or met before, whose name is
    another spelling of it (:func:`~stancemap.names.orgnames.organisation_key`: "Labor Department"
    and "Department of Labor", "NBC News/Wall Street Journal" and "Wall Street Journal/NBC News").
    """
    keys = {target: name_key(target) for target in targets.values()}
    forms = {t: organisation_forms(t) for t in keys if kinds.get(t) in _ORGANISATION_KINDS}
    wanted = sorted(set(keys.values()).union(*forms.values()))
    stored = connection.execute(
        sa.select(actors.c.name, actors.c.name_key, actors.c.type)
        .where(sa.or_(actors.c.name.in_(sorted(keys)), actors.c.name_key.in_(wanted)))
        .order_by(actors.c.id)
    ).all()
    exact = {row.name for row in stored}
    spelling: dict[str, str] = {}
    organisations: dict[str, str] = {}
    for row in stored:
        spelling.setdefault(row.name_key, row.name)
        if row.type in _ORGANISATION_KINDS:
            organisations.setdefault(organisation_key(row.name), row.name)
    same: dict[str, str] = {}
    for target in keys:
        if target in exact:
            same[target] = target
        elif keys[target] in spelling:
            same[target] = spelling[keys[target]]
        elif target in forms:
            same[target] = organisations.setdefault(organisation_key(target), target)
            spelling.setdefault(keys[target], same[target])
        else:
            same[target] = spelling.setdefault(keys[target], target)
    return {name: same[target] for name, target in targets.items()}, exact


def initials_key(name: str) -> tuple[str, str, tuple[str, ...]] | None:
    """``(first name, surname, middle initials)`` of a person's name whose middle words are all
    initials (none too), else ``None``: "Lindsey O. Graham" -> ``("lindsey", "graham", ("o",))``.

    >>> initials_key("Lindsey O. Graham"), initials_key("Lindsey Graham"), initials_key("J. Gerald Hebert")
    (('lindsey', 'graham', ('o',)), ('lindsey', 'graham', ()), None)
    """
    words = name_key(name).split()
    if len(words) < 2 or len(words[0]) < 2 or len(words[-1]) < 2 or any(len(w) != 1 for w in words[1:-1]):
        return None
    return words[0], words[-1], tuple(words[1:-1])


def _same_up_to_initials(connection: Connection, targets: dict[str, str], exact: set[str],
                         people: set[str]) -> dict[str, str]:
    """Each new person's target joined to the one person stored or met before it whose name is the
    same but for middle initials only one of them writes ("Lindsey O. Graham", "Lindsey Graham"), or
    for a short form of the first name when one of them writes a middle initial
    (:func:`~stancemap.names.normalise.same_given_name`: "Len Burman", "Leonard E. Burman"; initials
    both write must agree; "Bob Mason" and "Robert Mason" of two articles may be two people).

    Two names that both write initials, other ones, stay apart ("George W. Bush", "George H. W.
    Bush"), and so does a name two others could be; other first names never join ("Bill Clinton",
    "Hillary Clinton"). Joined targets are added to ``exact`` (stored already).
    """
    new = sorted({t for n, t in targets.items() if n in people and t not in exact and initials_key(t)})
    if not new:
        return targets
    keys = {t: initials_key(t) for t in new}
    patterns = sorted({(form, k[1]) for k in keys.values() if k for form in given_name_forms(k[0])})
    stored = connection.execute(
        sa.select(actors.c.name).where(actors.c.type == "person").where(sa.or_(*(
            sa.or_(actors.c.name_key == f"{first} {last}", actors.c.name_key.like(f"{first} % {last}"))
            for first, last in patterns))).order_by(actors.c.id)
    ).scalars().all()
    known = [(n, initials_key(n)) for n in stored]
    joined: dict[str, str] = {}
    for target in new:
        key = keys[target]
        same = {n for n, k in known if k and key and _one_person(k, key)}
        if len(same) == 1:
            joined[target] = same.pop()
            if joined[target] in stored:
                exact.add(joined[target])
        elif not same:
            known.append((target, key))
    return {name: joined.get(target, target) for name, target in targets.items()}


def _one_person(one: tuple[str, str, tuple[str, ...]], other: tuple[str, str, tuple[str, ...]]) -> bool:
    """Whether two :func:`initials_key` keys of different names can be one person's.

    >>> _one_person(("len", "burman", ()), ("leonard", "burman", ("e",))), _one_person(
    ...     ("george", "bush", ("w",)), ("george", "bush", ("h", "w")))
    (True, False)
    >>> _one_person(("bob", "mason", ()), ("robert", "mason", ()))
    False
    """
    if one[1] != other[1] or not same_given_name(one[0], other[0]):
        return False
    if one[0] == other[0]:
        return (not one[2]) != (not other[2])
    # a short form with no initial is too common a name alone: "Bob Mason" and "Robert Mason" of two articles
    return bool(one[2] or other[2]) and (not one[2] or not other[2] or one[2] == other[2])


def _add_spellings(connection: Connection, targets: dict[str, str], ids: dict[str, int],
                   redirects: dict[str, str]) -> None:
    """Keep each name that differs from its actor's by more than case as an alias (under its name key)."""
    spellings = [
        {"actor_id": ids[target], "alias": name, "normalised": name_key(name)}
        for name, target in sorted(targets.items())
        if target in ids and name.casefold().split() != target.casefold().split() and name not in redirects
    ]
    if spellings:
        connection.execute(
            upsert_insert(connection, aliases).on_conflict_do_nothing(index_elements=["normalised"]), spellings)


def alias_candidates(statement: Statement) -> list[str]:
    """Names of ``statement``'s speaker safe to keep as aliases of its actor.

    Only a name-like form of the actor's own name or its acronym
    (:func:`stancemap.actors.aliases.is_safe_alias`): never a pronoun, a role
    description ("the Democratic nominee") or a headline fragment. A group named
    with fewer words is a wider group, never its alias ("Democrats" of "Senate Democrats").
    """
    if not statement.actor:
        return []
    canonical = name_key(statement.actor)
    names = [statement.speaker_name, statement.speaker.text if statement.speaker else None]
    kept = []
    for name in names:
        if not name:
            continue
        key = name_key(name)
        if statement.actor_type == "group" and set(key.split()) < set(canonical.split()):
            continue
        if key and key != canonical and key not in NOT_ALIASES and (
            is_safe_alias(name.strip(), statement.actor) or _registry_ties(name.strip(), statement.actor)
        ):
            kept.append(name.strip())
    return kept


def _registry_ties(name: str, actor: str) -> bool:
    """Whether the starter registry itself names ``actor`` by ``name`` (an alias or a capital: "Kyiv")."""
    found = shared_starter_registry().lookup(name)
    return found is not None and found.method in ("alias", "capital") and found.actor.name == actor


def alias_evidence(statement: Statement) -> str:
    """What a learned alias was learned from: the speaker span as written and where it is."""
    span = statement.speaker
    if span is None:
        return f"speaker name {statement.speaker_name!r}"[:NAME_LIMIT]
    return f"speaker {span.text!r} at {span.start}-{span.end}"[:NAME_LIMIT]


def add_aliases(connection: Connection, written: Sequence[tuple[int, Sequence[Statement]]],
                actor_ids: dict[str, int]) -> None:
    """Record the speakers' other names as aliases, unless any actor has them already.

    Each learned alias keeps the document it was learned in and the speaker text
    (:func:`alias_evidence`), which ``stancemap actors show`` lists.
    """
    rows: dict[str, dict[str, Any]] = {}
    for document_id, found in written:
        for statement in found:
            for name in alias_candidates(statement):
                key = name_key(name)
                if len(name) > NAME_LIMIT or len(key) > NAME_LIMIT:
                    continue  # an alias is optional: a name too long to store is simply not kept
                rows.setdefault(key, {"actor_id": actor_ids[statement.actor],  # type: ignore[index]
                                      "alias": name, "normalised": key, "document_id": document_id,
                                      "evidence": alias_evidence(statement)})
    if rows:
        connection.execute(
            upsert_insert(connection, aliases).on_conflict_do_nothing(index_elements=["normalised"]),
            [rows[key] for key in sorted(rows)],
        )
