"""The name inside a mention, and whether a name has a person's shape; from the written words alone.

- :func:`core_name`: "House Speaker Paul D. Ryan (R-Wis.)" -> "Paul D. Ryan": appositives,
  parentheses, leading titles and descriptions dropped (role titles kept, to resolve by date);
- :func:`looks_like_person_name`: one to five capitalised words, no title or organisation word.

Both the text-only name finders (:mod:`stancemap.names.textnames`) and the actors'
resolution (:mod:`stancemap.actors.resolve`) use them.
"""

from __future__ import annotations

import functools
import re

from stancemap.names.normalise import SURNAME_PARTICLES, TITLES, clean_display, normalise, tokens
from stancemap.names.wordlists import word_list

__all__ = ["ORGANISATION_POSTMODIFIERS", "ORGANISATION_WORDS", "POSTMODIFIERS", "core_name", "looks_like_person_name"]

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
    >>> core_name("Tulsa police’s"), core_name("the Charlotte-Mecklenburg police")
    ('Tulsa Police Department', 'Charlotte-Mecklenburg Police Department')
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
    if police:
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
