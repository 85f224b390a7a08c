"""Own-voice selection on hand-built Docs (issue 18): whose words a sentence is, and which parts are claims."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from stancemap.models import Article
from stancemap.nlp.convert import to_statements, turn_speakers
from stancemap.nlp.ownvoice import is_first_person_speaker, match_own, speaks_for_organisation
from stancemap.nlp.spans import Found

VOCAB = Vocab()


def doc_of(*sentences: str) -> Doc:
    """A Doc from sentences of ``word/POS/dep/head/lemma[/tag]`` tokens (head: index in the sentence)."""
    words, pos, deps, heads, lemmas, tags, spaces, starts = [], [], [], [], [], [], [], []
    for sentence in sentences:
        base = len(words)
        for k, token in enumerate(sentence.split()):
            parts = token.split("/")
            word, p, dep, head, lemma = parts[:5]
            words.append(word)
            pos.append(p)
            deps.append(dep)
            heads.append(base + int(head))
            lemmas.append(lemma)
            tags.append(parts[5] if len(parts) > 5 else "")
            spaces.append(True)
            starts.append(k == 0)
    for k in range(len(words) - 1):
        if words[k + 1] in (".", ",", "?", ";", ":"):
            spaces[k] = False
    return Doc(VOCAB, words=words, spaces=spaces, pos=pos, deps=deps, heads=heads, lemmas=lemmas, tags=tags,
               sent_starts=starts)


def text(doc: Doc, span) -> str:
    return doc[span[0]:span[1]].text


OPPONENT = ("My/PRON/poss/1/my opponent/NOUN/nsubj/6/opponent ,/PUNCT/punct/1/, Carla/PROPN/compound/4/Carla "
            "Jimenez/PROPN/appos/1/Jimenez ,/PUNCT/punct/1/, says/VERB/ROOT/6/say the/DET/det/8/the "
            "toll/NOUN/nsubj/9/toll works/VERB/ccomp/6/work ./PUNCT/punct/6/.")
OFFICE = ("My/PRON/poss/1/my office/NOUN/nsubj/2/office supports/VERB/ROOT/2/support the/DET/det/4/the "
          "toll/NOUN/dobj/2/toll ./PUNCT/punct/2/.")


def test_my_opponent_is_somebody_else_and_is_named_by_the_apposition():
    doc = doc_of(OPPONENT)
    reported = Found("ccomp", "indirect", (7, 10), (0, 2), (6, 7), 1)
    assert not is_first_person_speaker(doc, (0, 2), 1)
    (out,) = match_own(doc, [reported])
    assert out.kind == "indirect" and text(doc, out.speaker) == "Carla Jimenez"


def test_my_office_speaks_for_the_speaker():
    doc = doc_of(OFFICE)
    (out,) = match_own(doc, [Found("object", "attitude", (3, 5), (0, 2), (2, 3), 1)])
    assert (out.kind, out.rule) == ("own", "own-cue")


COUNCIL = ("The/DET/det/1/the Council/PROPN/nsubj/2/Council supports/VERB/ROOT/2/support a/DET/det/5/a "
           "higher/ADJ/amod/5/high tax/NOUN/dobj/2/tax ./PUNCT/punct/2/.")
GOVERNMENT = ("the/DET/det/1/the Government/PROPN/nsubj/2/Government confirmed/VERB/ROOT/2/confirm "
              "the/DET/det/4/the rule/NOUN/nsubj/6/rule will/AUX/aux/6/will stay/VERB/ccomp/2/stay ./PUNCT/punct/2/.")


@pytest.mark.parametrize(("sentence", "found", "speaks_for", "own"), [
    (COUNCIL, Found("object", "attitude", (3, 6), (0, 2), (2, 3), 1), ("National Freight Carriers Council",), True),
    (COUNCIL, Found("object", "attitude", (3, 6), (0, 2), (2, 3), 1), ("Sierra Club", "President"), False),
    (COUNCIL, Found("object", "attitude", (3, 6), (0, 2), (2, 3), 1), (), False),
    (GOVERNMENT, Found("ccomp", "indirect", (3, 7), (0, 2), (2, 3), 1),
     ("Ministry of Transport", "Minister of Transport"), True),
    (GOVERNMENT, Found("ccomp", "indirect", (3, 7), (0, 2), (2, 3), 1), ("Sierra Club", "Director"), False),
])
def test_the_organisation_the_speaker_speaks_for_is_the_speakers_voice(sentence, found, speaks_for, own):
    doc = doc_of(sentence)
    assert speaks_for_organisation(doc, found.speaker, found.speaker_head, speaks_for) is own
    (out,) = match_own(doc, [found], speaks_for=speaks_for)
    assert (out.kind == "own") is own
    if own:  # the organisation's name is not a mention of the person
        assert (out.rule, out.speaker, out.content) == ("own-organisation", None, found.content)


def test_a_transcript_label_is_the_turn_not_a_quotation():
    doc = doc_of("BRENNAN/PROPN/ROOT/0/BRENNAN :/PUNCT/punct/0/:",
                 "We/PRON/nsubj/1/we need/VERB/ROOT/1/need the/DET/det/3/the buses/NOUN/dobj/1/bus "
                 "first/ADV/advmod/1/first ./PUNCT/punct/1/.")
    label = Found("colon", "direct", (2, 7), (0, 1), (1, 2), 0)
    out = match_own(doc, [label])
    assert [(f.rule, text(doc, f.content)) for f in out] == [("own-deontic", "We need the buses first")]


QUOTE = ('"/PUNCT/punct/2/" Buses/NOUN/nsubj/2/bus are/AUX/ROOT/2/be slow/ADJ/acomp/2/slow ,/PUNCT/punct/2/, '
         '"/PUNCT/punct/2/" Ortega/PROPN/nsubj/7/Ortega added/VERB/ROOT/7/add ./PUNCT/punct/7/.')
QUOTE2 = ('"/PUNCT/punct/3/" This/DET/det/2/this bill/NOUN/nsubj/3/bill doubles/VERB/ROOT/3/double '
          'transit/NOUN/compound/5/transit money/NOUN/dobj/3/money ./PUNCT/punct/3/. "/PUNCT/punct/3/"')


def test_a_quotation_over_several_sentences_is_one_statement_per_sentence():
    doc = doc_of(QUOTE, QUOTE2)
    quote = Found("quote", "direct", (0, len(doc)), (6, 7), (7, 8), 6)
    out = match_own(doc, [quote])
    assert [text(doc, f.content) for f in out] == ["Buses are slow", "This bill doubles transit money"]
    assert all(f.speaker == (6, 7) and f.kind == "direct" for f in out)


TREASURY = ("We/PRON/nsubj/3/we should/AUX/aux/3/should not/PART/neg/3/not raise/VERB/ROOT/3/raise "
            "fuel/NOUN/compound/5/fuel duty/NOUN/dobj/3/duty ;/PUNCT/punct/3/; the/DET/det/8/the "
            "Treasury/PROPN/nsubj/10/Treasury has/AUX/aux/10/have talked/VERB/conj/3/talk of/ADP/prep/10/of "
            "ending/VERB/pcomp/11/end it/PRON/dobj/12/it ./PUNCT/punct/3/.")


TREASURY_SAID = ("We/PRON/nsubj/3/we should/AUX/aux/3/should not/PART/neg/3/not raise/VERB/ROOT/3/raise "
                 "fuel/NOUN/compound/5/fuel duty/NOUN/dobj/3/duty ;/PUNCT/punct/3/; the/DET/det/8/the "
                 "Treasury/PROPN/nsubj/9/Treasury said/VERB/conj/3/say it/PRON/nsubj/11/it "
                 "ends/VERB/ccomp/9/end ./PUNCT/punct/3/.")


def test_the_part_of_a_sentence_no_attribution_covers_is_still_a_claim():
    doc = doc_of(TREASURY_SAID)
    treasury = Found("ccomp", "indirect", (10, 12), (7, 9), (9, 10), 8)
    out = match_own(doc, [treasury])
    assert [(f.kind, text(doc, f.content)) for f in out] == [("own", "We should not raise fuel duty"),
                                                             ("indirect", "it ends")]


def test_a_cue_that_only_names_a_topic_leaves_the_sentence_to_the_speaker():
    # "the Treasury has talked of ending it": no words of the Treasury's, the sentence is the speaker's
    doc = doc_of(TREASURY)
    treasury = Found("prep", "indirect", (12, 14), (7, 9), (10, 12), 8)
    out = match_own(doc, [treasury])
    assert [(f.kind, text(doc, f.content)) for f in out] == [
        ("own", "We should not raise fuel duty; the Treasury has talked of ending it")]


@pytest.mark.parametrize(("sentence", "keywords", "rule"), [
    ("We/PRON/nsubj/2/we respectfully/ADV/advmod/2/respectfully disagree/VERB/ROOT/2/disagree ./PUNCT/punct/2/.",
     (), "own-position"),
    ("Congestion/NOUN/compound/1/congestion charges/NOUN/nsubj/2/charge work/VERB/ROOT/2/work ./PUNCT/punct/2/.",
     ("congestion charge",), "own-issue"),  # a plural of a keyword, three words
    ("Charges/NOUN/nsubj/2/charge will/AUX/aux/2/will rise/VERB/ROOT/2/rise ./PUNCT/punct/2/.", (), None),
    # a title-case line with no closing punctuation is a heading
    ("Ortega/PROPN/compound/1/Ortega Bill/PROPN/nsubj/3/Bill Would/AUX/aux/3/would Put/VERB/ROOT/3/put "
     "Rail/PROPN/dobj/3/Rail Back/ADV/advmod/3/back on/ADP/prep/3/on Track/PROPN/pobj/6/Track", (), None),
    ("Let/VERB/ROOT/0/let/VB people/NOUN/nsubj/2/people buy/VERB/ccomp/0/buy/VB cars/NOUN/dobj/2/car "
     "./PUNCT/punct/0/.", (), "own-deontic"),  # an imperative
    ("A/DET/det/1/a toll/NOUN/nsubj/2/toll would/AUX/aux/3/would punish/VERB/ROOT/3/punish "
     "workers/NOUN/dobj/3/worker ./PUNCT/punct/3/.".replace("nsubj/2/", "nsubj/3/"), (), "own-predictive"),
    ("I/PRON/nsubj/2/I would/AUX/aux/2/would like/VERB/ROOT/2/like to/PART/aux/4/to add/VERB/xcomp/2/add "
     "this/PRON/dobj/4/this ./PUNCT/punct/2/.", (), None),
    # an imperative that brings in an example is no claim: "Take the fuel economy standards."
    ("Take/VERB/ROOT/0/take/VB the/DET/det/3/the economy/NOUN/compound/3/economy standards/NOUN/dobj/0/standard "
     "for/ADP/prep/0/for cars/NOUN/pobj/4/car ./PUNCT/punct/0/.", (), None),
    ("Or/CCONJ/cc/1/or consider/VERB/ROOT/1/consider/VB the/DET/det/3/the limits/NOUN/dobj/1/limit "
     "./PUNCT/punct/1/.", (), None),
    # ... even where it names an issue's keyword
    ("Take/VERB/ROOT/0/take/VB the/DET/det/3/the economy/NOUN/compound/3/economy standards/NOUN/dobj/0/standard "
     "for/ADP/prep/0/for cars/NOUN/pobj/4/car ./PUNCT/punct/0/.", ("economy standards",), None),
    # a position verb is the speaker's with a first-person subject, somebody else's reported with a named one
    ("We/PRON/nsubj/1/we want/VERB/ROOT/1/want more/ADJ/amod/3/more buses/NOUN/dobj/1/bus ./PUNCT/punct/1/.",
     (), "own-position"),
    ("The/DET/det/1/the governor/NOUN/nsubj/2/governor wants/VERB/ROOT/2/want more/ADJ/amod/4/more "
     "buses/NOUN/dobj/2/bus ./PUNCT/punct/2/.", (), None),
    # a chair's procedure and a witness announcing a topic are no claims, even naming a keyword
    ("The/DET/det/2/the next/ADJ/amod/2/next amendment/NOUN/nsubj/4/amendment would/AUX/aux/4/would "
     "add/VERB/ROOT/4/add a/DET/det/7/a carbon/NOUN/compound/7/carbon fee/NOUN/dobj/4/fee ./PUNCT/punct/4/.",
     ("carbon fee",), None),
    ("My/PRON/poss/1/my testimony/NOUN/nsubj/3/testimony today/NOUN/npadvmod/3/today concerns/VERB/ROOT/3/concern "
     "carbon/NOUN/compound/5/carbon fees/NOUN/dobj/3/fee ./PUNCT/punct/3/.", ("carbon fee",), None),
    # a call to act is one: "Take action on emissions now."
    ("Take/VERB/ROOT/0/take/VB action/NOUN/dobj/0/action on/ADP/prep/1/on emissions/NOUN/pobj/2/emission "
     "now/ADV/advmod/0/now ./PUNCT/punct/0/.", (), "own-deontic"),
])
def test_short_claims_imperatives_conditionals_and_headings(sentence, keywords, rule):
    found = match_own(doc_of(sentence), [], keywords=keywords)
    assert [f.rule for f in found] == ([rule] if rule else [])


INTERVIEW = ("CITY DESK\nHost: James Okafor\nGuest: Linda Brennan, Mayor of Riverton\n\n"
             "OKAFOR: Will Riverton charge drivers?\n\nBRENNAN: No. A downtown toll would punish workers.\n")


def test_an_interview_with_its_guest_given_keeps_the_hosts_turns():
    article = Article("i", INTERVIEW, genre="interview", speaker="Linda Brennan", speaker_org="City of Riverton")
    assert [name for _, name in turn_speakers(article)] == ["Linda Brennan", "James Okafor", "Linda Brennan"]
    # with no labelled turn of anybody else, the given speaker speaks throughout: no turns
    assert turn_speakers(Article("i", "We need buses.", genre="interview", speaker="Linda Brennan")) == []


def test_the_hosts_position_is_the_hosts_without_the_guests_organisation_and_the_hosts_framing_no_claim():
    body = ("OKAFOR: The toll would punish workers. I support the toll.\n"
            "BRENNAN: The toll would punish workers.\n")
    article = Article("i", "Host: James Okafor\n" + body, genre="interview", speaker="Linda Brennan",
                      speaker_org="City of Riverton")
    doc = doc_of("OKAFOR/PROPN/ROOT/0/OKAFOR :/PUNCT/punct/0/:",
                 "The/DET/det/1/the toll/NOUN/nsubj/3/toll would/AUX/aux/3/would punish/VERB/ROOT/3/punish "
                 "workers/NOUN/dobj/3/worker ./PUNCT/punct/3/.",
                 "I/PRON/nsubj/1/I support/VERB/ROOT/1/support the/DET/det/3/the toll/NOUN/dobj/1/toll "
                 "./PUNCT/punct/1/.",
                 "BRENNAN/PROPN/ROOT/0/BRENNAN :/PUNCT/punct/0/:",
                 "The/DET/det/1/the toll/NOUN/nsubj/3/toll would/AUX/aux/3/would punish/VERB/ROOT/3/punish "
                 "workers/NOUN/dobj/3/worker ./PUNCT/punct/3/.")
    assert doc.text.replace("\n", " ").split() == body.split()
    found = match_own(doc, [])
    statements = to_statements(doc, found, article, offset=len("Host: James Okafor\n"))
    # the host sets up the questions: only where they take a position themselves is it their claim
    assert [(s.speaker_name, s.actor_affiliation, s.content.text) for s in statements] == [
        ("James Okafor", None, "I support the toll"),
        ("Linda Brennan", "City of Riverton", "The toll would punish workers")]
