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
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from stancemap.actors.antecedents import document_name
from stancemap.actors.gender import first_name_gender, noun_gender, pronoun_gender, title_gender
from stancemap.actors.io import shared_starter_registry
from stancemap.actors.normalise import name_key, title_key
from stancemap.nlp.attribution import Found
from stancemap.nlp.spans import doc_text, paragraphs, quote_spans

_ENT_TYPES = {"PERSON": "person", "ORG": "organisation", "GPE": "country", "LOC": "country", "NORP": "group"}
_PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
_GROUP_PRONOUNS = {"they", "them", "their"}
_THING_PRONOUNS = {"it", "its"}
_POSSESSIVES = {"his", "her", "their", "its"}
_FIRST_PERSON = {"i", "me", "we", "us", "my", "our"}
_RELATIVES = {"who", "that", "which", "whom"}
#: Heads of a phrase naming who acts for someone ("a Treasury spokeswoman", "aides to Sanders").
_AGENT_HEADS = {"spokesman", "spokeswoman", "spokesperson", "aide", "adviser", "advisor", "official",
                "staff", "staffer", "campaign", "team", "camp", "surrogate", "representative", "spokespeople",
                "officials", "aides", "advisers", "advisors", "staffers", "surrogates", "representatives"}
#: Heads of a phrase naming something issued ("an ABC News poll", "the Fed's report").
_ISSUED_HEADS = {"poll", "survey", "study", "report", "memo", "analysis", "statement", "ad", "advertisement",
                 "release", "letter", "tweet", "video", "filing", "audit", "review", "forecast", "projection"}
#: Institution nouns a name can own ("the Obama administration", "Senate committee").
_INSTITUTIONS = {"administration", "government", "committee", "department", "ministry", "agency", "office",
                 "party", "court", "council", "commission", "board", "bureau", "union", "group", "organization",
                 "organisation", "company", "firm", "bank", "network", "newspaper", "paper", "channel", "station",
                 "caucus", "delegation", "coalition", "alliance", "association", "foundation", "institute",
                 "university", "center", "centre", "school", "police", "army", "military", "force", "service",
                 "regime", "senate", "house", "parliament", "legislature", "congress", "family", "supporter",
                 "voter", "member", "leader", "lawmaker", "critic", "official", "country", "ally", "state",
                 "nation", "minister", "partner", "neighbour", "neighbor"}
#: Organisation nouns that, definite and singular, point back to the organisation last named.
_ORGANISATION_NOUNS = {"agency", "union", "bank", "newspaper", "paper", "company", "firm", "network",
                       "bureau", "department", "ministry", "office", "group", "organization", "organisation",
                       "committee", "panel", "court", "council", "commission", "board", "institute",
                       "foundation", "association", "coalition", "alliance", "center", "centre", "magazine",
                       "outlet", "website", "site", "publication", "daily", "station", "channel", "broadcaster",
                       "university", "school", "hospital", "charity", "lobby", "watchdog", "regulator", "think tank"}
#: Heads whose person-agent is the campaign ("aides to Sanders" -> "Sanders campaign").
_CAMPAIGN_HEADS = {"campaign", "team", "camp", "aide", "aides", "staff", "staffer", "staffers", "surrogate",
                   "surrogates", "adviser", "advisers", "advisor", "advisors", "spokesman", "spokeswoman",
                   "spokesperson", "spokespeople"}
#: Person nouns that, definite and singular, point back to a person the article named
#: ("the candidate", "the retired neurosurgeon"); generic ones ("the source") are left alone.
_DESCRIBED_PERSONS = {"candidate", "nominee", "frontrunner", "front-runner", "neurosurgeon", "billionaire",
                      "mogul", "businessman", "businesswoman", "magnate", "developer", "host", "anchor", "moderator",
                      "incumbent", "challenger", "senator", "governor", "congressman", "congresswoman",
                      "mayor", "lawmaker", "republican", "democrat", "contender", "rival", "opponent",
                      "star", "celebrity", "tycoon", "author", "founder", "ceo", "chairman", "chairwoman",
                      "director", "secretary", "president", "lady", "speaker", "leader", "populist",
                      "independent", "socialist", "veteran", "diplomat", "nominee-designate", "hopeful"}


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
    text = resources.files("stancemap.nlp").joinpath("data/roles.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t")[0] for line in text.splitlines() if line and not line.startswith("#")]
    return frozenset(rows[1:])




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
            pre = [t for t in doc[max(0, e.start - 4) : e.start] if t.head.i in range(e.start, e.end) and t.dep_ == "compound"]
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
            role = "subject" if dep in ("nsubj", "nsubjpass") else "object" if dep in ("dobj", "pobj", "iobj") else "other"
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
            role = "subject" if tok.dep_ in ("nsubj", "nsubjpass") else "object" if tok.dep_ in ("dobj", "pobj") else "other"
            if role == "subject" and tok.head.dep_ == "ROOT":
                role = "main"
            self.mentions.append(_Mention(i, self.sent_of[i], name, "person", role, para=self.para_of[i], quoted=quoted[i]))
        self.mentions.sort(key=lambda m: m.token)

    @staticmethod
    def _untagged_surnames(doc: Doc, names: _Names) -> dict[int, str]:
        """Capitalised tokens outside any entity that are the surname of one full name in the document.

        The small model often misses a repeated surname ("Sanders" tagged as the noun
        "sanders"); the article's own full name says who it is.
        """
        found = {}
        for tok in doc:
            if tok.ent_type_ or not tok.text[:1].isupper() or tok.is_sent_start:
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

    def best(self, before: int, want: set[str], gender: str | None, exclude: str | None = None) -> tuple[str, str] | None:
        """The best candidate before token ``before`` of a type in ``want`` agreeing with ``gender``."""
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
        """Who a spokesperson, aide, campaign, poll or report in ``doc[s:e]`` acts or speaks for."""
        lemma = doc[head].lemma_.lower()
        word = doc[head].text.lower()
        if not ({lemma, word} & (_AGENT_HEADS | _ISSUED_HEADS)):
            return None
        inner = [t for t in doc[s:e] if t.i != head] + [
            t for child in doc[head].children if child.dep_ == "prep" and child.i >= e and child.lower_ in ("for", "to", "at", "of", "from", "with")
            for t in child.subtree
        ]
        campaign = bool({lemma, word} & _CAMPAIGN_HEADS)
        for t in inner:
            if t.ent_type_ in (("ORG",) if campaign else ("ORG", "GPE", "NORP")) and t.ent_iob_ == "B":
                ent = self.ent_at[t.i]
                if t.ent_type_ == "GPE":
                    return ent.text, "country"
                return self.fullest_organisation(ent.text), "organisation"
        for t in inner:
            if (t.ent_type_ == "PERSON" and t.ent_iob_ == "B") or t.i in self.surname_at:
                text = self.ent_at[t.i].text if t.ent_type_ else self.surname_at[t.i]
                person = self._fullest(text)
                return (f"{person.split()[-1]} campaign", "organisation") if campaign else (person, "person")
            if t.lower_ in ("his", "her") and t.dep_ == "poss" and campaign:
                person, typ = self.pronoun(t, t.i)
                if person and typ == "person":
                    return f"{person.split()[-1]} campaign", "organisation"
        if doc[s].lower_ == "the" and lemma in _ISSUED_HEADS:
            return self._issuer_before(doc, s, lemma)
        return None

    def _issuer_before(self, doc: Doc, before: int, lemma: str) -> tuple[str, str] | None:
        """Who issued the latest earlier poll (report, survey...) the text names: "The survey" after
        "the Census Bureau's survey" is the Census Bureau's."""
        first = max(0, before - 400)
        for tok in reversed(doc[first:before]):
            if tok.lemma_.lower() != lemma or tok.pos_ != "NOUN":
                continue
            for t in tok.subtree:
                if t.i != tok.i and t.ent_type_ in ("ORG", "PERSON") and t.ent_iob_ == "B":
                    ent = self.ent_at[t.i]
                    if t.ent_type_ == "PERSON":
                        return self._fullest(ent.text), "person"
                    return self.fullest_organisation(ent.text), "organisation"
        return None

    def fullest_organisation(self, text: str) -> str:
        """The one longer organisation name in the document that begins or ends with ``text``
        ("Fox" -> "Fox News", "Post" -> "New York Post")."""
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
        if "former" not in modifiers and "ex" not in modifiers and title_key(doc[s:e].text) in role_titles():
            return None  # a current office: resolved by date through the registry
        if any(t.ent_type_ in ("ORG", "GPE", "NORP") for t in words):
            return None  # "the FBI director", "the Texas senator": an office of its own, not the last person named
        return self.best(s, {"person"}, noun_gender(tok.lower_))

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
    ents = list(doc.ents)  # built once: doc.ents makes new Spans on every access
    names = _Names(doc, ents)
    salience = Salience(doc, ents, names)
    person_at = {i: ent for ent in ents if ent.label_ == "PERSON" for i in range(ent.start, ent.end)}
    order = sorted(range(len(found)), key=lambda k: found[k].speaker[0] if found[k].speaker else -1)
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


def _quotation_speaker(f: Found, found: list[Found], result: list[tuple[str | None, str | None]]) -> tuple[str | None, str | None]:
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
