"""Issue 17 item 11: reviewers named per browser (or API client) on one server.

One ``stancemap serve`` is shared by several people: each names themself once
(``POST /reviewer``, or the name field of ``/login``), and every decision they make
is stored under that name; undo reverts only their own latest decision. The name
travels in a cookie signed by the server (a forged or edited cookie is ignored);
an API client holding the access token names itself with ``X-Reviewer``. Without
a name, the server's ``--reviewer`` (or the login name running it) is recorded.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from stancemap.store import Store, review
from stancemap.web import create_app
from stancemap.web.security import CSRF_HEADER, REVIEWER_COOKIE
from tests.test_audit17_reviewers import _ids


def _browser(app: object) -> TestClient:
    client = TestClient(app)  # type: ignore[arg-type]
    html = client.get("/review").text
    token = re.search(r'<meta name="csrf-token" content="([0-9a-f]+)">', html).group(1)  # type: ignore[union-attr]
    client.headers.update({CSRF_HEADER: token, "accept": "application/json"})
    return client


def test_two_people_on_one_server_are_recorded_apart_and_undo_their_own(web_store: Store) -> None:
    app = create_app(web_store, person="server-owner")
    ana, bob = _browser(app), _browser(app)
    assert ana.post("/reviewer", data={"name": "Ana Ruiz"}).status_code == 200
    assert bob.post("/reviewer", data={"name": "bob"}).status_code == 200
    first, second = _ids(ana)[:2]
    assert ana.post(f"/review/{first}/reject").json()["review"]["person"] == "person:Ana Ruiz"
    assert bob.post(f"/review/{second}/reject").json()["review"]["person"] == "person:bob"
    undone = bob.post("/review/undo").json()["review"]
    assert (undone["statement"], undone["person"]) == (second, "person:bob")
    assert bob.post("/review/undo").status_code == 409  # ana's decision is not bob's to undo
    assert {(r.statement_id, r.person, r.undone) for r in review.history(web_store, limit=10)} == {
        (first, "person:Ana Ruiz", False), (second, "person:bob", True)}


def test_without_a_name_the_servers_reviewer_is_recorded(web_store: Store) -> None:
    client = _browser(create_app(web_store, person="server-owner"))
    first = _ids(client)[0]
    assert client.post(f"/review/{first}/reject").json()["review"]["person"] == "person:server-owner"


def test_the_review_page_says_who_is_reviewing_and_is_not_shared_between_people(web_store: Store) -> None:
    app = create_app(web_store, person="server-owner")
    ana, other = _browser(app), _browser(app)
    ana.post("/reviewer", data={"name": "Ana Ruiz"})
    assert ana.get("/review.json").json()["person"] == "Ana Ruiz"
    assert other.get("/review.json").json()["person"] == "server-owner"  # not Ana's cached page
    html = ana.get("/review", headers={"accept": "text/html"}).text
    assert "Ana Ruiz" in html and 'action="/reviewer"' in html


def test_a_forged_or_edited_name_cookie_is_ignored(web_store: Store) -> None:
    app = create_app(web_store, person="server-owner")
    ana = _browser(app)
    ana.post("/reviewer", data={"name": "ana"})
    signed = ana.cookies.get(REVIEWER_COOKIE)
    assert signed
    forged = _browser(app)
    forged.cookies.set(REVIEWER_COOKIE, signed.replace(signed.split(".")[0], "Ym9i"))  # "bob", same signature
    assert forged.get("/review.json").json()["person"] == "server-owner"
    other_server = _browser(create_app(web_store, person="other"))  # another server's key signs differently
    other_server.cookies.set(REVIEWER_COOKIE, signed)
    assert other_server.get("/review.json").json()["person"] == "other"


@pytest.mark.parametrize("name", ["", "   ", "a" * 81, "ana\x07", "line\nbreak"])
def test_a_name_that_cannot_be_recorded_is_a_400_that_says_why(web_store: Store, name: str) -> None:
    client = _browser(create_app(web_store, person="server-owner"))
    answer = client.post("/reviewer", data={"name": name})
    assert answer.status_code == 400
    assert "name" in answer.json()["error"]


def test_naming_oneself_is_a_write_that_needs_the_csrf_token(web_store: Store) -> None:
    client = TestClient(create_app(web_store, person="server-owner"))
    client.get("/review")
    assert client.post("/reviewer", data={"name": "mallory"}).status_code == 403


def test_an_api_client_with_the_token_names_itself_with_a_header(web_store: Store) -> None:
    client = TestClient(create_app(web_store, token="s3cret", person="server-owner"))
    headers = {"Authorization": "Bearer s3cret", "Accept": "application/json", "X-Reviewer": "script-7"}
    first = _ids(client)[0]
    assert client.post(f"/review/{first}/reject", headers=headers).json()["review"]["person"] == "person:script-7"


def test_login_takes_the_reviewers_name_with_the_token(web_store: Store) -> None:
    app = create_app(web_store, token="s3cret", person="server-owner")
    client = TestClient(app)
    html = client.get("/login").text
    csrf = re.search(r'name="csrf_token" value="([0-9a-f]+)"', html).group(1)  # type: ignore[union-attr]
    done = client.post("/login", data={"token": "s3cret", "name": "Chen", "csrf_token": csrf},
                       follow_redirects=False)
    assert done.status_code == 303
    assert client.get("/review.json").json()["person"] == "Chen"
