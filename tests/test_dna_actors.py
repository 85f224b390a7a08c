"""The persons a DNA database's coders named are the run's actors: "Berg, Anna" is the text's Anna Berg.

Many DNA coders write people surname first. Without this, no machine statement's actor
("Anna Berg", from the text) equals a coded one ("Berg, Anna"), and agreement with the
hand coding is nil however good the coding is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stancemap.coded_actors import import_coded_actors, surname_first
from stancemap.curation import registry_with_store
from stancemap.store.curation import edits
from stancemap.store.repository import Store
from tests.test_dna import make_dna


@pytest.mark.parametrize(("written", "running"), [
    ("Holloway, Margaret L.", "Margaret L. Holloway"), ("de Gaulle, Charles", "Charles de Gaulle"),
    ("Smith, Jr.", None), ("Acme, Inc.", None), ("Anna Berg", None), ("a, b, c", None), ("Room 101, Ann", None),
])
def test_surname_first_names_read_in_running_order(written, running):
    assert surname_first(written) == running


def test_coded_people_become_actors_once_and_known_ones_get_an_alias(tmp_path: Path):
    with Store.open(str(tmp_path / "s.db")) as store:
        named = [("Holloway, Margaret", "person"), ("Obama, Barack", "person"),
                 ("Heartland Electric Cooperative Association", "organisation")]
        assert import_coded_actors(store, "DNA hearings.dna", named) == 3
        registry = registry_with_store(store)
        assert registry.canonical_name("Holloway, Margaret") == "Margaret Holloway"
        assert registry.lookup("Margaret Holloway").actor.name == "Margaret Holloway"
        assert registry.canonical_name("Obama, Barack") == "Barack Obama"  # the starter registry's actor
        assert registry.get("Heartland Electric Cooperative Association").type == "organisation"
        before = len(edits(store))
        assert import_coded_actors(store, "DNA hearings.dna", named) == 0  # read again: nothing new
        assert len(edits(store)) == before


def _surname_first(db):
    db.execute("UPDATE ENTITIES SET Value = 'Berg, Anna' WHERE Value = 'Anna Berg'")
    db.execute("UPDATE ENTITIES SET Value = 'Hale, Tom' WHERE Value = 'Tom Hale'")


@pytest.mark.model
def test_run_resolves_the_text_to_the_coders_people_and_agrees_with_them(tmp_path: Path):
    from stancemap import workflows
    from stancemap.eval.coding import agreement_with_gold, gold_from_dna, machine_only

    dna = make_dna(tmp_path / "coded.dna", extra=_surname_first)
    db = tmp_path / "corpus.db"
    assert workflows.run([dna], db=str(db)).dna_actors_added >= 2
    with Store.open(str(db)) as store:
        found = machine_only([s.statement for s in store.statements()])
        registry = registry_with_store(store)
    said = {s.content.text: s.actor for s in found}
    assert said["a carbon tax is needed"] == "Anna Berg"
    gold, _ = gold_from_dna(dna)
    agreement = agreement_with_gold(gold, found, canonical=registry.canonical_name)
    assert agreement["statements"]["same_actor"] >= 1


def test_without_a_store_the_dna_gold_actors_join_the_starter_registry(tmp_path: Path):
    from stancemap.coded_actors import registry_with_dna_actors

    dna = make_dna(tmp_path / "coded.dna", extra=_surname_first)
    registry = registry_with_dna_actors([dna])
    assert registry.canonical_name("Berg, Anna") == "Anna Berg"
    assert registry.lookup("Tom Hale").actor.name == "Tom Hale"
    assert registry.canonical_name("Barack Obama") == "Barack Obama"  # the starter registry is still there


def test_actors_of_statements_stancemap_wrote_into_the_file_are_not_imported(tmp_path: Path):
    from stancemap.coded_actors import dna_named_actors
    from stancemap.ingest.dna import MACHINE_CODER

    def machine_bob(db):
        db.execute("UPDATE CODERS SET Name = ? WHERE ID = 3", (MACHINE_CODER,))

    people = dna_named_actors(make_dna(tmp_path / "people.dna"))
    machine = dna_named_actors(make_dna(tmp_path / "machine.dna", extra=machine_bob))
    assert ("Farmers' Union", "organisation") in people
    assert ("Farmers' Union", "organisation") not in machine and ("Anna Berg", "person") in machine
