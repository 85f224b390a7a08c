"""Owners of descriptions that name no one: a person's lawyers, an issued text, unnamed officials.

The rules of :mod:`stancemap.nlp.descriptions` resolve a description through a name in
the phrase or a role the article gave a person. These rules take the remaining kinds,
each from what the article itself establishes:

- a thing or agent a possessive ties to a person ("her lawyers", "his office",
  "His representatives", "her plan") is that person's: :func:`possessed`;
- an issued text ("the petition", "the note", "The report") is its issuer's: the owner
  named at an earlier mention of the same kind of text ("a handwritten note from Donald
  J. Trump"; "Nunberg filed a petition"; "The AP reported"): :func:`issued_by`;
- unnamed "officials", "the government", "the administration" in an article about one
  government speak for that country: :func:`government`;
- "the securities analyst" is the person the article introduced with those words
  ("Roffman, a securities analyst for ..."): :func:`introduced_as`;
- "the party" is the one party the article names clearly most: :func:`the_party`;
- "the Republican", "the Democrat" is that party's person the article is about: :func:`party_member`;
- bare "aides" in a campaign story are the campaign's: :func:`campaign_aides`.

Shared with :meth:`stancemap.nlp.descriptions.Descriptions.owner`: the phrases after a head that may name
its owner (:func:`owner_phrases`) and whether a word is inside one of them (:func:`in_pp`).

Every rule returns ``None`` when unsure; the description then stays unresolved.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from stancemap.names.antecedents import home_country
from stancemap.names.normalise import without_the
from stancemap.names.wordlists import PARTY_OF_WORD
from stancemap.nlp.coref_words import country_forms, role_nouns, word_list
from stancemap.nlp.known_actors import KnownActors
from stancemap.nlp.salience import Salience, surname
from stancemap.nlp.spans import doc_text

if TYPE_CHECKING:
    from stancemap.nlp.descriptions import Descriptions

#: Heads a person's possessive makes that person's ("her lawyers", "his office"; ``coref_possessed_heads.tsv``).
POSSESSED_HEADS = word_list("possessed_heads")
#: Kinds of issued text, each a set of heads that name one kind ("the report" after "an investigation").
ISSUED_KINDS = (frozenset({"report", "investigation", "analysis", "study", "review", "audit"}),
                frozenset({"statement", "release", "announcement", "announce"}),
                frozenset({"petition", "lawsuit", "suit", "complaint", "filing", "motion", "affidavit", "brief"}),
                frozenset({"note", "letter", "memo", "email"}),
                frozenset({"story", "article"}),
                frozenset({"bill", "legislation", "measure", "resolution", "amendment", "proposal"}))
#: Words a bare description of unnamed government people may carry ("senior administration officials").
_GOVERNMENT_WORDS = frozenset({"the", "senior", "administration", "government", "federal", "top", "some", "several"})
_GOVERNMENT_HEADS = frozenset({"official", "officials", "government", "administration"})
_POSSESSIVE_GENDER = {"his": "m", "her": "f"}
#: How far back (characters) a campaign must be spoken of for bare "aides" to be a campaign's.
_CAMPAIGN_CHARS = 1500
_AIDE_HEADS = frozenset({"aide", "aides", "adviser", "advisers", "advisor", "advisors", "staffer", "staffers"})
_AIDE_WORDS = frozenset({"a", "an", "one", "the", "senior", "top", "campaign"})
#: Heads of people who speak for a body ("its spokesman", "their representatives").
_SPEAKING_HEADS = frozenset({"spokesman", "spokeswoman", "spokesperson", "spokespeople", "representative",
                             "representatives", "official", "officials", "executive", "executives", "leader",
                             "leaders"})


def _plain(doc: Doc, s: int, e: int, head: int) -> bool:
    """Whether ``doc[s:e]`` has no name in it and its head no preposition after it."""
    if any(t.ent_type_ or t.pos_ == "PROPN" for t in doc[s:e]):
        return False
    return not any(c.dep_ in ("prep", "acl", "relcl") and c.i >= e for c in doc[head].children)


def possessed(sal: Salience, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
    """"her lawyers", "His office", "His representatives": the person the possessive points back to."""
    tok = doc[head]
    if tok.lemma_.lower() not in POSSESSED_HEADS and tok.lower_ not in POSSESSED_HEADS:
        return None
    named = _named_owner(sal, _client_phrase(tok))
    if named is not None:  # "Clinton's lawyers", "Attorneys for Clinton": hers
        return named
    owner = next((c for c in tok.children if c.dep_ == "poss" and c.lower_ in ("his", "her")), None)
    if owner is None or any(t.ent_type_ or t.pos_ == "PROPN" for t in doc[s:e]):
        return None
    # the person just named first ("... in Sen. David Vitter's case. His office ..."), else the pronoun's
    near = sal.best(owner.i, {"person"}, _POSSESSIVE_GENDER[owner.lower_], window=1)
    who, typ = near if near is not None else sal.pronoun(owner, owner.i)
    return (sal._fullest(who), "person") if who is not None and typ == "person" else None


def _client_phrase(tok: Token) -> list[Token]:
    """The words of the possessive or "for" phrase of ``tok`` that name one client ("Clinton's lawyers",
    "Attorneys for Clinton"); none for two ("lawyers for both Donald and Ivana Trump")."""
    for child in tok.children:
        phrase = list(child.subtree) if child.dep_ == "poss" or (child.dep_ == "prep" and child.lower_ == "for") \
            else []
        if phrase and not any(t.dep_ == "conj" for t in phrase):
            return phrase
    return []


def its_people(sal: Salience, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
    """"Its senior vice president", "its lawyers", "their spokesman": the organisation or group the possessive
    points back to (a person's "his"/"her" people are :func:`possessed`)."""
    tok = doc[head]
    owner = next((c for c in tok.children if c.dep_ == "poss" and c.lower_ in ("its", "their")), None)
    if owner is None or tok.pos_ != "NOUN" or any(t.ent_type_ or t.pos_ == "PROPN" for t in doc[s:e]):
        return None
    lemma = tok.lemma_.lower()
    if lemma not in role_nouns() and lemma not in POSSESSED_HEADS and lemma not in _AIDE_HEADS | _SPEAKING_HEADS:
        return None
    who, typ = sal.pronoun(owner, owner.i)
    return (who, typ) if who is not None and typ in ("organisation", "country", "group") else None


def owner_phrases(tok: Token, heard: tuple[str, ...]) -> list[Token]:
    """The prepositions after ``tok`` that may name its owner: its own ("a poll by Gallup") and those of a
    participle describing it ("exit polls conducted for the Associated Press")."""
    return [c for c in tok.children if c.dep_ == "prep" and c.lower_ in heard] + participle_agents(tok, ("by", "for"))


def in_pp(tok: Token, head: int, preps: tuple[str, ...]) -> bool:
    """Whether ``tok`` sits in a prepositional phrase ("of ...", "among ...") attached under token ``head``,
    not in a "by" phrase inside it ("a poll of 400 voters released by Latino Decisions": the issuer)."""
    t = tok
    while t.i != head and t.head.i != t.i:
        if t.dep_ == "agent" or (t.dep_ == "prep" and t.lower_ == "by"):
            return False
        if t.dep_ == "pobj" and t.head.lower_ in preps:
            return True
        t = t.head
    return False


def campaign_of(sal: Salience, person: str, certain: bool = False) -> tuple[str, str]:
    """Who a person's aides and spokespeople speak for: "<Surname> campaign" when the person runs one
    (``certain``: the phrase says so, "his campaign"; the article writes "the Sanders campaign", "Sanders's
    campaign"; or the registry tells of a campaign, a candidacy or a nomination of theirs), else the person
    ("A Warren adviser": Elizabeth Warren)."""
    last = surname(person)
    if certain:
        return f"{last} campaign", "organisation"
    own = re.compile(rf"\b{re.escape(last)}(?:['\u2019]s?)?\s+(?:presidential\s+|\w+-year\s+)?campaign\b", re.I)
    named = f"{last} campaign" in {m.name for m in sal.mentions if m.type == "organisation"}
    if own.search(doc_text(sal.doc)) or named or _campaign_of_registry(sal.known, person):
        return f"{last} campaign", "organisation"
    return person, "person"


@lru_cache(maxsize=4096)
def _campaign_of_registry(known: KnownActors, person: str) -> bool:
    """Whether the registry tells that ``person`` ran a campaign: a campaign organisation of theirs (an
    alias "<Surname> campaign"), a candidacy (a dated party membership) or a nomination held."""
    found = known.lookup(f"{surname(person)} campaign")
    if found is not None and found.actor.type == "organisation" and found.method in ("exact", "alias"):
        return True
    if person not in known:
        return False
    nominated = any("nominee" in str(getattr(held[0] if isinstance(held, tuple) else held, "title", "")).lower()
                    for held in known.roles_of(person))
    return nominated or any(m.start is not None for m in known.parties_of(person))


def administration_country(sal: Salience, admin: Token) -> str | None:
    """The country an administration governs: the one the article is about, else the registry's for its named
    form ("Obama administration" -> United States)."""
    home = home_country(doc_text(sal.doc), country_forms(sal.known))
    if home:
        return home
    named = " ".join(t.text for t in admin.subtree if t.i <= admin.i and t.pos_ == "PROPN")
    found = sal.known.lookup(f"{named} administration") if named else None
    return found.actor.name if found is not None and found.actor.type == "country" else None


def issued_kind(lemma: str) -> frozenset[str]:
    """The heads naming the same kind of issued text as ``lemma`` ("report" -> report, investigation...)."""
    return next((kind for kind in ISSUED_KINDS if lemma in kind), frozenset({lemma}))


def owner_tokens(tok: Token) -> list[Token]:
    """Tokens that may name who issued the text ``tok`` heads: its possessive, compound and name
    modifiers, its "by"/"from" phrase, a participle's "issued by"/"attributed to" phrase; not a
    relative clause or "of" phrase ("a report suggesting donors to the Clinton Foundation ...")."""
    found: list[Token] = []
    for c in tok.children:
        if c.dep_ in ("poss", "compound", "nmod") and c.i < tok.i:
            found += list(c.subtree)
        elif c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from"):
            found += list(c.subtree)
    return found + [t for phrase in participle_agents(tok, ("by", "to", "for")) for t in phrase.subtree]


def participle_agents(tok: Token, preps: tuple[str, ...]) -> list[Token]:
    """The "by" (or ``preps``) phrases of a participle describing ``tok`` ("exit polls conducted for the
    Associated Press"), also where the parser hung it on ``tok``'s "of" phrase ("a poll of 400 voters
    released by Latino Decisions")."""
    nouns = [tok, *(o for c in tok.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj")]
    return [cc for noun in nouns for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN"
            for cc in c.children if cc.dep_ == "agent" or (cc.dep_ == "prep" and cc.lower_ in preps)]


def _named_owner(sal: Salience, tokens: list[Token]) -> tuple[str, str] | None:
    """The first person or organisation named in ``tokens``: a person named as a campaign's
    ("the Sanders campaign") is the campaign."""
    for t in tokens:
        ent = sal.ent_at.get(t.i)
        if ent is not None and ent.label_ == "ORG" and not sal.is_person_surname(ent.text):
            return sal.fullest_organisation(without_the(ent.text)), "organisation"
        if (ent is not None and ent.label_ in ("PERSON", "ORG")) or t.i in sal.surname_at:
            text = ent.text if ent is not None else sal.surname_at[t.i]
            root = ent.root if ent is not None else t
            if root.dep_ == "compound" and root.head.lemma_.lower() == "campaign":
                return f"{surname(sal._fullest(text))} campaign", "organisation"
            return sal._fullest(text), "person"
    return None


def subject_owner(sal: Salience, tok: Token) -> tuple[str, str] | None:
    """Who did what to the text ``tok`` heads: the named subject of the verb it is the object of
    ("Nunberg filed a petition"), or of the verb of its own kind ("The AP reported")."""
    verb = tok if tok.pos_ == "VERB" else tok.head if tok.dep_ == "dobj" else None
    if verb is None:
        return None
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    for subject in subjects:
        found = _named_owner(sal, [t for t in subject.subtree if t.i <= subject.i])
        if found is not None:
            return found
    return None


def issued_by(sal: Salience, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
    """"The petition", "the note", "The report" (definite, no owner named): the issuer of the latest
    earlier mention of that kind of text, from its own modifiers or the subject of its verb."""
    tok = doc[head]
    kind = issued_kind(tok.lemma_.lower())
    if len(kind) < 2 or doc[s].lower_ not in ("the", "this", "that") or not _plain(doc, s, e, head):
        return None
    if owner_tokens(tok):
        return None
    found = earlier_issuer(sal, doc, s, kind)
    if found is None and "statement" in kind:
        return sal.last_speaker(s, window=1)  # "Fox News confirmed that ... According to the statement, ..."
    return found


def earlier_issuer(sal: Salience, doc: Doc, before: int, kind: frozenset[str]) -> tuple[str, str] | None:
    """The issuer of the latest mention of a text of ``kind`` before token ``before``, within 400 tokens."""
    for tok in reversed(doc[max(0, before - 400) : before]):
        if tok.lemma_.lower() not in kind or (tok.text[:1].isupper() and not tok.is_sent_start):
            continue  # "Trump Campaign Made Unexpected Announcement": a headline's capitals
        if tok.pos_ in ("NOUN", "PROPN"):
            found = _named_owner(sal, owner_tokens(tok)) or subject_owner(sal, tok)
        elif tok.pos_ == "VERB" and sal.sent_of[before] - sal.sent_of[tok.i] <= 2:
            found = subject_owner(sal, tok)  # "the Republican Party of Wyoming announced ..."
        else:
            continue
        if found is not None:
            return found
    return None


def government(sal: Descriptions, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
    """Unnamed "officials", "senior administration officials", "the government", "the administration":
    the country an article about one government is about, when the sentence or the three before it
    speak of its administration or government and no other body is named in them."""
    tok = doc[head]
    words = [t.lower_ for t in doc[s:e] if not t.is_punct and t.i != head] or [""]
    if tok.lower_ not in _GOVERNMENT_HEADS or not set(words) <= _GOVERNMENT_WORDS | {""} or not _plain(doc, s, e, head):
        return None
    if tok.lower_ in ("government", "administration") and words[0] != "the":
        return None
    here = sal.sent_of[s]
    spoken = [t for t in doc[:s] if t.lower_ in ("administration", "government") and not sal.quoted[t.i]]
    if tok.lower_ in ("official", "officials") and not (
            len(spoken) >= 2 or any(here - sal.sent_of[t.i] <= 3 for t in spoken)):
        return None
    if any(t.ent_type_ == "ORG" and sal.sent_of[t.i] == here and t.dep_ in ("nsubj", "nsubjpass", "poss")
           for t in doc[:s]):
        return None  # "officials" in a sentence naming another body: perhaps that body's
    country = sal.home()
    return (country, "country") if country is not None else None


def introduced_as(sal: Salience, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
    """"The securities analyst": the one person the article introduced with the same words right
    beside their name ("Roffman, a securities analyst for ..."); two words or more besides "the"."""
    words = [t for t in doc[s:e] if not t.is_punct]
    if len(words) < 3 or words[0].lower_ != "the" or doc[head].tag_ != "NN" or not _plain(doc, s, e, head):
        return None
    words_re = r"\s+".join(re.escape(t.lower_) for t in words[1:])
    after = re.compile(rf"^\s*,\s*(?:an?|the)\s+(?:[\w'-]+\s+){{0,3}}?{words_re}\b")
    before = re.compile(rf"\b{words_re}\s*,?\s*$")
    text = doc_text(doc).lower()
    named = set()
    for m in sal.mentions:
        if m.token >= s or m.type != "person":
            continue
        ent = sal.ent_at.get(m.token)
        start, end = doc[m.token].idx, ent.end_char if ent is not None else doc[m.token].idx + len(doc[m.token])
        if after.search(text[end : end + 80]) or before.search(text[max(0, start - 60) : start]):
            named.add(m.name)
    return (next(iter(named)), "person") if len(named) == 1 else None


def the_party(sal: Salience, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
    """"The party": the party the article names before it clearly most ("Democrats", "Republican"),
    at least three times and twice as often as any other."""
    words = [t.lower_ for t in doc[s:e] if not t.is_punct]
    if words != ["the", "party"]:
        return None
    counts: dict[str, int] = {}
    for t in doc[:s]:
        party = PARTY_OF_WORD.get(t.lower_) if t.ent_type_ == "NORP" or t.lower_ == "gop" else None
        if party is not None:
            counts[party] = counts.get(party, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < 3 or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
        return None
    return ranked[0][0], "organisation"


def party_member(sal: Descriptions, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
    """"The Republican", "the Democrat" (AP style for a candidate), "the Wisconsin Republican": the party's
    most salient person named before (:meth:`Descriptions.party_person`, placed there when a place is
    given); ``None`` when the article named none."""
    words = [t for t in doc[s:e] if not t.is_punct]
    if len(words) < 2 or words[0].lower_ != "the" or not words[-1].text[:1].isupper():
        return None
    places = words[1:-1]
    if len(places) > 2 or any(t.ent_type_ != "GPE" for t in places):
        return None
    party = PARTY_OF_WORD.get(words[-1].lower_)
    if party is None or words[-1].lower_.endswith("s"):
        return None  # "the Republicans" are the party's members, not one person
    return sal.party_person(s, party, [t.lower_ for t in places], None)


def campaign_aides(sal: Descriptions, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
    """Bare "aides", "a senior aide", "campaign advisers" after a mention of a campaign (in the 1,500
    characters before): the campaign :meth:`Descriptions.campaign_before` finds."""
    tok = doc[head]
    words = {t.lower_ for t in doc[s:e] if not t.is_punct and t.i != head}
    if tok.lower_ not in _AIDE_HEADS or not words <= _AIDE_WORDS or not _plain(doc, s, e, head):
        return None
    if any(c.dep_ == "poss" for c in tok.children) or tok.dep_ == "conj":
        return None  # "their friends and advisers": whose, the conjunction's owner says
    if "campaign" not in doc_text(doc)[max(0, doc[s].idx - _CAMPAIGN_CHARS) : doc[s].idx].lower():
        return None  # no campaign spoken of near: a government's or a firm's aides
    return sal.campaign_before(s)


#: A description rule: ``rule(sal, doc, s, e, head)`` resolves ``doc[s:e]`` (headed by token ``head``) to
#: ``(name, type)``, or returns ``None`` when unsure.
DescriptionRule = Callable[["Descriptions", Doc, int, int, int], "tuple[str, str] | None"]


def first_resolved(rules: Sequence[DescriptionRule], sal: Descriptions, doc: Doc, s: int, e: int,
                   head: int) -> tuple[str, str] | None:
    """What the first of ``rules`` that resolves ``doc[s:e]`` gives, else ``None``."""
    for rule in rules:
        found = rule(sal, doc, s, e, head)
        if found is not None:
            return found
    return None


#: This module's rules in the order they are tried (:func:`owned`).
OWNER_RULES: tuple[DescriptionRule, ...] = (possessed, its_people, issued_by, government, introduced_as, the_party,
                                            campaign_aides)


def owned(sal: Descriptions, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
    """The first of this module's rules that resolves ``doc[s:e]`` (headed by token ``head``)."""
    return first_resolved(OWNER_RULES, sal, doc, s, e, head)
