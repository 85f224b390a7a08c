"""Names written in a document's text, found from the text alone (no parser).

The finders :mod:`stancemap.names.antecedents` builds on, each a question about
the whole text:

- :func:`names_in_text`: person-like full names ("Bill de Blasio"), titles and
  sentence-opening words stripped; :func:`full_name_in_text`: the one full name
  with a given surname;
- :func:`organisation_names`: capitalised multi-word names ("U.S. Court of
  Appeals"), also a name before an organisation head ("the Obama administration");
- :func:`acronym_definitions` and :func:`spelled_out`: acronyms and the names
  they stand for; :func:`transcript_host`: the full name of a transcript speaker;
- :func:`case_variant`: the spelling of a one-word name the text writes most.

A capitalised run never crosses a sentence end ("Ohio. Polls show", "RT. The
network said") and a title-case headline line ("Obama Power Plant Rules Face Key
Test") gives no names but those that open with a known first name
(:func:`headline_spans`).
"""

from __future__ import annotations

import functools
import re
from collections import Counter

from stancemap.names.gender import first_name_gender, title_gender
from stancemap.names.headlines import headline_spans, on_headline
from stancemap.names.mentions import core_name, looks_like_person_name
from stancemap.names.normalise import DETERMINERS, TITLES, given_names, normalise, surname, tokens
from stancemap.names.similarity import given_names_agree
from stancemap.names.wordlists import LEADING_WORDS, word_list

_CAP_WORD = r"[A-Z][\w'\u2019\-.&]*"
_CONNECTORS = r"(?:of|for|to|the|and|on|de|la|van|von|der|di|da|le|du|del)"
#: A capitalised name: capitalised words, with lower-case connectors inside ("Court of Appeals for the").
CAPITALISED_RUN = re.compile(rf"{_CAP_WORD}(?:[ \t]+(?:{_CONNECTORS}[ \t]+)*{_CAP_WORD})*")
_NAME = re.compile(
    r"(?:\b[A-Z][\w\'\u2019\-]*[ \t]+|\b[A-Z][a-z]{0,3}\.[ \t]*|\b[A-Z]\.[ \t]?){1,6}"
    r"(?:(?:de|la|van|von|der|di|da|le)[ \t]+)?[A-Z][\w\'\u2019\-]+"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]['\"\u201d\u2019]?\s+|\n\s*|[\"\u201c]\s*)$")


#: Capitalised words that start a sentence or phrase, not a name ("But Flynn said").
_TITLE_WORDS = frozenset(w for title in TITLES for w in title.split()) | {"pres"}

#: Head nouns of descriptions of organisations ("the fund", "the appeals court", "police").
ORGANISATION_HEADS: frozenset[str] = frozenset(word_list("organisation_heads"))


def _is_sentence_start(text: str, at: int) -> bool:
    return bool(_SENTENCE_START.search(text[max(0, at - 4) : at])) or at == 0


def _drop_sentence_initial(text: str, start: int, words: list[str]) -> tuple[int, list[str]]:
    """Drop a first word capitalised only because it starts a sentence ("Even Lindsey Graham")."""
    while len(words) > 1 and _is_sentence_start(text, start):
        low = words[0].lower().strip(".")
        if low in LEADING_WORDS or re.search(rf"(?<![\w.]){re.escape(words[0].lower())}\b", text):
            start = text.index(words[1], start + len(words[0]))
            words = words[1:]
            continue
        break
    return start, words


def names_in_text(text: str, *, headlines: bool = True) -> list[str]:
    """Person-like full names (two words or more) written in ``text``, titles stripped.

    Capitalised words on a headline line are no name; ``headlines=False`` reads ``text`` as a
    fragment of a sentence, with no headline.

    >>> names_in_text("But Mayor Bill de Blasio spoke. When PolitiFact said so, Rep. Adam Schiff (D) agreed.")
    ['Bill de Blasio', 'Adam Schiff']
    >>> names_in_text("Even Lena Ovas agreed, even then.")
    ['Lena Ovas']
    >>> names_in_text("Derelict Obama and Clinton Fail Again\\nWe vote. Even Democrat Hillary Clinton and Mr. Obama "
    ...               "are contesting Ohio. Polls show it. Speaker of the House Newt Gingrich agreed.")
    ['Hillary Clinton', 'Newt Gingrich']
    """
    return list(_names_in_text(text, headlines))


@functools.lru_cache(maxsize=8)
def _names_in_text(text: str, headlines: bool = True) -> tuple[str, ...]:
    """:func:`names_in_text`, kept for the last few texts: every mention of a document asks again."""
    found: dict[str, str] = {}
    for match in _NAME.finditer(text):
        start, words = _drop_sentence_initial(text, match.start(), match.group(0).split())
        words = _after_sentence_end(words)
        while words and (words[0].lower().strip(".") in LEADING_WORDS or words[0].lower().strip(".") in _TITLE_WORDS
                         or len(words) > 2 and words[0].lower() in _INSTITUTION_WORDS | PARTY_WORDS):
            words = words[1:]
        name = core_name(" ".join(words))
        if headlines and on_headline(text, start):
            continue  # "Derelict Obama and Clinton": a headline's capitals, not a name
        if len(normalise(name).split()) >= 2 and looks_like_person_name(name):
            found.setdefault(normalise(name), name)
    return tuple(found.values())


#: Capitalised words that describe rather than name ("Democrat Hillary Clinton", "the senator, Democrat of Vermont").
PARTY_WORDS = frozenset({"democrat", "republican", "independent", "conservative", "liberal", "labour", "tory"})
#: Abbreviations a name may hold before its last word ("Gov. Pat Doyle", "Jacob J. Lew", "St. John").
_ABBREVIATIONS = _TITLE_WORDS | {"st", "jr", "sr", "col", "rev", "capt", "sgt", "adm", "lt", "maj", "ft", "mt"}
#: Words of an institution a name may follow ("Speaker of the House Newt Gingrich").
_INSTITUTION_WORDS = ORGANISATION_HEADS | {"house", "white"}


def _after_sentence_end(words: list[str]) -> list[str]:
    """The words after the last one that ends a sentence ("Ohio. Polls" -> "Polls"); an initial
    ("J.") or an abbreviated title ("Gov.") ends none.

    >>> _after_sentence_end(["Ohio.", "Polls"]), _after_sentence_end(["Gov.", "Pat", "Doyle"])
    (['Polls'], ['Gov.', 'Pat', 'Doyle'])
    """
    for i in range(len(words) - 2, -1, -1):
        word = words[i]
        if word.endswith(".") and len(word) > 2 and "." not in word[:-1] and word[:-1].lower() not in _ABBREVIATIONS:
            return words[i + 1 :]
    return words


def full_name_in_text(mention: str, text: str) -> str | None:
    """The one full name in ``text`` whose surname is the lone surname ``mention``.

    >>> full_name_in_text("Mr. Borrell", "Josep Borrell arrived. Borrell said.")
    'Josep Borrell'
    >>> full_name_in_text("Clinton", "Hillary Clinton and Bill Clinton spoke.") is None
    True
    >>> full_name_in_text("Paradis", "Sandra Paradis, 78, voted. Sandy Paradis said so. Paradis left.")
    'Sandra Paradis'

    A courtesy title the text writes before the surname keeps a full name of the other
    gender out: "Mr. Obama" is not "the first lady, Michelle Obama".

    >>> full_name_in_text("Obama", "Mr. Obama and the first lady, Michelle Obama, spoke. Obama said.") is None
    True
    """
    core = core_name(mention)
    key = normalise(core)
    honorific = tokens(mention)[:1] in (["mr"], ["mrs"], ["ms"], ["dr"])
    article = mention.strip().lower().startswith(("the ", "a ", "an "))
    if not key or (" " in key and not honorific) or "." in core or article:
        return None  # "The U.N." is no surname of Kim Jong Un
    if " " in key:  # "Mr. Guajardo Villarreal": a two-word surname after an honorific
        names = {normalise(n): n for n in names_in_text(text) if normalise(n).endswith(" " + key)}
        return next(iter(names.values())) if len(names) == 1 else None
    names = {normalise(n): n for n in names_in_text(text) if surname(n) == key}
    gender = _titled_gender(tokens(mention)[:1], core, text)
    if gender is not None:
        names = {k: n for k, n in names.items() if first_name_gender(n) in (gender, None)}
    # "State Jon Husted" (a capitalised word before the name) is "Jon Husted"
    names = {k: n for k, n in names.items() if not any(k != o and k.endswith(" " + o) for o in names)}
    if len(names) > 1:  # "Sandra Paradis" and, later, "Sandy Paradis": one person, named first in full
        first = next(iter(names))
        if all(given_names_agree(given_names(k), given_names(first)) for k in names):
            return names[first]
    return next(iter(names.values())) if len(names) == 1 else None


def _titled_gender(honorific: list[str], word: str, text: str) -> str | None:
    """The gender courtesy titles give the surname ``word``: the mention's own ("Mr."), else the one
    gender of the titles ``text`` writes before it ("Mr. Obama"); ``None`` when none or both."""
    own = title_gender(honorific[0]) if honorific else None
    if own is not None:
        return own
    found = {title_gender(m) for m in re.findall(rf"\b(Mrs?|Ms|Miss)\.?[ \t]+{re.escape(word)}\b", text)}
    return found.pop() if len(found) == 1 else None


_DATE_WORDS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                         "february", "march", "april", "may", "june", "july", "august", "september", "october",
                         "november", "december"})


def _name_words(words: list[str]) -> list[str]:
    """The words of a capitalised run up to a date after a connector or a word ending a sentence."""
    for i, word in enumerate(words):
        if i + 1 < len(words) and word.lower() in ("on", "in", "of", "for") and words[i + 1].lower() in _DATE_WORDS:
            return words[:i]
        if i + 1 < len(words) and word.endswith(".") and "." not in word[:-1] and len(word) > 2:
            opener = words[i + 1].lower() in LEADING_WORDS or words[i + 1].lower() in DETERMINERS
            if opener or len(word) > 3 and not word[:-1].isupper():  # "RT. The network", "Foundation. Almost"
                return words[: i + 1]
    return words


@functools.lru_cache(maxsize=8)
def organisation_names(text: str) -> tuple[tuple[int, str], ...]:
    """``(offset, name)`` of the capitalised multi-word names in ``text`` ("U.S. Court of Appeals").

    Kept for the last few texts: every mention of a document asks again.

    A name stops before a connector followed by a day or month ("the Security Council on
    Friday") and after a word ending a sentence ("the Golf Foundation. Almost", "RT. The
    network"); a headline line gives none ("Obama Power Plant Rules Face Key Test").

    >>> organisation_names("The International Monetary Fund said. Then police spoke.")
    ((4, 'International Monetary Fund'),)
    >>> organisation_names("The Security Council on Friday met the Golf Foundation. Almost all came.")
    ((4, 'Security Council'), (39, 'Golf Foundation'))
    >>> organisation_names("The RT editor spoke. The network said so.")
    ()
    """
    found = []
    headlines = headline_spans(text)
    for match in CAPITALISED_RUN.finditer(text):
        if any(s <= match.start() < e for s, e in headlines):
            continue
        start, run = _drop_sentence_initial(text, match.start(), match.group(0).split())
        words = _name_words(run)
        if words and words[0].lower() in DETERMINERS:
            start, words = start + len(words[0]) + 1, words[1:]
        name = " ".join(words).rstrip(".").removesuffix("'s").removesuffix("\u2019s")
        if len(words) >= 2:
            found.append((start, name))
        head = re.match(r"[ \t]+([a-z]+)\b", text[match.end() : match.end() + 30]) if words == run else None
        lone_opener = len(words) == 1 and (_is_sentence_start(text, start) or words[0].lower() in LEADING_WORDS)
        if head and head.group(1) in ORGANISATION_HEADS and words and not lone_opener:  # "the Obama administration"
            found.append((start, f"{' '.join(words)} {head.group(1)}"))
    return tuple(sorted(found))


def acronym_definitions(text: str) -> dict[str, str]:
    """Acronyms defined in parentheses after a name: ``{"AROS": "Alliance to Reclaim Our Schools"}``.

    >>> acronym_definitions("the group Citizens for Clean Water (CCW) said")
    {'CCW': 'Citizens for Clean Water'}
    """
    found: dict[str, str] = {}
    for match in re.finditer(r"\(([A-Z][A-Z&.]{1,9})\)", text):
        acronym = match.group(1).replace(".", "")
        before = text[max(0, match.start() - 200) : match.start()].rstrip()
        runs = list(CAPITALISED_RUN.finditer(before))
        if not runs or runs[-1].end() != len(before):
            continue
        words = runs[-1].group(0).split()
        for i in range(len(words)):
            initials = "".join(w[0] for w in words[i:] if w[0].isupper())
            if initials == acronym and words[i][0].isupper():
                found.setdefault(acronym, " ".join(words[i:]))
                break
    return found


def spelled_out(acronym: str, text: str) -> str | None:
    """The one name in ``text`` whose capitalised words' initials spell ``acronym`` (three letters or more).

    >>> spelled_out("CNS", "The Christian News Service reported. CNS said.")
    'Christian News Service'
    >>> spelled_out("UN", "United Nations staff") is None
    True
    """
    if len(acronym) < 3:
        return None
    found: dict[str, str] = {}
    for match in CAPITALISED_RUN.finditer(text):
        words = match.group(0).split()
        for i in range(len(words) - len(acronym) + 1):
            part = words[i : i + len(acronym)]
            if "".join(w[0] for w in part) == acronym and all(w[:1].isupper() for w in part):
                found.setdefault(normalise(" ".join(part)), " ".join(part))
    return next(iter(found.values())) if len(found) == 1 else None


_TURN = re.compile(r"^\W{0,3}([A-Z][A-Z'\-]{2,})(?: [A-Z][A-Z'\-]+)?:", re.MULTILINE)
#: "..., Chris." ending a sentence, or "Well, Chris," opening one: a name used to address someone
#: (not "in Williamsburg, Virginia, in ...")
_VOCATIVE = re.compile(r",\s+([A-Z][a-z]{2,})[.?!]|\b(?:Well|Look|Thank you|Thanks|Yes|No),\s+([A-Z][a-z]{2,})[,.?!]")


def transcript_host(label: str, text: str) -> str | None:
    """The full name of a transcript speaker labelled only by surname ("WALLACE:"), from how others address them.

    Guests address an interviewer by first name ("But this is America, Chris."):
    the first name used most often in the turns right after the label's turns,
    if one is, joined to the surname.

    >>> transcript_host(
    ...     "WALLACE", "WALLACE: Why?\\nPENCE: Well, look, Chris. It is so.\\nWALLACE: And?\\nPENCE: Yes, Chris."
    ... )
    'Chris Wallace'
    >>> transcript_host("WALLACE", "WALLACE: Why?\\nPENCE: It is so, Mike.\\nWALLACE: And?\\nPENCE: Yes, Tom.") is None
    True
    >>> transcript_host("WALLACE", "WALLACE: Where?\\nPENCE: In Williamsburg, Virginia, in the rain.") is None
    True
    """
    turns = list(_TURN.finditer(text))
    if not any(t.group(1) == label for t in turns):
        return None
    speakers = {t.group(1).title() for t in turns}
    answers: Counter[str] = Counter()
    ends = [t.start() for t in turns[2:]] + [len(text)]  # where the turn after each label's turn ends
    for this, after, end in zip(turns, turns[1:], ends, strict=False):
        if this.group(1) == label and after.group(1) != label:
            names = (m.group(1) or m.group(2) for m in _VOCATIVE.finditer(text, after.end(), end))
            answers.update(n for n in names if n not in speakers and n.lower() not in LEADING_WORDS)
    ranked = answers.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
        return None
    return f"{ranked[0][0]} {label.title()}"


def case_variant(mention: str, text: str) -> str | None:
    """The spelling of a one-word name the document writes most often, if not the mention's own.

    >>> case_variant("Factcheck", "FactCheck said. FactCheck added. Factcheck agreed.")
    'FactCheck'
    """
    word = mention.strip()
    if " " in word or not word[:1].isupper() or word.isupper():
        return None
    forms = Counter(re.findall(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE))
    forms = Counter({f: c for f, c in forms.items() if f[:1].isupper()})
    if len(forms) < 2:
        return None
    best = max(forms, key=lambda f: (forms[f], sum(ch.isupper() for ch in f)))
    return best if best != word and forms[best] > forms.get(word, 0) else None
