"""A review decision answers fast under load (issue 17, item 23) without losing what it guarantees.

Under 20 concurrent clients a decision's time goes mostly to waiting for the
interpreter: every SQL statement gives it up to the requests reading pages, and
waits to get it back. So the number of statements a decision and its answer
run is what these tests pin, next to the guarantees that must not change: one
write transaction per action with its log row, the answer read after the commit,
and a card that says exactly what the separate readers say.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from stancemap.store import Store, review, review_log
from stancemap.web import create_app
from stancemap.web.security import CSRF_HEADER


@contextlib.contextmanager
def sql_run(store: Store) -> Iterator[list[str]]:
    """The SQL statements ``store`` runs inside the block (BEGIN and COMMIT of SQLite included)."""
    found: list[str] = []

    def seen(conn: object, cursor: object, statement: str, *args: object) -> None:
        found.append(" ".join(statement.split()))

    def committed(conn: object) -> None:
        found.append("COMMIT")

    sa.event.listen(store.engine, "before_cursor_execute", seen)
    sa.event.listen(store.engine, "commit", committed)
    try:
        yield found
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", seen)
        sa.event.remove(store.engine, "commit", committed)


def statement_of(store: Store, actor: str) -> int:
    found, _ = review.statement_page(store, review.StatementFilter(actor=actor, include_rejected=True))
    return found[0].id


def test_the_card_of_a_decision_is_three_queries_in_one_read(web_store: Store) -> None:
    borrell = statement_of(web_store, "Josep Borrell")
    done = review.set_stance(web_store, borrell, "strike-russia", "oppose", "tester")
    with sql_run(web_store) as sql:
        card = review.statement_card(web_store, borrell, review_id=done, with_issues=False)
    assert card is not None and card.review is not None and card.review.id == done
    selects = [s for s in sql if s.startswith("SELECT")]
    assert len(selects) == 3, selects  # statement with its text; codings; the log (status and the action)
    assert not any(s.startswith(("INSERT", "UPDATE", "DELETE", "BEGIN IMMEDIATE")) for s in sql)
    with sql_run(web_store) as sql:
        card = review.statement_card(web_store, borrell, review_id=done)
    assert len([s for s in sql if s.startswith("SELECT")]) == 4  # and the issues, for the htmx card
    assert [i.id for i in card.issues] == ["aid", "strike-russia"]  # type: ignore[union-attr]


def test_a_stance_decision_is_one_write_transaction_with_its_log_row(web_store: Store) -> None:
    borrell = statement_of(web_store, "Josep Borrell")
    with sql_run(web_store) as sql:
        review.set_stance(web_store, borrell, "strike-russia", "oppose", "tester")
    assert sql[0].startswith("BEGIN IMMEDIATE") or web_store.engine.dialect.name != "sqlite"
    assert sql.count("COMMIT") == 1 and sql[-1] == "COMMIT"
    assert any(s.startswith("INSERT INTO reviews") for s in sql)
    assert len(sql) <= 16, sql  # 14 statements, BEGIN and COMMIT: no more


def _card_as_the_readers_say(store: Store, statement_id: int, review_id: int | None) -> dict[str, object]:
    stored = review.statements_by_ids(store, [statement_id])[0]
    actor = stored.statement.actor
    return {
        "statement": stored,
        "actor_ids": review.actor_ids(store, [actor]) if actor else {},
        "status": review.status_of(store, [statement_id]),
        "dismissed": review.dismissals(store, [statement_id]).get(statement_id, []),
        "text": review.document_row(store, stored.document.id)["text"],  # type: ignore[index]
        "review": None if review_id is None else review.get_review(store, review_id),
        "issues": store.issues(),
    }


def _act(store: Store, statement_id: int, what: str) -> int | None:
    if what == "nothing":
        return None
    if what == "stance":
        return review.set_stance(store, statement_id, "strike-russia", "oppose", "tester")
    if what == "not-relevant":
        review.set_stance(store, statement_id, "aid", "support", "other")
        return review.not_relevant(store, statement_id, "strike-russia", "tester")
    if what == "accept":
        return review.accept(store, statement_id, "tester")
    if what == "reject":
        return review.reject(store, statement_id, "tester")
    if what == "reject, undone":
        review.reject(store, statement_id, "tester")
        return review.undo(store, "tester").id  # type: ignore[union-attr]
    if what == "speaker":
        return review.set_speaker(store, statement_id, "NATO", "tester", actor_type="organisation")
    raise AssertionError(what)


@pytest.mark.parametrize("what", ["nothing", "stance", "not-relevant", "accept", "reject", "reject, undone",
                                  "speaker"])
def test_the_card_says_what_the_readers_say(web_store: Store, what: str) -> None:
    borrell = statement_of(web_store, "Josep Borrell")
    done = _act(web_store, borrell, what)
    card = review.statement_card(web_store, borrell, review_id=done)
    assert card is not None
    expected = _card_as_the_readers_say(web_store, borrell, done)
    assert {name: getattr(card, name) for name in expected} == expected
    if what == "reject":
        assert card.status == {borrell: "rejected"}
    if what == "reject, undone":
        assert card.status == {} and card.review is not None and card.review.undone
    if what == "not-relevant":
        assert card.dismissed == [("strike-russia", "person:tester")]
    if what == "speaker":
        assert card.statement.statement.actor == "NATO" and card.actor_ids["NATO"] > 0


def test_status_from_matches_status_of_for_many_statements(web_store: Store) -> None:
    found, _ = review.statement_page(web_store, review.StatementFilter(include_rejected=True))
    ids = [s.id for s in found]
    review.reject(web_store, ids[0], "tester")
    review.set_stance(web_store, ids[1], "aid", "neutral", "tester")
    review.set_stance(web_store, ids[2], "aid", "neutral", "tester")
    review.undo(web_store, "tester")
    assert review.status_of(web_store, ids) == {ids[0]: "rejected", ids[1]: "reviewed"}
    for sid in ids:
        card = review.statement_card(web_store, sid)
        assert card is not None and card.status == review.status_of(web_store, [sid])


def test_a_failed_log_row_leaves_the_card_as_it_was(web_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    borrell = statement_of(web_store, "Josep Borrell")
    before = review.statement_card(web_store, borrell)

    def broken_log(*args: object, **kwargs: object) -> int:
        raise RuntimeError("crash while logging")

    monkeypatch.setattr(review_log, "_log", broken_log)
    with pytest.raises(RuntimeError, match="crash while logging"):
        review.set_stance(web_store, borrell, "strike-russia", "oppose", "tester")
    assert review.statement_card(web_store, borrell) == before


@pytest.fixture
def client(web_store: Store) -> TestClient:
    client = TestClient(create_app(web_store, person="tester"))
    html = client.get("/review").text
    token = re.search(r'<meta name="csrf-token" content="([0-9a-f]+)">', html).group(1)  # type: ignore[union-attr]
    client.headers.update({CSRF_HEADER: token})
    return client


def test_a_json_decision_reads_its_card_without_the_issues_and_htmx_lists_them(
    client: TestClient, web_store: Store
) -> None:
    borrell = statement_of(web_store, "Josep Borrell")
    with sql_run(web_store) as sql:
        answer = client.post(f"/review/{borrell}/stance", data={"issue": "strike-russia", "stance": "oppose"},
                             headers={"accept": "application/json"})
    assert answer.status_code == 200
    assert answer.json()["statement"]["codings"][0]["stance"] == "oppose"
    assert answer.json()["review"]["person"] == "person:tester"
    committed = sql.index("COMMIT")
    assert any(s.startswith("INSERT INTO reviews") for s in sql[:committed])  # the log row, in the write
    assert not any(s.startswith("SELECT issues") for s in sql)
    assert all(s.startswith(("SELECT", "BEGIN", "COMMIT")) for s in sql[committed:])  # the card: after the commit
    html = client.post(f"/review/{borrell}/stance", data={"issue": "aid", "stance": "support"},
                       headers={"hx-request": "true", "accept": "text/html"}).text
    assert '<option value="aid"' in html and "More aid" in html


def test_a_decision_needs_the_csrf_token_still(web_store: Store) -> None:
    client = TestClient(create_app(web_store, person="tester"))
    borrell = statement_of(web_store, "Josep Borrell")
    refused = client.post(f"/review/{borrell}/stance", data={"issue": "strike-russia", "stance": "oppose"},
                          headers={"accept": "application/json"})
    assert refused.status_code == 403
    assert review.history(web_store) == []
