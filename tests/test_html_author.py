"""Issue 19: a saved HTML page's author (meta author, article:author, a byline, JSON-LD) fills Article.author."""

from __future__ import annotations

import pytest

from stancemap.ingest import read_paths
from stancemap.ingest.html import LARGE_PAGE, extract_large, extract_main
from stancemap.models import Article

SENTENCE = (
    "Borrell noted that such a move is acceptable from the point of view of international "
    "law, as Moscow's attacks on Ukraine are carried out from Russian territory. "
)


def _page(head: str = "", byline: str = "") -> str:
    return (f"<!DOCTYPE html><html><head><title>EU debates strikes</title>{head}</head><body>"
            f"<article><h1>EU debates strikes</h1>{byline}<p>{SENTENCE * 2}</p>"
            "<p>Kuleba said Ukraine would respond.</p></article></body></html>")


@pytest.mark.parametrize(("head", "byline", "author"), [
    ('<meta name="author" content="Jo  Writer">', "", "Jo Writer"),
    ('<meta property="article:author" content="Jo Writer">', "", "Jo Writer"),
    ("", '<p class="byline">By Jo Writer</p>', "Jo Writer"),
    ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
     '"author": {"@type": "Person", "name": "Jo Writer"}}</script>', "", "Jo Writer"),
    ('<meta name="author" content="BY JO WRITER">', "", "JO WRITER"),  # a byline's "By" goes, as in archives
    ('<meta property="article:author" content="https://www.facebook.com/jowriter">', "", None),  # a URL is no name
    ("", "", None),
])
def test_page_author_fills_article_author(tmp_path, head: str, byline: str, author: str | None) -> None:
    path = tmp_path / "eu-strikes.html"
    path.write_text(_page(head, byline), encoding="utf-8")
    (article,) = read_paths([path])
    assert isinstance(article, Article)
    assert article.author == author
    assert "Borrell noted that such a move" in article.text
    assert article.section is None and article.length is None  # a page prints neither


def test_extract_main_returns_the_author() -> None:
    found = extract_main(_page('<meta name="author" content="Jo Writer">'))
    assert found is not None and found["author"] == "Jo Writer"


def test_large_page_author_from_meta() -> None:
    """Pages too large for trafilatura are read with lxml: the author comes from the meta tags."""
    page = _page('<meta property="article:author" content="Jo Writer">')
    assert extract_large(page)["author"] == "Jo Writer"  # type: ignore[index]
    assert extract_large(_page('<meta name="author" content="Al Bo">'))["author"] == "Al Bo"  # type: ignore[index]
    assert extract_large(_page())["author"] is None  # type: ignore[index]
    assert LARGE_PAGE > len(page)  # the lxml path is called directly above


def test_large_page_read_keeps_author(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr("stancemap.ingest.html.LARGE_PAGE", 100)
    path = tmp_path / "big.html"
    path.write_text(_page('<meta name="author" content="Jo Writer">'), encoding="utf-8")
    (article,) = read_paths([path])
    assert article.author == "Jo Writer"
