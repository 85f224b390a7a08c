"""Attribution rules on hand-built Docs (no model): what each rule finds, and what must yield nothing."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from stancemap.nlp.attribution import match
from stancemap.nlp.coref import resolve

VERB_LEMMAS = {"said": "say", "says": "say", "noted": "note", "wants": "want", "stated": "state",
               "discussing": "discuss", "been": "be", "have": "have", "is": "be", "am": "be", "did": "do",
               "rains": "rain", "win": "win", "was": "be", "released": "release", "expired": "expire",
               "sending": "send", "calls": "call", "announced": "announce"}


def mk(words, heads, deps, pos, ents=None, tags=None, lemmas=None):
    """A Doc from a table row: heads are absolute token indices."""
    lemmas = lemmas or [VERB_LEMMAS.get(w, w.lower()) for w in words]
    sent_starts = [1] + [0] * (len(words) - 1)
    return Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas, ents=ents,
               tags=tags, sent_starts=sent_starts)


def texts(doc, found):
    out = []
    for f in found:
        out.append((
            f.rule,
            f.kind,
            doc[f.speaker[0]:f.speaker[1]].text if f.speaker else None,
            doc[f.cue[0]:f.cue[1]].text if f.cue else None,
            doc[f.content[0]:f.content[1]].text,
        ))
    return out


CASES = [
    pytest.param(
        mk(["Kim", "noted", "that", "it", "rains", "."], [1, 1, 4, 4, 1, 1],
           ["nsubj", "ROOT", "mark", "nsubj", "ccomp", "punct"], ["PROPN", "VERB", "SCONJ", "PRON", "VERB", "PUNCT"],
           ents=["B-PERSON", "O", "O", "O", "O", "O"]),
        [("ccomp", "indirect", "Kim", "noted", "it rains")], id="that-clause"),
    pytest.param(
        mk(["It", "rains", ",", "said", "the", "Minister", "."], [1, 3, 3, 3, 5, 3, 3],
           ["nsubj", "ccomp", "punct", "ROOT", "det", "nsubj", "punct"],
           ["PRON", "VERB", "PUNCT", "VERB", "DET", "NOUN", "PUNCT"]),
        [("postposed", "indirect", "the Minister", "said", "It rains")], id="postposed-said-X"),
    pytest.param(
        mk(["“", "We", "win", ",", "”", "Kim", "said", "."], [2, 2, 6, 2, 2, 6, 6, 6],
           ["punct", "nsubj", "ccomp", "punct", "punct", "nsubj", "ROOT", "punct"],
           ["PUNCT", "PRON", "VERB", "PUNCT", "PUNCT", "PROPN", "VERB", "PUNCT"]),
        [("postposed", "direct", "Kim", "said", "“ We win , ”")], id="quoted-postposed"),
    pytest.param(
        mk(["The", "US", "and", "Germany", "have", "been", "wary", "of", "sending", "arms", "."],
           [1, 5, 1, 1, 5, 5, 5, 6, 7, 8, 5],
           ["det", "nsubj", "cc", "conj", "aux", "ROOT", "acomp", "prep", "pcomp", "dobj", "punct"],
           ["DET", "PROPN", "CCONJ", "PROPN", "AUX", "AUX", "ADJ", "ADP", "VERB", "NOUN", "PUNCT"],
           ents=["O", "B-GPE", "O", "B-GPE", "O", "O", "O", "O", "O", "O", "O"]),
        [("adjective", "attitude", "The US", "have been wary of", "sending arms"),
         ("adjective", "attitude", "Germany", "have been wary of", "sending arms")], id="coordinated-attitude"),
    pytest.param(
        mk(["According", "to", "Kim", ",", "it", "rains", "."], [5, 0, 1, 5, 5, 5, 5],
           ["prep", "prep", "pobj", "punct", "nsubj", "ROOT", "punct"],
           ["VERB", "ADP", "PROPN", "PUNCT", "PRON", "VERB", "PUNCT"],
           lemmas=["accord", "to", "Kim", ",", "it", "rain", "."]),
        [("according", "indirect", "Kim", "According to", "it rains")], id="according-to"),
    pytest.param(
        mk(["Kim", "wants", "to", "win", "."], [1, 1, 3, 1, 1], ["nsubj", "ROOT", "aux", "xcomp", "punct"],
           ["PROPN", "VERB", "PART", "VERB", "PUNCT"]),
        [("xcomp", "attitude", "Kim", "wants", "to win")], id="intention-xcomp"),
    pytest.param(
        mk(["Ministers", "are", "discussing", "whether", "to", "win", "."], [2, 2, 2, 5, 5, 2, 2],
           ["nsubj", "aux", "ROOT", "mark", "aux", "xcomp", "punct"],
           ["NOUN", "AUX", "VERB", "SCONJ", "PART", "VERB", "PUNCT"],
           lemmas=["minister", "be", "discuss", "whether", "to", "win", "."]),
        [("ccomp", "attitude", "Ministers", "are discussing", "whether to win")], id="discussing-whether"),
    pytest.param(
        mk(["Kim", "calls", "for", "peace", "."], [1, 1, 1, 2, 1], ["nsubj", "ROOT", "prep", "pobj", "punct"],
           ["PROPN", "VERB", "ADP", "NOUN", "PUNCT"], lemmas=["Kim", "call", "for", "peace", "."]),
        [("prep", "indirect", "Kim", "calls for", "peace")], id="calls-for"),
    pytest.param(
        mk(["Ann", "said", "Bob", "wants", "to", "win", "."], [1, 1, 3, 1, 5, 3, 1],
           ["nsubj", "ROOT", "nsubj", "ccomp", "aux", "xcomp", "punct"],
           ["PROPN", "VERB", "PROPN", "VERB", "PART", "VERB", "PUNCT"]),
        [("ccomp", "indirect", "Ann", "said", "Bob wants to win")], id="nested-attitude-is-the-reporter-s"),
    pytest.param(
        mk(["The", "plan", ",", "Kim", "said", ",", "is", "dead", "."], [1, 6, 4, 4, 6, 4, 6, 6, 6],
           ["det", "nsubj", "punct", "nsubj", "parataxis", "punct", "ROOT", "acomp", "punct"],
           ["DET", "NOUN", "PUNCT", "PROPN", "VERB", "PUNCT", "AUX", "ADJ", "PUNCT"]),
        [("parataxis", "indirect", "Kim", "said", "The plan , Kim said , is dead")], id="parenthetical-cue"),
    # sentences that must yield nothing
    pytest.param(
        mk(["The", "said", "treaty", "expired", "."], [2, 2, 3, 3, 3], ["det", "amod", "nsubj", "ROOT", "punct"],
           ["DET", "VERB", "NOUN", "VERB", "PUNCT"]), [], id="said-as-adjective"),
    pytest.param(
        mk(["Did", "Kim", "say", "that", "it", "rains", "?"], [2, 2, 2, 5, 5, 2, 2],
           ["aux", "nsubj", "ROOT", "mark", "nsubj", "ccomp", "punct"],
           ["AUX", "PROPN", "VERB", "SCONJ", "PRON", "VERB", "PUNCT"],
           tags=["VBD", "NNP", "VB", "IN", "PRP", "VBZ", "."],
           lemmas=["do", "Kim", "say", "that", "it", "rain", "?"]), [], id="question-about-saying"),
    pytest.param(
        mk(["It", "rains", "in", "Paris", "."], [1, 1, 1, 2, 1], ["nsubj", "ROOT", "prep", "pobj", "punct"],
           ["PRON", "VERB", "ADP", "PROPN", "PUNCT"]), [], id="narrative"),
    pytest.param(
        mk(["It", "was", "said", "that", "it", "rains", "."], [2, 2, 2, 5, 5, 2, 2],
           ["nsubjpass", "auxpass", "ROOT", "mark", "nsubj", "ccomp", "punct"],
           ["PRON", "AUX", "VERB", "SCONJ", "PRON", "VERB", "PUNCT"]),
        [("passive", "indirect", None, "was said", "it rains")], id="passive-no-speaker"),
    pytest.param(
        mk(["She", "is", "expected", "to", "win", "."], [2, 2, 2, 4, 2, 2],
           ["nsubjpass", "auxpass", "ROOT", "aux", "xcomp", "punct"],
           ["PRON", "AUX", "VERB", "PART", "VERB", "PUNCT"], tags=["PRP", "VBZ", "VBN", "TO", "VB", "."],
           lemmas=["she", "be", "expect", "to", "win", "."]),
        [("passive", "attitude", None, "is expected", "to win")], id="passive-expected-to"),
    pytest.param(
        mk(["It", "was", "said", "by", "Kim", "that", "it", "rains", "."], [2, 2, 2, 2, 3, 7, 7, 2, 2],
           ["nsubjpass", "auxpass", "ROOT", "agent", "pobj", "mark", "nsubj", "ccomp", "punct"],
           ["PRON", "AUX", "VERB", "ADP", "PROPN", "SCONJ", "PRON", "VERB", "PUNCT"]),
        [("ccomp", "indirect", "Kim", "was said", "it rains")], id="passive-with-agent"),
    pytest.param(
        mk(["He", "seemed", "to", "win", "."], [1, 1, 3, 1, 1], ["nsubj", "ROOT", "aux", "xcomp", "punct"],
           ["PRON", "VERB", "PART", "VERB", "PUNCT"], lemmas=["he", "seem", "to", "win", "."]),
        [("xcomp", "attitude", "He", "seemed", "to win")], id="seem-to-learned-frame"),
    pytest.param(
        mk(["It", "led", "some", "to", "question", "the", "plan", "."], [1, 1, 1, 4, 1, 6, 4, 1],
           ["nsubj", "ROOT", "dobj", "aux", "xcomp", "det", "dobj", "punct"],
           ["PRON", "VERB", "PRON", "PART", "VERB", "DET", "NOUN", "PUNCT"],
           lemmas=["it", "lead", "some", "to", "question", "the", "plan", "."]),
        [("object", "indirect", "some", "to question", "the plan")], id="object-control-xcomp"),
    pytest.param(
        mk(["The", "office", "released", "a", "note", "saying", "it", "rains", "."], [1, 2, 2, 4, 2, 4, 7, 5, 2],
           ["det", "nsubj", "ROOT", "det", "dobj", "acl", "nsubj", "ccomp", "punct"],
           ["DET", "NOUN", "VERB", "DET", "NOUN", "VERB", "PRON", "VERB", "PUNCT"],
           tags=["DT", "NN", "VBD", "DT", "NN", "VBG", "PRP", "VBZ", "."],
           lemmas=["the", "office", "release", "a", "note", "say", "it", "rain", "."]),
        [("ccomp", "indirect", "The office", "saying", "it rains")], id="statement-saying-takes-the-verb-subject"),
    pytest.param(
        mk(["His", "call", "for", "peace", "was", "heard", "."], [1, 5, 1, 2, 5, 5, 5],
           ["poss", "nsubjpass", "prep", "pobj", "auxpass", "ROOT", "punct"],
           ["PRON", "NOUN", "ADP", "NOUN", "AUX", "VERB", "PUNCT"],
           lemmas=["his", "call", "for", "peace", "be", "hear", "."]),
        [("noun", "attitude", "His", "call", "for peace")], id="possessive-pronoun-noun-cue"),
    pytest.param(
        mk(["The", "team", "was", "seen", "in", "Paris", "."], [1, 3, 3, 3, 3, 4, 3],
           ["det", "nsubjpass", "auxpass", "ROOT", "prep", "pobj", "punct"],
           ["DET", "NOUN", "AUX", "VERB", "ADP", "PROPN", "PUNCT"],
           lemmas=["the", "team", "be", "see", "in", "Paris", "."]),
        [], id="passive-without-complement"),
    pytest.param(
        mk(["On", "Monday", "said", "that", "it", "rains", "."], [2, 0, 2, 5, 5, 2, 2],
           ["prep", "nsubj", "ROOT", "mark", "nsubj", "ccomp", "punct"],
           ["ADP", "PROPN", "VERB", "SCONJ", "PRON", "VERB", "PUNCT"],
           ents=["O", "B-DATE", "O", "O", "O", "O", "O"]), [], id="date-is-no-speaker"),
    pytest.param(  # the small English model's parse of "I would only say that every new field locks in ..."
        mk(["Kim", "said", "that", "every", "field", "locks", "in", "emissions", "."], [1, 1, 1, 4, 1, 4, 5, 6, 1],
           ["nsubj", "ROOT", "dobj", "det", "dobj", "relcl", "prep", "pobj", "punct"],
           ["PROPN", "VERB", "SCONJ", "DET", "NOUN", "VERB", "ADP", "NOUN", "PUNCT"],
           ents=["B-PERSON", "O", "O", "O", "O", "O", "O", "O", "O"],
           tags=["NNP", "VBD", "IN", "DT", "NN", "VBZ", "IN", "NNS", "."]),
        [("object", "indirect", "Kim", "said", "every field locks in emissions")],
        id="complementiser-parsed-as-object"),
]


@pytest.mark.parametrize("doc, expected", CASES)
def test_rules(doc, expected):
    assert texts(doc, match(doc)) == expected


def test_passive_with_agent_names_the_agent():
    doc = mk(["It", "was", "announced", "by", "NATO", "that", "it", "rains", "."], [2, 2, 2, 2, 3, 7, 7, 2, 2],
             ["nsubjpass", "auxpass", "ROOT", "agent", "pobj", "mark", "nsubj", "ccomp", "punct"],
             ["PRON", "AUX", "VERB", "ADP", "PROPN", "SCONJ", "PRON", "VERB", "PUNCT"],
             ents=["O", "O", "O", "O", "B-ORG", "O", "O", "O", "O"])
    assert texts(doc, match(doc)) == [("ccomp", "indirect", "NATO", "was announced", "it rains")]


def _unmarked_doc():
    # I am sure we win .  Jane Doe The head \n\n Kim stated that it rains . We win .
    words = ["I", "am", "sure", "we", "win", ".", "Jane", "Doe", "The", "head", "\n\n",
             "Kim", "stated", "that", "it", "rains", ".", "We", "win", "."]
    heads = [1, 1, 1, 4, 2, 1, 7, 7, 9, 7, 9, 12, 12, 15, 15, 12, 12, 18, 18, 18]
    deps = ["nsubj", "ROOT", "acomp", "nsubj", "ccomp", "punct", "compound", "ROOT", "det", "appos", "dep",
            "nsubj", "ROOT", "mark", "nsubj", "ccomp", "punct", "nsubj", "ROOT", "punct"]
    pos = ["PRON", "AUX", "ADJ", "PRON", "VERB", "PUNCT", "PROPN", "PROPN", "DET", "NOUN", "SPACE",
           "PROPN", "VERB", "SCONJ", "PRON", "VERB", "PUNCT", "PRON", "VERB", "PUNCT"]
    ents = ["O"] * 6 + ["B-PERSON", "I-PERSON"] + ["O"] * 3 + ["B-PERSON"] + ["O"] * 8
    starts = [1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0]
    spaces = [True] * len(words)
    spaces[10] = False
    return Doc(Vocab(), words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, ents=ents, sent_starts=starts,
               lemmas=[VERB_LEMMAS.get(w, w.lower()) for w in words])


def test_byline_and_first_person_continuation():
    doc = _unmarked_doc()
    got = texts(doc, match(doc))
    assert ("byline", "direct-unmarked", "Jane Doe", None, "I am sure we win .") in got
    assert ("continuation", "direct-unmarked", "Kim", None, "We win .") in got
    assert ("ccomp", "indirect", "Kim", "stated", "it rains") in got
    # the nested "I am sure" inside the unmarked quotation is the speaker's own hedge
    assert not any(t[2] == "I" for t in got)


def test_coref_surname_and_title():
    words = ["Secretary", "General", ",", "Jens", "Stoltenberg", ",", "spoke", ".",
             "Stoltenberg", "said", "that", "it", "rains", ".", "the", "Secretary", "General", "said", "so", "."]
    heads = [1, 6, 1, 4, 1, 1, 6, 6, 9, 9, 12, 12, 9, 9, 16, 16, 17, 17, 17, 17]
    deps = ["compound", "nsubj", "punct", "compound", "appos", "punct", "ROOT", "punct",
            "nsubj", "ROOT", "mark", "nsubj", "ccomp", "punct", "det", "compound", "nsubj", "ROOT", "advmod", "punct"]
    pos = ["PROPN", "PROPN", "PUNCT", "PROPN", "PROPN", "PUNCT", "VERB", "PUNCT", "PROPN", "VERB", "SCONJ", "PRON",
           "VERB", "PUNCT", "DET", "PROPN", "PROPN", "VERB", "ADV", "PUNCT"]
    ents = ["O", "O", "O", "B-PERSON", "I-PERSON", "O", "O", "O", "B-PERSON"] + ["O"] * 11
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos, ents=ents,
              lemmas=[VERB_LEMMAS.get(w, w.lower()) for w in words])
    from stancemap.nlp.attribution import Found
    f1 = Found("ccomp", "indirect", (11, 13), (8, 9), (9, 10), 8)
    f2 = Found("object", "indirect", (18, 19), (14, 17), (17, 18), 16)
    he = Found("ccomp", "indirect", (18, 19), (11, 12), (9, 10), 11)
    names = resolve(doc, [f1, f2])
    assert names == [("Jens Stoltenberg", "person"), ("Jens Stoltenberg", "person")]
    # "it" is not a person: never resolved to one
    assert resolve(doc, [he])[0][0] != "Jens Stoltenberg"


def test_match_does_not_change_the_doc():
    doc = CASES[0].values[0]
    before = [(t.dep_, t.head.i, t.ent_type_) for t in doc]
    match(doc)
    assert [(t.dep_, t.head.i, t.ent_type_) for t in doc] == before


def test_relative_clause_speaker_is_the_noun_after_that_not_that():
    # "the reasons that Trump refuses to release his returns": the parser makes both "that" and "Trump" subjects
    words = ["the", "reasons", "that", "Trump", "refuses", "to", "release", "his", "returns", "."]
    doc = mk(words, [1, 1, 4, 4, 1, 6, 4, 8, 6, 1],
             ["det", "ROOT", "nsubj", "nsubj", "relcl", "aux", "xcomp", "poss", "dobj", "punct"],
             ["DET", "NOUN", "PRON", "PROPN", "VERB", "PART", "VERB", "PRON", "NOUN", "PUNCT"],
             ents=["O", "O", "O", "B-PERSON"] + ["O"] * 6,
             lemmas=["the", "reason", "that", "Trump", "refuse", "to", "release", "his", "return", "."])
    speakers = [s for _, _, s, _, _ in texts(doc, match(doc))]
    assert speakers == ["Trump"]


def test_relative_clause_content_takes_in_the_noun_it_leaves_out():
    # "the target it pledged to reach": what was pledged is to reach the target, so the content begins with it
    words = ["They", "met", "the", "target", "it", "pledged", "to", "reach", "."]
    doc = mk(words, [1, 1, 3, 1, 5, 3, 7, 5, 1],
             ["nsubj", "ROOT", "det", "dobj", "nsubj", "relcl", "aux", "xcomp", "punct"],
             ["PRON", "VERB", "DET", "NOUN", "PRON", "VERB", "PART", "VERB", "PUNCT"],
             lemmas=["they", "meet", "the", "target", "it", "pledge", "to", "reach", "."])
    assert texts(doc, match(doc)) == [("relative", "indirect", "it", "pledged", "the target it pledged to reach")]


def test_relative_pronoun_speaker_leaves_the_content_alone():
    # "Barkley, who said the plan would fail, resigned": "who" is the speaker, nothing is left out
    words = ["Barkley", ",", "who", "said", "the", "plan", "would", "fail", ",", "resigned", "."]
    doc = mk(words, [9, 0, 3, 0, 5, 7, 7, 3, 0, 9, 9],
             ["nsubj", "punct", "nsubj", "relcl", "det", "nsubj", "aux", "ccomp", "punct", "ROOT", "punct"],
             ["PROPN", "PUNCT", "PRON", "VERB", "DET", "NOUN", "AUX", "VERB", "PUNCT", "VERB", "PUNCT"],
             ents=["B-PERSON"] + ["O"] * 10,
             lemmas=["Barkley", ",", "who", "say", "the", "plan", "would", "fail", ",", "resign", "."])
    assert [(r, c) for r, _, _, _, c in texts(doc, match(doc))] == [("ccomp", "the plan would fail")]


def test_adverbial_relative_leaves_the_content_alone():
    # "the interview in which Kim said it rains": the noun is where it was said, not part of what was said
    words = ["the", "interview", "in", "which", "Kim", "said", "it", "rains", "."]
    doc = mk(words, [1, 1, 5, 2, 5, 1, 7, 5, 1],
             ["det", "ROOT", "prep", "pobj", "nsubj", "relcl", "nsubj", "ccomp", "punct"],
             ["DET", "NOUN", "ADP", "PRON", "PROPN", "VERB", "PRON", "VERB", "PUNCT"],
             ents=["O"] * 4 + ["B-PERSON"] + ["O"] * 4)
    assert [(r, c) for r, _, _, _, c in texts(doc, match(doc))] == [("ccomp", "it rains")]
