"""Whose words a sentence of a speaker's own text is: somebody else's, or the speaker's about somebody else.

The attribution rules were written for news, where "Congress should reject the
rider" does not occur outside quotation marks. In a testimony, speech or op-ed
it does, and it is the speaker's claim *about* Congress, not Congress's words.
:func:`speakers_own_words` says which attributions found in an own-voice
document are really the speaker's (they are dropped from the reported speech
and their sentence is read as the speaker's claim, :mod:`stancemap.nlp.ownvoice`):

``deontic``
    the cue is under a modal of obligation: "Congress should reject any rider
    ...", "EPA must withdraw the rule", "Congress needs to approve the lease
    sales". The speaker says what others ought to do.
``topic``
    the cue only names a topic, with no words of the other: "When Washington
    talks about raising the gas tax, I say ...", "the Treasury has talked of
    ending the freeze, and that would hit rural drivers hardest".
``embedded``
    the cue verb is the complement of a verb that reports nothing: "It lets the
    market find the reductions", "the Commission, which takes longer to approve
    a reactor design than ...". The speaker describes; nobody speaks.

Quotations are never touched: a quoted sentence is somebody's words whatever it says.

Who the speaker's own attributions are: "I", "we", "our members", "my office"
(:func:`is_first_person_speaker`), the organisation the speaker speaks for
("The Council supports ...", :func:`speaks_for_organisation`); "my opponent,
Carla Jimenez, says ..." is hers (:func:`appositive_name`).

:func:`reports_others` is the other side: a sentence that no cue rule found but
whose named subject says something ("EIA projects that ...", "The Association
said in a statement that ...") is never the speaker's claim.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from stancemap.models import QUOTATION_KINDS
from stancemap.nlp.lexicon import load_lexicon
from stancemap.nlp.spans import Found, TokSpan, is_first_person, is_punct, is_space

__all__ = ["speakers_own_words", "reports_others", "is_first_person_speaker", "speaks_for_organisation",
           "appositive_name", "SMALL_WORDS"]

#: Modal verbs of obligation that make a cue the speaker's demand ("Congress should reject ...").
DEONTIC_AUX = frozenset({"should", "must", "ought", "shall"})
#: Verbs that take "to" + the demanded verb ("Congress needs to approve ...", "EPA has to withdraw ...").
DEONTIC_HEADS = frozenset({"need", "have"})
#: Cue verbs that only name a topic when their content is a prepositional object ("talks about X").
TOPIC_VERBS = frozenset({"talk", "speak", "discuss", "mention", "comment", "write", "chat"})
TOPIC_PREPS = frozenset({"about", "of", "on"})
_NAMED = ("ORG", "PERSON", "GPE", "NORP")


SMALL_WORDS = frozenset({"a", "an", "the", "and", "or", "of", "on", "in", "to", "for", "at", "by", "with", "from",
                          "as", "but", "nor", "vs"})
_POSSESSIVE = frozenset({"my", "our"})
#: what "my ..." may be and still speak for the speaker ("my office says"; not "my opponent says")
_MY_OWN = frozenset({"office", "administration", "government", "staff", "team", "campaign", "department",
                     "ministry", "party", "company", "organisation", "organization", "association", "union",
                     "cabinet", "caucus", "committee", "agency"})
#: head nouns that stand for a government, for a speaker who speaks for a ministry, department or government
_GOVERNMENT = frozenset({"government", "administration", "ministry", "department"})
#: words of a speaker's role or organisation that make them speak for the government
_OFFICIAL = re.compile(r"\b(?:minist(?:er|ry)|department|secretary|government|governor|premier|administration)\b",
                       re.IGNORECASE)


def is_first_person_speaker(doc: Doc, speaker: TokSpan | None, head: int | None) -> bool:
    """"I", "we", "us", or a phrase opening with "our" ("our members") or "my" + a body the speaker
    leads ("my office"); not a phrase that names somebody else ("my opponent, Carla Jimenez",
    "our friends at the Sierra Club")."""
    if speaker is None:
        return False
    first = doc[speaker[0]]
    if speaker[1] - speaker[0] == 1:
        return is_first_person(first)
    if first.text.lower() in _POSSESSIVE:
        words = [t for t in doc[speaker[0] + 1:speaker[1]] if not is_punct(t) and not is_space(t)]
        if any(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG") for t in words):
            return False  # an apposition names somebody else
        noun = doc[head] if head is not None and speaker[0] < head < speaker[1] else (words[0] if words else first)
        return first.text.lower() == "our" or (noun.lemma_ or noun.text).lower() in _MY_OWN
    return head is not None and is_first_person(doc[head]) and doc[head].text.lower() in ("i", "we")


def speaks_for_organisation(doc: Doc, speaker: TokSpan | None, head: int | None, names: tuple[str, ...]) -> bool:
    """Whether a speaker phrase is the organisation the document's speaker speaks for: its name
    ("the National Freight Carriers Council"), a capitalised head noun of its name after "the"
    ("The Council", "the Alliance"), or "the Government"/"the Ministry" when the speaker is an official."""
    if speaker is None or not names:
        return False
    tokens = [t for t in doc[speaker[0]:speaker[1]] if not is_punct(t) and not is_space(t)]
    if not tokens or any(t.ent_type_ == "PERSON" for t in tokens):
        return False
    phrase = " ".join(t.text for t in tokens).lower()
    if any(len(n) > 3 and " ".join(n.split()).lower() in phrase for n in names):
        return True
    noun = doc[head] if head is not None and speaker[0] <= head < speaker[1] else tokens[-1]
    if not any(t.text.lower() == "the" and t.i < noun.i for t in tokens):
        return False
    words = {w.lower() for n in names for w in re.findall(r"[A-Za-z][\w\-]*", n) if w[:1].isupper()}
    if noun.text[:1].isupper() and noun.text.lower() in words and noun.text.lower() not in SMALL_WORDS:
        return True
    return noun.text.lower() in _GOVERNMENT and any(_OFFICIAL.search(n) for n in names)


def appositive_name(doc: Doc, f: Found) -> Found:
    """A speaker the speaker names by relation and then by name ("my opponent, Carla Jimenez, said ...")
    is the name: the speaker's own relation words are no name to resolve."""
    if f.speaker is None or doc[f.speaker[0]].text.lower() not in _POSSESSIVE:
        return f
    head = doc[f.speaker_head] if f.speaker_head is not None else doc[f.speaker[1] - 1]
    for child in head.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            names = [t.i for t in child.subtree if t.pos_ == "PROPN"]
            return replace(f, speaker=(min(names), max(names) + 1), speaker_head=child.i)
    # the parser may not attach it: ", Name Name," between the phrase and the cue
    if f.cue is None or f.cue[0] <= f.speaker[1]:
        return f
    between = doc[f.speaker[1]:f.cue[0]]
    commas = [t.i for t in between if t.text == ","]
    if len(commas) >= 2 and all(doc[i].pos_ == "PROPN" for i in range(commas[-2] + 1, commas[-1])) and (
            0 < commas[-1] - commas[-2] - 1 <= 4) and commas[-1] + 1 == f.cue[0]:
        return replace(f, speaker=(commas[-2] + 1, commas[-1]), speaker_head=commas[-1] - 1)
    return f


def _cue_verb(doc: Doc, f: Found) -> Token | None:
    """The verb of an attribution's cue ("should reject" -> reject, "talks about" -> talks)."""
    if f.cue is None:
        return None
    verbs = [doc[i] for i in range(*f.cue) if doc[i].pos_ == "VERB"]
    return verbs[-1] if verbs else None


def _deontic(verb: Token) -> bool:
    if any(c.dep_ == "aux" and c.text.lower() in DEONTIC_AUX for c in verb.children):
        return True
    head = verb.head
    return (verb.dep_ == "xcomp" and head is not verb and (head.lemma_ or "").lower() in DEONTIC_HEADS
            and any(c.dep_ == "aux" and c.text.lower() == "to" for c in verb.children))


def _topic(doc: Doc, f: Found, verb: Token) -> bool:
    if (verb.lemma_ or "").lower() not in TOPIC_VERBS:
        return False
    content_heads = [doc[i] for i in range(*f.content) if not (f.content[0] <= doc[i].head.i < f.content[1])]
    return bool(content_heads) and all(
        t.dep_ in ("pobj", "pcomp") and t.head.text.lower() in TOPIC_PREPS and t.head.head.i == verb.i
        for t in content_heads)


def _embedded(verb: Token) -> bool:
    """The cue verb is a complement of a verb that takes no such complement as a cue ("lets the market
    find", "takes longer to approve")."""
    if verb.dep_ not in ("ccomp", "xcomp") or verb.head is verb:
        return False
    head = verb.head
    if head.pos_ not in ("VERB", "AUX"):
        return False
    cue = load_lexicon().get(head.lemma_ or head.text, "VERB")
    return cue is None or ("C" if verb.dep_ == "ccomp" else "X") not in cue.frames


def speakers_own_words(doc: Doc, f: Found, in_quote: bytearray) -> str | None:
    """Why an attribution in an own-voice document is the speaker's own claim, or ``None`` when it is not.

    Returns ``"deontic"``, ``"topic"`` or ``"embedded"`` (see the module notes). Direct and
    mixed quotations, and attributions whose speaker or cue is in quotation marks, are never
    the speaker's.
    """
    if f.kind in QUOTATION_KINDS or f.speaker is None:
        return None
    verb = _cue_verb(doc, f)
    if verb is None or in_quote[verb.i] or in_quote[f.speaker[0]]:
        return None
    if _deontic(verb):
        return "deontic"
    if _topic(doc, f, verb):
        return "topic"
    if _embedded(verb):
        return "embedded"
    return None


def reports_others(sent: Span) -> bool:
    """A sentence whose root has a named subject and reports ("EIA projects that ...", "The Association
    said in a statement that ..."): somebody else's words that the cue rules missed, never the
    speaker's own claim.

    The root reports when it has a clausal complement with a verb (not one before it across a
    semicolon) and no modal of obligation ("Congress should make it easier ..." is a demand), or
    when it is a verb of speech followed by "that" (the parser may hang the clause elsewhere).
    """
    root = sent.root
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or is_first_person(subject):
        return False
    if not (subject.pos_ == "PROPN" or subject.ent_type_ in _NAMED) or _deontic(root):
        return False  # "Congress should make it easier ...": the speaker's demand
    doc = sent.doc
    # a clause before the root across a semicolon is a second sentence the parser joined, not reported
    # ("We should not raise it; the Treasury has talked of ...")
    clauses = [c for c in root.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")]
    if any(not (c.i < root.i and any(doc[i].text == ";" for i in range(c.i, root.i))) for c in clauses):
        return True
    cue = load_lexicon().get(root.lemma_ or root.text, "VERB")
    return cue is not None and cue.kind == "speech" and any(
        t.i > root.i and t.dep_ == "mark" and t.text.lower() == "that" for t in sent)
