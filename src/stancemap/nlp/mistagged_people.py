"""Full names of people the small English model tagged as something else ("Carly Fiorina" as ORG).

``en_core_web_sm`` now and then tags a politician as an organisation through a whole article
("GOP presidential candidate Carly Fiorina", then "Fiorina" 47 times, all ORG). Her pronouns
then find no person, or the one person it did tag with her surname (her husband "Frank
Fiorina"). :func:`people_tagged_otherwise` relabels PERSON an ORG, GPE or NORP entity of two or
three title-case proper nouns that opens with a Census first name when the article also writes its
last word alone as an entity: the way a text refers to a person after naming them in full. "Morgan
Stanley" stays a bank unless the text calls it "Stanley".

The other way round, the model tags a person's full name PERSON and their surname alone a nationality
or an organisation ("Mark Cuban", then "Cuban said ..." as NORP seven times, each statement left with no
speaker): a lone title-case word tagged NORP or ORG that is the last word of a person's full name in
the same text, and heads its phrase (not "Cuban officials"), is relabelled PERSON. A place keeps its
label ("Washington said" after "George Washington" may be the government).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from stancemap.names.gender import first_name_gender

#: Labels a person's name is mistaken for.
MISTAKEN = frozenset({"ORG", "GPE", "NORP"})


def people_tagged_otherwise(doc: Doc, ents: list[Span]) -> list[Span]:
    """``ents`` with each full name of a person the tagger labelled otherwise relabelled PERSON.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> doc = nlp("Carly Fiorina spoke . Fiorina won .")
    >>> ents = [Span(doc, 0, 2, label="ORG"), Span(doc, 4, 5, label="ORG")]
    >>> [(e.text, e.label_) for e in people_tagged_otherwise(doc, ents)]
    [('Carly Fiorina', 'PERSON'), ('Fiorina', 'PERSON')]
    """
    alone = {e.text for e in ents if len(e) == 1}
    if not alone:
        return ents
    ents = [Span(doc, e.start, e.end, label="PERSON") if _person_name(e, alone) else e for e in ents]
    surnames = {e[-1].text for e in ents if e.label_ == "PERSON" and 2 <= len(e) <= 3}
    return [Span(doc, e.start, e.end, label="PERSON") if _lone_surname(e, surnames) else e for e in ents]


def _person_name(ent: Span, alone: set[str]) -> bool:
    return (ent.label_ in MISTAKEN and 2 <= len(ent) <= 3 and ent[-1].text in alone
            and all(t.is_title and t.is_alpha for t in ent) and first_name_gender(ent.text) is not None)


#: Labels a surname alone is mistaken for (a place's name is left alone: see the module docstring).
SURNAME_MISTAKEN = frozenset({"NORP", "ORG"})
#: Dependencies of a word that modifies a noun rather than naming someone ("Cuban officials").
_MODIFIER = frozenset({"amod", "compound", "nmod"})


def _lone_surname(ent: Span, surnames: set[str]) -> bool:
    word = ent[0]
    return (ent.label_ in SURNAME_MISTAKEN and len(ent) == 1 and word.text in surnames and word.is_title
            and word.is_alpha and word.dep_ not in _MODIFIER)
