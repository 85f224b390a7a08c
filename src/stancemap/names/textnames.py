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

from stancemap.names.gender import first_name_gender, is_first_name, title_gender
from stancemap.names.headlines import headline_spans, on_headline
from stancemap.names.mentions import core_name, looks_like_person_name
from stancemap.names.normalise import DETERMINERS, TITLES, given_names, normalise, surname, tokens
from stancemap.names.similarity import given_names_agree, is_lone_surname
from stancemap.names.wordlists import LEADING_WORDS, word_list

_CAP_WORD = r"[A-Z][\w'\u2019\-.&]*"
_CONNECTORS = r"(?:of|for|to|the|and|on|de|la|van|von|der|di|da|le|du|del)"
#: A capitalised name: capitalised words, with lower-case connectors inside ("Court of Appeals for the").
CAPITALISED_RUN = re.compile(rf"{_CAP_WORD}(?:[ \t\u00a0]+(?:{_CONNECTORS}[ \t\u00a0]+)*{_CAP_WORD})*")
_NAME = re.compile(
    r"(?:\b[A-Z][\w\'\u2019\-]*[ \t\u00a0]+|\b[A-Z][a-z]{0,3}\.[ \t\u00a0]*|\b[A-Z]\.[ \t\u00a0]?){1,6}"
    r"(?:(?:de|la|van|von|der|di|da|le)[ \t\u00a0]+)?[A-Z][\w\'\u2019\-]+"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]['\"\u201d\u2019]?\s+|\n\s*|[\"\u201c]\s*)$")


#: Capitalised words that start a sentence or phrase, not a name ("But Flynn said").
_TITLE_WORDS = frozenset(w for title in TITLES for w in title.split()) | {"pres"}

#: Head nouns of descriptions of organisations ("the fund", "the appeals court", "police").
ORGANISATION_HEADS: frozenset[str] = frozenset(word_list("organisation_heads"))


def _is_sentence_start(text: str, at: int) -> bool:
    return bool(_SENTENCE_START.search(text[max(0, at - 4) : at])) or at == 0


#: Words greeting someone at the start of a sentence: no part of the name after them ("Hi Americans!").
_GREETINGS = frozenset({"hi", "hello", "hey", "dear", "welcome", "congratulations", "thanks", "bye", "goodbye"})


def _drop_sentence_initial(text: str, start: int, words: list[str]) -> tuple[int, list[str]]:
    """Drop a first word capitalised only because it starts a sentence ("Even Lindsey Graham", "Hi Americans").

    >>> _drop_sentence_initial("\u201cHi Americans! Come.", 1, ["Hi", "Americans"])
    (4, ['Americans'])
    """
    while len(words) > 1 and _is_sentence_start(text, start):
        low = words[0].lower().strip(".")
        if low in LEADING_WORDS or low in _GREETINGS or re.search(rf"(?<![\w.]){re.escape(words[0].lower())}\b", text):
            start = text.index(words[1], start + len(words[0]))
            words = words[1:]
            continue
        break
    return start, words


#: Capitalised words joined by spaces alone, no connector between them.
_CAPITALISED_WORDS = re.compile(rf"{_CAP_WORD}(?:[ \t\u00a0]+{_CAP_WORD})*")
#: A capitalised word before a speech verb: a speaker's name even alone ("..., Ban said").
_SPEAKER_WORD = re.compile(r"\b[A-Z][a-z]+(?=[ \t\u00a0]+(?:said|says|told|added|asked|wrote|noted|argued)\b)")


@functools.lru_cache(maxsize=4096)
def name_spans(text: str) -> tuple[tuple[int, int], ...]:
    """``(start, end)`` of the capitalised names in ``text`` (:data:`CAPITALISED_RUN`, cut at its connectors) of two
    words or more, a word capitalised only because it opens a sentence left out, and of a capitalised word before
    a speech verb. Words inside them are parts of names, not words of the language ("Wall Street", "the Clean Power
    Plan", "..., Ban said"). None on a headline line, nor in a text with fewer than two words of four letters or
    more in lower case, whose capitals say nothing ("There Should be a Minimum Weight Limit For Models").

    >>> text = "Donors on Wall Street never paid for the wall, Ban said. The Wall is high. Muslims and Jews met."
    >>> [text[a:b] for a, b in name_spans(text)]
    ['Wall Street', 'Ban']
    >>> name_spans("Trump Demands Wall Funding From Congress")
    ()
    """
    if len(re.findall(r"\b[a-z]{4,}\b", text)) < 2:
        return ()
    found = []
    for match in CAPITALISED_RUN.finditer(text):
        for part in _CAPITALISED_WORDS.finditer(match.group(0)):  # "Muslims and Christians" are two
            start, words = _drop_sentence_initial(text, match.start() + part.start(), part.group(0).split())
            if len(words) > 1 and not on_headline(text, start):
                found.append((start, match.start() + part.end()))
    for match in _SPEAKER_WORD.finditer(text):
        if not on_headline(text, match.start()) and not any(a <= match.start() < b for a, b in found):
            found.append(match.span())
    return tuple(sorted(found))


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

    After "of" or "for" the words before a first name are the institution's ("Supervisor of
    Elections Susan Bucher"):

    >>> names_in_text("The Supervisor of Elections Susan Bucher said so.")
    ['Susan Bucher']
    """
    return list(_names_in_text(text, headlines))


@functools.lru_cache(maxsize=8)
def _names_in_text(text: str, headlines: bool = True) -> tuple[str, ...]:
    """:func:`names_in_text`, kept for the last few texts: every mention of a document asks again."""
    found: dict[str, str] = {}
    for match in _NAME.finditer(_without_nicknames(text)):
        start, name = _cleaned_name(text, match)
        if headlines and on_headline(text, start):
            continue  # "Derelict Obama and Clinton": a headline's capitals, not a name
        if len(normalise(name).split()) >= 2 and looks_like_person_name(name):
            found.setdefault(normalise(name), name)
    return tuple(found.values())


def _cleaned_name(text: str, match: re.Match[str]) -> tuple[int, str]:
    """Where a match of :data:`_NAME` starts and the name in it: sentence openers, titles and an
    institution's words before the name dropped."""
    start, words = _drop_sentence_initial(text, match.start(), match.group(0).split())
    words = _after_connector(text, start, _before_possessed(text, _after_sentence_end(words)))
    while words and (words[0].lower().strip(".") in LEADING_WORDS or words[0].lower().strip(".") in _TITLE_WORDS
                     or len(words) > 2 and words[0].lower() in _INSTITUTION_WORDS | PARTY_WORDS):
        words = words[1:]
    return start, core_name(" ".join(words))


_NICKNAME = re.compile(r"(\b[A-Z][a-z]+)([ \t\u00a0][\"\u201c\u2018'][A-Z][\w.]*[\"\u201d\u2019'])(?=[ \t\u00a0][A-Z])")
_POSSESSIVE_WORD = re.compile(r"(?<=\w)['\u2019]s?$")


def _without_nicknames(text: str) -> str:
    """``text`` with a nickname quoted between two names blanked out, offsets kept ("John \u201cTig\u201d Tiegen").

    >>> _without_nicknames('John "Tig" Tiegen spoke.')
    'John       Tiegen spoke.'
    """
    return _NICKNAME.sub(lambda m: m.group(1) + " " * len(m.group(2)), text)


def _before_possessed(text: str, words: list[str]) -> list[str]:
    """The words up to a name's possessive, without it: "Rand Paul's Kentucky supporters" -> "Rand Paul";
    a name after the possessive is the name ("Fox News' Sean Hannity", left to :func:`core_name`), and
    words the text also writes in lower case are no name ("Whole Women's Health", "women who").

    >>> _before_possessed("", ["Rand", "Paul\u2019s", "Kentucky"]), _before_possessed("", ["Paul's", "Kentucky"])
    (['Rand', 'Paul'], ["Paul's", 'Kentucky'])
    >>> _before_possessed("", ["Fox", "News\u2019", "Sean", "Hannity"])
    ['Fox', 'News\u2019', 'Sean', 'Hannity']
    >>> _before_possessed("for women who", ["Whole", "Women's", "Health"])
    ['Whole', "Women's", 'Health']
    """
    for i, word in enumerate(words[1:-1], start=1):
        if _POSSESSIVE_WORD.search(word):
            name = [*words[:i], _POSSESSIVE_WORD.sub("", word)]
            if len(words) - i > 2 and is_first_name(words[i + 1]) or any(
                    re.search(rf"(?<![\w.]){re.escape(w.lower())}\b", text) for w in name):
                return words
            return name
    return words


_OF_BEFORE = re.compile(r"\b(?:of|for)[ \t]+(?:the[ \t]+)?$")


def _after_connector(text: str, start: int, words: list[str]) -> list[str]:
    """A name of three words or more without the words glued before it: after "of" or "for", those before
    the first first name ("Supervisor of Elections Susan Bucher" -> "Susan Bucher"); else a first word
    the text also writes in lower case before a first name ("Pastors David Jeremiah", "the pastors").

    >>> _after_connector("Secretary of State Hillary Clinton", 13, ["State", "Hillary", "Clinton"])
    ['Hillary', 'Clinton']
    >>> _after_connector("the son of Recep Tayyip Erdogan", 11, ["Recep", "Tayyip", "Erdogan"])
    ['Recep', 'Tayyip', 'Erdogan']
    >>> _after_connector("Whip Steve Scalise, the party whip", 0, ["Whip", "Steve", "Scalise"])
    ['Steve', 'Scalise']
    """
    if len(words) < 3:
        return words
    if _OF_BEFORE.search(text[max(0, start - 9) : start]):
        first = next((i for i, w in enumerate(words[:-1]) if is_first_name(w)), 0)
        return words[first:]
    if (len(words) == 3 and not is_first_name(words[0]) and is_first_name(words[1])
            and re.search(rf"(?<![\w.]){re.escape(words[0].lower())}\b", text)):
        return words[1:]
    return words


def headline_names(text: str) -> list[str]:
    """Full names on ``text``'s headline lines that open with a first name ("Cecile Richards: 'I'm Sick
    Of ...'"); a headline's other capitals are no name ("Derelict Obama and Clinton Fail").

    >>> headline_names("Cecile Richards: 'I Am Sick Of Men Telling Us What To Do'\\nDerelict Obama Fails Again")
    ['Cecile Richards']
    """
    found: dict[str, str] = {}
    for at, end in headline_spans(text):
        for match in _NAME.finditer(_without_nicknames(text), at, end):
            _start, name = _cleaned_name(text, match)
            words = name.split()
            if 2 <= len(words) <= 3 and is_first_name(words[0]) and looks_like_person_name(name):
                found.setdefault(normalise(name), name)
    return list(found.values())


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

    A surname of two words is one too: with a particle ("de Blasio"), hyphenated
    ("Mark-Viverito"), after an honorific ("Mr. Guajardo Villarreal"), or two words the first of
    which is no first name, when a first name opens the full name ("Wasserman Schultz"). A name
    only a headline gives counts when the body gives none ("Cecile Richards: 'I'm Sick ...'").

    >>> full_name_in_text("Mark-Viverito", "Speaker Melissa Mark-Viverito spoke. Mark-Viverito said.")
    'Melissa Mark-Viverito'
    >>> full_name_in_text("Wasserman Schultz", "Chair Debbie Wasserman Schultz came. Wasserman Schultz said.")
    'Debbie Wasserman Schultz'
    """
    core = core_name(mention)
    key = normalise(core)
    article = mention.strip().lower().startswith(("the ", "a ", "an "))
    if not key or "." in core or article or (" " in key and _surname_words(mention, core, key) is None):
        return None  # "The U.N." is no surname of Kim Jong Un
    first_named = _surname_words(mention, core, key) == "first named"
    names = _with_surname(key, names_in_text(text), first_named) or _with_surname(key, headline_names(text), False)
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


def _surname_words(mention: str, core: str, key: str) -> str | None:
    """How a mention of two words or more (``key``) may be a surname: ``"surname"`` (a particle, a
    hyphen or an honorific says so), ``"first named"`` (two words, the first no first name: only a
    full name opening with a first name will do), or ``None`` (a full name itself)."""
    if tokens(mention)[:1] in (["mr"], ["mrs"], ["ms"], ["dr"]) or is_lone_surname(key) or " " not in core.strip():
        return "surname"
    words = core.split()
    return "first named" if len(words) == 2 and not is_first_name(words[0]) else None


def _with_surname(key: str, found: list[str], first_named: bool) -> dict[str, str]:
    """The names of ``found`` whose surname is ``key`` (for a key of several words, that end with it)."""
    if " " not in key:
        return {normalise(n): n for n in found if surname(n) == key}
    names = {normalise(n): n for n in found if normalise(n).endswith(" " + key)}
    opened = {k: n for k, n in names.items() if is_first_name(n.split()[0])}
    return opened if first_named or len(opened) == 1 else names  # not "Later de Blasio" beside "Bill de Blasio"


def _titled_gender(honorific: list[str], word: str, text: str) -> str | None:
    """The gender courtesy titles give the surname ``word``: the mention's own ("Mr."), else the one
    gender of the titles ``text`` writes before it ("Mr. Obama"); ``None`` when none or both."""
    own = title_gender(honorific[0]) if honorific else None
    if own is not None:
        return own
    found = {title_gender(m) for m in re.findall(rf"\b(Mrs?|Ms|Miss)\.?[ \t]+{re.escape(word)}\b", text)}
    return found.pop() if len(found) == 1 else None


DATE_WORDS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                         "february", "march", "april", "may", "june", "july", "august", "september", "october",
                         "november", "december"})


def _name_words(words: list[str]) -> list[str]:
    """The words of a capitalised run up to a date after a connector or a word ending a sentence."""
    for i, word in enumerate(words):
        if i + 1 < len(words) and word.lower() in ("on", "in", "of", "for") and words[i + 1].lower() in DATE_WORDS:
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
