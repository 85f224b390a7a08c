"""Read Wikidata JSON entity dumps into a registry: labels, aliases, types, parties, positions held.

The input is the shape of ``Special:EntityData/Q42.json`` and of the entity
dumps: ``{"entities": {"Q...": {"labels": ..., "aliases": ..., "claims": ...}}}``
(a JSON Lines dump, one entity per line, is read too). From each entity:

=========================  ==================================================
Wikidata                   registry
=========================  ==================================================
``labels[lang]``           canonical name
``aliases[lang]``          aliases
``P31`` instance of        type: human -> person, country or state -> country,
                           anything else that is not a position -> organisation
``P102`` party, ``P27``    affiliation: the current party if the party is in the
citizenship                dump, else the country of citizenship if it is
``P39`` position held      a role per position (its label and aliases as title),
with P580/P582             holders with start and end dates
=========================  ==================================================

Positions and parties are named by their labels, so they must be in the dump;
claims naming entities that are not are skipped. Deprecated claims are skipped.
Dates of month or year precision take the first day of the month or year.

Examples
--------
>>> dump = {"entities": {
...   "Q1": {"labels": {"en": {"value": "Ada Example"}}, "aliases": {"en": [{"value": "A. Example"}]},
...          "claims": {"P31": [{"mainsnak": {"datavalue": {"value": {"id": "Q5"}}}}]}}}}
>>> data = wikidata_to_data(dump)
>>> data["actors"]
[{'name': 'Ada Example', 'type': 'person', 'aliases': ['A. Example']}]
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from stancemap.errors import RegistryError

#: ``P31`` values (instance of) and the actor type they give.
PERSON_CLASSES: frozenset[str] = frozenset({"Q5"})
COUNTRY_CLASSES: frozenset[str] = frozenset(
    {"Q6256", "Q3624078", "Q7275", "Q3024240", "Q1520223", "Q112099", "Q15634554"}
)
#: ``P31`` values of positions (offices); such entities are role titles, not actors.
POSITION_CLASSES: frozenset[str] = frozenset({"Q4164871", "Q294414", "Q30461", "Q4175034", "Q48352", "Q303618"})


def _value(snak: dict[str, Any]) -> Any:
    return ((snak or {}).get("datavalue") or {}).get("value")


def _claims(entity: dict[str, Any], prop: str) -> list[dict[str, Any]]:
    return [c for c in (entity.get("claims") or {}).get(prop) or [] if c.get("rank") != "deprecated"]


def _ids(entity: dict[str, Any], prop: str) -> list[str]:
    found = []
    for claim in _claims(entity, prop):
        value = _value(claim.get("mainsnak") or {})
        if isinstance(value, dict) and value.get("id"):
            found.append(str(value["id"]))
    return found


def _label(entity: dict[str, Any], language: str) -> str | None:
    label = (entity.get("labels") or {}).get(language)
    value = label.get("value") if isinstance(label, dict) else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def _aliases(entity: dict[str, Any], language: str) -> list[str]:
    found = []
    for alias in (entity.get("aliases") or {}).get(language) or []:
        value = alias.get("value") if isinstance(alias, dict) else None
        if isinstance(value, str) and value.strip() and value.strip() not in found:
            found.append(value.strip())
    return found


def wikidata_time(value: Any) -> dt.date | None:
    """A Wikidata time value (``{"time": "+2017-01-20T00:00:00Z", ...}``) as a date.

    >>> wikidata_time({"time": "+2017-01-20T00:00:00Z", "precision": 11})
    datetime.date(2017, 1, 20)
    >>> wikidata_time({"time": "+2009-00-00T00:00:00Z", "precision": 9})
    datetime.date(2009, 1, 1)
    """
    text = value.get("time") if isinstance(value, dict) else value
    if not isinstance(text, str) or not text.startswith("+"):
        return None
    try:
        year, month, day = text[1:11].split("-")
        return dt.date(int(year), max(int(month), 1), max(int(day), 1))
    except ValueError:
        return None


def _qualifier_date(claim: dict[str, Any], prop: str) -> dt.date | None:
    for snak in (claim.get("qualifiers") or {}).get(prop) or []:
        found = wikidata_time(_value(snak))
        if found is not None:
            return found
    return None


def _kind(entity: dict[str, Any]) -> str | None:
    classes = set(_ids(entity, "P31"))
    if classes & POSITION_CLASSES:
        return None
    if classes & PERSON_CLASSES:
        return "person"
    if classes & COUNTRY_CLASSES:
        return "country"
    return "organisation"


def _entities(dump: Any, where: str) -> dict[str, dict[str, Any]]:
    if isinstance(dump, dict) and isinstance(dump.get("entities"), dict):
        return {str(k): v for k, v in dump["entities"].items() if isinstance(v, dict)}
    if isinstance(dump, list):
        return {str(e.get("id", i)): e for i, e in enumerate(dump) if isinstance(e, dict)}
    raise RegistryError.of("E120.wikidata", where=where)


def _merge_tenures(tenures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Join one holder's back-to-back or overlapping terms (Wikidata lists each term)."""
    ordered = sorted(tenures, key=lambda t: (t["name"], t.get("start") or dt.date.min))
    joined: list[dict[str, Any]] = []
    for tenure in ordered:
        last = joined[-1] if joined else None
        if (
            last is not None
            and last["name"] == tenure["name"]
            and last.get("end") is not None
            and (tenure.get("start") is None or tenure["start"] <= last["end"] + dt.timedelta(days=1))
        ):
            end = tenure.get("end")
            last["end"] = None if end is None else max(end, last["end"])
            if last["end"] is None:
                last.pop("end")
            continue
        joined.append(dict(tenure))
    return sorted(joined, key=lambda t: t.get("start") or dt.date.min)


def wikidata_to_data(dump: Any, *, language: str = "en", source: str | None = None) -> dict[str, Any]:
    """Registry data (``actors``, ``roles``) from a parsed Wikidata dump.

    Raises
    ------
    stancemap.errors.RegistryError
        When the dump does not have the Wikidata shape.
    """
    where = source or "Wikidata dump"
    entities = _entities(dump, where)
    labels = {qid: _label(e, language) for qid, e in entities.items()}
    kinds = {qid: _kind(e) for qid, e in entities.items()}
    actors = []
    roles: dict[str, dict[str, Any]] = {}
    for qid, entity in entities.items():
        name, kind = labels[qid], kinds[qid]
        if name is None or kind is None:
            continue
        entry: dict[str, Any] = {"name": name, "type": kind, "aliases": _aliases(entity, language)}
        if kind == "person":
            parties = [p for p in _current(entity, "P102") if labels.get(p) and kinds.get(p)]
            countries = [c for c in _ids(entity, "P27") if labels.get(c) and kinds.get(c)]
            affiliation = next(iter(parties or countries), None)
            if affiliation:
                entry["affiliation"] = labels[affiliation]
        actors.append(entry)
        for claim in _claims(entity, "P39"):
            position = _value(claim.get("mainsnak") or {})
            pid = position.get("id") if isinstance(position, dict) else None
            title = labels.get(pid) if pid else None
            if not title or pid not in entities:
                continue
            role = roles.setdefault(pid, {"title": title, "aliases": _aliases(entities[pid], language), "holders": []})
            holder: dict[str, Any] = {"name": name}
            start, end = _qualifier_date(claim, "P580"), _qualifier_date(claim, "P582")
            if start:
                holder["start"] = start
            if end:
                holder["end"] = end
            role["holders"].append(holder)
    for role in roles.values():
        role["holders"] = _merge_tenures(role["holders"])
    return {"actors": actors, "roles": list(roles.values()), "capitals": {}}


def _current(entity: dict[str, Any], prop: str) -> list[str]:
    """Values of ``prop`` whose claim has no end date (P582), preferred rank first."""
    found = []
    for claim in sorted(_claims(entity, prop), key=lambda c: c.get("rank") != "preferred"):
        value = _value(claim.get("mainsnak") or {})
        if isinstance(value, dict) and value.get("id") and _qualifier_date(claim, "P582") is None:
            found.append(str(value["id"]))
    return found


def wikidata_data(path: str | Path, *, language: str = "en") -> dict[str, Any]:
    """Read a Wikidata JSON entity dump (``.json``, or ``.jsonl`` with one entity a line) as registry data.

    :func:`stancemap.actors.io.read_wikidata` makes the registry from it.

    Raises
    ------
    stancemap.errors.RegistryError
        When the file is not JSON or not a Wikidata dump.
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8-sig")
    try:
        if path.suffix.lower() == ".jsonl":
            dump: Any = [json.loads(line) for line in text.splitlines() if line.strip()]
        else:
            dump = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RegistryError.of("E105.wikidata", path=path, reason=exc) from exc
    return wikidata_to_data(dump, language=language, source=str(path))
