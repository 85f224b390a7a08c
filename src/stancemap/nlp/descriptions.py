"""Descriptions resolved to the entity the document establishes: roles, spokespeople, campaigns, polls.

"The candidate" and "the retired neurosurgeon" point back to a person named
before; "a Treasury spokeswoman" and "campaign officials" speak for their
organisation or campaign; "a new Gallup poll" and "the survey" were issued by
someone; "the agency" is the organisation last named. Every rule reads the
parsed Doc and the ranked mentions of :class:`stancemap.nlp.salience.Salience`;
when unsure a rule returns ``None`` and the description stays unresolved.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from stancemap.names.antecedents import home_country, main_person, parties_written_with, place_agrees
from stancemap.names.gender import noun_gender
from stancemap.names.normalise import name_key, title_key
from stancemap.names.wordlists import PARTY_OF_WORD
from stancemap.nlp.clause_gender import subject_gender
from stancemap.nlp.coref_words import (
    AGENT_HEADS,
    CAMPAIGN_HEADS,
    DESCRIBED_PERSONS,
    INTRODUCED_PERSONS,
    ISSUED_HEADS,
    ORGANISATION_NOUNS,
    POLL_HEADS,
    RESULT_HEADS,
    SPOKESPEOPLE,
    UNNAMED_SOURCES,
    country_forms,
    role_nouns,
    role_titles,
)
from stancemap.nlp.description_heads import norp_country
from stancemap.nlp.description_owners import (
    administration_country,
    campaign_of,
    in_pp,
    owner_phrases,
    subject_owner,
)
from stancemap.nlp.description_places import is_politician, party_member_name, placed_person, unplaced_politician
from stancemap.nlp.description_polls import issuer_after, issuer_before, issuer_name, named_poll
from stancemap.nlp.description_repeats import repeated_head
from stancemap.nlp.doc_names import DocNames
from stancemap.nlp.known_actors import NO_ACTORS, KnownActors
from stancemap.nlp.salience import Salience, surname
from stancemap.nlp.spans import doc_text


class Descriptions(Salience):
    """:class:`Salience` with the rules that resolve description speakers; ``date`` is the document's."""

    def __init__(self, doc: Doc, ents: list[Span], names: DocNames, date: dt.date | None = None,
                 known: KnownActors = NO_ACTORS) -> None:
        super().__init__(doc, ents, names, known)
        self.date = date

    def home(self) -> str | None:
        """The country the article is about (:func:`stancemap.names.antecedents.home_country`)."""
        return home_country(doc_text(self.doc), country_forms(self.known))

    def owner(self, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
        """Who a spokesperson, aide, campaign, poll or report in ``doc[s:e]`` acts or speaks for.

        The owner named in the phrase or its "for/to" phrase first ("a Treasury spokeswoman";
        "Democratic officials": the party; "Trump officials": his campaign). A poll is issued by
        an organisation, and its "of"/"among" phrase is who was asked ("a poll of Indiana voters").
        Else "the campaign" is :meth:`campaign_before`'s and "the poll" the last named poll's.
        """
        lemma = doc[head].lemma_.lower()
        word = doc[head].text.lower()
        if not ({lemma, word} & (AGENT_HEADS | ISSUED_HEADS)):
            return None
        poll = bool({lemma, word} & POLL_HEADS)
        heard = ("for", "to", "at", "from", "with", "by") if poll else ("for", "to", "at", "of", "from", "with")
        inner = [t for t in doc[s:e] if t.i != head and not (poll and in_pp(t, head, ("of", "among")))] + [
            t for child in owner_phrases(doc[head], heard) if child.i >= e for t in child.subtree
        ]
        possessor = {t.i for c in doc[head].children if c.dep_ == "poss" for t in c.subtree}
        inner.sort(key=lambda t: t.i not in possessor)  # "Yildirim's LinkedIn page": Yildirim's, not LinkedIn's
        admin = next((t for t in inner if t.lower_ == "administration" and t.i != head), None)
        if admin is not None:  # "senior administration officials", "a senior Obama administration official"
            country = administration_country(self, admin)
            if country:
                return country, "country"
        campaign = bool({lemma, word} & CAMPAIGN_HEADS) or any(
            t.lower_ == "campaign" and t.dep_ in ("compound", "amod", "nmod") for t in doc[s:e])
        unnamed = bool({lemma, word} & UNNAMED_SOURCES)  # "a GOP source": a Republican, not the party
        labels = ("ORG",) if campaign or poll or unnamed else ("ORG", "GPE", "NORP")
        if poll and s <= head < e:  # "a Bloomberg poll", "an NBC/Wall Street Journal poll": the names before it
            named = named_poll(self, head, run=True)
            if named is not None:
                return named, "organisation"
        for t in inner:
            if t.ent_type_ in labels and t.i in self.ent_at and not (unnamed and t.lower_ in PARTY_OF_WORD):
                ent = self.ent_at[t.i]
                if t.ent_type_ == "GPE":
                    return ent.text, "country"
                if t.ent_type_ == "NORP":
                    norp = self.nationality(ent.text)
                    if norp is not None:
                        return norp
                    continue  # "Western officials", "Central American officials": no one body
                if not poll and self.is_person_surname(ent.text):  # "Trump officials": his campaign
                    return campaign_of(self, self._fullest(ent.text))
                name = self.fullest_organisation(ent.text)
                return (issuer_name(name), "organisation") if poll else (name, "organisation")
        for t in inner:
            if (t.ent_type_ == "PERSON" and t.i in self.ent_at) or t.i in self.surname_at:
                return None if poll else self._persons(doc, s, e, t, lemma if campaign else None)
            if t.lower_ in ("his", "her") and t.dep_ == "poss" and campaign:
                who, typ = self.pronoun(t, t.i)
                if who and typ == "person":
                    return campaign_of(self, who, lemma == "campaign")
        if doc[s].lower_ == "the" and lemma in ISSUED_HEADS:
            return issuer_before(self, doc, s, lemma)
        if campaign and self._unowned_campaign(doc, s, e, head):
            return self.campaign_before(s)
        return self.unowned(doc, s, e, head, poll)

    def _persons(self, doc: Doc, s: int, e: int, t: Token, campaign_head: str | None) -> tuple[str, str] | None:
        """Whom the person named at ``t`` in ``doc[s:e]`` makes its speaker: the person, or their campaign when
        the phrase is a campaign's (``campaign_head``: its head's lemma, "aide", "campaign"); for "the former
        top aide to President Bush", not that person but the one just spoken of."""
        person = self._fullest(self.ent_at[t.i].text if t.ent_type_ else self.surname_at[t.i])
        if any(w.lower_ in ("former", "ex") for w in doc[s:e]):
            return self.best(s, {"person"}, None, exclude=person, window=1) if doc[s].lower_ == "the" else None
        if campaign_head is None:
            return person, "person"
        return campaign_of(self, person, campaign_head == "campaign")

    def unowned(self, doc: Doc, s: int, e: int, head: int, poll: bool) -> tuple[str, str] | None:
        """A spokesperson, aide, poll or statement the phrase names no owner of.

        "a spokeswoman" speaks for the body or person named in this or the previous sentence;
        "his statement", "her book" are the possessor's; "a new poll" is the poll the next
        sentences name ("... according to a new poll. The Morning Consult poll ...").
        """
        tok = doc[head]
        owner = next((t for t in tok.children if t.dep_ == "poss" and t.lower_ in _PERSON_POSSESSIVES), None)
        named = any((t.ent_type_ and t.ent_type_ not in _COUNTS) or t.pos_ == "PROPN" for t in doc[s:e] if t.i != head)
        if named and (owner is None or tok.lemma_.lower() not in ISSUED_HEADS):
            return None  # a name in it ("his first videos" has none; "His Facebook profile" is his)
        if owner is not None and tok.lemma_.lower() in ISSUED_HEADS | {"book", "memoir", "website", "team"}:
            who, typ = self.pronoun(owner, owner.i)
            if who is None:
                return None
            team = tok.lemma_.lower() in CAMPAIGN_HEADS
            if team and typ == "person":
                return campaign_of(self, who, tok.lemma_.lower() == "campaign")
            return who, typ or "person"
        if tok.lower_ in SPOKESPEOPLE and not any(c.dep_ == "prep" for c in tok.children):
            return self.best(s, {"organisation", "country", "person"}, None, window=1)
        made = (self.made_by(tok) or subject_owner(self, tok)) if tok.lemma_.lower() in ISSUED_HEADS else None
        if made is not None:
            return made  # "Quinnipiac University released new polls that showed ..."
        if poll and doc[s].lower_ in ("a", "an", "one"):
            return issuer_after(self, e)
        return None

    def results(self, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
        """"The results", "early results of exit polls conducted for the Associated Press": the issuer of
        the poll they are of, else of the last poll named."""
        tok = doc[head]
        if tok.lemma_.lower() not in RESULT_HEADS and tok.lower_ not in RESULT_HEADS:
            return None
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for noun in child.children:
                    if noun.dep_ == "pobj" and noun.lemma_.lower() in ISSUED_HEADS:
                        span_end = max(e, noun.right_edge.i + 1)
                        return self.owner(doc, noun.left_edge.i, span_end, noun.i)
        by = self.made_by(tok) or self.made_by(tok, "from")  # "a count by The Associated Press", "data from the FBI"
        if by is not None:
            return by
        named = next((self.ent_at[c.i] for c in tok.children if c.dep_ == "compound" and c.ent_type_ == "ORG"
                      and c.i in self.ent_at), None)
        if named is not None:
            return self.fullest_organisation(named.text), "organisation"  # "the FBI data"
        if doc[s].lower_ == "the" and len(doc[s:e]) <= 3:
            return issuer_before(self, doc, s, "poll")
        return None

    def made_by(self, tok: Token, word: str = "by") -> tuple[str, str] | None:
        """The organisation a "by" phrase of ``tok`` names ("a count by The Associated Press", "a new report
        by Politico", "a story by the website Politico"), also through a modifier ("data available from the
        FBI", with ``word`` "from"), else ``None``."""
        heads = [tok, *(c for c in tok.children if c.dep_ in ("amod", "acl"))]
        for child in (c for h in heads for c in h.children):
            if child.dep_ in ("prep", "agent") and child.lower_ == word:
                ent = next((self.ent_at[t.i] for t in child.subtree if t.ent_type_ == "ORG" and t.i in self.ent_at),
                           None)
                if ent is not None:
                    return self.fullest_organisation(ent.text), "organisation"
        return None

    def campaign_before(self, before: int) -> tuple[str, str] | None:
        """The campaign "the campaign" means: the campaign named most saliently in the window, else
        the campaign of the person the article is about (:func:`stancemap.names.antecedents.main_person`),
        else of the most salient politician (:func:`_is_politician`) in the window."""
        named = {m.name for m in self.mentions if m.token < before and m.type == "organisation"
                 and (m.name.endswith(" campaign") or m.name in _campaign_names(self.known))}
        found = self.best(before, {"organisation"}, None, only=named) if named else None
        if found is not None:
            return found
        person = main_person(doc_text(self.doc))
        if person is None:
            politicians = {m.name for m in self.mentions if m.token < before and m.type == "person"
                           and is_politician(self.known, m.name)}
            best = self.best(before, {"person"}, None, only=politicians) if politicians else None
            person = best[0] if best is not None else None
        return (f"{surname(person)} campaign", "organisation") if person else None

    @staticmethod
    def _unowned_campaign(doc: Doc, s: int, e: int, head: int) -> bool:
        """"the campaign", "campaign officials", "a campaign aide", bare "aides": a campaign the text
        does not name here (no possessive, no name, no "of"/"for" phrase)."""
        words = [t for t in doc[s:e] if not t.is_punct and not _in_modifier(t)]  # "the Brooklyn-based ..."
        if any(t.ent_type_ or t.pos_ == "PROPN" or t.dep_ == "poss" for t in words):
            return False
        if any(c.dep_ == "prep" for c in doc[head].children):
            return False
        rest = [t.lower_ for t in words if t.i != head and t.lower_ not in ("the", "a", "an", "senior", "top")
                ]
        if doc[head].lemma_.lower() == "campaign":
            return words[0].lower_ == "the" and not rest and doc[head].tag_ == "NN"
        return rest == ["campaign"]

    def nationality(self, text: str) -> tuple[str, str] | None:
        """The party or country a nationality or party adjective stands for ("Democratic" -> Democratic
        Party, "Saudi" -> Saudi Arabia), from the registry; ``None`` when it knows none."""
        registry = self.known
        for candidate in (f"{text} Party", text.removesuffix("s") + " Party"):
            found = registry.lookup(candidate)
            if found is not None and found.method in ("exact", "alias"):
                return found.actor.name, found.actor.type or "organisation"
        countries = {c for f, c in country_forms(self.known).items()  # "Chinese" of "Chinese government"
                     if f in (text, f"{text} government", f"{text.removesuffix('s')} government")
                     or c.startswith(text + " ")}
        if len(countries) == 1:
            return countries.pop(), "country"
        found = registry.lookup(text, type_hint="country")  # "American" -> United States, "German" -> Germany
        if found is not None and found.actor.type == "country":
            return found.actor.name, "country"
        return norp_country(self, text)  # "Saudi" -> "Saudi Arabia" the document names

    def is_party(self, text: str) -> bool:
        """Whether a NORP adjective names a party ("Democratic", "GOP"), not a place."""
        found = self.nationality(text)
        return found is not None and found[1] != "country"

    def description(self, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
        """A definite singular person description ("the candidate") to the person it points back to."""
        tok = doc[head]
        words = [t for t in doc[s:e] if not t.is_punct]
        if not words or words[0].lower_ != "the" or tok.tag_ != "NN" or any(t.ent_type_ == "PERSON" for t in words):
            return None
        repeated = repeated_head(self, doc, s, head, "person")
        if repeated is not None:
            return repeated  # "Saudi Prince Alwaleed ... the prince"
        noun = "".join(t.lower_ for t in doc[head - 2 : head + 1]) if head >= 2 and doc[head - 1].text == "-" else ""
        if tok.lemma_.lower() not in DESCRIBED_PERSONS and noun not in DESCRIBED_PERSONS \
                and noun_gender(tok.lower_) is None:
            return None  # "front-runner" is a person noun, "runner" alone not one of them
        if any(t.lemma_ == tok.lemma_ and t.tag_ == "NN" and any(c.lower_ in ("a", "an") for c in t.children)
               and not any(c.dep_ == "appos" for c in t.children) for t in doc[:s]):
            return None  # "the woman" after "a young woman": the one introduced unnamed
        modifiers = {t.lower_ for t in words}
        former = bool(modifiers & {"former", "ex"})
        party = next((PARTY_OF_WORD[t.lower_] for t in words if t.lower_ in PARTY_OF_WORD), None)
        if party is not None and not former:  # "the Republican nominee": the article's own, before the registry's
            places = [t.lower_ for t in words if t.ent_type_ == "GPE"]
            return self.party_person(s, party, places, noun_gender(tok.lower_))
        if former:
            holder = self.former_holder(doc, s, e)
            if holder is not None:
                return holder
        elif title_key(doc[s:e].text) in role_titles(self.known):
            return None  # a current office: resolved by date through the registry
        if tok.lemma_.lower() in INTRODUCED_PERSONS:
            return self.introduced(doc, s, e, head)  # "the moderator": only one the text called so
        before_head = [t for t in words if t.i < tok.i]
        home = home_country(doc_text(doc), country_forms(self.known))
        named = [t for t in before_head if t.ent_type_ in ("GPE", "NORP", "ORG")
                 and not (home and country_forms(self.known).get(self.ent_text(t)) == home)]  # "the U.S. senator"
        if named and all(t.ent_type_ == "GPE" or (t.ent_type_ == "NORP" and not self.is_party(t.text)) for t in named):
            # "the Vermont senator": a person the article places there, else the politician just spoken of
            places = [t.lower_ for t in named]
            return placed_person(self, doc, s, places, noun_gender(tok.lower_)) or unplaced_politician(
                self, doc, s, named, noun_gender(tok.lower_))
        if named:
            return None  # "the FBI director", "the state's Republican leader": an office of its own
        return self.best(s, {"person"}, noun_gender(tok.lower_) or subject_gender(tok))  # "... her mother"

    def party_person(self, before: int, party: str, places: list[str], gender: str | None) -> tuple[str, str] | None:
        """"The Republican nominee", "the Kentucky Republican": the most salient person named before token
        ``before`` whom the registry or the text around a mention puts in ``party`` (and in ``places``);
        the one the article names most when none is in the window."""
        text = doc_text(self.doc)
        members: dict[str, int] = {}
        for m in self.mentions:
            if m.token >= before or m.type != "person":
                continue
            at = self.doc[m.token].idx
            around = text[max(0, at - 40) : min(at + len(m.name) + 30, self.doc[before].idx)]
            written = parties_written_with(text, at, m.name)
            if m.name in members or (party_member_name(self, m.name, party, written) is not None
                                     and (not places or place_agrees(places, around))):
                members[m.name] = members.get(m.name, 0) + 1
        if not members:
            placed = [t for t in self.doc[before : before + 6] if t.lower_ in places and t.ent_type_ == "GPE"]
            return unplaced_politician(self, self.doc, before, placed, gender, party) if places else None
        found = self.best(before, {"person"}, gender, only=set(members))
        name = found[0] if found is not None else max(members, key=lambda n: members[n])
        return party_member_name(self, name, party, ()) or name, "person"

    def introduced(self, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
        """"The moderator", "the actress": the most salient person the text introduced with that word
        ("NBC anchor Lester Holt", "Holt, the moderator"); ``None`` when it introduced no one so."""
        if any(t.ent_type_ for t in doc[head].subtree if t.i >= e or t.i < s):
            return None
        text = doc_text(doc)
        noun = re.compile(rf"\b{re.escape(doc[head].lower_)}\b")
        named = {m.name for m in self.mentions if m.token < s and m.type == "person" and noun.search(
            text[max(0, doc[m.token].idx - 50) : doc[m.token].idx + len(m.name) + 40].lower())}
        return self.best(s, {"person"}, noun_gender(doc[head].lower_), only=named) if named else None

    def former_holder(self, doc: Doc, s: int, e: int) -> tuple[str, str] | None:
        """"The former secretary of state" -> the person named earlier whom the registry lists as holding
        that office at some time; the most salient one if several are named."""
        words = [t.text for t in doc[s:e] if t.lower_ not in ("the", "former", "ex", "-") and not t.is_punct]
        key = name_key(" ".join(words))
        if key not in role_titles(self.known):
            return None
        holders = {tenure.holder for role in self.known.roles
                   if key in {name_key(t) for t in (role.title, *role.aliases)} for tenure in role.tenures}
        named = {m.name for m in self.mentions if m.token < s and m.type == "person"} & holders
        return self.best(s, {"person"}, None, only=named) if named else None

    def organisation(self, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
        """A definite singular organisation noun ("the agency", "the union") to the organisation last named."""
        tok = doc[head]
        if doc[s].lower_ != "the" or tok.tag_ != "NN" or any(t.ent_type_ for t in doc[s:e]):
            return None
        if tok.lower_ == "party" and e - s == 2:
            return self.party_before(doc, s)
        if tok.lemma_.lower() not in ORGANISATION_NOUNS:
            return None
        found = (repeated_head(self, doc, s, head, "organisation")  # "the trade group for X ... the group"
                 or self.best(s, {"organisation"}, None, window=1) or self.best(s, {"organisation"}, None))
        if found is not None:  # "... at Vanguard Logistics. The company confirmed": the one just named first
            return found
        # else a one-word name tagged PERSON that nothing shows to be a person ("Twitter said ... The company")
        unsexed = {m.name for m in self.mentions if m.type == "person" and " " not in m.name and m.token < s
                   and self.gender.get(m.name) is None}
        found = self.best(s, {"person"}, None, only=unsexed, window=2) if unsexed else None
        return (found[0], "organisation") if found is not None else None

    def party_before(self, doc: Doc, s: int) -> tuple[str, str] | None:
        """"The party" -> the party named last before token ``s``: an organisation whose name ends in
        "Party" ("the Labour Party"), else a capitalised party word ("Democrats", "the GOP nominee")."""
        named = [(m.token, m.name) for m in self.mentions
                 if m.token < s and m.type == "organisation" and m.name.split()[-1] in ("Party", "party")]
        words = [(t.i, PARTY_OF_WORD[t.lower_]) for t in doc[:s] if t.lower_ in PARTY_OF_WORD and t.text[:1].isupper()]
        last = max(named + words, default=None)
        return (last[1], "organisation") if last is not None else None

    def named_after(self, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
        """An indefinite "a federal judge" named in the next two sentences as "Judge David Bristow"."""
        tok = doc[head]
        if doc[s].lower_ not in ("a", "an") or tok.tag_ != "NN" or tok.lemma_.lower() not in role_nouns():
            return None
        here = self.sent_of[s]
        for m in self.mentions:
            if m.token < e or m.type != "person" or self.sent_of[m.token] > here + 2:
                continue
            before = {t.lemma_.lower() for t in doc[max(e, m.token - 3) : m.token]}  # not the phrase's own noun
            if tok.lemma_.lower() in before:
                return m.name, "person"
        return None


@lru_cache(maxsize=4)
def _campaign_names(known: KnownActors) -> frozenset[str]:
    """Names of the registry's campaign organisations ("Hillary for America")."""
    return frozenset(a.name for a in known if a.type == "organisation" and any(
        alias.lower().endswith(" campaign") for alias in a.aliases))


#: Entity types that count or date, and name no one ("his first videos").
_COUNTS = frozenset({"ORDINAL", "CARDINAL", "DATE", "TIME"})
#: Possessive pronouns of a person ("his statement", "her book").
_PERSON_POSSESSIVES = frozenset({"his", "her"})


def _in_modifier(tok: Token) -> bool:
    """Whether ``tok`` is in an adjective before a noun, hyphenated ones too ("Brooklyn-based")."""
    return tok.dep_ == "amod" or (tok.head.dep_ == "amod" and tok.head.i > tok.i)
