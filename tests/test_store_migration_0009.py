"""Migration 0009: stored aliases and actor keys move to the one name key (issue 20 item 2)."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import command

from stancemap.names.normalise import name_key
from stancemap.store import Store
from stancemap.store.actor_lookup import find_actor
from stancemap.store.connect import create_engine
from stancemap.store.migrations import alembic_config, head_revision, upgrade

#: (id, name, actors.name_key as 0005 wrote it)
ACTORS = [
    (1, "U.S. Court of Appeals", "us court of appeals"),
    (2, "Politifact", "politifact"),
    (3, "Poynter Institute", "poynter institute"),
    (4, "O\u2018Neill Group", "o neill group"),  # 0005's key split at the left quotation mark
]

#: (id, actor id, alias, aliases.normalised as 0001-0008 wrote it: NFKC, casefolded, spaces collapsed)
ALIASES = [
    (1, 1, "U.S. Appeals Court", "u.s. appeals court"),
    (2, 1, "US Appeals Court", "us appeals court"),  # the same actor, the same name: a duplicate
    (3, 2, "Poynter's PolitiFact", "poynter's politifact"),
    (4, 3, "Poynter\u2019s Politifact", "poynter\u2019s politifact"),  # another actor, younger: loses the key
    (5, 1, "Cour d\u2019Appel", "cour d\u2019appel"),
    (6, 2, "...", "..."),  # no word left: cannot be looked up
    (7, 1, "N.A.T.O.", "n.a.t.o."),  # oldest of the two: keeps "nato" although the other already had it
    (8, 3, "NATO", "nato"),
]


def _store_at_0008(url: str) -> None:
    """A database at revision 0008 holding actors and aliases keyed as 0008 keyed them."""
    engine = create_engine(url)
    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0008")
            connection.execute(
                sa.text("INSERT INTO actors (id, name, type, reviewed, created_at, statement_count, name_key) "
                        "VALUES (:id, :name, 'organisation', false, CURRENT_TIMESTAMP, 0, :key)"),
                [{"id": i, "name": n, "key": k} for i, n, k in ACTORS],
            )
            connection.execute(
                sa.text("INSERT INTO aliases (id, actor_id, alias, normalised) VALUES (:id, :actor, :alias, :key)"),
                [{"id": i, "actor": a, "alias": n, "key": k} for i, a, n, k in ALIASES],
            )
    finally:
        engine.dispose()


def _rows(store: Store) -> tuple[list[tuple[int, int, str, str]], list[tuple[int, str, str]]]:
    with store.engine.connect() as connection:
        aliases = [tuple(r) for r in connection.execute(
            sa.text("SELECT id, actor_id, alias, normalised FROM aliases ORDER BY id"))]
        actors = [tuple(r) for r in connection.execute(sa.text("SELECT id, name, name_key FROM actors ORDER BY id"))]
    return aliases, actors  # type: ignore[return-value]


def test_upgrade_rekeys_aliases_and_merges_collisions(store_url: str, caplog) -> None:  # type: ignore[no-untyped-def]
    _store_at_0008(store_url)
    with caplog.at_level(logging.INFO, logger="stancemap.store.migrations"):
        store = Store.open(store_url)  # runs 0009
    try:
        aliases, actors = _rows(store)
        assert aliases == [
            (1, 1, "U.S. Appeals Court", "us appeals court"),
            (3, 2, "Poynter's PolitiFact", "poynters politifact"),
            (5, 1, "Cour d\u2019Appel", "cour dappel"),
            (7, 1, "N.A.T.O.", "nato"),
        ]
        assert all(key == name_key(alias) for _, _, alias, key in aliases)
        assert actors == [(i, n, name_key(n)) for i, n, _ in ACTORS]
        assert actors[3][2] == "oneill group"

        messages = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "stancemap.store.migrations"]
        warned = [m for level, m in messages if level == "WARNING"]
        assert len(warned) == 3
        assert any("'Poynter\u2019s Politifact'" in m and "'Poynter Institute'" in m and "'Politifact'" in m
                   for m in warned)
        assert any("'NATO'" in m and "'N.A.T.O.'" in m for m in warned)
        assert any("'...'" in m and "empty" in m for m in warned)
        assert [m for level, m in messages if level == "INFO" and "'US Appeals Court'" in m]

        # every spelling of a kept alias finds its actor, as every spelling of a name does
        assert find_actor(store, "US Appeals Court").name == "U.S. Court of Appeals"
        assert find_actor(store, "Poynters Politifact").name == "Politifact"
        assert find_actor(store, "US Court of Appeals").name == "U.S. Court of Appeals"
        assert find_actor(store, "O'Neill Group").name == "O\u2018Neill Group"
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
    finally:
        store.close()


def test_downgrade_puts_back_the_0008_keys(store_url: str) -> None:
    _store_at_0008(store_url)
    with Store.open(store_url) as store:
        config = alembic_config()
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0008")
        aliases, actors = _rows(store)
        kept = {1, 3, 5, 7}
        assert aliases == [row for row in ALIASES if row[0] in kept]  # the deleted ones stay deleted
        assert actors == ACTORS
        upgrade(store.engine)  # and up again: idempotent on what is left
        again, _ = _rows(store)
        assert [(i, key) for i, _, _, key in again] == [(1, "us appeals court"), (3, "poynters politifact"),
                                                        (5, "cour dappel"), (7, "nato")]


def test_new_writes_after_the_migration_use_the_same_key(store_url: str) -> None:
    """An alias stored before 0009 under the old key is found, and not stored twice, by the new writers."""
    _store_at_0008(store_url)
    with Store.open(store_url) as store:
        from stancemap.models import Actor
        from stancemap.store import curation

        curation.add_alias(store, Actor("Politifact", "organisation"), "Poynter\u2019s PolitiFact", {})
        aliases, _ = _rows(store)
        assert [row for row in aliases if row[3] == "poynters politifact"] == [
            (3, 2, "Poynter\u2019s PolitiFact", "poynters politifact")]
