"""In-document coreference for speaker mentions, from the document's text alone.

:func:`document_name` gives the fullest name that one document gives a speaker
mention, or ``None`` when the document does not settle it. It reads only the
text (no parser), so the extractor (:mod:`stancemap.nlp.coref`) and the
evaluation (:mod:`stancemap.eval.actors`) run the same code. The first rule
that applies wins:

1. an acronym defined in parentheses: "AROS" after "Alliance to Reclaim Our
   Schools (AROS)" (:func:`acronym_definitions`), or spelled out once in the
   text without them: "CNS" and "Christian News Service" (:func:`spelled_out`);
2. a description ending in a name: "the event organizer Alliance to Reclaim
   Our Schools" -> the name; or giving one after a comma: "One of them,
   UnitedHealth Group," -> the name (:func:`appositive_name`);
3. a lone surname, also as a transcript speaker in capitals ("WALLACE:"), ->
   the one full name in the text with that surname (:func:`full_name_in_text`;
   "Sandra Paradis" and a later "Sandy Paradis" count as one, named first in
   full); failing that, a transcript speaker takes the first name the other
   speakers address them by ("..., Chris.") (:func:`transcript_host`);
4. "the president" -> the nearest earlier person written "President <Name>"
   with no nationality or organisation before the title and no "of" after it
   (so not "Russian President Vladimir Putin"); failing that, the president of
   the country the document names most, left to the registry to resolve by the
   article's date (:func:`home_country`); "the administration" -> that country;
5. a person title ("the governor", "the Vermont senator", "the California
   congressman") -> the nearest earlier name written with that title ("Gov. Pat
   Doyle", "Sen. Ann Reed (D-Vt.)") whose surroundings agree with the place words;
   a description of the article's subject ("the candidate", "the nominee") with
   no such name -> the person the text names clearly most (:func:`main_person`);
6. an organisation head noun ("the fund", "police", "the appeals court", "the
   alliance") -> the nearest earlier organisation name that contains the head
   and every other word of the description ("International Monetary Fund");
   a short form -> the one capitalised name that adds a head noun to it ("the
   Census" -> "Census Bureau", :func:`organisation_by_prefix`);
7. a case variant ("Politifact") -> the form the document writes most often
   ("PolitiFact").

Guards: generic mentions ("a source", "analysts", "some allies", "one
official") never get an antecedent; person titles bind only to names written
with a person's title, organisation heads only to capitalised names containing
the head; a description with no compatible antecedent is left alone. When
unsure the answer is ``None``: a wrong actor is worse than a new one.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Mapping

from stancemap.names.normalise import DETERMINERS, TITLES, is_pronoun, normalise, surname, tokens
from stancemap.names.textnames import (
    CAPITALISED_RUN,
    ORGANISATION_HEADS,
    PARTY_WORDS,
    acronym_definitions,
    case_variant,
    full_name_in_text,
    names_in_text,
    organisation_names,
    spelled_out,
    transcript_host,
)
from stancemap.names.wordlists import FORMER_WORDS, LEADING_WORDS, PARTY_OF_WORD, word_list

__all__ = [
    "BARE_HEADS", "GENERIC_WORDS", "PERSON_DESCRIPTIONS", "appositive_name", "document_name", "home_country",
    "main_person", "organisation_by_head", "organisation_by_prefix", "parties_written_with", "person_by_title",
    "place_agrees",
    "president_by_title", "titled_name_in_text", "titled_names",
]

#: Titles as abbreviated before a name ("the governor" after "Gov. Pat Doyle").
TITLE_SPELLINGS: dict[str, str] = {
    "governor": r"(?:governor|gov)", "senator": r"(?:senator|sen)", "president": r"(?:president|pres)",
    "representative": r"(?:representative|rep)", "congressman": r"(?:congressman|rep|representative)",
    "congresswoman": r"(?:congresswoman|rep|representative)", "general": r"(?:general|gen)",
    "professor": r"(?:professor|prof)", "doctor": r"(?:doctor|dr)",
}
#: Heads that need no determiner ("police said", "Congress voted").
BARE_HEADS: frozenset[str] = frozenset({"police"})
#: Words that make a mention generic: it introduces someone new or many ("a source", "some allies").
GENERIC_WORDS: frozenset[str] = frozenset(word_list("generic_words"))
#: Nouns that describe the person an article is about ("the candidate", "the New York businessman").
PERSON_DESCRIPTIONS: frozenset[str] = frozenset(
    {"candidate", "nominee", "republican", "democrat", "businessman", "businesswoman", "billionaire",
     "frontrunner", "front-runner", "mogul", "incumbent", "challenger"}
)
#: Titles a nationality before them gives to another country's holder ("the French president").
_NATIONAL_TITLES = frozenset({"president", "prime minister", "chancellor", "foreign minister", "king", "queen"})
#: Words before "President" that make the title someone else's than the home president's.
_NOT_HOME_PRESIDENT = FORMER_WORDS | {"vice", "deputy"}


def _title_pattern(words: list[str]) -> str:
    return r"\W+".join(TITLE_SPELLINGS.get(w, re.escape(w)) for w in words)


def titled_names(title: str, text: str, end: int | None = None) -> list[tuple[int, str]]:
    """``(offset, name)`` of the names ``text`` writes right after ``title`` ("Gov. Pat Doyle"), before ``end``.

    >>> titled_names("governor", "Gov. Pat Doyle said. Later Governor Ann Reed spoke.")
    [(0, 'Pat Doyle'), (27, 'Ann Reed')]

    A name the text also writes alone after the title is that one word: "President Obama Speech
    at ..." (a caption) is "President Obama" when the text writes "President Obama is ...".

    >>> titled_names("president", "President Obama is here. Video: President Obama Speech at Howard.")
    [(0, 'Obama'), (32, 'Obama')]
    """
    pattern = re.compile(r"\b(?i:" + _title_pattern(title.split()) + r")\.?[ \t\u00a0]+(?=([A-Z][^,;:()\n]{2,60}))")
    lone_word = re.compile(r"[A-Z][\w'\u2019\-]+(?=[\s,.;:)]|$)(?![ \t\u00a0]+[A-Z])")
    written = []  # (offset, the full name written there or None, the first word)
    for match in pattern.finditer(text):
        names = names_in_text(match.group(1), headlines=False)
        full = names[0] if names and match.group(1).startswith(names[0].split()[0]) else None
        lone = lone_word.match(match.group(1))
        written.append((match.start(), full, full.split()[0] if full else lone.group(0) if lone else None))
    alone = {first for _at, full, first in written if full is None}
    found = []
    for at, full, first in written:
        if end is not None and at >= end:
            break
        if full is not None and first not in alone:
            found.append((at, full))
        elif first is not None and first.lower() not in LEADING_WORDS:  # "President Obama"
            found.append((at, full_name_in_text(first, text) or first))
    return found


def titled_name_in_text(mention: str, text: str) -> str | None:
    """The one name ``text`` writes right after the title ``mention`` ("the mayor" -> "Mayor Bill de Blasio").

    >>> titled_name_in_text("the mayor", "Mayor Bill de Blasio said. The mayor added.")
    'Bill de Blasio'
    """
    words = _description(mention)
    if words is None or not _is_person_title(words):
        return None
    found = {normalise(n): n for _at, n in titled_names(_title_of(words), text)}
    return next(iter(found.values())) if len(found) == 1 else None


def _description(mention: str) -> list[str] | None:
    """The words of a definite description ("the Vermont senator" -> ["vermont", "senator"]), or ``None``.

    ``None`` for generic mentions ("a source", "some allies"), pronouns and names.
    """
    written = mention.strip().split()
    if not written or len(written) > 5 or is_pronoun(mention):
        return None
    words = tokens(mention)
    if not words or words[0] in GENERIC_WORDS:
        return None
    if words[0] in DETERMINERS:
        words = words[1:]
    elif words[-1] not in BARE_HEADS:
        return None  # a description needs "the" ("the mayor"); "Mayor" alone is a headline or a name
    if not words or any(w in GENERIC_WORDS for w in words):
        return None
    return words


def _title_of(words: list[str]) -> str:
    """The longest person title that ends the description ("former secretary of state" -> "secretary of state")."""
    for n in range(min(len(words), 4), 0, -1):
        if " ".join(words[-n:]) in TITLES:
            return " ".join(words[-n:])
    return ""


def _is_person_title(words: list[str]) -> bool:
    return bool(_title_of(words)) and words[-1] not in ORGANISATION_HEADS


def _abbreviates(short: str, word: str) -> bool:
    """Whether ``short`` ("vt", "calif") abbreviates ``word`` ("vermont", "california")."""
    if not short or not word or short[0] != word[0]:
        return False
    rest = iter(word)
    return all(ch in rest for ch in short)


def place_agrees(modifiers: list[str], context: str) -> bool:
    """Whether every place word of a description is written (or abbreviated) in ``context``.

    >>> place_agrees(["vermont"], "Sen. Bernie Sanders (I-Vt.) said"), place_agrees(["french"], "President Obama")
    (True, False)
    """
    words = tokens(context)
    return all(any(m == w or (len(w) >= 2 and _abbreviates(w, m.replace(" ", ""))) for w in words)
               for m in modifiers)


def _surroundings(text: str, at: int, name: str) -> str:
    """The words just before a titled name and the name with what follows it ("Sen. Ann Reed (I-Vt.)")."""
    end = text.find(name.split()[-1], at)
    end = end + len(name.split()[-1]) if end >= 0 else at + 60
    before = re.split(r"[,;:()]|\band\b|[.!?]\s", text[max(0, at - 25) : at])[-1]
    return before + " " + text[at : end + 20].split(")")[0]


_PARTY_INITIAL = re.compile(r"\b([DR])[-\u2013](?=[A-Z])")  # "(D-Nev.)", "R-Ky."
_PARTY_OF_INITIAL = {"D": "Democratic Party", "R": "Republican Party"}


def parties_written_with(text: str, at: int, name: str) -> set[str]:
    """The parties written with the (titled) name ``name`` at ``at``: before it ("Republican presidential
    nominee Donald Trump") or in brackets right after it ("Harry Reid (D-Nev.)"), not in what follows ("and
    Democrat Hillary Clinton").

    >>> sorted(parties_written_with("Republican Donald Trump and Democrat Hillary Clinton", 11, "Donald Trump"))
    ['Republican Party']
    """
    last = name.split()[-1]
    end = text.find(last, at)
    end = end + len(last) if end >= 0 else at + len(name)
    before = re.split(r"[,;:()]|\band\b|[.!?]\s", text[max(0, at - 25) : at])[-1]
    bracket = re.match(r"\s*\([^)]{0,20}\)", text[end : end + 25])
    context = before + " " + text[at:end] + (bracket.group(0) if bracket else "")
    written = {PARTY_OF_WORD[w] for w in tokens(context) if w in PARTY_OF_WORD}
    return written | {_PARTY_OF_INITIAL[m] for m in _PARTY_INITIAL.findall(context)}


def person_by_title(words: list[str], start: int, text: str) -> str | None:
    """The nearest earlier name written with the title that ends ``words`` and agrees with its place words.

    >>> person_by_title(["vermont", "senator"], 60, "Sen. Ann Reed (I-Vt.) and Sen. Bo Lund (R-Ohio) met. x")
    'Ann Reed'
    >>> person_by_title(["governor"], 40, "Sen. Ann Reed spoke at length today. x") is None
    True
    """
    title = _title_of(words)
    if not title:
        return None
    modifiers = [w for w in words[: len(words) - len(title.split())] if w not in _NOT_HOME_PRESIDENT]
    parties = {PARTY_OF_WORD[w] for w in modifiers if w in PARTY_OF_WORD}
    modifiers = [w for w in modifiers if w not in PARTY_OF_WORD]
    found = [(at, n) for at, n in titled_names(title, text, end=start)  # "the Democratic leader": one written
             if not parties or parties & parties_written_with(text, at, n)]  # so, or "(D-Nev.)"
    if not found:
        return None
    if modifiers:
        agreeing = [(at, n) for at, n in found if place_agrees(modifiers, _surroundings(text, at, n))]
        if agreeing:
            found = agreeing
        elif title in _NATIONAL_TITLES or len({normalise(n) for _at, n in found}) > 1:
            return None  # "the French president" is not the "President Obama" named before
    return max(found)[1]


def president_by_title(start: int, text: str) -> str | None:
    """The nearest earlier person written "President <Name>" as the home president is.

    A nationality or organisation before the title ("Russian President", "AFL-CIO
    President"), a "former" or "vice", or an "of" after the name mark someone else.

    >>> president_by_title(99, "Russian President Ivan Orlov met President Ana Ruiz of Peru. President Tom Hale spoke.")
    'Tom Hale'
    """
    found = []
    for at, name in titled_names("president", text, end=start):
        before = text[max(0, at - 30) : at].split()
        opens = not text[:at].rstrip() or text[:at].rstrip()[-1] in ".!?;:\n\"\u201c"
        previous = before[-1] if before and not opens and before[-1][-1:].isalnum() else ""
        if previous[:1].isupper() or previous.lower().strip(".") in _NOT_HOME_PRESIDENT:
            continue
        after = text[at : at + 120]
        if re.match(rf".*?{re.escape(name)}\s*,?\s+of\s+[A-Z]", after):
            continue
        found.append((at, name))
    return max(found)[1] if found else None


@functools.lru_cache(maxsize=8)
def main_person(text: str) -> str | None:
    """The person ``text`` is clearly about: named most often, by surname, or ``None``.

    The top person needs three mentions and twice as many as the next.

    >>> main_person("Ann Reed spoke. Reed said so. Bo Lund agreed. Reed left. The candidate smiled.")
    'Ann Reed'
    >>> main_person("Ann Reed spoke. Bo Lund agreed. The candidate smiled.") is None
    True
    """
    names = {surname(n): n for n in reversed(names_in_text(text))}  # the first full name of each surname
    counts = Counter({key: len(re.findall(rf"(?<!\w){re.escape(n.split()[-1])}(?!\w)", text))
                      for key, n in names.items()})
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 3 or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
        return None
    return names[ranked[0][0]]


def home_country(text: str, countries: Mapping[str, str]) -> str | None:
    """The country ``text`` names clearly most often, or ``None``.

    ``countries`` maps written forms ("U.S.", "Washington") to country names;
    matching is case-sensitive so that "us" is not the United States. The top
    country needs three mentions and twice as many as the next.

    >>> home_country("The U.S. and Peru. U.S. talks. In Washington, U.S. aides.",
    ...              {"U.S.": "United States", "Washington": "United States", "Peru": "Peru"})
    'United States'
    """
    counts: Counter[str] = Counter()
    for form, country in countries.items():
        if form[:1].isupper():
            counts[country] += len(re.findall(rf"(?<![\w.]){re.escape(form)}(?![\w])", text))
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 3 or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
        return None
    return ranked[0][0]


def organisation_by_head(words: list[str], start: int, text: str) -> str | None:
    """The nearest earlier organisation name with the head and every other word of ``words``.

    Failing an earlier one, the only such name in the whole text.

    >>> organisation_by_head(["fund"], 40, "The International Monetary Fund said growth slows. x")
    'International Monetary Fund'
    >>> organisation_by_head(["appeals", "court"], 60, "A ruling of the U.S. Court of Appeals for the Tenth Circuit. x")
    'U.S. Court of Appeals for the Tenth Circuit'
    >>> organisation_by_head(["fund"], 30, "Sen. Ann Reed said so. x") is None
    True
    """
    head = words[-1]
    if head not in ORGANISATION_HEADS:
        return None
    candidates = [(at, name) for at, name in organisation_names(text)
                  if all(w in tokens(name) for w in words) and not (at <= start < at + len(name))]
    earlier = [(at, n) for at, n in candidates if at < start]
    if earlier:
        return max(earlier)[1]
    unique = {normalise(n): n for _at, n in candidates}
    return next(iter(unique.values())) if len(unique) == 1 else None


def _ending_name(mention: str) -> str | None:
    """The capitalised name that ends a lower-case description ("the event organizer Citizens for X")."""
    text = re.sub(r"\s*\([^)]*\)?", "", mention).strip(" ,")
    words = text.split()
    if "," in text or len(words) < 3 or words[0].lower() not in DETERMINERS or words[1][:1].isupper():
        return None
    match = list(CAPITALISED_RUN.finditer(text))
    if not match or match[-1].end() != len(text) or len(match[-1].group(0).split()) < 2:
        return None
    name = match[-1].group(0)
    lower = text[: match[-1].start()].split()[1:]
    return name if lower and all(w.islower() for w in lower) else None




def appositive_name(mention: str) -> str | None:
    """The name a description gives after a comma ("One of them, UnitedHealth Group," -> "UnitedHealth Group").

    >>> appositive_name("The party's presumed nominee, Trump"), appositive_name("one of them, UnitedHealth Group,")
    ('Trump', 'UnitedHealth Group')
    >>> appositive_name("Paradis, who voted,") is None, appositive_name("the senator, Democrat of Vermont") is None
    (True, True)
    """
    head, comma, rest = re.sub(r"\s*\([^)]*\)?", "", mention).partition(",")
    rest = rest.strip(" ,")
    words = head.split()
    if not comma or not rest or not words:
        return None
    if not (words[0].lower() in DETERMINERS or words[0].lower() in GENERIC_WORDS or words[0][:1].islower()):
        return None  # the head is itself a name ("Paradis, who voted")
    run = CAPITALISED_RUN.match(rest)
    if not run or run.end() != len(rest) or rest.split()[0].lower() in PARTY_WORDS:
        return None
    return rest


def organisation_by_prefix(mention: str, text: str) -> str | None:
    """The one organisation named in ``text`` as the mention plus a head noun ("the Census" -> "Census Bureau").

    >>> organisation_by_prefix("the Census", "The Census Bureau counted. The Census said so.")
    'Census Bureau'
    >>> organisation_by_prefix("the White House", "The White House Press Office and the White House.") is None
    True
    >>> organisation_by_prefix("the NAACP", "The NAACP board met. The NAACP said.") is None
    True
    """
    words = mention.strip().split()
    if len(words) < 2 or words[0].lower() not in DETERMINERS or not all(w[:1].isupper() for w in words[1:]):
        return None
    short = " ".join(words[1:])
    found = {normalise(name): name for _at, name in organisation_names(text)
             if name.startswith(short + " ") and len(name.split()) == len(words)
             and name.split()[-1].lower() in ORGANISATION_HEADS and name.split()[-1][:1].isupper()}
    return next(iter(found.values())) if len(found) == 1 else None


def document_name(
    mention: str, text: str, start: int | None = None, *, countries: Mapping[str, str] | None = None
) -> str | None:
    """The name ``text`` gives the speaker ``mention`` written at ``start``, or ``None`` (see the module).

    Parameters
    ----------
    mention : str
        The speaker mention as written ("the governor", "AROS", "WALLACE").
    text : str
        The whole document.
    start : int, optional
        Where the mention starts in ``text``; antecedents are looked for before it.
        Without it the first occurrence of the mention is used.
    countries : mapping of str to str, optional
        Written forms of countries -> country names (see
        :meth:`ActorRegistry.country_forms`), for "the president" of the
        document's country when no earlier name settles it.

    Examples
    --------
    >>> text = "Gov. Pat Doyle (R) and the Citizens for Clean Water (CCW) met. The governor said CCW won."
    >>> document_name("The governor", text, 63), document_name("CCW", text, 81)
    ('Pat Doyle', 'Citizens for Clean Water')
    >>> document_name("a source", text, 0) is None
    True
    """
    if not mention.strip() or is_pronoun(mention):
        return None
    if start is None:
        found = text.find(mention)
        start = found if found >= 0 else len(text)
    bare = mention.strip()
    if bare.isupper() and " " not in bare and len(bare) >= _MIN_ACRONYM:
        return _acronym_name(bare, text)
    ending = _ending_name(mention)
    if ending:
        return ending
    named = appositive_name(mention)
    if named:
        return full_name_in_text(named, text) or named
    full = full_name_in_text(mention, text)
    if full:
        return full
    words = _description(mention.split(",")[0])  # "The alliance, which includes ..." -> "The alliance"
    if words is not None:
        return _described_name(words, mention, text, start, countries)
    return case_variant(mention, text)


#: Letters an upper-case mention needs to be read as an acronym ("EU"), and to be
#: looked for as a surname ("WALLACE" -> "Wallace"; "UN" is not).
_MIN_ACRONYM = 2
_MIN_UPPER_SURNAME = 3


def _acronym_name(bare: str, text: str) -> str | None:
    """The name behind an upper-case one-word mention: its definition, spelling out, or a surname."""
    key = re.sub(r"[^A-Z&]", "", bare)
    defined = acronym_definitions(text).get(key) or spelled_out(key, text)
    if defined:
        return defined
    if len(bare) >= _MIN_UPPER_SURNAME and bare.isalpha():
        return full_name_in_text(bare.title(), text) or transcript_host(bare, text)
    return None


def _described_name(
    words: list[str], mention: str, text: str, start: int, countries: Mapping[str, str] | None
) -> str | None:
    """The name a description (``words``: "the governor", "the fund") refers to, looked for before ``start``."""
    if words == ["president"]:
        home = president_by_title(start, text)
        if home:
            return home
        country = home_country(text, countries) if countries else None
        return f"{country} President" if country else None
    if words == ["administration"]:  # a government speaking through its administration is its country
        return home_country(text, countries) if countries else None
    titled = person_by_title(words, start, text) if _is_person_title(words) else None
    if titled or _is_person_title(words) and words[-1] not in PERSON_DESCRIPTIONS:
        return titled
    if words[-1] in PERSON_DESCRIPTIONS:  # "the candidate" with no titled name before it
        return main_person(text)
    if words[-1] in ORGANISATION_HEADS:
        return organisation_by_head(words, start, text)
    return organisation_by_prefix(mention, text)
