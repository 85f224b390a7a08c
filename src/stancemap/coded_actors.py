"""The people and organisations a person's coding names (a DNA database's) as actors of the registry.

Many DNA coders write people surname first ("Holloway, Margaret L."), and a DNA
database's persons are the actors its coders chose. Reading such a database, the
names the registry lacks become actors ("Margaret L. Holloway", the written form an
alias) and names it knows become aliases of their actor ("Obama, Barack" of "Barack
Obama"), so that the text's "Margaret Holloway" or "Ms. Holloway" is the coders' person:

* :func:`import_dna_actors` logs them as one ``import`` curation edit of a store
  (``stancemap run FILE.dna``);
* :func:`registry_with_dna_actors` gives the starter registry with them, for work
  without a store (``stancemap eval coding --gold FILE.dna`` without ``--db``).

Measured on the own-voice sets written as DNA databases with persons surname first
(``benchmarks/ownvoice_as_dna.py --last-first``): tuple F1 0.029 -> 0.567 (dev),
0.031 -> 0.615 (train).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stancemap.actors.io import default_registry, registry_from_data, starter_data
from stancemap.actors.registry import ActorRegistry
from stancemap.curation import curated_data, merge_data, registry_with_store
from stancemap.ingest.dna import MACHINE_CODER, load_dna
from stancemap.models import Actor
from stancemap.store import curation as sql

if TYPE_CHECKING:
    from stancemap.store.repository import Store

__all__ = ["surname_first", "coded_actor_data", "import_coded_actors", "dna_named_actors", "import_dna_actors",
           "registry_with_dna_actors"]


#: Words after a comma that end a name rather than give its given names ("Smith, Jr.", "Acme, Inc.").
_NOT_GIVEN = frozenset({"jr", "sr", "ii", "iii", "iv", "inc", "ltd", "llc", "co", "corp", "plc", "gmbh", "ag", "sa"})


def surname_first(name: str) -> str | None:
    """A name written surname first, in running order: "Holloway, Margaret L." -> "Margaret L. Holloway".

    ``None`` for any other name (no comma or several, a suffix or company form after it, digits).
    A party or place in brackets after it is left out ("Boxer, Barbara (D-CA)").

    >>> surname_first("Holloway, Margaret L."), surname_first("Acme, Inc."), surname_first("Barack Obama")
    ('Margaret L. Holloway', None, None)
    >>> surname_first("Boxer, Barbara (D-CA)")
    'Barbara Boxer'
    """
    name = re.sub(r"\s*\([^()]*\)\s*$", "", name)
    parts = [part.strip() for part in name.split(",")]
    if len(parts) != 2 or not all(parts) or any(ch.isdigit() for ch in name):
        return None
    surname, given = parts
    if given.rstrip(".").lower() in _NOT_GIVEN or len(surname.split()) > 3 or len(given.split()) > 4:
        return None
    return f"{given} {surname}"


def _known(registry: ActorRegistry, *forms: str | None) -> Actor | None:
    """The registry actor that one of ``forms`` names exactly or by alias."""
    for form in forms:
        found = registry.lookup(form) if form else None
        if found is not None and found.method in ("exact", "alias"):
            return found.actor
    return None


def coded_actor_data(named: Iterable[tuple[str, str]], registry: ActorRegistry) -> dict[str, Any]:
    """Registry data for the actors a person's coding names, ``(name, type)`` pairs: what ``registry`` lacks.

    A name the registry knows exactly or by alias, as written or in running order, becomes an
    alias of that actor ("Obama, Barack" of "Barack Obama"); any other a reviewed actor of its
    own, named in running order with the written form as its alias ("Holloway, Margaret" ->
    "Margaret Holloway"), so that the text's "Margaret Holloway" and "Ms. Holloway" resolve to
    it and the coding's name is the same actor.

    >>> from stancemap.actors.io import registry_from_data
    >>> registry = registry_from_data({"actors": [{"name": "Barack Obama", "type": "person"}]})
    >>> [(e["name"], e["aliases"]) for e in coded_actor_data(
    ...     [("Obama, Barack", "person"), ("Holloway, Margaret", "person"), ("Sierra Club", "organisation")],
    ...     registry)["actors"]]
    [('Barack Obama', ['Obama, Barack']), ('Margaret Holloway', ['Holloway, Margaret']), ('Sierra Club', [])]
    """
    entries: dict[str, dict[str, Any]] = {}
    for written, kind in named:
        name = " ".join(written.split())
        if not name or _known(registry, name) is not None:
            continue
        running = surname_first(name) if kind == "person" else None
        known = _known(registry, running)
        if known is not None:
            entry = entries.setdefault(known.name, {"name": known.name, "type": known.type, "aliases": [],
                                                    "affiliation": known.affiliation})
        else:
            canonical = running or name
            entry = entries.setdefault(canonical, {"name": canonical, "type": kind, "aliases": [], "reviewed": True})
        if name != entry["name"] and name not in entry["aliases"]:
            entry["aliases"].append(name)
    return {"actors": list(entries.values())}


def import_coded_actors(store: Store, label: str, named: Iterable[tuple[str, str]], *,
                        person: str | None = None) -> int:
    """Add the actors a person's coding names (a DNA database's persons and organisations) to the curation.

    What :func:`coded_actor_data` gives is logged as one ``import`` edit labelled ``label``;
    nothing is written when the registry knows every name already, so reading the same
    database again logs nothing. Returns the number of actors added or given an alias.
    """
    data = coded_actor_data(named, registry_with_store(store))
    if not data["actors"]:
        return 0
    registry_from_data(merge_data(curated_data(store), copy.deepcopy(data)), source=label)  # fails before writing
    actors = [Actor(e["name"], e["type"], tuple(e["aliases"]), e.get("affiliation"), reviewed=True)
              for e in data["actors"]]
    sql.import_actors(store, label, actors, {"data": data}, person)
    return len(actors)


def dna_named_actors(path: str | Path, variables: Any = None) -> list[tuple[str, str]]:
    """``(name, type)`` of the persons and organisations people coded in the DNA database ``path`` (not those of
    statements stancemap wrote into it), in order, once each."""
    named: dict[tuple[str, str], None] = {}
    for article in load_dna(path, variables=variables).articles:
        for statement in article.coded:
            if statement.actor_method == MACHINE_CODER:  # the DNA reader marks stancemap's own statements so
                continue
            if statement.actor:
                named[(statement.actor, statement.actor_type or "person")] = None
            if statement.actor_affiliation:
                named[(statement.actor_affiliation, "organisation")] = None
    return list(named)


def import_dna_actors(store: Store, path: str | Path, variables: Any = None) -> int:
    """:func:`import_coded_actors` for the persons and organisations coded in the DNA database ``path``."""
    return import_coded_actors(store, f"DNA {Path(path).name}", dna_named_actors(path, variables))


def registry_with_dna_actors(paths: Iterable[str | Path], variables: Any = None) -> ActorRegistry:
    """The starter registry with the actors the DNA databases ``paths`` name (as :func:`import_dna_actors`
    would add them to a store)."""
    registry, data = default_registry(), copy.deepcopy(starter_data())
    for path in paths:
        extra = coded_actor_data(dna_named_actors(path, variables), registry)
        if extra["actors"]:
            data = merge_data(data, extra)
            registry = registry_from_data(data, source=f"starter registry with the actors of {Path(path).name}")
    return registry
