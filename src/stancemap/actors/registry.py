"""The actor registry: canonical actors, their aliases, roles over time and capitals.

:meth:`ActorRegistry.lookup` resolves a name or mention in a fixed order, one
method per step, and says which step matched and how sure it is:

=================  =============================================  ==========
method             what matched                                   confidence
=================  =============================================  ==========
``exact``          the canonical name ("Josep Borrell")           1.0
``alias``          a listed alias ("U.S.", "Tony Blinken")        0.95
``title-by-date``  a role on the article's date                   0.9
                   ("the NATO Secretary General" on 2024-05-28)
``capital``        a seat of government ("Kyiv", "the Kremlin")   0.85
``surname``        a lone surname that exactly one registry       0.8
                   person has ("Stoltenberg")
``fuzzy``          a misspelling or transliteration               0.85 x score
                   ("Anthony Blinkin", "Zelenskiy")
=================  =============================================  ==========

Affiliations by date: :meth:`ActorRegistry.affiliation_at` gives what a person
acted for on a day: the country or organisation of an office they held that
speaks for it (a role's ``speaks_for``), else an organisation listed with dates
(a campaign), else their party on that day, else the undated ``affiliation``.

The registry itself is plain data; :mod:`stancemap.actors.io` reads and writes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping

from stancemap.actors.lookup import (
    CONFIDENCE,
    LOOKUP_CACHE_SIZE,
    RegistryLookup,
    Resolution,
    _keys,
    types_compatible,
)
from stancemap.actors.roles import Membership, Role, as_date, member_on
from stancemap.errors import RegistryError
from stancemap.models import ACTOR_TYPES, Actor
from stancemap.names.normalise import REGNAL_NUMBERS, normalise, surname

# the lookup's names stay importable from here, where they were defined before stancemap.actors.lookup
__all__ = ["ActorRegistry", "CONFIDENCE", "LOOKUP_CACHE_SIZE", "Resolution", "SALIENCE_YEARS", "types_compatible"]

#: Years before a person's first role and after their last in which a lone surname may name them.
SALIENCE_YEARS = 2


class ActorRegistry(RegistryLookup):
    """Canonical actors in memory, with aliases, roles over time and capitals.

    Parameters
    ----------
    actors : iterable of Actor
        Added in order with :meth:`add`.
    roles : iterable of Role
        Added with :meth:`add_role`; their holders must be among ``actors``.
    capitals : mapping of str to str
        Place or seat of government -> canonical actor name.
    source : str, optional
        The file the data came from, named in error messages.
    parties, affiliations : mapping of str to sequence of Membership, optional
        A person's parties, and the organisations they acted for, by date
        (see :meth:`add_membership`).
    genders : mapping of str to str, optional
        A person's gender, ``"m"`` or ``"f"``.
    not_by_surname : iterable of str, optional
        People whom a lone surname never names unless a title gives their gender
        ("Obama" is Barack Obama, "Mrs. Obama" Michelle Obama).

    Raises
    ------
    stancemap.errors.RegistryError
        If an alias is claimed by two actors, a role names an unknown holder or
        has overlapping tenures, or a capital names an unknown actor.

    Examples
    --------
    >>> from stancemap.models import Actor
    >>> reg = ActorRegistry([Actor("United States", "country", aliases=("US", "U.S."))])
    >>> found = reg.lookup("the U.S.")
    >>> found.actor.name, found.method, found.confidence
    ('United States', 'alias', 0.95)
    >>> reg.lookup("Hunter Biden") is None
    True
    """

    def __init__(
        self,
        actors: Iterable[Actor] = (),
        roles: Iterable[Role] = (),
        capitals: dict[str, str] | None = None,
        *,
        source: str | None = None,
        parties: Mapping[str, Iterable[Membership]] | None = None,
        affiliations: Mapping[str, Iterable[Membership]] | None = None,
        genders: Mapping[str, str] | None = None,
        not_by_surname: Iterable[str] = (),
    ) -> None:
        self.source = source
        self._parties: dict[str, tuple[Membership, ...]] = {}
        self._memberships: dict[str, tuple[Membership, ...]] = {}  # organisations acted for, by date
        self._genders: dict[str, str] = {}
        self._not_by_surname: set[str] = set()
        self._actors: dict[str, Actor] = {}
        self._names: dict[str, str] = {}  # key of a canonical name -> name
        self._aliases: dict[str, str] = {}  # key of an alias -> canonical name
        self._surnames: dict[str, set[str]] = {}  # surname -> person names
        self._roles: list[Role] = []
        self._titles: dict[str, Role] = {}  # key of a title or title alias -> role
        self._capitals: dict[str, str] = {}  # key of a place -> canonical name
        self._capital_text: dict[str, str] = {}
        # answers of lookup(), which a corpus asks again and again ("Trump", "the White House");
        # emptied whenever an actor, role or capital is added
        self._lookups: dict[tuple[str, str | None, dt.date | None], Resolution | None] = {}
        self._people: tuple[list[str], list[str]] | None = None  # keys of people's names and aliases, and whose
        # keys of the other actors' names and aliases, and whose, by number of words
        self._things: dict[int, list[tuple[str, str]]] | None = None
        for actor in actors:
            self.add(actor)
        for role in roles:
            self.add_role(role)
        for place, name in (capitals or {}).items():
            self.add_capital(place, name)
        for table, party in ((parties, True), (affiliations, False)):
            for name, memberships in (table or {}).items():
                for membership in memberships:
                    self.add_membership(name, membership, party=party)
        for name, gender in (genders or {}).items():
            self.set_gender(name, gender)
        for name in not_by_surname:
            self.set_by_surname(name, False)

    # -- construction ----------------------------------------------------------------

    def _changed(self) -> None:
        """Forget what was worked out from the actors, roles and capitals (they changed)."""
        self._lookups.clear()
        self._people = None
        self._things = None

    def _where(self) -> str:
        return f"{self.source}: " if self.source else ""

    def _claim(self, key: str, name: str, written: str, table: dict[str, str]) -> None:
        """Give ``key`` to actor ``name``; raise if another actor holds it."""
        other = self._names.get(key) or self._aliases.get(key)
        if other is not None and other != name:
            raise RegistryError.of("E120.alias-both", where=self._where(), alias=written, other=other, name=name)
        table.setdefault(key, name)

    def add(self, actor: Actor) -> Actor:
        """Add an actor; its name and aliases become matching keys.

        Raises
        ------
        stancemap.errors.RegistryError
            If the type is unknown, the name is empty or already listed, or an
            alias (or the name) is already claimed by a different actor.
        """
        if not isinstance(actor.name, str) or not normalise(actor.name):
            raise RegistryError.of("E120.empty-name", where=self._where())
        if actor.type not in ACTOR_TYPES:
            raise RegistryError.of("E120.actor-type", where=self._where(), name=actor.name, kind=actor.type,
                                   types=", ".join(ACTOR_TYPES))
        if actor.name in self._actors:
            raise RegistryError.of("E120.actor-twice", where=self._where(), name=actor.name)
        for key in _keys(actor.name):
            self._claim(key, actor.name, actor.name, self._names)
        for alias in actor.aliases:
            for key in _keys(alias):
                self._claim(key, actor.name, alias, self._aliases)
        self._actors[actor.name] = actor
        self._changed()
        if actor.type == "person" and normalise(actor.name).split()[-1] not in REGNAL_NUMBERS:
            self._surnames.setdefault(surname(actor.name), set()).add(actor.name)
        return actor

    def add_role(self, role: Role) -> Role:
        """Add a role held over time.

        Raises
        ------
        stancemap.errors.RegistryError
            If a holder is not a registry actor, tenures overlap, or the title
            (or one of its aliases) is already another role's.
        """
        if role.speaks_for is not None and role.speaks_for not in self._actors:
            raise RegistryError.of("E120.speaker-unknown", where=self._where(), title=role.title,
                                   speaks_for=role.speaks_for)
        for tenure in role.tenures:
            if tenure.holder not in self._actors:
                raise RegistryError.of("E120.holder-unknown", where=self._where(), title=role.title,
                                       holder=tenure.holder)
        problems = role.problems()
        if problems:
            raise RegistryError.of("E120.role-dates", where=self._where(), problem=problems[0])
        for written in (role.title, *role.aliases):
            key = normalise(written, titles=False)
            other = self._titles.get(key)
            if other is not None and other.title != role.title:
                raise RegistryError.of("E120.title-claimed", where=self._where(), title=written, other=other.title,
                                       role=role.title)
            if key:
                self._titles[key] = role
        self._roles.append(role)
        self._changed()
        return role

    def add_capital(self, place: str, name: str) -> None:
        """Let ``place`` ("Kyiv", "the Kremlin") stand for actor ``name`` when it speaks.

        Raises
        ------
        stancemap.errors.RegistryError
            If ``name`` is not a registry actor, or ``place`` is another actor's alias.
        """
        if name not in self._actors:
            raise RegistryError.of("E120.capital-unknown", where=self._where(), place=place, name=name)
        for key in _keys(place):
            other = self._names.get(key) or self._aliases.get(key) or self._capitals.get(key)
            if other is not None and other != name:
                raise RegistryError.of("E120.capital-alias", where=self._where(), place=place, other=other)
            self._capitals[key] = name
            self._capital_text.setdefault(key, place)
        self._changed()

    def _person(self, name: str, what: str) -> None:
        actor = self._actors.get(name)
        if actor is None or actor.type != "person":
            raise RegistryError.of("E120.not-person", where=self._where(), what=what, name=name)

    def add_membership(self, name: str, membership: Membership, *, party: bool = False) -> Membership:
        """Record that person ``name`` belonged to a party, or acted for an organisation, over a time.

        A country is never listed this way: a person acts for a country only while
        holding an office that speaks for it (a role with ``speaks_for``).

        Raises
        ------
        stancemap.errors.RegistryError
            If ``name`` is not a registry person, the body is not a registry
            organisation (or is a country), the dates are reversed, or two parties overlap.
        """
        what = "a party" if party else "an affiliation"
        self._person(name, what)
        body = self._actors.get(membership.body)
        if body is None or body.type != "organisation":
            if body is not None and body.type == "country":
                raise RegistryError.of("E120.affiliation-country", where=self._where(), name=name, what=what,
                                       body=membership.body)
            raise RegistryError.of("E120.not-organisation", where=self._where(), name=name, what=what,
                                   body=membership.body)
        if membership.start and membership.end and membership.end < membership.start:
            raise RegistryError.of("E120.membership-order", where=self._where(), name=name, what=what,
                                   body=membership.body, end=membership.end, start=membership.start)
        table = self._parties if party else self._memberships
        if party:
            for other in table.get(name, ()):
                if _overlap(other, membership) and other.body != membership.body:
                    raise RegistryError.of(
                        "E120.party-overlap", where=self._where(), name=name,
                        other=other.body, other_start=other.start or "...", other_end=other.end or "...",
                        party=membership.body, start=membership.start or "...", end=membership.end or "...",
                    )
        table[name] = (*table.get(name, ()), membership)
        return membership

    def set_gender(self, name: str, gender: str | None) -> None:
        """Set person ``name``'s gender, ``"m"``, ``"f"`` or ``None`` (unknown).

        Raises
        ------
        stancemap.errors.RegistryError
            If ``name`` is not a registry person or the gender is not m or f.
        """
        self._person(name, "a gender")
        if gender is None:
            self._genders.pop(name, None)
            return
        if gender not in ("m", "f"):
            raise RegistryError.of("E120.gender-value", where=self._where(), name=name, gender=gender)
        self._genders[name] = gender
        self._changed()

    def set_by_surname(self, name: str, allowed: bool) -> None:
        """Whether a lone surname (without a title giving the gender) may name person ``name``."""
        self._person(name, "`by_surname`")
        (self._not_by_surname.discard if allowed else self._not_by_surname.add)(name)
        self._changed()

    # -- access ------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._actors)

    def __iter__(self) -> Iterator[Actor]:
        return iter(self._actors.values())

    def __contains__(self, name: object) -> bool:
        return name in self._actors

    def get(self, name: str) -> Actor | None:
        """The actor whose canonical name is exactly ``name``, or ``None``."""
        return self._actors.get(name)

    @property
    def actors(self) -> tuple[Actor, ...]:
        return tuple(self._actors.values())

    @property
    def roles(self) -> tuple[Role, ...]:
        return tuple(self._roles)

    @property
    def not_by_surname(self) -> frozenset[str]:
        """People whom a lone surname names only with a title of their gender ("Mrs. Obama")."""
        return frozenset(self._not_by_surname)

    @property
    def capitals(self) -> dict[str, str]:
        """Place as first written -> canonical actor name."""
        return {self._capital_text[k]: v for k, v in self._capitals.items() if self._capital_text[k]}

    def country_forms(self) -> dict[str, str]:
        """Written forms of the registry's countries -> country name: names, aliases and capitals.

        >>> from stancemap.actors.io import default_registry
        >>> default_registry().country_forms()["U.S."]
        'United States'
        """
        forms: dict[str, str] = {}
        for actor in self._actors.values():
            if actor.type == "country":
                for written in (actor.name, *actor.aliases):
                    forms.setdefault(written, actor.name)
        for key, name in self._capitals.items():
            capital = self._capital_text.get(key)
            if capital and self._actors[name].type == "country":
                forms.setdefault(capital, name)
        return forms

    def holder(self, title: str, date: dt.date | str) -> Actor | None:
        """The actor who held role ``title`` (or one of its aliases) on ``date``.

        >>> from stancemap.actors.io import default_registry
        >>> reg = default_registry()
        >>> reg.holder("the US Secretary of State", "2024-05-28").name
        'Antony Blinken'
        """
        role = self._titles.get(normalise(title, titles=False))
        day = as_date(date)
        if role is None or day is None:
            return None
        name = role.holder_on(day)
        return self._actors.get(name) if name else None

    def roles_of(self, name: str) -> list[tuple[Role, dt.date | None, dt.date | None]]:
        """The roles ``name`` held, as (role, start, end) in order of start."""
        found = [(r, t.start, t.end) for r in self._roles for t in r.tenures if t.holder == name]
        return sorted(found, key=lambda x: x[1] or dt.date.min)

    # -- affiliations by date ------------------------------------------------------

    def _canonical(self, name: str) -> str | None:
        if name in self._actors:
            return name
        found = self.lookup(name)
        return found.actor.name if found is not None and found.method in ("exact", "alias") else None

    def canonical_name(self, name: str) -> str:
        """The registry's name for ``name`` when it is an actor's name or alias, else ``name`` as it stands.

        >>> from stancemap.actors.io import default_registry
        >>> default_registry().canonical_name("Trump campaign"), default_registry().canonical_name("Jo Bloggs")
        ('Donald J. Trump for President', 'Jo Bloggs')
        """
        return self._canonical(name) or name

    def gender_of(self, name: str) -> str | None:
        """A registry person's gender (``"m"`` or ``"f"``), or ``None`` when not recorded.

        >>> from stancemap.actors.io import default_registry
        >>> default_registry().gender_of("Hillary Clinton")
        'f'
        """
        canonical = self._canonical(name)
        return self._genders.get(canonical) if canonical else None

    def parties_of(self, name: str) -> tuple[Membership, ...]:
        """A person's party memberships as recorded (in the order given)."""
        canonical = self._canonical(name)
        return self._parties.get(canonical, ()) if canonical else ()

    def memberships_of(self, name: str) -> tuple[Membership, ...]:
        """The organisations a person acted for outside any office, with dates."""
        canonical = self._canonical(name)
        return self._memberships.get(canonical, ()) if canonical else ()

    def party_at(self, name: str, date: dt.date | str | None) -> str | None:
        """The party ``name`` belonged to on ``date``; without a date, their only party if they had one.

        >>> from stancemap.actors.io import default_registry
        >>> reg = default_registry()
        >>> reg.party_at("Donald Trump", "2016-10-09"), reg.party_at("Bernie Sanders", "2018-01-01")
        ('Republican Party', None)
        """
        parties = self.parties_of(name)
        day = as_date(date)
        if day is None:
            bodies = {m.body for m in parties}
            return next(iter(bodies)) if len(bodies) == 1 else None
        return member_on(parties, day)

    def office_at(self, name: str, date: dt.date | str | None) -> Role | None:
        """The role speaking for a country or organisation that ``name`` held on ``date``, or ``None``.

        >>> from stancemap.actors.io import default_registry
        >>> default_registry().office_at("Antony Blinken", "2024-05-28").title
        'US Secretary of State'
        """
        canonical = self._canonical(name)
        day = as_date(date)
        if canonical is None or day is None:
            return None
        for role in self._roles:
            if role.speaks_for and role.holder_on(day) == canonical:
                return role
        return None

    def affiliation_at(self, name: str, date: dt.date | str | None) -> str | None:
        """What ``name`` acted for on ``date``: office, then organisation, then party, then undated affiliation.

        1. the country or organisation an office held on that day speaks for
           (the US President for the United States, the FBI Director for the FBI);
        2. an organisation listed for the person with dates covering the day (a campaign);
        3. the person's party on that day;
        4. the undated ``affiliation`` of the registry entry (the old single key).

        Without a date, only the undated affiliation, or else the person's only party.
        An actor the registry does not know gives ``None``.

        >>> from stancemap.actors.io import default_registry
        >>> reg = default_registry()
        >>> reg.affiliation_at("Donald Trump", "2016-10-09"), reg.affiliation_at("Donald Trump", "2017-06-01")
        ('Republican Party', 'United States')
        >>> reg.affiliation_at("Antony Blinken", "2024-05-28"), reg.affiliation_at("Jens Stoltenberg", "2024-05-28")
        ('United States', 'NATO')
        """
        canonical = self._canonical(name)
        if canonical is None:
            return None
        day = as_date(date)
        if day is not None:
            office = self.office_at(canonical, day)
            if office is not None:
                return office.speaks_for
            found = member_on(self._memberships.get(canonical, ()), day) or member_on(
                self._parties.get(canonical, ()), day)
            if found:
                return found
        actor = self._actors[canonical]
        return actor.affiliation or (self.party_at(canonical, None) if day is None else None)

    # -- dates -----------------------------------------------------------------------

    def salient(self, name: str, day: dt.date | None) -> bool:
        """Whether a lone surname may name ``name`` in an article of ``day``.

        A person with roles is taken to be known by surname alone only from
        :data:`SALIENCE_YEARS` before their first role to as long after their
        last ("Wallace" in 2016 is not Ben Wallace, UK Defence Secretary from
        2019). People without roles, and articles without a date, are not limited.
        """
        held = self.roles_of(name)
        if day is None or not held:
            return True
        margin = dt.timedelta(days=round(365.25 * SALIENCE_YEARS))
        return any(
            (start is None or start - margin <= day) and (end is None or day <= end + margin)
            for _role, start, end in held
        )


def _overlap(a: Membership, b: Membership) -> bool:
    """Whether two memberships share a day (open ends reach forever)."""
    a_before_b_ends = a.start is None or b.end is None or a.start <= b.end
    b_before_a_ends = b.start is None or a.end is None or b.start <= a.end
    return a_before_b_ends and b_before_a_ends
