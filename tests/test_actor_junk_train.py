"""No junk actors, one actor per real entity (issue 16): causes seen on a sample of PolNeAR train articles.

A word that opens a sentence glued to the name after it ("Outside Carrier's plant"), a headline's word
before a registry organisation ("Will Twitter Be Next?"), records that speak for no one ("according to
FEC filings"), a negated quantifier ("no Republicans"), a byline's possessive ("Editor's Note"), a quoted
title cut short, a nationality's police read as a city's, a programme or website typed a person, a person
typed a group, a newspaper's title that lost its "The", and a group's wider group kept as its alias. The
sentences are written for these tests.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from stancemap.actors.resolve import guess_type, resolve_statements
from stancemap.models import Statement, TextSpan
from stancemap.names.mentions import core_name
from stancemap.store.actor_rows import alias_candidates
from tests.speakers import stored_actors


def _statement(speaker: str, name: str | None = None, kind: str | None = "person") -> Statement:
    return Statement("d", TextSpan(0, 1, "x"), speaker=TextSpan(0, len(speaker), speaker), speaker_name=name or speaker,
                     speaker_type=kind, date=dt.date(2016, 6, 17))


def _actor(speaker: str, name: str | None = None, kind: str | None = "person") -> tuple[str | None, str | None]:
    found = resolve_statements([_statement(speaker, name, kind)])[0]
    return found.actor, found.actor_type


# -- end to end: a sentence's opening word is no part of the name after it --


def test_a_preposition_opening_a_sentence_is_not_glued_to_the_company(tmp_path: Path) -> None:
    found = stored_actors(tmp_path, {"plant.txt": (
        "date 2016-03-21\nOutside Carrier's plant in Monterrey, new hires start at lower wages. Carrier has said "
        "it will repay the state's grants if it does not keep its promises.\n")})
    assert found == {"plant: Carrier": "Carrier"}


def test_new_opening_a_sentence_stays_in_the_place_name(tmp_path: Path) -> None:
    found = stored_actors(tmp_path, {"radio.txt": (
        "date 2016-01-23\nNew Hampshire Public Radio asked the candidate on Friday how voters should view "
        "her speaking fees.\n")})
    assert list(found.values()) == ["New Hampshire Public Radio"]


# -- the resolver on hand-built statements --


def test_a_headline_word_before_a_registry_organisation_is_dropped() -> None:
    assert _actor("Twitter", "Will Twitter") == ("Twitter", "organisation")


def test_a_person_not_in_the_registry_keeps_the_full_name_of_the_article() -> None:
    assert _actor("Mitchell", "Derek Mitchell") == ("Derek Mitchell", "person")


@pytest.mark.parametrize("speaker, name, kind", [
    ("FEC filings", "FEC filings", "group"),           # records, not people
    ("court records", "court records", None),
    ("no Republicans", "no Republicans", "group"),     # a negated quantifier
    ("Editor\u2019s Note", "\u2019s Note", "person"),  # a byline's possessive
    ('the "Medicare', 'the "Medicare', "organisation"),  # a quoted title cut short
])
def test_junk_speakers_get_no_actor(speaker: str, name: str, kind: str | None) -> None:
    assert _actor(speaker, name, kind) == (None, None)


def test_a_nationalitys_police_is_no_citys_department() -> None:
    assert core_name("Brazilian police") == "Brazilian police"
    assert core_name("the Tulsa police") == "Tulsa Police Department"


@pytest.mark.parametrize("speaker, name, kind, expected", [
    ("EU Member States", "EU Member States", None, ("EU Member States", "group")),
    ("Vermont Edition", "Vermont Edition", "person", ("Vermont Edition", "organisation")),
    ("Western Journalism", "Western Journalism", None, ("Western Journalism", "organisation")),
    ("Roman Smbatyan", "Roman Smbatyan", "group", ("Roman Smbatyan", "person")),
    ("The Hill", "Hill", "organisation", ("The Hill", "organisation")),
    ("Georgia Walsh", "Georgia Walsh", "person", ("Georgia Walsh", "person")),     # a first name that is a place
    ("Young Democrats", "Young Democrats", "group", ("Young Democrats", "group")),
    ("the American Legion", "the American Legion", "organisation", ("American Legion", "organisation")),
    ("Democrats", "Virginia Democrats", "group", ("Virginia Democrats", "group")),  # a place's party, no person
])
def test_new_actors_are_named_and_typed_by_their_own_words(
        speaker: str, name: str, kind: str | None, expected: tuple[str, str]) -> None:
    assert _actor(speaker, name, kind) == expected


def test_a_capitalised_plural_of_people_is_a_group() -> None:
    assert guess_type("G7 Foreign Ministers") == "group"
    assert guess_type("Camilla Stoltenberg") == "person"


def test_a_wider_group_is_no_alias_of_a_group() -> None:
    st = _statement("Democrats", "Senate Democrats", "group").with_(actor="Senate Democrats", actor_type="group")
    assert alias_candidates(st) == []
    person = _statement("Tester", "Jon Tester").with_(actor="Jon Tester", actor_type="person")
    assert alias_candidates(person) == ["Tester"]


def test_a_first_name_is_the_full_name_the_possessive_also_gives(tmp_path: Path) -> None:
    found = stored_actors(tmp_path, {"melania.txt": (
        "date 2016-09-16\nHold Melania Trump to her husband's standards.\n\nSeveral weeks ago, Donald Trump "
        "stated that Melania would discuss her immigration history. Now Melania seems to have vanished from the "
        "campaign trail. Melania Trump's story would be the story of many immigrants.\n")})
    assert found.get("melania: Donald Trump") == "Donald Trump"
    assert {actor for speaker, actor in found.items() if speaker.endswith(": Melania")} == {"Melania Trump"}
