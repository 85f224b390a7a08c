"""Person names the small English model left untagged: a relative of a person it did tag.

``en_core_web_sm`` misses names now and then, mostly in a sentence that opens with the name and
goes on with an apposition ("Ivanka Trump, 34, could be a bridge to female voters"). Such a name
is no mention, so "She has pushed back ..." in the next sentence goes to the last woman the
tagger did see. :func:`with_untagged_names` adds a PERSON entity for each run of two or three
title-case proper nouns outside every entity whose last word is the surname of a person the
tagger did see under a Census first name ("Ivanka Trump" where "Donald Trump" is tagged), not on
a title-case headline, not tagged as something else elsewhere, opening with no surname particle
("De Blasio") nor with a word the text also writes in lower case ("Trust Bratton"). A run that
goes on into a longer proper name is left alone. A given name alone is not evidence enough: on
84 train articles, runs opening with a Census first name were half names ("Pam Key") and half
not ("Rose Bowl", "Star Wars").

A surname the tagger took for a place or an organisation each time it stands alone and speaks ("Nefzi
said", GPE), unknown to the registry and the country list, counts too when the untagged run ending in
it also speaks ("Adel Nefzi said that ..."); the lone surname is then relabelled PERSON with it.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from stancemap.names.gender import is_first_name, title_gender
from stancemap.names.headlines import on_headline
from stancemap.names.places import is_country_name
from stancemap.nlp.known_actors import NO_ACTORS, KnownActors
from stancemap.nlp.lexicon import speaks
from stancemap.nlp.mistagged_people import MISTAKEN
from stancemap.nlp.spans import doc_text

#: Words that open a surname of two ("De Blasio", "Van Hollen"), not a given name.
_PARTICLES = frozenset({"de", "di", "da", "del", "van", "von", "la", "le", "bin", "al", "el", "mc", "st."})
#: The most words an added name may have (given name, initial, surname).
_LONGEST = 3


def with_untagged_names(doc: Doc, ents: list[Span], known: KnownActors = NO_ACTORS) -> list[Span]:
    """``ents`` with a PERSON span for every untagged relative of a tagged person, in document order.

    >>> from spacy.vocab import Vocab
    >>> doc = Doc(Vocab(), words=["Donald", "Trump", "and", "Ivanka", "Trump", ",", "34", ",", "spoke", "."],
    ...           pos=["PROPN", "PROPN", "CCONJ", "PROPN", "PROPN", "PUNCT", "NUM", "PUNCT", "VERB", "PUNCT"],
    ...           ents=["B-PERSON", "I-PERSON", "O", "O", "O", "O", "O", "O", "O", "O"])
    >>> [(e.text, e.label_) for e in with_untagged_names(doc, list(doc.ents))]
    [('Donald Trump', 'PERSON'), ('Ivanka Trump', 'PERSON')]
    """
    tagged = {i for ent in ents for i in range(ent.start, ent.end)}
    surnames = {ent[-1].text for ent in ents if ent.label_ == "PERSON" and len(ent) >= 2 and is_first_name(ent[0].text)}
    speaking = _speaking_surnames(ents, known) - surnames
    surnames |= speaking
    if not surnames:
        return ents
    runs = [(i, end) for i in range(len(doc)) if (end := _name_end(doc, i, tagged, surnames))
            and (doc[end - 1].text not in speaking or speaks(doc[i:end].root))]  # "Adel Nefzi said", too
    if not runs:
        return ents  # most documents: nothing to add, and no more passes over the text
    named = {ent.text for ent in ents}
    not_given = {t.text for t in doc if t.text.islower()} | _PARTICLES
    added = [Span(doc, i, end, label="PERSON") for i, end in runs  # "Wall Street" tagged elsewhere,
             if doc[i:end].text not in named and doc[i].lower_ not in not_given]  # "De Blasio", "Trust" a word
    if not added:
        return ents
    spoken = {span[-1].text for span in added} & speaking  # "Nefzi" alone is then the person, not a place
    ents = [Span(doc, e.start, e.end, label="PERSON") if len(e) == 1 and e.text in spoken else e for e in ents]
    return sorted(ents + added, key=lambda e: e.start)


def _name_end(doc: Doc, i: int, tagged: set[int], surnames: set[str]) -> int | None:
    """The end of an untagged run of proper nouns starting at token ``i`` and ending in one of ``surnames``."""
    if i in tagged or not _proper(doc, i):
        return None
    if i > 0 and _proper(doc, i - 1) and not (title_gender(doc[i - 1].text) or doc[i - 1].text.endswith(".")):
        return None  # inside a longer run; "Sen. Jeff Flake", "Ms. Ivanka Trump" may open with a title
    end = i + 1
    while end < len(doc) and end - i < _LONGEST and end not in tagged and _proper(doc, end):
        end += 1
    if end - i < 2 or (end < len(doc) and _proper(doc, end)) or (end < len(doc) and end in tagged):
        return None  # one word, or part of a longer name the tagger did or did not see
    if not doc[end - 1].text[:1].isupper() or len(doc[end - 1].text) < 2 or doc[end - 1].text.endswith("."):
        return None  # "Mary J." : a surname is a word, not an initial
    if doc[end - 1].text not in surnames or on_headline(doc_text(doc), doc[i].idx):
        return None  # "Trust Bratton" in a title-case headline: a verb and a name
    return end  # "Ivanka Trump" beside Donald Trump: a relative


def _speaking_surnames(ents: list[Span], known: KnownActors) -> set[str]:
    """One-word names tagged as a place or an organisation that speak ("Nefzi said", tagged GPE each time)
    and that neither the registry nor the country list knows: a surname, when a run of proper nouns ending
    in it speaks too ("Adel Nefzi said", left untagged)."""
    alone = {ent.text for ent in ents if len(ent) == 1 and ent.label_ in MISTAKEN and speaks(ent.root)}
    return {word for word in alone if known.lookup(word) is None and not is_country_name(word)}


def _proper(doc: Doc, i: int) -> bool:
    tok = doc[i]
    return tok.pos_ == "PROPN" and tok.text[:1].isupper() and not tok.text.isupper()
