"""Web archives (WARC, WARC.GZ): every HTML response becomes an article."""

from __future__ import annotations

import datetime as dt

import pytest

from stancemap.ingest import read_paths
from stancemap.ingest.sniff import sniff
from stancemap.ingest.source import Source
from stancemap.ingest.warc import warc_pages
from stancemap.models import Article, ReadFailure
from tests.archives_data import STORIES, write_warc


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_pages_become_articles(tmp_path, name):
    path = write_warc(tmp_path / name)
    items = list(read_paths([path]))
    articles = [item for item in items if isinstance(item, Article)]
    assert [(a.title, a.date, a.source) for a in articles] == [(s.title, s.date, s.source) for s in STORIES]
    assert [a.url for a in articles] == [f"https://news.example.org/2024/{n}" for n in range(1, 6)]
    assert all(a.doc_id.startswith("crawl-") for a in articles)
    assert len({a.doc_id for a in articles}) == 5
    assert all(STORIES[i].paragraphs[0] in a.text for i, a in enumerate(articles))
    (failure,) = [item for item in items if isinstance(item, ReadFailure)]  # the empty page; image and redirect skipped
    assert failure.code == "E108" and "https://news.example.org/empty" in failure.reason


def test_warc_entries_have_fetch_date_and_byline(tmp_path):
    path = write_warc(tmp_path / "crawl.warc.gz", empty_page_after=None)
    with path.open("rb") as stream:
        entries = list(warc_pages(stream, str(path)))
    assert [e.fetched for e in entries] == ["2024-06-11T10:00:00Z"] * 5
    assert [e.byline for e in entries] == [s.byline for s in STORIES]


def test_page_without_date_gets_the_fetch_date_with_a_warning(tmp_path):
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "undated.warc"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        html = (b"<html><body><article><p>" + b"The mayor said the bridge would reopen soon. " * 5
                + b"</p></article></body></html>")
        writer.write_record(writer.create_warc_record(
            "https://example.org/a", "response", payload=BytesIO(html),
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"),
            warc_headers_dict={"WARC-Date": "2023-02-03T04:05:06Z"}))
    (article,) = read_paths([path])
    assert article.date == dt.date(2023, 2, 3)
    assert article.warnings and article.warnings[0].startswith("W107")


def test_warc_is_sniffed_and_a_bad_archive_is_reported(tmp_path):
    path = write_warc(tmp_path / "crawl.warc.gz")
    assert sniff(Source.from_path(path)) == "warc"
    bad = tmp_path / "bad.warc"
    bad.write_bytes(b"this is not a web archive\n")
    (failure,) = read_paths([bad])
    assert failure.code == "E103" and "WARC" in failure.reason
