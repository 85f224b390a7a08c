"""Issue 17 items 11 and 24 (audit): named reviewers through the web, and what web undo shows.

Two servers over one store, started for two reviewers (``serve --reviewer``):
every decision is stored under its reviewer's name, and one reviewer's undo
reverts only that reviewer's latest decision, never the other's. After an undo
the review page marks the undone row of its history, which ``review.js`` reads
to say what was undone.
"""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from stancemap.store import Store, review
from stancemap.web import create_app
from stancemap.web.security import CSRF_HEADER

STATIC = Path(__file__).resolve().parents[1] / "src" / "stancemap" / "web" / "static"


def _client(store: Store, reviewer: str) -> TestClient:
    client = TestClient(create_app(store, person=reviewer))
    html = client.get("/review").text
    token = re.search(r'<meta name="csrf-token" content="([0-9a-f]+)">', html).group(1)  # type: ignore[union-attr]
    client.headers.update({CSRF_HEADER: token, "accept": "application/json"})
    return client


def _ids(client: TestClient) -> list[int]:
    return [s["id"] for s in client.get("/statements.json?size=500").json()["statements"]]


def test_each_reviewer_is_recorded_and_undoes_only_their_own(web_store: Store) -> None:
    ana, bob = _client(web_store, "ana"), _client(web_store, "bob")
    first, second = _ids(ana)[:2]
    assert ana.post(f"/review/{first}/reject").json()["review"]["person"] == "person:ana"
    assert bob.post(f"/review/{second}/reject").json()["review"]["person"] == "person:bob"
    assert {(r.statement_id, r.person) for r in review.history(web_store, limit=10)} == {
        (first, "person:ana"), (second, "person:bob")}
    undone = bob.post("/review/undo").json()["review"]
    assert (undone["statement"], undone["person"]) == (second, "person:bob")
    shown = _ids(ana)
    assert first not in shown and second in shown  # ana's rejection stands
    assert bob.post("/review/undo").status_code == 409  # bob has nothing left; ana's is not his


def test_the_page_after_an_undo_marks_what_was_undone(web_store: Store) -> None:
    ana = _client(web_store, "ana")
    first = _ids(ana)[0]
    ana.post(f"/review/{first}/reject")
    ana.post("/review/undo")
    html = ana.get("/review", headers={"accept": "text/html"}).text
    row = re.search(r'<tr class="undone">(.*?)</tr>', html, re.S)
    assert row, "the undone decision is marked in the history table"
    cells = re.findall(r"<td>(.*?)</td>", row.group(1))
    assert cells[1:4] == ["person:ana", "reject", str(first)]
    script = (STATIC / "review.js").read_text(encoding="utf-8")
    assert "table.history tr.undone" in script and "Undone: " in script
