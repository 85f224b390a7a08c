"""Read and write actor registries: YAML (actors, roles, capitals) and CSV (actors).

Wikidata JSON entity dumps are read by :mod:`stancemap.actors.wikidata`.

YAML, as in the shipped ``data/registry.yaml``::

    capitals:
      Kyiv: Ukraine
    actors:
      - {name: Ukraine, type: country, aliases: [Ukrainian government]}
      - {name: Volodymyr Zelenskyy, type: person, affiliation: Ukraine}
      - name: Hillary Clinton
        type: person
        gender: f                                  # m or f
        party: Democratic Party                    # or a list with dates, as below
        affiliations:                              # organisations acted for outside any office
          - {name: Hillary for America, start: 2015-04-12, end: 2016-11-09}
      - name: Donald Trump
        party:
          - {name: Democratic Party, start: 2001-08-01, end: 2009-08-31}
          - {name: Republican Party, start: 2012-04-01}
    roles:
      - title: President of Ukraine
        aliases: [Ukrainian President]
        speaks_for: Ukraine                        # the holder acts for Ukraine while in office
        holders:
          - {name: Volodymyr Zelenskyy, start: 2019-05-20}

Dates are inclusive; a missing start or end is open. A person acts for a country
only through an office whose role ``speaks_for`` it, never through ``affiliations``.
``by_surname: false`` keeps a lone surname from naming a person ("Obama" is
Barack Obama, not Michelle Obama, who is named by "Mrs. Obama").

CSV, one actor a row, with a header: ``name,type,aliases,affiliation,reviewed``;
aliases separated by ``|``; ``reviewed`` is ``true``/``false`` (default false).
"""

from __future__ import annotations

import csv
import functools
import io as _io
from pathlib import Path
from typing import Any

import yaml

from stancemap.actors.registry import ActorRegistry
from stancemap.actors.roles import Membership, Role, Tenure, as_date
from stancemap.actors.wikidata import wikidata_data
from stancemap.csvcells import csv_row, csv_uncell
from stancemap.errors import RegistryError
from stancemap.models import ACTOR_TYPES, Actor

#: The starter registry shipped with the package.
DEFAULT_REGISTRY = Path(__file__).parent / "data" / "registry.yaml"

CSV_COLUMNS = ("name", "type", "aliases", "affiliation", "reviewed")
#: Fields of an ``actors`` entry in YAML.
ACTOR_FIELDS = frozenset({"name", "type", "aliases", "affiliation", "reviewed", "gender", "party", "affiliations",
                          "by_surname"})
ALIAS_SEPARATOR = "|"
#: Longest actor name, alias or affiliation: the store's columns (checked on reading, so that an
#: import is refused the same way on SQLite, which does not enforce the length, and PostgreSQL).
MAX_NAME_CHARS = 500

#: libyaml's parser when PyYAML was built with it (the shipped registry reads in 0.04 s instead of 0.34 s)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.lru_cache(maxsize=1)
def starter_data() -> dict[str, Any]:
    """The parsed starter registry (cached; build registries from it, do not mutate it)."""
    return _load_yaml(DEFAULT_REGISTRY)


def default_registry() -> ActorRegistry:
    """The starter registry shipped with stancemap (``actors/data/registry.yaml``).

    Each call returns a new registry, so adding to it changes nothing shared.

    >>> default_registry().gender_of("Hillary Clinton")
    'f'
    """
    return registry_from_data(starter_data(), source=DEFAULT_REGISTRY.name)


@functools.lru_cache(maxsize=1)
def shared_starter_registry() -> ActorRegistry:
    """One starter registry for read-only lookups in hot paths (genders, titles, capitals).

    Built once per process; never add to it (use :func:`default_registry` for a copy
    of your own).
    """
    return default_registry()


def read_registry(path: str | Path) -> ActorRegistry:
    """Read a registry from ``path``: ``.yaml``/``.yml``, ``.csv``, or a Wikidata dump ``.json``/``.jsonl``.

    Raises
    ------
    stancemap.errors.RegistryError
        If the file is missing (code E101), cannot be parsed, or is not a valid
        registry; the message names the file and the entry.
    """
    path = Path(path)
    if not path.is_file():
        raise RegistryError.of("E101.registry", path=path)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return registry_from_data(_load_yaml(path), source=str(path))
    if suffix == ".csv":
        return registry_from_csv(path.read_text(encoding="utf-8-sig"), source=str(path))
    if suffix in (".json", ".jsonl"):
        return read_wikidata(path)
    raise RegistryError.of("E109.registry", path=path, suffix=suffix or "files without a suffix")


def _load_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise RegistryError.of("E120.yaml", path=path, reason=exc) from exc
    except ValueError as exc:  # PyYAML reads 2020-13-01 as a date and fails
        raise RegistryError.of("E120.yaml-value", path=path, reason=exc) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise RegistryError.of("E120.top", path=path)
    return data


def _actor_from_entry(entry: Any, where: str) -> Actor:
    """Check one ``actors`` entry and turn it into an :class:`Actor`."""
    if not isinstance(entry, dict):
        raise RegistryError.of("E120.entry", where=where, entry=entry)
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RegistryError.of("E120.name", where=where)
    _check_length(name.strip(), "`name`", where)
    where = f"{where} ({name})"
    kind = entry.get("type", "person")
    if kind not in ACTOR_TYPES:
        raise RegistryError.of("E120.type", where=where, kind=kind, types=", ".join(ACTOR_TYPES))
    aliases = entry.get("aliases") or []
    if isinstance(aliases, str) or not all(isinstance(a, str) for a in aliases):
        raise RegistryError.of("E120.aliases", where=where)
    for alias in aliases:
        _check_length(alias.strip(), "an alias", where)
    affiliation = entry.get("affiliation")
    if affiliation is not None and not isinstance(affiliation, str):
        raise RegistryError.of("E120.affiliation", where=where)
    if affiliation is not None:
        _check_length(affiliation.strip(), "`affiliation`", where)
    reviewed = entry.get("reviewed", False)
    if not isinstance(reviewed, bool):
        raise RegistryError.of("E120.reviewed", where=where)
    unknown = set(entry) - ACTOR_FIELDS
    if unknown:
        raise RegistryError.of("E120.fields", where=where, fields=", ".join(sorted(unknown)))
    unique = tuple(dict.fromkeys(a.strip() for a in aliases if a.strip()))
    return Actor(name.strip(), kind, unique, affiliation, reviewed)


def _check_length(value: str, field: str, where: str) -> None:
    """Refuse a name longer than the store keeps (:data:`MAX_NAME_CHARS`), naming the entry and the field."""
    if len(value) > MAX_NAME_CHARS:
        raise RegistryError.of("E306.registry", where=where, field=field, length=len(value), limit=MAX_NAME_CHARS,
                               start=value[:40])


def _memberships(value: Any, where: str, field: str) -> list[Membership]:
    """A ``party`` or ``affiliations`` value: a name (undated), or a list of names or {name, start, end}."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise RegistryError.of("E120.memberships", where=where, field=field)
    found = []
    for j, item in enumerate(items):
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or set(item) - {"name", "start", "end"}:
            raise RegistryError.of("E120.membership", where=where, field=field, index=j)
        try:
            start, end = as_date(item.get("start")), as_date(item.get("end"))
        except ValueError as exc:
            raise RegistryError.of("E120.membership-date", where=where, field=field, index=j, name=item["name"],
                                   reason=exc) from exc
        found.append(Membership(item["name"].strip(), start, end))
    return found


def _dated_from_entry(entry: Any, where: str) -> dict[str, Any]:
    """The person-level data of an ``actors`` entry: gender, parties and affiliations by date, by_surname."""
    if not isinstance(entry, dict):
        return {}
    where = f"{where} ({entry.get('name')})"
    gender = entry.get("gender")
    if gender is not None and gender not in ("m", "f"):
        raise RegistryError.of("E120.gender", where=where, gender=gender)
    by_surname = entry.get("by_surname", True)
    if not isinstance(by_surname, bool):
        raise RegistryError.of("E120.by-surname", where=where)
    return {
        "gender": gender,
        "party": _memberships(entry.get("party"), where, "party"),
        "affiliations": _memberships(entry.get("affiliations"), where, "affiliations"),
        "by_surname": by_surname,
    }


def _role_from_entry(entry: Any, where: str) -> Role:
    """Check one ``roles`` entry and turn it into a :class:`Role`."""
    if not isinstance(entry, dict) or not isinstance(entry.get("title"), str):
        raise RegistryError.of("E120.role", where=where)
    where = f"{where} ({entry['title']})"
    aliases = entry.get("aliases") or []
    if isinstance(aliases, str) or not all(isinstance(a, str) for a in aliases):
        raise RegistryError.of("E120.role-aliases", where=where)
    tenures = []
    for j, holder in enumerate(entry.get("holders") or []):
        if not isinstance(holder, dict) or not isinstance(holder.get("name"), str):
            raise RegistryError.of("E120.membership", where=where, field="holders", index=j)
        try:
            start, end = as_date(holder.get("start")), as_date(holder.get("end"))
        except ValueError as exc:
            raise RegistryError.of("E120.membership-date", where=where, field="holders", index=j, name=holder["name"],
                                   reason=exc) from exc
        tenures.append(Tenure(holder["name"], start, end))
    speaks_for = entry.get("speaks_for")
    if speaks_for is not None and not isinstance(speaks_for, str):
        raise RegistryError.of("E120.speaks-for", where=where)
    return Role(entry["title"], tuple(aliases), tuple(tenures), speaks_for)


def read_wikidata(path: str | Path, *, language: str = "en") -> ActorRegistry:
    """Read a Wikidata JSON entity dump (``.json``, or ``.jsonl`` with one entity a line).

    Raises
    ------
    stancemap.errors.RegistryError
        When the file is not JSON, not a Wikidata dump, or the registry it
        gives is not valid (e.g. an alias claimed by two entities: both named).
    """
    return registry_from_data(wikidata_data(path, language=language), source=str(path))


def registry_from_data(data: dict[str, Any], *, source: str | None = None) -> ActorRegistry:
    """Build and validate a registry from parsed YAML data.

    Raises
    ------
    stancemap.errors.RegistryError
        On a wrongly typed entry, an alias claimed by two actors, a role holder
        who is not an actor, overlapping tenures, or a capital of an unknown actor.
    """
    label = source or "registry"
    for section, kind in (("actors", list), ("roles", list), ("capitals", dict)):
        if data.get(section) is not None and not isinstance(data[section], kind):
            raise RegistryError.of("E120.section", where=label, section=section,
                                   kind="list" if kind is list else "mapping")
    entries = data.get("actors") or []
    actors = [_actor_from_entry(e, f"{label} actors[{i}]") for i, e in enumerate(entries)]
    dated = {
        a.name: _dated_from_entry(e, f"{label} actors[{i}]")
        for i, (a, e) in enumerate(zip(actors, entries, strict=False))
    }
    roles = [_role_from_entry(e, f"{label} roles[{i}]") for i, e in enumerate(data.get("roles") or [])]
    capitals = {str(k): str(v) for k, v in (data.get("capitals") or {}).items()}
    return ActorRegistry(
        actors, roles, capitals, source=source,
        parties={n: d["party"] for n, d in dated.items() if d["party"]},
        affiliations={n: d["affiliations"] for n, d in dated.items() if d["affiliations"]},
        genders={n: d["gender"] for n, d in dated.items() if d["gender"]},
        not_by_surname=[n for n, d in dated.items() if not d["by_surname"]],
    )


def registry_from_csv(text: str, *, source: str | None = None) -> ActorRegistry:
    """Build a registry of actors (no roles, no capitals) from CSV text.

    >>> reg = registry_from_csv("name,type,aliases\\nUnited States,country,US|U.S.\\n")
    >>> reg.lookup("U.S.").actor.name
    'United States'
    """
    label = source or "registry.csv"
    reader = csv.DictReader(_io.StringIO(text))
    if not reader.fieldnames or "name" not in reader.fieldnames:
        found = ", ".join(reader.fieldnames or []) or "nothing"
        raise RegistryError.of("E106.registry", where=label, found=found, header=",".join(CSV_COLUMNS))
    actors = []
    for line, record in enumerate(reader, start=2):
        row = {key: csv_uncell(value) if isinstance(value, str) else value for key, value in record.items()}
        entry: dict[str, Any] = {"name": (row.get("name") or "").strip()}
        entry["type"] = (row.get("type") or "person").strip()
        entry["aliases"] = [a.strip() for a in (row.get("aliases") or "").split(ALIAS_SEPARATOR) if a.strip()]
        entry["affiliation"] = (row.get("affiliation") or "").strip() or None
        entry["reviewed"] = (row.get("reviewed") or "").strip().lower() in ("true", "yes", "1")
        actors.append(_actor_from_entry(entry, f"{label} line {line}"))
    return ActorRegistry(actors, source=source)


def registry_to_data(registry: ActorRegistry) -> dict[str, Any]:
    """The registry as plain data, in the YAML layout that :func:`registry_from_data` reads."""
    actors = []
    for actor in registry:
        entry: dict[str, Any] = {"name": actor.name, "type": actor.type, "aliases": list(actor.aliases)}
        if actor.affiliation:
            entry["affiliation"] = actor.affiliation
        if actor.reviewed:
            entry["reviewed"] = True
        if registry.gender_of(actor.name):
            entry["gender"] = registry.gender_of(actor.name)
        for field, memberships in (("party", registry.parties_of(actor.name)),
                                   ("affiliations", registry.memberships_of(actor.name))):
            if memberships:
                entry[field] = [_membership_data(m) for m in memberships]
        if actor.name in registry.not_by_surname:
            entry["by_surname"] = False
        actors.append(entry)
    roles = []
    for role in registry.roles:
        holders = []
        for t in role.tenures:
            holder: dict[str, Any] = {"name": t.holder}
            if t.start:
                holder["start"] = t.start
            if t.end:
                holder["end"] = t.end
            holders.append(holder)
        data: dict[str, Any] = {"title": role.title, "aliases": list(role.aliases)}
        if role.speaks_for:
            data["speaks_for"] = role.speaks_for
        roles.append({**data, "holders": holders})
    return {"capitals": registry.capitals, "actors": actors, "roles": roles}


def _membership_data(membership: Membership) -> dict[str, Any]:
    found: dict[str, Any] = {"name": membership.body}
    if membership.start:
        found["start"] = membership.start
    if membership.end:
        found["end"] = membership.end
    return found


def generate_yaml(registry: ActorRegistry) -> str:
    """The registry as YAML text."""
    return yaml.safe_dump(registry_to_data(registry), sort_keys=False, allow_unicode=True)


def write_yaml(registry: ActorRegistry, path: str | Path) -> None:
    """Write the registry to ``path`` as YAML (UTF-8)."""
    Path(path).write_text(generate_yaml(registry), encoding="utf-8")


def generate_csv(registry: ActorRegistry) -> str:
    """The registry's actors as CSV text (roles and capitals are not part of the CSV layout).

    >>> print(generate_csv(registry_from_csv("name,type,aliases\\nUnited States,country,US|U.S.\\n")), end="")
    name,type,aliases,affiliation,reviewed
    United States,country,US|U.S.,,false
    """
    out = _io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for actor in registry:
        writer.writerow(csv_row(
            [actor.name, actor.type, ALIAS_SEPARATOR.join(actor.aliases), actor.affiliation or "",
             "true" if actor.reviewed else "false"]
        ))  # formula-like cells get a ' in front, removed again on import
    return out.getvalue()


def write_csv(registry: ActorRegistry, path: str | Path) -> None:
    """Write the registry's actors to ``path`` as CSV (UTF-8)."""
    Path(path).write_text(generate_csv(registry), encoding="utf-8")
