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
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from stancemap.actors.antecedents import document_name
from stancemap.actors.registry import ActorRegistry
from stancemap.nlp.attribution import Found
from stancemap.nlp.spans import doc_text, paragraphs

_ENT_TYPES = {"PERSON": "person", "ORG": "organisation", "GPE": "country", "LOC": "country", "NORP": "group"}
_PERSON_PRONOUNS = {"he", "she", "him", "her"}
_GROUP_PRONOUNS = {"they", "them"}
_THING_PRONOUNS = {"it"}
_DETS = {"the", "a", "an", "this", "that"}


@lru_cache(maxsize=1)
def country_forms() -> dict[str, str]:
    """Written forms of the starter registry's countries, for "the president" of a document's country."""
    return ActorRegistry.default().country_forms()


@lru_cache(maxsize=1)
def role_nouns() -> frozenset[str]:
    """Nouns naming a person by role (``nlp/data/roles.tsv``)."""
    text = resources.files("stancemap.nlp").joinpath("data/roles.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t")[0] for line in text.splitlines() if line and not line.startswith("#")]
    return frozenset(rows[1:])


def _norm(text: str) -> str:
    words = text.replace("’s", "").replace("'s", "").strip(" ,.").split()
    while words and words[0].lower() in _DETS:
        words = words[1:]
    return " ".join(w.lower() for w in words)


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
                key = _norm(doc[left:right].text)
                if key:
                    self.by_title.setdefault(key, set()).add(self.fullest(e.text))
            pre = [t for t in doc[max(0, e.start - 4) : e.start] if t.head.i in range(e.start, e.end) and t.dep_ == "compound"]
            if pre:
                key = _norm(doc[pre[0].i : e.start].text)
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
        names = self.by_title.get(_norm(text), set())
        return next(iter(names)) if len(names) == 1 else None


def resolve(doc: Doc, found: list[Found]) -> list[tuple[str | None, str | None]]:
    """Return ``(speaker_name, speaker_type)`` for each Found, in the same order.

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
    person_at = {}
    for ent in ents:
        if ent.label_ == "PERSON":
            for i in range(ent.start, ent.end):
                person_at[i] = ent
    order = sorted(range(len(found)), key=lambda k: found[k].speaker[0] if found[k].speaker else -1)
    result: list[tuple[str | None, str | None]] = [(None, None)] * len(found)
    history: list[tuple[int, str, str | None]] = []  # (token index, name, type) of earlier mentions
    for e in ents:
        if e.label_ in _ENT_TYPES:
            history.append((e.start, names.fullest(e.text) if e.label_ == "PERSON" else e.text, _ENT_TYPES[e.label_]))
    para_of = paragraphs(doc)
    for k in order:
        f = found[k]
        if f.speaker is None:
            continue
        s, e = f.speaker
        text = doc[s:e].text
        head = f.speaker_head if f.speaker_head is not None else e - 1
        typ = mention_type(doc, s, e, head)
        low = doc[head].text.lower()
        name = text
        if low in _PERSON_PRONOUNS | _GROUP_PRONOUNS | _THING_PRONOUNS and e - s == 1:
            want = {"person"} if low in _PERSON_PRONOUNS else (
                {"group", "organisation", "country"} if low in _GROUP_PRONOUNS else {"organisation", "country"}
            )
            cands = [h for h in history if h[0] < s and h[2] in want and para_of[h[0]] >= para_of[s] - 2]
            if low in _GROUP_PRONOUNS:
                cands = [h for h in cands if h[2] == "group"] or cands
            if cands:
                best = max(cands, key=lambda h: h[0])
                name, typ = best[1], best[2]
        else:
            ent_names = [person_at[head]] if head in person_at else []
            in_text = document_name(text, doc_text(doc), doc[s].idx, countries=country_forms())
            if in_text:
                name = in_text  # the shared in-document step (stancemap.actors.antecedents)
                typ = "person" if ent_names else typ
            elif ent_names:
                name = names.fullest(ent_names[0].text)
                typ = "person"
            else:
                titled = names.title(text)
                if titled:
                    name, typ = titled, "person"
                elif doc[head].pos_ == "PROPN" and e - s == 1:
                    name = names.fullest(text)
        result[k] = (name, typ)
        if typ is not None:
            bisect.insort(history, (s, name, typ), key=lambda h: h[0])
    return result
