"""Actors: resolve speaker mentions to canonical persons, organisations, countries and groups.

- :mod:`~stancemap.names.normalise` (the ``names`` package, below ``nlp``): matching keys
  for names ("the U.S." -> "us").
- :mod:`~stancemap.actors.registry`: :class:`ActorRegistry` (aliases, roles over
  time, capitals) and its :meth:`~ActorRegistry.lookup`.
- :mod:`~stancemap.actors.resolve`: :func:`resolve_statements`, the pipeline stage.
- :mod:`~stancemap.actors.io`: YAML and CSV registries; :mod:`~stancemap.actors.wikidata`:
  Wikidata JSON entity dumps.
- :mod:`~stancemap.curation`: merges, splits, aliases, types and affiliations
  made by a person, logged in the store and replayed by :func:`registry_with_store`
  so that they survive every rerun.
"""

from stancemap.actors.registry import ActorRegistry, Resolution
from stancemap.actors.resolve import resolve_statements
from stancemap.actors.roles import Role, Tenure

__all__ = ["ActorRegistry", "Resolution", "Role", "Tenure", "resolve_statements"]
