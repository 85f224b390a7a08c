"""Speaker resolution inside one document: the fullest name the document gives a speaker.

Resolved here, from the Doc alone (no model):

- surnames to a full name given anywhere in the document ("Borrell" -> "Josep Borrell"),
  only when exactly one full name ends with that surname;
- titles to the name set beside them earlier ("the NATO Secretary General" after
  "NATO Secretary General, Jens Stoltenberg,");
- pronouns (he/she, they, it) to the nearest earlier compatible speaker or entity
  in the same or the previous two paragraphs;
- before the parse-based steps, every other mention goes through
  :func:`stancemap.actors.antecedents.document_name` (descriptions such as "the
  governor" or "the fund", acronyms, transcript speakers, case variants), the
  text-only step that ``stancemap eval actors`` measures.

When unsure the mention text itself is the name: a wrong person is worse than none.
Capitals standing for governments ("Kyiv") are left to the actor stage.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache

from spacy.tokens import Doc, Span, Token

from stancemap import datafiles
from stancemap.actors.antecedents import document_name, home_country, main_person, place_agrees
from stancemap.actors.gender import first_name_gender, noun_gender, pronoun_gender, title_gender
from stancemap.actors.io import shared_starter_registry
from stancemap.actors.normalise import name_key, title_key
from stancemap.nlp.attribution import Found
from stancemap.nlp.spans import doc_text, paragraphs, quote_spans

_ENT_TYPES = {"PERSON": "person", "ORG": "organisation", "GPE": "country", "LOC": "country", "NORP": "group"}


@cache
def word_list(name: str) -> frozenset[str]:
    """The words of ``nlp/data/coref_<name>.tsv`` (first column, header row and ``#`` lines left out), read once.

    >>> sorted(word_list("relatives"))
    ['that', 'which', 'who', 'whom']
    """
    return frozenset(datafiles.word_list("stancemap.nlp", f"coref_{name}.tsv"))


_PERSON_PRONOUNS = word_list("person_pronouns")
_GROUP_PRONOUNS = word_list("group_pronouns")
_THING_PRONOUNS = word_list("thing_pronouns")
_POSSESSIVES = word_list("possessives")
_FIRST_PERSON = word_list("first_person")
_RELATIVES = word_list("relatives")
#: Heads of a phrase naming who acts for someone ("a Treasury spokeswoman", "aides to Sanders").
_AGENT_HEADS = word_list("agent_heads")
#: Heads of a phrase naming something issued ("an ABC News poll", "the Fed's report").
_ISSUED_HEADS = word_list("issued_heads")
#: Issued things whose issuer asks the public ("poll", "survey"): asked by an organisation, never a place.
_POLL_HEADS = word_list("poll_heads")
#: Institution nouns a name can own ("the Obama administration", "Senate committee").
_INSTITUTIONS = word_list("institutions")
#: Organisation nouns that, definite and singular, point back to the organisation last named.
_ORGANISATION_NOUNS = word_list("organisation_nouns")
#: Heads whose person-agent is the campaign ("aides to Sanders" -> "Sanders campaign").
_CAMPAIGN_HEADS = word_list("campaign_heads")
#: Person nouns that, definite and singular, point back to a person the article named
#: ("the candidate", "the retired neurosurgeon"); generic ones ("the source") are left alone.
_DESCRIBED_PERSONS = word_list("described_persons")


@lru_cache(maxsize=1)
def country_forms() -> dict[str, str]:
    """Written forms of the starter registry's countries, for "the president" of a document's country."""
    return shared_starter_registry().country_forms()


def known_gender(name: str) -> str | None:
    """A person's gender from the starter registry, else from the first-name list, else ``None``."""
    return shared_starter_registry().gender_of(name) or first_name_gender(name)


@lru_cache(maxsize=1)
def role_titles() -> frozenset[str]:
    """Name keys of the starter registry's role titles and their aliases ("secretary of state")."""
    keys = set()
    for role in shared_starter_registry().roles:
        for title in (role.title, *role.aliases):
            keys.add(name_key(title))
    return frozenset(keys)


@lru_cache(maxsize=1)
def role_nouns() -> frozenset[str]:
    """Nouns naming a person by role (``nlp/data/roles.tsv``)."""
    return frozenset(datafiles.word_list("stancemap.nlp", "roles.tsv"))




def mention_type(doc: Doc, start: int, end: int, head: int | None) -> str | None:
    """Type a speaker mention from its entity label, pronoun or head noun.

    PERSON -> person, ORG -> organisation, GPE/LOC -> country, NORP -> group; a
    plural noun ("EU defence ministers", "some allies") -> group; a role noun
    ("the spokesman") -> person; he/she -> person, they -> group.
    """
    tok = doc[head] if head is not None else doc[end - 1]
    if tok.ent_type_ in _ENT_TYPES:
        if tok.ent_type_ in ("GPE", "ORG") and tok.tag_ in ("NNS",) :
            return "group"
        return _ENT_TYPES[tok.ent_type_]
    low = tok.text.lower()
    if low in _PERSON_PRONOUNS:
        return "person"
    if low in _GROUP_PRONOUNS:
        return "group"
    if tok.tag_ in ("NNS", "NNPS"):
        return "group"
    if tok.lemma_.lower() in role_nouns():
        return "person"
    for t in doc[start:end]:
        if t.ent_type_ == "PERSON":
            return "person"
    return None


class _Names:
    """Names, titles and surnames collected from one Doc."""

    def __init__(self, doc: Doc, ents: list[Span]) -> None:
        self.doc = doc
        self.full: list[Span] = [e for e in ents if e.label_ == "PERSON" and len(e) >= 2]
        self.by_surname: dict[str, set[str]] = {}
        for e in self.full:
            self.by_surname.setdefault(e[-1].text.lower(), set()).add(e.text)
        self.by_title: dict[str, set[str]] = {}
        for e in ents:
            if e.label_ != "PERSON":
                continue
            root = e.root
            titles = []
            if root.dep_ in ("appos", "npadvmod") and root.head.ent_type_ != "PERSON":
                titles.append(root.head)
            for c in root.children:
                if c.dep_ == "appos" and c.ent_type_ != "PERSON" and c.pos_ in ("NOUN", "PROPN"):
                    titles.append(c)
            for t in titles:
                left = min([t.i] + [c.left_edge.i for c in t.children if c.i < t.i and c.dep_ != "punct"])
                right = t.i + 1
                for c in t.children:
                    if c.i > t.i and c.dep_ == "prep":
                        right = max(right, c.right_edge.i + 1)
                key = title_key(doc[left:right].text)
                if key:
                    self.by_title.setdefault(key, set()).add(self.fullest(e.text))
            pre = [
                t for t in doc[max(0, e.start - 4) : e.start]
                if t.head.i in range(e.start, e.end) and t.dep_ == "compound"
            ]
            if pre:
                key = title_key(doc[pre[0].i : e.start].text)
                if key:
                    self.by_title.setdefault(key, set()).add(self.fullest(e.text))

    def fullest(self, text: str) -> str:
        words = text.split()
        if len(words) == 1:
            names = self.by_surname.get(words[0].lower(), set())
            if len(names) == 1:
                return next(iter(names))
        return text

    def title(self, text: str) -> str | None:
        names = self.by_title.get(title_key(text), set())
        return next(iter(names)) if len(names) == 1 else None


@dataclass
class _Mention:
    """An earlier mention a pronoun or description may point back to."""

    token: int
    sent: int
    name: str
    type: str
    role: str  # "main" (subject of the sentence's main verb), "subject", "object" or "other"
    para: int = 0
    speaker: bool = False
    quoted: bool = False


class Salience:
    """Earlier mentions of people, organisations and groups, ranked for a pronoun or description.

    A candidate must agree in type (a person pronoun never takes an organisation;
    "it" never a person) and, where both are known, in gender ("she" never takes
    a man). Among those, the score favours recency (halved each sentence back),
    grammatical subjects, earlier speakers (a quote run keeps its speaker),
    names the article repeats, and mentions outside quotation marks; a person of
    unknown gender is kept but ranked lower than one whose gender agrees.
    """

    WINDOW_SENTENCES = 5
    _SUBJECT, _MAIN, _OBJECT, _SPEAKER, _QUOTED, _UNKNOWN_GENDER, _REPEATED, _EARLIER_PARAGRAPH = (
        80.0, 40.0, 40.0, 40.0, -60.0, -45.0, 12.0, -30.0)
    _COUNTRY_AS_GROUP = -50.0  # "they" is rarely a country

    def __init__(self, doc: Doc, ents: list[Span], names: _Names) -> None:
        self.doc = doc
        self.para_of = paragraphs(doc)
        self.sent_of = [0] * len(doc)
        if doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
            for k, sent in enumerate(doc.sents):
                self.sent_of[sent.start : sent.end] = [k] * (sent.end - sent.start)
        quoted = [False] * len(doc)
        for qs, qe in quote_spans(doc):
            quoted[qs:qe] = [True] * (qe - qs)
        self.quoted = quoted
        self.ent_at = {e.start: e for e in ents}  # doc.ents builds new Spans on every access
        self.mentions: list[_Mention] = []
        self.gender: dict[str, str | None] = {}
        self.person_evidence: set[str] = set()
        votes: dict[str, set[str]] = {}
        for e in ents:
            if e.label_ not in _ENT_TYPES:
                continue
            name = names.fullest(e.text) if e.label_ == "PERSON" else e.text
            typ = _ENT_TYPES[e.label_]
            if e.label_ in ("GPE", "ORG") and e.root.tag_ == "NNPS":
                typ = "group"
            dep = e.root.dep_
            role = (
                "subject" if dep in ("nsubj", "nsubjpass") else "object" if dep in ("dobj", "pobj", "iobj") else "other"
            )
            if role == "subject" and e.root.head.dep_ == "ROOT":
                role = "main"
            if dep == "poss" or (dep == "compound" and e.label_ != "PERSON"):
                role = "other"
            self.mentions.append(_Mention(e.start, self.sent_of[e.start], name, typ, role,
                                          para=self.para_of[e.start], quoted=quoted[e.start]))
            if typ == "person":
                votes.setdefault(name, set()).update(_gender_evidence(doc, e))
            elif _named_by_role(doc, e) and first_name_gender(e.text):
                self.person_evidence.add(name)  # "NBC anchor Lester Holt" tagged ORG: the role says a person
        for name, found in votes.items():
            self.gender[name] = found.pop() if len(found) == 1 else (None if found else known_gender(name))
        self.surname_at = self._untagged_surnames(doc, names)
        for i, name in self.surname_at.items():
            tok = doc[i]
            dep = tok.dep_
            role = "subject" if dep in ("nsubj", "nsubjpass") else "object" if dep in ("dobj", "pobj") else "other"
            if role == "subject" and tok.head.dep_ == "ROOT":
                role = "main"
            self.mentions.append(
                _Mention(i, self.sent_of[i], name, "person", role, para=self.para_of[i], quoted=quoted[i])
            )
        self.mentions.sort(key=lambda m: m.token)

    @staticmethod
    def _untagged_surnames(doc: Doc, names: _Names) -> dict[int, str]:
        """Capitalised tokens outside any entity that are the surname of one full name in the document.

        The small model often misses a repeated surname ("Sanders" tagged as the noun
        "sanders"); the article's own full name says who it is.
        """
        found = {}
        for tok in doc:
            opener = tok.is_sent_start and tok.dep_ not in ("compound", "poss")  # "Sanders aides said" stays
            if tok.ent_type_ or not tok.text[:1].isupper() or opener:
                continue
            full = names.by_surname.get(tok.text.lower(), set())
            if len(full) == 1:
                found[tok.i] = next(iter(full))
        return found

    def add_speaker(self, token: int, name: str, typ: str) -> None:
        """Record a resolved speaker: the next pronoun of a quote run may point back to it."""
        if typ == "person" and name not in self.gender:
            self.gender[name] = known_gender(name)
        bisect.insort(self.mentions, _Mention(token, self.sent_of[token], name, typ, "main", self.para_of[token],
                                              speaker=True), key=lambda m: m.token)

    def pronoun(self, tok: Token, start: int, exclude: str | None = None) -> tuple[str | None, str | None]:
        """The most salient earlier mention ``tok`` (a pronoun or relative "who") can refer to.

        ``exclude`` is a name the pronoun cannot be: the speaker of the quotation it is in.
        """
        low = tok.text.lower()
        if low in _RELATIVES:
            return self._relative(tok)
        if low in _PERSON_PRONOUNS:
            want, gender = {"person"}, pronoun_gender(low)
        elif low in _GROUP_PRONOUNS:
            want, gender = {"group", "organisation", "country"}, None
        else:
            want, gender = {"organisation", "country"}, None
        if exclude is None and self.quoted[start]:
            exclude = self._last_speaker(start)  # in a quote run, the quoted one is the last speaker
        best = self.best(start, want, gender, exclude=exclude)
        if best is None:
            return None, None
        if gender and self.gender.get(best[0]) is None and best[1] == "person":
            self.gender[best[0]] = gender  # the article's own pronoun is evidence for what follows
        return best

    def type_of(self, name: str, typ: str | None) -> str | None:
        """The type the document's entity labels give ``name`` most often (NER varies between
        mentions: "Lester Holt" is PERSON here and ORG there); a tie between person and another
        type is a person when the name starts with a known first name, else ``typ`` stays."""
        if name in self.person_evidence:
            return "person"
        votes = Counter(m.type for m in self.mentions if m.name == name and not m.speaker)
        if not votes:
            return typ
        top = max(votes.values())
        tied = [t for t, n in votes.items() if n == top]
        if len(tied) == 1:
            return tied[0]
        return "person" if "person" in tied and first_name_gender(name) else typ

    def _last_speaker(self, before: int) -> str | None:
        speakers = [m for m in self.mentions if m.speaker and m.token < before]
        return speakers[-1].name if speakers else None

    def best(self, before: int, want: set[str], gender: str | None, exclude: str | None = None,
             only: set[str] | None = None) -> tuple[str, str] | None:
        """The best candidate before token ``before`` of a type in ``want`` agreeing with ``gender``
        (and, with ``only``, named in it)."""
        here = self.sent_of[before]
        inside_quote = self.quoted[before]
        scores: dict[str, float] = {}
        types: dict[str, str] = {}
        counts: dict[str, int] = {}
        end = bisect.bisect_left(self.mentions, before, key=lambda m: m.token)
        for m in self.mentions[:end]:
            counts[m.name] = counts.get(m.name, 0) + 1
            distance = here - m.sent
            if distance > self.WINDOW_SENTENCES or m.type not in want or m.name == exclude:
                continue
            if only is not None and m.name not in only:
                continue
            known = self.gender.get(m.name) if m.type == "person" else None
            if gender and known and known != gender:
                continue
            score = 100.0 * 0.5**distance
            score += self._SUBJECT if m.role in ("main", "subject") else self._OBJECT if m.role == "object" else 0.0
            score += self._MAIN if m.role == "main" else 0.0
            score += self._EARLIER_PARAGRAPH if m.para < self.para_of[before] else 0.0
            score += self._SPEAKER if m.speaker else 0.0
            score += self._QUOTED if m.quoted and not m.speaker and not inside_quote else 0.0
            score += self._UNKNOWN_GENDER if gender and m.type == "person" and known is None else 0.0
            score += self._COUNTRY_AS_GROUP if "group" in want and m.type == "country" else 0.0
            if score > scores.get(m.name, float("-inf")):
                scores[m.name], types[m.name] = score, m.type
        if not scores:
            return None
        name = max(scores, key=lambda n: scores[n] + self._REPEATED * min(3, counts.get(n, 0)))
        return name, types[name]

    def _relative(self, tok: Token) -> tuple[str | None, str | None]:
        noun = tok.head.head  # who -> (relcl verb) -> the noun it modifies
        ent = next((e for start, e in self.ent_at.items() if start <= noun.i < e.end), None)
        found = next((m for m in self.mentions if ent is not None and m.token == ent.start), None)
        return (found.name, found.type) if found is not None else (None, None)

    def owner(self, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
        """Who a spokesperson, aide, campaign, poll or report in ``doc[s:e]`` acts or speaks for.

        The owner named in the phrase or its "for/to" phrase first ("a Treasury spokeswoman";
        "Democratic officials": the party; "Trump officials": his campaign). A poll is issued by
        an organisation, and its "of"/"among" phrase is who was asked ("a poll of Indiana voters").
        Else "the campaign" is :meth:`campaign_before`'s and "the poll" the last named poll's.
        """
        lemma = doc[head].lemma_.lower()
        word = doc[head].text.lower()
        if not ({lemma, word} & (_AGENT_HEADS | _ISSUED_HEADS)):
            return None
        poll = bool({lemma, word} & _POLL_HEADS)
        heard = ("for", "to", "at", "from", "with") if poll else ("for", "to", "at", "of", "from", "with")
        inner = [t for t in doc[s:e] if t.i != head and not (poll and _in_pp(t, head, ("of", "among")))] + [
            t for child in doc[head].children if child.dep_ == "prep" and child.i >= e and child.lower_ in heard
            for t in child.subtree
        ]
        campaign = bool({lemma, word} & _CAMPAIGN_HEADS) or any(
            t.lower_ == "campaign" and t.dep_ in ("compound", "amod", "nmod") for t in doc[s:e])
        labels = ("ORG",) if campaign or poll else ("ORG", "GPE", "NORP")
        for t in inner:
            if t.ent_type_ in labels and t.i in self.ent_at:
                ent = self.ent_at[t.i]
                if t.ent_type_ == "GPE":
                    return ent.text, "country"
                if t.ent_type_ == "NORP":
                    norp = self.nationality(ent.text)
                    if norp is not None:
                        return norp
                    continue  # "Western officials", "Central American officials": no one body
                if not poll and self.is_person_surname(ent.text):  # "Trump officials": his campaign
                    return f"{ent.text} campaign", "organisation"
                name = self.fullest_organisation(ent.text)
                return (_issuer(name), "organisation") if poll else (name, "organisation")
        if poll and s <= head < e:
            named = self.named_poll(head, run=True)
            if named is not None:
                return named, "organisation"
        for t in inner:
            if (t.ent_type_ == "PERSON" and t.i in self.ent_at) or t.i in self.surname_at:
                text = self.ent_at[t.i].text if t.ent_type_ else self.surname_at[t.i]
                person = self._fullest(text)
                if poll:
                    return None  # "a poll of Trump voters" was asked by someone else
                return (f"{person.split()[-1]} campaign", "organisation") if campaign else (person, "person")
            if t.lower_ in ("his", "her") and t.dep_ == "poss" and campaign:
                who, typ = self.pronoun(t, t.i)
                if who and typ == "person":
                    return f"{who.split()[-1]} campaign", "organisation"
        if any(t.lower_ == "administration" and t.i != head and not t.ent_type_ for t in inner):
            country = home_country(doc_text(doc), country_forms())  # "administration officials": the government
            if country:
                return country, "country"
        if doc[s].lower_ == "the" and lemma in _ISSUED_HEADS:
            return self._issuer_before(doc, s, lemma)
        if campaign and self._unowned_campaign(doc, s, e, head):
            return self.campaign_before(s)
        return None

    def campaign_before(self, before: int) -> tuple[str, str] | None:
        """The campaign "the campaign" means: the campaign named most saliently in the window, else
        the campaign of the person the article is about (:func:`stancemap.actors.antecedents.main_person`),
        else of the most salient politician (:func:`_is_politician`) in the window."""
        named = {m.name for m in self.mentions if m.token < before and m.type == "organisation"
                 and (m.name.endswith(" campaign") or m.name in _campaign_names())}
        found = self.best(before, {"organisation"}, None, only=named) if named else None
        if found is not None:
            return found
        person = main_person(doc_text(self.doc))
        if person is None:
            politicians = {m.name for m in self.mentions if m.token < before and m.type == "person"
                           and _is_politician(m.name)}
            best = self.best(before, {"person"}, None, only=politicians) if politicians else None
            person = best[0] if best is not None else None
        return (f"{person.split()[-1]} campaign", "organisation") if person else None

    @staticmethod
    def _unowned_campaign(doc: Doc, s: int, e: int, head: int) -> bool:
        """"the campaign", "campaign officials", "a campaign aide", bare "aides": a campaign the text
        does not name here (no possessive, no name, no "of"/"for" phrase)."""
        words = [t for t in doc[s:e] if not t.is_punct]
        if any(t.ent_type_ or t.pos_ == "PROPN" or t.dep_ == "poss" for t in words):
            return False
        if any(c.dep_ == "prep" for c in doc[head].children):
            return False
        rest = [t.lower_ for t in words if t.i != head and t.lower_ not in ("the", "a", "an", "senior", "top")]
        if doc[head].lemma_.lower() == "campaign":
            return words[0].lower_ == "the" and not rest and doc[head].tag_ == "NN"
        return rest == ["campaign"]

    def nationality(self, text: str) -> tuple[str, str] | None:
        """The party or country a nationality or party adjective stands for ("Democratic" -> Democratic
        Party, "Saudi" -> Saudi Arabia), from the starter registry; ``None`` when it knows none."""
        registry = shared_starter_registry()
        for candidate in (f"{text} Party", text.removesuffix("s") + " Party"):
            found = registry.lookup(candidate)
            if found is not None and found.method in ("exact", "alias"):
                return found.actor.name, found.actor.type or "organisation"
        countries = {c for f, c in country_forms().items() if f == text or c.startswith(text + " ")}
        if len(countries) == 1:
            return countries.pop(), "country"
        found = registry.lookup(text, type_hint="country")  # "American" -> United States, "German" -> Germany
        if found is not None and found.actor.type == "country":
            return found.actor.name, "country"
        return None

    def is_party(self, text: str) -> bool:
        """Whether a NORP adjective names a party ("Democratic", "GOP"), not a place."""
        found = self.nationality(text)
        return found is not None and found[1] != "country"

    def _issuer_before(self, doc: Doc, before: int, lemma: str) -> tuple[str, str] | None:
        """Who issued the latest earlier poll (report, survey...) the text names: "The survey" after
        "the Census Bureau's survey" is the Census Bureau's; "the poll" after "a New York Times/CBS
        News survey" is theirs (a poll and a survey are one kind)."""
        kind = _POLL_HEADS if lemma in _POLL_HEADS else {lemma}
        first = max(0, before - 400)
        for tok in reversed(doc[first:before]):
            if tok.lemma_.lower() not in kind or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            for t in tok.subtree:
                if t.i == tok.i or t.i not in self.ent_at or _in_pp(t, tok.i, ("of", "among")):
                    continue
                if t.ent_type_ == "ORG" or (t.ent_type_ == "PERSON" and kind is not _POLL_HEADS):
                    ent = self.ent_at[t.i]
                    if t.ent_type_ == "PERSON":
                        return self._fullest(ent.text), "person"
                    return _issuer(self.fullest_organisation(ent.text)), "organisation"
            named = self.named_poll(tok.i, run=kind is _POLL_HEADS)
            if named is not None:
                return named, "organisation"
        return None

    def named_poll(self, i: int, run: bool = False) -> str | None:
        """The issuer when token ``i`` is the poll word ending a name ("Gallup Poll" -> "Gallup"), else ``None``;
        with ``run``, also the names right before a lower-case "poll" ("a Bloomberg poll" -> "Bloomberg")."""
        tok = self.doc[i]
        if tok.lower_ not in _POLL_HEADS:
            return None
        ent = next((x for x in self.ent_at.values() if x.start <= i < x.end), None)
        if ent is not None:
            if ent.end - 1 != i or len(ent) < 2:
                return None
            return self.fullest_organisation(_issuer(ent.text.removeprefix("the ").removeprefix("The ")))
        if tok.pos_ != "PROPN" and not run:
            return None
        start = i  # "a national Gallup Poll", "the Register/Bloomberg Politics survey": the names right before it
        while start > 0 and (self.doc[start - 1].pos_ == "PROPN" or (
                self.doc[start - 1].text in ("/", "-", "&") and start - 1 > 0 and self.doc[start - 2].pos_ == "PROPN")):
            start -= 1
        words = self.doc[start:i]
        if start == i or words.text.lower() in _POLL_HEADS or any(t.ent_type_ in ("GPE", "DATE", "NORP")
                                                                   for t in words):
            return None  # "the Iowa poll", "a July poll": where or when, not who
        if words[0].is_sent_start and len(words) == 1:
            return None  # a headline's "New Poll Shows ...": a capital of the line, not a name
        return self.fullest_organisation(words.text)

    def is_person_surname(self, text: str) -> bool:
        """Whether ``text`` is the surname of a person the document names ("Trump" tagged ORG)."""
        return any(m.type == "person" and m.name.split()[-1] == text and m.name != text for m in self.mentions)

    def fullest_organisation(self, text: str) -> str:
        """The one longer organisation name in the document that begins or ends with ``text``
        ("Fox" -> "Fox News", "Post" -> "New York Post")."""
        if self.is_person_surname(text):
            return text  # "Trump" tagged ORG is the person, not "Trump University"
        longer = {m.name for m in self.mentions if m.type == "organisation" and m.name != text
                  and (m.name.startswith(text + " ") or m.name.endswith(" " + text))}
        return longer.pop() if len(longer) == 1 else text

    def description(self, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
        """A definite singular person description ("the candidate") to the person it points back to."""
        tok = doc[head]
        words = [t for t in doc[s:e] if not t.is_punct]
        if not words or words[0].lower_ != "the" or tok.tag_ != "NN" or any(t.ent_type_ == "PERSON" for t in words):
            return None
        if tok.lemma_.lower() not in _DESCRIBED_PERSONS and noun_gender(tok.lower_) is None:
            return None
        modifiers = {t.lower_ for t in words}
        former = bool(modifiers & {"former", "ex"})
        if former:
            holder = self.former_holder(doc, s, e)
            if holder is not None:
                return holder
        elif title_key(doc[s:e].text) in role_titles():
            return None  # a current office: resolved by date through the registry
        before_head = [t for t in words if t.i < tok.i]
        home = home_country(doc_text(doc), country_forms())
        named = [t for t in before_head if t.ent_type_ in ("GPE", "NORP", "ORG")
                 and not (home and country_forms().get(self.ent_text(t)) == home)]  # "the U.S. senator": no place
        if named and all(t.ent_type_ == "GPE" or (t.ent_type_ == "NORP" and not self.is_party(t.text)) for t in named):
            # "the Vermont senator": a person the article places there, else no one
            return self.placed_person(doc, s, [t.lower_ for t in named], noun_gender(tok.lower_))
        if named:
            return None  # "the FBI director", "the state's Republican leader": an office of its own
        return self.best(s, {"person"}, noun_gender(tok.lower_))

    def ent_text(self, tok: Token) -> str:
        """The text of the entity ``tok`` is in (the token's own text outside one)."""
        ent = next((x for x in self.ent_at.values() if x.start <= tok.i < x.end), None)
        return ent.text if ent is not None else tok.text

    def former_holder(self, doc: Doc, s: int, e: int) -> tuple[str, str] | None:
        """"The former secretary of state" -> the person named earlier whom the registry lists as holding
        that office at some time; the most salient one if several are named."""
        words = [t.text for t in doc[s:e] if t.lower_ not in ("the", "former", "ex", "-") and not t.is_punct]
        key = name_key(" ".join(words))
        if key not in role_titles():
            return None
        holders = {tenure.holder for role in shared_starter_registry().roles
                   if key in {name_key(t) for t in (role.title, *role.aliases)} for tenure in role.tenures}
        named = {m.name for m in self.mentions if m.token < s and m.type == "person"} & holders
        return self.best(s, {"person"}, None, only=named) if named else None

    def placed_person(self, doc: Doc, s: int, places: list[str], gender: str | None = None) -> tuple[str, str] | None:
        """The most salient person named before ``s`` whom the text places in every one of ``places``
        ("Sen. Bernie Sanders (I-Vt.)", "Vermont's Bernie Sanders" for "the Vermont senator")."""
        text = doc_text(doc)
        placed = set()
        for m in self.mentions:
            if m.token >= s or m.type != "person" or m.name in placed:
                continue
            at = doc[m.token].idx
            if place_agrees(places, text[max(0, at - 40) : at + len(m.name) + 30]):
                placed.add(m.name)
        return self.best(s, {"person"}, gender, only=placed) if placed else None

    def organisation(self, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
        """A definite singular organisation noun ("the agency", "the union") to the organisation last named."""
        tok = doc[head]
        if doc[s].lower_ != "the" or tok.tag_ != "NN" or tok.lemma_.lower() not in _ORGANISATION_NOUNS:
            return None
        if any(t.ent_type_ for t in doc[s:e]):
            return None
        return self.best(s, {"organisation"}, None)

    def named_after(self, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
        """An indefinite "a federal judge" named in the next two sentences as "Judge David Bristow"."""
        tok = doc[head]
        if doc[s].lower_ not in ("a", "an") or tok.tag_ != "NN" or tok.lemma_.lower() not in role_nouns():
            return None
        here = self.sent_of[s]
        for m in self.mentions:
            if m.token < e or m.type != "person" or self.sent_of[m.token] > here + 2:
                continue
            before = {t.lemma_.lower() for t in doc[max(0, m.token - 3) : m.token]}
            if tok.lemma_.lower() in before:
                return m.name, "person"
        return None

    def _fullest(self, text: str) -> str:
        words = text.split()
        if len(words) == 1:
            full = {m.name for m in self.mentions if m.type == "person" and m.name.split()[-1] == words[0]}
            if len(full) == 1:
                return full.pop()
        return text


@lru_cache(maxsize=4096)
def _is_politician(name: str) -> bool:
    """Whether the starter registry knows ``name`` as one who runs campaigns: an office or candidacy held,
    or a party membership with dates (a party's staff are members without)."""
    registry = shared_starter_registry()
    if name not in registry:
        return False
    return bool(registry.roles_of(name)) or any(m.start is not None for m in registry.parties_of(name))


@lru_cache(maxsize=1)
def _campaign_names() -> frozenset[str]:
    """Names of the starter registry's campaign organisations ("Hillary for America")."""
    return frozenset(a.name for a in shared_starter_registry() if a.type == "organisation" and any(
        alias.lower().endswith(" campaign") for alias in a.aliases))


def _in_pp(tok: Token, head: int, preps: tuple[str, ...]) -> bool:
    """Whether ``tok`` sits in a prepositional phrase ("of ...", "among ...") attached under token ``head``."""
    t = tok
    while t.i != head and t.head.i != t.i:
        if t.dep_ == "pobj" and t.head.lower_ in preps:
            return True
        t = t.head
    return False


def _issuer(name: str) -> str:
    """A poll's issuer without the word for the poll ("Gallup Poll" -> "Gallup")."""
    words = name.split()
    if len(words) > 1 and words[-1].lower() in _POLL_HEADS:
        return " ".join(words[:-1])
    return name


def _named_by_role(doc: Doc, ent: Span) -> bool:
    """Whether a person's role noun stands right before ``ent`` or in apposition to it ("anchor Lester Holt")."""
    near = [doc[ent.start - 1]] if ent.start else []
    root = ent.root
    near += [root.head] if root.dep_ == "appos" else []
    near += [c for c in root.children if c.dep_ == "appos"]
    return any(t.lemma_.lower() in role_nouns() or t.lemma_.lower() in _DESCRIBED_PERSONS for t in near)


def _gender_evidence(doc: Doc, ent: Span) -> set[str]:
    """Genders the text itself gives a person mention: a title or a gendered noun beside it."""
    found = set()
    for t in (doc[ent.start - 1] if ent.start else None, ent[0]):
        if t is not None and title_gender(t.text):
            found.add(title_gender(t.text))
    root = ent.root
    near = [root.head] if root.dep_ in ("appos", "compound") else []
    near += [c for c in root.children if c.dep_ in ("appos", "compound")]
    near += [t for t in doc[max(0, ent.start - 3) : ent.start] if t.pos_ == "NOUN"]
    for t in near:
        g = noun_gender(t.lower_) or noun_gender(t.lemma_.lower())
        if g:
            found.add(g)
    return found  # type: ignore[return-value]


def clean_entities(doc: Doc, ents: list[Span]) -> list[Span]:
    """Entities cut where the small model ran them on past the name.

    An entity ends before a sentence-final period followed by a capitalised word
    ("National Golf Foundation. Almost" -> "National Golf Foundation"; an initial
    such as "Jacob J. Lew" stays whole) and before a verb, "to" or a modal inside
    it, which in a title-case headline is the predicate ("Obama Seeks Support" ->
    "Obama"; "Obama Administration To Expand Program" -> "Obama Administration").
    An entity left empty is dropped.

    >>> from spacy.vocab import Vocab
    >>> doc = Doc(Vocab(), words=["Obama", "Seeks", "Support", "Now"], tags=["NNP", "VBZ", "NNP", "RB"],
    ...           ents=["B-PERSON", "I-PERSON", "I-PERSON", "O"])
    >>> [e.text for e in clean_entities(doc, list(doc.ents))]
    ['Obama']
    """
    cleaned = []
    for ent in ents:
        end = ent.end
        for tok in ent[1:]:
            after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            period = tok.text == "." or (tok.text.endswith(".") and len(tok.text) > 2 and tok.text[:-1].isalpha()
                                         and not tok.text[:-1].isupper())
            if period and after is not None and tok.i + 1 < ent.end and after.text[:1].isupper():
                end = tok.i + (0 if tok.text == "." else 1)
                break
            if tok.tag_.startswith("VB") or tok.tag_ in ("TO", "MD"):
                end = tok.i
                break
        start = ent.start
        if ent.label_ == "PERSON":  # "Maricopa County Recorder Helen Purcell" -> "Helen Purcell"
            roles = [t.i for t in doc[ent.start : end] if t.lower_ in role_nouns() or t.lower_ in _DESCRIBED_PERSONS]
            if roles and end - (roles[-1] + 1) >= 2:
                start = roles[-1] + 1
        if (start, end) == (ent.start, ent.end):
            cleaned.append(ent)
        elif end > start:
            cleaned.append(Span(doc, start, end, label=ent.label_))
    return cleaned


def resolve(doc: Doc, found: list[Found]) -> list[tuple[str | None, str | None]]:
    """Return ``(speaker_name, speaker_type)`` for each Found, in the same order.

    Names and descriptions are resolved first (in text order), then pronouns
    and relative "who" by salience (:class:`Salience`), then first-person
    speakers inside a quotation to the quotation's speaker.

    Examples
    --------
    >>> from spacy.vocab import Vocab
    >>> doc = Doc(Vocab(), words=["Jane", "Doe", "spoke", ".", "Doe", "said", "so", "."],
    ...           ents=["B-PERSON", "I-PERSON", "O", "O", "B-PERSON", "O", "O", "O"])
    >>> f = Found("ccomp", "indirect", (6, 7), (4, 5), (5, 6), 4)
    >>> resolve(doc, [f])
    [('Jane Doe', 'person')]
    """
    if not found:
        return []
    ents = clean_entities(doc, list(doc.ents))  # built once: doc.ents makes new Spans on every access
    names = _Names(doc, ents)
    salience = Salience(doc, ents, names)
    person_at = {i: ent for ent in ents if ent.label_ == "PERSON" for i in range(ent.start, ent.end)}

    def speaker_start(k: int) -> int:
        speaker = found[k].speaker
        return speaker[0] if speaker else -1

    order = sorted(range(len(found)), key=speaker_start)
    result: list[tuple[str | None, str | None]] = [(None, None)] * len(found)
    for k in order:
        f = found[k]
        if f.speaker is None:
            continue
        s, e = f.speaker
        head = f.speaker_head if f.speaker_head is not None else e - 1
        kind = speaker_kind(doc, s, e, head)
        if kind == "first_person":
            continue  # after every other speaker: the quotation's speaker
        if kind in ("pronoun", "relative"):
            # in a quotation, "he" is not the one quoted (who would say "I")
            quoted_by = _quotation_speaker(f, found, result)[0]
            result[k] = salience.pronoun(doc[head], s, exclude=quoted_by)
        else:
            result[k] = _named(doc, s, e, head, names, person_at, salience)
        name, typ = result[k]
        if name is not None and typ is None and first_name_gender(name):
            result[k] = (name, typ := "person")
        if name is not None and typ is not None:
            salience.add_speaker(s, name, typ)
    for k in order:
        f = found[k]
        if f.speaker is not None and speaker_kind(doc, f.speaker[0], f.speaker[1], f.speaker_head) == "first_person":
            result[k] = _quotation_speaker(f, found, result)
    return result


def speaker_kind(doc: Doc, start: int, end: int, head: int | None) -> str:
    """``pronoun``, ``relative`` (who/that heading a relative clause), ``first_person`` or ``other``."""
    tok = doc[head] if head is not None else doc[end - 1]
    low = tok.text.lower()
    if end - start > 1 or tok.ent_type_:
        return "other"  # "the US", "US officials" are not "us"
    if low in _FIRST_PERSON:
        return "first_person"
    if low in _PERSON_PRONOUNS | _GROUP_PRONOUNS | _THING_PRONOUNS | _POSSESSIVES:
        return "pronoun"
    if low in _RELATIVES and tok.head.dep_ == "relcl":
        return "relative"
    return "other"


def _named(doc: Doc, s: int, e: int, head: int, names: _Names, person_at: dict[int, Span],
           salience: Salience) -> tuple[str | None, str | None]:
    text = doc[s:e].text
    typ = mention_type(doc, s, e, head)
    if is_dateline(doc, s, e):
        return None, None  # "WASHINGTON (AP) --" is where, not who
    if in_headline(doc, s):  # "Bernie Sanders Promises Action On Immigration": only the name speaks
        names_in = sorted((x for x in salience.ent_at.values() if s <= x.start < e and x.label_ in _ENT_TYPES),
                          key=lambda x: x.start)
        if names_in:
            s, e = names_in[0].start, names_in[0].end
            head, text, typ = e - 1, names_in[0].text, _ENT_TYPES[names_in[0].label_]
        else:  # untagged: the proper nouns the line opens with, up to its verb ("Pence Says ...")
            run = s
            while run < e and doc[run].text[:1].isupper() and not doc[run].tag_.startswith(("VB", "MD")):
                run += 1
            if not s < run <= s + 3:
                return None, None
            e, head, text = run, run - 1, doc[s:run].text
    named_poll = salience.named_poll(head)
    if named_poll is not None:
        return named_poll, "organisation"  # "a national Gallup Poll": Gallup
    if head not in person_at and doc[head].pos_ != "PROPN":
        owner = salience.owner(doc, s, e, head)  # "a spokeswoman for Hillary Clinton": who she speaks for
        if owner is not None:
            return owner
    in_text = document_name(text, doc_text(doc), doc[s].idx, countries=country_forms())
    if in_text:
        return in_text, "person" if head in person_at else salience.type_of(in_text, typ)  # the shared step
    if head in person_at:
        return names.fullest(person_at[head].text), "person"
    titled = names.title(text)
    if titled:
        return titled, "person"
    if doc[head].pos_ == "PROPN" and e - s == 1:
        if doc[head].ent_type_ == "ORG":
            name = salience.fullest_organisation(text)
        else:
            name = names.fullest(text)
        return name, salience.type_of(name, typ)
    described = (salience.description(doc, s, e, head) or salience.organisation(doc, s, e, head)
                 or salience.named_after(doc, s, e, head))
    if described is not None:
        return described
    if not is_agent_phrase(doc, s, e, head):
        return None, None  # "some experts", "his body mass index": unresolved, no actor
    return text, salience.type_of(text, typ)


_HEADLINE_SMALL_WORDS = frozenset({"a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "as", "at", "by",
                                   "with", "from", "is", "vs", "vs."})


def in_headline(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is on a title-case line of its own: every word but small ones capitalised
    ("Obama Seeks Support for Climate Deal"), four words or more, no sentence inside.

    >>> from spacy.vocab import Vocab
    >>> words = ["Obama", "Seeks", "Support", "for", "Deal", "\\n", "He", "said", "it", "."]
    >>> in_headline(Doc(Vocab(), words=words), 0), in_headline(Doc(Vocab(), words=words), 7)
    (True, False)
    """
    text = doc_text(doc)
    at = doc[i].idx
    line = text[text.rfind("\n", 0, at) + 1 : (text.find("\n", at) + 1 or len(text) + 1) - 1]
    words = [w.strip("\"'“”‘’:,;!?()") for w in line.split()]
    words = [w for w in words if w and w[0].isalpha()]
    if len(words) < 4 or ". " in line.strip():
        return False
    big = [w for w in words if w.lower() not in _HEADLINE_SMALL_WORDS]
    return bool(big) and all(w[0].isupper() for w in big)


def is_dateline(doc: Doc, start: int, end: int) -> bool:
    """Whether ``doc[start:end]`` is an upper-case place opening a line ("LOS ANGELES (AP) --")."""
    words = [t for t in doc[start:end] if t.is_alpha]
    if not words or not all(t.is_upper for t in words) or len("".join(t.text for t in words)) < 4:
        return False
    first = doc[start]
    return first.i == 0 or "\n" in doc[first.i - 1].whitespace_ + doc[first.i - 1].text


def is_agent_phrase(doc: Doc, start: int, end: int, head: int) -> bool:
    """Whether ``doc[start:end]``, left unresolved, may still become an actor of its own.

    Only a phrase with a name or entity in it ("Senate Democrats", "Fox News' Bret
    Baier") or a definite singular office the registry may know by date ("the
    president"). Generic and non-agent phrases ("some experts", "critics", "his
    body mass index", "stakes") stay unresolved: the statement keeps its speaker
    span but has no actor.
    """
    span = doc[start:end]
    tok = doc[head]
    if tok.ent_type_ in _ENT_TYPES or tok.ent_type_ == "FAC" or tok.pos_ == "PROPN":
        return True
    lemma = tok.lemma_.lower()
    if any(t.ent_type_ in _ENT_TYPES or t.ent_type_ == "FAC" or t.pos_ == "PROPN" for t in span):
        # a named owner makes an agent only of an agent noun ("New York judge", "the Cruz campaign"),
        # not of "Trump's unorthodox moves" or "lack of enthusiasm for Clinton"
        return lemma in role_nouns() or lemma in _AGENT_HEADS or lemma in _ISSUED_HEADS or lemma in _INSTITUTIONS
    return span[0].lower_ == "the" and tok.tag_ == "NN" and lemma in role_nouns()


def _quotation_speaker(
    f: Found, found: list[Found], result: list[tuple[str | None, str | None]]
) -> tuple[str | None, str | None]:
    """The speaker of the innermost other attribution whose content holds ``f``'s speaker."""
    assert f.speaker is not None
    at = f.speaker[0]
    best: tuple[int, tuple[str | None, str | None]] | None = None
    for other, named in zip(found, result, strict=False):
        if other is f or named[0] is None:
            continue
        cs, ce = other.content
        if cs <= at < ce and (best is None or ce - cs < best[0]):
            best = (ce - cs, named)
    return best[1] if best is not None else (None, None)
