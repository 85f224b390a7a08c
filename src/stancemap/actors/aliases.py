"""Which other names of an actor are safe to keep as its aliases.

An alias makes every later lookup of that name return the actor, so a wrong one
silently moves statements: "The Democratic presidential nominee" kept as an
alias of Donald Trump sends every query for it to him. A name is kept only if it
is *name-like* (capitalised words, no role description, no possessive, no
headline or byline fragment such as "Editor's note") and *tied* to the actor by
its own form: the actor's name with titles or first names dropped ("Mr. Trump",
"Clinton"), or an acronym of it ("CCW" for "Citizens for Clean Water").
Descriptions are resolved by date through the registry's roles each time and
never stored as aliases.

Examples
--------
>>> is_safe_alias("Mr. Trump", "Donald Trump"), is_safe_alias("CCW", "Citizens for Clean Water")
(True, True)
>>> is_safe_alias("The Democratic presidential nominee", "Donald Trump")
False
>>> is_safe_alias("Editor's note", "Donald Trump"), is_safe_alias("Carlos Danger", "Anthony Weiner")
(False, False)
"""

from __future__ import annotations

import re

from stancemap.names.normalise import SURNAME_PARTICLES, TITLES, tokens

_TITLE_TOKENS = frozenset(w for title in TITLES for w in tokens(title))
#: Lower-case words allowed inside a name ("Court of Appeals for the Tenth Circuit").
_CONNECTORS = frozenset("of for to the and on at in".split()) | SURNAME_PARTICLES
_POSSESSIVE = re.compile(r"['\u2019]s?\b")
_WORD = re.compile(r"[^\s,;:()\[\]\"\u201c\u201d]+")


def is_name_like(name: str) -> bool:
    """Capitalised words (lower-case connectors inside), no possessive, not starting with "the"/"a".

    >>> is_name_like("U.S. Court of Appeals"), is_name_like("the candidate"), is_name_like("Trump's team")
    (True, False, False)
    """
    words = _WORD.findall(name.strip())
    if not words or _POSSESSIVE.search(name) or words[0].lower() in ("the", "a", "an"):
        return False
    if any(ch.isdigit() for ch in name):
        return False
    return all(w[0].isupper() or w.lower() in _CONNECTORS for w in words) and words[-1][0].isupper()


def _acronym(name: str) -> str:
    return "".join(w[0] for w in _WORD.findall(name) if w[0].isupper())


def is_safe_alias(name: str, canonical: str) -> bool:
    """Whether ``name`` may be kept as an alias of the actor called ``canonical`` (see the module)."""
    if not is_name_like(name):
        return False
    words = [w for w in tokens(name) if w not in _TITLE_TOKENS]
    own = set(tokens(canonical))
    if words and set(words) <= own:
        return True  # "Mr. Trump", "Clinton", "Hillary Clinton" for "Hillary Rodham Clinton"
    compact = re.sub(r"[.\s]", "", name)
    return compact.isupper() and len(compact) >= 2 and compact == _acronym(canonical)
