"""Whether a place name is a country or a country's subdivision (ISO 3166, through pycountry): such a place
may speak through its government ("Texas said it would sue"); a city the tagger labels a place, or a name it
mislabels so ("a Bloomberg poll"), is not one.
"""

from __future__ import annotations

from functools import lru_cache

import pycountry

__all__ = ["is_place"]


def is_place(word: str) -> bool:
    """Whether ``word`` is a country or a country's subdivision by ISO 3166 (pycountry: "Iowa", "Ohio",
    "Bavaria"), not a name the tagger took for a place ("Bloomberg").

    >>> is_place("Iowa"), is_place("France"), is_place("Bloomberg")
    (True, True, False)
    """
    return word.casefold() in _places()


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    names = {c.name for c in pycountry.countries} | {getattr(c, "common_name", c.name) for c in pycountry.countries}
    return frozenset(n.casefold() for n in names | {sub.name for sub in pycountry.subdivisions})
