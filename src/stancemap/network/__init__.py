"""Discourse networks (two-mode, one-mode, co-occurrence), their weights and exports."""

from stancemap.network.build import (
    conflict_network,
    congruence_network,
    cooccurrence,
    one_mode,
    subtract_network,
    tallies,
    two_mode,
    windows,
)

__all__ = [
    "conflict_network",
    "congruence_network",
    "cooccurrence",
    "one_mode",
    "subtract_network",
    "tallies",
    "two_mode",
    "windows",
]
