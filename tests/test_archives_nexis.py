"""Nexis Uni / LexisNexis exports (DOCX, RTF, PDF, TXT): one article per document."""

from __future__ import annotations

import pytest

from stancemap.ingest import read_paths
from stancemap.ingest.doctext import document_lines
from stancemap.ingest.nexis import parse_nexis
from stancemap.ingest.sniff import sniff
from stancemap.ingest.source import Source
from stancemap.models import Article, ReadFailure
from tests.archives_data import (
    STORIES,
    nexis_academic_txt,
    nexis_uni_lines,
    write_docx,
    write_pdf,
    write_rtf,
)


def _write(kind, folder, **options):
    lines = nexis_uni_lines(**options)
    if kind == "docx":
        return write_docx(folder / "export.docx", lines)
    if kind == "rtf":
        return write_rtf(folder / "export.rtf", lines)
    if kind == "pdf":
        return write_pdf(folder / "export.pdf", lines)
    path = folder / "export.txt"
    if kind == "academic":
        path.write_text(nexis_academic_txt(), encoding="utf-8")
    else:  # Nexis Uni text, as a TXT export
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", ["docx", "rtf", "pdf", "uni-txt", "academic"])
def test_nexis_export_splits_into_its_articles(tmp_path, kind):
    path = _write(kind, tmp_path)
    items = list(read_paths([path]))
    assert all(isinstance(item, Article) for item in items), items
    assert [a.doc_id for a in items] == [f"export-{n}" for n in range(1, 6)]
    assert [(a.title, a.date, a.source) for a in items] == [(s.title, s.date, s.source) for s in STORIES]
    for article, story in zip(items, STORIES, strict=False):
        assert article.body.startswith(story.paragraphs[0])
        assert article.body.rstrip().endswith(story.paragraphs[-1])
        assert story.byline in article.text[: article.body_start]  # the header stays in the text
        assert "Load-Date" not in article.text and "LOAD-DATE" not in article.text


@pytest.mark.parametrize("kind", ["docx", "rtf", "pdf", "uni-txt", "academic"])
def test_nexis_entries_have_byline_section_length_and_exact_offsets(tmp_path, kind):
    path = _write(kind, tmp_path)
    source = Source.from_path(path)
    text = "".join(document_lines(source))
    entries = list(parse_nexis(document_lines(source)))
    assert [(e.title, e.byline) for e in entries] == [(s.title, s.byline) for s in STORIES]
    assert [e.length for e in entries] == [f"{s.words} words" for s in STORIES]
    assert [e.section for e in entries] == [s.section for s in STORIES]
    for entry in entries:
        assert text[entry.offset : entry.offset + len(entry.text)] == entry.text
        assert text.count("\n", 0, entry.offset) + 1 == entry.line
        assert entry.text.startswith(entry.source if kind == "academic" else entry.title)


def test_a_bad_article_is_reported_and_its_neighbours_kept(tmp_path):
    path = _write("docx", tmp_path, broken_after=2)
    items = list(read_paths([path]))
    failures = [item for item in items if isinstance(item, ReadFailure)]
    articles = [item for item in items if isinstance(item, Article)]
    assert [a.title for a in articles] == [s.title for s in STORIES]
    assert len(failures) == 1 and failures[0].code == "E118"
    assert failures[0].origin.startswith(f"{path}:")
    assert "article 3 of the export" in failures[0].reason and "skipped" in failures[0].reason


def test_nexis_txt_is_sniffed_and_plain_text_is_not(tmp_path):
    export = _write("academic", tmp_path)
    plain = tmp_path / "plain.txt"
    plain.write_text("An ordinary article. It mentions 1 of 5 documents in passing.\n")
    assert sniff(Source.from_path(export)) == "nexis"
    assert sniff(Source.from_path(plain)) == "text"


def test_format_nexis_on_a_file_without_articles_says_what_to_do(tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("Just one article.\n")
    (failure,) = read_paths([plain], format="nexis")
    assert failure.code == "E119"
    assert "without --format nexis" in failure.reason


def test_op_ed_genre_makes_the_byline_the_speaker(tmp_path):
    path = _write("docx", tmp_path)
    articles = list(read_paths([path], genre="op-ed"))
    assert [a.speaker for a in articles] == [s.byline for s in STORIES]
    assert {a.genre for a in articles} == {"op-ed"}


def test_nexis_lines_are_streamed():
    lines = iter([line + "\n" for line in nexis_uni_lines(cover=False)] * 200)
    entries = parse_nexis(lines)
    first = next(entries)
    assert first.title == STORIES[0].title
    assert len(list(lines)) > 0  # the rest of the input has not been read yet
