"""The web app from 360 px up, in a real browser (Debian's chromium, Playwright).

At phone widths (360, 390) and on a desktop (1300) no main page scrolls
sideways, the navigation stays on its dark bar with readable contrast, and the
document view gives the article the full width of a phone. Skipped, with the
reason, without ``/usr/bin/chromium`` or the ``playwright`` package.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from stancemap.web.app import STATIC
from tests.test_web_browser import _output, browser, demo  # noqa: F401 - fixtures shared with the browser tests

pytestmark = pytest.mark.browser

SIZES = {"phone-360": (360, 740), "phone-390": (390, 844), "desktop": (1300, 900)}

#: WCAG AA for normal text.
MIN_CONTRAST = 4.5

CONTRAST_JS = """
() => {
  const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => {
    const v = c.map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  };
  const bar = document.querySelector('header.top');
  const box = bar.getBoundingClientRect();
  const bg = lum(rgb(getComputedStyle(bar).backgroundColor));
  return [...bar.querySelectorAll('nav a')].map(a => {
    const r = a.getBoundingClientRect(), fg = lum(rgb(getComputedStyle(a).color));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    const inside = r.left >= box.left - 0.5 && r.right <= box.right + 0.5
                   && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;
    return {text: a.textContent, ratio: ratio, inside: inside};
  });
}
"""


def main_pages(url: str) -> list[str]:
    import httpx

    doc = httpx.get(url + "/documents.json").json()["documents"][0]["id"]
    actor = httpx.get(url + "/actors.json").json()["actors"][0]["id"]
    issue = httpx.get(url + "/issues.json").json()["issues"][0]["id"]
    return ["/", "/documents", f"/documents/{doc}", "/statements", "/review", "/actors", f"/actors/{actor}",
            "/issues", f"/issues/{issue}", "/network", "/login", "/no-such-page"]


@pytest.fixture(params=list(SIZES))
def sized(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[str, Any]]:  # noqa: F811
    width, height = SIZES[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors
    try:
        yield request.param, page
    finally:
        context.close()


def test_the_stylesheet_has_media_rules() -> None:
    css = (STATIC / "app.css").read_text(encoding="utf-8")
    assert "@media (max-width: 640px)" in css and "@media (max-width: 900px)" in css


def test_no_page_scrolls_sideways(sized: tuple[str, Any], demo: Any) -> None:  # noqa: F811
    name, page = sized
    wide = {}
    for path in main_pages(demo.url):
        page.goto(demo.url + path)
        page.wait_for_load_state("load")
        scroll, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        if scroll > inner:
            wide[path] = (scroll, inner)
            page.screenshot(path=str(_output() / f"wide-{name}-{path.strip('/').replace('/', '-') or 'index'}.png"),
                            full_page=True)
    assert wide == {}
    assert page.errors == []


def test_navigation_is_readable(sized: tuple[str, Any], demo: Any) -> None:  # noqa: F811
    _name, page = sized
    page.goto(demo.url + "/statements")
    links = page.evaluate(CONTRAST_JS)
    assert len(links) == 7
    assert [a["text"] for a in links if not a["inside"]] == []  # every link sits on the dark bar
    assert min(a["ratio"] for a in links) >= MIN_CONTRAST


def test_document_view_uses_the_phone_width(sized: tuple[str, Any], demo: Any) -> None:  # noqa: F811
    name, page = sized
    doc = page.request.get(demo.url + "/documents.json").json()["documents"][0]["id"]
    page.goto(f"{demo.url}/documents/{doc}")
    width = page.evaluate("() => document.getElementById('doctext').getBoundingClientRect().width")
    inner = page.evaluate("() => window.innerWidth")
    page.screenshot(path=str(_output() / f"document-{name}.png"))
    if name.startswith("phone"):
        assert width >= 0.9 * inner - 24, (width, inner)
    else:
        assert width >= 0.5 * inner - 100, (width, inner)


def test_web_undo_says_what_was_undone(browser: Any, demo: Any) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(demo.url + "/review")
        card = page.locator("#queue .card").first
        statement = card.get_attribute("data-statement")
        card.locator(".quote").click()
        page.keyboard.press("s")
        page.locator(f"#card-{statement}.status-reviewed").wait_for()
        with page.expect_navigation():
            page.keyboard.press("u")
        message = page.locator("#review-message")
        message.wait_for()
        page.wait_for_function("() => document.getElementById('review-message').textContent.startsWith('Undone')")
        assert f"of statement {statement}" in message.inner_text()
        assert "current" in (page.locator(f"#card-{statement}").get_attribute("class") or "")
    finally:
        context.close()
