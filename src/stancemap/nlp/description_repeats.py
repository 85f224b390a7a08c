"""A definite description that repeats the head noun of an earlier phrase which names its entity.

"Saudi Prince Alwaleed Bin Talal ... the prince", "MSNBC host Joe Scarborough ... the host",
"Holt, the moderator, ... the moderator", "the trade group for the Blue Cross Blue Shield
Association ... the group", "the Committee on Civil Liberties ... the Committee": news writing
introduces an entity with a noun and then calls it by that noun alone. The latest earlier
phrase with the same head noun and the description's modifiers (a few sentences back at most)
decides: when it names someone, as a title before a name, an apposition, a "for"/"of" name or
as a word of a name, the description is that one. An earlier "the prince" that names no one
passes the question further back, and so does a title before a name the tagger did not tag;
any other phrase that names no one ("a woman ... the woman") ends it, and
:func:`repeated_head` returns ``None`` for the other description rules to go on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from stancemap.names.normalise import without_the
from stancemap.names.wordlists import FORMER_WORDS

if TYPE_CHECKING:
    from stancemap.nlp.salience import Salience

#: How many sentences back the earlier phrase may be.
SENTENCES_BACK = 8
#: Entity labels each wanted type is named by.
_LABELS = {"person": ("PERSON",), "organisation": ("ORG",)}
#: Modifiers that make the earlier phrase someone else ("former President Clinton ... the president").
_OTHER = FORMER_WORDS | {"another", "other"}


def repeated_head(sal: Salience, doc: Doc, s: int, head: int, want: str) -> tuple[str, str] | None:
    """The ``want`` ("person" or "organisation") the latest earlier phrase headed by the same noun as
    ``doc[head]`` names, for the description ``doc[s:head + 1]``; ``None`` when that phrase names none."""
    lemma = doc[head].lemma_.lower()
    here = sal.sent_of[s]
    modifiers = {t.lower_ for t in doc[s:head] if t.dep_ != "det" and not t.is_punct}
    for tok in reversed(doc[:s]):
        if here - sal.sent_of[tok.i] > SENTENCES_BACK:
            return None
        if tok.lemma_.lower() != lemma or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        if modifiers - {t.lower_ for t in doc[max(0, tok.i - 4) : tok.i]}:
            continue  # "the French president" is not "President Obama"
        phrase = tok.head if tok.dep_ == "compound" else tok  # "Former President Bill Clinton": the name's
        if any(c.lower_ in _OTHER for c in (*tok.children, *phrase.children)):
            return None
        ent = _named_by(sal, doc, tok, _LABELS[want])
        if ent is not None:
            return _as(sal, ent, want)
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children) \
                and not _before_untagged_name(doc, tok):
            return None  # "a woman ... the woman": introduced unnamed
    return None  # a chain of "the prince" back to no name


def _named_by(sal: Salience, doc: Doc, tok: Token, labels: tuple[str, ...]) -> Span | None:
    """The entity of a label in ``labels`` that the phrase headed by ``tok`` names, else ``None``."""
    inside = sal.entity_over(tok.i)
    if inside is not None:  # "the Committee on Civil Liberties", "UnitedHealth Group": the name itself
        alone = all(t.i == tok.i or t.lower_ == "the" for t in inside)  # "the Bank": the noun, no name
        return inside if inside.label_ in labels and not alone else None
    after = tok.i + 1
    while after < len(doc) and after - tok.i <= 3 and doc[after].pos_ == "PROPN" and sal.entity_over(after) is None:
        after += 1  # "Prince Alwaleed Bin Talal": a given name the tagger left out of the entity
    following = sal.entity_over(after) if after < len(doc) else None
    if following is not None and following.start == after and following.label_ in labels and (
            after == tok.i + 1 or following.label_ == "PERSON"):
        return _widened(doc, following, tok.i + 1)  # "host Joe Scarborough", "Saudi Prince Alwaleed Bin Talal"
    for related in (tok.head, *tok.children):
        if (related is tok.head and tok.dep_ == "appos") or (related is not tok.head and related.dep_ == "appos"):
            ent = sal.entity_over(related.i)  # "Holt, the moderator", "the moderator, Lester Holt"
            if ent is not None and ent.label_ in labels:
                return ent
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in ("for", "of", "at") and "ORG" in labels:
            ent = next((x for t in child.subtree if (x := sal.entity_over(t.i)) is not None
                        and x.label_ == "ORG"), None)
            if ent is not None:  # "the trade group for the Blue Cross Blue Shield Association"
                return ent
    return None


def _before_untagged_name(doc: Doc, tok: Token) -> bool:
    """Whether ``tok`` is a title before a name the tagger left untagged ("Prince Alwaleed, the nephew")."""
    return tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN" and not doc[tok.i + 1].ent_type_


def _widened(doc: Doc, ent: Span, start: int) -> Span:
    """``ent`` with the untagged proper nouns from ``start`` before it ("Alwaleed" of "Alwaleed Bin Talal")."""
    return doc[start : ent.end] if start < ent.start else ent


def _as(sal: Salience, ent: Span, want: str) -> tuple[str, str]:
    if want == "person":
        return sal._fullest(ent.text), "person"
    return sal.fullest_organisation(without_the(ent.text)), "organisation"
