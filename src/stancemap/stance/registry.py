"""Registries of factories under versioned names (``keyword.v1``), shared by coders and embedders.

A name is ``<family>.v<N>``: a factory that behaves differently gets a new version, so a
stored record's origin (``model:keyword.v1``) always says what made it.

>>> found = {}
>>> register_versioned(found, "thing", "demo.v1")(dict) is dict
True
>>> register_versioned(found, "thing", "demo")(dict)
Traceback (most recent call last):
...
ValueError: thing name 'demo' has no version; use e.g. demo.v1
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["register_versioned"]

F = TypeVar("F", bound=Callable[..., Any])


def _identity(factory: Callable[..., Any]) -> tuple[Any, Any]:
    return getattr(factory, "__qualname__", None), getattr(factory, "__module__", None)


def register_versioned(registry: dict[str, Callable[..., Any]], kind: str, name: str) -> Callable[[F], F]:
    """A decorator that stores a factory in ``registry`` under the versioned ``name``.

    Raises
    ------
    ValueError
        When the name has no version, or is taken by another factory (the same
        factory registered again, e.g. by a module reloaded, is accepted).
    """
    family, _, version = name.rpartition(".v")
    if not family or not version.isdigit():
        raise ValueError(f"{kind} name {name!r} has no version; use e.g. {name.split('.')[0]}.v1")

    def decorate(factory: F) -> F:
        existing = registry.get(name)
        if existing is not None and existing is not factory and _identity(existing) != _identity(factory):
            raise ValueError(f"a {kind} named {name!r} is already registered "
                             f"({existing.__module__}); give the new one a new version")
        registry[name] = factory
        return factory

    return decorate
