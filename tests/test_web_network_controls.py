"""The network page at scale: minimum edge weight, top-N actors, normalisation, backbone, labels.

Checked through the page's JSON twin on a hand-built store, against the same
library functions the CLI uses, and in a browser (skipped without chromium).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from stancemap.models import Article, Codebook, Coding, Issue, Statement, TextSpan
from stancemap.network import filters
from stancemap.store import Store
from stancemap.web import create_app

#: (actor, issue, stance, how many articles)
SAID = [("Alpha", "x", "support", 4), ("Beta", "x", "support", 3), ("Gamma", "x", "support", 1),
        ("Delta", "x", "oppose", 2), ("Epsilon", "x", "oppose", 1), ("Alpha", "y", "support", 2),
        ("Beta", "y", "support", 2), ("Zeta", "y", "oppose", 1)]


def _store(path: Path) -> Store:
    store = Store.open(f"sqlite:///{path}")
    issues = (Issue("x", "Issue x", "X should happen."), Issue("y", "Issue y", "Y too."))
    store.save_codebook(Codebook(issues, hash="h"))
    run = store.begin_run(pipeline_version="test", model="m", codebook_hash="h", args={})
    n = 0
    for actor, issue, stance, times in SAID:
        for _ in range(times):
            n += 1
            text = f"{actor} said that {issue} matters."
            article = Article(f"d{n}", text, dt.date(2024, 1, 1) + dt.timedelta(days=n), title=f"t{n}", source="s")
            speaker = TextSpan(0, len(actor), actor)
            cue = TextSpan(len(actor) + 1, len(actor) + 5, "said")
            content = TextSpan(len(actor) + 11, len(text) - 1, text[len(actor) + 11:-1])
            store.save_document(article, [Statement(
                f"d{n}", content, speaker, cue, kind="indirect", confidence=0.9, date=article.date,
                speaker_name=actor, actor=actor, actor_type="person", actor_method="exact", actor_confidence=1.0,
                codings=(Coding(issue, stance, 0.9, "model:keyword.v1"),))], run)
    return store


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = _store(tmp_path_factory.mktemp("net") / "net.db")
    try:
        yield TestClient(create_app(store))
    finally:
        store.close()


def _names(data: dict[str, Any], kind: str = "actor") -> set[str]:
    return {n["data"]["label"] for n in data["nodes"] if n["data"]["kind"] == kind}


def test_the_page_offers_every_control(client: TestClient) -> None:
    html = client.get("/network?mode=congruence").text
    for name in ("min_weight", "top", "normalize", "backbone"):
        assert f'name="{name}"' in html
    data = client.get("/network.json?mode=congruence").json()
    assert data["normalizations"] == ["none", "average-activity", "jaccard", "cosine"]
    assert client.get("/network.json").json()["normalizations"] == ["none"]


def test_top_actors_keeps_the_most_active(client: TestClient) -> None:
    assert _names(client.get("/network.json?top=2").json()) == {"Alpha", "Beta"}
    assert _names(client.get("/network.json?mode=congruence&top=3").json()) <= {"Alpha", "Beta", "Delta"}


def test_min_weight_drops_light_edges(client: TestClient) -> None:
    every = client.get("/network.json?mode=congruence").json()
    heavy = client.get("/network.json?mode=congruence&min_weight=5").json()
    assert every["edges"] and all(abs(e["data"]["weight"]) >= 5 for e in heavy["edges"])
    assert len(heavy["edges"]) < len(every["edges"])
    assert heavy["min_weight"] == 5
    two_mode = client.get("/network.json?min_weight=2").json()  # two-mode: combine weights 1 or 2
    assert all(e["data"]["weight"] >= 2 for e in two_mode["edges"])


def test_normalisation_uses_the_library_weights(client: TestClient) -> None:
    raw = {e["data"]["id"]: e["data"]["weight"] for e in client.get("/network.json?mode=congruence").json()["edges"]}
    jac = {e["data"]["id"]: e["data"]["weight"]
           for e in client.get("/network.json?mode=congruence&normalize=jaccard").json()["edges"]}
    assert raw.keys() == jac.keys() and max(jac.values()) <= 1.0 < max(raw.values())
    bad = client.get("/network.json?normalize=jaccard")
    assert bad.status_code == 400 and "does not apply to two-mode" in bad.json()["error"]


def test_backbone_and_its_bounds(client: TestClient) -> None:
    every = client.get("/network.json?mode=congruence").json()
    kept = client.get("/network.json?mode=congruence&backbone=0.5").json()
    assert len(kept["edges"]) <= len(every["edges"]) and kept["backbone"] == 0.5
    assert client.get("/network.json?min_weight=&top=&backbone=&normalize=").status_code == 200  # empty boxes: off
    for bad in ("backbone=0", "backbone=1.5", "top=0", "min_weight=-1", "top=many", "min_weight=nan"):
        assert client.get(f"/network.json?{bad}").status_code == 400, bad


def test_controls_reach_the_exports(client: TestClient) -> None:
    csv = client.get("/network/export.csv?mode=congruence&top=2").text
    assert "Alpha" in csv and "Gamma" not in csv


def test_only_top_nodes_carry_a_drawn_label(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from stancemap.web import positions

    monkeypatch.setattr(positions, "LABELLED_ACTORS", 2)
    data = client.get("/network.json?mode=congruence&normalize=cosine").json()
    shown = {n["data"]["label"] for n in data["nodes"] if n["data"]["shown"]}
    assert len(shown) == 2 and len(data["nodes"]) > 2


def test_backbone_keeps_the_dominant_tie() -> None:
    G = nx.Graph()
    G.add_weighted_edges_from([("hub", f"a{i}", 1.0) for i in range(10)] + [("hub", "z", 50.0)])
    assert sorted(filters.backbone(G, 0.05).edges()) == [("hub", "z")]
    assert filters.backbone(G, 0.999).number_of_edges() == 11


# ---------------------------------------------------------------- browser


def test_controls_in_a_browser(tmp_path: Path) -> None:
    from tests.test_web_browser import ARGS, CHROMIUM, Served

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    store = _store(tmp_path / "b.db")
    try:
        with Served(create_app(store)) as served, sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 390, "height": 844})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(served.url + "/network?mode=congruence")
            page.wait_for_timeout(1500)
            assert errors == []
            page.wait_for_selector("#cy[data-drawn]")
            before = page.evaluate("() => window.stancemapNetwork.nodes().length")
            page.fill("input[name=top]", "2")
            with page.expect_navigation():
                page.get_by_role("button", name="Draw").click()
            page.wait_for_selector("#cy[data-drawn]")
            after = page.evaluate("() => window.stancemapNetwork.nodes().map(n => n.data('label')).sort()")
            assert after == ["Alpha", "Beta"] and before > 2
            assert page.input_value("input[name=top]") == "2"
            assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
            assert errors == []
            browser.close()
    finally:
        store.close()
