"""A review decision answers with its statement's card read in one transaction (issue 17 item 23).

The card must be exactly what the review page shows for the same statement (pages.statement_dicts
and pages.with_evidence), for statements reviewed in every way, and a decision must read the
store in fewer transactions than the six it used to.
"""

from __future__ import annotations

import sqlalchemy as sa
from fastapi.testclient import TestClient

from stancemap.store import Store, review
from stancemap.web import pages
from stancemap.web.review_routes import _card
from tests.test_web_review import client, sid  # noqa: F401 - fixtures (web_store is in conftest)

ISSUE = "strike-russia"


def _page_card(store: Store, statement_id: int) -> dict:
    found = review.statements_by_ids(store, [statement_id])
    items = pages.statement_dicts(store, found)
    pages.with_evidence(store, items, found)
    return items[0]


def test_the_card_is_what_the_review_page_shows(client: TestClient, web_store: Store):  # noqa: F811
    ids = [s["id"] for s in client.get("/statements.json?size=50").json()["statements"]]
    assert len(ids) >= 3
    client.post(f"/review/{ids[0]}/stance", data={"issue": ISSUE, "stance": "oppose"})
    client.post(f"/review/{ids[1]}/not-relevant", data={"issue": ISSUE})
    client.post(f"/review/{ids[2]}/reject")
    for statement_id in ids:
        card = review.statement_card(web_store, statement_id)
        assert card is not None
        assert _card(card) == _page_card(web_store, statement_id)
    assert review.statement_card(web_store, 10**9) is None


def test_a_decision_answers_with_its_review_and_card(client: TestClient, web_store: Store):  # noqa: F811
    statement = client.get("/statements.json?size=1").json()["statements"][0]["id"]
    body = client.post(f"/review/{statement}/stance", data={"issue": ISSUE, "stance": "neutral"}).json()
    assert body["review"]["action"] == "stance" and body["review"]["stance"] == "neutral"
    assert body["review"]["statement"] == statement
    assert body["statement"] == _page_card(web_store, statement)
    assert body["review"] == review.get_review(web_store, body["review"]["id"]).to_dict()


def test_a_decision_reads_in_one_transaction_after_its_write(client: TestClient, web_store: Store):  # noqa: F811
    statement = client.get("/statements.json?size=1").json()["statements"][0]["id"]
    begins: list[str] = []
    listener = lambda conn: begins.append("begin")  # noqa: E731
    sa.event.listen(web_store.engine, "begin", listener)
    try:
        assert client.post(f"/review/{statement}/stance", data={"issue": ISSUE, "stance": "support"}).status_code == 200
    finally:
        sa.event.remove(web_store.engine, "begin", listener)
    assert len(begins) == 2  # the write, then the card
