"""The web app's security rules: escaping, CSP, CSRF, the access token, hosts, and no file reads."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from stancemap.store import Store
from stancemap.web import create_app
from stancemap.web.security import CSRF_HEADER, TOKEN_COOKIE
from tests.test_web_pages import EVIL, EVIL_ATTR, EVIL_IMG, build_store, pages_of


@pytest.fixture
def web_store(tmp_path) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    store = build_store(f"sqlite:///{tmp_path / 'web.db'}")
    try:
        yield store
    finally:
        store.close()


def csrf_of(client: TestClient, page: str = "/review") -> str:
    html = client.get(page).text
    match = re.search(r'<meta name="csrf-token" content="([0-9a-f]+)">', html)
    assert match, "every page carries its CSRF token"
    return match.group(1)


def a_statement(client: TestClient) -> int:
    return client.get("/statements.json?actor=borrell").json()["statements"][0]["id"]


def test_hostile_text_is_escaped_on_every_page(web_store: Store) -> None:
    client = TestClient(create_app(web_store))
    for path in pages_of(client):
        html = client.get(path).text
        assert EVIL not in html, path
        assert EVIL_IMG not in html, path
        assert EVIL_ATTR not in html, path
        assert "<b>bold</b>" not in html, path
        assert 'href="javascript:' not in html.lower(), path
        scripts = re.findall(r"<script\b[^>]*>", html)
        for tag in scripts:
            allowed = r'<script src="/static/[a-z.]+\.js" defer>|<script type="application/json" id="network-data">'
            assert re.fullmatch(allowed, tag), (path, tag)
    doc = client.get("/documents.json").json()["documents"]
    evil = next(d for d in doc if d["doc_id"] == "a3")
    html = client.get(f"/documents/{evil['id']}").text
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html
    assert evil["url"] is None  # javascript: URLs are dropped


def test_network_data_block_cannot_close_its_script(web_store: Store) -> None:
    html = TestClient(create_app(web_store)).get("/network").text
    block = html.split('<script type="application/json" id="network-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block  # Jinja's tojson writes \u003c


def test_every_response_has_a_content_security_policy(web_store: Store) -> None:
    client = TestClient(create_app(web_store))
    for path in ["/", "/index.json", "/static/app.css", "/documents/999"]:
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"], path
        assert "unsafe-inline" not in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"


def test_writes_need_the_csrf_token(web_store: Store) -> None:
    client = TestClient(create_app(web_store))
    sid = a_statement(client)
    refused = client.post(f"/review/{sid}/stance", data={"issue": "strike-russia", "stance": "oppose"})
    assert refused.status_code == 403 and "CSRF" in refused.text
    wrong = client.post(f"/review/{sid}/stance", data={"issue": "strike-russia", "stance": "oppose",
                                                        "csrf_token": "0" * 64})
    assert wrong.status_code == 403
    token = csrf_of(client)
    by_form = client.post(f"/review/{sid}/stance", data={"issue": "strike-russia", "stance": "oppose",
                                                          "csrf_token": token}, follow_redirects=False)
    assert by_form.status_code == 303
    by_header = client.post(f"/review/{sid}/accept", headers={CSRF_HEADER: token, "accept": "application/json"})
    assert by_header.status_code == 200


def test_csrf_token_belongs_to_its_session(web_store: Store) -> None:
    app = create_app(web_store)
    mine, theirs = TestClient(app), TestClient(app)
    token = csrf_of(theirs)
    csrf_of(mine)  # a session of its own
    sid = a_statement(mine)
    assert mine.post(f"/review/{sid}/reject", headers={CSRF_HEADER: token}).status_code == 403


def test_writes_from_another_origin_are_refused(web_store: Store) -> None:
    client = TestClient(create_app(web_store))
    token = csrf_of(client)
    sid = a_statement(client)
    response = client.post(f"/review/{sid}/reject", headers={CSRF_HEADER: token, "origin": "http://evil.example"})
    assert response.status_code == 403 and "evil.example" in response.text


def test_with_a_token_every_write_needs_it(web_store: Store) -> None:
    client = TestClient(create_app(web_store, token="s3cret"))
    sid = a_statement(client)
    csrf = csrf_of(client)
    assert client.get("/index.json").status_code == 200  # reading stays open
    refused = client.post(f"/review/{sid}/reject", headers={CSRF_HEADER: csrf})
    assert refused.status_code == 403 and "/login" in refused.json()["error"]
    assert client.post(f"/review/{sid}/reject", headers={"authorization": "Bearer nope"}).status_code == 403
    api = client.post(f"/review/{sid}/reject", headers={"authorization": "Bearer s3cret"})
    assert api.status_code == 200 and api.json()["review"]["action"] == "reject"
    # a browser signs in once; the token is kept in an HttpOnly cookie
    bad = client.post("/login", data={"token": "guess", "csrf_token": csrf})
    assert bad.status_code == 403
    good = client.post("/login", data={"token": "s3cret", "csrf_token": csrf}, follow_redirects=False)
    assert good.status_code == 303
    assert "httponly" in good.headers["set-cookie"].lower() and TOKEN_COOKIE in good.headers["set-cookie"]
    assert client.post("/review/undo", headers={CSRF_HEADER: csrf, "accept": "application/json"}).status_code == 200


def test_session_cookie_is_httponly_and_strict(web_store: Store) -> None:
    cookie = TestClient(create_app(web_store)).get("/").headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie


def test_only_allowed_hosts_are_served(web_store: Store) -> None:
    client = TestClient(create_app(web_store, allowed_hosts=["127.0.0.1", "localhost"]), base_url="http://127.0.0.1")
    assert client.get("/index.json").status_code == 200
    assert client.get("/index.json", headers={"host": "rebound.evil.example"}).status_code == 400


@pytest.mark.parametrize("path", ["/static/../../pyproject.toml", "/static/%2e%2e/%2e%2e/pyproject.toml",
                                  "/static/..%2f..%2fstore%2frepository.py", "/static//etc/passwd",
                                  "/documents/..%2f..%2fetc%2fpasswd", "/static/app.py"])
def test_no_route_reads_files_outside_the_database(web_store: Store, path: str) -> None:
    response = TestClient(create_app(web_store)).get(path)
    assert response.status_code in (400, 404)
    assert "import" not in response.text and "root:" not in response.text


def test_routes_take_no_file_paths(web_store: Store) -> None:
    app = create_app(web_store)
    for route in app.routes:
        path = getattr(route, "path", "")
        assert ":path}" not in path, path
    static = [r for r in app.routes if getattr(r, "name", "") == "static"]
    assert len(static) == 1


def test_serve_generates_a_token_off_loopback(monkeypatch, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    import uvicorn

    from stancemap.cli.serve import serve

    build_store(str(tmp_path / "s.db")).close()
    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.update(app=app, **kw))
    serve(db=str(tmp_path / "s.db"), host="0.0.0.0", port=8123)
    token = started["app"].state.security.token
    assert token and token in capsys.readouterr().out
    assert started["host"] == "0.0.0.0" and started["port"] == 8123
    serve(db=str(tmp_path / "s.db"))
    assert started["host"] == "127.0.0.1" and started["app"].state.security.token is None
    serve(db=str(tmp_path / "s.db"), token="given")
    assert started["app"].state.security.token == "given"
