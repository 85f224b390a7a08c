"""Recall rules for sources no cue verb introduces (nlp/attribution_sources.py), on hand-written text.

Each case is parsed with the default pipeline, as the product does (line breaks start
sentences), and the attributions found are compared as (rule, speaker, cue, content) texts.
"""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.vocab import Vocab

from stancemap.nlp import load_pipeline
from stancemap.nlp.attribution import match
from stancemap.nlp.extract import prepare


def found(text: str) -> list[tuple[str, str | None, str | None, str]]:
    nlp = load_pipeline()
    doc = nlp(prepare(nlp, text))
    return [(f.rule,
             doc[f.speaker[0]:f.speaker[1]].text if f.speaker else None,
             doc[f.cue[0]:f.cue[1]].text if f.cue else None,
             doc[f.content[0]:f.content[1]].text) for f in match(doc)]


def by_rule(text: str, rule: str) -> list[tuple[str | None, str | None, str]]:
    return [(speaker, cue, content) for r, speaker, cue, content in found(text) if r == rule]


# --------------------------------------------------------------------------- colon


def test_headline_name_parsed_as_noun_is_a_speaker_when_the_article_names_it():
    text = ("Whitlock: Farm Subsidies Are Here To Stay.\n\n"
            "Senator Dana Whitlock told farmers that subsidies would stay.")
    assert ("Whitlock", ":", "Farm Subsidies Are Here To Stay") in by_rule(text, "colon")


def test_headline_word_the_article_never_names_is_no_speaker():
    text = "Hendricks: The Senate Has Lost Its Nerve.\n\nThe column ran on Sunday."
    assert by_rule(text, "colon") == []


def test_label_before_a_colon_is_no_speaker():
    assert by_rule("Update: The bridge has reopened to traffic.", "colon") == []


def test_colon_ending_its_sentence_introduces_the_rest_of_the_line():
    text = "Mark Ellison: And So It Begins Again.\n\nEllison wrote the column."
    assert by_rule(text, "colon") == [("Mark Ellison", ":", "And So It Begins Again")]


def test_headline_name_with_an_addressee():
    text = "Ellison to Farmers: The Subsidy Stays.\n\nEllison spoke in Iowa."
    assert by_rule(text, "colon") == [("Ellison", ":", "The Subsidy Stays")]


def test_name_after_a_dash_before_a_quotation():
    text = "WHY TURNOUT MATTERS - More from Lee Park: “Young voters stayed home in large numbers this spring.”"
    assert by_rule(text, "colon") == [
        ("Lee Park", ":", "“Young voters stayed home in large numbers this spring.”")]


# --------------------------------------------------------------------------- as


def test_as_someone_put_it_with_a_quotation():
    text = "As Senator Dana Ortiz put it, “The budget is a moral document.”"
    assert by_rule(text, "as") == [("Dana Ortiz", "put it", "“The budget is a moral document.”")]


def test_as_someone_noted_reports_the_host_clause():
    text = "The bridge will close for repairs, as the mayor noted on Tuesday."
    assert by_rule(text, "as") == [("the mayor", "noted", "The bridge will close for repairs")]


def test_as_someone_spoke_is_a_time_not_an_attribution():
    assert found("As the governor spoke, protesters gathered outside the building.") == []


def test_a_comparison_leaves_out_what_is_claimed():
    """"as wealthy as he claims to be", "higher than she said they would be": the clause of the comparison leaves its
    content out, so no statement comes of it (the reporting "as the mayor noted" still does)."""
    assert found("The senator is not as wealthy as he claims to be.") == []
    assert found("Fees are higher than the mayor said they would be.") == []
    assert found("Taxes rose more than the senator predicted.") == []
    assert by_rule("Fees will rise, as the mayor said.", "as") == [("the mayor", "said", "Fees will rise")]


# --------------------------------------------------------------------------- poll


def test_poll_in_an_in_phrase_is_the_source_of_its_clause():
    text = "Ortiz leads the field with 31 percent in a new Marist survey released Tuesday."
    assert by_rule(text, "poll") == [("a new Marist survey", "in", "Ortiz leads the field with 31 percent")]


def test_opening_in_the_poll_phrase():
    text = "In the Quinnipiac poll, her lead over Lee narrowed to four points."
    assert by_rule(text, "poll") == [("the Quinnipiac poll", "In", "her lead over Lee narrowed to four points")]


def test_generic_polls_are_no_source():
    assert found("Ortiz has gained ground in the polls.") == []


# --------------------------------------------------------------------------- according, misparsed clause


def test_according_to_an_abbreviation_at_the_end_of_a_paragraph():
    text = "The old terminal may be used again next year, according to the F.A.A.\n\nAirlines have not commented."
    assert ("according", "the F.A.A.", "according to", "The old terminal may be used again next year") in found(text)


def test_headline_clause_misread_as_an_xcomp_is_still_reported():
    # the parse the small model gives a headline like this: the clause hangs on "admits" as an xcomp
    words = ["Ortiz", "admits", "the", "plan", "did", "n't", "work", "."]
    doc = Doc(Vocab(), words=words, heads=[1, 1, 3, 4, 6, 4, 1, 1],
              deps=["nsubj", "ROOT", "det", "nsubj", "aux", "neg", "xcomp", "punct"],
              pos=["PROPN", "VERB", "DET", "NOUN", "AUX", "PART", "VERB", "PUNCT"],
              lemmas=["Ortiz", "admit", "the", "plan", "do", "not", "work", "."], sent_starts=[1] + [0] * 7)
    assert [(f.rule, doc[f.speaker[0]:f.speaker[1]].text, doc[f.content[0]:f.content[1]].text)
            for f in match(doc)] == [("ccomp", "Ortiz", "the plan did n't work")]


def test_dateline_is_not_the_speaker():
    text = "LONDON (AP) — Senator Ann Roe said on Tuesday that the vote was a warning."
    assert ("ccomp", "Ann Roe", "said", "the vote was a warning") in found(text)


def test_time_clause_before_the_cue_is_not_its_content():
    text = ("In remarks made soon after the senator quit the race, Lee said he’s sure the party will stay "
            "“united and strong.”")
    assert [(r, speaker, content) for r, speaker, _, content in found(text)] == [
        ("ccomp", "Lee", "he’s sure the party will stay “united and strong.”")]


def test_a_verb_cue_and_a_noun_cue_of_one_speech_act_make_one_statement():
    # "references" (verb cue, its object the content) and "criticism" (noun cue stretched over the verb) overlap:
    # one speaker, one act; two statements would count it twice in a network
    text = "The ad then references FBI criticism of Clinton's use of a private email system."
    statements = [(speaker, content) for _, speaker, _, content in found(text)]
    assert statements == [("The ad", "FBI criticism of Clinton's use of a private email system")]
