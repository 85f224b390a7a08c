"""PDF, DOCX and RTF files holding one document (press releases, speeches, reports)."""

from __future__ import annotations

import datetime as dt

from stancemap.ingest import read_paths
from stancemap.ingest.sniff import sniff
from stancemap.ingest.source import Source
from stancemap.models import Article
from tests.archives_data import write_docx, write_pdf, write_rtf

LINES = ["Ministry statement on the grid", "The ministry said on Monday that the upgrade will start in July.",
         "\"We are ready,\" the minister said."]


def test_pdf_single_document(tmp_path):
    path = write_pdf(tmp_path / "ministry_2024-05-01_grid.pdf", LINES, title="Grid statement")
    (article,) = read_paths([path])
    assert isinstance(article, Article)
    assert article.doc_id == "ministry_2024-05-01_grid"
    assert article.title == "Grid statement" and article.date == dt.date(2024, 5, 1)
    assert [line.strip() for line in article.text.splitlines()] == LINES


def test_docx_single_document_with_date_option_and_genre(tmp_path):
    path = write_docx(tmp_path / "speech.docx", LINES, title="Speech on the grid")
    (article,) = read_paths([path], date="2024-05-02", genre="press-release", speaker="Paula Ortiz")
    assert article.text == "\n".join(LINES) + "\n"
    assert (article.title, article.date, article.speaker, article.genre) == (
        "Speech on the grid", dt.date(2024, 5, 2), "Paula Ortiz", "press-release")


def test_rtf_single_document(tmp_path):
    (article,) = read_paths([write_rtf(tmp_path / "note.rtf", LINES)])
    assert article.text.splitlines() == LINES


def test_documents_are_sniffed_not_refused(tmp_path):
    for name in ("a.pdf", "a.docx", "a.rtf"):
        path = tmp_path / name
        path.write_bytes(b"x")
        assert sniff(Source.from_path(path)) == "document"


def test_unreadable_documents_say_what_to_do(tmp_path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    empty = write_pdf(tmp_path / "scan.pdf", [])
    failures = {item.origin: item for item in read_paths([broken, empty])}
    assert failures[str(broken)].code == "E103" and "save it again as .docx" in failures[str(broken)].reason
    assert failures[str(empty)].code == "E102" and "OCR" in failures[str(empty)].reason
