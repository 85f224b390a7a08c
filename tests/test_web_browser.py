"""The web app in a real browser: Debian's chromium driven by Playwright for Python.

The demo store is built by running the pipeline on ``examples/``; the app is
served by uvicorn on 127.0.0.1 (a free port) in a thread. Screenshots go to
``test-output/web/`` (or ``$STANCEMAP_TEST_OUTPUT/web/``).

Never downloads a browser: without ``/usr/bin/chromium`` (``apt-get install
chromium``) or the ``playwright`` package these tests are skipped.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def _output() -> Path:
    out = Path(os.environ.get("STANCEMAP_TEST_OUTPUT", ROOT / "test-output")) / "web"
    out.mkdir(parents=True, exist_ok=True)
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Served:
    """An app served by uvicorn in a thread, on 127.0.0.1 and a free port."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Served:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The example article run through the pipeline, served."""
    from stancemap import workflows
    from stancemap.web import create_app

    folder = tmp_path_factory.mktemp("demo")
    articles = folder / "articles"
    articles.mkdir()
    for path in EXAMPLES.glob("*.txt"):
        shutil.copy(path, articles / path.name)
    db = str(folder / "demo.db")
    workflows.run([str(articles)], db=db, codebook=EXAMPLES / "codebook.yaml")
    store = workflows.open_store(db, must_exist=True)
    try:
        with Served(create_app(store, person="browser-test")) as served:
            yield served
    finally:
        store.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    opened.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    opened.errors = errors  # uncaught exceptions and console errors (CSP violations among them)
    try:
        yield opened
    finally:
        context.close()


def test_example_article_is_highlighted(page: Any, demo: Served) -> None:
    page.goto(demo.url + "/documents")
    page.get_by_role("link", name="000_1978d43d598303c4").first.click()
    page.wait_for_selector("#doctext mark.hl-speaker")
    speakers = page.locator("#doctext mark.hl-speaker").all_inner_texts()
    cues = page.locator("#doctext mark.hl-cue").all_inner_texts()
    contents = " ".join(page.locator("#doctext mark.hl-content").all_inner_texts())
    assert "Borrell" in speakers and "Jens Stoltenberg" in speakers and "Volodymyr Zelenskyy" in speakers
    assert "noted" in cues and "stated" in cues
    assert "such a move is acceptable from the point of view of international law" in contents
    # the styles differ: speaker, cue and content are told apart at a glance
    colours = {role: page.locator(f"#doctext mark.hl-{role}").first.evaluate("e => getComputedStyle(e).backgroundColor")
               for role in ("speaker", "cue", "content")}
    assert len(set(colours.values())) == 3
    # hovering a statement in the list outlines its spans in the text
    first = page.locator(".statement-list li").first
    first.hover()
    assert page.locator("#doctext mark.active").count() >= 1
    page.screenshot(path=str(_output() / "document.png"), full_page=True)
    assert page.errors == []


def test_review_with_the_keyboard_then_see_it_on_the_actor_page(page: Any, demo: Served) -> None:
    page.goto(demo.url + "/review")
    card = page.locator("#queue .card", has=page.locator("mark.hl-cue", has_text="noted"))
    card.locator(".quote").click()
    assert "current" in (card.get_attribute("class") or "")
    statement = card.get_attribute("data-statement")
    page.keyboard.press("o")
    reviewed = page.locator(f"#card-{statement}.status-reviewed")
    reviewed.wait_for()
    assert "oppose" in reviewed.locator(".codings").inner_text()
    page.screenshot(path=str(_output() / "review.png"), full_page=True)

    page.get_by_role("link", name="Josep Borrell").first.click()
    page.wait_for_selector("svg.chart")
    oppose = page.locator('.timeline .count[data-stance="oppose"]').inner_text()
    assert oppose == "oppose 1"
    assert page.locator(f'circle.pt-oppose[data-statement="{statement}"]').count() == 1
    page.screenshot(path=str(_output() / "actor.png"), full_page=True)

    # undo with the keyboard: the model's stance is back
    page.goto(demo.url + "/review")
    with page.expect_navigation():
        page.keyboard.press("u")
    page.goto(demo.url + "/statements.json?actor=Josep%20Borrell")
    assert '"person:' not in page.content()
    assert page.errors == []


def test_network_view_draws_the_example_actors(page: Any, demo: Served) -> None:
    page.goto(demo.url + "/network")
    page.wait_for_selector("#cy[data-drawn]")
    labels = page.evaluate("() => window.stancemapNetwork.nodes().map(n => n.data('label'))")
    for actor in ("Josep Borrell", "Jens Stoltenberg", "Germany", "United States", "Volodymyr Zelenskyy"):
        assert actor in labels
    assert "strike-russia" in labels
    box = page.locator("#cy").bounding_box()
    inside = page.evaluate(
        "() => window.stancemapNetwork.nodes().every(n => { const p = n.renderedPosition();"
        " const c = n.cy().container();"
        " return p.x >= 0 && p.y >= 0 && p.x <= c.clientWidth && p.y <= c.clientHeight; })"
    )
    assert inside and box and box["height"] > 300
    colours = page.evaluate("() => window.stancemapNetwork.getElementById('actor:Germany').style('background-color')")
    assert colours.replace(" ", "") == "rgb(220,38,38)"  # Germany opposes: red
    page.locator("select[name=mode]").select_option("congruence")
    with page.expect_navigation():
        page.get_by_role("button", name="Draw").click()
    page.wait_for_selector("#cy[data-drawn]")
    page.screenshot(path=str(_output() / "network-congruence.png"), full_page=True)
    page.goto(demo.url + "/network")
    page.wait_for_selector("#cy[data-drawn]")
    page.screenshot(path=str(_output() / "network.png"), full_page=True)
    assert page.errors == []


def test_hostile_article_runs_no_script(browser: Any, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from stancemap.web import create_app
    from tests.test_web_pages import build_store, pages_of

    store = build_store(f"sqlite:///{tmp_path / 'hostile.db'}")
    try:
        app = create_app(store)
        paths = pages_of(TestClient(app))
        with Served(app) as served:
            context = browser.new_context(viewport={"width": 1300, "height": 900})
            page = context.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            for path in paths:
                page.goto(served.url + path)
                page.wait_for_load_state("load")
                page.mouse.move(200, 300)
                for element in page.locator("mark, td, h1, li").all()[:60]:
                    element.hover(timeout=2000, force=True)
                assert page.evaluate("() => window.__pwned === undefined"), path
                handlers = page.evaluate(
                    "() => [...document.querySelectorAll('*')].filter(e => [...e.attributes]"
                    ".some(a => a.name.startsWith('on'))).length"
                )
                assert handlers == 0, path
            evil = [p for p in paths if p.startswith("/documents/")][-1]
            page.goto(served.url + evil)
            assert "<script>window.__pwned = 1</script>" in page.locator("#doctext").inner_text()
            page.screenshot(path=str(_output() / "hostile-document.png"), full_page=True)
            context.close()
            assert dialogs == []
    finally:
        store.close()


def test_actor_page_shows_roles_over_time(page: Any, demo: Served) -> None:
    page.goto(demo.url + "/actors")
    page.get_by_role("link", name="Jens Stoltenberg").first.click()
    page.wait_for_selector("h1.actor-name")
    assert "NATO Secretary General (2014-10-01 – 2024-10-01)" in page.locator("main").inner_text()
    assert page.errors == []
