"""Speaker classes read on the ninth train gold and on dev output (issue 16): a man named two ways beside
women of his surname, a surname the text misspells, unnamed sources of a named organisation, and an
imperative's object the parser made a subject. Hand-built docs for the name rules; end to end with the real
model for the others.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span

from stancemap.nlp.doc_names import DocNames
from stancemap.pipeline import Pipeline
from tests.speakers import speaker_actors

DATE = "2016-05-20"


def test_a_man_named_two_ways_beside_women_of_his_surname_is_one_man_for_he() -> None:
    # "Alan Grayson" and "Alan Mark Grayson" (in a quotation) beside Dena Minning and Lolita Grayson: "he" is
    # the one man, named as the text names him most (read on the ninth train gold, three pronouns)
    words = ["Alan", "Grayson", "spoke", ".", "Alan", "Mark", "Grayson", "lied", ".", "Dena", "Minning", "Grayson",
             "and", "Lolita", "Grayson", "and", "Alan", "Grayson", "met", "."]
    doc = spacy.blank("en")(" ".join(words))
    ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 4, 7, label="PERSON"), Span(doc, 9, 12, label="PERSON"),
            Span(doc, 13, 15, label="PERSON"), Span(doc, 16, 18, label="PERSON")]
    names = DocNames(doc, ents)
    assert names.of_gender("Grayson", "m") == "Alan Grayson"
    assert names.of_gender("Grayson", "f") is None  # two women


def test_a_surname_the_text_misspells_once_is_the_person_it_named_in_full() -> None:
    # "Tyresha McClenney and Bryan Anderson ... McLenney said" (read on dev output); "Giulini" beside "Rudy
    # Giuliani" (train). Not a Census surname ("Anderson" beside "David Andersen"), a short one, nor a plural.
    words = ["Tyresha", "McClenney", "met", "Rudy", "Giuliani", "and", "David", "Andersen", "and", "Hillary",
             "Clinton", "."]
    doc = spacy.blank("en")(" ".join(words))
    ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 3, 5, label="PERSON"), Span(doc, 6, 8, label="PERSON"),
            Span(doc, 9, 11, label="PERSON")]
    names = DocNames(doc, ents)
    assert names.fullest("McLenney") == "Tyresha McClenney"
    assert names.fullest("Giulini") == "Rudy Giuliani"
    assert names.fullest("Anderson") == "Anderson"
    assert names.fullest("Clintons") == "Clintons"


@pytest.mark.model
@pytest.mark.parametrize(
    "text, speaker, actor",
    [
        # a source or operative of a named campaign is the campaign's (read on the fifth and seventh train golds)
        ("Donald Trump spoke in Ohio on Monday. A Trump campaign source said the rally drew 5,000 people.",
         "A Trump campaign source", "Donald J. Trump for President"),
        ("Donald Trump spoke in Ohio on Monday. His operatives said the rally drew 5,000 people.",
         "His operatives", "Donald J. Trump for President"),
        # a party word makes a source a party member, not the party (read on the third train gold)
        ("The committee met on Monday. A Democratic source said the vote would be close.", "A Democratic source",
         None),
        ("The committee met on Monday. Some GOP strategists said the vote would be close.",
         "Some GOP strategists", None),
    ],
)
def test_an_unnamed_source_is_a_named_organisations_never_a_partys(text: str, speaker: str,
                                                                    actor: str | None) -> None:
    assert speaker_actors(text, DATE).get(speaker) == actor


@pytest.mark.model
def test_an_imperatives_object_is_no_speaker_but_an_inverted_subject_is() -> None:
    # "(think Brexit, for example)": the parser made "Brexit" the subject of "think", and "Brexit" became a
    # person (read on dev output); "..., say experts." keeps its speaker
    text = ("Companies may be more inclined to bring money back home rather than risk shifting tax rules in Europe "
            "(think Brexit, for example) and elsewhere. The plan will not work, say tax experts.")
    actors = speaker_actors(text, DATE)
    assert "Brexit" not in actors
    assert "tax experts" in actors


@pytest.mark.model
def test_a_sentence_opening_name_the_parser_made_its_root_is_still_its_subject() -> None:
    # the parser loses the verb's subject after "(R-Calif.), chairman of ...," and "Nunes" becomes the root: he
    # is still the subject "he" points back to, not the earlier speaker (read on the ninth train gold)
    text = ("\u201cOther people who are employees of the State Department might have new hurdles to face,\u201d "
            "Steven Aftergood said.\n\nRep. Devin Nunes (R-Calif.), chairman of the House Intelligence Committee, "
            "didn\u2019t second-guess Comey\u2019s recommendation on prosecution, but he did call for more "
            "accountability. \u201cI hope the irresponsible handling of classified information will be "
            "considered,\u201d he said in a statement.")
    assert speaker_actors(text, DATE).get("he") == "Devin Nunes"


@pytest.mark.model
def test_the_speaker_of_a_quotation_is_not_someone_it_names() -> None:
    # "Donald Trump lost me a long time ago," he said: he is the Republican quoted, not Trump (read on the
    # ninth train gold; on train7 and train8 the same rule fixed two more, and broke one self-reference,
    # "they say Bernie Sanders should drop out," he said)
    text = ("Some Republicans are so opposed to Donald Trump that they are endorsing Hillary Clinton.\nFormer Rep. "
            "Chris Shays (R-Conn.) was pro John Kasich while the Ohio governor was in the running, he said "
            "Wednesday.\n\u201cHillary is my next choice. Not hard to figure out. Donald Trump lost me a long time "
            "ago,\u201d he said.")
    actors = [a for (speaker, a) in _all_speakers(text) if speaker == "he"]
    assert actors and actors[-1] == "Chris Shays"


def _all_speakers(text: str) -> list[tuple[str, str | None]]:
    statements = Pipeline.load().extract(text, date=DATE)
    return [(st.speaker.text, st.actor) for st in statements if st.speaker is not None]
