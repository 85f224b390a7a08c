"""Party affiliations an article states for a person: "Sen. X (R-Ohio)", "Democrat X", "X, a Republican,".

US news marks a politician's party in a few fixed ways, and this module finds
them for one person's name, with the offsets of the evidence, so that a party
can be checked against the registry or added to it by a person:

``code``
    a party letter and state after the name: "Sen. Rob Portman (R-Ohio)",
    "Rep. Adam Schiff, D-Calif.,", "Bernie Sanders (I-Vt.)";
``before``
    a party word right before the name, perhaps with a title or description
    between: "Democrat Hillary Clinton", "Republican Sen. Ted Cruz",
    "GOP presidential nominee Donald Trump", "Clinton's Republican rival Donald Trump";
``apposition``
    an apposition after the name: "Rob Portman, a Republican,", "Ted Cruz, a
    Texas Republican,", "Tim Kaine, the Democratic vice presidential nominee,".

Nothing is found without the name: "Democratic voters" and "the Republican
nominee" say nothing about anybody. Plain text only (no spaCy): the patterns
are regular expressions over the article's characters.

Examples
--------
>>> text = "Sen. Rob Portman (R-Ohio) said on Tuesday that he would not vote for it."
>>> [(m.party, m.state, m.evidence) for m in find_party_mentions(text, "Rob Portman")]
[('Republican Party', 'Ohio', 'Rob Portman (R-Ohio)')]
>>> party_in_text("Democrat Hillary Clinton spoke in Ohio.", "Hillary Clinton")
'Democratic Party'
>>> find_party_mentions("Democratic voters were unhappy with the Republican nominee.", "Hillary Clinton")
[]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stancemap.actors.wordlists import word_list

#: A person who belongs to no party ("independent Sen. Bernie Sanders", "(I-Vt.)").
INDEPENDENT = "independent"

#: Party letters in "(R-Ohio)" -> party (registry names).
PARTY_CODES: dict[str, str] = {
    "R": "Republican Party",
    "D": "Democratic Party",
    "I": INDEPENDENT,
    "L": "Libertarian Party",
}
#: Party words before or after a name -> party (registry names); matched as written (capitalised).
PARTY_WORDS: dict[str, str] = {
    "Republican": "Republican Party",
    "GOP": "Republican Party",
    "Democrat": "Democratic Party",
    "Democratic": "Democratic Party",
    "Libertarian": "Libertarian Party",
    "Green Party": "Green Party of the United States",
    "independent": INDEPENDENT,
    "Independent": INDEPENDENT,
}


#: Words that may stand between a party word and the name: titles, offices, descriptions
#: ("Republican Sen.", "Democratic presidential nominee", "GOP front-runner").
DESCRIPTORS: tuple[str, ...] = word_list("party_descriptors")
#: Words allowed between "a"/"the" and the party word in an apposition ("a longtime Republican");
#: capitalised words (a state: "a Texas Republican", "the New York Democrat") are allowed too.
APPOSITION_WORDS: tuple[str, ...] = word_list("apposition_words")

_DASH = r"\s?[-\u2013\u2014]\s?"
_PARTY_WORD = "|".join(re.escape(w) for w in sorted(PARTY_WORDS, key=len, reverse=True))
_DESCRIPTOR = "|".join(re.escape(w) for w in sorted(DESCRIPTORS, key=len, reverse=True))
_APPOSITION_WORD = "|".join(re.escape(w) for w in APPOSITION_WORDS)
#: "(R-Ohio)", "(D-N.Y.)", "(I)"; and ", R-Ohio," after the name
_CODE_PARENS = re.compile(rf"\s?\((?P<code>[RDIL])(?:{_DASH}(?P<state>[A-Z][A-Za-z. ]{{0,18}}?))?\)")
_CODE_COMMAS = re.compile(rf",\s(?P<code>[RDIL]){_DASH}(?P<state>[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?)(?=[,;.)]|\s|$)")
_BEFORE = re.compile(rf"(?<![\w-])(?P<party>{_PARTY_WORD})\s(?:(?:{_DESCRIPTOR})\s){{0,4}}$")
_APPOSITION = re.compile(
    rf",\s(?:a|an|the)\s(?:(?:{_APPOSITION_WORD}|[A-Z][a-z.]+)\s){{0,3}}?(?P<party>{_PARTY_WORD})(?![\w-])"
)


@dataclass(frozen=True)
class PartyMention:
    """A party the text gives a person, with the evidence.

    ``start``/``end`` cover the evidence (the name and the party marker),
    ``name_start``/``name_end`` the name; ``form`` is ``code``, ``before`` or
    ``apposition`` (see the module docstring); ``state`` is the state of a
    ``code`` form ("Ohio", "N.Y."), else ``None``.
    """

    name: str
    party: str
    start: int
    end: int
    name_start: int
    name_end: int
    evidence: str
    form: str
    state: str | None = None


def name_pattern(name: str, *, surname: bool = False) -> re.Pattern[str]:
    """A pattern for ``name`` as written in running text, with an optional middle initial.

    >>> bool(name_pattern("Paul Ryan").search("House Speaker Paul D. Ryan (R-Wis.)"))
    True
    >>> bool(name_pattern("Paul Ryan").search("Paul Ryanson"))
    False
    """
    words = name.split()
    if not words:
        raise ValueError("an empty name has no pattern; pass a person's name")
    full = re.escape(words[0])
    if len(words) > 1:
        full += r"(?:\s[A-Z]\.)?\s" + r"\s".join(re.escape(w) for w in words[1:])
    alternatives = [full] + ([re.escape(words[-1])] if surname and len(words) > 1 else [])
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])")


def find_party_mentions(text: str, name: str, *, surname: bool = False, window: int = 80) -> list[PartyMention]:
    """Where ``text`` says which party the person ``name`` belongs to.

    Parameters
    ----------
    text : str
        The article (or any passage).
    name : str
        The person's name as the article writes it ("Rob Portman").
    surname : bool
        Also take the surname alone ("Republican Sen. Portman"); off by default,
        since a surname is shared more often than a full name.
    window : int
        Characters before the name searched for a party word.

    Returns
    -------
    list of PartyMention
        In text order; one per mention of the name at most for each form.

    Examples
    --------
    >>> [(m.party, m.form) for m in find_party_mentions("Rep. Adam Schiff, D-Calif., said so.", "Adam Schiff")]
    [('Democratic Party', 'code')]
    >>> found = find_party_mentions("GOP presidential nominee Donald Trump said", "Donald Trump")
    >>> [(m.party, m.evidence) for m in found]
    [('Republican Party', 'GOP presidential nominee Donald Trump')]
    >>> [m.party for m in find_party_mentions("Ted Cruz, a Texas Republican, said", "Ted Cruz")]
    ['Republican Party']
    >>> find_party_mentions("Democrat Hillary Clinton debated Donald Trump.", "Donald Trump")
    []

    Notes
    -----
    A party word is taken only right before the name (titles and descriptions
    between are allowed) or in an apposition right after it; "Democrats" in
    the plural, parties named far from the person and parties of a person's
    opponents are not read. The text is not checked for negation or for a past
    party ("a former Republican").
    """
    found: list[PartyMention] = []
    for match in name_pattern(name, surname=surname).finditer(text):
        start, end = match.span()
        after = text[end:end + 60]
        code = _CODE_PARENS.match(after) or _CODE_COMMAS.match(after)
        if code:
            state = code.group("state")
            found.append(_mention(text, name, PARTY_CODES[code.group("code")], start, end + code.end(), start, end,
                                  "code", state.strip().rstrip(",") if state else None))
        before = _BEFORE.search(text[max(0, start - window):start])
        left = start - (len(text[max(0, start - window):start]) - before.start()) if before else start
        if before and not text[max(0, left - 8):left].endswith(("former ", "Former ", "ex-")):
            found.append(_mention(text, name, PARTY_WORDS[before.group("party")], left, end, start, end, "before"))
        apposition = _APPOSITION.match(after)
        if apposition and not code and not _former(apposition.group(0)):
            found.append(_mention(text, name, PARTY_WORDS[apposition.group("party")], start,
                                  end + apposition.end(), start, end, "apposition"))
    return sorted(found, key=lambda m: (m.start, m.form))


def _former(apposition: str) -> bool:
    """Whether an apposition names a past party ("a former Republican")."""
    return " former " in f" {apposition} "


def _mention(
    text: str, name: str, party: str, start: int, end: int, name_start: int, name_end: int, form: str,
    state: str | None = None,
) -> PartyMention:
    return PartyMention(name, party, start, end, name_start, name_end, text[start:end], form, state)


def party_in_text(text: str, name: str, *, surname: bool = False) -> str | None:
    """The one party ``text`` gives ``name``, or ``None`` when it gives none or several.

    >>> party_in_text("Sen. Bernie Sanders (I-Vt.) and Democrat Bernie Sanders", "Bernie Sanders") is None
    True
    """
    parties = {m.party for m in find_party_mentions(text, name, surname=surname)}
    return next(iter(parties)) if len(parties) == 1 else None
