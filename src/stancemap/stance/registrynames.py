"""The starter actor registry's names as relevance reads them: people's names never count, and an
organisation's name counts as a keyword only where the issue names it (:class:`~.relevance.IssueIndex`)."""

from __future__ import annotations

from stancemap.actors.io import shared_starter_registry
from stancemap.stance.relevance import organisation_names

__all__ = ["starter_people", "starter_organisations"]


def starter_people() -> tuple[str, ...]:
    """The names of the people in the starter actor registry (their words never count for relevance)."""
    return tuple(actor.name for actor in shared_starter_registry() if actor.type == "person")


def starter_organisations() -> frozenset[str]:
    """The starter registry's organisations' names and aliases (no keywords: :class:`~.relevance.IssueIndex`)."""
    return organisation_names(n for a in shared_starter_registry() if a.type == "organisation"
                              for n in (a.name, *a.aliases))
