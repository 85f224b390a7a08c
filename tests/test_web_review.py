"""The review queue and its actions, in process: stored as a person's codings, undoable, kept on reruns."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from stancemap.errors import StoreError
from stancemap.models import Article
from stancemap.store import Store, review, review_log
from stancemap.web import create_app
from stancemap.web.security import CSRF_HEADER


@pytest.fixture
def client(web_store: Store) -> TestClient:
    client = TestClient(create_app(web_store, person="tester"))
    html = client.get("/review").text
    token = re.search(r'<meta name="csrf-token" content="([0-9a-f]+)">', html).group(1)  # type: ignore[union-attr]
    client.headers.update({CSRF_HEADER: token, "accept": "application/json"})
    return client


def sid(client: TestClient, actor: str) -> int:
    return client.get(f"/statements.json?actor={actor}").json()["statements"][0]["id"]


def stance_of(client: TestClient, statement: int, issue: str = "strike-russia") -> tuple[str, str] | None:
    for s in client.get("/statements.json?rejected=true&size=500").json()["statements"]:
        if s["id"] == statement:
            for c in s["codings"]:
                if c["issue"] == issue:
                    return c["stance"], c["origin"]
    return None


def test_queue_puts_uncertain_codings_first(client: TestClient) -> None:
    data = client.get("/review.json").json()
    confidences = [min([c["confidence"] for c in s["codings"]] or [s["confidence"]]) for s in data["queue"]]
    assert confidences == sorted(confidences)
    assert data["queue"][0]["actor"] == "Germany"  # its coding is the least certain (0.4)
    assert data["paging"]["total"] == 4
    assert data["queue"][0]["evidence"]
    assert [s["actor"] for s in client.get("/review.json?issue=aid").json()["queue"]] == [None]


def test_set_stance_is_a_person_coding_seen_everywhere(client: TestClient, web_store: Store) -> None:
    borrell = sid(client, "borrell")
    response = client.post(f"/review/{borrell}/stance", data={"issue": "strike-russia", "stance": "oppose"})
    assert response.status_code == 200
    body = response.json()
    assert body["review"]["action"] == "stance" and body["review"]["person"] == "person:tester"
    assert body["statement"]["status"] == "reviewed"
    assert stance_of(client, borrell) == ("oppose", "person:tester")
    # the actor page, the issue page and the counts follow the person
    actor_id = body["statement"]["actor_id"]
    actor = client.get(f"/actors/{actor_id}.json").json()
    assert actor["issues"][0]["counts"] == {"support": 0, "oppose": 1, "neutral": 0}
    opponents = [g["actor"] for g in client.get("/issues/strike-russia.json").json()["positions"]["oppose"]]
    assert "Josep Borrell" in opponents
    assert borrell not in [s["id"] for s in client.get("/review.json").json()["queue"]]
    assert [s["id"] for s in client.get("/statements.json?origin=person").json()["statements"]] == [borrell]


def test_accept_copies_the_model_stances(client: TestClient) -> None:
    germany = sid(client, "germany")
    assert client.post(f"/review/{germany}/accept").status_code == 200
    assert stance_of(client, germany) == ("oppose", "person:tester")


def test_not_a_statement_hides_it(client: TestClient) -> None:
    germany = sid(client, "germany")
    assert client.post(f"/review/{germany}/reject").json()["statement"]["status"] == "rejected"
    assert germany not in [s["id"] for s in client.get("/statements.json").json()["statements"]]
    assert germany in [s["id"] for s in client.get("/statements.json?rejected=true").json()["statements"]]
    assert germany not in [s["id"] for s in client.get("/review.json").json()["queue"]]
    issue = client.get("/issues/strike-russia.json").json()
    assert all(not g["evidence"] for g in issue["positions"]["oppose"])


def test_fix_the_speaker(client: TestClient) -> None:
    someone = client.get("/statements.json?issue=aid").json()["statements"][0]["id"]
    unknown = client.post(f"/review/{someone}/speaker", data={"actor": "Olaf Scholz"})
    assert unknown.status_code == 400 and "give a type" in unknown.json()["error"]
    created = client.post(f"/review/{someone}/speaker", data={"actor": "Olaf Scholz", "type": "person"})
    assert created.json()["statement"]["actor"] == "Olaf Scholz"
    actors = {a["name"]: a for a in client.get("/actors.json").json()["actors"]}
    assert actors["Olaf Scholz"]["reviewed"] and actors["Olaf Scholz"]["statements"] == 1
    existing = client.post(f"/review/{someone}/speaker", data={"actor": "borrell"})  # an alias
    assert existing.json()["statement"]["actor"] == "Josep Borrell"
    client.post("/review/undo")
    assert client.get("/statements.json?issue=aid").json()["statements"][0]["actor"] == "Olaf Scholz"


def test_undo_reverts_one_action_at_a_time(client: TestClient) -> None:
    borrell = sid(client, "borrell")
    client.post(f"/review/{borrell}/stance", data={"issue": "strike-russia", "stance": "neutral"})
    client.post(f"/review/{borrell}/stance", data={"issue": "strike-russia", "stance": "oppose"})
    assert stance_of(client, borrell) == ("oppose", "person:tester")
    assert client.post("/review/undo").json()["review"]["stance"] == "oppose"
    assert stance_of(client, borrell) == ("neutral", "person:tester")
    client.post("/review/undo")
    assert stance_of(client, borrell) == ("support", "model:keyword.v1")
    client.post(f"/review/{borrell}/reject")
    client.post("/review/undo")
    assert borrell in [s["id"] for s in client.get("/statements.json").json()["statements"]]
    nothing = client.post("/review/undo")
    assert nothing.status_code == 409 and "Nothing to undo" in nothing.json()["error"]
    history = client.get("/review.json").json()["history"]
    assert [h["undone"] for h in history] == [True, True, True]


def test_bad_actions_are_refused_with_the_fix(client: TestClient) -> None:
    borrell = sid(client, "borrell")
    bad = client.post(f"/review/{borrell}/stance", data={"issue": "strike-russia", "stance": "maybe"})
    assert bad.status_code == 400 and "support, oppose, neutral" in bad.json()["error"]
    missing = client.post("/review/99999/reject")
    assert missing.status_code == 400 and "no statement 99999" in missing.json()["error"]
    assert client.post(f"/review/{borrell}/stance", data={"issue": "nope", "stance": "oppose"}).status_code == 400


def test_corrections_survive_a_rerun(client: TestClient, web_store: Store) -> None:
    borrell = sid(client, "borrell")
    client.post(f"/review/{borrell}/stance", data={"issue": "strike-russia", "stance": "oppose"})
    run = web_store.begin_run(pipeline_version="test", model="m", codebook_hash="h1", args={})
    text = "Borrell said that Ukraine may strike targets in Russia. Nobody answered."
    assert web_store.save_document(Article("a1", text, dt.date(2024, 5, 1)), [], run) is None
    assert stance_of(client, borrell) == ("oppose", "person:tester")
    # and the store's own reader sees the person's coding too
    (stored,) = [s for s in web_store.statements(actor="borrell")]
    assert [(c.stance, c.origin) for c in stored.statement.codings] == [("oppose", "person:tester")]


def test_htmx_actions_answer_with_the_card(client: TestClient) -> None:
    borrell = sid(client, "borrell")
    response = client.post(f"/review/{borrell}/stance", data={"issue": "strike-russia", "stance": "oppose"},
                           headers={"hx-request": "true", "accept": "text/html"})
    assert response.status_code == 200
    assert f'id="card-{borrell}"' in response.text and "status-reviewed" in response.text
    undo = client.post("/review/undo", headers={"hx-request": "true", "accept": "text/html"})
    assert undo.headers["hx-refresh"] == "true"


def test_plain_form_posts_redirect_back(client: TestClient) -> None:
    borrell = sid(client, "borrell")
    token = client.headers[CSRF_HEADER]
    response = client.post(f"/review/{borrell}/reject", data={"csrf_token": token},
                           headers={CSRF_HEADER: "", "accept": "text/html"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/review"


def test_review_page_lists_keys_and_cards(client: TestClient) -> None:
    html = client.get("/review", headers={"accept": "text/html"}).text
    assert html.count('class="card ') == 4
    for key in ("a", "s", "o", "n", "x", "u"):
        assert f'data-key="{key}"' in html
    assert '<script src="/static/review.js" defer></script>' in html


def test_review_log_lives_in_a_migrated_table(web_store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from stancemap.store.schema import metadata

    assert metadata.tables["reviews"] is review.reviews
    with web_store.engine.connect() as connection:
        assert "reviews" in sa.inspect(connection).get_table_names()
        context = MigrationContext.configure(connection, opts={"compare_type": True, "compare_server_default": True})
        assert [d for d in compare_metadata(context, metadata) if "reviews" in repr(d)] == []


def test_review_functions_name_the_fix(web_store: Store) -> None:
    with pytest.raises(StoreError, match="person's name"):
        review.reject(web_store, 1, " ")
    with pytest.raises(StoreError, match="Name the actor"):
        review.set_speaker(web_store, 1, "  ", "me")
    with pytest.raises(StoreError, match="not one of person"):
        review.set_speaker(web_store, 1, "X", "me", actor_type="robot")
    assert review.undo(web_store, "me") is None


def test_actor_alias_type_and_merge(client: TestClient) -> None:
    actors = {a["name"]: a["id"] for a in client.get("/actors.json").json()["actors"]}
    borrell, germany = actors["Josep Borrell"], actors["Germany"]
    added = client.post(f"/actors/{borrell}/alias", data={"alias": "the EU's top diplomat"})
    assert added.status_code == 200, added.text
    assert "the EU's top diplomat" in client.get(f"/actors/{borrell}.json").json()["actor"]["aliases"]
    assert client.post(f"/actors/{germany}/type", data={"type": "group"}).status_code == 200
    assert client.get(f"/actors/{germany}.json").json()["actor"]["type"] == "group"
    assert client.post(f"/actors/{germany}/type", data={"type": "robot"}).status_code == 400
    merged = client.post(f"/actors/{germany}/merge", data={"target": "Josep Borrell"})
    assert merged.status_code == 200 and merged.json()["actor_id"] == borrell
    page = client.get(f"/actors/{borrell}.json").json()
    assert page["actor"]["statements"] == 2 and "Germany" in page["curation"]["merged"]
    assert [e["kind"] for e in page["curation"]["edits"]][-1] == "merge"
    assert client.get(f"/actors/{germany}.json").status_code == 404
    unknown = client.post(f"/actors/{borrell}/merge", data={"target": "Nobody At All"})
    assert unknown.status_code == 400 and "no actor named" in unknown.json()["error"]


def test_actor_forms_post_back_to_the_actor_page(client: TestClient) -> None:
    borrell = {a["name"]: a["id"] for a in client.get("/actors.json").json()["actors"]}["Josep Borrell"]
    html = client.get(f"/actors/{borrell}", headers={"accept": "text/html"}).text
    assert f'action="/actors/{borrell}/alias"' in html and 'name="csrf_token"' in html
    token = client.headers[CSRF_HEADER]
    response = client.post(f"/actors/{borrell}/alias", data={"alias": "Mr Borrell", "csrf_token": token},
                           headers={CSRF_HEADER: "", "accept": "text/html"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/actors/{borrell}"


def test_a_review_updates_the_cached_counts_at_once(client: TestClient) -> None:
    def strike() -> dict:
        return next(i for i in client.get("/index.json").json()["issues"] if i["id"] == "strike-russia")

    assert (strike()["support"], strike()["oppose"]) == (2, 1)
    client.post(f"/review/{sid(client, 'borrell')}/stance", data={"issue": "strike-russia", "stance": "oppose"})
    assert (strike()["support"], strike()["oppose"]) == (1, 2)
    assert next(i for i in client.get("/issues.json").json()["issues"] if i["id"] == "strike-russia")["oppose"] == 2


def test_not_relevant_is_kept_shown_and_undone(client: TestClient, web_store: Store) -> None:
    borrell = sid(client, "borrell")

    def strike() -> dict:
        return next(i for i in client.get("/index.json").json()["issues"] if i["id"] == "strike-russia")

    before = strike()["support"]
    response = client.post(f"/review/{borrell}/not-relevant", data={"issue": "strike-russia"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["review"]["action"] == "not-relevant" and body["statement"]["status"] == "reviewed"
    assert body["statement"]["not_relevant"] == [{"issue": "strike-russia", "origin": "person:tester"}]
    assert "strike-russia" not in [c["issue"] for c in body["statement"]["codings"]]
    assert strike()["support"] == before - 1  # counted at once, no cache in between
    assert borrell not in [s["id"] for s in client.get("/review.json").json()["queue"]]
    html = client.get(f"/documents/{body['statement']['document']['id']}").text
    assert "not relevant" in html and "person:tester" in html
    # kept as the person's coding (stance unrelated): nothing was deleted
    assert review.dismissals(web_store, [borrell]) == {borrell: [("strike-russia", "person:tester")]}
    undone = client.post("/review/undo").json()
    assert undone["review"]["action"] == "not-relevant"
    assert undone["statement"]["not_relevant"] == [] and strike()["support"] == before
    assert borrell in [s["id"] for s in client.get("/review.json").json()["queue"]]


def person_codings(store: Store) -> list[tuple[int, str, str]]:
    from stancemap.store.schema import codings

    with store._read() as connection:
        return [tuple(r) for r in connection.execute(
            sa.select(codings.c.statement_id, codings.c.issue_id, codings.c.stance)
            .where(codings.c.origin.like("person:%")))]


@pytest.mark.parametrize("action", ["stance", "accept", "not-relevant"])
def test_a_review_whose_log_fails_writes_nothing(
    client: TestClient, web_store: Store, monkeypatch: pytest.MonkeyPatch, action: str
) -> None:
    borrell = sid(client, "borrell")
    counts = review.stance_counts(web_store)

    def broken_log(*args: object, **kwargs: object) -> int:
        raise RuntimeError("crash while logging")

    monkeypatch.setattr(review_log, "_log", broken_log)  # the log row of every action
    with pytest.raises(RuntimeError, match="crash while logging"):
        if action == "stance":
            review.set_stance(web_store, borrell, "strike-russia", "oppose", "tester")
        elif action == "accept":
            review.accept(web_store, borrell, "tester")
        else:
            review.not_relevant(web_store, borrell, "strike-russia", "tester")
    assert person_codings(web_store) == []
    assert review.stance_counts(web_store) == counts
    assert stance_of(client, borrell) == ("support", "model:keyword.v1")


def test_undo_of_a_stance_restores_the_model_coding(client: TestClient, web_store: Store) -> None:
    borrell = sid(client, "borrell")
    counts = review.stance_counts(web_store)
    review.set_stance(web_store, borrell, "strike-russia", "oppose", "tester")
    assert stance_of(client, borrell) == ("oppose", "person:tester")
    assert review.undo(web_store, "tester").stance == "oppose"  # type: ignore[union-attr]
    assert person_codings(web_store) == []
    assert stance_of(client, borrell) == ("support", "model:keyword.v1")
    assert review.stance_counts(web_store) == counts
