"""Importing registries (YAML, CSV, Wikidata JSON) into the store's curation, and exporting them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from stancemap.actors.io import generate_csv, read_registry, read_wikidata, registry_from_csv, write_csv, write_yaml
from stancemap.actors.wikidata import wikidata_time, wikidata_to_data
from stancemap.curation import import_registry, registry_with_store
from stancemap.errors import RegistryError
from stancemap.store import Store
from stancemap.store import curation as sql


def _item(qid: str) -> dict:
    return {"mainsnak": {"snaktype": "value", "datavalue": {"value": {"entity-type": "item", "id": qid}}}}


def _time(value: str, precision: int = 11) -> dict:
    return {"snaktype": "value", "datavalue": {"value": {"time": value, "precision": precision}, "type": "time"}}


def _held(position: str, start: str | None, end: str | None = None, rank: str = "normal") -> dict:
    claim = _item(position) | {"rank": rank, "qualifiers": {}}
    if start:
        claim["qualifiers"]["P580"] = [_time(start)]
    if end:
        claim["qualifiers"]["P582"] = [_time(end)]
    return claim


def _label(text: str) -> dict:
    return {"en": {"language": "en", "value": text}}


#: A tiny hand-written dump in the shape of Special:EntityData (invented people and party).
WIKIDATA = {
    "entities": {
        "Q900001": {
            "id": "Q900001",
            "labels": _label("Ada Quill"),
            "aliases": {"en": [{"language": "en", "value": "A. Quill"}, {"language": "en", "value": "Ada Q. Quill"}]},
            "claims": {
                "P31": [_item("Q5")],
                "P102": [_item("Q900010")],
                "P27": [_item("Q900020")],
                "P39": [
                    _held("Q900030", "+2015-01-05T00:00:00Z", "+2019-01-04T00:00:00Z"),
                    _held("Q900030", "+2019-01-04T00:00:00Z", "+2021-03-01T00:00:00Z"),  # a second term
                    _held("Q900099", "+2001-00-00T00:00:00Z"),  # a position not in the dump: skipped
                    _held("Q900030", "+1990-01-01T00:00:00Z", "+1991-01-01T00:00:00Z", rank="deprecated"),
                ],
            },
        },
        "Q900002": {
            "id": "Q900002",
            "labels": _label("Bram Osei"),
            "aliases": {},
            "claims": {"P31": [_item("Q5")], "P27": [_item("Q900020")],
                       "P39": [_held("Q900030", "+2021-03-01T00:00:00Z")]},
        },
        "Q900010": {
            "id": "Q900010",
            "labels": _label("Lantern Party"),
            "aliases": {"en": [{"language": "en", "value": "LP"}]},
            "claims": {"P31": [_item("Q7278")]},
        },
        "Q900020": {
            "id": "Q900020",
            "labels": _label("Freedonia"),
            "aliases": {"en": [{"language": "en", "value": "Republic of Freedonia"}]},
            "claims": {"P31": [_item("Q3624078")]},
        },
        "Q900030": {
            "id": "Q900030",
            "labels": _label("Chancellor of Freedonia"),
            "aliases": {"en": [{"language": "en", "value": "Freedonian Chancellor"}]},
            "claims": {"P31": [_item("Q4164871")]},
        },
    }
}


@pytest.fixture
def dump(tmp_path: Path) -> Path:
    path = tmp_path / "entities.json"
    path.write_text(json.dumps(WIKIDATA), encoding="utf-8")
    return path


# -- Wikidata ----------------------------------------------------------------------------------


def test_wikidata_dump_gives_actors_types_affiliations_and_roles(dump: Path) -> None:
    registry = read_wikidata(dump)
    assert [(a.name, a.type, a.affiliation) for a in registry] == [
        ("Ada Quill", "person", "Lantern Party"),
        ("Bram Osei", "person", "Freedonia"),
        ("Lantern Party", "organisation", None),
        ("Freedonia", "country", None),
    ]
    assert registry.get("Ada Quill").aliases == ("A. Quill", "Ada Q. Quill")  # type: ignore[union-attr]
    (role,) = registry.roles
    assert (role.title, role.aliases) == ("Chancellor of Freedonia", ("Freedonian Chancellor",))
    # two back-to-back terms are one tenure; the deprecated claim is ignored
    assert [(t.holder, t.start, t.end) for t in role.tenures] == [
        ("Ada Quill", dt.date(2015, 1, 5), dt.date(2021, 3, 1)),
        ("Bram Osei", dt.date(2021, 3, 1), None),
    ]
    assert registry.holder("the Freedonian Chancellor", "2020-06-01").name == "Ada Quill"  # type: ignore[union-attr]
    assert registry.holder("Chancellor of Freedonia", "2022-06-01").name == "Bram Osei"  # type: ignore[union-attr]
    assert registry.lookup("LP").actor.name == "Lantern Party"  # type: ignore[union-attr]


def test_wikidata_jsonl_and_registry_file_dispatch(tmp_path: Path) -> None:
    path = tmp_path / "entities.jsonl"
    path.write_text("\n".join(json.dumps(e) for e in WIKIDATA["entities"].values()), encoding="utf-8")
    assert [a.name for a in read_registry(path)][:2] == ["Ada Quill", "Bram Osei"]


def test_wikidata_alias_claimed_twice_names_both(tmp_path: Path) -> None:
    data = json.loads(json.dumps(WIKIDATA))
    data["entities"]["Q900002"]["aliases"] = {"en": [{"language": "en", "value": "A. Quill"}]}
    path = tmp_path / "clash.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(RegistryError) as info:
        read_wikidata(path)
    assert info.value.code == "E120"
    assert "'Ada Quill'" in str(info.value) and "'Bram Osei'" in str(info.value) and "clash.json" in str(info.value)


@pytest.mark.parametrize("text", ["not json", json.dumps({"items": []})])
def test_wikidata_bad_files(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError, match="bad.json"):
        read_wikidata(path)


def test_wikidata_time_precisions() -> None:
    assert wikidata_time({"time": "+2016-07-00T00:00:00Z", "precision": 10}) == dt.date(2016, 7, 1)
    assert wikidata_time({"time": "-0044-03-15T00:00:00Z"}) is None  # BCE dates are not roles in the news
    assert wikidata_to_data({"entities": {}})["actors"] == []


# -- importing into the store --------------------------------------------------------------------


def test_import_wikidata_into_the_store_is_used_by_later_runs(store: Store, dump: Path) -> None:
    edit = import_registry(store, dump, person="ana")
    assert edit.kind == "import" and len(edit.payload["data"]["actors"]) == 4
    assert [a.actor.name for a in sql.stored_actors(store, reviewed=True)] == [
        "Ada Quill", "Bram Osei", "Freedonia", "Lantern Party"]
    registry = registry_with_store(store)
    assert registry.holder("Freedonian Chancellor", "2016-01-01").name == "Ada Quill"  # type: ignore[union-attr]
    assert registry.lookup("Ada Q. Quill").actor.name == "Ada Quill"  # type: ignore[union-attr]
    assert registry.lookup("Josep Borrell").actor.name == "Josep Borrell"  # type: ignore[union-attr]  # starter kept


def test_import_yaml_alias_of_a_registry_actor_names_both(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("actors:\n  - {name: Americas Desk, type: group, aliases: [U.S.A.]}\n", encoding="utf-8")
    with pytest.raises(RegistryError) as info:
        import_registry(store, path)
    message = str(info.value)
    assert info.value.code == "E120"
    assert "'United States'" in message and "'Americas Desk'" in message and "mine.yaml" in message
    assert sql.edits(store) == []  # nothing was written


def test_import_csv_alias_claimed_by_two_rows_names_both(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("name,type,aliases\nAda Quill,person,AQ\nBram Osei,person,AQ|B. Osei\n", encoding="utf-8")
    with pytest.raises(RegistryError) as info:
        import_registry(store, path)
    assert "'Ada Quill'" in str(info.value) and "'Bram Osei'" in str(info.value)


def test_import_updates_a_starter_actor(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("actors:\n  - {name: Josep Borrell, type: person, aliases: [Pep Borrell]}\n", encoding="utf-8")
    import_registry(store, path)
    found = registry_with_store(store).lookup("Pep Borrell")
    assert found is not None and found.actor.name == "Josep Borrell"


# -- export ----------------------------------------------------------------------------------------


def test_export_yaml_round_trip_keeps_curation(store: Store, dump: Path, tmp_path: Path) -> None:
    from stancemap.curation import add_alias

    import_registry(store, dump)
    add_alias(store, "Bram Osei", "B. Osei")
    registry = registry_with_store(store)
    out = tmp_path / "export.yaml"
    write_yaml(registry, out)
    back = read_registry(out)
    assert [(a.name, a.type, a.aliases, a.affiliation) for a in back] == [
        (a.name, a.type, a.aliases, a.affiliation) for a in registry
    ]
    assert [(r.title, r.aliases, r.tenures) for r in back.roles] == [
        (r.title, r.aliases, r.tenures) for r in registry.roles
    ]
    assert back.capitals == registry.capitals
    assert back.lookup("B. Osei").actor.name == "Bram Osei"  # type: ignore[union-attr]


def test_export_csv_round_trip(tmp_path: Path) -> None:
    registry = registry_from_csv(
        'name,type,aliases,affiliation,reviewed\nAda Quill,person,A. Quill|"Q, Ada",Lantern Party,true\n'
        "Lantern Party,organisation,LP,,false\n"
    )
    out = tmp_path / "actors.csv"
    write_csv(registry, out)
    back = read_registry(out)
    assert list(back) == list(registry)
    assert generate_csv(back) == out.read_text(encoding="utf-8")


def test_csv_export_escapes_formula_cells_and_import_restores_them(tmp_path):
    """Issue 17 item 19: `actors export --format csv` is safe to open in a spreadsheet and round-trips."""
    from stancemap.actors.io import generate_csv, registry_from_csv
    from stancemap.actors.registry import ActorRegistry
    from stancemap.models import Actor

    registry = ActorRegistry([Actor("=HYPERLINK(\"http://x\")", "person", ("+cmd", "Plain")),
                              Actor("-Dash Group", "group")])
    text = generate_csv(registry)
    assert "'=HYPERLINK" in text and "'-Dash Group" in text and "'+cmd|Plain" in text
    back = registry_from_csv(text)
    assert {a.name: a.aliases for a in back} == {'=HYPERLINK("http://x")': ("+cmd", "Plain"), "-Dash Group": ()}
