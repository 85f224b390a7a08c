"""One actor for one entity spelt two ways, never one for two entities (issue 16).

Kinds seen on PolNeAR train articles: an organisation's head before or after its field ("Labor
Department", "Department of Labor"), a joint poll's partners in either order, a short form of a
first name beside the full name with a middle initial ("Ed Rendell", "Edward G. Rendell"), an
abbreviated title or a description glued before a name ("Former AG Mukasey", "Minority Whip Richard J.
Durbin"), and an organisation named without its parent. The sentences are written for these tests.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from stancemap.actors.resolve import resolve_statements, same_person_in_document
from stancemap.models import Statement, TextSpan
from stancemap.names.orgnames import organisation_key, parent_name
from tests.speakers import stored_actors


def _statement(speaker: str, name: str | None = None, kind: str | None = "person") -> Statement:
    return Statement("d", TextSpan(0, 1, "x"), speaker=TextSpan(0, len(speaker), speaker), speaker_name=name or speaker,
                     speaker_type=kind, date=dt.date(2016, 3, 2))


# -- end to end: the pipeline into a store --


def test_a_short_first_name_and_a_surname_join_the_full_name_of_the_article(tmp_path: Path) -> None:
    found = stored_actors(tmp_path, {"tax.txt": (
        "date 2016-03-02\nLeonard E. Burman, the director of the Urban-Brookings Tax Policy Center, said on "
        "Tuesday that the plan would cost $9.5 trillion over a decade. \"The numbers simply do not add up,\" "
        "Burman said.\n\n\"This is a very expensive plan,\" Len Burman said in an interview.\n")})
    assert found == {"tax: Leonard E. Burman": "Leonard E. Burman", "tax: Burman": "Leonard E. Burman",
                     "tax: Len Burman": "Leonard E. Burman"}


def test_an_organisation_spelt_in_two_word_orders_in_two_articles_is_one_actor(tmp_path: Path) -> None:
    found = stored_actors(tmp_path, {
        "monday.txt": "date 2016-06-13\nThe Homeland Security Department said on Monday that it had no "
                      "specific threat against the convention in Cleveland.\n",
        "friday.txt": "date 2016-06-17\nThe Department of Homeland Security said on Friday that it would send "
                      "more officers to Cleveland.\n",
    })
    assert len(set(found.values())) == 1, found


def test_a_registry_organisation_is_found_under_another_word_order(tmp_path: Path) -> None:
    found = stored_actors(tmp_path, {"pentagon.txt": (
        "date 2016-06-14\nThe Defense Department said on Tuesday that it would not take part in the exercise.\n")})
    assert found == {"pentagon: The Defense Department": "US Department of Defense"}


def test_a_short_first_name_with_no_initial_stays_apart_across_articles(tmp_path: Path) -> None:
    found = stored_actors(tmp_path, {
        "union.txt": "date 2016-02-18\n\"I have looked everywhere for a union label,\" said Bob Mason, a retired "
                     "letter carrier who waited in line for an hour.\n",
        "facts.txt": "date 2015-12-12\n\"Facts seem to count for less every year,\" said Robert Mason, a professor "
                     "who studies how rumours spread.\n",
    })
    assert set(found.values()) == {"Bob Mason", "Robert Mason"}


def test_two_committees_and_a_department_of_one_field_stay_apart(tmp_path: Path) -> None:
    found = stored_actors(tmp_path, {"hearing.txt": (
        "date 2016-07-06\nThe Commerce Department said on Tuesday that exports fell. The House Commerce "
        "Committee said it would hold a hearing next week, and the Senate Commerce Committee said it would "
        "ask for the data.\n")})
    assert len(set(found.values())) == 3


# -- the resolver: one document's statements --


@pytest.mark.parametrize("glued, full", [
    ("Former AG Mukasey", "Michael Mukasey"),  # an abbreviated title before the surname
    ("Minority Whip Richard J. Durbin", "Richard J. Durbin"),  # a role written as a name's first words
    ("Actress Rosario Dawson", "Rosario Dawson"),
    ("Adm. Harry B. Harris Jr", "Harry B. Harris Jr"),
])
def test_words_glued_before_a_name_of_the_article_are_dropped(glued: str, full: str) -> None:
    found = resolve_statements([_statement(full), _statement(glued), _statement(full.split()[-1])])
    assert {s.actor for s in found} == {full}


@pytest.mark.parametrize("name, others", [
    ("Bill Clinton", ["Hillary Clinton"]),  # another first name
    ("Donald Trump", ["Donald Trump Jr."]),  # a son
    ("Chris Collins", ["Christine Collins"]),  # a short form the first-name list gives the other gender
    ("Jeb Bush", ["George W. Bush"]),  # a given name missing from the list is no title
    ("Team Trump", ["Donald Trump"]),  # a word before a surname alone is no title
])
def test_two_people_of_one_surname_stay_apart(name: str, others: list[str]) -> None:
    assert same_person_in_document(name, [name, *others]) is None


def test_a_plural_before_a_name_lists_people_and_is_not_dropped() -> None:
    # "Democrats Hillary Clinton, Bernie Sanders and Martin O'Malley spoke": not Clinton's statement alone
    assert same_person_in_document("Democrats Hillary Clinton", ["Hillary Clinton"]) is None


def test_a_lone_surname_of_two_people_stays_unexpanded() -> None:
    found = resolve_statements([_statement("Bill Clinton"), _statement("Chelsea Clinton"), _statement("Clinton")])
    assert found[2].actor not in ("Bill Clinton", "Chelsea Clinton")


def test_an_organisation_named_without_its_parent_is_the_parents_in_the_article() -> None:
    found = resolve_statements([
        _statement("The Urban-Brookings Tax Policy Center", "Urban-Brookings Tax Policy Center", "organisation"),
        _statement("the Tax Policy Center", "Tax Policy Center", "organisation"),
    ])
    assert [s.actor for s in found] == ["Urban-Brookings Tax Policy Center"] * 2


@pytest.mark.parametrize("name, names", [
    ("Judiciary Committee", ["House Judiciary Committee", "Senate Judiciary Committee"]),  # which one?
    ("Green Party", ["Iowa Green Party"]),  # a state's chapter is no parent
    ("members of X Caucus", ["Democratic members of X Caucus"]),  # people, not the caucus
])
def test_no_parent_is_guessed(name: str, names: list[str]) -> None:
    assert parent_name(name, names) is None


@pytest.mark.parametrize("one, other, same", [
    ("Department of Justice", "Justice Department", True),
    ("U.S. Department of Labor", "Labor Department", True),
    ("House Committee on the Judiciary", "House Judiciary Committee", True),
    ("NBC News/Wall Street Journal", "Wall Street Journal/NBC News", True),
    ("Washington Post-ABC News", "ABC News-Washington Post", True),
    ("Justice Department", "Justice Committee", False),
    ("House Judiciary Committee", "Senate Judiciary Committee", False),
    ("Associated Press-GfK", "GfK-Associated Press", False),  # "GfK" alone is no partner's name
    ("Ohio University", "University of Ohio", False),
])
def test_organisation_spellings(one: str, other: str, same: bool) -> None:
    assert (organisation_key(one) == organisation_key(other)) is same
