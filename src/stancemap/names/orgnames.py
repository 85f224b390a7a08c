"""Spellings of one organisation's name that differ by more than case: one key for all of them.

:func:`organisation_key` is the key; two organisation names with one key are one organisation:

- a body's head before or after its field: "Department of Homeland Security" and "Homeland Security
  Department", "House Committee on the Judiciary" and "House Judiciary Committee", with or without
  a national prefix ("U.S. Department of Labor"), "Dept." for "Department";
- the partners of a joint name in either order: "NBC News/Wall Street Journal" and "Wall Street
  Journal/NBC News", "Washington Post-ABC News" and "ABC News-Washington Post".

Different bodies keep different keys: the head is part of the key ("Justice Department" is not the
"Justice Committee"), and so is every word of the field and of a prefix ("House Judiciary Committee"
is not the "Senate Judiciary Committee"). :func:`organisation_forms` lists the
:func:`~stancemap.names.normalise.name_key` of every spelling with a name's key, to find a stored
actor spelt another way. :func:`parent_name` finds, in a list of names, the one full name of an
organisation named without its parent ("Tax Policy Center", "Urban-Brookings Tax Policy Center").
:func:`names_organisation` tells an organisation's name from a person's by its own words.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable

from stancemap.names.gender import is_first_name
from stancemap.names.mentions import ORGANISATION_WORDS
from stancemap.names.normalise import REGNAL_NUMBERS, name_key, strip_determiners, tokens
from stancemap.names.places import is_place
from stancemap.names.textnames import ORGANISATION_HEADS

__all__ = ["names_organisation", "organisation_key", "organisation_forms", "parent_name"]

#: Heads of bodies written before their field with a connector or after it ("Department of Labor",
#: "Labor Department"). Not "university": "Ohio University" is not the "University of Ohio".
REORDERED_HEADS: frozenset[str] = frozenset(
    {"department", "committee", "subcommittee", "ministry", "bureau", "commission", "office", "agency"})
#: Abbreviations of heads: "Dept." is "Department".
_HEAD_ABBREVIATIONS = {"dept": "department"}
#: Most words of a prefix before a head written first ("U.S. Senate Committee on ..."), national prefix aside.
MAX_PREFIX = 2
#: Connectors between a head and its field.
_CONNECTORS = ("of", "on", "for")
#: National prefixes a national body's name may drop ("U.S. Department of Labor", "Labor Department").
NATIONAL_PREFIXES: tuple[tuple[str, ...], ...] = (("us",), ("u", "s"), ("united", "states"))
#: Separators of the partners of a joint name; a hyphen only between names of two words or more.
_SLASH = re.compile(r"\s*/\s*")
_HYPHEN = re.compile(r"(?<=\w)\s*[-\u2013]\s*(?=\w)")
#: Words that end an organisation's name (a parent's name ends so too).
_ORGANISATION_WORDS: frozenset[str] = ORGANISATION_WORDS | REORDERED_HEADS


def _partners(name: str) -> list[str]:
    """The partners of a joint name ("NBC News/Wall Street Journal"), or ``[name]``."""
    parts = [p for p in _SLASH.split(name) if p.strip()]
    if len(parts) == 1:
        parts = [p for p in _HYPHEN.split(name) if p.strip()]
        if any(len(p.split()) < 2 for p in parts):
            return [name]
    return parts if len(parts) > 1 and all(tokens(p) for p in parts) else [name]


def _body_key(words: list[str]) -> tuple[str, ...]:
    """The words of one body's name with a reordered head last and no national prefix."""
    words = [_HEAD_ABBREVIATIONS.get(w, w) for w in words]
    for i, word in enumerate(words[:-2]):
        if word in REORDERED_HEADS and words[i + 1] in _CONNECTORS:
            words = [*words[:i], *strip_determiners(words[i + 2 :]), word]
            break
    if len(words) > 1 and words[-1] in REORDERED_HEADS:
        for prefix in NATIONAL_PREFIXES:
            if tuple(words[: len(prefix)]) == prefix and len(words) > len(prefix) + 1:
                return tuple(words[len(prefix) :])
    return tuple(words)


@functools.lru_cache(maxsize=65536)
def organisation_key(name: str) -> str:
    """The key of an organisation's name: one for every spelling of it (see the module).

    >>> organisation_key("Department of Homeland Security") == organisation_key("Homeland Security Department")
    True
    >>> organisation_key("the U.S. Dept. of Justice"), organisation_key("House Committee on the Judiciary")
    ('justice department', 'house judiciary committee')
    >>> organisation_key("Wall Street Journal/NBC News") == organisation_key("NBC News / Wall Street Journal")
    True
    >>> organisation_key("Justice Committee") == organisation_key("Justice Department")
    False
    >>> organisation_key("Urban-Brookings Tax Policy Center"), organisation_key("Sanders' supporters")
    ('urban brookings tax policy center', 'sanders supporters')
    """
    keys = []
    for part in _partners(name):
        keys.append(" ".join(_body_key(strip_determiners(tokens(part)))))
    return " / ".join(sorted(keys))


def _body_forms(key: str) -> set[str]:
    """The name keys of the spellings of one body's key (head after or before its field, a prefix)."""
    words = key.split()
    forms = {key}
    if len(words) > 1 and words[-1] in REORDERED_HEADS:
        head, field = words[-1], words[:-1]
        for i in range(min(len(field), MAX_PREFIX + 1)):  # after a prefix: "House Committee on the Judiciary"
            for connector in _CONNECTORS:
                for article in ((), ("the",)):
                    forms.add(" ".join([*field[:i], head, connector, *article, *field[i:]]))
        forms |= {" ".join([*prefix, *form.split()]) for form in set(forms) for prefix in NATIONAL_PREFIXES}
    return forms


def organisation_forms(name: str) -> frozenset[str]:
    """The :func:`~stancemap.names.normalise.name_key` of every spelling of ``name`` that
    :func:`organisation_key` takes for the same organisation (``name``'s own among them).

    >>> "department of homeland security" in organisation_forms("Homeland Security Department")
    True
    >>> sorted(organisation_forms("Wall Street Journal/NBC News"))
    ['nbc news wall street journal', 'wall street journal nbc news']
    """
    parts = organisation_key(name).split(" / ")
    if len(parts) > 4:
        return frozenset({name_key(name)})
    forms = {name_key(name)}
    for order in itertools.permutations(parts):
        forms |= {" ".join(combo) for combo in itertools.product(*(sorted(_body_forms(p)) for p in order))}
    return frozenset(forms)


def parent_name(name: str, names: Iterable[str]) -> str | None:
    """The one name of ``names`` that is ``name`` with its parent's name before it ("Tax Policy Center" in
    "Urban-Brookings Tax Policy Center"), when ``name`` has two words or more and ends with an
    organisation word; ``None`` when none or several are ("Judiciary Committee" of the House and Senate).

    >>> parent_name("Tax Policy Center", ["Urban-Brookings Tax Policy Center", "Brookings Institution"])
    'Urban-Brookings Tax Policy Center'
    >>> parent_name("Judiciary Committee", ["House Judiciary Committee", "Senate Judiciary Committee"]) is None
    True

    A place or a wing before the name makes a chapter, not a parent; a lower-case word, people:

    >>> parent_name("Green Party", ["Iowa Green Party"])
    >>> parent_name("members of X Caucus", ["All members of X Caucus"])
    """
    key, written = organisation_key(name), name.split()
    words = key.split()
    if (len(words) < 2 or " / " in key or words[-1] not in _ORGANISATION_WORDS
            or any(not w[:1].isupper() and w not in _CONNECTORS for w in written)):
        return None  # "members of the Caucus" names people, not the caucus
    keyed = {organisation_key(n): n for n in names}
    found = [n for k, n in keyed.items() if k.endswith(" " + key) and not _chapter(k[: -len(key) - 1].split())]
    return found[0] if len(found) == 1 else None


#: Words before an organisation's name that make a party's or a movement's wing, not a parent.
_WINGS = frozenset({"democratic", "republican", "democrat", "conservative", "liberal", "progressive", "state"})


def _chapter(prefix: list[str]) -> bool:
    """Whether the words before an organisation's name name a place or a wing ("Iowa Democratic Party",
    "Nevada State Democratic Party"): a chapter of it, not its parent."""
    return any(is_place(w) or w in _WINGS for w in prefix) or is_place(" ".join(prefix))


#: Nouns no surname is: a name holding one is an organisation's ("Clinton Foundation", "Columbia's Graduate School").
_ORGANISATION_NOUNS = frozenset({
    "foundation", "school", "university", "ministry", "committee", "department", "commission", "institute",
    "association", "corporation", "company", "agency", "council", "coalition", "federation", "bureau", "embassy",
    "parliament", "organisation", "organization", "academy", "caucus", "newspaper", "magazine", "website"})


def names_organisation(display: str) -> bool:
    """Whether a name, whatever the extractor typed it, is an organisation's by its own words.

    A lower-case organisation head last ("Baton Rouge newspaper", "Kasich campaign"); a noun no
    surname is ("Clinton Foundation"); another organisation word unless the name is a first name
    and one more word ("Margaret Court"); an acronym last ("Junge SVP"; not "Charles III").

    >>> [names_organisation(n) for n in ("Baton Rouge newspaper", "Clinton Foundation", "Junge SVP")]
    [True, True, True]
    >>> [names_organisation(n) for n in ("Margaret Court", "Charles III", "Hillary Clinton", "Wells Fargo")]
    [False, False, False, False]
    """
    words = display.split()
    if not words:
        return False
    last, low = words[-1], tokens(display)
    if last.islower() and last in ORGANISATION_HEADS:
        return True
    if any(w in _ORGANISATION_NOUNS for w in low):
        return True
    if any(w in ORGANISATION_WORDS for w in low) and (len(words) > 2 or not is_first_name(words[0])):
        return True
    return len(words) > 1 and re.fullmatch(r"[A-Z]{2,}", last) is not None and last.lower() not in REGNAL_NUMBERS
