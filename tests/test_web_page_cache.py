"""Read-only pages are answered from a cache per store version: never stale, never another session's token."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from fastapi.testclient import TestClient

from stancemap.store import Store
from stancemap.web import create_app


def test_a_commit_by_another_process_shows_at_once(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    with Store.open(str(path)) as store:
        client = TestClient(create_app(store))
        assert client.get("/issues.json").json()["issues"] == []
        assert client.get("/issues.json").json()["issues"] == []  # from the cache
        other = sqlite3.connect(path)  # another writer, as a `stancemap run` in another process
        other.execute("INSERT INTO issues (id, label, claim, description) VALUES ('tax', 'Tax', 'Cut taxes', '')")
        other.commit()
        other.close()
        assert [i["id"] for i in client.get("/issues.json").json()["issues"]] == ["tax"]
        assert "Cut taxes" in client.get("/issues").text


def test_each_session_gets_its_own_csrf_token_from_a_cached_page(tmp_path: Path) -> None:
    with Store.open(str(tmp_path / "c.db")) as store:
        app = create_app(store)
        first, second = TestClient(app), TestClient(app)
        tokens = []
        for client in (first, second, first):
            html = client.get("/issues").text
            tokens.append(re.search(r'name="csrf-token" content="([^"]+)"', html).group(1))
            assert app.state.csrf_mark.decode() not in html
        assert tokens[0] == tokens[2] != tokens[1]
        assert tokens[1] == app.state.security.csrf_for(second.cookies.get("stancemap_session"))
