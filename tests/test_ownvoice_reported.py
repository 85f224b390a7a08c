"""Own voice (issue 18): the speaker's claims about others are the speaker's, and stands without a position verb.

Hand-built Docs (``word/POS/dep/head/lemma`` tokens, head = index in the sentence), as in
tests/test_ownvoice_selection.py.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from stancemap.nlp.ownvoice import match_own
from stancemap.nlp.ownvoice_reported import reports_others, speakers_own_words
from stancemap.nlp.spans import Found

VOCAB = Vocab()


def doc_of(sentence: str) -> Doc:
    words, pos, deps, heads, lemmas = [], [], [], [], []
    for token in sentence.split():
        word, p, dep, head, lemma = token.split("/")
        words.append(word)
        pos.append(p)
        deps.append(dep)
        heads.append(int(head))
        lemmas.append(lemma)
    spaces = [words[k + 1] not in (".", ",") if k + 1 < len(words) else False for k in range(len(words))]
    return Doc(VOCAB, words=words, spaces=spaces, pos=pos, deps=deps, heads=heads, lemmas=lemmas,
               sent_starts=[True] + [False] * (len(words) - 1))


def text(doc: Doc, span) -> str:
    return doc[span[0]:span[1]].text


REJECT = ("Congress/PROPN/nsubj/2/Congress should/AUX/aux/2/should reject/VERB/ROOT/2/reject any/DET/det/4/any "
          "rider/NOUN/dobj/2/rider ./PUNCT/punct/2/.")
LETS = ("It/PRON/nsubj/1/it lets/VERB/ROOT/1/let the/DET/det/3/the market/NOUN/nsubj/4/market "
        "find/VERB/ccomp/1/find the/DET/det/6/the reductions/NOUN/dobj/4/reduction ./PUNCT/punct/1/.")
SAYS = ("EPA/PROPN/nsubj/1/EPA says/VERB/ROOT/1/say the/DET/det/3/the rule/NOUN/nsubj/4/rule "
        "works/VERB/ccomp/1/work ./PUNCT/punct/1/.")
TALKS = ("Washington/PROPN/nsubj/1/Washington talks/VERB/ROOT/1/talk about/ADP/prep/1/about "
         "raising/VERB/pcomp/2/raise the/DET/det/6/the gas/NOUN/compound/6/gas tax/NOUN/dobj/3/tax ./PUNCT/punct/1/.")


@pytest.mark.parametrize(("sentence", "found", "why"), [
    (REJECT, Found("object", "attitude", (3, 5), (0, 1), (1, 3), 0), "deontic"),
    (LETS, Found("ccomp", "indirect", (5, 7), (2, 4), (4, 5), 3), "embedded"),
    (TALKS, Found("prep", "indirect", (3, 7), (0, 1), (1, 3), 0), "topic"),
    (SAYS, Found("ccomp", "indirect", (2, 5), (0, 1), (1, 2), 0), None),  # EPA's words stay EPA's
    (REJECT, Found("quote", "direct", (3, 5), (0, 1), (1, 3), 0), None),  # a quotation is never the speaker's
])
def test_which_attributions_are_the_speakers_own_words(sentence, found, why):
    doc = doc_of(sentence)
    assert speakers_own_words(doc, found, bytearray(len(doc) + 1)) == why


def test_a_demand_on_others_becomes_the_speakers_claim():
    doc = doc_of(REJECT)
    out = match_own(doc, [Found("object", "attitude", (3, 5), (0, 1), (1, 3), 0)])
    assert [(f.kind, f.rule, f.speaker, text(doc, f.content)) for f in out] == [
        ("own", "own-position", None, "Congress should reject any rider")]


def test_an_embedded_cue_leaves_the_sentence_to_the_speaker_and_reported_speech_stays():
    doc = doc_of(LETS)
    out = match_own(doc, [Found("ccomp", "indirect", (5, 7), (2, 4), (4, 5), 3)], keywords=("reduction",))
    assert [(f.kind, f.rule) for f in out] == [("own", "own-issue")]
    doc = doc_of(SAYS)
    (out,) = match_own(doc, [Found("ccomp", "indirect", (2, 5), (0, 1), (1, 2), 0)])
    assert (out.kind, text(doc, out.speaker)) == ("indirect", "EPA")


SAID_THAT = ("The/DET/det/1/the Association/PROPN/nsubj/2/Association said/VERB/ROOT/2/say in/ADP/prep/2/in "
             "a/DET/det/5/a statement/NOUN/pobj/3/statement that/SCONJ/mark/10/that a/DET/det/8/a "
             "mandate/NOUN/nsubj/10/mandate would/AUX/aux/10/would raise/VERB/acl/5/raise "
             "rates/NOUN/dobj/10/rate ./PUNCT/punct/2/.")
EASIER = ("Congress/PROPN/nsubj/2/Congress should/AUX/aux/2/should make/VERB/ROOT/2/make it/PRON/nsubj/4/it "
          "easier/ADJ/ccomp/2/easy to/PART/aux/6/to build/VERB/advcl/4/build plants/NOUN/dobj/6/plant "
          "./PUNCT/punct/2/.")
SEMICOLON = ("We/PRON/nsubj/3/we should/AUX/aux/3/should not/PART/neg/3/not raise/VERB/ccomp/8/raise "
             "it/PRON/dobj/3/it ;/PUNCT/punct/8/; the/DET/det/7/the Treasury/PROPN/nsubj/8/Treasury "
             "talked/VERB/ROOT/8/talk ./PUNCT/punct/8/.")


@pytest.mark.parametrize(("sentence", "reports"), [
    (SAID_THAT, True),   # the parser hung the that-clause on "statement"
    (EASIER, False),     # a demand, and "easier" is no clause
    (SEMICOLON, False),  # a clause before the root across a semicolon is a joined sentence
])
def test_a_named_subject_that_reports(sentence, reports):
    doc = doc_of(sentence)
    assert reports_others(doc[:]) is reports
    assert bool(match_own(doc, [])) is not reports


@pytest.mark.parametrize(("sentence", "rule"), [
    ("We/PRON/nsubj/1/we are/AUX/ROOT/1/be for/ADP/prep/1/for it/PRON/pobj/2/it ./PUNCT/punct/1/.", "own-position"),
    ("I/PRON/nsubj/1/I am/AUX/ROOT/1/be not/PART/neg/1/not against/ADP/prep/1/against "
     "transit/NOUN/pobj/3/transit ./PUNCT/punct/1/.", "own-position"),
    ("So/ADV/advmod/4/so we/PRON/nsubj/4/we have/AUX/aux/4/have not/PART/neg/4/not taken/VERB/ROOT/4/take "
     "a/DET/det/6/a position/NOUN/dobj/4/position ./PUNCT/punct/4/.", "own-position"),
    # somebody else's "for" is no stand of the speaker's
    ("The/DET/det/1/the lands/NOUN/nsubj/2/land are/AUX/ROOT/2/be not/PART/neg/2/not for/ADP/prep/2/for "
     "sale/NOUN/pobj/4/sale ./PUNCT/punct/2/.", None),
    ("If/SCONJ/mark/2/if it/PRON/nsubj/2/it came/VERB/advcl/6/come ,/PUNCT/punct/6/, we/PRON/nsubj/6/we "
     "could/AUX/aux/6/could look/VERB/ROOT/6/look at/ADP/prep/6/at it/PRON/pobj/7/it ./PUNCT/punct/6/.",
     "own-predictive"),
    # "could" without a condition is no claim
    ("We/PRON/nsubj/2/we could/AUX/aux/2/could look/VERB/ROOT/2/look at/ADP/prep/2/at it/PRON/pobj/3/it "
     "./PUNCT/punct/2/.", None),
])
def test_stands_without_a_position_verb_and_conditionals(sentence, rule):
    found = match_own(doc_of(sentence), [])
    assert [f.rule for f in found] == ([rule] if rule else [])
