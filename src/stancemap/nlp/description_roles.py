"""Role holders the article names: X's spokesperson and the judge.

"A spokeswoman for Hillary Clinton", "a Clinton spokesman" speak for X; when the same article
names X's spokesperson ("Clinton spokeswoman Jennifer Palmieri", "Brian Fallon, a spokesman for
Clinton") before the mention or in the :data:`AFTER_SENTENCES` sentences after it, the speaker is
that person: :func:`named_spokesperson`. A spokesperson named only far after is not
established as the same one, and the description keeps its owner (X's campaign or organisation).

"The judge", "a New York judge", "the justice" is the judge the article names with the title
("Justice Frank Nervo", "U.S. District Judge Emmet G. Sullivan") or an apposition ("Curiel, the
judge in the case"); judge and justice are one role. A court the description names ("a U.S.
District Court judge") must not differ from the named judge's ("Circuit Court Judge X"):
:func:`named_judge`. Both return ``None`` when unsure.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from stancemap.nlp.descriptions import Descriptions
from stancemap.nlp.salience import surname
from stancemap.nlp.spans import doc_text

#: Sentences after a description in which the person it means may still be named.
AFTER_SENTENCES = 2
_SPOKES_GENDER = {"spokesman": "m", "spokeswoman": "f", "spokesperson": None}
_SPOKES = r"(?:spokes(?:wo)?man|spokesperson|press\s+secretary|communications\s+director)"
#: Heads of a description of a judge; :func:`named_judge` resolves them, not a role named after alone.
JUDGE_WORDS = frozenset({"judge", "justice"})
#: Words naming a court's level or kind; a description and a named judge that both have some must share one.
_COURTS = frozenset({"district", "circuit", "appeals", "appellate", "supreme", "magistrate", "superior",
                     "bankruptcy", "county", "municipal", "family", "probate", "immigration", "tax"})
_JUDGE_TITLE = re.compile(r"\b(?:Judge|Justice)\s+$")
_JUDGE_APPOSITION = re.compile(r"^\s*,\s*(?:a|an|the)\s+(?:[\w.'’-]+\s+){0,5}?(?:judge|justice)\b")


def named_spokesperson(sal: Descriptions, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
    """"A spokeswoman for X", "a X spokesman": the one person the article names as X's spokesperson,
    before the mention or in the next sentences, of the gender the noun gives."""
    tok = doc[head]
    if tok.lower_ not in _SPOKES_GENDER or any(t.ent_type_ == "PERSON" for t in doc[head:e]):
        return None  # "Clinton's spokesman, Brian Fallon" names the speaker
    if any(c.dep_ == "appos" for c in tok.children):
        return None
    owner = [t for t in doc[s:e] if t.i != head] + [
        t for c in tok.children if c.dep_ == "prep" and c.lower_ in ("for", "to", "at") for t in c.subtree]
    keys = _keys(sal, owner)
    if not keys:
        return None
    text = doc_text(doc)
    gender = _SPOKES_GENDER[tok.lower_]
    last = sal.sent_of[e - 1] + AFTER_SENTENCES
    named = set()
    for m in sal.mentions:
        if m.type != "person" or s <= m.token < e or (m.token >= e and sal.sent_of[m.token] > last):
            continue
        if gender and sal.gender.get(m.name) not in (None, gender):
            continue
        at = doc[m.token].idx
        end = sal.ent_at[m.token].end_char if m.token in sal.ent_at else at + len(doc[m.token])
        if _spokesperson_of(text[max(0, at - 80) : at], text[end : end + 90], keys):
            named.add(m.name)
    return (named.pop(), "person") if len(named) == 1 else None


def _keys(sal: Descriptions, tokens: list[Token]) -> set[str]:
    """Names of the one X a spokesperson phrase speaks for: a person's surname, an organisation's names."""
    keys: set[str] = set()
    for t in tokens:
        ent = sal.entity_over(t.i)
        if t.i in sal.surname_at:
            keys.add(surname(sal._fullest(sal.surname_at[t.i])))
        elif ent is not None and ent.label_ == "PERSON":
            keys.add(surname(sal._fullest(ent.text)))
        elif ent is not None and ent.label_ == "ORG":
            name = re.sub(r"['’]s?$", "", ent.text.removeprefix("the ").removeprefix("The "))
            keys |= {name, sal.fullest_organisation(name)}
    return keys if len({k.split()[-1] for k in keys}) <= 2 else set()


def _spokesperson_of(before: str, after: str, keys: set[str]) -> bool:
    """Whether a name with ``before`` and ``after`` around it is titled as the spokesperson of one of
    ``keys``: "Clinton spokeswoman <Name>", "Clinton's spokesman, <Name>", "a spokeswoman for Clinton,
    <Name>", "<Name>, a spokesman for Clinton", "<Name>, Clinton's spokesman"."""
    before = before.rstrip()
    for key in map(re.escape, keys):
        of = rf"{key}(?:['’]s?)?\s+(?:[\w-]+\s+){{0,2}}?{_SPOKES}"  # "Clinton (campaign) spokesman"
        for_ = rf"{_SPOKES}\s+(?:for|to)\s+(?:[\w.]+\s+){{0,3}}?{key}"  # "spokesman for (Mrs.) Clinton"
        if re.search(rf"\b(?:{of}|{for_})\s*,?$", before):
            return True
        if re.match(rf"\s*,\s*(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){{0,2}}?(?:{of}|{for_})\b", after):
            return True
    return False


def named_judge(sal: Descriptions, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
    """"The judge", "a New York judge", "the justice": the judge the article names (see the module)."""
    tok = doc[head]
    words = [t for t in doc[s:e] if not t.is_punct]
    if tok.lower_ not in JUDGE_WORDS or tok.tag_ not in ("NN", "NNP") or not words or words[-1].i != head:
        return None
    if any(t.ent_type_ == "PERSON" for t in words) or len(words) > 6:
        return None
    first = words[0].lower_
    definite = first in ("the", "this")
    if not definite and first not in ("a", "an", "one") and len(words) > 1:
        return None  # "Judge" alone is a headline's: the lead rules take it
    courts = {t.lower_ for t in words} & _COURTS
    judges = _titled_judges(sal, doc, courts)
    before = {m.name for m in sal.mentions if m.token < s and m.name in judges}
    if definite and before:
        return sal.best(s, {"person"}, None, only=before, window=10**6)
    last = sal.sent_of[e - 1] + AFTER_SENTENCES
    after = [m.name for m in sal.mentions if m.token >= e and sal.sent_of[m.token] <= last and m.name in judges]
    if after:
        return after[0], "person"
    if len(judges) != 1 or definite or (courts and not _titled_judges(sal, doc, courts, agree=True)):
        return None  # "a U.S. District Court judge" and the one judge named, of no court: perhaps another
    return next(iter(judges)), "person"


def _titled_judges(sal: Descriptions, doc: Doc, courts: set[str], agree: bool = False) -> set[str]:
    """People the article titles as judges ("Judge X", "Justice X", "X, the judge ..."), of a court that
    agrees with ``courts`` where both name one (with ``agree``, only those whose title names one of ``courts``)."""
    text = doc_text(doc)
    found: set[str] = set()
    for m in sal.mentions:
        if m.type != "person":
            continue
        at = doc[m.token].idx
        end = sal.ent_at[m.token].end_char if m.token in sal.ent_at else at + len(doc[m.token])
        before = text[max(0, at - 60) : at]
        if _JUDGE_TITLE.search(before):
            title = re.split(r"[.;,\n]", before)[-1]
        else:
            match = _JUDGE_APPOSITION.match(text[end : end + 90])
            if match is None:
                continue
            title = match.group(0)
        theirs = set(re.findall(r"[a-z]+", title.lower())) & _COURTS
        if (courts and theirs and not courts & theirs) or (agree and not courts & theirs):
            continue
        found.add(m.name)
    return found
