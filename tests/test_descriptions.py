"""Descriptions and junk speaker spans resolved to the actor the article establishes (issue 16).

Texts are hand-written after error classes read on PolNeAR train articles: a bare
spokesperson, a party description ("the Republican nominee") given a person of the
other party, a poll named in the next sentence, a person's first name or surname
tagged as an organisation, a dateline run into a name, a headline word run into a
name. End to end with the real model; the pure helpers on hand-built Docs.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from stancemap.actors.io import shared_starter_registry
from stancemap.extraction import extract_text
from stancemap.names.antecedents import parties_written_with
from stancemap.nlp.coref_words import word_list
from stancemap.nlp.description_places import in_party
from stancemap.nlp.doc_names import DocNames
from stancemap.nlp.document_entities import trim_headline_entities
from stancemap.nlp.salience import surname
from stancemap.nlp.span_starts import after_dateline
from tests.speakers import actor_of, speaker_actors

_VOCAB = spacy.blank("en").vocab


DATE = "2016-10-01"


@pytest.mark.model
@pytest.mark.parametrize(
    "text, speaker, actor",
    [
        # a bare spokeswoman speaks for the body named just before
        ("The Treasury Department announced new rules on Monday. A spokeswoman said the rules would take effect "
         "in June.", "A spokeswoman", "US Department of the Treasury"),
        # a party description: the person of that party, not the more recent one of the other
        ("Donald Trump spoke in Ohio on Monday. Hillary Clinton answered him in Iowa. "
         "The Republican nominee said the election was rigged.", "The Republican nominee", "Donald Trump"),
        # not the last nominee written with the title, when the text gives that one the other party (dev read)
        ("The race between Republican presidential nominee Donald Trump and Democrat Hillary Clinton goes on. "
         "Clinton spoke in Toledo. The Democratic presidential nominee says every child should have a chance.",
         "The Democratic presidential nominee", "Hillary Clinton"),
        # nor the president the candidate attacked (read on train output)
        ("President Barack Obama announced new actions on guns. Obama said the actions would save lives. Obama "
         "wept. Texas Sen. Ted Cruz says President Barack Obama's new actions on guns are worthless. During a stop "
         "in Iowa, the Republican presidential candidate repeated his promise to repeal them.",
         "the Republican presidential candidate", "Ted Cruz"),
        # a poll named only in the next sentence
        ("Donald Trump leads Hillary Clinton by three points, according to a new poll. "
         "The Morning Consult poll was taken last week.", "a new poll", "Morning Consult"),
        # a poll "by" its issuer
        ("Clinton has at least 723 delegates, according to a count by The Associated Press.",
         "a count", "Associated Press"),
        # a first name alone: the one full name that begins with it
        ("Bernie Sanders spoke in Iowa on Monday. His wife cheered. \u201cWe will win,\u201d Bernie said.",
         "Bernie", "Bernie Sanders"),
        # a dateline run into the name
        ("CLEVELAND - Donald Trump said on Thursday that the country was in danger.",
         "CLEVELAND - Donald Trump", "Donald Trump"),
    ],
)
def test_description_resolves_to_the_actor(text, speaker, actor):
    assert actor_of(text, DATE, speaker) == actor


@pytest.mark.model
@pytest.mark.parametrize(
    "text, speaker, wrong",
    [
        # an occupation nobody was introduced with: not the most salient person
        ("Donald Trump did not answer the question. When the moderator pressed him, he changed the subject. "
         "The moderator said the answer was not clear.", "The moderator", "Donald Trump"),
        # "the Republican candidate" is never the Democrat just named
        ("President Barack Obama announced new gun rules on Tuesday. "
         "The Republican presidential candidate said the rules were worthless.",
         "The Republican presidential candidate", "Barack Obama"),
    ],
)
def test_description_does_not_take_the_salient_person(text, speaker, wrong):
    found = speaker_actors(text, DATE)
    assert found.get(speaker) != wrong, found


def test_a_surname_skips_name_suffixes():
    assert surname("Harry B. Harris Jr.") == "Harris"
    assert surname("Martin Luther King III") == "King"
    assert surname("Cher") == "Cher"


def _doc(words, ents, tags=None, spaces=None):
    return Doc(_VOCAB, words=words, ents=ents, tags=tags, spaces=spaces)


def test_a_first_name_or_surname_alone_is_the_one_full_name():
    doc = _doc(["Bernie", "Sanders", "and", "Harry", "B.", "Harris", "Jr.", "met", "Lou", "Jiwei", "."],
               ["B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "I-PERSON", "I-PERSON", "O", "B-PERSON",
                "I-PERSON", "O"])
    names = DocNames(doc, list(doc.ents))
    assert names.fullest("Bernie") == "Bernie Sanders"
    assert names.fullest("Harris") == "Harry B. Harris Jr."
    assert names.fullest("Lou") == "Lou Jiwei"
    assert names.fullest("Mr") == "Mr"


def test_a_first_name_shared_by_two_people_stays_itself():
    doc = _doc(["Tom", "Ebeling", "and", "Tom", "Hanks", "."],
               ["B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O"])
    assert DocNames(doc, list(doc.ents)).fullest("Tom") == "Tom"


def test_a_dateline_before_a_name_is_cut():
    doc = _doc(["CLEVELAND", "-", "Donald", "Trump", "spoke", "."], ["O"] * 6)
    assert after_dateline(doc, 0, 4) == 2
    doc = _doc(["Bernie", "-", "Sanders", "spoke", "."], ["O"] * 5)
    assert after_dateline(doc, 0, 3) == 0


def test_a_headline_word_before_a_name_is_dropped():
    words = ["Derelict", "Obama", "Skips", "Summit", "Talks", "\n", "Barack", "Obama", "left", "early", "."]
    spaces = [True, True, True, True, False, False, True, True, True, False, False]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "O", "O"]
    tags = ["NNP", "NNP", "VBZ", "NNP", "NNP", "_SP", "NNP", "NNP", "VBD", "RB", "."]
    doc = Doc(_VOCAB, words=words, spaces=spaces, ents=ents, tags=tags, pos=[
        "PROPN", "PROPN", "VERB", "PROPN", "PROPN", "SPACE", "PROPN", "PROPN", "VERB", "ADV", "PUNCT"])
    trimmed = trim_headline_entities(doc, list(doc.ents), shared_starter_registry())
    assert [e.text for e in trimmed] == ["Obama", "Barack Obama"]


def test_party_from_the_registry_or_the_text():
    registry = shared_starter_registry()
    assert in_party(registry, "Barack Obama", "Democratic Party")
    text = "Sen. Jane Roe (R-Ky.) said so."
    assert in_party(registry, "Jane Roe", "Republican Party", parties_written_with(text, 5, "Jane Roe"))
    text = "Sen. Jane Roe (D-Ky.) and Republican Bo Lund said so."
    assert not in_party(registry, "Jane Roe", "Republican Party", parties_written_with(text, 5, "Jane Roe"))
    # the registry's party before the party words near a name
    text = "Republican Donald Trump and Democrat Hillary Clinton met."
    assert not in_party(registry, "Donald Trump", "Democratic Party", parties_written_with(text, 11, "Donald Trump"))


def test_description_word_lists_are_data():
    assert {"spokeswoman", "spokesman"} <= word_list("spokespeople")
    assert {"moderator", "anchor"} <= word_list("introduced_persons")
    assert "results" in word_list("result_heads")


@pytest.mark.model
def test_a_party_description_goes_to_a_member_of_that_party_on_the_documents_date():
    """Donald Trump was a Democrat in 2001-2009: in 2016 "the Democratic presidential nominee" is not him."""
    text = "Donald Trump spoke in Ohio on Friday. The Democratic presidential nominee said she would win Ohio."
    (st,) = [s for s in extract_text(text, date="2016-09-30") if "would win Ohio" in s.content.text]
    assert st.actor != "Donald Trump"


@pytest.mark.model
def test_a_poll_released_by_its_issuer_is_the_issuers_even_when_parsed_under_its_respondents():
    # "a poll of 400 registered Latino voters released on Friday by Latino Decisions": the parser hangs
    # "released by" on "voters" (read on the seventh train gold); "the poll" later is the same one
    text = ("Donald Trump's views have turned off Latino voters, according to a poll of 400 registered Latino "
            "voters released on Friday by Latino Decisions, a research group.\n\nCubans favoured Clinton too, "
            "the poll found.")
    found = speaker_actors(text, DATE)
    assert found.get("the poll") == "Latino Decisions"
