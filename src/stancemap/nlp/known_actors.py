"""What speaker resolution asks of an actor registry (:class:`KnownActors`), passed in by the caller.

:mod:`stancemap.nlp` sits below :mod:`stancemap.actors` and never imports it. The pipeline
(:mod:`stancemap.pipeline`) passes the starter registry
(:func:`stancemap.actors.io.shared_starter_registry`) to
:func:`stancemap.nlp.extract.extract_many`; any object with the methods below will do (an
:class:`~stancemap.actors.registry.ActorRegistry` has them). The registry tells genders of
known people, the written forms of countries ("U.S."), role titles and their holders, party
memberships and campaign organisations, and whether a headline's capitals are a known name.

Without one, the extractor knows no actors (:data:`NO_ACTORS`) and names speakers from the
text alone. The registry is only read; answers that do not depend on a name (its countries'
written forms, its role titles) are kept per registry object, so pass one that does not change.

>>> NO_ACTORS.lookup("Barack Obama") is None, NO_ACTORS.country_forms()
(True, {})
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Protocol

from stancemap.models import Actor

__all__ = ["NO_ACTORS", "KnownActors", "KnownMatch", "KnownMembership", "KnownRole", "KnownTenure", "NoActors"]


class KnownMatch(Protocol):
    """A name found in the registry: the actor, and how it matched (``exact``, ``alias``, ``fuzzy``, ...)."""

    @property
    def actor(self) -> Actor: ...

    @property
    def method(self) -> str: ...


class KnownTenure(Protocol):
    """One holder's time in a role."""

    @property
    def holder(self) -> str: ...


class KnownRole(Protocol):
    """An office ("US Secretary of State"), its other titles and its holders."""

    @property
    def title(self) -> str: ...

    @property
    def aliases(self) -> tuple[str, ...]: ...

    @property
    def tenures(self) -> Sequence[KnownTenure]: ...


class KnownMembership(Protocol):
    """A party membership; ``start`` is ``None`` when undated."""

    @property
    def start(self) -> dt.date | None: ...


class KnownActors(Protocol):
    """The read-only questions speaker resolution asks of a registry; hashable: answers are kept per registry."""

    def __hash__(self) -> int: ...

    def __iter__(self) -> Iterator[Actor]: ...

    def __contains__(self, name: object) -> bool: ...

    @property
    def roles(self) -> Sequence[KnownRole]: ...

    def lookup(self, name: str, *, type_hint: str | None = None) -> KnownMatch | None: ...

    def country_forms(self) -> dict[str, str]: ...

    def gender_of(self, name: str) -> str | None: ...

    def roles_of(self, name: str) -> Sequence[object]: ...

    def parties_of(self, name: str) -> Sequence[KnownMembership]: ...

    def party_at(self, name: str, date: dt.date | None) -> str | None: ...


class NoActors:
    """A registry that knows no one: every speaker is named from the text alone."""

    roles: tuple[KnownRole, ...] = ()

    def __iter__(self) -> Iterator[Actor]:
        return iter(())

    def __contains__(self, name: object) -> bool:
        return False

    def lookup(self, name: str, *, type_hint: str | None = None) -> KnownMatch | None:
        return None

    def country_forms(self) -> dict[str, str]:
        return {}

    def gender_of(self, name: str) -> str | None:
        return None

    def roles_of(self, name: str) -> Sequence[object]:
        return ()

    def parties_of(self, name: str) -> Sequence[KnownMembership]:
        return ()

    def party_at(self, name: str, date: dt.date | None) -> str | None:
        return None


#: The default of every function that takes ``known``: no registry.
NO_ACTORS: KnownActors = NoActors()
