"""Finding a codebook's keywords in a text, in any of their word forms.

A codebook author writes a keyword once ("Muslim ban", "tariffs", "deleted emails");
the articles write it in other forms ("banning Muslims", "a tariff", "e-mails she deleted").
A keyword is found when each of its words, stemmed (:func:`stancemap.stance.text.stem`)
and with hyphens dropped ("e-mail" is "email"), stands in the text in any order within a
short window: at most :data:`SLACK` other words between the first and the last. Small
function words of a keyword ("ban *on* Muslims", "release *his* returns") are not
needed. What is reported is the text as written there, so a reader sees why a statement
was coded. The stemmer is an English one: in another language a keyword's other forms
may not be found (list them) and two words may share a stem.

>>> muslim_ban = KeywordMatcher(["Muslim ban", "tariffs"])
>>> muslim_ban.find("Trump has proposed temporarily banning Muslims from entering the country.")
'banning Muslims'
>>> muslim_ban.find("He vowed to impose a punishing tariff on imports.")
'tariff'
>>> muslim_ban.find("Muslims in Michigan said the ban on smoking was overdue.") is None
True

A keyword written in lower case is not found as one word of a longer name ("wall" in "Wall Street"), nor, an
adjective, where it modifies a noun none of the keywords hold ("presidential candidate" is a candidate):

>>> KeywordMatcher(["wall"]).find("She is too close to Wall Street banks to be trusted on the matter.") is None
True
>>> fitness = KeywordMatcher(["presidential", "temperament"])
>>> fitness.find("Trump remains the Republican presidential candidate."), fitness.find("He is not presidential.")
(None, 'presidential')
>>> fitness.find("He lacks a presidential temperament.")  # the noun is a keyword's
'presidential'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from stancemap.names.textnames import name_spans
from stancemap.stance.text import STOPWORDS, stem

__all__ = ["KeywordMatcher", "SLACK", "keyword_stems"]

#: How many other words may stand between the first and the last word of a keyword found.
SLACK = 2

_WORD = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")


@lru_cache(maxsize=65536)
def _key(word: str) -> str:
    """The form a word is compared in: lower case, hyphens dropped, stemmed."""
    return stem(word.lower().replace("-", "").replace("\u2019", "'"))


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[str, ...], frozenset[str]]:
    """The words of ``text``: their spans, their keys and the set of keys (read once for all issues' keywords)."""
    found = list(_WORD.finditer(text))
    keys = tuple(_key(m.group(0)) for m in found)
    return tuple(m.span() for m in found), keys, frozenset(keys)


def keyword_stems(keyword: str) -> tuple[str, ...]:
    """The stems a keyword needs: its words less the function words, unless it is nothing else.

    >>> keyword_stems("ban on Muslims"), keyword_stems("e-mail"), keyword_stems("The Who")
    (('ban', 'muslim'), ('email',), ('the', 'who'))
    """
    words = _WORD.findall(keyword)
    content = [w for w in words if w.lower() not in STOPWORDS]
    return tuple(dict.fromkeys(_key(w) for w in (content or words)))


@dataclass(frozen=True)
class _Keyword:
    text: str
    stems: tuple[str, ...]


class KeywordMatcher:
    """Finds any of a set of keywords in texts (see the module docstring)."""

    def __init__(self, keywords: Iterable[str]) -> None:
        found = [_Keyword(k.strip(), stems) for k in keywords if (stems := keyword_stems(k))]
        #: the keywords, those of more words first (the longest match is reported first)
        self.keywords = tuple(sorted(found, key=lambda k: -len(k.stems)))
        self._stems = frozenset(stem for keyword in found for stem in keyword.stems)

    def __bool__(self) -> bool:
        return bool(self.keywords)

    def find(self, text: str, start: int = 0, end: int | None = None) -> str | None:
        """The first keyword found in ``text``, as written there (longest keyword first), or ``None``; with
        ``start`` and ``end``, only between those offsets, the rest of ``text`` read for the names it cuts
        (a statement's content in its sentence: "Wall Street" alone is too short to tell a name)."""
        found = self.find_all(text, start, end)
        return found[0][1] if found else None

    def find_all(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[str, str]]:
        """Every keyword found in ``text`` (between ``start`` and ``end``): ``(keyword, text as written)``,
        keywords of more words first."""
        if not self.keywords:
            return []
        spans, keys, _ = _words(text)
        stop = len(text) if end is None else end
        inside = [k for k, (a, b) in enumerate(spans) if start <= a and b <= stop]
        first = inside[0] if inside else 0
        keys_inside = keys[first:first + len(inside)]
        present = frozenset(keys_inside)
        if present.isdisjoint(self._stems):  # most texts hold no word of any keyword
            return []
        out = []
        skip: frozenset[int] | None = None  # the words a keyword in lower case is not ("Wall Street"), once per text
        for keyword in self.keywords:
            if not present.issuperset(keyword.stems):
                continue
            if keyword.text.islower() and skip is None:
                skip = frozenset(k - first for k in _names(text) | _modifiers(text, spans, keys, self._stems))
            span = _window(keys_inside, keyword.stems, skip if keyword.text.islower() else None)
            if span is not None:
                out.append((keyword.text, text[spans[first + span[0]][0]:spans[first + span[1]][1]]))
        return out


#: the endings of an adjective of seven letters or more ("presidential", "judicial"; not "coal")
_ADJECTIVE_ENDINGS = ("al", "ial", "ical", "ic", "ary", "ive", "ous")


def _modifiers(text: str, spans: Sequence[tuple[int, int]], keys: Sequence[str], stems: frozenset[str]
               ) -> frozenset[int]:
    """The indices of adjectives ("presidential") that modify a noun which is none of the keywords' words
    ("presidential *candidate*"): the keyword names something else there."""
    words = [text[a:b] for a, b in spans]
    out = set()
    for k in range(len(words) - 1):
        after = words[k + 1]
        if (len(words[k]) > 6 and words[k].lower().endswith(_ADJECTIVE_ENDINGS) and after.isalpha() and after.islower()
                and after not in STOPWORDS and keys[k + 1] not in stems and text[spans[k][1]:spans[k + 1][0]] == " "):
            out.add(k)
    return frozenset(out)


@lru_cache(maxsize=4096)
def _names(text: str) -> frozenset[int]:
    """The indices of the words of ``text`` that stand in a name of two words or more
    (:func:`stancemap.names.textnames.name_spans`; read once per text: a statement's sentence is searched for every
    issue's keywords, within its content and whole)."""
    names = [(a, b) for a, b in name_spans(text) if " " in text[a:b].strip()]
    return frozenset(k for k, (s, e) in enumerate(_words(text)[0]) if any(a <= s and e <= b for a, b in names))


def _window(keys: Sequence[str], wanted: tuple[str, ...], skip: frozenset[int] | None = None
            ) -> tuple[int, int] | None:
    """The first and last index of the earliest run of ``keys`` holding every stem of ``wanted`` with at
    most :data:`SLACK` other words inside it, or ``None``; a one-word keyword is not found at the indices in ``skip``
    (words of a longer name, "wall" in "Wall Street", and adjectives of another noun: :func:`_names`,
    :func:`_modifiers`)."""
    if len(wanted) == 1:
        for i, key in enumerate(keys):
            if key == wanted[0] and not (skip and i in skip):
                return i, i
        return None
    width = len(wanted) + SLACK
    for start, key in enumerate(keys):
        if key not in wanted:
            continue
        seen = {key}
        for end in range(start + 1, min(start + width, len(keys))):
            if keys[end] in wanted:
                seen.add(keys[end])
                if len(seen) == len(wanted):
                    return start, end
    return None
