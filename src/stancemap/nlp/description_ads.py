"""Political ads and their voices: who speaks in "the ad", "the spot", "a narrator".

An ad speaks for whoever made or released it, as the article says: the maker named in
the ad's own phrase ("One Club for Growth ad", "an ad from Priorities USA", "his second
ad"), or the subject of the verb that releases it ("The Trump campaign released an ad",
"Bernie Sanders is releasing a new ad", "Future45 is planning to air a web ad"). "The ad",
"this latest spot" and the ad's voice ("a narrator", "the ad's narrator", "the announcer")
speak for the maker of the latest ad the article named before. A candidate's ad is the
candidate's campaign, named as the golds name campaigns: "<Surname> campaign".

A video or clip is an ad only when its own phrase or verb names a maker, or when the
ad it points back to is at most :data:`CLIP_SENTENCES` sentences before ("a video
recording showed him ..." is no ad). Every rule returns ``None`` when unsure.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from stancemap import datafiles
from stancemap.names.normalise import without_the
from stancemap.nlp.description_heads import _bare_opener, _sentences_after, in_lead
from stancemap.nlp.description_places import is_politician
from stancemap.nlp.descriptions import Descriptions
from stancemap.nlp.salience import surname
from stancemap.nlp.spans import doc_text

_ROWS = datafiles.table("stancemap.nlp", "coref_ad_words.tsv")
#: Heads of a phrase naming an ad ("ad", "spot", "commercial"), a clip ("video", "clip") or an ad's voice.
AD_WORDS = {row["word"]: row["kind"] for row in _ROWS if row["kind"] != "verb"}
#: Verbs whose subject makes or releases the ad that is their object ("released an ad", "is airing a spot").
MAKE_VERBS = frozenset(row["word"] for row in _ROWS if row["kind"] == "verb")
#: Tokens before token ``before`` searched for the ad a definite "the ad" or a voice points back to.
BACK_TOKENS = 400
#: Sentences back a definite "the video" may point to an ad; a voice ("a narrator") to any ad.
CLIP_SENTENCES = 3
VOICE_SENTENCES = 8
_DETERMINERS = frozenset({"the", "this", "that", "these", "those"})
_INDEFINITE = frozenset({"a", "an", "one", "another"})
_OWNER_PREPS = frozenset({"from", "by"})
_STANCE_PREFIX = re.compile(r"^(?:anti|pro)-", re.I)
#: Titles before a name that show a person holds an elected office, so runs campaigns ("Rep. Ann Kirkpatrick").
_OFFICE_TITLES = r"(?:Rep|Sen|Gov)\.|Senator|Governor|Congressman|Congresswoman|Representative"


def ad_maker(sal: Descriptions, doc: Doc, s: int, e: int, head: int) -> tuple[str, str] | None:
    """"The ad", "a new ad from X", "the ad's narrator", "a narrator" (headed by token ``head``):
    the campaign, party committee or group the article says made the ad; ``None`` when unsure."""
    tok = doc[head]
    kind = AD_WORDS.get(tok.lower_)
    if kind is None or tok.pos_ not in ("NOUN", "PROPN") or any(t.ent_type_ == "PERSON" for t in doc[head:e]):
        return None
    if kind == "voice":
        return _voice(sal, doc, s, tok)
    own = made_by(sal, tok, doc[s:e])
    if own is not None:
        return own
    first = doc[s].lower_
    if kind == "ad" and _bare_opener(doc, s, e) and in_lead(doc, s):  # a headline's "Super PAC ad"
        return _first_ad_after(sal, range(e, _sentences_after(sal, e, 4).stop))
    if first in _DETERMINERS or (first not in _INDEFINITE and doc[s].pos_ == "ADJ"):
        return _ad_before(sal, s, CLIP_SENTENCES if kind == "clip" else None)
    return None


def _voice(sal: Descriptions, doc: Doc, s: int, tok: Token) -> tuple[str, str] | None:
    """A narrator, an announcer, a voice-over: "the ad's narrator" is that ad's; "a voice-over in the ad"
    the ad's; else the ad named in the :data:`VOICE_SENTENCES` sentences before."""
    for c in tok.children:
        ads = [c] if c.dep_ == "poss" else [p for p in c.children if p.dep_ == "pobj"] if c.dep_ == "prep" else []
        for ad in ads:
            if AD_WORDS.get(ad.lower_) in ("ad", "clip"):
                return made_by(sal, ad, doc[ad.left_edge.i : ad.i + 1]) or _ad_before(sal, ad.left_edge.i, None)
    return _ad_before(sal, s, VOICE_SENTENCES)


def _ad_before(sal: Descriptions, before: int, sentences: int | None) -> tuple[str, str] | None:
    """The maker of the latest ad before token ``before`` whose maker the text names (within ``sentences``)."""
    doc = sal.doc
    here = sal.sent_of[before]
    for tok in reversed(doc[max(0, before - BACK_TOKENS) : before]):
        if sentences is not None and here - sal.sent_of[tok.i] > sentences:
            break
        if AD_WORDS.get(tok.lower_) not in ("ad", "clip") or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        found = made_by(sal, tok, doc[tok.left_edge.i : tok.i + 1])
        if found is not None:
            return found
    return None


def _first_ad_after(sal: Descriptions, ahead: range) -> tuple[str, str] | None:
    """The maker of the first ad in ``ahead`` whose maker the text names."""
    for i in ahead:
        tok = sal.doc[i]
        if AD_WORDS.get(tok.lower_) == "ad" and tok.pos_ in ("NOUN", "PROPN"):
            found = made_by(sal, tok, sal.doc[tok.left_edge.i : tok.i + 1])
            if found is not None:
                return found
    return None


def made_by(sal: Descriptions, tok: Token, phrase: Span) -> tuple[str, str] | None:
    """Who made the ad ``tok`` heads: a maker in ``phrase`` before it or its "from"/"by" phrase, else the
    subject of the verb that releases it."""
    before = [t for t in phrase if t.i < tok.i and not _stance_word(t)]
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    if poss is not None and poss.lower_ in ("his", "her", "its", "their"):
        who, typ = sal.pronoun(poss, poss.i)
        return _maker(sal, who, typ) if who is not None else None
    after = [t for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ in _OWNER_PREPS for t in c.subtree]
    for acl in (c for c in tok.children if c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in MAKE_VERBS):
        after += [t for c in acl.children if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by")
                  for t in c.subtree]  # "an ad paid for by X", "a spot released by X"
    return _named_maker(sal, before) or _named_maker(sal, after) or _releaser(sal, tok)


def _stance_word(tok: Token) -> bool:
    """Whether ``tok`` is in an "anti-Trump" or "pro-Clinton" modifier: whom the ad is about, not its maker."""
    doc = tok.doc
    if _STANCE_PREFIX.match(tok.text):
        return True
    return tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ in ("anti", "pro")


def _releaser(sal: Descriptions, tok: Token) -> tuple[str, str] | None:
    """The subject of the verb releasing the ad ``tok``: "X released an ad", "X is expected to unveil his
    ad", "The campaign plans to air an ad"."""
    if tok.dep_ not in ("dobj", "nsubjpass", "pobj"):
        return None
    verb = tok.head.head if tok.dep_ == "pobj" else tok.head  # "spent $1 million on an ad"
    using = tok.dep_ == "pobj" and tok.head.lower_ == "with" and verb.pos_ in ("VERB", "AUX")
    if using and any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return None  # "Clinton was hit with an ad": the one it is aimed at
    if not using and verb.lemma_.lower() not in MAKE_VERBS:  # "X plasters screens with an ad": X's
        return None
    if tok.dep_ == "nsubjpass":  # "The ad was released by X"
        agent = [t for c in verb.children if c.dep_ == "agent" for t in c.subtree]
        return _named_maker(sal, agent)
    for _ in range(3):
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return _subject_maker(sal, subject)
        if verb.dep_ not in ("xcomp", "conj", "ccomp") or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def _subject_maker(sal: Descriptions, subject: Token) -> tuple[str, str] | None:
    """The maker a releasing verb's subject names: a group, a candidate, a campaign or a pronoun for one."""
    if subject.lower_ in ("he", "she", "it", "they"):
        who, typ = sal.pronoun(subject, subject.i)
        return _maker(sal, who, typ) if who is not None else None
    words = [t for t in subject.subtree if t.i <= subject.i]
    found = _named_maker(sal, words)
    if found is not None or subject.lemma_.lower() != "campaign":
        return found
    if all(t.lower_ in ("the", "campaign") for t in words):
        return sal.campaign_before(subject.i)  # "The campaign is expecting to air a new ad"
    return None


def _named_maker(sal: Descriptions, tokens: list[Token]) -> tuple[str, str] | None:
    """The first organisation or person named in ``tokens`` ("Priorities USA", "Club for Growth"); a
    candidate is their campaign, and so is "the Trump campaign"."""
    for t in tokens:
        ent = sal.entity_over(t.i)
        if t.i in sal.surname_at:
            return _maker(sal, sal._fullest(sal.surname_at[t.i]), "person")
        if ent is not None and ent.label_ in ("ORG", "PERSON") and not _kind_word(ent):
            text = re.sub(r"['’]s?$", "", without_the(ent.text))
            if ent.root.dep_ == "compound" and ent.root.head.lemma_.lower() == "campaign" and len(text.split()) == 1:
                return f"{surname(sal._fullest(text))} campaign", "organisation"  # "The Trump campaign"
            if ent.label_ == "PERSON" or sal.is_person_surname(text):
                return _maker(sal, sal._fullest(text), "person")
            return sal.fullest_organisation(text), "organisation"
        run = _proper_run(t, tokens)
        if run:
            return sal.fullest_organisation(run), "organisation"
    return None


def _kind_word(ent: Span) -> bool:
    """Whether a one-word name follows a lower-case modifier: "a conservative super PAC" is a kind of group."""
    doc = ent.doc
    return len(ent) == 1 and ent.start > 0 and doc[ent.start - 1].is_lower and doc[ent.start - 1].pos_ in (
        "ADJ", "NOUN")


def _proper_run(t: Token, tokens: list[Token]) -> str | None:
    """The untagged name that starts at ``t`` among ``tokens`` ("Club for Growth", "Future45"): proper nouns,
    joined by "for", "of" or "&"; none in quotation marks (an ad's title) or opening a sentence alone."""
    doc = t.doc
    if t.pos_ != "PROPN" or t.ent_type_ or (t.i > 0 and doc[t.i - 1].is_quote):
        return None
    if t.i > 0 and doc[t.i - 1].is_lower and doc[t.i - 1].pos_ not in ("DET", "NUM", "ADP"):
        return None  # "a conservative super PAC": a kind of group, not its name
    inside = {x.i for x in tokens}
    words = [t]
    k = t.i + 1
    while k in inside and not doc[k].ent_type_ and (doc[k].pos_ == "PROPN" or (
            doc[k].lower_ in ("for", "of", "&") and k + 1 in inside and doc[k + 1].pos_ == "PROPN")):
        words.append(doc[k])
        k += 1
    if (k < len(doc) and doc[k].is_quote) or (len(words) == 1 and t.is_sent_start):
        return None
    return " ".join(w.text for w in words)


def _maker(sal: Descriptions, who: str | None, typ: str | None) -> tuple[str, str] | None:
    """An ad's maker: an organisation as named; a person running for office as "<Surname> campaign";
    ``None`` for other people (an ad is rarely a private person's own)."""
    if who is None:
        return None
    if typ == "organisation":
        return who, "organisation"
    if typ != "person":
        return None
    if _runs(sal, who):
        return f"{surname(who)} campaign", "organisation"
    return None


def _runs(sal: Descriptions, person: str) -> bool:
    """Whether ``person`` runs a campaign: the registry knows an office, candidacy or dated party
    membership, or the article speaks of their campaign or candidacy."""
    if is_politician(sal.known, person):
        return True
    last = re.escape(surname(person))
    return re.search(rf"\b{last}(?:['’]s?)?\s+(?:presidential\s+|re-?election\s+)?campaign\b|"
                     rf"\b(?:candidate|{_OFFICE_TITLES})\s+(?:[A-Z][\w.'-]*\s+){{0,3}}{last}\b",
                     doc_text(sal.doc)) is not None
