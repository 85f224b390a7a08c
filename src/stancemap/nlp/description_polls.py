"""Polls, surveys and reports: who issued them ("a new Gallup poll" -> Gallup, "the survey" after "the
Census Bureau's survey" -> the Census Bureau). Used by :class:`stancemap.nlp.descriptions.Descriptions`
and the description rules.
"""

from __future__ import annotations

from spacy.tokens import Doc

from stancemap.names.normalise import without_the
from stancemap.names.places import is_place
from stancemap.nlp.coref_words import POLL_HEADS
from stancemap.nlp.description_owners import earlier_issuer, issued_kind, owner_tokens, subject_owner
from stancemap.nlp.salience import Salience

__all__ = ["issuer_after", "issuer_before", "issuer_name", "named_poll"]


def issuer_after(sal: Salience, after: int) -> tuple[str, str] | None:
    """The issuer of the first poll named in the two sentences after token ``after``."""
    last = sal.sent_of[min(after, len(sal.doc) - 1)] + 2
    for tok in sal.doc[after:]:
        if sal.sent_of[tok.i] > last:
            break
        if tok.lower_ in POLL_HEADS:
            named = named_poll(sal, tok.i, run=True)
            if named is not None:
                return named, "organisation"
    return None


def issuer_before(sal: Salience, doc: Doc, before: int, lemma: str) -> tuple[str, str] | None:
    """Who issued the latest earlier poll (report, survey...) the text names: "The survey" after
    "the Census Bureau's survey" is the Census Bureau's; "the poll" after "a New York Times/CBS
    News survey" is theirs (a poll and a survey are one kind); "its survey" is the subject's
    ("The Census Bureau is sending its American Community Survey")."""
    if lemma not in POLL_HEADS:  # a report, statement, petition: see description_owners
        return earlier_issuer(sal, doc, before, issued_kind(lemma))
    for tok in reversed(doc[max(0, before - 400) : before]):
        if tok.lemma_.lower() not in POLL_HEADS or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        if any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in tok.children):
            found = subject_owner(sal, tok)  # "The Census Bureau is sending its American Community Survey"
            if found is not None:
                return found
        for t in owner_tokens(tok):
            if t.ent_type_ == "ORG" and t.i in sal.ent_at:
                return issuer_name(sal.fullest_organisation(sal.ent_at[t.i].text)), "organisation"
        named = named_poll(sal, tok.i, run=True)
        if named is not None:
            return named, "organisation"
    return None

def named_poll(sal: Salience, i: int, run: bool = False) -> str | None:
    """The issuer when token ``i`` is the poll word ending a name ("Gallup Poll" -> "Gallup"), else ``None``;
    with ``run``, also the names right before a lower-case "poll" ("a Bloomberg poll" -> "Bloomberg")."""
    tok = sal.doc[i]
    if tok.lower_ not in POLL_HEADS:
        return None
    ent = sal.entity_over(i)
    if ent is not None:
        if ent.end - 1 != i or len(ent) < 2:
            return None
        return sal.fullest_organisation(issuer_name(without_the(ent.text)))
    if tok.pos_ != "PROPN" and not run:
        return None
    start = i  # "a national Gallup Poll", "the Register/Bloomberg Politics survey": the names right before it
    while start > 0 and (sal.doc[start - 1].pos_ == "PROPN" or (
            sal.doc[start - 1].text in ("/", "-", "&") and start - 1 > 0 and sal.doc[start - 2].pos_ == "PROPN")):
        start -= 1
    words = sal.doc[start:i]
    if start == i or words.text.lower() in POLL_HEADS or any(
            t.ent_type_ in ("DATE", "NORP") or (t.ent_type_ == "GPE" and is_place(t.text)) for t in words):
        return None  # "the Iowa poll", "a July poll": where or when, not who ("a Bloomberg poll" tagged GPE is who)
    if words[0].is_sent_start and len(words) == 1:
        return None  # a headline's "New Poll Shows ...": a capital of the line, not a name
    return sal.fullest_organisation(words.text)


def issuer_name(name: str) -> str:
    """A poll's issuer without the word for the poll ("Gallup Poll" -> "Gallup")."""
    words = name.split()
    if len(words) > 1 and words[-1].lower() in POLL_HEADS:
        return " ".join(words[:-1])
    return name
