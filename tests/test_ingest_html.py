"""Saved HTML pages: main text and metadata with trafilatura (no network)."""

from __future__ import annotations

import datetime as dt

from stancemap.ingest import read_paths
from stancemap.models import Article, ReadFailure

SENTENCE = (
    "Borrell noted that such a move is acceptable from the point of view of international "
    "law, as Moscow's attacks on Ukraine are carried out from Russian territory. "
)
PAGE = f"""<!DOCTYPE html><html><head><title>EU debates strikes | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="og:url" content="https://example.org/eu-strikes">
<meta property="article:published_time" content="2024-05-28T09:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>EU debates strikes</h1><p>{SENTENCE * 2}</p><p>Kuleba said Ukraine would respond.</p></article>
<footer>Copyright Example News</footer></body></html>"""


def test_main_text_and_metadata(tmp_path):
    path = tmp_path / "eu-strikes.html"
    path.write_text(PAGE, encoding="utf-8")
    (article,) = read_paths([path])
    assert isinstance(article, Article)
    assert article.doc_id == "eu-strikes"
    assert article.date == dt.date(2024, 5, 28)
    assert article.title == "EU debates strikes"
    assert article.source == "Example News"
    assert article.url == "https://example.org/eu-strikes"
    assert "Borrell noted that such a move" in article.text
    assert "Kuleba said Ukraine would respond." in article.text
    assert "Home" not in article.text and "Copyright" not in article.text
    assert article.origin == str(path)


def test_date_falls_back_to_file_name_then_option(tmp_path):
    page = f"<html><head><title>T</title></head><body><article><p>{SENTENCE * 3}</p></article></body></html>"
    named = tmp_path / "site_2016-10-12_slug.htm"
    named.write_text(page, encoding="utf-8")
    plain = tmp_path / "page.htm"
    plain.write_text(page, encoding="utf-8")
    assert next(read_paths([named])).date == dt.date(2016, 10, 12)
    assert next(read_paths([plain], date="2020-01-01")).date == dt.date(2020, 1, 1)


def test_no_main_text(tmp_path):
    path = tmp_path / "app.html"
    path.write_text(
        "<html><head><title>App</title></head><body><div id='app'></div><script>start()</script></body></html>",
        encoding="utf-8",
    )
    assert list(read_paths([path])) == [
        ReadFailure(
            str(path),
            f"{path}: no main text found in this HTML page (only navigation, scripts or an "
            "empty body); save the article page itself, or its text as .txt.",
            "E108",
        )
    ]


def test_sniffed_by_content(tmp_path):
    path = tmp_path / "saved_page"
    path.write_text(PAGE, encoding="utf-8")
    (article,) = read_paths([path])
    assert article.title == "EU debates strikes"


def test_large_page_uses_fast_extraction(tmp_path, monkeypatch):
    import stancemap.ingest.html as html_module

    monkeypatch.setattr(html_module, "LARGE_PAGE", 100)
    path = tmp_path / "big.html"
    path.write_text(PAGE, encoding="utf-8")
    (article,) = read_paths([path])
    assert article.text == (
        f"EU debates strikes\n{SENTENCE.strip()} {SENTENCE.strip()}\nKuleba said Ukraine would respond."
    )
    assert (article.title, article.date, article.source, article.url) == (
        "EU debates strikes | Example News",
        dt.date(2024, 5, 28),
        "Example News",
        "https://example.org/eu-strikes",
    )
    empty = tmp_path / "empty_big.html"
    padding = "<!-- padding -->" * 10  # over LARGE_PAGE characters
    empty.write_text(f"<html><body>{padding}<nav>Home</nav><script>x()</script></body></html>", encoding="utf-8")
    (failure,) = read_paths([empty])
    assert failure.code == "E108"
