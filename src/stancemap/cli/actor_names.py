"""The actor a command's ACTOR argument or ``--actor`` option means.

See :func:`stancemap.store.actor_lookup.find_actor`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stancemap.cli.common import err_console
from stancemap.errors import brief
from stancemap.store.actor_lookup import find_actor

if TYPE_CHECKING:  # the store (SQLAlchemy, rapidfuzz) loads only when a command runs
    from stancemap.store.actor_lookup import ActorMatch
    from stancemap.store.repository import Store

ACTOR_HELP = "Actor: canonical name or alias (any case), or a surname that is unique; an ambiguous name is an error."


def lookup(store: Store, name: str) -> ActorMatch:
    """The one stored actor ``name`` means; says so on standard error when it was a surname or a typo.

    Raises :class:`~stancemap.errors.ActorLookupError` (for
    :func:`stancemap.cli.common.user_errors`) when ``name`` is ambiguous or unknown.
    """
    found = find_actor(store, name)
    if not found.exact:
        what = "a surname" if found.how == "surname" else "the closest name"
        err_console.print(f"{brief(name)} taken as {found.name} ({what}; {found.statements} statements)",
                          highlight=False, markup=False)
    return found


def lookup_all(store: Store, names: list[str] | None) -> list[str] | None:
    """The canonical names of ``names`` (``None`` stays ``None``), each found by :func:`lookup`."""
    if not names:
        return names
    return [lookup(store, name).name for name in names]
