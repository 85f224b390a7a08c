"""Fewer duplicate and junk actors (issue 16): one actor per person, no glued words, the right type.

Short texts modelled on the kinds seen on PolNeAR train articles: a lone surname whose full name
only a headline, a hyphen or a particle gives; words glued before a name; one person spelt with
and without a middle initial in two articles; persons typed organisations and the reverse.
"""

from __future__ import annotations

import datetime as dt

import pytest

from stancemap.actors.io import default_registry
from stancemap.actors.resolve import (
    expand_in_document,
    extends_registry_person,
    is_generic_description,
    names_organisation,
    new_actor,
    resolve_statements,
)
from stancemap.models import Statement, TextSpan
from stancemap.names.textnames import full_name_in_text, names_in_text
from stancemap.store import Store
from tests.speakers import actor_of
from tests.test_store_summary import CODEBOOK, article, check

# -- 1. a lone surname whose full name the text gives where the speaker extraction did not look --


@pytest.mark.parametrize("mention, text, full", [
    ("Richards", "Cecile Richards: 'I Am Sick Of Men Telling Us What To Do'\n\nRichards said so.", "Cecile Richards"),
    ("Mark-Viverito", "Council Speaker Melissa Mark-Viverito spoke. Mark-Viverito said so.", "Melissa Mark-Viverito"),
    ("de Blasio", "Mayor Bill de Blasio intervened. Later de Blasio tweeted.", "Bill de Blasio"),
    ("Wasserman Schultz", "Chair Debbie Wasserman Schultz came. Wasserman Schultz said.", "Debbie Wasserman Schultz"),
    ("Tiegen", "The former operative John \u201cTig\u201d Tiegen agreed. Tiegen said so.", "John Tiegen"),
    ("Paul", "Sen. Rand Paul\u2019s Kentucky supporters left. Paul ended his campaign.", "Rand Paul"),
    ("Comey", "FBI Director James\u00a0Comey spoke. Comey said so.", "James Comey"),
])
def test_a_lone_surname_gets_the_full_name_the_text_gives(mention: str, text: str, full: str) -> None:
    assert full_name_in_text(mention, text) == full


@pytest.mark.parametrize("mention, text", [
    # a headline's capitals are no name unless a first name opens them
    ("Clinton", "Derelict Obama And Clinton Fail Again Today\n\nClinton said so."),
    # two words that open with a first name are a full name, not a surname
    ("Hillary Clinton", "Chelsea Hillary Clinton came. Hillary Clinton said."),
    # a capitalised word before a surname that is no first name is no full name
    ("Wasserman Schultz", "Kentucky Wasserman Schultz came. Wasserman Schultz said."),
    # two people of one surname: no guess
    ("Clinton", "Hillary Clinton and Bill Clinton spoke. Clinton said."),
])
def test_no_full_name_is_guessed(mention: str, text: str) -> None:
    assert full_name_in_text(mention, text) is None


def test_the_headline_name_ends_as_the_speaker_actor() -> None:
    text = ("Ann Kowalczyk: 'We Will Take This Fight State By State'\n\n"
            "The women's rights campaigner spoke on Tuesday in Austin.\n\n"
            "\"We will take this fight state by state,\" Kowalczyk said.")
    assert actor_of(text, "2016-04-08", "Kowalczyk") == "Ann Kowalczyk"


def test_a_hyphenated_surname_joins_the_full_name_of_the_same_article() -> None:
    text = ("City Council Speaker Melissa Mark-Viverito took to the steps of City Hall on Wednesday.\n\n"
            "\"He has not been there for our community,\" Mark-Viverito said.")
    assert actor_of(text, "2016-04-13", "Mark-Viverito") == "Melissa Mark-Viverito"


# -- 2. words glued before or after a name --


def test_an_institution_after_of_is_no_part_of_the_name() -> None:
    text = "Palm Beach County Supervisor of Elections Susan Bucher said voters can't vote. Bucher said so."
    assert "Susan Bucher" in names_in_text(text) and "Elections Susan Bucher" not in names_in_text(text)
    assert full_name_in_text("Bucher", text) == "Susan Bucher"


def test_a_greeting_is_no_part_of_a_name() -> None:
    text = "\u201cHi Americans! Come and live here,\u201d the website reads. Americans may like it."
    assert names_in_text(text) == []
    assert full_name_in_text("Americans", text) is None


def test_a_registry_persons_name_with_a_word_after_it_is_no_actor() -> None:
    registry = default_registry()
    assert extends_registry_person("Donald Trump Wins", registry)
    assert not extends_registry_person("Donald Trump Jr.", registry)
    assert not extends_registry_person("Donald Trump Foundation", registry)
    assert not extends_registry_person("Donald Trump", registry)


def test_a_phrase_whose_only_capital_is_a_date_names_no_one() -> None:
    assert is_generic_description("The April survey")
    assert is_generic_description("Tuesday's poll")
    assert not is_generic_description("May")  # Theresa May
    assert not is_generic_description("April Ryan")


# -- 3. one person under two spellings across documents --


def _names(store: Store) -> dict[str, tuple[str, ...]]:
    return {a.name: a.aliases for a in store.actors()}


def test_a_middle_initial_joins_the_stored_person(store: Store) -> None:
    store.save_codebook(CODEBOOK)
    run = store.begin_run(pipeline_version="t", model="m", codebook_hash="cb1", args={})
    store.save_documents([
        article("d1", [("Lindsey Graham", "Lindsey Graham", "Cruz is lost", ())]),
        article("d2", [("Lindsey O. Graham", "Lindsey O. Graham", "Cruz is a man who is lost", ()),
                       ("Melissa Mark", "Melissa Mark", "the vote matters", ())]),
    ], run)
    later = store.begin_run(pipeline_version="t", model="m", codebook_hash="cb1", args={})
    store.save_documents([article("d3", [("Lindsey Graham", "Lindsey Graham", "no deal", ())])], later)
    stored = _names(store)
    assert "Lindsey O. Graham" not in stored
    assert "Lindsey O. Graham" in stored["Lindsey Graham"]
    assert len(store.statements(actor="Lindsey Graham")) == 3
    check(store)


def test_other_first_names_or_other_initials_stay_apart(store: Store) -> None:
    store.save_codebook(CODEBOOK)
    run = store.begin_run(pipeline_version="t", model="m", codebook_hash="cb1", args={})
    store.save_documents([
        article("d1", [("Bill Clinton", "Bill Clinton", "it is so", ()),
                       ("George W. Bush", "George W. Bush", "we will win", ())]),
        article("d2", [("Hillary Clinton", "Hillary Clinton", "it is not so", ()),
                       ("George H. W. Bush", "George H. W. Bush", "read my lips", ())]),
    ], run)
    later = store.begin_run(pipeline_version="t", model="m", codebook_hash="cb1", args={})
    # "George Bush" could be either of two stored people: it joins neither
    store.save_documents([article("d3", [("George Bush", "George Bush", "no new taxes", ())])], later)
    assert set(_names(store)) == {"Bill Clinton", "Hillary Clinton", "George W. Bush", "George H. W. Bush",
                                  "George Bush"}


# -- 4. persons typed organisations and organisations typed persons --


def _statement(speaker: str, name: str, kind: str | None) -> Statement:
    return Statement("d", TextSpan(0, 1, "x"), speaker=TextSpan(0, len(speaker), speaker), speaker_name=name,
                     speaker_type=kind, date=dt.date(2016, 6, 1))


@pytest.mark.parametrize("speaker, name, typed, kind", [
    ("the foundation", "Clinton Foundation", "person", "organisation"),
    ("The newspaper", "Baton Rouge newspaper", "person", "organisation"),
    ("The dean", "Columbia's Graduate School", "person", "organisation"),
    ("The Junge SVP", "The Junge SVP", "person", "organisation"),
    ("The Advocate", "The Advocate", "person", "organisation"),
    ("Channing D. Phillips", "Channing D. Phillips", "organisation", "person"),
    ("Tiegen", "John Tiegen", "organisation", "person"),
    ("Margaret Court", "Margaret Court", "person", "person"),
    ("Charles III", "Charles III", "person", "person"),
    ("Wells Fargo", "Wells Fargo", "organisation", "organisation"),
])
def test_a_new_actor_is_typed_by_its_own_words(speaker: str, name: str, typed: str, kind: str) -> None:
    assert new_actor(_statement(speaker, name, typed), name).actor_type == kind


def test_organisation_words_that_are_also_surnames_need_more_than_a_first_name() -> None:
    assert names_organisation("Harvard Business School")
    assert not names_organisation("Margaret Court")


def test_a_misspelt_surname_typed_a_place_is_the_person_of_the_article() -> None:
    assert expand_in_document("Bryne", ["Gary Byrne"]) == "Gary Byrne"
    assert expand_in_document("Rubin", ["Marco Rubio"]) is None  # another letter, not two swapped
    assert expand_in_document("Hale", ["Andrew Hale Smith"]) is None
    found = resolve_statements([_statement("Gary Byrne", "Gary Byrne", "person"),
                                _statement("Bryne", "Bryne", "country")])
    assert [(s.actor, s.actor_type) for s in found] == [("Gary Byrne", "person"), ("Gary Byrne", "person")]


def test_a_lone_surname_typed_an_organisation_is_the_registry_person() -> None:
    found = resolve_statements([_statement("Trump", "Trump", "organisation")])
    assert (found[0].actor, found[0].actor_type) == ("Donald Trump", "person")
    twitter = resolve_statements([_statement("Wilayat Twitter", "Wilayat Twitter", "person"),
                                  _statement("Twitter", "Twitter", "organisation")])
    assert twitter[1].actor != "Wilayat Twitter"  # a registry organisation stays one


@pytest.mark.parametrize(
    "name, generic",
    [
        ("POLITICO\u2019s Battleground States average", True),  # someone's something, capitals between
        ("Clarke's new company", True),
        ("Fox News' Sean Hannity", False),  # a name after the possessive
    ],
)
def test_someones_something_is_generic(name, generic):
    assert is_generic_description(name) is generic
