"""The grammatical gender a document gives a person: from titles, nouns and first names.

Used to keep "she" from resolving to a man and "he" to a woman. The evidence,
strongest first, is the article's own: a title ("Mrs. Clinton", "Mr. Trump"), a
gendered noun beside the name ("spokeswoman Jen Psaki", "his wife, Huma
Abedin"), and the pronouns the article already resolved. Last comes a first-name
list: the 1990 US Census first names packaged by ``names`` (public domain data),
used only for names the list gives one gender by a wide margin. Unknown stays
unknown (``None``).

Examples
--------
>>> first_name_gender("Hillary Clinton"), first_name_gender("Donald Trump"), first_name_gender("Clinton")
('f', 'm', None)
>>> title_gender("Mrs."), pronoun_gender("Him"), noun_gender("spokeswoman")
('f', 'm', 'f')
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

MALE, FEMALE = "m", "f"
#: How many times more frequent a first name must be in one list than the other to count.
DOMINANCE = 4.0

_TITLES = {
    "mr": MALE, "mr.": MALE, "sir": MALE, "lord": MALE, "king": MALE, "prince": MALE,
    "mrs": FEMALE, "mrs.": FEMALE, "ms": FEMALE, "ms.": FEMALE, "miss": FEMALE, "madam": FEMALE,
    "dame": FEMALE, "lady": FEMALE, "queen": FEMALE, "princess": FEMALE,
}
_PRONOUNS = {
    "he": MALE, "him": MALE, "his": MALE, "himself": MALE,
    "she": FEMALE, "her": FEMALE, "hers": FEMALE, "herself": FEMALE,
}
_NOUNS = {
    "spokesman": MALE, "congressman": MALE, "businessman": MALE, "chairman": None, "husband": MALE,
    "father": MALE, "son": MALE, "brother": MALE, "grandfather": MALE, "uncle": MALE, "nephew": MALE,
    "man": MALE, "boyfriend": MALE, "widower": MALE, "actor": None,
    "spokeswoman": FEMALE, "congresswoman": FEMALE, "businesswoman": FEMALE, "chairwoman": FEMALE,
    "wife": FEMALE, "mother": FEMALE, "daughter": FEMALE, "sister": FEMALE, "grandmother": FEMALE,
    "aunt": FEMALE, "niece": FEMALE, "woman": FEMALE, "girlfriend": FEMALE, "widow": FEMALE,
    "actress": FEMALE, "first lady": FEMALE,
}


def title_gender(word: str) -> str | None:
    """Gender a courtesy title gives ("Mr." -> m, "Ms" -> f), else ``None``."""
    return _TITLES.get(word.strip().lower())


def pronoun_gender(word: str) -> str | None:
    """Gender of a third-person singular pronoun, else ``None``."""
    return _PRONOUNS.get(word.strip().lower())


def noun_gender(word: str) -> str | None:
    """Gender of a gendered person noun ("spokeswoman" -> f), else ``None``."""
    return _NOUNS.get(word.strip().lower())


@lru_cache(maxsize=1)
def _first_names() -> dict[str, str]:
    frequency: dict[str, dict[str, float]] = {}
    for gender, file in ((MALE, "dist.male.first"), (FEMALE, "dist.female.first")):
        text = resources.files("names").joinpath(file).read_text(encoding="ascii")
        for line in text.splitlines():
            parts = line.split()
            if len(parts) >= 2:
                frequency.setdefault(parts[0].lower(), {})[gender] = float(parts[1])
    found = {}
    for name, by_gender in frequency.items():
        male, female = by_gender.get(MALE, 0.0), by_gender.get(FEMALE, 0.0)
        if male >= DOMINANCE * female and male > 0:
            found[name] = MALE
        elif female >= DOMINANCE * male and female > 0:
            found[name] = FEMALE
    return found


@lru_cache(maxsize=1)
def _all_first_names() -> frozenset[str]:
    found: set[str] = set()
    for file in ("dist.male.first", "dist.female.first"):
        text = resources.files("names").joinpath(file).read_text(encoding="ascii")
        found.update(line.split()[0].lower() for line in text.splitlines() if line.split())
    return frozenset(found)


def is_first_name(word: str) -> bool:
    """Whether ``word`` is a first name of the Census lists, of either gender or both.

    >>> is_first_name("Cecile"), is_first_name("Morgan"), is_first_name("Elections"), is_first_name("Great")
    (True, True, False, False)
    """
    return word.strip(".,").lower() in _all_first_names()


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    text = resources.files("names").joinpath("dist.all.last").read_text(encoding="ascii")
    return frozenset(line.split()[0].lower() for line in text.splitlines() if line.split())


def is_surname(word: str) -> bool:
    """Whether ``word`` is a surname of the Census list ("Richards", "Sanders"; not "Clintons", "Latinos").

    >>> is_surname("Richards"), is_surname("Clintons"), is_surname("Latinos")
    (True, False, False)
    """
    return word.strip(".,").lower() in _surnames()


def first_name_gender(name: str) -> str | None:
    """Gender of a full name's first name when the Census list is clear about it, else ``None``.

    A one-word name (a surname alone) gives ``None``: "Clinton" is a first name too.
    """
    words = [w.strip(".,") for w in name.split() if w.strip(".,")]
    if len(words) < 2 or title_gender(words[0]):
        words = words[1:] if words and title_gender(words[0]) else words
        if len(words) < 2:
            return None
    return _first_names().get(words[0].lower())
