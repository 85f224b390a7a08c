"""Curation of actors: merge, split, alias, set-type, affiliate; logged, and kept over reruns."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stancemap.actors import resolve_statements
from stancemap.cli.actors import actors_app
from stancemap.curation import (
    add_alias,
    affiliate,
    apply_edit,
    merge,
    registry_with_store,
    remove_alias,
    set_type,
    split,
)
from stancemap.errors import RegistryError, UsageError
from stancemap.models import Article, Statement, TextSpan
from stancemap.store import Store
from stancemap.store import curation as sql

DATE = dt.date(2024, 5, 28)
TEXT = "EU countries said no. EU defence ministers said yes. Borrell said maybe."


def said(doc: str, mention: str, text: str = TEXT) -> Statement:
    start = text.index(mention)
    return Statement(
        doc,
        TextSpan(start, start + len(mention), mention),
        speaker=TextSpan(start, start + len(mention), mention),
        speaker_name=mention,
        date=DATE,
    )


def save(store: Store, doc: str, mentions: list[str], text: str = TEXT) -> None:
    """Resolve with the curated registry (as the pipeline will) and store one document."""
    run = store.begin_run(pipeline_version="test", model=None, codebook_hash=None, args={})
    found = resolve_statements([said(doc, m, text) for m in mentions], registry_with_store(store))
    store.save_document(Article(doc, text, date=DATE), found, run)


def actors_of(store: Store, doc: str | None = None) -> list[tuple[str, str | None]]:
    return [
        (s.statement.speaker.text, s.statement.actor)  # type: ignore[union-attr]
        for s in store.statements()
        if doc is None or s.document.doc_id == doc
    ]


# -- replay on plain data -------------------------------------------------------------------


def test_replayed_merge_makes_the_old_name_an_alias_and_moves_roles() -> None:
    data = {
        "actors": [
            {"name": "A", "type": "person", "aliases": ["Alpha"]},
            {"name": "B", "type": "person", "aliases": []},
        ],
        "roles": [{"title": "Chief", "holders": [{"name": "A", "start": "2020-01-01"}]}],
        "capitals": {},
    }
    apply_edit(data, "merge", "A", "B", {"type": "person"})
    assert [a["name"] for a in data["actors"]] == ["B"]
    assert data["actors"][0]["aliases"] == ["A", "Alpha"]
    assert data["roles"][0]["holders"][0]["name"] == "B"


def test_replayed_alias_is_taken_from_its_former_owner() -> None:
    data = {"actors": [{"name": "A", "type": "group", "aliases": ["the bloc"]}]}
    apply_edit(data, "alias-add", "B", "The Bloc", {"type": "group"})
    assert data["actors"][0]["aliases"] == []
    assert data["actors"][1] == {"name": "B", "type": "group", "aliases": ["The Bloc"]}


def test_unknown_edit_kind() -> None:
    with pytest.raises(ValueError, match="unknown actor edit"):
        apply_edit({}, "rename", "A", "B", {})


# -- merge ------------------------------------------------------------------------------------


def test_merge_moves_statements_logs_the_edit_and_redirects_new_documents(store: Store) -> None:
    save(store, "d1", ["EU countries", "EU defence ministers"])
    assert actors_of(store) == [("EU countries", "EU countries"), ("EU defence ministers", "EU defence ministers")]

    edit = merge(store, "EU countries", "EU defence ministers", person="ana")
    assert (edit.kind, edit.actor, edit.other, edit.person) == ("merge", "EU countries", "EU defence ministers", "ana")
    assert actors_of(store) == [("EU countries", "EU defence ministers"),
                                ("EU defence ministers", "EU defence ministers")]
    assert [a.actor.name for a in sql.stored_actors(store)] == ["EU defence ministers"]
    merged = sql.stored_actors(store)[0]
    assert merged.merged == ("EU countries",) and merged.actor.reviewed and merged.statements == 2
    assert sql.merges(store) == {"EU countries": "EU defence ministers"}

    # the pipeline's registry resolves the old name to the merged actor ...
    found = registry_with_store(store).lookup("EU countries")
    assert found is not None and (found.actor.name, found.method) == ("EU defence ministers", "alias")
    # ... and a statement that still names the old actor is stored under the new one
    run = store.begin_run(pipeline_version="test", model=None, codebook_hash=None, args={})
    stale = said("d2", "EU countries").with_(actor="EU countries", actor_type="group", actor_method="new")
    store.save_document(Article("d2", TEXT, date=DATE), [stale], run)
    assert actors_of(store, "d2") == [("EU countries", "EU defence ministers")]


def test_merge_into_a_starter_registry_actor_creates_it(store: Store) -> None:
    save(store, "d1", ["EU countries"])
    merge(store, "EU countries", "EU")  # an alias of the starter registry's "European Union"
    assert actors_of(store) == [("EU countries", "European Union")]
    stored = sql.stored_actors(store, names=["European Union"])[0]
    assert stored.actor.type == "organisation"


def test_chained_merges_follow_to_the_last_target(store: Store) -> None:
    save(store, "d1", ["EU countries", "EU defence ministers"])
    merge(store, "EU countries", "EU defence ministers")
    merge(store, "EU defence ministers", "European Union")
    assert sql.merges(store) == {"EU countries": "European Union", "EU defence ministers": "European Union"}
    registry = registry_with_store(store)
    assert registry.lookup("EU countries").actor.name == "European Union"  # type: ignore[union-attr]
    assert registry.lookup("EU defence ministers").actor.name == "European Union"  # type: ignore[union-attr]


@pytest.mark.parametrize(("source", "target", "fragment"), [
    ("Nobody Known", "European Union", "no actor named 'Nobody Known'"),
    ("EU", "European Union", "already the same actor"),
])
def test_merge_refuses_unknown_or_identical_actors(store: Store, source: str, target: str, fragment: str) -> None:
    with pytest.raises(UsageError, match=fragment):
        merge(store, source, target)
    assert sql.edits(store) == []


# -- split ------------------------------------------------------------------------------------


def test_split_moves_the_matching_mentions_and_stays_split(store: Store) -> None:
    save(store, "d1", ["EU countries", "EU defence ministers"])
    merge(store, "EU countries", "EU defence ministers")
    edit = split(store, "EU defence ministers", "EU countries", aliases=["EU member states"], type="group")
    assert edit.payload["mentions"] == 1
    assert actors_of(store) == [("EU countries", "EU countries"), ("EU defence ministers", "EU defence ministers")]
    assert sql.merges(store) == {}
    registry = registry_with_store(store)
    assert registry.lookup("EU countries").actor.name == "EU countries"  # type: ignore[union-attr]
    assert registry.lookup("EU member states").actor.name == "EU countries"  # type: ignore[union-attr]
    # a later document keeps them apart
    save(store, "d3", ["EU countries", "EU defence ministers"])
    assert actors_of(store, "d3") == [("EU countries", "EU countries"),
                                      ("EU defence ministers", "EU defence ministers")]


def test_split_into_itself_is_refused(store: Store) -> None:
    save(store, "d1", ["EU countries"])
    with pytest.raises(UsageError, match="itself"):
        split(store, "EU countries", "the EU countries")


# -- aliases, types, affiliations ------------------------------------------------------------


def test_alias_add_and_remove(store: Store) -> None:
    save(store, "d1", ["EU defence ministers"])
    add_alias(store, "EU defence ministers", "the ministers of defence")
    assert registry_with_store(store).lookup("the ministers of defence").actor.name == "EU defence ministers"  # type: ignore[union-attr]
    assert "the ministers of defence" in sql.stored_actors(store)[0].actor.aliases
    remove_alias(store, "EU defence ministers", "the ministers of defence")
    assert registry_with_store(store).lookup("the ministers of defence") is None
    assert [e.kind for e in sql.edits(store)] == ["alias-add", "alias-remove"]


def test_alias_claimed_by_another_actor_names_both(store: Store) -> None:
    save(store, "d1", ["EU defence ministers"])
    with pytest.raises(RegistryError) as info:
        add_alias(store, "EU defence ministers", "E.U.")
    assert info.value.code == "E120"
    assert "'European Union'" in str(info.value) and "'EU defence ministers'" in str(info.value)


def test_removing_a_starter_alias_survives_reruns(store: Store) -> None:
    remove_alias(store, "United States", "America")
    registry = registry_with_store(store)
    assert registry.lookup("America") is None
    assert registry.lookup("USA").actor.name == "United States"  # type: ignore[union-attr]


def test_set_type_and_affiliate_with_dates(store: Store) -> None:
    save(store, "d1", ["EU defence ministers", "Borrell"])
    set_type(store, "EU defence ministers", "group")
    affiliate(store, "EU defence ministers", "EU", start="2019-12-01", today=dt.date(2024, 6, 1))
    affiliate(store, "EU defence ministers", "NATO", start="2010-01-01", end="2012-12-31", today=dt.date(2024, 6, 1))
    stored = sql.stored_actors(store, names=["EU defence ministers"])[0]
    assert (stored.actor.type, stored.actor.affiliation) == ("group", "European Union")
    assert [(a.affiliation, a.start, a.end) for a in stored.affiliations] == [
        ("European Union", dt.date(2019, 12, 1), None),
        ("NATO", dt.date(2010, 1, 1), dt.date(2012, 12, 31)),
    ]
    assert registry_with_store(store).get("EU defence ministers").affiliation == "European Union"  # type: ignore[union-attr]


@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({"start": "2024-13-01"}, "YYYY-MM-DD"),
    ({"start": "2024-01-01", "end": "2023-01-01"}, "before it starts"),
])
def test_affiliate_bad_dates(store: Store, kwargs: dict, fragment: str) -> None:
    with pytest.raises(UsageError, match=fragment):
        affiliate(store, "Josep Borrell", "EU", **kwargs)


def test_set_type_refuses_unknown_types(store: Store) -> None:
    with pytest.raises(UsageError, match="person, organisation, country, group"):
        set_type(store, "Josep Borrell", "robot")


# -- the command line --------------------------------------------------------------------------

runner = CliRunner(env={"COLUMNS": "200"})


def test_cli_list_show_merge_and_export(store: Store, tmp_path: Path) -> None:
    save(store, "d1", ["EU countries", "EU defence ministers"])
    db = store.engine.url.render_as_string(hide_password=False)

    result = runner.invoke(actors_app, ["merge", "EU countries", "EU defence ministers", "--db", db, "--by", "ana"])
    assert result.exit_code == 0, result.output
    assert "merge EU countries -> EU defence ministers" in result.output

    result = runner.invoke(actors_app, ["list", "--db", db, "--json"])
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["name"], r["statements"], r["merged"]) for r in rows] == [("EU defence ministers", 2, ["EU countries"])]

    result = runner.invoke(actors_app, ["show", "EU countries", "--db", db])
    assert result.exit_code == 0
    assert "EU defence ministers" in result.output and "merged from: EU countries" in result.output

    result = runner.invoke(actors_app, ["merge", "Nobody", "EU", "--db", db])
    assert result.exit_code == 2 and "no actor named 'Nobody'" in result.output

    out = tmp_path / "registry.yaml"
    result = runner.invoke(actors_app, ["export", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    assert "EU countries" in out.read_text(encoding="utf-8")


def test_cli_on_a_missing_database_names_the_fix(tmp_path: Path) -> None:
    result = runner.invoke(actors_app, ["list", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "stancemap run" in result.output


# -- a merge survives a rerun of the whole pipeline --------------------------------------------


@pytest.mark.model
def test_merge_survives_a_rerun_of_the_pipeline(tmp_path: Path) -> None:
    from stancemap import workflows

    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "a.txt").write_text(
        "date 2024-05-28\nEU countries said on Monday that they would send more air defence systems to "
        "Ukraine. EU defence ministers said the decision was overdue.\n",
        encoding="utf-8",
    )
    (second / "b.txt").write_text(
        "date 2024-06-03\nEU countries said on Monday that the sanctions would stay in place until the war ends.\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "corpus.db")
    workflows.run([first], db=db)
    with Store.open(db) as store:
        assert {actor for _, actor in actors_of(store)} == {"EU countries", "EU defence ministers"}
        merge(store, "EU countries", "EU defence ministers")
    summary = workflows.run([first, second], db=db)  # the same document again, and a new one
    assert (summary.documents_unchanged, summary.documents_new) == (1, 1)
    with Store.open(db) as store:
        assert actors_of(store, "b") == [("EU countries", "EU defence ministers")]
        assert {actor for _, actor in actors_of(store)} == {"EU defence ministers"}
        assert [a.actor.name for a in sql.stored_actors(store)] == ["EU defence ministers"]
