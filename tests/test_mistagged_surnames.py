"""A surname the small model tags as a nationality or an organisation after the person was named in full.

Read on the train stance gold (``benchmarks/data/polnear_train_stance_gold.jsonl``): a Western Journal story
names "Mark Cuban" (PERSON), then writes "Cuban said ..." seven times, each "Cuban" tagged NORP; all seven
statements had no actor. End to end with the real model, and the rule's limits on hand-built docs.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span

from stancemap.nlp.mistagged_people import people_tagged_otherwise
from tests.speakers import speaker_actors

CUBAN = (
    "Eight years after backing Barack Obama, billionaire Dallas Mavericks owner Mark Cuban is once again sizing "
    "up the presidential field.\n\nIn describing fellow billionaire Donald Trump, Cuban said he sees someone "
    "without the intellectual curiosity needed to serve as commander in chief.\n\nNevertheless, Cuban said that "
    "in a race between Trump and Texas Sen. Ted Cruz, he would support the former."
)


@pytest.mark.model
def test_a_surname_tagged_as_a_nationality_is_the_person_named_in_full():
    found = speaker_actors(CUBAN, "2016-03-14")
    assert found["Cuban"] == "Mark Cuban"


@pytest.mark.model
def test_a_nationality_before_a_noun_stays_a_nationality():
    text = ("Mark Cuban spoke in Austin on Saturday.\n\nCuban officials said on Sunday that the embargo "
            "had hurt the island's economy.")
    assert speaker_actors(text, "2016-03-14").get("Cuban officials") != "Mark Cuban"


def _doc(words: list[str], deps: list[str]) -> spacy.tokens.Doc:
    doc = spacy.blank("en")(" ".join(words))
    for tok, dep in zip(doc, deps, strict=True):
        tok.dep_ = dep
    return doc


def test_only_a_lone_surname_that_heads_its_phrase_is_relabelled():
    doc = _doc(["Mark", "Cuban", "spoke", ".", "Cuban", "said", "so", ".", "Cuban", "officials", "agreed", "."],
               ["compound", "nsubj", "ROOT", "punct", "nsubj", "ROOT", "advmod", "punct", "amod", "nsubj", "ROOT",
                "punct"])
    ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 4, 5, label="NORP"), Span(doc, 8, 9, label="NORP")]
    assert [(e.text, e.start, e.label_) for e in people_tagged_otherwise(doc, ents)] == [
        ("Mark Cuban", 0, "PERSON"), ("Cuban", 4, "PERSON"), ("Cuban", 8, "NORP")]


def test_a_place_or_a_word_no_person_ends_with_keeps_its_label():
    doc = _doc(["George", "Washington", "spoke", ".", "Washington", "said", "no", ".", "Cuban", "said", "yes", "."],
               ["compound", "nsubj", "ROOT", "punct", "nsubj", "ROOT", "advmod", "punct", "nsubj", "ROOT", "advmod",
                "punct"])
    ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 4, 5, label="GPE"), Span(doc, 8, 9, label="NORP")]
    assert [e.label_ for e in people_tagged_otherwise(doc, ents)] == ["PERSON", "GPE", "NORP"]
