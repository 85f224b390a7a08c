"""Name normalisation and surnames (stancemap.names.normalise)."""

from __future__ import annotations

import doctest

import pytest

import stancemap.actors.io
import stancemap.actors.registry
import stancemap.actors.resolve
import stancemap.actors.roles
import stancemap.names.mentions
import stancemap.names.normalise
import stancemap.names.similarity
from stancemap.names.normalise import clean_display, given_names, is_pronoun, normalise, surname


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("the US", "us"),
        ("the U.S.", "us"),
        ("U.S.", "us"),
        ("Ukraine's", "ukraine"),
        ("allies'", "allies"),
        ("Mr. Josep  Borrell", "josep borrell"),
        ("Dr Volker Türk", "volker turk"),
        ("the Rev. Al Sharpton", "al sharpton"),  # religious titles too (issue 16: "Pastor Joseph Brown")
        ("Pastor Joseph Brown", "joseph brown"),
        ("President Zelenskyy", "zelenskyy"),
        ("US Secretary of State Antony Blinken", "antony blinken"),
        ("NATO Secretary General Jens Stoltenberg", "jens stoltenberg"),
        ("Ukraine's Foreign Minister Dmytro Kuleba", "dmytro kuleba"),
        ("EU foreign policy chief Josep Borrell", "josep borrell"),
        ("Secretary-General António Guterres", "antonio guterres"),
        ("Élisabeth Borne", "elisabeth borne"),
        ("Radosław Sikorski", "radoslaw sikorski"),
        ("Jean-Yves Le Drian", "jean yves le drian"),
        # titles that name a role, not a person, are kept
        ("the NATO Secretary General", "nato secretary general"),
        ("The President of Ukraine", "president of ukraine"),
        ("the US Secretary of State", "us secretary of state"),
        ("President", "president"),
        # groups are not touched beyond case and determiners
        ("EU defence ministers", "eu defence ministers"),
        ("", ""),
        ("  ", ""),
    ],
)
def test_normalise(name: str, key: str) -> None:
    assert normalise(name) == key


def test_normalise_keeps_titles_when_asked() -> None:
    assert normalise("US Secretary of State Antony Blinken", titles=False) == "us secretary of state antony blinken"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Josep Borrell", "borrell"),
        ("Ursula von der Leyen", "von der leyen"),
        ("Jean-Yves Le Drian", "le drian"),
        ("Charles Q. Brown Jr.", "brown"),
        ("Zelenskyy's", "zelenskyy"),
        ("Borrell", "borrell"),
        ("President Joe Biden", "biden"),
        ("Ben Wallace", "wallace"),
        ("Al Gore", "gore"),
    ],
)
def test_surname(name: str, expected: str) -> None:
    assert surname(name) == expected


def test_given_names() -> None:
    assert given_names("Hunter Biden") == "hunter"
    assert given_names("Ursula von der Leyen") == "ursula"
    assert given_names("Borrell") == ""


@pytest.mark.parametrize("word", ["he", "He", "she", "they", "They", "it", "we", "I", "who"])
def test_pronouns(word: str) -> None:
    assert is_pronoun(word)


@pytest.mark.parametrize("word", ["US", "Kyiv", "Borrell", "the US", "EU defence ministers"])
def test_not_pronouns(word: str) -> None:
    assert not is_pronoun(word)


def test_clean_display_keeps_case_and_accents() -> None:
    assert clean_display("the EU defence ministers,") == "EU defence ministers"
    assert clean_display("Élisabeth Borne’s") == "Élisabeth Borne"
    assert clean_display("The head of the EU") == "head of the EU"


@pytest.mark.parametrize(
    "module",
    [
        stancemap.names.normalise,
        stancemap.actors.roles,
        stancemap.names.similarity,
        stancemap.names.mentions,
        stancemap.actors.registry,
        stancemap.actors.io,
        stancemap.actors.resolve,
    ],
)
def test_docstring_examples_run(module: object) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
