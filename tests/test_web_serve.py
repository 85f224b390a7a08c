"""`stancemap serve` as a user starts it: the hosts it answers to, what it prints, and who reviews."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from stancemap.errors import StoreError
from tests.test_web_pages import build_store


@pytest.fixture
def started(monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    import uvicorn

    build_store(str(tmp_path / "s.db")).close()
    seen: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    seen["db"] = str(tmp_path / "s.db")
    return seen


@pytest.mark.parametrize("host, base", [("127.0.0.2", "http://127.0.0.2:8000"), ("127.10.20.30", "http://127.10.20.30:8000"),
                                        ("::1", "http://[::1]:8000"), ("127.0.0.1", "http://localhost:8000")])
def test_serve_on_any_loopback_address_answers_to_it(started, host: str, base: str) -> None:  # type: ignore[no-untyped-def]
    from stancemap.cli.serve import serve

    serve(db=started["db"], host=host, port=8000)
    app = started["app"]
    assert app.state.security.token is None  # loopback: no token
    client = TestClient(app, base_url=base)
    assert client.get("/index.json").status_code == 200
    assert client.get("/index.json", headers={"host": "rebound.evil.example"}).status_code == 400


def test_serve_never_prints_the_database_password(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    import uvicorn

    import stancemap.web
    from stancemap.cli.serve import serve

    monkeypatch.setattr(stancemap.web, "create_app", lambda *a, **kw: object())
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: None)
    serve(db="postgresql://me:s3cret-pw@db.example.org:5432/news")
    out = capsys.readouterr().out
    assert "s3cret-pw" not in out
    assert "postgresql://me:***@db.example.org:5432/news" in out


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_error_pages_do_not_show_the_database_url(tmp_path, accept: str) -> None:  # type: ignore[no-untyped-def]
    from stancemap.web import create_app

    store = build_store(f"sqlite:///{tmp_path / 'secret-name.db'}")
    try:
        app = create_app(store)

        def broken() -> None:
            raise StoreError(f"Could not read {store.url}: disk I/O error. Check that the database is reachable.")

        def missing() -> None:
            raise StoreError(f"There is no statement 999 in {store.url}; check the statement id.")

        app.add_api_route("/broken", broken)
        app.add_api_route("/missing", missing)
        client = TestClient(app)
        response = client.get("/broken", headers={"accept": accept})
        assert response.status_code >= 400
        assert "secret-name" not in response.text and "sqlite" not in response.text
        assert "the database could not be read" in response.text.lower()
        response = client.get("/missing", headers={"accept": accept})
        assert "secret-name" not in response.text and "sqlite" not in response.text
        assert "no statement 999" in response.text
    finally:
        store.close()


def test_serve_reviewer_is_recorded_on_decisions(started) -> None:  # type: ignore[no-untyped-def]
    import getpass

    from stancemap.cli.serve import serve

    serve(db=started["db"], reviewer="ada")
    assert started["app"].state.person == "ada"
    serve(db=started["db"])
    assert started["app"].state.person == (getpass.getuser() or "reviewer")


def test_serve_reviewer_option_on_the_command_line(started) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from stancemap.cli import app as cli

    result = CliRunner().invoke(cli, ["serve", "--db", started["db"], "--reviewer", "Grace Hopper"])
    assert result.exit_code == 0, result.output
    assert started["app"].state.person == "Grace Hopper"
