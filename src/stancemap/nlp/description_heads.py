"""Descriptions the article names further on, or by a role or a name it gives: heads, lead nouns, members.

:mod:`stancemap.nlp.descriptions` looks back for what a description points to; news
writing also names it after. These rules take the kinds that need the rest of the text:

- a bare noun opening a headline or subhead ("Poll", "Findings", "Campaign", "Judge",
  "SEIU chief") is the poll, campaign or person the first paragraphs name:
  :func:`lead_noun`;
- "the head of X", "X chief" is the person the article names as heading X ("Rules
  Committee Chairman Bruce Ash", "Mary Kay Henry, president of SEIU"), else, in the
  lead, the person the next paragraph has speaking: :func:`leader`;
- bare "Aides said Obama will ..." are the aides of the named person their report is
  about: :func:`reported_person`;
- "Saudi officials" speak for the country whose name the adjective begins ("Saudi
  Arabia"): :func:`norp_country`.

Every rule returns ``None`` when unsure; the description then goes on to the other rules.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from stancemap.names.headlines import line_at
from stancemap.names.normalise import without_the
from stancemap.nlp.coref_words import POLL_HEADS, RESULT_HEADS, role_nouns
from stancemap.nlp.description_owners import DescriptionRule, campaign_aides, owner_tokens
from stancemap.nlp.description_polls import named_poll
from stancemap.nlp.lexicon import speaks
from stancemap.nlp.salience import Salience, surname
from stancemap.nlp.spans import doc_text

if TYPE_CHECKING:
    from stancemap.nlp.descriptions import Descriptions

#: Nouns naming the one who heads a body ("the head of X", "X chief").
LEADER_NOUNS = frozenset({"head", "chief", "leader", "president", "chairman", "chairwoman", "chair", "director",
                          "boss"})
#: Sentences of a document that are its lead: headline, subhead and the body's first sentences.
LEAD_SENTENCES = 4
#: Sentences after a lead noun searched for what it names.
AHEAD_SENTENCES = 8
_AIDE_HEADS = frozenset({"aide", "aides", "adviser", "advisers", "advisor", "advisors"})
_AIDE_WORDS = frozenset({"a", "an", "one", "the", "senior", "top"})
_PRONOUN_GENDER = {"he": "m", "his": "m", "him": "m", "she": "f", "her": "f"}
_LEADER = re.compile(r"\b(?:" + "|".join(sorted(LEADER_NOUNS)) + r")\b")


def acronym(name: str) -> str | None:
    """The initials of a name of two capitalised words or more ("Service Employees International Union" ->
    "SEIU"); ``None`` for one word."""
    words = [w for w in name.split() if w[:1].isupper() and w.lower() != "the"]
    return "".join(w[0] for w in words) if len(words) >= 2 else None


def in_lead(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is in the document's first :data:`LEAD_SENTENCES` sentences."""
    for k, sent in enumerate(doc.sents):
        if k >= LEAD_SENTENCES:
            return False
        if sent.start <= i < sent.end:
            return True
    return False


def _sentences_after(sal: Salience, i: int, n: int) -> range:
    """Token indexes from ``i`` to the end of the ``n``-th sentence after token ``i``'s."""
    last = sal.sent_of[min(i, len(sal.doc) - 1)] + n
    end = i
    while end < len(sal.doc) and sal.sent_of[end] <= last:
        end += 1
    return range(i, end)


def _bare_opener(doc: Doc, s: int, e: int) -> bool:
    """Whether ``doc[s:e]`` opens its line with no determiner ("Poll", "Findings show ...")."""
    text = doc_text(doc)
    start, _ = line_at(text, doc[s].idx)
    return not text[start : doc[s].idx].strip() and doc[s].pos_ != "DET" and doc[s].text[:1].isupper()


def lead_noun(sal: Descriptions, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
    """A bare noun opening a line of the lead: the poll (its issuer), campaign or person named next."""
    if not _bare_opener(doc, s, e) or not in_lead(doc, s) or any(t.ent_type_ == "PERSON" for t in doc[s:e]):
        return None
    tok = doc[head]
    lemma, low = tok.lemma_.lower(), tok.lower_
    ahead = _sentences_after(sal, e, AHEAD_SENTENCES)
    if (lemma in POLL_HEADS and not low.endswith("s")) or (low in RESULT_HEADS and e - s == 1):
        return _first_issuer(sal, ahead)  # "Poll", "Findings": a poll's; "Polls" are several
    if low == "campaign" and e - s == 1:
        return _first_campaign(sal, ahead)
    if low in LEADER_NOUNS:
        return leader(sal, doc, s, e, head)
    if lemma in role_nouns() and e - s == 1 and tok.tag_ in ("NN", "NNP"):
        return _first_introduced(sal, ahead, low)  # "Judge": the judge the body names
    return None


def _first_issuer(sal: Descriptions, ahead: range) -> tuple[str, str] | None:
    """The issuer of the first poll named in ``ahead`` that names its issuer."""
    for i in ahead:
        tok = sal.doc[i]
        if tok.lower_ not in POLL_HEADS:
            continue
        named = named_poll(sal, i, run=True)
        if named is not None:
            return named, "organisation"
        ent = next((sal.ent_at[t.i] for t in owner_tokens(tok) if t.ent_type_ == "ORG" and t.i in sal.ent_at), None)
        if ent is not None:
            return sal.fullest_organisation(ent.text), "organisation"
    return None


def _first_campaign(sal: Descriptions, ahead: range) -> tuple[str, str] | None:
    """The first "<person>'s campaign" or "<person> campaign" named in ``ahead``."""
    for i in ahead:
        tok = sal.doc[i]
        if tok.lower_ != "campaign":
            continue
        for c in tok.children:
            if c.dep_ in ("poss", "compound") and (c.i in sal.surname_at or c.ent_type_ == "PERSON"):
                name = sal.surname_at.get(c.i) or sal.ent_text(c)
                return f"{surname(sal._fullest(name))} campaign", "organisation"
    return None


def _first_introduced(sal: Descriptions, ahead: range, noun: str) -> tuple[str, str] | None:
    """The first person in ``ahead`` introduced with ``noun`` right before or beside their name."""
    text = doc_text(sal.doc).lower()
    word = re.compile(rf"\b{re.escape(noun)}\b")
    for m in sal.mentions:
        if m.token in ahead and m.type == "person":
            at = sal.doc[m.token].idx
            if word.search(text[max(0, at - 40) : at]) or word.search(text[at : at + len(m.name) + 40]):
                return m.name, "person"
    return None


def leader(sal: Descriptions, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
    """"The head of X", "X chief": the one person the article names as heading X (a title before the name
    or an apposition after it), else, in the lead, the first person named after as a speaker."""
    tok = doc[head]
    if tok.lower_ not in LEADER_NOUNS or any(t.ent_type_ == "PERSON" for t in doc[s:e]):
        return None
    keys = _body_keys(sal, tok)
    if not keys:
        return None
    gender = next((_PRONOUN_GENDER[t.lower_] for t in doc[e : doc[head].sent.end] if t.lower_ in _PRONOUN_GENDER),
                  None)
    text = doc_text(doc)
    titled = {m.name for m in sal.mentions if m.type == "person" and _agrees(sal, m.name, gender)
              and _titled(text, doc[m.token].idx, len(m.name), keys)}
    if len(titled) == 1:
        return titled.pop(), "person"
    if titled or not in_lead(doc, s):
        return None
    for m in sal.mentions:
        if m.token < e or m.type != "person" or sal.sent_of[m.token] - sal.sent_of[e - 1] > AHEAD_SENTENCES:
            continue
        name = doc[m.token]
        while name.dep_ in ("compound", "flat") and name.head.i != name.i:
            name = name.head
        if speaks(name) and _agrees(sal, m.name, gender):
            return m.name, "person"
    return None


def _agrees(sal: Salience, name: str, gender: str | None) -> bool:
    """Whether the person ``name`` may be of ``gender`` (any when either is unknown)."""
    return gender is None or sal.gender.get(name) in (None, gender)


def _body_keys(sal: Salience, tok: Token) -> set[str]:
    """Lower-case names of the body a leader noun heads: the "of" phrase or the words before it, with the
    organisation's initials ("the Service Employees International Union" -> also "seiu")."""
    body = [c for p in tok.children if p.dep_ == "prep" and p.lower_ == "of" for c in p.children if c.dep_ == "pobj"]
    words = [c for c in tok.children if c.dep_ in ("compound", "nmod", "amod") and c.i < tok.i]
    if body:
        root = body[0]
        words = [c for c in root.children if c.dep_ == "compound" and c.i < root.i] + [root]
    if not words or any(t.ent_type_ in ("GPE", "NORP", "PERSON") for t in words):
        return set()
    keys = {" ".join(t.lower_ for t in doc_slice(words))}
    ent = sal.entity_over(words[-1].i)
    if ent is not None and ent.label_ == "ORG":
        full = sal.fullest_organisation(without_the(ent.text))
        keys |= {full.lower(), *([a.lower()] if (a := acronym(full)) else [])}
    for m in sal.mentions:  # "SEIU chief" with "the Service Employees International Union" named
        if m.type == "organisation" and (a := acronym(m.name)) and a.lower() in keys:
            keys.add(m.name.lower().removeprefix("the "))
    return {k for k in keys if k}


def doc_slice(words: list[Token]) -> list[Token]:
    """``words`` in text order."""
    return sorted(words, key=lambda t: t.i)


def _titled(text: str, at: int, length: int, keys: set[str]) -> bool:
    """Whether the name at character ``at`` is titled as heading a body in ``keys``: "Rules Committee
    Chairman Bruce Ash", "the head of SEIU, Mary Kay Henry", "Mary Kay Henry, president of SEIU,"."""
    before = re.sub(r"[\s,]+$", "", text[max(0, at - 80) : at].lower())
    after = text[at + length : at + length + 90].lower()
    after = re.split(r"[.;)]|,(?!\s*(?:the|a)\b)", after[1:], maxsplit=1)[0] if after.startswith(",") else ""
    leader = _LEADER.pattern
    for key in map(re.escape, keys):
        if re.search(rf"\b{key}(?:['’]s)?(?:\s+[\w.'’-]+)?\s+{leader}$|\b{leader}\s+of\s+(?:the\s+)?{key}$", before):
            return True  # "Rules Committee Chairman Bruce Ash", "the head of SEIU, Mary Kay Henry"
        if re.search(leader, after) and re.search(rf"\b{key}\b", after):
            return True  # "Mary Kay Henry, president of SEIU,"
    return False


def reported_person(sal: Descriptions, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
    """Bare "Aides said Obama will ...": the person named as the subject of what they said (aides in a
    campaign story are the campaign's, :func:`stancemap.nlp.description_owners.campaign_aides`)."""
    tok = doc[head]
    words = {t.lower_ for t in doc[s:e] if not t.is_punct and t.i != head}
    if tok.lower_ not in _AIDE_HEADS or not words <= _AIDE_WORDS or tok.dep_ != "nsubj":
        return None
    if any(c.dep_ in ("poss", "prep") for c in tok.children):
        return None
    campaign = campaign_aides(sal, doc, s, e, head)
    if campaign is not None:
        return campaign
    said = next((c for c in tok.head.children if c.dep_ == "ccomp"), None)
    subject = next((c for c in said.children if c.dep_ in ("nsubj", "nsubjpass")), None) if said else None
    if subject is None:
        return None
    if subject.i in sal.surname_at:
        return sal.surname_at[subject.i], "person"
    ent = sal.entity_over(subject.i)
    if ent is None or not (ent.label_ == "PERSON" or sal.is_person_surname(ent.text)):
        return None
    return sal._fullest(ent.text), "person"


def norp_country(sal: Salience, text: str) -> tuple[str, str] | None:
    """The one country the document names that a nationality adjective begins ("Saudi" -> "Saudi Arabia")."""
    found = {re.sub(r"['’]s$", "", x.text) for x in sal.ent_at.values()
             if x.label_ == "GPE" and x.text.startswith(text + " ")}  # "Saudi Arabia's" is Saudi Arabia
    return (found.pop(), "country") if len(found) == 1 else None


#: This module's span rules in the order they are tried.
AHEAD_RULES: tuple[DescriptionRule, ...] = (lead_noun, leader, reported_person)
