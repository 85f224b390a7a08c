"""Title-case headline lines, told from the text alone.

A headline ("Obama Power Plant Rules Face Key Test In U.S. Court.") capitalises
every word but small ones, so its capitalised runs are not names: "Obama Power
Plant Rules" is no organisation and "Derelict Obama" no person. Both the
text-only name finders (:mod:`stancemap.names.textnames`) and the parse-based
ones (:mod:`stancemap.nlp.coref`) ask the same question here.

>>> is_headline("Obama Power Plant Rules Face Key Test In U.S. Court.")
True
>>> is_headline("Gov. Pat Doyle said so. Then Sen. Ann Reed left."), is_headline("Ann Reed spoke")
(False, False)
"""

from __future__ import annotations

import re

#: Words a title-case headline writes in lower case.
SMALL_WORDS = frozenset({"a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "as", "at", "by", "with",
                         "from", "is", "vs", "vs.", "if", "but", "nor", "so", "yet", "into", "over", "up", "via",
                         "per", "than", "off"})
#: Fewest words a headline line has.
MIN_WORDS = 4
_ABBREVIATION = re.compile(r"\b(?:[A-Z]\.)+|\b(?:Mr|Mrs|Ms|Dr|Gov|Sen|Rep|Gen|St|Jr|Sr|Lt|Col|Rev|Prof)\.")


def is_headline(line: str) -> bool:
    """Whether ``line`` is a title-case line: four words or more, every word but small ones capitalised,
    no sentence end inside (an abbreviation's period is none: "U.S. Court")."""
    bare = _ABBREVIATION.sub("X", line.strip())
    if ". " in bare or "? " in bare or "! " in bare:
        return False
    words = [w.strip("\"'\u201c\u201d\u2018\u2019:,;!?()[]") for w in line.split()]
    words = [w for w in words if w and w[0].isalpha()]
    if len(words) < MIN_WORDS:
        return False
    big = [w for w in words if w.lower() not in SMALL_WORDS]
    return bool(big) and all(w[0].isupper() for w in big)


def line_at(text: str, at: int) -> tuple[int, int]:
    """``(start, end)`` of the line of ``text`` that character ``at`` is on."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return start, len(text) if end < 0 else end


def headline_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every headline line of ``text``.

    >>> headline_spans("Derelict Obama and Clinton Fail;\\nObama and Clinton did not react.")
    [(0, 32)]
    """
    found = []
    at = 0
    for line in text.split("\n"):
        if is_headline(line):
            found.append((at, at + len(line)))
        at += len(line) + 1
    return found


def on_headline(text: str, at: int) -> bool:
    """Whether character ``at`` of ``text`` is on a headline line."""
    start, end = line_at(text, at)
    return is_headline(text[start:end])
