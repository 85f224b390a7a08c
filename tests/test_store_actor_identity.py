"""One stored actor per name up to case, accents and punctuation, across documents and runs (issue 4)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from stancemap.store import Store
from stancemap.store.migrations import alembic_config, upgrade
from stancemap.store.schema import actors
from tests.test_store_summary import CODEBOOK, article, check, model


def names(store: Store) -> dict[str, tuple[str, ...]]:
    return {a.name: a.aliases for a in store.actors()}


def test_spellings_of_one_new_actor_are_one_actor_in_a_batch_and_across_runs(store: Store) -> None:
    store.save_codebook(CODEBOOK)
    run = store.begin_run(pipeline_version="t", model="m", codebook_hash="cb1", args={})
    store.save_documents([
        article("d1", [("PolitiFact", "PolitiFact", "the claim is false", (model("aid", "oppose"),))]),
        article("d2", [("Politifact", "Politifact", "the claim is true", ()),
                       ("the court", "U.S. Court of Appeals", "the law stands", ())]),
    ], run)
    later = store.begin_run(pipeline_version="t", model="m", codebook_hash="cb1", args={})
    store.save_documents([
        article("d3", [("the court", "US Court of Appeals", "the ban is lifted", ()),
                       ("Pope Francis", "Pope Francis", "peace is possible", ()),
                       ("Francis", "Francis", "peace is near", ())]),
    ], later)

    stored = names(store)
    assert set(stored) == {"PolitiFact", "U.S. Court of Appeals", "Pope Francis", "Francis"}
    assert "US Court of Appeals" in stored["U.S. Court of Appeals"]  # kept as an alias: more than case differs
    assert "Politifact" not in stored["PolitiFact"]  # a case variant is no alias worth listing
    assert len(store.statements(actor="PolitiFact")) == 2
    assert len(store.statements(actor="U.S. Court of Appeals")) == 2
    check(store)  # the maintained counts (actors, statements per actor) agree with a recount


def test_the_migration_fills_the_key_of_stored_actors(store: Store) -> None:
    store.save_codebook(CODEBOOK)
    run = store.begin_run(pipeline_version="t", model="m", codebook_hash="cb1", args={})
    store.save_documents([article("d1", [("Politifact", "Politifact", "it is false", ())])], run)
    config = alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
    upgrade(store.engine)
    with store.engine.connect() as connection:
        assert connection.execute(sa.select(actors.c.name, actors.c.name_key)).all() == [("Politifact", "politifact")]
    later = store.begin_run(pipeline_version="t", model="m", codebook_hash="cb1", args={})
    store.save_documents([article("d2", [("PolitiFact", "PolitiFact", "it is true", ())])], later)
    assert list(names(store)) == ["Politifact"]
