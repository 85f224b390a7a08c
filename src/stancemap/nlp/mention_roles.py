"""A mention's grammatical role in its sentence, which makes it more or less salient for a later pronoun:
``main`` (subject of the main verb), ``subject``, ``object`` or ``other``; and the subject a pronoun in a
clause put before the main one points forward to."""

from __future__ import annotations

from spacy.tokens import Span, Token

__all__ = ["entity_role", "forward_subject", "token_role"]


def token_role(tok: Token) -> str:
    """A mention's grammatical role by its head token: ``main`` (subject of the main verb), ``subject``,
    ``object`` or ``other``."""
    dep = tok.dep_
    role = "subject" if dep in ("nsubj", "nsubjpass") else "object" if dep in ("dobj", "pobj", "iobj") else "other"
    return "main" if role == "subject" and tok.head.dep_ == "ROOT" else role


def entity_role(ent: Span) -> str:
    """An entity's role (:func:`token_role`): an apposition has its head's ("Trump's wife, Melania, is"), a person
    owning a subject the subject's ("Mr. Cruz's success ... He said"); another possessor or a compound
    modifier that is no person has none ("Republican lawmakers"); a name opening its sentence that the parser
    made the root, with a verb after it, is the main subject."""
    root = ent.root
    if root.dep_ == "appos":
        return token_role(root.head)
    if root.dep_ == "poss":
        return token_role(root.head) if root.head.dep_ in ("nsubj", "nsubjpass") and ent.label_ == "PERSON" else "other"
    if root.dep_ == "compound" and ent.label_ != "PERSON":
        return "other"
    if root.dep_ == "ROOT" and root.pos_ == "PROPN" and ent.start - ent.sent.start <= 1 and any(
            t.pos_ in ("VERB", "AUX") for t in ent.doc[ent.end : ent.sent.end]):
        return "main"  # "Rep. Devin Nunes (R-Calif.), chairman of ..., didn't ...": the parser lost the verb's subject
    return token_role(root)


def forward_subject(tok: Token) -> Token | None:
    """The subject of the main clause that ``tok``, the subject of an adverbial clause put before it,
    points forward to ("After he blasted the film, Pastor Kevin Swanson set his sights on ..."), else ``None``."""
    clause = tok.head
    main = clause.head
    if tok.dep_ != "nsubj" or clause.dep_ != "advcl" or main.dep_ != "ROOT" or clause.i > main.i:
        return None
    return next((c for c in main.children if c.dep_ == "nsubj" and c.i > tok.i), None)
