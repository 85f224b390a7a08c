"""Places by ISO 3166 (pycountry): country names and codes, and countries' subdivisions. A country or a
subdivision may speak through its government ("Texas said it would sue"); a city the tagger labels a place,
or a name it mislabels so ("a Bloomberg poll"), is none of these.
"""

from __future__ import annotations

from functools import lru_cache

import pycountry

__all__ = ["is_country_code", "is_country_name", "is_place"]


def is_country_name(name: str) -> bool:
    """Whether ``name`` is a country's ISO 3166 name, official or common name (pycountry); a code
    ("VA", "US") is not one (an abbreviation may be anything: a new actor "US" keeps its place type).

    >>> is_country_name("Burkina Faso"), is_country_name("Iraq"), is_country_name("Charlotte"), is_country_name("VA")
    (True, True, False, False)
    """
    return name.casefold() in _country_names()


def is_country_code(name: str) -> bool:
    """Whether ``name`` is a country's ISO 3166 two- or three-letter code, dots aside ("US", "U.K.", "USA";
    "UK" too), not another acronym ("I.R.S.").

    >>> is_country_code("U.S."), is_country_code("UK"), is_country_code("I.R.S"), is_country_code("NATO")
    (True, True, False, False)
    """
    code = name.replace(".", "").upper()
    if code == "UK":
        return True
    found = pycountry.countries.get(alpha_2=code) if len(code) == 2 else (
        pycountry.countries.get(alpha_3=code) if len(code) == 3 else None)
    return found is not None


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    return frozenset(getattr(c, field).casefold() for c in pycountry.countries
                     for field in ("name", "official_name", "common_name") if hasattr(c, field))


def is_place(word: str) -> bool:
    """Whether ``word`` is a country or a country's subdivision by ISO 3166 (pycountry: "Iowa", "Ohio",
    "Bavaria"), not a name the tagger took for a place ("Bloomberg").

    >>> is_place("Iowa"), is_place("France"), is_place("Bloomberg")
    (True, True, False)
    """
    return word.casefold() in _places()


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    return _country_names() | frozenset(sub.name.casefold() for sub in pycountry.subdivisions)
