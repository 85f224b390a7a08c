"""Pronoun speakers that refer to no one: pleonastic "it".

"It seems that ...", "it is clear that ...", "it's hard to say ...", "it was reported that ...":
the "it" is an empty subject, standing for the clause that follows it (extraposition) or for
nothing at all (the subject of a raising verb), so the statement has no source in the sentence,
as PolNeAR marks it. Resolving it to an earlier entity makes a wrong actor, so:

- :func:`without_pleonastic` takes the speaker away from an attribution whose speaker is a
  pleonastic "it" (the statement stays, with no speaker, like "It was announced that ...");
- :func:`non_referential` tells coreference not to resolve such a pronoun.

Everything is read from the dependency parse of the pronoun's clause; no word of an article is
listed, only closed classes of English verbs and adjectives. A referential "it" keeps its speaker:
"it appeared to hold off the tide" (a raising verb with an infinitive), "it is ready to act", "it
is confident that ..." (an adjective saying what its subject does or holds), "it is expected to
rise" (a passive with an infinitive), "it is a plan to cut taxes" (the clause belongs to the noun).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from stancemap.nlp.lexicon import Lexicon, load_lexicon
from stancemap.nlp.spans import Found

__all__ = ["non_referential", "pleonastic_it", "without_pleonastic"]

#: Verbs whose "it" subject is empty before a finite clause ("it seems (that) ...", "it turned out that").
RAISING_VERBS = frozenset({"seem", "appear", "happen", "transpire", "emerge", "look", "sound", "turn"})
#: Verbs whose passive subject is the one told, asked or persuaded ("it was warned that ..."), not the news.
ADDRESSEE_VERBS = frozenset({
    "tell", "ask", "warn", "caution", "advise", "assure", "reassure", "inform", "notify", "remind", "promise",
    "convince", "persuade", "worry", "urge", "teach", "show", "order",
})
#: Adjectives whose subject is the one who acts, knows or feels ("it is ready to act", "glad that ...").
HOLDER_ADJECTIVES = frozenset({
    "able", "unable", "ready", "eager", "willing", "unwilling", "keen", "quick", "slow", "free", "careful",
    "proud", "happy", "unhappy", "glad", "sad", "sorry", "afraid", "angry", "anxious", "grateful", "thankful",
    "aware", "unaware", "mindful", "adamant", "prepared", "poised", "apt", "liable", "bound", "set", "due",
})
#: Adjectives that raise the subject of an infinitive ("it is likely to rise"), though "it is likely that" is empty.
RAISING_ADJECTIVES = frozenset({"likely", "unlikely", "certain", "sure", "about", "going"})
#: Object pronouns: "it took him a day to answer".
_OBJECT_PRONOUNS = frozenset({"me", "us", "you", "him", "her", "them"})
#: Words opening an adverbial clause that a parser hangs where an extraposed clause belongs.
_CLAUSE_MARKS = frozenset({"that", "whether", "if", "like", "as", "though", "why", "how", "what", "when", "who"})


def without_pleonastic(doc: Doc, found: list[Found], lexicon: Lexicon | None = None) -> list[Found]:
    """``found`` with the speaker taken from each attribution whose speaker is a pleonastic "it"."""
    out = []
    for f in found:
        if f.speaker is not None and f.speaker[1] - f.speaker[0] == 1 and pleonastic_it(doc[f.speaker[0]], lexicon):
            f = replace(f, speaker=None, speaker_head=None)
        out.append(f)
    return out


def non_referential(tok: Token, lexicon: Lexicon | None = None) -> bool:
    """Whether the pronoun ``tok`` refers to no one (a pleonastic "it"), for speakers found by other
    means than :func:`stancemap.nlp.attribution.match`. The generic "they" of "as they say" never
    becomes a speaker (:func:`stancemap.nlp.attribution_sources.as_rule`)."""
    return pleonastic_it(tok, lexicon)


def pleonastic_it(tok: Token, lexicon: Lexicon | None = None) -> bool:
    """Whether ``tok`` is an empty "it": the subject of a passive or raising verb before a finite clause
    ("it was reported that", "it seems (that)", "it turned out that"), or of a predicate adjective or noun
    whose clause follows it ("it is clear that", "it's hard to say", "it is a mistake to think"), or of a
    "take" saying how long something took ("it took him a day to answer").

    >>> from spacy.vocab import Vocab
    >>> words = ["It", "is", "clear", "that", "he", "lost"]
    >>> doc = Doc(Vocab(), words=words, heads=[1, 1, 1, 5, 5, 1], deps=["nsubj", "ROOT", "acomp", "mark", "nsubj",
    ...           "ccomp"], pos=["PRON", "AUX", "ADJ", "SCONJ", "PRON", "VERB"], tags=["PRP", "VBZ", "JJ", "IN", "PRP",
    ...           "VBD"], lemmas=["it", "be", "clear", "that", "he", "lose"])
    >>> pleonastic_it(doc[0]), pleonastic_it(doc[4])
    (True, False)
    """
    if tok.text.lower() != "it" or tok.dep_ not in ("nsubj", "nsubjpass", "expl"):
        return False
    verb = tok.head
    comps = [c for c in verb.children if c.i > tok.i and _clause(c)]
    if tok.dep_ == "nsubjpass" or any(c.dep_ == "auxpass" for c in verb.children):
        if verb.lemma_.lower() in ADDRESSEE_VERBS or not _clause_verb(verb, lexicon or load_lexicon()):
            return False  # "it was told that", "it was disappointed that": its subject heard or felt it
        return any(c.dep_ in ("ccomp", "advcl") and not _infinitive(c) for c in comps)  # not "it is expected to"
    preds = [c for c in verb.children if c.dep_ in ("acomp", "attr", "oprd") and c.i > tok.i]
    if preds:
        pred = preds[0]
        comps = [c for c in comps + [c for c in pred.children if _clause(c)] if c.i > pred.i]
        return any(_extraposed(pred, c, lexicon or load_lexicon()) for c in comps)
    lemma = verb.lemma_.lower()
    if lemma == "take":
        return _time_taken(verb)
    if lemma not in RAISING_VERBS or (lemma == "turn" and not any(c.dep_ == "prt" for c in verb.children)):
        return False
    if any(c.dep_ in ("xcomp", "dobj") for c in verb.children):
        return False  # "it appeared to hold off the tide", "it seems to me to be": the subject is someone's
    return bool(comps) or verb.dep_ in ("parataxis", "relcl") or _between_commas(verb)


def _clause(c: Token) -> bool:
    """Whether dependent ``c`` is a clause that can be extraposed: a complement, an infinitive, or a
    clause opened by "that", "whether", a wh-word, "like" or "as if"."""
    if c.pos_ not in ("VERB", "AUX"):
        return False
    if c.dep_ in ("ccomp", "csubj", "dep"):
        return True
    if c.dep_ == "xcomp":
        return _infinitive(c) or c.tag_ == "VB"
    if c.dep_ == "advcl":
        return any(k.dep_ in ("mark", "advmod") and k.text.lower() in _CLAUSE_MARKS and k.i < c.i for k in c.children)
    return False


def _clause_verb(verb: Token, lexicon: Lexicon) -> bool:
    """Whether ``verb`` is a cue verb taking a clause ("report", "say", "believe"): "it was reported that ..."."""
    cue = lexicon.get(verb.lemma_, "VERB")
    return cue is not None and "C" in cue.frames


def _infinitive(c: Token) -> bool:
    return any(k.dep_ == "aux" and k.text.lower() == "to" for k in c.children)


def _extraposed(pred: Token, comp: Token, lexicon: Lexicon) -> bool:
    """Whether clause ``comp`` after predicate ``pred`` ("clear", "hard", "a mistake") is what the "it" stands for."""
    if pred.pos_ in ("NOUN", "PROPN"):
        return comp.head is not pred  # "it is a mistake to think", not "it is a plan to cut taxes"
    word, infinitive = pred.text.lower(), _infinitive(comp)
    cue = lexicon.get(pred.lemma_, "ADJ")  # an attitude in its frame: "confident that", not "critical that"
    if cue is not None and ("X" if infinitive else "C") in cue.frames:
        return False
    if word in HOLDER_ADJECTIVES or pred.tag_ == "VBN":
        return False  # "it is ready to act", "it is committed to": its subject's
    return not (word in RAISING_ADJECTIVES and infinitive)  # "it is likely to rise"


def _time_taken(verb: Token) -> bool:
    """Whether "take" says how long something took someone: "it took him a day to answer", "it took two
    years to build" (an object pronoun or a duration, then an infinitive), not "it took steps to protect"."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    timed = any(c.ent_type_ in ("DATE", "TIME") or c.text.lower() in _OBJECT_PRONOUNS for c in objects)
    return timed and any(c.dep_ == "xcomp" and _infinitive(c) for c in verb.children)


def _between_commas(verb: Token) -> bool:
    """Whether ``verb`` with its subject is set off by commas: "..., it seems, ..."."""
    doc = verb.doc
    left, right = verb.left_edge.i, verb.i + 1
    return left > 0 and doc[left - 1].text == "," and right < len(doc) and doc[right].text == ","
