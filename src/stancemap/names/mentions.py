"""The name inside a mention, and whether a name has a person's shape; from the written words alone.

- :func:`core_name`: "House Speaker Paul D. Ryan (R-Wis.)" -> "Paul D. Ryan": appositives,
  parentheses, leading titles and descriptions dropped (role titles kept, to resolve by date);
- :func:`looks_like_person_name`: one to five capitalised words, no title or organisation word;
- :func:`expand_in_document`: the one full name of a document whose surname a lone surname is
  ("Borrell" -> "Josep Borrell", "Bryne" -> "Gary Byrne").

Both the text-only name finders (:mod:`stancemap.names.textnames`) and the actors'
resolution (:mod:`stancemap.actors.resolve`) use them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from stancemap.names.normalise import SURNAME_PARTICLES, TITLES, clean_display, normalise, one_person, surname, tokens
from stancemap.names.similarity import is_lone_surname
from stancemap.names.wordlists import word_list

__all__ = ["ORGANISATION_POSTMODIFIERS", "ORGANISATION_WORDS", "POSTMODIFIERS", "core_name", "expand_in_document",
           "looks_like_person_name"]

#: Words that mark an organisation's name ("Ministry of Defence", "Labour Party").
ORGANISATION_WORDS: frozenset[str] = frozenset(word_list("organisation_words"))
_TITLE_WORDS = frozenset(w for t in TITLES for w in t.split())
_CAPITALISED = re.compile(r"^[A-Z\u00C0-\u024F][\w\-'\u2019.]*$")

_PARENTHESIS = re.compile(r"\s*\([^)]*\)?")
_POSSESSOR = re.compile(r"^.*?(?:[\w.][\'\u2019]s|[\w.]s[\'\u2019])\s+(?=\S)")
#: "Mrs. Clinton's campaign", "the Trump campaign": a candidate's campaign, named "<surname> campaign".
_CAMPAIGN = re.compile(r"^(?:the\s+)?(?P<owner>[A-Z][^,]*?)(?:[\'\u2019]s)?\s+campaign$")
#: "Tulsa police", "Charlotte-Mecklenburg police's": a place's police, named "<place> Police Department".
_PLACE_POLICE = re.compile(r"^(?:the\s+)?(?P<place>[A-Z][\w\-.]*(?:\s+[A-Z][\w\-.]*){0,3})\s+police(?:[\'\u2019]s?)?$")
#: A nationality's adjective ("Brazilian", "Chinese", "Turkish", "French"): the police of a country, no city's.
_DEMONYM = re.compile(r"(?:[A-Z][a-z]+(?:ian|ean|ese|ish)|French|Dutch|Swiss|Greek|Thai|Welsh|Iraqi|Israeli|"
                      r"Saudi|Pakistani|Afghan|Kuwaiti|Yemeni|Bangladeshi|Somali)")
#: Words after an organisation's name that say where it is ("the Roper Center ... at Cornell University").
ORGANISATION_POSTMODIFIERS: tuple[str, ...] = (" at ", " in ")
#: Words after a person's name that start a description of them ("Earl Ray Tomblin of West
#: Virginia", "Dan McLaughlin at the National Review").
POSTMODIFIERS: tuple[str, ...] = (" of ", " at ", " from ", " who ", " with ")


def looks_like_person_name(name: str) -> bool:
    """Whether a name has the shape of a person's: one to five capitalised words, no title.

    Surname particles may be lower case ("Ursula von der Leyen").

    >>> looks_like_person_name("Ursula von der Leyen"), looks_like_person_name("Borrell")
    (True, True)
    >>> looks_like_person_name("The President of Ukraine"), looks_like_person_name("NATO Secretary General")
    (False, False)
    """
    words = clean_display(name).split()
    if not 1 <= len(words) <= 5 or any(w in _TITLE_WORDS or w in ORGANISATION_WORDS for w in tokens(name)):
        return False
    return all(_CAPITALISED.match(w) or w in SURNAME_PARTICLES for w in words)


@functools.lru_cache(maxsize=65536)
def core_name(name: str) -> str:
    """The name inside a mention: without appositives, parentheses, leading titles or descriptions.

    Titles that name a role ("the NATO Secretary General", "President of Ukraine")
    are kept, so that they still resolve by date.

    >>> core_name("Tom Clarke, a nursing home owner,")
    'Tom Clarke'
    >>> core_name("House Speaker Paul D. Ryan (R-Wis.)")
    'Paul D. Ryan'
    >>> core_name("Gov. Earl Ray Tomblin of West Virginia")
    'Earl Ray Tomblin'
    >>> core_name("The minister of the economy, Mr. Ildefonso Guajardo,")
    'Ildefonso Guajardo'
    >>> core_name("CNN's Jake Tapper"), core_name("Keith Lamont Scott's wife")
    ('Jake Tapper', "Keith Lamont Scott's wife")
    >>> core_name("the NATO Secretary General"), core_name("President of Ukraine")
    ('NATO Secretary General', 'President of Ukraine')
    >>> core_name("Fox News’ Bret Baier"), core_name("Mrs. Clinton's campaign"), core_name("the Trump campaign")
    ('Bret Baier', 'Clinton campaign', 'Trump campaign')
    >>> core_name("Tulsa police’s"), core_name("the Charlotte-Mecklenburg police"), core_name("Brazilian police")
    ('Tulsa Police Department', 'Charlotte-Mecklenburg Police Department', 'Brazilian police')
    >>> core_name("the Roper Center for Public Opinion Research at Cornell University in New York")
    'Roper Center for Public Opinion Research'
    """
    text = _PARENTHESIS.sub("", name)
    parts = text.split(",")
    if len(parts) > 1:
        head = [w for w in parts[0].split() if w.lower() not in ("the", "a", "an")]
        if any(w[:1].isupper() for w in head):
            text = parts[0]
        elif looks_like_person_name(clean_display(parts[1])):  # "The minister of the economy, Mr. X,"
            text = parts[1]
    possessed = _POSSESSOR.sub("", text)
    if possessed != text and looks_like_person_name(possessed) and len(possessed.split()) >= 2:
        text = possessed
    text = clean_display(text)
    key = normalise(text)
    words = text.split()
    for i in range(len(words)):
        if normalise(" ".join(words[i:]), titles=False) == key:
            text = " ".join(words[i:])
            break
    for marker in POSTMODIFIERS:
        before, found, _after = text.partition(marker)
        if found and len(before.split()) >= 2 and looks_like_person_name(before):
            text = before
            break
    for marker in ORGANISATION_POSTMODIFIERS:
        before, found, after = text.partition(marker)
        if found and after[:1].isupper() and _is_organisation_name(before):
            text = before
            break
    police = _PLACE_POLICE.match(clean_display(text))
    if police and not _DEMONYM.fullmatch(police.group("place")):  # "Brazilian police" is no place's department
        return f"{police.group('place')} Police Department"
    campaign = _CAMPAIGN.match(clean_display(text))
    if campaign and looks_like_person_name(core_name(campaign.group("owner"))):
        return f"{core_name(campaign.group('owner')).split()[-1]} campaign"
    return clean_display(text) or clean_display(name)


def _is_organisation_name(text: str) -> bool:
    """A capitalised name of two words or more with an organisation word ("Roper Center for Public Opinion")."""
    words = [w for w in text.split() if w.lower() not in ("the", "a", "an")]
    capitalised = [w for w in words if w[:1].isupper()]
    return (len(capitalised) >= 2 and words[0][:1].isupper()
            and any(w in ORGANISATION_WORDS | {"center", "centre", "bureau", "foundation"} for w in tokens(text)))


def expand_in_document(name: str, full_names: Sequence[str]) -> str | None:
    """The one full name in the document whose surname is the lone surname ``name``.

    >>> expand_in_document("Borrell", ["Josep Borrell", "Jens Stoltenberg"])
    'Josep Borrell'
    >>> expand_in_document("Stoltenberg", ["Jens Stoltenberg", "Camilla Stoltenberg"]) is None
    True
    >>> expand_in_document("Josep Borrell", ["Josep Borrell"]) is None
    True
    >>> expand_in_document("Mark-Viverito", ["Melissa Mark-Viverito"]), expand_in_document("Bryne", ["Gary Byrne"])
    ('Melissa Mark-Viverito', 'Gary Byrne')
    """
    key = normalise(name)
    if not is_lone_surname(key) and " " in name.strip():
        return None  # one word hyphenated is a surname too ("Mark-Viverito")
    matches = {normalise(full): full for full in full_names
               if surname(full) == key or normalise(full).endswith(" " + key) and normalise(full) != key}
    if not matches and len(key) >= _TYPO_LENGTH:  # "Bryne" for the "Gary Byrne" of the same article
        matches = {normalise(full): full for full in full_names if _swapped(surname(full), key)}
    if len(matches) > 1:  # "Len Burman" and "Leonard E. Burman", "AG Mukasey" and "Michael Mukasey"
        return one_person(list(matches.values()))
    return next(iter(matches.values())) if matches else None


#: Letters a lone surname needs before two swapped letters in it are read as a typo.
_TYPO_LENGTH = 5


def _swapped(one: str, other: str) -> bool:
    """Whether two words differ only by two neighbouring letters swapped ("byrne", "bryne").

    >>> _swapped("byrne", "bryne"), _swapped("rubio", "rubin"), _swapped("byrne", "byrne")
    (True, False, False)
    """
    if len(one) != len(other) or one == other:
        return False
    diff = [i for i, (a, b) in enumerate(zip(one, other, strict=True)) if a != b]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and sorted(one[diff[0]:diff[1] + 1]) == sorted(
        other[diff[0]:diff[1] + 1])
