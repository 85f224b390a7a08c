"""Affiliations that mean something: parties and offices by date, parties stated in the text."""

from __future__ import annotations

import datetime as dt

import pytest

from stancemap.actors.affiliations import INDEPENDENT, find_party_mentions, party_in_text
from stancemap.actors.io import default_registry
from stancemap.actors.registry import ActorRegistry
from stancemap.actors.resolve import resolve_statements
from stancemap.analysis.affiliation import affiliation_for, affiliation_resolver
from stancemap.models import Actor, Statement, TextSpan

R, D = "Republican Party", "Democratic Party"


@pytest.fixture(scope="module")
def registry() -> ActorRegistry:
    return default_registry()


# -- the text: "Sen. X (R-Ohio)", "Democrat X", "X, a Republican," ---------------------------


@pytest.mark.parametrize(
    ("text", "name", "party", "evidence", "form", "state"),
    [
        ("Sen. Rob Portman (R-Ohio) said he would not.", "Rob Portman", R, "Rob Portman (R-Ohio)", "code", "Ohio"),
        ("Rep. Adam Schiff, D-Calif., told reporters", "Adam Schiff", D, "Adam Schiff, D-Calif.", "code", "Calif."),
        ("Sen. Chuck Schumer (D-N.Y.) said", "Chuck Schumer", D, "Chuck Schumer (D-N.Y.)", "code", "N.Y."),
        ("Sen. Bernie Sanders (I-Vt.) said", "Bernie Sanders", INDEPENDENT, "Bernie Sanders (I-Vt.)", "code", "Vt."),
        ("House Speaker Paul D. Ryan (R-Wis.) said", "Paul Ryan", R, "Paul D. Ryan (R-Wis.)", "code", "Wis."),
        ("Democrat Hillary Clinton said on Monday", "Hillary Clinton", D, "Democrat Hillary Clinton", "before", None),
        ("Republican senator Marco Rubio said", "Marco Rubio", R, "Republican senator Marco Rubio", "before", None),
        ("Republican Sen. Ted Cruz of Texas said", "Ted Cruz", R, "Republican Sen. Ted Cruz", "before", None),
        ("GOP presidential nominee Donald Trump said", "Donald Trump", R,
         "GOP presidential nominee Donald Trump", "before", None),
        ("Clinton's Republican rival Donald Trump's campaign said", "Donald Trump", R,
         "Republican rival Donald Trump", "before", None),
        ("Libertarian Gary Johnson said", "Gary Johnson", "Libertarian Party", "Libertarian Gary Johnson", "before",
         None),
        ("Rob Portman, a Republican, said", "Rob Portman", R, "Rob Portman, a Republican", "apposition", None),
        ("Ted Cruz, a Texas Republican, said", "Ted Cruz", R, "Ted Cruz, a Texas Republican", "apposition", None),
        ("Tim Kaine, the Democratic vice presidential nominee, said", "Tim Kaine", D,
         "Tim Kaine, the Democratic", "apposition", None),
    ],
)
def test_party_mentions(text, name, party, evidence, form, state):
    (found,) = find_party_mentions(text, name)
    assert (found.party, found.evidence, found.form, found.state) == (party, evidence, form, state)
    assert text[found.start:found.end] == evidence
    assert name.split()[-1] in text[found.name_start:found.name_end]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Democratic voters were angry.", "Hillary Clinton"),
        ("The Republican nominee said he would win.", "Donald Trump"),
        ("Democrat Hillary Clinton debated Donald Trump.", "Donald Trump"),  # the party is another person's
        ("Republican attacks on Hillary Clinton grew.", "Hillary Clinton"),
        ("Democrats Hillary Clinton and Bernie Sanders met.", "Bernie Sanders"),  # plural, not read
        ("Mike Pence, a critic of the Republican platform, said", "Mike Pence"),
        ("Michael Bloomberg, a former Republican, said", "Michael Bloomberg"),
        ("former Republican Michael Bloomberg said", "Michael Bloomberg"),
        ("Donald Trump Jr. (R) was there", "Donald Trump"),  # another name that starts the same
        ("Paul Ryanson (R-Wis.) said", "Paul Ryan"),
        ("An independent investigation by James Comey found", "James Comey"),
        ("", "Donald Trump"),
    ],
)
def test_party_mentions_that_must_yield_nothing(text, name):
    assert find_party_mentions(text, name) == []


def test_surname_alone_only_when_asked():
    text = "Republican Sen. Portman said"
    assert find_party_mentions(text, "Rob Portman") == []
    assert [m.party for m in find_party_mentions(text, "Rob Portman", surname=True)] == [R]


def test_party_in_text_needs_one_answer():
    assert party_in_text("Sen. Rob Portman (R-Ohio) ... Rob Portman, a Republican,", "Rob Portman") == R
    assert party_in_text("Sen. Bernie Sanders (I-Vt.) ... Democrat Bernie Sanders", "Bernie Sanders") is None
    assert party_in_text("Nothing here.", "Bernie Sanders") is None


def test_empty_name_is_an_error():
    with pytest.raises(ValueError, match="empty name"):
        find_party_mentions("text", " ")


# -- the registry: parties, offices and organisations by date ----------------------------------


@pytest.mark.parametrize(
    ("name", "date", "affiliation"),
    [
        ("Donald Trump", "2016-10-09", R),  # a candidate: his party
        ("Donald Trump", "2017-01-19", R),
        ("Donald Trump", "2017-01-20", "United States"),  # inauguration day: the incoming President
        ("Donald Trump", "2021-06-01", R),
        ("Donald Trump", "2005-01-01", D),
        ("Barack Obama", "2016-10-09", "United States"),
        ("Barack Obama", "2017-01-20", D),  # out of office on the handover day
        ("Hillary Clinton", "2016-10-09", D),
        ("Hillary Clinton", "2011-06-01", "United States"),  # Secretary of State
        ("Bernie Sanders", "2016-03-01", D),
        ("Bernie Sanders", "2017-03-01", None),  # an independent again
        ("Mike Pence", "2016-10-04", R),
        ("Mike Pence", "2017-06-01", "United States"),
        ("Kellyanne Conway", "2016-09-01", "Donald J. Trump for President"),
        ("Kellyanne Conway", "2017-03-01", "United States"),
        ("Kellyanne Conway", "2021-03-01", R),
        ("Robby Mook", "2016-05-01", "Hillary for America"),
        ("Reince Priebus", "2016-05-01", "Republican National Committee"),
        ("Reince Priebus", "2017-03-01", "United States"),
        ("Debbie Wasserman Schultz", "2016-05-01", "Democratic National Committee"),
        ("Debbie Wasserman Schultz", "2016-08-15", D),
        ("Donna Brazile", "2016-10-01", "Democratic National Committee"),
        ("James Comey", "2016-10-28", "FBI"),
        ("James Comey", "2018-01-01", None),
        ("Paul Ryan", "2016-10-09", R),  # the Speaker does not speak for the country
        ("Gary Johnson", "2016-09-01", "Libertarian Party"),
        ("Gary Johnson", "2010-09-01", R),
        ("Jill Stein", "2016-09-01", "Green Party of the United States"),
        ("Ben Carson", "2017-06-01", "United States"),
        # the example article's actors, and other countries' people with the old undated key
        ("Antony Blinken", "2024-05-28", "United States"),
        ("Jens Stoltenberg", "2024-05-28", "NATO"),
        ("Josep Borrell", "2024-05-28", "European Union"),
        ("Volodymyr Zelenskyy", "2024-05-28", "Ukraine"),
        ("Kaja Kallas", "2022-03-01", "Estonia"),  # Estonian Prime Minister then
        ("Kaja Kallas", "2025-03-01", "European Union"),
    ],
)
def test_affiliation_at(registry, name, date, affiliation):
    assert registry.affiliation_at(name, date) == affiliation


def test_undated_affiliation_is_the_old_key_or_the_only_party(registry):
    assert registry.affiliation_at("Jens Stoltenberg", None) == "NATO"
    assert registry.affiliation_at("Hillary Clinton", None) == D
    assert registry.affiliation_at("Donald Trump", None) is None  # two parties over time
    assert registry.affiliation_at("Nobody Known", "2016-01-01") is None


def test_party_at_and_office_at(registry):
    assert registry.party_at("Donald Trump", dt.date(2017, 6, 1)) == R  # the party holds in office too
    assert registry.party_at("Donald Trump", "2011-12-31") is None
    assert registry.office_at("Donald Trump", "2016-10-09") is None
    assert registry.office_at("Donald Trump", "2017-06-01").title == "US President"
    assert registry.affiliation_at("Trump", "2016-10-09") is None  # canonical names and aliases only
    assert registry.affiliation_at("Donald J. Trump", "2016-10-09") == R


def test_no_us_politician_is_affiliated_to_the_country_without_an_office(registry):
    people = [a for a in registry if a.type == "person" and registry.affiliation_at(a.name, "2016-10-09")]
    wrong = [a.name for a in people if registry.affiliation_at(a.name, "2016-10-09") == "United States"
             and registry.office_at(a.name, "2016-10-09") is None]
    assert wrong == ["John Kirby", "Steve Witkoff", "Keith Kellogg"]  # no office listed for them yet: old key


def test_genders_of_2016_people(registry):
    assert [registry.gender_of(n) for n in ("Hillary Clinton", "Donald Trump", "Kellyanne Conway", "Huma Abedin",
                                             "Michelle Obama", "Barack Obama")] == ["f", "m", "f", "f", "f", "m"]
    assert registry.gender_of("Jens Stoltenberg") is None  # not recorded


@pytest.mark.parametrize(
    ("mention", "person"),
    [("Obama", "Barack Obama"), ("Mr. Obama", "Barack Obama"), ("Mrs. Obama", "Michelle Obama"),
     ("Mrs. Clinton", "Hillary Clinton"), ("Clinton", "Hillary Clinton"), ("Sanders", "Bernie Sanders"),
     ("Priebus", "Reince Priebus"), ("Abedin", "Huma Abedin")],
)
def test_lone_surnames_of_2016(registry, mention, person):
    found = registry.lookup(mention, date="2016-10-09")
    assert found is not None and found.actor.name == person


def test_a_title_of_the_other_gender_rules_a_person_out(registry):
    assert registry.lookup("Mrs. Sanders", date="2016-10-09") is None
    assert registry.lookup("Miller", date="2016-10-09") is None  # Jason Miller is not named by "Miller" alone


@pytest.mark.parametrize(
    ("mention", "date", "holder"),
    [("Governor of Ohio", "2016-03-01", "John Kasich"), ("DNC chairwoman", "2016-05-01", "Debbie Wasserman Schultz"),
     ("DNC chair", "2016-10-01", "Donna Brazile"), ("RNC chairman", "2016-10-01", "Reince Priebus"),
     ("White House chief of staff", "2017-03-01", "Reince Priebus"),
     ("the Clinton campaign", None, "Hillary for America"),
     ("Trump campaign", None, "Donald J. Trump for President")],
)
def test_2016_titles_and_campaigns(registry, mention, date, holder):
    found = registry.lookup(mention, date=date)
    assert found is not None and found.actor.name == holder


# -- resolution and the timeline's line ------------------------------------------------------


def _statement(mention: str, day: dt.date | None) -> Statement:
    return Statement("d", TextSpan(0, 1, "x"), speaker=TextSpan(0, len(mention), mention), speaker_name=mention,
                     date=day)


def test_resolution_sets_the_affiliation_of_the_day(registry):
    out = resolve_statements(
        [_statement("Donald Trump", dt.date(2016, 10, 9)), _statement("Donald Trump", dt.date(2017, 3, 1)),
         _statement("Antony Blinken", dt.date(2024, 5, 28)), _statement("Kellyanne Conway", dt.date(2016, 9, 1)),
         _statement("Jens Stoltenberg", None)],
        registry,
    )
    assert [s.actor_affiliation for s in out] == [
        R, "United States", "United States", "Donald J. Trump for President", "NATO"]


def test_affiliation_for_the_timeline(registry):
    assert affiliation_for("Donald Trump", dt.date(2016, 10, 9), registry=registry) == R
    assert affiliation_for("Donald Trump", dt.date(2017, 3, 1), registry=registry) == "United States"
    # an actor the registry does not know: the stored record's affiliation
    records = [Actor("Ada Quill", affiliation="Lantern Party"), Actor("donald trump")]
    assert affiliation_for("ada quill", None, registry=registry, actors=records) == "Lantern Party"
    assert affiliation_for("Nobody", None, registry=registry, actors=records) is None
    at = affiliation_resolver(registry, records)
    assert at("Donald Trump", dt.date(2016, 10, 9)) == R and at("Ada Quill", None) == "Lantern Party"
