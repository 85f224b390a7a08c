"""Issue 17 item 18 (audit): a database failure on the network page or its exports is a named 503.

The statement exports already answer 503 ("could not be read") when the database
fails; the network page, its JSON twin and its CSV/DNA/GraphML exports read the
tallies through :func:`stancemap.store.aggregates.tallies`, which let the raw
database error through as a bare "Internal Server Error" 500.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from stancemap.errors import StoreError
from stancemap.store import Store, aggregates
from stancemap.web import create_app
from tests.test_web_pages import build_store


@pytest.fixture
def broken(tmp_path: Path) -> Iterator[Store]:
    store = build_store(f"sqlite:///{tmp_path / 'broken.db'}")
    with store.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE codings")
    try:
        yield store
    finally:
        store.close()


def test_tallies_turn_a_database_failure_into_a_store_error(broken: Store) -> None:
    with pytest.raises(StoreError) as caught:
        aggregates.tallies(broken)
    assert "Could not read" in caught.value.message and "codings" in caught.value.message
    assert not isinstance(caught.value, sa.exc.SQLAlchemyError)


@pytest.mark.parametrize("path", ["/network", "/network.json", "/network/export.csv", "/network/export.dna",
                                  "/network/export.graphml"])
def test_network_pages_answer_503_when_the_database_fails(broken: Store, path: str) -> None:
    client = TestClient(create_app(broken), base_url="http://127.0.0.1", raise_server_exceptions=False)
    response = client.get(path)
    assert response.status_code == 503, (response.status_code, response.text[:200])
    assert "Internal Server Error" not in response.text
    assert "broken.db" not in response.text  # the database URL stays private (item 20)
