"""Factiva exports (HTML Article Format, RTF, "plus Indexing" tags): one article per document."""

from __future__ import annotations

import pytest

from stancemap.ingest import read_paths
from stancemap.ingest.doctext import document_lines, split_lines
from stancemap.ingest.factiva import parse_factiva_html, parse_factiva_text
from stancemap.ingest.sniff import sniff
from stancemap.ingest.source import Source
from stancemap.models import Article, ReadFailure
from tests.archives_data import STORIES, factiva_html, factiva_lines, write_docx, write_rtf


def _write(kind, folder, **options):
    if kind == "html":
        path = folder / "factiva.html"
        path.write_text(factiva_html(), encoding="utf-8")
        return path
    if kind == "docx":
        return write_docx(folder / "factiva.docx", factiva_lines(**options))
    return write_rtf(folder / "factiva.rtf", factiva_lines(**options))


@pytest.mark.parametrize("kind", ["html", "rtf", "docx"])
def test_factiva_export_splits_into_its_articles(tmp_path, kind):
    path = _write(kind, tmp_path)
    items = list(read_paths([path]))
    assert all(isinstance(item, Article) for item in items), items
    assert [a.doc_id for a in items] == [f"factiva-{n}" for n in range(1, 6)]
    assert [(a.title, a.date, a.source) for a in items] == [(s.title, s.date, s.source) for s in STORIES]
    for article, story in zip(items, STORIES, strict=False):
        assert article.body.startswith(story.paragraphs[0])
        assert article.body.rstrip().endswith(story.paragraphs[-1])
        assert f"By {story.byline}" in article.text[: article.body_start]
        assert "Document HBRC" not in article.text


def test_factiva_entries_have_byline_and_word_count_and_exact_offsets(tmp_path):
    source = Source.from_path(_write("rtf", tmp_path))
    text = "".join(document_lines(source))
    entries = list(parse_factiva_text(document_lines(source)))
    assert [(e.title, e.byline, e.length) for e in entries] == [
        (s.title, s.byline, f"{s.words} words") for s in STORIES
    ]
    for entry in entries:
        assert text[entry.offset : entry.offset + len(entry.text)] == entry.text


def test_factiva_html_entries_have_byline_and_section():
    entries = list(parse_factiva_html(factiva_html()))
    assert [(e.title, e.byline, e.section, e.date) for e in entries] == [
        (s.title, s.byline, s.section, s.factiva_date) for s in STORIES
    ]


def test_a_bad_factiva_article_is_reported_and_its_neighbours_kept(tmp_path):
    items = list(read_paths([_write("rtf", tmp_path, broken_after=3)]))
    assert [a.title for a in items if isinstance(a, Article)] == [s.title for s in STORIES]
    (failure,) = [item for item in items if isinstance(item, ReadFailure)]
    assert failure.code == "E118" and "article 4 of the export" in failure.reason
    assert "words" in failure.reason


def test_factiva_tagged_layout():
    lines = []
    for story in STORIES:
        lines += ["HD", story.title, "BY", f"By {story.byline}", "WC", f"{story.words} words",
                  "PD", story.factiva_date, "SN", story.source, "LA", "English",
                  "LP", story.paragraphs[0], "TD", story.paragraphs[1], "AN", "Document HBRC0000000000000001x"]
    entries = list(parse_factiva_text(split_lines("\n".join(lines))))
    assert [(e.title, e.source, e.date) for e in entries] == [(s.title, s.source, s.factiva_date) for s in STORIES]
    assert entries[0].body.startswith(STORIES[0].paragraphs[0])


def test_factiva_html_is_sniffed(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>An ordinary page.</p></body></html>")
    assert sniff(Source.from_path(_write("html", tmp_path))) == "factiva"
    assert sniff(Source.from_path(page)) == "html"
