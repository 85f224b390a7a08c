"""The noun a relative "who", "which" or "that" stands for, read off the dependency parse.

A relative clause hangs on the noun it describes ("Trump, who says he is honored"), but the
parse also hangs it on the last noun of a phrase: "Peter Morgan, a lawyer for the Sierra Club,
who ..." is Morgan, not the club; "nervous Democrats on Capitol Hill, who have argued ..." are
the Democrats, not the place; "Sanders is an independent who said ..." is Sanders.
:func:`relative_noun` climbs from the noun the clause hangs on to
the one it describes. :func:`gap_antecedent` finds the noun a relative clause around a cue leaves out of what
the cue reports ("the target it pledged to reach").
"""

from __future__ import annotations

from spacy.tokens import Token

from stancemap.nlp.lexicon import RELATIVE

#: Entity labels of places, which a "who" never is.
_PLACES = frozenset({"GPE", "LOC", "FAC"})
#: Prepositions that place people somewhere ("Democrats on Capitol Hill", "officials in Ohio").
_LOCATIVE = frozenset({"on", "in", "at", "from", "across"})


def relative_noun(tok: Token) -> Token:
    """The noun the relative pronoun ``tok`` stands for: the head of its clause, climbed out of an
    apposition to the name it describes and, for "who", out of a place phrase to the people in it."""
    noun = tok.head.head  # who -> (relcl verb) -> the noun it modifies
    if tok.lower_ not in ("who", "whom", "whose"):
        return described_by_apposition(noun, ("ORG", "GPE"))  # "Future45, a super PAC that intends": Future45
    noun = described_by_apposition(noun)  # "John Bentel, a tech staffer ... who told": Bentel
    noun = described_by_predicate(noun)  # "Sanders is an independent who said": Sanders
    if noun.dep_ == "pobj" and noun.head.lower_ in _LOCATIVE and noun.head.head.pos_ in ("NOUN", "PROPN") and (
            noun.ent_type_ in _PLACES or (noun.ent_type_ == "ORG" and noun.head.lower_ in ("on", "at"))):
        return noun.head.head  # "Democrats on Capitol Hill, who": the Democrats
    return noun


def described_by_predicate(noun: Token) -> Token:
    """The subject a predicate noun holding ``noun`` describes ("Sanders is an independent who ...", "Trump is a
    serial liar ... and birther who has pledged ...": the subject of "is", or of the verb "is" is joined to),
    else ``noun`` itself."""
    first = noun
    while first.dep_ == "conj" and first.head is not first:
        first = first.head
    if first.dep_ != "attr" or first.head.lemma_ != "be":
        return noun
    verb = first.head
    while True:
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None or verb.dep_ != "conj" or verb.head is verb:
            break
        verb = verb.head  # "Trump incites violence and is a liar who": the subject of "incites"
    return subject if subject is not None and subject.pos_ in ("PROPN", "NOUN") else noun


def described_by_apposition(noun: Token, labels: tuple[str, ...] = ("PERSON",)) -> Token:
    """The name (an entity of one of ``labels``) an apposition holding ``noun`` describes ("Peter Morgan, a lawyer for
    the Sierra Club, who ...": Morgan, not the club), else ``noun`` itself."""
    chain = [noun]
    while chain[-1].dep_ in ("pobj", "prep", "appos") and chain[-1].head is not chain[-1]:
        chain.append(chain[-1].head)
        if chain[-2].dep_ == "appos":
            named = chain[-1]  # not one of "China and the United States, the two biggest polluters, which"
            return named if named.ent_type_ in labels and not any(c.dep_ == "conj" for c in named.children) else noun
    return noun


#: Relative adverbs: the clause they open leaves out no part of what is reported ("the day when she said ...").
_RELATIVE_ADVERBS = frozenset({"when", "where", "why", "how"})
#: Nouns a relative clause modifies as an adverbial ("the reasons that Trump refuses to ...", "the way she said it").
_ADVERBIAL_NOUNS = frozenset({"reason", "way", "time", "day", "moment", "year", "week", "month", "extent"})


def gap_antecedent(tok: Token, subj: Token) -> int | None:
    """Where the noun begins that a relative clause around cue ``tok`` leaves out of what it reports, or ``None``.

    In "the emissions target it pledged to reach" and "a step they believe could help unify the party" the
    content ("to reach", "could help unify the party") lacks the noun the clause modifies; in "Barkley, who
    said ...", "the interview in which she said ..." and "the reasons that he refuses to ..." nothing is
    missing.
    """
    verb = tok
    while verb.dep_ == "xcomp" and verb.head.i < verb.i:  # "the people they tried to talk to"
        verb = verb.head
    if verb.dep_ != "relcl" or subj.text.lower() in RELATIVE or verb.head.i > verb.i or subj.head.i != verb.i \
            or not subj.dep_.startswith("nsubj"):
        return None  # not a relative clause, or "the staffer who told them to speak of ...": another's words
    noun = verb.head
    if noun.lemma_.lower() in _ADVERBIAL_NOUNS or any(
            (c.dep_ == "advmod" and c.text.lower() in _RELATIVE_ADVERBS)
            or (c.dep_ == "prep" and any(p.text.lower() in RELATIVE for p in c.children)) for c in verb.children):
        return None  # "the day when", "the interview in which", "the reasons that": an adverbial relative
    start = noun.left_edge.i
    return start if start >= noun.sent.start else noun.i
