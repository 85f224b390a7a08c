"""Similarity of names for fuzzy matching, guarded against different people.

Misspellings and transliterations ("Anthony Blinkin", "Josep Borell",
"Zelenskiy") should match; different people with similar names ("Hunter Biden"
and Joe Biden, "Camilla Stoltenberg" and Jens Stoltenberg, "Mike Johnson" and
Boris Johnson) must not. So a person's given names and surname are compared
separately, and both must be close. Scores are rapidfuzz Indel ratios, 0..100.

All functions take *normalised* names (see :func:`stancemap.names.normalise.normalise`).
"""

from __future__ import annotations

from rapidfuzz.distance import DamerauLevenshtein
from rapidfuzz.fuzz import ratio

from stancemap.names.normalise import COMMON_WORDS, given_names, surname

#: Minimum similarity of whole names.
FULL_THRESHOLD = 85.0
#: Minimum similarity of surnames (when the given names also agree).
SURNAME_THRESHOLD = 80.0
#: Minimum similarity of given names ("Anthony" / "Antony", "Sergei" / "Sergey").
GIVEN_THRESHOLD = 70.0
#: Minimum similarity of a lone surname to a registry surname ("Zelenskiy" / "Zelenskyy").
LONE_SURNAME_THRESHOLD = 85.0
#: Minimum Damerau-Levenshtein similarity of a word in a non-person name
#: ("Untied" / "United"; but not "ministers" / "ministry").
WORD_THRESHOLD = 80.0
#: Minimum Damerau-Levenshtein similarity of whole non-person names (a swap of two
#: letters costs one edit: "Ukriane" / "Ukraine").
THING_THRESHOLD = 85.0
#: Words this short must match exactly ("US" is not "UK", "EU" is not "UN").
SHORT_WORD = 3


def is_lone_surname(key: str) -> bool:
    """Whether a normalised name is only a surname ("borrell", "von der leyen").

    >>> is_lone_surname("borrell"), is_lone_surname("josep borrell")
    (True, False)
    """
    return bool(key) and surname(key) == key


def usable_lone_surname(key: str) -> bool:
    """Whether a lone surname may be matched at all: not a common word, not tiny.

    >>> usable_lone_surname("borrell"), usable_lone_surname("may"), usable_lone_surname("xi")
    (True, False, False)
    """
    return len(key) >= 3 and key not in COMMON_WORDS


def given_names_agree(query: str, candidate: str) -> bool:
    """Whether two normalised given-name strings can belong to one person.

    Initials agree with the names they abbreviate ("j" and "jens").

    >>> given_names_agree("anthony", "antony"), given_names_agree("hunter", "joe")
    (True, False)
    >>> given_names_agree("j", "jens"), given_names_agree("c", "jens")
    (True, False)
    """
    if not query or not candidate:
        return False
    q_words, c_words = query.split(), candidate.split()
    if all(len(w) == 1 for w in q_words):
        return len(q_words) <= len(c_words) and all(c.startswith(q) for q, c in zip(q_words, c_words, strict=False))
    return ratio(query, candidate) >= GIVEN_THRESHOLD or ratio(q_words[0], c_words[0]) >= 85.0


def person_score(query: str, candidate: str) -> float:
    """Similarity of two normalised person names, or 0 when they are different people.

    Both names need given names; the surnames, the given names and the whole
    names must each be close.

    >>> round(person_score("anthony blinkin", "antony blinken"))
    90
    >>> person_score("hunter biden", "joe biden")
    0.0
    >>> person_score("camilla stoltenberg", "jens stoltenberg")
    0.0
    >>> person_score("mike johnson", "boris johnson")
    0.0
    """
    q_given, c_given = given_names(query), given_names(candidate)
    if not given_names_agree(q_given, c_given):
        return 0.0
    if ratio(surname(query), surname(candidate)) < SURNAME_THRESHOLD:
        return 0.0
    score = ratio(query, candidate)
    if all(len(w) == 1 for w in q_given.split()):  # "j borrell": judge on the surname
        score = ratio(surname(query), surname(candidate))
    return score if score >= FULL_THRESHOLD else 0.0


def lone_surname_score(query: str, candidate_surname: str) -> float:
    """Similarity of a lone surname to a registry surname, or 0 below the threshold.

    >>> lone_surname_score("zelenskiy", "zelenskyy") > 0, lone_surname_score("zelensky", "zelenskyy") > 0
    (True, True)
    >>> lone_surname_score("johnsen", "johnston")
    0.0
    """
    if query[:1] != candidate_surname[:1]:
        return 0.0
    score = ratio(query, candidate_surname)
    return score if score >= LONE_SURNAME_THRESHOLD else 0.0


def thing_score(query: str, candidate: str) -> float:
    """Similarity of two normalised names of countries, organisations or groups.

    Word by word: the same number of words, short words equal, the others close.

    >>> thing_score("untied states", "united states") > 0, thing_score("ukriane", "ukraine") > 0
    (True, True)
    >>> thing_score("eu defence ministers", "uk defence ministry")
    0.0
    >>> thing_score("uk defence ministers", "uk defence ministry")
    0.0
    >>> thing_score("austria", "australia")
    0.0
    """
    q_words, c_words = query.split(), candidate.split()
    if len(q_words) != len(c_words) or len(query) < 5:
        return 0.0
    for q, c in zip(q_words, c_words, strict=False):
        if min(len(q), len(c)) <= SHORT_WORD:
            if q != c:
                return 0.0
        elif 100.0 * DamerauLevenshtein.normalized_similarity(q, c) < WORD_THRESHOLD:
            return 0.0
    score = 100.0 * DamerauLevenshtein.normalized_similarity(query, candidate)
    return score if score >= THING_THRESHOLD else 0.0
