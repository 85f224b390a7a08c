"""Organisations the small English model tagged as people, or left untagged where it named them before.

``en_core_web_sm`` tags some one-word company names as people through a whole article ("Twitter"
PERSON 25 times in one New York Times story), and leaves the same word untagged now and then
("Twitter acknowledged that the issue remained tricky. ... the company said"). A PERSON name then
types the company a person, and "the company" finds no company near it.
:func:`organisations_tagged_otherwise` relabels ORG a PERSON entity whose whole text the registry
knows as an organisation (its name or an alias) and as nobody's name, that no title precedes ("Ms.
Ford") and that is no part of a person's name in the article ("Harrison Ford"). It then adds an ORG
entity for each untagged proper noun run that is written exactly as an organisation the article
tagged, where the run is a clause's subject, object or possessor (not a modifier: "Twitter accounts").
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from stancemap.names.gender import title_gender
from stancemap.nlp.known_actors import NO_ACTORS, KnownActors

#: The roles in which an untagged run names the organisation itself.
_NAMING_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss", "conj", "appos", "attr", "ROOT"})


def organisations_tagged_otherwise(doc: Doc, ents: list[Span], known: KnownActors = NO_ACTORS) -> list[Span]:
    """``ents`` with registry organisations tagged PERSON relabelled ORG, and their untagged repeats added.

    >>> import spacy
    >>> from stancemap.actors.io import shared_starter_registry
    >>> nlp = spacy.blank("en")
    >>> doc = nlp("Twitter said so . Twitter agreed .")
    >>> for t, pos, dep in zip(doc, ["PROPN", "VERB", "ADV", "PUNCT"] * 2, ["nsubj", "ROOT", "advmod", "punct"] * 2):
    ...     t.pos_, t.dep_ = pos, dep
    >>> ents = [Span(doc, 0, 1, label="PERSON")]
    >>> [(e.text, e.start, e.label_) for e in organisations_tagged_otherwise(doc, ents, shared_starter_registry())]
    [('Twitter', 0, 'ORG'), ('Twitter', 4, 'ORG')]
    """
    people = [e for e in ents if e.label_ == "PERSON"]
    relabelled = [Span(doc, e.start, e.end, label="ORG") if _organisation(e, people, known) else e for e in ents]
    named: dict[str, set[int]] = {}  # an organisation's first word -> the lengths (tokens) of its names
    for e in relabelled:
        if e.label_ == "ORG":
            named.setdefault(e[0].text, set()).add(len(e))
    if not named:
        return relabelled
    return sorted(relabelled + _untagged_repeats(doc, relabelled, named), key=lambda e: e.start)


def _organisation(ent: Span, people: list[Span], known: KnownActors) -> bool:
    if ent.label_ != "PERSON" or not all(t.pos_ == "PROPN" for t in ent):
        return False
    if ent.start > 0 and title_gender(ent.doc[ent.start - 1].text) is not None:
        return False  # "Ms. Ford"
    if any(len(p) > len(ent) and p.text.endswith(" " + ent.text) for p in people):
        return False  # "Harrison Ford" in the article: "Ford" is his
    found = known.lookup(ent.text)
    if found is None or found.actor.type != "organisation" or found.method not in ("exact", "alias"):
        return False
    as_person = known.lookup(ent.text, type_hint="person")
    return as_person is None or as_person.actor.type != "person"


def _untagged_repeats(doc: Doc, ents: list[Span], named: dict[str, set[int]]) -> list[Span]:
    tagged = {i for e in ents for i in range(e.start, e.end)}
    texts = {e.text for e in ents if e.label_ == "ORG"}
    added: list[Span] = []
    i = 0
    while i < len(doc):
        sizes = named.get(doc[i].text, ()) if i not in tagged else ()
        size = next((n for n in sorted(sizes, reverse=True) if _repeat_at(doc, i, n, texts, tagged)), 0)
        if size:
            added.append(Span(doc, i, i + size, label="ORG"))
        i += size or 1
    return added


def _repeat_at(doc: Doc, i: int, n: int, texts: set[str], tagged: set[int]) -> bool:
    if i + n > len(doc) or any(j in tagged for j in range(i, i + n)):
        return False
    run = doc[i:i + n]
    if run.text not in texts or not all(t.pos_ == "PROPN" for t in run):
        return False
    before, after = (doc[i - 1] if i else None), (doc[i + n] if i + n < len(doc) else None)
    if (before is not None and before.pos_ == "PROPN") or (after is not None and after.pos_ == "PROPN"):
        return False  # part of a longer name
    return run.root.dep_ in _NAMING_DEPS
