"""Shared fixtures for the whole suite (one conftest.py).

Store fixtures
--------------
``store_url``
    Parametrised over ``sqlite`` (a fresh file in ``tmp_path``) and
    ``postgresql`` (marked ``postgres``). The PostgreSQL case reads the server
    URL from ``STANCEMAP_TEST_PG_URL`` (skipped when unset) and gives each test
    its own freshly created schema, named after the process id and a random
    suffix so that parallel sessions never collide, dropped afterwards.
``other_store_url``
    A second empty database of the same kind, for tests that compare two stores.
``store``
    A :class:`stancemap.store.Store` opened (and migrated) on ``store_url``.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator

import pytest

PG_URL_ENV = "STANCEMAP_TEST_PG_URL"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A URL of an empty database of each supported kind, private to one test."""
    with _empty_database(request.param, tmp_path / "stancemap.db") as url:
        yield url


@pytest.fixture
def other_store_url(store_url: str, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A second empty database of the same kind as ``store_url``, to compare two ways of writing."""
    kind = "sqlite" if store_url.startswith("sqlite") else "postgresql"
    with _empty_database(kind, tmp_path / "other.db") as url:
        yield url


@contextlib.contextmanager
def _empty_database(kind: str, sqlite_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    if kind == "sqlite":
        yield f"sqlite:///{sqlite_path}"
        return
    base = os.environ.get(PG_URL_ENV)
    if not base:
        pytest.skip(f"{PG_URL_ENV} is not set: PostgreSQL cases skipped")

    import sqlalchemy as sa
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    from stancemap.store.connect import database_url

    schema = f"stancemap_test_{os.getpid()}_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(database_url(base), poolclass=NullPool)
    try:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    except sa.exc.OperationalError as exc:
        admin.dispose()
        pytest.fail(f"{PG_URL_ENV}={base!r}: cannot connect to create a test schema: {exc.orig}")
    url = make_url(database_url(base)).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture
def store(store_url: str):  # type: ignore[no-untyped-def]
    """A migrated, empty :class:`stancemap.store.Store` on ``store_url``; closed afterwards."""
    from stancemap.store import Store

    opened = Store.open(store_url)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def web_store(store_url: str):  # type: ignore[no-untyped-def]
    """A store on ``store_url`` holding the web tests' small corpus (:func:`tests.test_web_pages.build_store`)."""
    from tests.test_web_pages import build_store

    built = build_store(store_url)
    try:
        yield built
    finally:
        built.close()
