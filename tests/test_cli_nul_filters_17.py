"""A CLI filter value with a NUL character is a usage error on SQLite and PostgreSQL alike (issue 17 item 8).

A shell cannot pass a NUL, but a script calling the CLI in process (or the Python API) can;
PostgreSQL refused the query ("text fields cannot contain NUL") and the message said to check
that the database is reachable, while SQLite answered "no such actor".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from stancemap.cli import app
from stancemap.errors import UsageError
from stancemap.models import Article, Statement, TextSpan
from stancemap.store import Store
from stancemap.store.actor_lookup import find_actor

NUL_NAME = "Hillary\x00Clinton"


@pytest.fixture
def filled(store_url: str) -> str:
    with Store.open(store_url) as store:
        store.save_document(Article("d", "Hillary Clinton said yes."),
                            [Statement("d", TextSpan(21, 24, "yes"), actor="Hillary Clinton")], None)
    return store_url


@pytest.mark.parametrize("command", [
    ["statements", "--actor", NUL_NAME],
    ["timeline", NUL_NAME],
    ["actors", "show", NUL_NAME],
    ["network", "--out", "{out}", "--actor", NUL_NAME],
    ["network", "--out", "{out}", "--exclude-actor", NUL_NAME],
])
def test_a_nul_in_an_actor_filter_is_a_usage_error(filled: str, tmp_path: Path, command: list[str]):
    args = [a.replace("{out}", str(tmp_path / "n.graphml")) for a in command]
    result = CliRunner().invoke(app, [*args, "--db", filled])
    assert result.exit_code == 2, result.output
    assert "E500" in result.output and "NUL" in result.output
    assert "reachable" not in result.output and "Traceback" not in result.output


def test_the_python_lookup_says_the_same(filled: str):
    with Store.open(filled) as store, pytest.raises(UsageError, match="NUL character"):
        find_actor(store, NUL_NAME)
