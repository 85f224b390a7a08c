"""The actor registry: loading, validation, and lookup step by step."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
import yaml

from stancemap.actors.io import (
    DEFAULT_REGISTRY,
    default_registry,
    generate_yaml,
    read_registry,
    registry_from_data,
    write_yaml,
)
from stancemap.actors.registry import ActorRegistry, Resolution
from stancemap.actors.roles import Role, Tenure
from stancemap.errors import InputError
from stancemap.models import ACTOR_TYPES, Actor

MAY_2024 = dt.date(2024, 5, 28)


@pytest.fixture(scope="module")
def registry() -> ActorRegistry:
    return default_registry()


def name_of(found: Resolution | None) -> str | None:
    return found.actor.name if found else None


# -- the starter registry -----------------------------------------------------------


def test_starter_registry_loads_with_at_least_100_actors(registry: ActorRegistry) -> None:
    assert len(registry) >= 100
    assert {a.type for a in registry} <= set(ACTOR_TYPES)
    assert sum(a.type == "person" for a in registry) >= 100


def test_starter_registry_affiliations_are_registry_actors(registry: ActorRegistry) -> None:
    for actor in registry:
        if actor.affiliation is not None:
            assert actor.affiliation in registry, actor
            assert registry.get(actor.affiliation).type in ("organisation", "country")


def test_starter_registry_covers_g7_ukraine_russia_heads_and_ministers(registry: ActorRegistry) -> None:
    for title in [
        "US President", "US Secretary of State", "US Secretary of Defense", "UK Prime Minister",
        "UK Foreign Secretary", "UK Defence Secretary", "French President", "French Foreign Minister",
        "French Armed Forces Minister", "German Chancellor", "German Foreign Minister", "German Defence Minister",
        "Italian Prime Minister", "Italian Foreign Minister", "Italian Defence Minister", "Canadian Prime Minister",
        "Canadian Foreign Minister", "Canadian Defence Minister", "Japanese Prime Minister",
        "Japanese Foreign Minister", "Japanese Defence Minister", "President of Ukraine",
        "Ukrainian Foreign Minister", "Ukrainian Defence Minister", "President of Russia",
        "Russian Foreign Minister", "Russian Defence Minister", "NATO Secretary General",
        "High Representative of the Union for Foreign Affairs and Security Policy",
        "President of the European Commission", "President of the European Council", "UN Secretary-General",
    ]:
        assert registry.holder(title, "2024-05-28") is not None, title


@pytest.mark.parametrize(
    ("written", "actor"),
    [
        ("the V.A.", "US Department of Veterans Affairs"),
        ("Department of Veterans Affairs", "US Department of Veterans Affairs"),
        ("the Department of Homeland Security", "US Department of Homeland Security"),
        ("Homeland Security", "US Department of Homeland Security"),
        ("the I.R.S.", "Internal Revenue Service"),
        ("Treasury Department", "US Department of the Treasury"),
        ("C.B.O.", "Congressional Budget Office"),
    ],
)
def test_starter_registry_knows_the_us_federal_departments_and_agencies(
        registry: ActorRegistry, written: str, actor: str) -> None:
    # one actor however the article writes the department, so a corpus does not split it in two
    assert name_of(registry.lookup(written)) == actor


def test_a_bare_treasury_is_not_taken_for_the_us_one(registry: ActorRegistry) -> None:
    assert name_of(registry.lookup("Treasury")) != "US Department of the Treasury"


@pytest.mark.parametrize(
    ("title", "date", "holder"),
    [
        ("US Secretary of State", "2020-06-01", "Mike Pompeo"),
        ("US Secretary of State", "2024-05-28", "Antony Blinken"),
        ("US Secretary of State", "2025-02-01", "Marco Rubio"),
        ("NATO Secretary General", "2024-09-30", "Jens Stoltenberg"),
        ("NATO Secretary General", "2024-10-01", "Mark Rutte"),  # handover day: the incoming holder
        ("EU High Representative", "2024-11-30", "Josep Borrell"),
        ("EU High Representative", "2024-12-01", "Kaja Kallas"),
        ("German Chancellor", "2023-01-01", "Olaf Scholz"),
        ("UK Prime Minister", "2022-10-01", "Liz Truss"),
        ("Russian Defence Minister", "2023-01-01", "Sergei Shoigu"),
        ("Russian Defence Minister", "2024-06-01", "Andrei Belousov"),
    ],
)
def test_starter_roles_by_date(registry: ActorRegistry, title: str, date: str, holder: str) -> None:
    assert registry.holder(title, date).name == holder


def test_default_returns_independent_registries() -> None:
    a, b = default_registry(), default_registry()
    a.add(Actor("Camilla Stoltenberg", "person"))
    assert "Camilla Stoltenberg" in a and "Camilla Stoltenberg" not in b


# -- lookup, step by step -----------------------------------------------------------


@pytest.mark.parametrize(
    ("mention", "actor", "method"),
    [
        ("Josep Borrell", "Josep Borrell", "exact"),
        ("josep borrell", "Josep Borrell", "exact"),
        ("Germany", "Germany", "exact"),
        ("the United States", "United States", "exact"),
        ("the US", "United States", "alias"),
        ("U.S.", "United States", "alias"),
        ("USA", "United States", "alias"),
        ("America", "United States", "alias"),
        ("United States of America", "United States", "alias"),
        ("EU", "European Union", "alias"),
        ("Sergei Lavrov", "Sergey Lavrov", "alias"),
        ("Tony Blinken", "Antony Blinken", "alias"),
    ],
)
def test_exact_and_alias(registry: ActorRegistry, mention: str, actor: str, method: str) -> None:
    found = registry.lookup(mention)
    assert (name_of(found), found.method) == (actor, method)


def test_confidence_falls_with_the_method(registry: ActorRegistry) -> None:
    exact = registry.lookup("Josep Borrell").confidence
    alias = registry.lookup("the US").confidence
    title = registry.lookup("the NATO Secretary General", date=MAY_2024).confidence
    capital = registry.lookup("Kyiv").confidence
    fuzzy = registry.lookup("Anthony Blinkin").confidence
    assert exact > alias > title > capital > fuzzy > 0.5


@pytest.mark.parametrize(
    ("mention", "date", "actor"),
    [
        ("the NATO Secretary General", MAY_2024, "Jens Stoltenberg"),
        ("NATO Secretary General", MAY_2024, "Jens Stoltenberg"),
        ("NATO's Secretary-General", MAY_2024, "Jens Stoltenberg"),
        ("the NATO Secretary General", dt.date(2025, 3, 1), "Mark Rutte"),
        ("the US Secretary of State", MAY_2024, "Antony Blinken"),
        ("the US Secretary of State", dt.date(2025, 3, 1), "Marco Rubio"),
        ("The President of Ukraine", MAY_2024, "Volodymyr Zelenskyy"),
        ("Ukraine's President", MAY_2024, "Volodymyr Zelenskyy"),
        ("The head of the EU foreign policy department", MAY_2024, "Josep Borrell"),
        ("the EU foreign policy chief", dt.date(2025, 1, 15), "Kaja Kallas"),
        ("the German Chancellor", dt.date(2025, 6, 1), "Friedrich Merz"),
        ("the UN Secretary-General", MAY_2024, "António Guterres"),
    ],
)
def test_title_by_date(registry: ActorRegistry, mention: str, date: dt.date, actor: str) -> None:
    found = registry.lookup(mention, date=date)
    assert (name_of(found), found.method) == (actor, "title-by-date")


def test_title_wins_over_a_wrong_type_hint(registry: ActorRegistry) -> None:
    found = registry.lookup("the NATO Secretary General", type_hint="organisation", date=MAY_2024)
    assert name_of(found) == "Jens Stoltenberg"


def test_same_title_on_two_dates_gives_two_holders(registry: ActorRegistry) -> None:
    before = registry.lookup("the NATO Secretary General", date="2024-05-28")
    after = registry.lookup("the NATO Secretary General", date="2024-11-28")
    assert name_of(before) == "Jens Stoltenberg"
    assert name_of(after) == "Mark Rutte"


def test_title_without_date_or_outside_tenures_is_not_resolved(registry: ActorRegistry) -> None:
    assert registry.lookup("the NATO Secretary General") is None
    assert registry.lookup("the NATO Secretary General", date="2000-01-01") is None


@pytest.mark.parametrize(
    ("place", "actor"),
    [
        ("Kyiv", "Ukraine"),
        ("Kiev", "Ukraine"),
        ("Moscow", "Russia"),
        ("the Kremlin", "Russia"),
        ("Kremlin", "Russia"),
        ("Washington", "United States"),
        ("the White House", "United States"),
        ("Berlin", "Germany"),
        ("Paris", "France"),
        ("London", "United Kingdom"),
        ("Beijing", "China"),
        ("Brussels", "European Union"),
    ],
)
def test_capitals_speak_for_their_government(registry: ActorRegistry, place: str, actor: str) -> None:
    found = registry.lookup(place)
    assert (name_of(found), found.method) == (actor, "capital")
    assert found.actor.type in ("country", "organisation")


def test_capital_is_not_a_person(registry: ActorRegistry) -> None:
    assert registry.lookup("Paris", type_hint="person") is None


@pytest.mark.parametrize(
    ("mention", "actor"),
    [
        ("Anthony Blinkin", "Antony Blinken"),
        ("Josep Borell", "Josep Borrell"),
        ("Volodymyr Zelensky", "Volodymyr Zelenskyy"),
        ("Volodymyr Zelenskiy", "Volodymyr Zelenskyy"),
        ("Zelensky", "Volodymyr Zelenskyy"),
        ("Zelenskiy", "Volodymyr Zelenskyy"),
        ("Jens Stoltenburg", "Jens Stoltenberg"),
        ("Boris Johnsen", "Boris Johnson"),
        ("Olaf Sholz", "Olaf Scholz"),
        ("Mark Rutter", "Mark Rutte"),
        ("Untied States", "United States"),
        ("Ukriane", "Ukraine"),
    ],
)
def test_fuzzy_positives(registry: ActorRegistry, mention: str, actor: str) -> None:
    found = registry.lookup(mention)
    assert (name_of(found), found.method) == (actor, "fuzzy")
    assert 0.5 < found.confidence < CONF_ALIAS


CONF_ALIAS = 0.95


@pytest.mark.parametrize(
    "mention",
    [
        "Hunter Biden",  # not Joe Biden
        "Jill Biden",
        "Camilla Stoltenberg",  # not Jens Stoltenberg
        "Michael Johnson",  # neither Boris nor Mike Johnson
        "Johnson",  # two registry Johnsons: ambiguous
        "Stoltenberg Jr",
        "May",  # a common word, not a surname to guess from
        "Austria",  # not Australia, not anything in the registry
        "UK defence ministers",
        "EU defence ministers",
    ],
)
def test_fuzzy_negatives(registry: ActorRegistry, mention: str) -> None:
    found = registry.lookup(mention)
    assert found is None or found.method != "fuzzy", found


def test_different_people_stay_apart_even_when_added(registry: ActorRegistry) -> None:
    reg = default_registry()
    reg.add(Actor("Camilla Stoltenberg", "person", affiliation="Norway"))
    assert name_of(reg.lookup("Camilla Stoltenberg")) == "Camilla Stoltenberg"
    assert name_of(reg.lookup("Jens Stoltenberg")) == "Jens Stoltenberg"
    # a lone surname now belongs to two registry people: ambiguous
    assert reg.lookup("Stoltenberg") is None


def test_lone_surname_only_when_exactly_one_registry_person_has_it(registry: ActorRegistry) -> None:
    found = registry.lookup("Stoltenberg")
    assert (name_of(found), found.method) == ("Jens Stoltenberg", "surname")
    assert registry.lookup("Johnson") is None  # Boris and Mike
    assert registry.lookup("Stoltenberg", type_hint="country") is None


@pytest.mark.parametrize("mention", ["Blair", "Charles", "Gang", "Philippe", "Brown"])
def test_lone_words_that_are_ambiguous_are_not_resolved(registry: ActorRegistry, mention: str) -> None:
    assert registry.lookup(mention) is None


@pytest.mark.parametrize(
    ("mention", "actor"), [("Wallace", "Ben Wallace"), ("Borrell", "Josep Borrell"), ("Blinken", "Antony Blinken")]
)
def test_lone_surnames_of_registry_people(registry: ActorRegistry, mention: str, actor: str) -> None:
    assert name_of(registry.lookup(mention, type_hint="person")) == actor


def test_fuzzy_respects_type(registry: ActorRegistry) -> None:
    assert registry.lookup("Anthony Blinkin", type_hint="country") is None
    assert registry.lookup("Untied States", type_hint="person") is None
    assert name_of(registry.lookup("Untied States", type_hint="organisation")) == "United States"


def test_unknown_names_are_not_resolved(registry: ActorRegistry) -> None:
    for mention in ["Hunter Biden", "some allies", "EU countries", "he", "", "the"]:
        assert registry.lookup(mention) is None, mention


# -- building and validation ---------------------------------------------------------


def test_duplicate_alias_names_both_actors_and_the_file(tmp_path: Path) -> None:
    path = tmp_path / "actors.yaml"
    path.write_text(
        "actors:\n"
        "  - {name: United States, type: country, aliases: [US]}\n"
        "  - {name: Union of Sovereign States, type: organisation, aliases: [U.S.]}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        read_registry(path)
    message = str(info.value)
    assert "United States" in message and "Union of Sovereign States" in message
    assert "'U.S.'" in message and str(path) in message


def test_duplicate_alias_in_memory() -> None:
    reg = ActorRegistry([Actor("Ukraine", "country", aliases=("Kyiv government",))])
    with pytest.raises(InputError, match="'Kyiv government' is claimed by both 'Ukraine' and 'Kyiv City'"):
        reg.add(Actor("Kyiv City", "organisation", aliases=("Kyiv government",)))


def test_same_alias_twice_on_one_actor_is_fine() -> None:
    reg = ActorRegistry([Actor("United States", "country", aliases=("US", "U.S.", "US"))])
    assert name_of(reg.lookup("us")) == "United States"


@pytest.mark.parametrize(
    ("yaml_text", "fragment"),
    [
        ("actors:\n  - {name: X, type: persn}\n", "type 'persn' is not one of person"),
        ("actors:\n  - {name: X, type: person, aliases: US}\n", "`aliases` must be a list"),
        ("actors:\n  - {type: person}\n", "`name` must be a non-empty string"),
        ("actors:\n  - {name: X, type: person}\n  - {name: X, type: person}\n", "'X' is listed twice"),
        ("actors: {name: X}\n", "`actors` must be a list"),
        (
            "actors:\n  - {name: A, type: person}\nroles:\n  - {title: T, holders: [{name: B, start: 2020-01-01}]}\n",
            "holder 'B', who is not in the registry",
        ),
        (
            "actors:\n  - {name: A, type: person}\n  - {name: B, type: person}\n"
            "roles:\n  - {title: T, holders: [{name: A, start: 2020-01-01, end: 2022-01-01},"
            " {name: B, start: 2021-01-01}]}\n",
            "overlaps B",
        ),
        (
            "actors:\n  - {name: A, type: person}\nroles:\n  - {title: T, holders: [{name: A, start: 2020-13-01}]}\n",
            "write dates as YYYY-MM-DD",
        ),
        ("capitals:\n  Kyiv: Ukraine\n", "capital 'Kyiv' stands for 'Ukraine', which is not in the registry"),
        ("actors: [\n", "not valid YAML"),
    ],
)
def test_invalid_registry_files(tmp_path: Path, yaml_text: str, fragment: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_registry(path)
    assert fragment in str(info.value)
    assert str(path) in str(info.value)


def test_missing_file_and_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_registry(tmp_path / "nope.yaml")
    assert info.value.code == "E101"
    other = tmp_path / "actors.txt"
    other.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match=r"\.yaml, \.yml or \.csv"):
        read_registry(other)


def test_csv_registry(tmp_path: Path) -> None:
    path = tmp_path / "actors.csv"
    path.write_text(
        "name,type,aliases,affiliation,reviewed\n"
        "United States,country,US|U.S.|America,,true\n"
        "Antony Blinken,person,Tony Blinken,United States,\n",
        encoding="utf-8",
    )
    reg = read_registry(path)
    assert len(reg) == 2
    assert reg.get("United States").reviewed is True
    assert name_of(reg.lookup("the U.S.")) == "United States"
    assert reg.get("Antony Blinken").affiliation == "United States"


def test_csv_without_name_column(tmp_path: Path) -> None:
    path = tmp_path / "actors.csv"
    path.write_text("actor,kind\nX,person\n", encoding="utf-8")
    with pytest.raises(InputError, match="no `name` column; found actor, kind"):
        read_registry(path)


def test_yaml_round_trip(tmp_path: Path, registry: ActorRegistry) -> None:
    path = tmp_path / "out.yaml"
    write_yaml(registry, path)
    again = read_registry(path)
    assert again.actors == registry.actors
    assert again.roles == registry.roles
    assert again.capitals == registry.capitals
    assert generate_yaml(again) == generate_yaml(registry)


def test_roles_built_in_memory() -> None:
    reg = ActorRegistry(
        [Actor("Jens Stoltenberg", "person"), Actor("Mark Rutte", "person")],
        [
            Role(
                "NATO Secretary General",
                ("NATO chief",),
                (
                    Tenure("Jens Stoltenberg", dt.date(2014, 10, 1), dt.date(2024, 10, 1)),
                    Tenure("Mark Rutte", dt.date(2024, 10, 1)),
                ),
            )
        ],
    )
    assert name_of(reg.lookup("the NATO chief", date=MAY_2024)) == "Jens Stoltenberg"
    assert [r.title for r, _, _ in reg.roles_of("Mark Rutte")] == ["NATO Secretary General"]


def test_registry_from_data_without_source_names_registry() -> None:
    with pytest.raises(InputError, match="^registry actors\\[0\\]"):
        registry_from_data({"actors": [{"name": "X", "type": "thing"}]})


def test_default_registry_file_is_packaged() -> None:
    assert DEFAULT_REGISTRY.is_file()
    assert "Data as of" in DEFAULT_REGISTRY.read_text(encoding="utf-8")


# -- dated affiliations: parties, organisations, offices that speak for a country --------------

DATED = {
    "actors": [
        {"name": "Freedonia", "type": "country"},
        {"name": "Lantern Party", "type": "organisation"},
        {"name": "Kite Party", "type": "organisation"},
        {"name": "Quill for Freedonia", "type": "organisation"},
        {"name": "Ada Quill", "type": "person", "gender": "f",
         "party": [{"name": "Kite Party", "end": "2011-12-31"}, {"name": "Lantern Party", "start": "2012-01-01"}],
         "affiliations": [{"name": "Quill for Freedonia", "start": "2015-06-01", "end": "2016-11-08"}]},
        {"name": "Bo Quill", "type": "person", "affiliation": "Freedonia", "party": "Kite Party"},
    ],
    "roles": [{"title": "President of Freedonia", "speaks_for": "Freedonia",
               "holders": [{"name": "Ada Quill", "start": "2017-01-20", "end": "2021-01-20"}]}],
}


def test_dated_affiliations_from_yaml_data() -> None:
    reg = registry_from_data(DATED)
    days = ("2010-01-01", "2014-01-01", "2016-01-01", "2018-01-01")
    assert [reg.affiliation_at("Ada Quill", day) for day in days] == [
        "Kite Party", "Lantern Party", "Quill for Freedonia", "Freedonia"]
    assert reg.party_at("Ada Quill", "2018-01-01") == "Lantern Party"
    assert reg.gender_of("Ada Quill") == "f"
    # the old single key still works, undated, after the party
    assert reg.affiliation_at("Bo Quill", "2018-01-01") == "Kite Party"
    assert reg.affiliation_at("Bo Quill", None) == "Freedonia"


def test_dated_affiliations_round_trip(tmp_path: Path) -> None:
    reg = registry_from_data(DATED)
    path = tmp_path / "r.yaml"
    write_yaml(reg, path)
    back = read_registry(path)
    for day in ("2010-01-01", "2016-01-01", "2018-01-01"):
        assert back.affiliation_at("Ada Quill", day) == reg.affiliation_at("Ada Quill", day)
    assert back.roles[0].speaks_for == "Freedonia" and back.gender_of("Ada Quill") == "f"
    starter = default_registry()
    again = registry_from_data(yaml.safe_load(generate_yaml(starter)))
    assert again.affiliation_at("Donald Trump", "2016-10-09") == "Republican Party"
    assert again.not_by_surname == starter.not_by_surname


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"affiliations": [{"name": "Freedonia"}]}, "only through an office that speaks for it"),
        ({"party": [{"name": "Kite Party"}, {"name": "Lantern Party", "start": "2012-01-01"}]}, "overlap"),
        ({"party": "Nowhere Party"}, "not an organisation of the registry"),
        ({"gender": "x"}, "must be m or f"),
        ({"party": [{"name": "Kite Party", "start": "2012-13-01"}]}, "YYYY-MM-DD"),
        ({"party": [{"name": "Kite Party", "start": "2012-01-01", "end": "2011-01-01"}]}, "ends"),
        ({"by_surname": "no"}, "true or false"),
    ],
)
def test_dated_affiliation_errors_say_what_to_fix(change: dict, message: str) -> None:
    data = copy.deepcopy(DATED)
    data["actors"][4] = {"name": "Ada Quill", "type": "person", **change}
    with pytest.raises(InputError, match=message):
        registry_from_data(data, source="r.yaml")


def test_a_role_must_speak_for_a_registry_actor() -> None:
    data = copy.deepcopy(DATED)
    data["roles"][0]["speaks_for"] = "Atlantis"
    with pytest.raises(InputError, match="speaks for 'Atlantis', which is not in the registry"):
        registry_from_data(data)


@pytest.mark.parametrize("written, name", [("the AP", "Associated Press"), ("Politifact", "PolitiFact"),
                                           ("Quinnipiac", "Quinnipiac University"), ("Twitter", "Twitter")])
def test_the_starter_registry_knows_the_outlets_and_pollsters_us_news_quotes(written, name):
    from stancemap.actors.io import default_registry

    found = default_registry().lookup(written)
    assert found is not None and (found.actor.name, found.actor.type) == (name, "organisation")
