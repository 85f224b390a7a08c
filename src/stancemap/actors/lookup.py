"""Resolving a name to a registry actor: :meth:`ActorRegistry.lookup` and its steps.

:meth:`~stancemap.actors.registry.ActorRegistry.lookup` resolves a name or mention
in a fixed order, one method per step, and says which step matched and how sure it is
(the table is in :mod:`stancemap.actors.registry`). The steps read the registry's
tables; :class:`RegistryLookup` holds them and :class:`~stancemap.actors.registry.ActorRegistry`
inherits them, so that the registry module keeps to the data and its dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from rapidfuzz.fuzz import ratio
from rapidfuzz.process import extract

from stancemap.actors.roles import Role, as_date
from stancemap.models import Actor
from stancemap.names.gender import title_gender
from stancemap.names.normalise import given_names, match_keys, normalise
from stancemap.names.similarity import (
    FULL_THRESHOLD,
    is_lone_surname,
    lone_surname_score,
    person_score,
    thing_score,
    usable_lone_surname,
)

#: Confidence of each resolution method (``fuzzy`` is scaled by the similarity).
CONFIDENCE: dict[str, float] = {
    "exact": 1.0,
    "alias": 0.95,
    "title-by-date": 0.9,
    "capital": 0.85,
    "surname": 0.8,
    "fuzzy": 0.85,
}

#: most answers of ``ActorRegistry.lookup`` kept (a few MB); the cache starts afresh when full
LOOKUP_CACHE_SIZE = 20_000

#: Types that name-extractors confuse with each other ("EU" tagged as a place).
_INTERCHANGEABLE = frozenset({"country", "organisation"})


@dataclass(frozen=True)
class Resolution:
    """A name resolved to a registry actor: which actor, how, and how sure."""

    actor: Actor
    method: str
    confidence: float


def types_compatible(type_hint: str | None, actor_type: str) -> bool:
    """Whether an actor of ``actor_type`` may be meant by a mention typed ``type_hint``.

    >>> types_compatible(None, "person"), types_compatible("country", "organisation")
    (True, True)
    >>> types_compatible("person", "country"), types_compatible("group", "person")
    (False, False)
    """
    if type_hint is None or type_hint == actor_type:
        return True
    return type_hint in _INTERCHANGEABLE and actor_type in _INTERCHANGEABLE


def _keys(name: str) -> list[str]:
    """Matching keys of a name (:func:`~stancemap.names.normalise.match_keys`, built on ``name_key``)."""
    return match_keys(name)



class RegistryLookup:
    """The lookup steps of :class:`~stancemap.actors.registry.ActorRegistry`, over its tables."""

    # the registry's tables (set by ActorRegistry.__init__)
    _actors: dict[str, Actor]
    _names: dict[str, str]
    _aliases: dict[str, str]
    _surnames: dict[str, set[str]]
    _titles: dict[str, Role]
    _capitals: dict[str, str]
    _genders: dict[str, str]
    _not_by_surname: set[str]
    _lookups: dict[tuple[str, str | None, dt.date | None], Resolution | None]
    _people: tuple[list[str], list[str]] | None
    _things: dict[int, list[tuple[str, str]]] | None
    #: whether a lone surname may name a person on a day, by the dates of their roles (``ActorRegistry.salient``)
    salient: Callable[[str, dt.date | None], bool]

    def lookup(
        self, name: str, *, type_hint: str | None = None, date: dt.date | str | None = None
    ) -> Resolution | None:
        """Resolve a name or mention to a registry actor.

        Parameters
        ----------
        name : str
            A mention or name as written ("the US", "Anthony Blinkin", "Kyiv").
        type_hint : str, optional
            The type the extractor saw; fuzzy and surname matches must agree with it.
        date : datetime.date or str, optional
            The article's date; titles ("the NATO Secretary General") resolve only with one.

        Returns
        -------
        Resolution or None
            The first step that matched (see the module docstring), or ``None``.
        """
        day = as_date(date) if date is not None else None
        asked = (name, type_hint, day)
        if asked in self._lookups:
            return self._lookups[asked]
        if len(self._lookups) >= LOOKUP_CACHE_SIZE:
            self._lookups.clear()
        self._lookups[asked] = found = self._resolve(name, type_hint, day)
        return found

    def _resolve(self, name: str, type_hint: str | None, day: dt.date | None) -> Resolution | None:
        steps: tuple[Callable[[str, str | None, dt.date | None], Resolution | None], ...] = (
            self._by_exact_name,
            self._by_alias,
            self._by_title,
            self._by_capital,
            self._by_lone_surname,
            self._by_fuzzy_person,
            self._by_fuzzy_thing,
        )
        for step in steps:
            found = step(name, type_hint, day)
            if found is not None:
                return found
        return None

    def _resolution(self, name: str, method: str, score: float = 100.0) -> Resolution:
        confidence = CONFIDENCE[method] * (score / 100.0 if method == "fuzzy" else 1.0)
        return Resolution(self._actors[name], method, round(confidence, 4))

    def _by_exact_name(self, name: str, type_hint: str | None, day: dt.date | None) -> Resolution | None:
        for key in _keys(name):
            if key in self._names:
                return self._resolution(self._names[key], "exact")
        return None

    def _by_alias(self, name: str, type_hint: str | None, day: dt.date | None) -> Resolution | None:
        for key in _keys(name):
            if key in self._aliases:
                return self._resolution(self._aliases[key], "alias")
        return None

    def _by_title(self, name: str, type_hint: str | None, day: dt.date | None) -> Resolution | None:
        # a whole role title is strong evidence: extractors often type "the NATO
        # Secretary General" as an organisation because of "NATO", so the hint is not used
        if day is None:
            return None
        role = self._titles.get(normalise(name, titles=False))
        holder = role.holder_on(day) if role else None
        return self._resolution(holder, "title-by-date") if holder else None

    def _by_capital(self, name: str, type_hint: str | None, day: dt.date | None) -> Resolution | None:
        if type_hint == "person":
            return None
        for key in _keys(name):
            if key in self._capitals:
                return self._resolution(self._capitals[key], "capital")
        return None

    def _by_lone_surname(self, name: str, type_hint: str | None, day: dt.date | None) -> Resolution | None:
        key = normalise(name)
        if type_hint not in (None, "person") or not is_lone_surname(key) or not usable_lone_surname(key):
            return None
        gender = title_gender(name.split()[0]) if name.split() else None
        people = holders = {p for p in self._surnames.get(key, set()) if self.salient(p, day)}
        if gender is not None:  # "Mrs. Obama": a title's gender rules people out, and lets in those it names
            people = {p for p in people if self._genders.get(p) in (None, gender)}
            titled = {p for p in people if self._genders.get(p) == gender}
            people = titled if len(titled) == 1 and titled & self._not_by_surname else people
        else:
            people -= self._not_by_surname
        if len(people) == 1:
            return self._resolution(next(iter(people)), "surname")
        if people or holders:  # shared by several registry people (or a title's gender rules them out): no guess
            return None
        scored = {
            person: score
            for sur, persons in self._surnames.items()
            for person in persons
            if (score := lone_surname_score(key, sur)) and self.salient(person, day)
            and self._genders.get(person) in (None, gender or self._genders.get(person))
        }
        return self._best(scored)

    def _by_fuzzy_person(self, name: str, type_hint: str | None, day: dt.date | None) -> Resolution | None:
        key = normalise(name)
        if type_hint not in (None, "person") or is_lone_surname(key):
            return None
        if self._people is None:
            pairs = list(self._name_keys(people=True))
            self._people = ([k for k, _ in pairs], [n for _, n in pairs])
        keys, people = self._people
        near: Sequence[int]
        if all(len(w) == 1 for w in given_names(key).split()):  # "j borrell": judged on the surname
            near = range(len(keys))
        else:  # a whole-name score below the threshold rules a candidate out: let rapidfuzz skip those
            near = [i for _k, _s, i in extract(key, keys, scorer=ratio, score_cutoff=FULL_THRESHOLD, limit=None)]
        scored: dict[str, float] = {}
        for i in near:
            score = person_score(key, keys[i])
            if score > scored.get(people[i], 0.0):
                scored[people[i]] = score
        return self._best(scored)

    def _by_fuzzy_thing(self, name: str, type_hint: str | None, day: dt.date | None) -> Resolution | None:
        key = normalise(name)
        if type_hint == "person":
            return None
        if self._things is None:
            self._things = {}
            for candidate_key, candidate in self._name_keys(people=False):
                self._things.setdefault(len(candidate_key.split()), []).append((candidate_key, candidate))
        scored: dict[str, float] = {}
        # names of another number of words never score (thing_score compares word by word)
        for candidate_key, candidate in self._things.get(len(key.split()), ()):
            if not types_compatible(type_hint, self._actors[candidate].type):
                continue
            score = thing_score(key, candidate_key)
            if score > scored.get(candidate, 0.0):
                scored[candidate] = score
        return self._best(scored)

    def _name_keys(self, *, people: bool) -> Iterator[tuple[str, str]]:
        """``(key, actor name)`` of every name and alias of people (or of every other actor)."""
        for table in (self._names, self._aliases):
            for key, name in table.items():
                if (self._actors[name].type == "person") == people:
                    yield key, name

    def _best(self, scored: dict[str, float], margin: float = 3.0) -> Resolution | None:
        """The best fuzzy candidate, or ``None`` when there is none or two are close."""
        ranked = sorted(((s, n) for n, s in scored.items() if s > 0), reverse=True)
        if not ranked or (len(ranked) > 1 and ranked[0][0] - ranked[1][0] < margin):
            return None
        score, name = ranked[0]
        return self._resolution(name, "fuzzy", score)
