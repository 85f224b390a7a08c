"""Who a pronoun or description may point back to in one document: earlier mentions ranked by salience.

The mentions are the document's entities (and untagged surnames of its full names),
each with its sentence, paragraph, grammatical role and whether it is quoted; the
ranking (:meth:`Salience.best`) filters by type and gender and favours recency,
subjects and earlier speakers. The word lists of in-document resolution
(``nlp/data/coref_*.tsv``) are read here once.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from stancemap.names.gender import (
    first_name_gender,
    is_first_name,
    is_surname,
    noun_gender,
    pronoun_gender,
    title_gender,
)
from stancemap.names.mentions import looks_like_person_name
from stancemap.names.normalise import without_the
from stancemap.names.places import is_country_name
from stancemap.nlp.coref_words import (
    DESCRIBED_PERSONS,
    GROUP_PRONOUNS,
    PERSON_PRONOUNS,
    RELATIVES,
    country_forms,
    known_gender,
    role_nouns,
)
from stancemap.nlp.doc_names import DocNames, initials, surname
from stancemap.nlp.known_actors import NO_ACTORS, KnownActors
from stancemap.nlp.mention_roles import entity_role, forward_subject, token_role
from stancemap.nlp.relatives import relative_noun
from stancemap.nlp.spans import paragraphs, quote_spans

_ENT_TYPES = {"PERSON": "person", "ORG": "organisation", "GPE": "country", "LOC": "country", "NORP": "group"}
#: Registry matches that tell a pronoun what a name is ("Trump": a person by surname).
_KNOWN_BY = frozenset({"exact", "alias", "surname", "capital"})


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

    A candidate must agree in type, number and animacy (:meth:`agrees`: "he" never
    takes an organisation or "the Clintons"; "it" never a person or a state) and,
    where both are known, in gender ("she" never takes a man). Among those, the
    score favours recency (halved each sentence back), grammatical subjects,
    earlier speakers (a quote run keeps its speaker), names the article repeats,
    and mentions outside quotation marks; a person of unknown gender is kept but
    ranked lower than one whose gender agrees.
    """

    WINDOW_SENTENCES = 5
    _RECENCY = 0.5  # a mention's recency score, 100, is multiplied by this for each sentence back
    # fitted on the train speaker golds (benchmarks/fit_salience_weights.py, results/fit_salience_weights.md)
    _SUBJECT, _MAIN, _OBJECT, _SPEAKER, _QUOTED, _UNKNOWN_GENDER, _REPEATED, _EARLIER_PARAGRAPH = (
        100.0, 40.0, 40.0, 20.0, -60.0, -45.0, 8.0, -60.0)
    _COUNTRY_AS_GROUP = -50.0  # "they" is rarely a country

    def __init__(self, doc: Doc, ents: list[Span], names: DocNames, known: KnownActors = NO_ACTORS) -> None:
        self.doc, self.names = doc, names
        self.known = known  # the actor registry: genders of people it knows
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
        self._ent_over = {i: e for e in ents for i in range(e.start, e.end)}
        self.mentions: list[_Mention] = []
        self.gender: dict[str, str | None] = {}
        self.person_evidence: set[str] = set()
        self.plural: set[str] = set()
        self._agreement: dict[tuple[str, bool], bool] = {}
        self.org_names = {without_the(x.text) for x in ents if x.label_ == "ORG"}
        votes: dict[str, set[str]] = {}
        for e in ents:
            if e.label_ not in _ENT_TYPES or (e.label_ == "NORP" and e.root.dep_ in ("amod", "compound")):
                continue  # "Republican lawmakers": an adjective, not the group "they" may mean
            name = names.fullest(e.text) if e.label_ == "PERSON" else e.text
            typ = _ENT_TYPES[e.label_]
            person = names.person_named(e) or self._run_into(e, names) if e.label_ != "PERSON" else None
            if person is not None:  # "Sexton" or "Vanessa Iampaglia" tagged ORG: the person the text names
                name, typ = person, "person"
            kin = names.first_only.get(e.text)
            if kin is not None:  # "Trump's wife, Melania," (tagged GPE): Melania Trump
                name, typ = kin, "person"
            if e.label_ == "GPE" and e.root.tag_ == "NNPS":
                typ = "group"  # an ORG such as "Vanguard Logistics Services" stays an organisation
            self.mentions.append(_Mention(e.start, self.sent_of[e.start], name, typ, entity_role(e),
                                          para=self.para_of[e.start], quoted=quoted[e.start]))
            if typ == "person" and _plural(e, names):
                self.plural.add(name)  # "the Clintons", "Latinos" tagged PERSON: never "he"
            if typ == "person":
                votes.setdefault(name, set()).update(_gender_evidence(doc, e))
                kin_gender = noun_gender(e.root.head.lower_) if kin is not None else None
                if kin_gender:
                    votes[name].add(kin_gender)  # "Trump's wife, Melania": a woman
            elif _named_by_role(doc, e) and first_name_gender(e.text):
                self.person_evidence.add(name)  # "NBC anchor Lester Holt" tagged ORG: the role says a person
        for name, found in votes.items():
            self.gender[name] = found.pop() if len(found) == 1 else (
                None if found else known_gender(known, name) or _one(names.surname_genders(name).values()))
        self.surname_at = self._untagged_surnames(doc, names)
        for i, name in self.surname_at.items():
            self.mentions.append(
                _Mention(i, self.sent_of[i], name, "person", token_role(doc[i]), para=self.para_of[i], quoted=quoted[i])
            )
        self.mentions.sort(key=lambda m: m.token)
        #: Places the tagger labels GPE that are no country nor a registry capital: a city, a state ("Iowa").
        self.regions = frozenset(m.name for m in self.mentions if m.type == "country" and m.name not in
                                 country_forms(known) and not is_country_name(without_the(m.name)))
        for m in self.mentions:  # "the Post" after "The Washington Post": one organisation for "it"
            if m.type == "organisation":
                m.name = self.fullest_organisation(m.name)

    def _run_into(self, e: Span, names: DocNames) -> str | None:
        """The person an organisation's entity runs on into ("Fox News' Bret Baier", "the Washington Post Trump")."""
        for n in (2, 1):
            full = n == 2 and first_name_gender(e[-2:].text)
            person = names.fullest(e[-2:].text) if full else names.person_named(e[-1:]) if n == 1 else None
            owner = " ".join(t.text for t in e[:-n] if not t.is_punct and t.tag_ != "POS")
            if person and len(e) > n + 1 and self._organisation(owner):
                return person
        return None

    def _organisation(self, text: str) -> bool:
        """Whether ``text`` ("Fox News") is an organisation the registry or an entity of the text names."""
        return without_the(text) in self.org_names or self._known(without_the(text)) == "organisation"

    def _known(self, name: str) -> str | None:
        """The type of the actor the registry knows as ``name``."""
        found = self.known.lookup(name)
        return found.actor.type if found is not None and found.method in _KNOWN_BY else None

    @staticmethod
    def _untagged_surnames(doc: Doc, names: DocNames) -> dict[int, str]:
        """Capitalised tokens outside any entity that are the surname of one full name in the document.

        The small model often misses a repeated surname ("Sanders" tagged as the noun
        "sanders"); the article's own full name says who it is.
        """
        found = {}
        for tok in doc:
            # "Sanders aides said" stays, and so does a bare subject ("Trump continues to insist")
            opener = tok.is_sent_start and tok.dep_ not in ("compound", "poss", "nsubj", "nsubjpass")
            if tok.ent_type_ or not tok.text[:1].isupper() or opener:
                continue
            full = names.with_surname(tok.text.lower())
            if len(full) == 1:
                found[tok.i] = next(iter(full))
        return found

    def add_speaker(self, token: int, name: str, typ: str) -> None:
        """Record a resolved speaker: the next pronoun of a quote run may point back to it."""
        if typ == "person" and name not in self.gender:
            self.gender[name] = known_gender(self.known, name)
        bisect.insort(self.mentions, _Mention(token, self.sent_of[token], name, typ, "main", self.para_of[token],
                                              speaker=True), key=lambda m: m.token)

    def pronoun(self, tok: Token, start: int, exclude: str | None = None,
                others: frozenset[str] = frozenset()) -> tuple[str | None, str | None]:
        """The most salient earlier mention ``tok`` (a pronoun or relative "who") can refer to.

        ``exclude`` is a name the pronoun cannot be: the speaker of the quotation it is in; ``others`` are
        names it cannot be either: the people the quotation it tags speaks of.
        """
        low = tok.text.lower()
        if low in RELATIVES:
            return self._relative(tok)
        if low in PERSON_PRONOUNS:
            want, gender = {"person"}, pronoun_gender(low)
        elif low in GROUP_PRONOUNS:
            want, gender = {"group", "organisation", "country"}, None
        else:
            want, gender = {"organisation", "country"}, None
        if exclude is None and self.quoted[start]:
            exclude = (self.last_speaker(start) or (None,))[0]  # in a quote run, the quoted one is the last speaker
        person = "person" in want
        objects = self._objects_of_its_verb(tok) | others | {m.name for m in self.mentions if m.token < start
                                                     and not self.agrees(m.name, person)}
        best = self._cataphor(tok, gender) if person else None
        best = best or self.best(start, want, gender, exclude=exclude, excluded=objects)
        if best is None:
            return None, None
        full = self.names.of_gender(best[0], gender) if gender and best[1] == "person" else None
        if full is not None:
            return full, "person"  # Chris, not Anne Marie Murphy
        if gender and self.gender.get(best[0]) is None and best[1] == "person":
            self.gender[best[0]] = gender  # the article's own pronoun is evidence for what follows
        return best

    def agrees(self, name: str, person: bool) -> bool:
        """Whether a person pronoun (``person``) or "it"/"they" may take ``name``. "He" never takes many
        ("Latinos"), an organisation the registry knows ("Politico") or a name run on from one; "it"/"they"
        never a person ("Trump" tagged ORG), nor a city or state ("Iowa")."""
        key = (name, person)
        if key not in self._agreement:
            known, words = self._known(name), without_the(name).split()
            if person:
                self._agreement[key] = (known == "person" or known is None and name not in self.plural) and not any(
                    self._organisation(" ".join(words[:k])) for k in range(2, len(words)))
            else:
                like = known == "person" if known is not None else self._person_like(name)
                self._agreement[key] = not like and (known == "country" or name not in self.regions)
        return self._agreement[key]

    def _person_like(self, name: str) -> bool:
        """Whether the text makes ``name`` a person: mostly tagged one, a person's surname ("FALLIN"), or a
        full name with a known first name or a named person's surname ("Daron Acemoglu", "Lachlan Murdoch")."""
        words = name.split()
        if self.type_of(name, None) == "person" or self._surnamed(name):
            return True
        return len(words) >= 2 and looks_like_person_name(name) and bool(
            first_name_gender(name) or self._surnamed(words[-1]))

    def _surnamed(self, word: str) -> bool:
        """Whether ``word`` (any case: "FALLIN") is the surname of another person the text names."""
        return any(m.type == "person" and surname(m.name).lower() == word.lower() and m.name != word
                   for m in self.mentions)

    def _objects_of_its_verb(self, tok: Token) -> frozenset[str]:
        """Who a subject pronoun cannot be: the persons its own verb takes as object ("he told Hannity",
        "she thanked Kaine": binding, a subject is never its verb's non-reflexive object)."""
        if tok.dep_ not in ("nsubj", "nsubjpass"):
            return frozenset()
        verb = tok.head
        spans = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
        spans += [g for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "with") for g in c.children
                  if g.dep_ == "pobj"]
        edges = [(c.left_edge.i, c.i) for c in spans if c.i > tok.i]  # the noun and its modifiers, no clause
        words = {t.text for lo, hi in edges for t in tok.doc[lo : hi + 1] if t.pos_ == "PROPN"}
        named = {m.name for m in self.mentions if any(lo <= m.token <= hi for lo, hi in edges)}
        for word in words:  # a bare surname is the one of that name the text names most ("Trump", not his wife)
            counts = Counter(m.name for m in self.mentions if m.type == "person" and surname(m.name) == word)
            named |= {counts.most_common(1)[0][0]} if counts else set()
        return frozenset(named)

    def type_of(self, name: str, typ: str | None) -> str | None:
        """The type the document's entity labels give ``name`` most often (NER varies between
        mentions: "Lester Holt" is PERSON here and ORG there), except that a name starting with a
        known first name is a person when it is tagged PERSON at all, or tagged only ORG and shaped
        like a person's full name (the anchor of "NBC Nightly News" is tagged ORG beside it); on a
        tie of other types ``typ`` stays."""
        if name in self.person_evidence:
            return "person"
        votes = Counter(m.type for m in self.mentions if m.name == name and not m.speaker)
        if not votes:
            return typ
        if first_name_gender(name) and ("person" in votes or (
                set(votes) == {"organisation"} and len(name.split()) >= 2 and looks_like_person_name(name))):
            return "person"  # "Lester Holt" tagged ORG twice beside "NBC Nightly News"
        top = max(votes.values())
        tied = [t for t, n in votes.items() if n == top]
        return tied[0] if len(tied) == 1 else typ

    def last_speaker(self, before: int, window: int | None = None) -> tuple[str, str] | None:
        """The last speaker resolved before token ``before``, at most ``window`` sentences back."""
        here = self.sent_of[before]
        speakers = [m for m in self.mentions if m.speaker and m.token < before
                    and (window is None or here - m.sent <= window)]
        return (speakers[-1].name, speakers[-1].type) if speakers else None

    def best(self, before: int, want: set[str], gender: str | None, exclude: str | None = None,
             only: set[str] | None = None, window: int | None = None,
             excluded: frozenset[str] = frozenset()) -> tuple[str, str] | None:
        """The best candidate before token ``before`` of a type in ``want`` agreeing with ``gender``
        (and, with ``only``, named in it; with ``window``, in that many sentences back at most), not
        ``exclude`` nor one of ``excluded``."""
        here = self.sent_of[before]
        inside_quote = self.quoted[before]
        scores: dict[str, float] = {}
        types: dict[str, str] = {}
        counts: dict[str, int] = {}
        for m in self.mentions_in(0, before):
            counts[m.name] = counts.get(m.name, 0) + 1
            distance = here - m.sent
            if distance > (self.WINDOW_SENTENCES if window is None else window) or m.type not in want \
                    or m.name == exclude or m.name in excluded:
                continue
            if only is not None and m.name not in only:
                continue
            known = self.gender.get(m.name) if m.type == "person" else None
            if gender and known and known != gender:
                continue
            score = 100.0 * self._RECENCY**distance
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
        noun = relative_noun(tok)
        ent = self.entity_over(noun.i)
        found = next((m for m in self.mentions if ent is not None and m.token == ent.start), None)
        return (found.name, found.type) if found is not None else (None, None)

    def is_person_surname(self, text: str) -> bool:
        """Whether ``text`` is the surname of a person the document names ("Trump" tagged ORG)."""
        return any(m.type == "person" and surname(m.name) == text and m.name != text for m in self.mentions)

    def fullest_organisation(self, text: str) -> str:
        """The one longer organisation name in the document that begins or ends with ``text``
        ("Fox" -> "Fox News", "Post" -> "New York Post"), or whose initials an acronym spells ("AIPAC" ->
        "American Israel Public Affairs Committee")."""
        if self.is_person_surname(text):
            return text  # "Trump" tagged ORG is the person, not "Trump University"
        acronym = text.replace(".", "") if len(text.replace(".", "")) >= 3 and text.isupper() else None
        longer = {m.name for m in self.mentions if m.type == "organisation" and m.name != text
                  and (m.name.startswith(text + " ") or m.name.endswith(" " + text)
                       or (acronym is not None and initials(m.name) == acronym))}
        return longer.pop() if len(longer) == 1 else text

    def ent_text(self, tok: Token) -> str:
        """The text of the entity ``tok`` is in (the token's own text outside one)."""
        ent = self.entity_over(tok.i)
        return ent.text if ent is not None else tok.text

    def _cataphor(self, tok: Token, gender: str | None) -> tuple[str, str] | None:
        """The person a pronoun points forward to (:func:`forward_subject`), when of ``gender``."""
        subject = forward_subject(tok)
        ent = self.entity_over(subject.i) if subject is not None else None
        if ent is None:
            return None
        found = next(iter(self.mentions_in(ent.start, ent.start + 1)), None)
        if found is None or found.type != "person" or self.gender.get(found.name) not in (gender, None):
            return None
        return found.name, "person"

    def mentions_in(self, start: int, end: int) -> list[_Mention]:
        """The mentions at tokens ``start`` to ``end`` (not included), in text order."""
        low = bisect.bisect_left(self.mentions, start, key=lambda m: m.token)
        return self.mentions[low : bisect.bisect_left(self.mentions, end, key=lambda m: m.token)]

    def entity_over(self, i: int) -> Span | None:
        """The entity token ``i`` is part of, if any (entities do not overlap)."""
        return self._ent_over.get(i)

    def _fullest(self, text: str) -> str:
        words = text.split()
        if len(words) == 1:
            full = {m.name for m in self.mentions if m.type == "person" and surname(m.name) == words[0]}
            if len(full) == 1:
                return full.pop()
        return text


def _one(genders: Iterable[str | None]) -> str | None:
    """The gender all of ``genders`` share ("Scott" of Bobby and Tim Scott: a man), else ``None``."""
    found = set(genders)
    return found.pop() if len(found) == 1 else None


def _plural(e: Span, names: DocNames) -> bool:
    """Whether a person entity names many ("the Clintons", "Latinos"): in "s", no one's name nor "Mr. X"."""
    last = e[-1].lower_
    return last.endswith("s") and (len(e) == 1 or e[-1].tag_ in ("NNS", "NNPS")) and not (
        names.with_surname(last) or names.titled.get(last) or is_first_name(last) or is_surname(last))


def _named_by_role(doc: Doc, ent: Span) -> bool:
    """Whether a person's role noun stands right before ``ent`` or in apposition to it ("anchor Lester Holt")."""
    near = [doc[ent.start - 1]] if ent.start else []
    root = ent.root
    near += [root.head] if root.dep_ == "appos" else []
    near += [c for c in root.children if c.dep_ == "appos"]
    return any(t.lemma_.lower() in role_nouns() or t.lemma_.lower() in DESCRIBED_PERSONS for t in near)


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
