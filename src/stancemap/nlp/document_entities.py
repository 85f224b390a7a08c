"""The entities one document's speakers are resolved against: the small model's, cut where it ran them on
past the name (:func:`clean_entities`), retagged where it mistook a company or a person
(:mod:`stancemap.nlp.mistagged_organisations`, :mod:`stancemap.nlp.mistagged_people`), with the names it left
untagged (:mod:`stancemap.nlp.untagged_names`), and cut to the name on a title-case headline
(:func:`trim_headline_entities`).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from stancemap.names.gender import first_name_gender, is_first_name
from stancemap.names.headlines import on_headline
from stancemap.names.wordlists import LEADING_WORDS
from stancemap.nlp.coref_words import DESCRIBED_PERSONS, role_nouns
from stancemap.nlp.known_actors import NO_ACTORS, KnownActors
from stancemap.nlp.mistagged_organisations import organisations_tagged_otherwise
from stancemap.nlp.mistagged_people import people_tagged_otherwise
from stancemap.nlp.salience import _ENT_TYPES, surname
from stancemap.nlp.span_starts import after_dateline
from stancemap.nlp.spans import doc_text
from stancemap.nlp.untagged_names import with_untagged_names


def document_entities(doc: Doc, known: KnownActors = NO_ACTORS) -> list[Span]:
    """The entities of ``doc`` for speaker resolution, in document order (``known``: the actor registry)."""
    ents = organisations_tagged_otherwise(doc, clean_entities(doc, list(doc.ents)), known)
    return trim_headline_entities(doc, with_untagged_names(doc, people_tagged_otherwise(doc, ents), known), known)


def clean_entities(doc: Doc, ents: list[Span]) -> list[Span]:
    """Entities cut where the small model ran them on past the name.

    An entity ends before a sentence-final period followed by a capitalised word
    ("National Golf Foundation. Almost" -> "National Golf Foundation"; an initial
    such as "Jacob J. Lew" stays whole) and before a verb, "to" or a modal inside
    it, which in a title-case headline is the predicate ("Obama Seeks Support" ->
    "Obama"; "Obama Administration To Expand Program" -> "Obama Administration"), and
    before a possessive "'s" ("Melania Trump's" -> "Melania Trump"). An entity left empty is dropped.

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
        while end - 1 > ent.start and doc[end - 1].tag_ == "POS":
            end -= 1  # "Melania Trump's": the name without its possessive
        start, label = after_dateline(doc, ent.start, end), ent.label_
        if start != ent.start and end - start in (2, 3) and first_name_gender(doc[start:end].text):
            label = "PERSON"  # "CLEVELAND - Donald Trump" tagged ORG as a whole
        if ent.label_ == "PERSON":  # "Maricopa County Recorder Helen Purcell" -> "Helen Purcell"
            roles = [t.i for t in doc[ent.start : end] if t.lower_ in role_nouns() or t.lower_ in DESCRIBED_PERSONS]
            if roles and end - (roles[-1] + 1) >= 2:
                start = roles[-1] + 1
            elif roles and roles[-1] == end - 1 and end < len(doc) and doc[end].ent_type_ == "PERSON":
                continue  # "Charlotte Mayor" before "Jennifer Roberts": a title with its place, not "Larry King"
        opener = doc[start]
        if opener.is_sent_start and opener.lower_ in LEADING_WORDS and opener.pos_ != "DET" and end - start > 1:
            start += 1  # "Say Mexico demanded ...": a sentence's opening word, not the name's
        colons = [t.i for t in doc[start:end] if t.text == ":"]
        if colons:  # "Fixers: Eddie Mannix" -> the name after a title's colon; "Trumps: Three Generations" -> none
            start = colons[-1] + 1 if first_name_gender(doc[colons[-1] + 1 : end].text) else end
        while start < end and (doc[start].is_punct or doc[start].text in ("a", "an")):
            start += 1  # "\u2015 Jacklyn Ashley": a byline's dash, "an Associated Press-GfK": an article
        if (start, end, label) == (ent.start, ent.end, ent.label_):
            cleaned.append(ent)
        elif end > start:
            cleaned.append(Span(doc, start, end, label=label))
    return cleaned


def trim_headline_entities(doc: Doc, ents: list[Span], known: KnownActors = NO_ACTORS) -> list[Span]:
    """Entities of a title-case headline cut to the name in them: a capitalised word before a name is the
    line's, not the name's ("Derelict Obama" -> "Obama" when the body names Barack Obama; "Pastor Wants Girl
    Scout" names no one). An entity of two words or more on a headline line that does not open with a known
    first name and is not a name the registry ``known`` knows is cut to its last word when that word is the
    surname of a person named in the body, else dropped.
    """
    surnames = {surname(x.text).lower() for x in ents
                if x.label_ == "PERSON" and len(x) >= 2 and not in_headline(doc, x.start)}
    kept = []
    for x in ents:
        if len(x) < 2 or x.label_ not in _ENT_TYPES or is_first_name(x[0].text) or not in_headline(doc, x.start):
            kept.append(x)
            continue
        found = known.lookup(x.text)
        if found is not None and found.method in ("exact", "alias"):
            kept.append(x)
        elif x[-1].text.lower() in surnames and x[-1].pos_ == "PROPN":
            kept.append(Span(doc, x.end - 1, x.end, label="PERSON"))
    return kept


def in_headline(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is on a title-case line of its own (:func:`stancemap.names.headlines.is_headline`:
    "Obama Seeks Support for Climate Deal", "Obama Power Plant Rules Face Key Test In U.S. Court.").

    >>> from spacy.vocab import Vocab
    >>> words = ["Obama", "Seeks", "Support", "for", "Deal", "\\n", "He", "said", "it", "."]
    >>> in_headline(Doc(Vocab(), words=words), 0), in_headline(Doc(Vocab(), words=words), 7)
    (True, False)
    """
    return on_headline(doc_text(doc), doc[i].idx)
