"""Opening databases: URLs, engines, errors that name the fix, and migrations."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from stancemap.errors import StoreError
from stancemap.store import Store, database_url
from stancemap.store.connect import create_engine, mask_url
from stancemap.store.migrations import head_revision, upgrade
from stancemap.store.schema import metadata


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "sqlite:///stancemap.db"),
        ("", "sqlite:///stancemap.db"),
        ("x.db", "sqlite:///x.db"),
        ("data/corpus.db", "sqlite:///data/corpus.db"),
        ("/tmp/abs.db", "sqlite:////tmp/abs.db"),
        ("sqlite:///rel.db", "sqlite:///rel.db"),
        ("sqlite:////abs/path.db", "sqlite:////abs/path.db"),
        ("postgresql://u:p@h:5432/db", "postgresql+psycopg://u:p@h:5432/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ],
)
def test_database_url(value: str | None, expected: str) -> None:
    assert database_url(value) == expected


def test_database_url_rejects_other_databases() -> None:
    with pytest.raises(StoreError) as info:
        database_url("mysql://root:hunter2@localhost/db")
    assert info.value.code == "E300"
    assert "hunter2" not in str(info.value)
    assert "--db" in str(info.value)


def test_mask_url_hides_password() -> None:
    assert mask_url("postgresql+psycopg://me:s3cret@host/db") == "postgresql+psycopg://me:***@host/db"


def test_open_missing_folder_names_url_and_fix(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "no" / "such" / "folder" / "x.db"
    with pytest.raises(StoreError) as info:
        Store.open(str(path))
    message = str(info.value)
    assert info.value.code == "E300"
    assert str(path) in message
    assert "folder" in message and "--db" in message


def test_open_file_that_is_not_a_database(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "notes.db"
    path.write_text("these are notes, not a database\n" * 100)
    with pytest.raises(StoreError) as info:
        Store.open(str(path))
    assert info.value.code == "E300"
    assert "notes.db" in str(info.value)


@pytest.mark.postgres
def test_open_unreachable_postgres_masks_password() -> None:
    base = os.environ.get("STANCEMAP_TEST_PG_URL")
    if not base:
        pytest.skip("STANCEMAP_TEST_PG_URL is not set: PostgreSQL cases skipped")
    url = sa.engine.make_url(database_url(base)).set(
        password="s3cret-pw", database="stancemap_no_such_database"
    )
    with pytest.raises(StoreError) as info:
        Store.open(url.render_as_string(hide_password=False))
    message = str(info.value)
    assert info.value.code == "E300"
    assert "s3cret-pw" not in message
    assert "stancemap_no_such_database" in message
    assert "create the database" in message


def test_default_database_is_created_in_working_directory(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    with Store.open(None) as store:
        assert store.counts()["documents"] == 0
    assert (tmp_path / "stancemap.db").exists()


def test_migration_matches_schema(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        assert compare_metadata(context, metadata) == []
        tables = set(sa.inspect(connection).get_table_names())
    assert tables == set(metadata.tables) | {"alembic_version"}


def test_upgrade_is_idempotent_and_records_head(store: Store) -> None:
    assert upgrade(store.engine) == head_revision()
    assert upgrade(store.engine) == head_revision()
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all() == [
            head_revision()
        ]
    Store.open(store_url_of(store)).close()  # reopening an up-to-date database works


def store_url_of(store: Store) -> str:
    return store.engine.url.render_as_string(hide_password=False)


def test_newer_schema_is_refused(store: Store) -> None:
    with store.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    with pytest.raises(StoreError) as info:
        Store.open(store_url_of(store))
    assert info.value.code == "E301"
    assert "9999_from_the_future" in str(info.value)
    assert "Upgrade stancemap" in str(info.value)


def test_sqlite_connections_use_wal_and_foreign_keys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = create_engine(str(tmp_path / "w.db"))
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
            assert connection.exec_driver_sql("SELECT lower('ÉMILE')").scalar() == "émile"
    finally:
        engine.dispose()


@pytest.mark.parametrize("url", ["sqlite://", ":memory:"])
def test_in_memory_database(url: str) -> None:
    with Store.open(url) as store:
        assert store.counts()["documents"] == 0
        assert store.runs() == []
