"""Full names of people the small English model tagged as something else ("Carly Fiorina" as ORG).

``en_core_web_sm`` now and then tags a politician as an organisation through a whole article
("GOP presidential candidate Carly Fiorina", then "Fiorina" 47 times, all ORG). Her pronouns
then find no person, or the one person it did tag with her surname (her husband "Frank
Fiorina"). :func:`people_tagged_otherwise` relabels PERSON an ORG, GPE or NORP entity of two or
three title-case proper nouns that opens with a Census first name when the article also writes its
last word alone as an entity: the way a text refers to a person after naming them in full. "Morgan
Stanley" stays a bank unless the text calls it "Stanley".
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
    [('Carly Fiorina', 'PERSON'), ('Fiorina', 'ORG')]
    """
    alone = {e.text for e in ents if len(e) == 1}
    if not alone:
        return ents
    return [Span(doc, e.start, e.end, label="PERSON") if _person_name(e, alone) else e for e in ents]


def _person_name(ent: Span, alone: set[str]) -> bool:
    return (ent.label_ in MISTAKEN and 2 <= len(ent) <= 3 and ent[-1].text in alone
            and all(t.is_title and t.is_alpha for t in ent) and first_name_gender(ent.text) is not None)
