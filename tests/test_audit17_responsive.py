"""Issue 17 item 21 (audit), without a browser: what makes the pages fit a phone is in place.

The browser checks (tests/test_web_responsive.py) skip where ``/usr/bin/chromium``
is missing; these run everywhere. Every page declares the device-width
viewport, the stylesheet's phone rules stack the document view into one column
and let wide tables scroll inside themselves, and the navigation is light text
on the dark bar at every width (contrast of at least 4.5:1, WCAG AA).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from stancemap.store import Store
from stancemap.web import create_app
from tests.test_web_pages import build_store, pages_of

CSS = (Path(__file__).resolve().parents[1] / "src" / "stancemap" / "web" / "static" / "app.css").read_text(
    encoding="utf-8")
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    store: Store = build_store(f"sqlite:///{tmp_path / 'web.db'}")
    try:
        yield TestClient(create_app(store))
    finally:
        store.close()


def _media(width: int) -> str:
    """The body of ``@media (max-width: <width>px) { ... }`` (its braces balanced)."""
    start = CSS.index(f"@media (max-width: {width}px)")
    depth, i = 0, CSS.index("{", start)
    for j in range(i, len(CSS)):
        depth += {"{": 1, "}": -1}.get(CSS[j], 0)
        if depth == 0:
            return CSS[i + 1:j]
    raise AssertionError(f"unbalanced @media {width}px block")


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[k:k + 2], 16) / 255 for k in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _rule(selector: str, prop: str) -> str:
    found = re.search(re.escape(selector) + r"\s*\{[^}]*?\b" + prop + r":\s*(#[0-9a-fA-F]{6})", CSS)
    assert found, f"{selector} {{ {prop}: #rrggbb }} in app.css"
    return found.group(1)


def test_every_page_declares_the_device_width_viewport(client: TestClient) -> None:
    for path in pages_of(client):
        assert VIEWPORT in client.get(path).text, path


def test_phone_rules_stack_the_document_view_and_scroll_tables_inside() -> None:
    assert re.search(r"\.docview[^{]*\{[^}]*grid-template-columns:\s*1fr", _media(900))
    phone = _media(640)
    assert re.search(r"table\s*\{[^}]*overflow-x:\s*auto", phone)
    assert re.search(r"header\.top nav\s*\{[^}]*width:\s*100%", phone)  # the nav wraps onto the bar


def test_navigation_is_readable_on_its_dark_bar() -> None:
    bar, link = _luminance(_rule("header.top", "background")), _luminance(_rule("header.top a", "color"))
    contrast = (max(bar, link) + 0.05) / (min(bar, link) + 0.05)
    assert contrast >= 4.5, contrast
    assert "background" not in _media(640).split("header.top nav")[-1].split("}")[0]  # no light nav on phones
