"""Name normalisation: the one notion of "the same name", and the matching keys built on it.

:func:`name_key` is *the* key: two names with one key are one name. It decides
actor identity (``actors.name_key`` in the store), alias identity
(``aliases.normalised``) and evaluation matches. Every looser key is built on
it, never beside it:

- :func:`normalise` (and :func:`match_keys`, the registry's look-up keys) also
  drops possessives ("Ukraine's"), leading determiners ("the"), honorifics
  ("Mr.") and titles that precede a name ("US Secretary of State Antony Blinken"),
  to match a mention to an actor;
- :func:`title_key` drops possessives and leading determiners only, to match a
  title phrase ("the group's chairman") in coreference.

Keys are never shown to a person. Display names keep their case and accents;
:func:`clean_display` tidies a mention for display. Stored keys are migrated
when :func:`name_key` changes (``store/migrations/versions/0009_alias_name_key.py``
carries a frozen copy of it).

The word lists are data: extend them rather than adding special cases in code.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from stancemap import datafiles
from stancemap.names.gender import first_name_gender, is_first_name, title_gender
from stancemap.names.wordlists import word_list

#: Leading words that are not part of a name ("the US", "some allies").
DETERMINERS: frozenset[str] = frozenset({"the", "a", "an"})

#: Honorifics and titles that are stripped when a name follows them, longest first
#: when matched. A title followed by "of" ("President of Ukraine") is kept: it
#: names a role, not a person.
TITLES: tuple[str, ...] = word_list("titles")

#: Words that may precede a title without being a name ("German Chancellor",
#: "Ukraine's Foreign Minister", "EU foreign policy chief"): any such prefix of at
#: most this many words is dropped together with the title.
MAX_TITLE_PREFIX = 4

#: Words that, right after a title, show that it names a role rather than
#: introducing a name ("President of Ukraine", "Minister for Defence").
ROLE_CONNECTORS: frozenset[str] = frozenset({"of", "for", "to", "on", "at", "in", "and"})

#: Particles that belong to a surname ("Ursula von der Leyen", "Jean-Yves Le Drian").
SURNAME_PARTICLES: frozenset[str] = frozenset(
    {"von", "van", "der", "den", "de", "del", "della", "di", "da", "du", "le", "la", "ter", "ten", "bin", "ibn"}
)

#: Generational suffixes that are not the surname ("Martin Luther King Jr").
NAME_SUFFIXES: frozenset[str] = frozenset({"jr", "sr", "ii", "iii", "iv"})

#: Regnal numbers: "Charles III" has no surname to match alone.
REGNAL_NUMBERS: frozenset[str] = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xiv", "xvi"})

#: Surnames that are also ordinary English words or common given names: a lone
#: mention of one is never taken to be a registry person ("May said", "the gang",
#: "Philippe", who may be Belgium's king as well as Édouard Philippe).
COMMON_WORDS: frozenset[str] = frozenset(word_list("common_words"))

#: Personal pronouns and other words that refer to a speaker without naming one.
PRONOUNS: frozenset[str] = frozenset(word_list("pronouns"))

_APOSTROPHES = "'\u2019\u02bc\u2018`"
_POSSESSIVE = re.compile(rf"(?<=[\w.])[{_APOSTROPHES}]s\b|(?<=s)[{_APOSTROPHES}](?=\s|$)", re.IGNORECASE)
_TRAILING_POSSESSIVE = re.compile(rf"(?:(?<=[\w.])[{_APOSTROPHES}]s|(?<=s)[{_APOSTROPHES}])$", re.IGNORECASE)
_DROP = re.compile(rf"[.{_APOSTROPHES}]")
_NON_WORD = re.compile(r"[^\w]+|_")
_SPACE = re.compile(r"\s+")


def _titles_by_first_word() -> dict[str, tuple[tuple[str, ...], ...]]:
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for title in sorted({tuple(t.split()) for t in TITLES}, key=len, reverse=True):
        grouped.setdefault(title[0], []).append(title)
    return {first: tuple(titles) for first, titles in grouped.items()}


#: the titles as word tuples, by first word, longest first
_TITLES_BY_FIRST_WORD = _titles_by_first_word()


@functools.lru_cache(maxsize=65536)
def strip_accents(text: str) -> str:
    """Return ``text`` without diacritics (for comparison only); answers are kept, names recur.

    >>> strip_accents("Élisabeth Borne, Müller, Łukasz")
    'Elisabeth Borne, Muller, Lukasz'
    """
    special = {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "ı": "i"}
    text = "".join(special.get(ch, ch) for ch in text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The identity of a name: case, accents and punctuation aside, nothing dropped.

    Two names with one key are one actor and one alias ("PolitiFact" and
    "Politifact", "U.S. Court of Appeals" and "US Court of Appeals", "O'Neill"
    and "O’Neill"); titles, determiners and word order still count, unlike
    :func:`normalise`, which makes the looser matching key. Full stops and every
    apostrophe (straight, curly, modifier letter, backtick) are dropped; other
    punctuation (hyphens, commas) separates words.

    Parameters
    ----------
    name : str
        A name as written.

    Returns
    -------
    str
        Casefolded words without accents or punctuation, separated by single
        spaces; ``""`` when nothing word-like is left. ``name_key(name_key(x))
        == name_key(x)``.

    Examples
    --------
    >>> name_key("PolitiFact") == name_key("Politifact"), name_key("U.S. Court of Appeals")
    (True, 'us court of appeals')
    >>> name_key("Pope Francis") == name_key("Francis"), name_key("F.A.A") == name_key("F.A.A.")
    (False, True)
    >>> name_key("  Élisabeth   BORNE "), name_key("O‘Neill") == name_key("O'Neill")
    ('elisabeth borne', True)
    >>> name_key("The Hague") == name_key("Hague")
    False
    """
    text = _DROP.sub("", strip_accents(name).casefold())
    return " ".join(_NON_WORD.sub(" ", text).split())


#: Leading words dropped by :func:`title_key` ("the group's chairman", "that official").
TITLE_DETERMINERS: frozenset[str] = DETERMINERS | {"this", "that"}


@functools.lru_cache(maxsize=65536)
def title_key(text: str) -> str:
    """The key of a title phrase for coreference: :func:`name_key` without possessives or leading determiners.

    Used to match a title written next to a name ("Jim Smith, the group's
    chairman") with a later description ("the chairman"). Unlike
    :func:`normalise`, titles are kept (they are what is matched) and every
    leading determiner goes, so "the" alone gives ``""``.

    >>> title_key("the group’s Chairman"), title_key("The U.S. envoy")
    ('group chairman', 'us envoy')
    >>> title_key("this"), title_key("that Élysée adviser") == name_key("Elysee adviser")
    ('', True)
    """
    words = list(_tokens(text))
    while words and words[0] in TITLE_DETERMINERS:
        words = words[1:]
    return " ".join(words)


def tokens(text: str) -> list[str]:
    """The words of :func:`name_key` after dropping possessives ("Ukraine's").

    Full stops and apostrophes are dropped so that "U.S." becomes "us"; other
    punctuation (hyphens, commas) separates words.

    >>> tokens("the U.S.'s Secretary-General")
    ['the', 'us', 'secretary', 'general']
    """
    return list(_tokens(text))


@functools.lru_cache(maxsize=65536)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(name_key(_POSSESSIVE.sub("", text)).split())


def without_the(name: str) -> str:
    """``name`` without a leading "the" or "The" ("The Washington Post" -> "Washington Post").

    >>> without_the("The Washington Post"), without_the("Theodore Roosevelt")
    ('Washington Post', 'Theodore Roosevelt')
    """
    return name.removeprefix("the ").removeprefix("The ")


def strip_determiners(words: list[str]) -> list[str]:
    """Drop leading determiners ("the", "a", "an") from a list of words.

    >>> strip_determiners(["the", "us"])
    ['us']
    """
    i = 0
    while i < len(words) - 1 and words[i] in DETERMINERS:
        i += 1
    return words[i:]


#: Titles that, before a single given name, are part of how the person is named ("Pope Francis",
#: "King Abdullah"); stripped before a fuller name ("Queen Elizabeth II").
STYLED_TITLES: frozenset[str] = frozenset({"pope", "king", "queen", "emperor", "crown prince"})


def _title_at(words: list[str], i: int) -> int:
    """Length of the longest title starting at ``words[i]`` (0 if none)."""
    if i >= len(words):
        return 0
    for title in _TITLES_BY_FIRST_WORD.get(words[i], ()):
        if tuple(words[i : i + len(title)]) == title:
            return len(title)
    return 0


def strip_titles(words: list[str]) -> list[str]:
    """Drop a title (and up to :data:`MAX_TITLE_PREFIX` words before it) that precedes a name.

    A title with nothing after it, or followed by "of"/"for" (a role, not a
    person), is kept.

    >>> strip_titles("us secretary of state antony blinken".split())
    ['antony', 'blinken']
    >>> strip_titles("president of ukraine".split())
    ['president', 'of', 'ukraine']
    >>> strip_titles("nato secretary general".split())
    ['nato', 'secretary', 'general']
    >>> strip_titles("pope francis".split()), strip_titles("queen elizabeth ii".split())
    (['pope', 'francis'], ['elizabeth', 'ii'])
    """
    for i in range(min(len(words), MAX_TITLE_PREFIX + 1)):
        n = _title_at(words, i)
        if not n:
            continue
        rest = words[i + n :]
        if not rest or rest[0] in ROLE_CONNECTORS:
            continue
        if len(rest) == 1 and " ".join(words[i : i + n]) in STYLED_TITLES:
            return words  # "Pope Francis", "King Charles": the title is part of the name
        # titles may be stacked: "Mr President Zelenskyy", "Lt Gen ..."
        while rest and _title_at(rest, 0) and len(rest) > _title_at(rest, 0):
            rest = rest[_title_at(rest, 0) :]
        return rest
    return words


@functools.lru_cache(maxsize=65536)
def normalise(name: str, *, titles: bool = True) -> str:
    """Return the matching key of a name or mention.

    Parameters
    ----------
    name : str
        A mention or name as written ("the U.S.", "President Zelenskyy").
    titles : bool
        Whether to strip titles that precede a name. Role look-ups pass
        ``False`` so that "the NATO Secretary General" keeps its title.

    Returns
    -------
    str
        Lower-case words without accents, determiners, possessives, honorifics
        or punctuation, separated by single spaces; ``""`` for an empty name.

    Examples
    --------
    >>> normalise("the U.S.")
    'us'
    >>> normalise("Ukraine's")
    'ukraine'
    >>> normalise("Mr. Josep  Borrell")
    'josep borrell'
    >>> normalise("German Chancellor Olaf Scholz")
    'olaf scholz'
    >>> normalise("the NATO Secretary General")
    'nato secretary general'
    >>> normalise("Élisabeth Borne")
    'elisabeth borne'
    """
    words = strip_determiners(tokens(name))
    if titles:
        words = strip_titles(words)
    return " ".join(words)


def match_keys(name: str) -> list[str]:
    """The keys under which the actor registry files and finds a name: titles stripped, then as written.

    Both are :func:`normalise` keys, so built on :func:`name_key`: two names
    with one name key (and no possessive) share them.

    >>> match_keys("US Secretary of State Antony Blinken")
    ['antony blinken', 'us secretary of state antony blinken']
    >>> match_keys("the U.S."), match_keys("")
    (['us'], [])
    """
    keys = [normalise(name), normalise(name, titles=False)]
    return [k for i, k in enumerate(keys) if k and k not in keys[:i]]


@functools.lru_cache(maxsize=65536)
def surname(name: str) -> str:
    """Return the normalised surname of a person's name, with its particles.

    The surname is the last word, together with any particles before it ("von
    der Leyen") and without a generational suffix ("Jr"). Family-name-first
    names ("Xi Jinping") are not recognised; give them an alias instead.

    >>> surname("Ursula von der Leyen")
    'von der leyen'
    >>> surname("Josep Borrell")
    'borrell'
    >>> surname("the NATO Secretary General Jens Stoltenberg")
    'stoltenberg'
    >>> surname("")
    ''
    """
    words = normalise(name).split()
    while len(words) > 1 and words[-1] in NAME_SUFFIXES:
        words.pop()
    if not words:
        return ""
    i = len(words) - 1
    while i > 0 and words[i - 1] in SURNAME_PARTICLES:
        i -= 1
    return " ".join(words[i:])


@functools.lru_cache(maxsize=65536)
def given_names(name: str) -> str:
    """Return the normalised words of a person's name before the surname.

    >>> given_names("Jean-Yves Le Drian")
    'jean yves'
    >>> given_names("Borrell")
    ''
    """
    words = normalise(name).split()
    while len(words) > 1 and words[-1] in NAME_SUFFIXES:
        words.pop()
    n = len(surname(name).split())
    return " ".join(words[: len(words) - n])


@functools.lru_cache(maxsize=65536)
def is_pronoun(text: str) -> bool:
    """Whether a mention is a pronoun that names nobody ("he", "They").

    "US" is a country, not the pronoun "us".

    >>> is_pronoun("He"), is_pronoun("US"), is_pronoun("Kyiv")
    (True, False, False)
    """
    stripped = text.strip()
    if stripped.isupper() and len(stripped) > 1:
        return False
    return " ".join(tokens(stripped)) in PRONOUNS


#: Punctuation around a mention that is never part of a name: quotes, brackets, dashes ("\u2015 Jacklyn
#: Ashley", a byline's bar) and bullets.
_DISPLAY_STRIP = " \t\n,;:.!?\"'()[]{}\u201c\u201d\u2018\u2019-\u2010\u2011\u2012\u2013\u2014\u2015\u2022\u00b7*"


@functools.lru_cache(maxsize=65536)
def clean_display(name: str) -> str:
    """Tidy a mention for display as a new actor's name (case and accents kept).

    Drops leading determiners, a trailing possessive, and surrounding
    punctuation, and collapses whitespace.

    >>> clean_display("  the EU defence ministers, ")
    'EU defence ministers'
    >>> clean_display("Camilla Stoltenberg's"), clean_display("\u2015 Jacklyn Ashley")
    ('Camilla Stoltenberg', 'Jacklyn Ashley')

    A lower-case word before a proper name is a modifier, not the name's (a particle is):

    >>> clean_display("the federal Securities and Exchange Commission"), clean_display("de Blasio")
    ('Securities and Exchange Commission', 'de Blasio')
    """
    text = _SPACE.sub(" ", name).strip(_DISPLAY_STRIP)
    text = _TRAILING_POSSESSIVE.sub("", text)
    words = text.split(" ")
    while len(words) > 1 and words[0].casefold() in DETERMINERS:
        words = words[1:]
    while (len(words) > 2 and words[0].islower() and words[0] not in SURNAME_PARTICLES and words[1][:1].isupper()
           and words[-1][:1].isupper()):
        words = words[1:]
    return " ".join(words).strip()



@functools.cache
def _short_forms() -> dict[str, frozenset[str]]:
    """Each given name of ``names/data/nicknames.tsv`` with its short forms, and each short form with its names."""
    found: dict[str, set[str]] = {}
    for row in datafiles.table("stancemap.names", "nicknames.tsv"):
        for short in row["short forms"].split():
            found.setdefault(row["name"], set()).add(short)
            found.setdefault(short, set()).add(row["name"])
    return {name: frozenset(forms) for name, forms in found.items()}


def given_name_forms(word: str) -> frozenset[str]:
    """A given name (a :func:`name_key` word) and the names it may be written as for one person:
    its short forms, or the full names it is a short form of ("len" -> "leonard", "leonard" -> "len").

    >>> sorted(given_name_forms("len")), "bill" in given_name_forms("william"), given_name_forms("xi")
    (['len', 'leonard'], True, frozenset({'xi'}))
    """
    return frozenset({word} | _short_forms().get(word, frozenset()))


def same_given_name(one: str, other: str) -> bool:
    """Whether two given names can be one person's: one word, or a short form and its full name.

    Two short forms of one name are not ("bill", "will"); nor are two full names, nor a short form
    and a full name the first-name list gives other genders ("chris", "christine").

    >>> same_given_name("len", "leonard"), same_given_name("bill", "william"), same_given_name("bill", "will")
    (True, True, False)
    >>> same_given_name("chris", "christopher"), same_given_name("chris", "christine")
    (True, False)
    """
    if one == other:
        return True
    genders = {first_name_gender(f"{word} x") for word in (one, other)} - {None}
    return other in given_name_forms(one) and len(genders) < 2


def _person_parts(name: str) -> tuple[str, str, tuple[str, ...], tuple[str, ...]] | None:
    """``(first name, surname, middle names or initials, suffix)`` of a full name, else ``None``."""
    words = normalise(name).split()
    suffix = tuple(words[-1:]) if len(words) > 2 and words[-1] in NAME_SUFFIXES else ()
    words = words[: len(words) - len(suffix)]
    last = surname(" ".join(words)).split()
    if len(words) <= len(last) or len(words[0]) < 2:
        return None
    return words[0], " ".join(last), tuple(words[1 : len(words) - len(last)]), suffix


def same_person_name(one: str, other: str) -> bool:
    """Whether two full names can be one person's: one surname and suffix, one given name or a short
    form and its full name (:func:`same_given_name`), and middle names only one writes or that agree
    ("E." and "Edward").

    >>> same_person_name("Len Burman", "Leonard E. Burman"), same_person_name("Bill Clinton", "Hillary Clinton")
    (True, False)
    >>> same_person_name("Donald Trump", "Donald Trump Jr."), same_person_name("George W. Bush", "George H. W. Bush")
    (False, False)
    """
    a, b = _person_parts(one), _person_parts(other)
    if a is None or b is None or a[1] != b[1] or a[3] != b[3] or not same_given_name(a[0], b[0]):
        return False
    shorter, longer = sorted((a[2], b[2]), key=len)
    return not shorter or len(shorter) == len(longer) and all(
        x.startswith(y) or y.startswith(x) for x, y in zip(shorter, longer, strict=True))


def descriptor_split(name: str) -> tuple[list[str], list[str]]:
    """A name's capitalised words before its first first name ("Minority Whip", "Adm.") and the rest.

    >>> descriptor_split("Minority Whip Richard J. Durbin"), descriptor_split("AG Mukasey")
    ((['Minority', 'Whip'], ['Richard', 'J.', 'Durbin']), (['AG', 'Mukasey'], []))
    """
    words = clean_display(name).split()
    at = next((i for i, word in enumerate(words) if is_first_name(word)), len(words))
    return words[:at], words[at:]


def one_person(names: list[str]) -> str | None:
    """The fullest of ``names`` that opens with a first name when all of them can be that person's
    (:func:`same_person_name`, or a descriptor before it or its surname: "Adm. Harry B. Harris Jr",
    "AG Mukasey"); else ``None``.

    >>> one_person(["AG Mukasey", "Michael Mukasey"]), one_person(["Jeb Bush", "George W. Bush"])
    ('Michael Mukasey', None)
    """
    full = [n for n in names if not descriptor_split(n)[0] and _person_parts(n) is not None]
    if not full:
        return None
    best = max(full, key=lambda n: len(normalise(n).split()))
    for name in names:
        prefix, rest = descriptor_split(name)
        if not (same_person_name(" ".join(rest), best) or is_titled_surname(name) and surname(name) == surname(best)):
            return None
    return best


#: An abbreviated title ("AG", "Adm.", "Rep."): capitals alone or a capital and a few letters with a full stop.
_ABBREVIATED_TITLE = re.compile(r"[A-Z]{2,4}|[A-Z][a-z]{1,4}\.")


def is_titled_surname(name: str) -> bool:
    """Whether a name is an abbreviated title and a surname ("Former AG Mukasey", "Adm. Harris"), not a given
    name missing from the first-name list and a surname ("Jeb Bush"); a courtesy title says a
    gender, which a first name may not have ("Mrs. Clinton" is not Bill Clinton): not one.

    >>> is_titled_surname("Former AG Mukasey"), is_titled_surname("Adm. Harris"), is_titled_surname("Jeb Bush")
    (True, True, False)
    >>> is_titled_surname("Mrs. Clinton")
    False
    """
    words = clean_display(name).split()
    return len(words) >= 2 and bool(_ABBREVIATED_TITLE.fullmatch(words[-2])) and all(
        w[:1].isupper() and not is_first_name(w) and title_gender(w) is None for w in words[:-1])
