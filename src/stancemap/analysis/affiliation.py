"""The line an actor is compared with in a timeline: their affiliation on the statement's date.

A timeline flags a statement ``against-affiliation`` when the actor's
organisation or country said the opposite close in time. Which organisation
depends on the date: Donald Trump in October 2016 is compared with the
Republican Party, from 20 January 2017 with the United States (while he holds
an office speaking for it); Kellyanne Conway in September 2016 with the Trump
campaign. :func:`affiliation_for` gives that name, from the registry's dated
affiliations (:meth:`ActorRegistry.affiliation_at`), falling back to the
actor's stored record for actors the registry does not know.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping

from stancemap.actors.io import default_registry
from stancemap.actors.registry import ActorRegistry
from stancemap.models import Actor


def affiliation_for(
    actor: str,
    date: dt.date | str | None,
    *,
    registry: ActorRegistry | None = None,
    actors: Iterable[Actor] | Mapping[str, Actor] | None = None,
) -> str | None:
    """The affiliation whose line ``actor``'s statement of ``date`` is compared with.

    Parameters
    ----------
    actor : str
        Canonical actor name (any case for the stored records).
    date : datetime.date or str or None
        The statement's date; ``None`` gives the undated affiliation.
    registry : ActorRegistry, optional
        Dated parties, offices and organisations; defaults to the starter registry.
    actors : list of Actor or mapping, optional
        Stored actor records, used for actors the registry does not know
        (their ``affiliation``, undated).

    Returns
    -------
    str or None
        The organisation, party or country, or ``None`` when nothing is known.

    Examples
    --------
    >>> reg = default_registry()
    >>> affiliation_for("Donald Trump", "2016-10-09", registry=reg)
    'Republican Party'
    >>> affiliation_for("Donald Trump", "2017-03-01", registry=reg)
    'United States'
    >>> affiliation_for("Ada Quill", "2016-10-09", registry=reg, actors=[Actor("Ada Quill", affiliation="Lantern")])
    'Lantern'
    """
    registry = registry if registry is not None else default_registry()
    if actor in registry:
        return registry.affiliation_at(actor, date)
    if actors is None:
        return None
    records = actors if isinstance(actors, Mapping) else {a.name: a for a in actors}
    record = records.get(actor) or next((a for a in records.values() if a.name.casefold() == actor.casefold()), None)
    if record is not None and record.name in registry:
        return registry.affiliation_at(record.name, date)
    return record.affiliation if record is not None else None


def affiliation_resolver(
    registry: ActorRegistry | None = None, actors: Iterable[Actor] | Mapping[str, Actor] | None = None
) -> Callable[[str, dt.date | None], str | None]:
    """:func:`affiliation_for` with the registry and records bound, answers remembered.

    >>> at = affiliation_resolver(default_registry())
    >>> at("Kellyanne Conway", dt.date(2016, 9, 1)), at("Kellyanne Conway", dt.date(2017, 3, 1))
    ('Donald J. Trump for President', 'United States')
    """
    registry = registry if registry is not None else default_registry()
    records = None if actors is None else (dict(actors) if isinstance(actors, Mapping) else {a.name: a for a in actors})
    seen: dict[tuple[str, dt.date | None], str | None] = {}

    def at(actor: str, date: dt.date | None) -> str | None:
        key = (actor, date)
        if key not in seen:
            seen[key] = affiliation_for(actor, date, registry=registry, actors=records)
        return seen[key]

    return at
