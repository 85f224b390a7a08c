"""Curation of actors by a person: merge, split, alias, set-type, affiliate, import; kept over reruns.

Every edit is written to the store (statements, mentions and aliases move at
once) *and* logged with a payload that replays it on a registry. The pipeline's
registry is the shipped starter registry with the store's edits replayed over it
(:func:`registry_with_store`), so after::

    stancemap actors merge "EU countries" "EU defence ministers"

a new article mentioning "EU countries" resolves to "EU defence ministers"; and
the store's get-or-create follows the merge, so even a statement that names
"EU countries" is stored under "EU defence ministers".

The people and organisations coded in a DNA database are a person's naming too:
:mod:`stancemap.coded_actors` adds those the registry lacks as one ``import`` edit.

The replay works on the plain data layout of :mod:`stancemap.actors.io`
(``actors``, ``roles``, ``capitals``); :func:`apply_edit` is one pure function
per edit kind, so the rules can be tested without a database.

Examples
--------
>>> data = {"actors": [{"name": "EU defence ministers", "type": "group", "aliases": []}]}
>>> data = apply_edit(data, "merge", "EU countries", "EU defence ministers", {"type": "group"})
>>> data["actors"][0]["aliases"]
['EU countries']
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stancemap.actors.aliases import is_safe_alias
from stancemap.actors.io import read_registry, registry_from_data, registry_to_data, starter_data
from stancemap.actors.registry import ActorRegistry
from stancemap.actors.roles import as_date
from stancemap.errors import RegistryError, UsageError
from stancemap.models import ACTOR_TYPES, Actor
from stancemap.names.normalise import normalise
from stancemap.store import curation as sql

if TYPE_CHECKING:
    from stancemap.store.repository import Store

#: The kinds of edit, in the words of the ``stancemap actors`` commands.
EDIT_KINDS: tuple[str, ...] = ("merge", "split", "alias-add", "alias-remove", "set-type", "affiliate", "import")


# ---------------------------------------------------------------- replay on plain data


def _keys(name: str) -> set[str]:
    return {k for k in (normalise(name), normalise(name, titles=False)) if k}


def _find(data: dict[str, Any], name: str) -> dict[str, Any] | None:
    for entry in data.setdefault("actors", []):
        if entry["name"] == name:
            return entry
    return None


def _ensure(data: dict[str, Any], name: str, kind: str | None = None, affiliation: str | None = None) -> dict[str, Any]:
    entry = _find(data, name)
    if entry is None:
        entry = {"name": name, "type": kind if kind in ACTOR_TYPES else "person", "aliases": []}
        if affiliation:
            entry["affiliation"] = affiliation
        _take(data, name, owner=None)
        data["actors"].append(entry)
    entry.setdefault("aliases", [])
    return entry


def _take(data: dict[str, Any], name: str, owner: str | None) -> None:
    """Remove ``name`` (by matching key) from the aliases of every actor but ``owner``, and from capitals."""
    keys = _keys(name)
    for entry in data.get("actors") or []:
        if entry["name"] == owner:
            continue
        entry["aliases"] = [a for a in entry.get("aliases") or [] if not _keys(a) & keys]
    capitals = data.get("capitals") or {}
    for place in [p for p in capitals if _keys(p) & keys and capitals[p] != owner]:
        del capitals[place]


def _give(data: dict[str, Any], entry: dict[str, Any], names: Sequence[str]) -> None:
    """Make ``names`` aliases of ``entry`` (curation wins: other actors lose them)."""
    own = _keys(entry["name"])
    for name in names:
        if not name or not _keys(name) or _keys(name) & own:
            continue
        other = next((e for e in data["actors"] if e is not entry and _keys(e["name"]) & _keys(name)), None)
        if other is not None:  # the name of another actor: that is a merge, not an alias
            continue
        _take(data, name, entry["name"])
        if not any(_keys(a) & _keys(name) for a in entry["aliases"]):
            entry["aliases"].append(name)


def _rename_everywhere(data: dict[str, Any], old: str, new: str) -> None:
    for role in data.get("roles") or []:
        for holder in role.get("holders") or []:
            if holder.get("name") == old:
                holder["name"] = new
        if role.get("speaks_for") == old:
            role["speaks_for"] = new
    capitals = data.get("capitals") or {}
    for place, name in list(capitals.items()):
        if name == old:
            capitals[place] = new
    for entry in data.get("actors") or []:
        if entry.get("affiliation") == old:
            entry["affiliation"] = new
        if entry.get("party") == old:
            entry["party"] = new
        for key in ("party", "affiliations"):  # dated lists: [{name, start, end}]
            for item in entry.get(key) if isinstance(entry.get(key), list) else []:
                if isinstance(item, dict) and item.get("name") == old:
                    item["name"] = new


def _replay_merge(data: dict[str, Any], actor: str, other: str | None, payload: dict[str, Any]) -> None:
    assert other is not None
    if actor == other:
        return
    source = _find(data, actor)
    moved = [actor, *(source.get("aliases") or [] if source else payload.get("aliases", []))]
    if source is not None:
        data["actors"].remove(source)
    target = _ensure(data, other, payload.get("type"), payload.get("affiliation"))
    _rename_everywhere(data, actor, other)
    _give(data, target, moved)


def _replay_split(data: dict[str, Any], actor: str, other: str | None, payload: dict[str, Any]) -> None:
    assert other is not None
    names = payload.get("aliases", [])
    keys = set().union(*(_keys(n) for n in [other, *names])) if names or other else set()
    source = _find(data, actor)
    if source is not None:
        source["aliases"] = [a for a in source.get("aliases") or [] if not _keys(a) & keys]
    new = _ensure(data, other, payload.get("type"), payload.get("affiliation"))
    _give(data, new, names)


def _replay_alias_add(data: dict[str, Any], actor: str, other: str | None, payload: dict[str, Any]) -> None:
    assert other is not None
    _give(data, _ensure(data, actor, payload.get("type")), [other])


def _replay_alias_remove(data: dict[str, Any], actor: str, other: str | None, payload: dict[str, Any]) -> None:
    assert other is not None
    entry = _find(data, actor)
    if entry is not None:
        entry["aliases"] = [a for a in entry.get("aliases") or [] if not _keys(a) & _keys(other)]
    capitals = data.get("capitals") or {}
    for place in [p for p in capitals if _keys(p) & _keys(other) and capitals[p] == actor]:
        del capitals[place]


def _replay_set_type(data: dict[str, Any], actor: str, other: str | None, payload: dict[str, Any]) -> None:
    _ensure(data, actor, other)["type"] = other


def _replay_affiliate(data: dict[str, Any], actor: str, other: str | None, payload: dict[str, Any]) -> None:
    entry = _ensure(data, actor, payload.get("type"))
    current = payload.get("current")
    if current:
        entry["affiliation"] = current
    else:
        entry.pop("affiliation", None)


def _replay_import(data: dict[str, Any], actor: str, other: str | None, payload: dict[str, Any]) -> None:
    merge_data(data, payload.get("data") or {})


_REPLAY: dict[str, Callable[[dict[str, Any], str, str | None, dict[str, Any]], None]] = {
    "merge": _replay_merge,
    "split": _replay_split,
    "alias-add": _replay_alias_add,
    "alias-remove": _replay_alias_remove,
    "set-type": _replay_set_type,
    "affiliate": _replay_affiliate,
    "import": _replay_import,
}


def merge_data(data: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Add registry data ``extra`` to ``data`` in place: new actors appended, known ones updated.

    A known actor takes ``extra``'s type, affiliation and aliases (as well as
    its own); a role with a known title is replaced; capitals are updated.
    Aliases move from other actors to the one ``extra`` gives them to.
    """
    for entry in extra.get("actors") or []:
        mine = _find(data, entry["name"])
        if mine is None:
            mine = _ensure(data, entry["name"], entry.get("type"), entry.get("affiliation"))
        mine["type"] = entry.get("type", mine.get("type", "person"))
        if entry.get("affiliation"):
            mine["affiliation"] = entry["affiliation"]
        if entry.get("reviewed"):
            mine["reviewed"] = True
        _give(data, mine, entry.get("aliases") or [])
    roles = data.setdefault("roles", [])
    for role in extra.get("roles") or []:
        roles[:] = [r for r in roles if r["title"] != role["title"]]
        roles.append(copy.deepcopy(role))
    capitals = data.setdefault("capitals", {})
    for place, name in (extra.get("capitals") or {}).items():
        _take(data, place, name)
        capitals[place] = name
    return data


def apply_edit(
    data: dict[str, Any], kind: str, actor: str, other: str | None, payload: dict[str, Any]
) -> dict[str, Any]:
    """Replay one logged edit on registry data (``actors``, ``roles``, ``capitals``); returns ``data``.

    Curation wins over the data it is replayed on: an alias given to an actor
    is taken from any other actor that had it.

    Raises
    ------
    ValueError
        For an unknown ``kind``.
    """
    if kind not in _REPLAY:
        raise ValueError(f"unknown actor edit {kind!r}; expected one of {', '.join(EDIT_KINDS)}")
    data.setdefault("actors", [])
    _REPLAY[kind](data, actor, other, payload)
    return data


def curated_data(store: Store, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """The starter registry data (or ``base``) with every edit in ``store`` replayed, oldest first."""

    data = copy.deepcopy(base if base is not None else starter_data())
    data.pop("data_as_of", None)
    for edit in sql.edits(store):
        apply_edit(data, edit.kind, edit.actor, edit.other, edit.payload)
    return data


def registry_with_store(store: Store, base: ActorRegistry | None = None) -> ActorRegistry:
    """The pipeline's registry: the starter registry (or ``base``) plus the store's curation.

    Parameters
    ----------
    store : stancemap.store.Store
        Whose ``actor_edits`` (merges, splits, aliases, types, affiliations,
        imports) are replayed.
    base : ActorRegistry, optional
        Defaults to :func:`stancemap.actors.io.default_registry`.

    Raises
    ------
    stancemap.errors.RegistryError
        When the replayed data is not a valid registry (the message names the
        actors involved).

    Notes
    -----
    Actors created automatically from the corpus (unreviewed) are *not* added:
    only what a person did counts, so a wrong automatic alias cannot spread.
    """
    data = curated_data(store, registry_to_data(base) if base is not None else None)
    return registry_from_data(data, source=f"{store.url} (starter registry with curated edits)")


# ---------------------------------------------------------------- edits, through the store


def _actor_for(store: Store, name: str, registry: ActorRegistry) -> Actor:
    """The actor named ``name`` in the store or in the curated registry (exact name or alias)."""

    stored = sql.find_actor_name(store, name)
    if stored is not None:
        found = sql.stored_actors(store, names=[stored])
        if found:
            known = registry.get(stored)
            actor = found[0].actor
            return Actor(actor.name, actor.type, known.aliases if known else (), actor.affiliation, actor.reviewed)
    resolution = registry.lookup(name)
    if resolution is not None and resolution.method in ("exact", "alias"):
        return resolution.actor
    raise UsageError.of("E500.no-actor-registry", name=name, where=store.url,
                        search=name.split()[-1] if name.split() else name)


def merge(store: Store, source: str, target: str, *, person: str | None = None) -> Any:
    """Merge actor ``source`` into ``target``: one actor from now on, in the store and in every rerun.

    Returns
    -------
    stancemap.store.curation.ActorEdit
        The logged edit.

    Raises
    ------
    stancemap.errors.UsageError
        When either actor is unknown, or both are the same actor.
    """

    registry = registry_with_store(store)
    old = _actor_for(store, source, registry)
    new = _actor_for(store, target, registry)
    if old.name == new.name:
        raise UsageError.of("E500.same-actor", source=source, target=target, actor=new.name)
    payload = {"type": new.type, "affiliation": new.affiliation, "aliases": list(old.aliases)}
    return sql.merge(store, old.name, new, payload, person)


def split(
    store: Store,
    actor: str,
    new_name: str,
    *,
    aliases: Sequence[str] = (),
    type: str | None = None,
    person: str | None = None,
) -> Any:
    """Split ``new_name`` off ``actor``: its mentions (by ``new_name`` or ``aliases``) and those aliases move.

    A mention moves when its text or the document's name for the speaker
    matches ``new_name`` or one of ``aliases`` (ignoring case, accents and titles).

    Raises
    ------
    stancemap.errors.UsageError
        When ``actor`` is unknown, ``type`` is not an actor type, or
        ``new_name`` is ``actor`` itself.
    """

    registry = registry_with_store(store)
    old = _actor_for(store, actor, registry)
    if normalise(new_name) == normalise(old.name):
        raise UsageError.of("E500.rename-self", new_name=new_name, old=old.name)
    kind = type or old.type
    _check_type(kind)
    keys = set().union(*(_keys(n) for n in [new_name, *aliases]))
    moved = [
        mention_id
        for mention_id, text, speaker_name in sql.mentions_of(store, old.name)
        if _keys(text) & keys or (speaker_name and _keys(speaker_name) & keys)
    ]
    payload = {"type": kind, "aliases": list(aliases), "mentions": len(moved)}
    return sql.split(store, old.name, Actor(new_name.strip(), kind), list(aliases), moved, payload, person)


def add_alias(store: Store, actor: str, alias: str, *, person: str | None = None) -> Any:
    """Give ``alias`` to ``actor``; it must not be another actor's name or alias.

    Raises
    ------
    stancemap.errors.RegistryError
        E120 when ``alias`` is the name or an alias of another actor (both named).
    """

    registry = registry_with_store(store)
    owner = _actor_for(store, actor, registry)
    found = registry.lookup(alias)
    if found is not None and found.method in ("exact", "alias") and found.actor.name != owner.name:
        raise RegistryError.of("E120.alias-claimed", alias=alias, holder=found.actor.name, claimant=owner.name)
    return sql.add_alias(store, owner, alias.strip(), {"type": owner.type}, person)


def remove_alias(store: Store, actor: str, alias: str, *, person: str | None = None) -> Any:
    """Remove ``alias`` from ``actor`` (in the store and in the pipeline's registry)."""

    owner = _actor_for(store, actor, registry_with_store(store))
    return sql.remove_alias(store, owner.name, alias.strip(), {}, person)


def unsafe_aliases(store: Store) -> list[tuple[str, str]]:
    """``(actor, alias)`` of stored aliases the pipeline learned that are not safe to keep.

    Safe means :func:`stancemap.actors.aliases.is_safe_alias`; aliases a person
    added (``actors alias``) are kept whatever their form.
    """

    added = {(e.actor, e.other) for e in sql.edits(store) if e.kind == "alias-add"}
    found = []
    for stored in sorted(sql.stored_actors(store), key=lambda st: st.actor.name):
        name = stored.actor.name
        for alias in stored.actor.aliases:
            if (name, alias) not in added and not is_safe_alias(alias, name):
                found.append((name, alias))
    return found


def repair_aliases(store: Store, *, person: str | None = None) -> list[tuple[str, str]]:
    """Remove every alias :func:`unsafe_aliases` lists (each removal is a logged edit); return them."""
    found = unsafe_aliases(store)
    for actor, alias in found:
        remove_alias(store, actor, alias, person=person or "stancemap actors repair-aliases")
    return found


def _check_type(kind: str) -> None:
    if kind not in ACTOR_TYPES:
        raise UsageError.of("E500.actor-type", kind=kind, types=", ".join(ACTOR_TYPES))


def set_type(store: Store, actor: str, kind: str, *, person: str | None = None) -> Any:
    """Set ``actor``'s type (person, organisation, country, group)."""

    _check_type(kind)
    owner = _actor_for(store, actor, registry_with_store(store))
    return sql.set_type(store, Actor(owner.name, kind, (), owner.affiliation), {}, person)


def affiliate(
    store: Store,
    actor: str,
    affiliation: str,
    *,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    person: str | None = None,
    today: dt.date | None = None,
) -> Any:
    """Record that ``actor`` acted for ``affiliation`` from ``start`` to ``end`` (inclusive, open when missing).

    The actor's current affiliation (shown in lists and exports) becomes
    ``affiliation`` unless the range ended before ``today``.

    Raises
    ------
    stancemap.errors.UsageError
        On a date that is not YYYY-MM-DD, or an end before the start.
    """

    try:
        first, last = as_date(start), as_date(end)
    except ValueError as exc:
        raise UsageError.of("E500.affiliation-date", reason=exc) from None
    if first and last and last < first:
        raise UsageError.of("E500.affiliation-order", first=first, last=last)
    registry = registry_with_store(store)
    owner = _actor_for(store, actor, registry)
    known = registry.lookup(affiliation)
    org = known.actor.name if known is not None and known.method in ("exact", "alias") else affiliation.strip()
    day = today or dt.date.today()
    current = org if last is None or last >= day else owner.affiliation
    payload = {"type": owner.type, "start": first, "end": last, "current": current}
    return sql.affiliate(store, Actor(owner.name, owner.type, (), current), sql.Affiliation(org, first, last),
                         current, payload, person)


def import_registry(store: Store, path: str | Path, *, person: str | None = None) -> Any:
    """Import a registry file (YAML, CSV or Wikidata JSON) into the store's curation.

    The file is checked alone first (an alias claimed by two of its actors is an
    error naming both), then against the starter registry and earlier edits: an
    alias that another actor already has is an error naming both.

    Raises
    ------
    stancemap.errors.RegistryError
        E120 on a conflict; E101 when the file is missing.
    """

    incoming = read_registry(path)
    registry = registry_with_store(store)
    for actor in incoming:
        for name in (actor.name, *actor.aliases):
            found = registry.lookup(name)
            if found is not None and found.method in ("exact", "alias") and found.actor.name != actor.name:
                raise RegistryError.of("E120.alias-import", path=path, alias=name, holder=found.actor.name,
                                       claimant=actor.name)
    data = registry_to_data(incoming)
    combined = merge_data(curated_data(store), copy.deepcopy(data))
    registry_from_data(combined, source=f"{path} with the registry")  # fails before anything is written
    return sql.import_actors(store, str(path), list(incoming), {"data": data}, person)
