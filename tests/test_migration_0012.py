"""Migration 0012: documents stored before 0011 get byline, section and length from their stored header.

The old stores are built at revision 0010 (before the columns existed) with documents whose text,
body_start and origin are exactly what today's Nexis and Factiva readers produce for the team's
fixtures (tests/archives_data.py), so the backfilled values are checked against the readers' own.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from stancemap.ingest import read_paths
from stancemap.models import Article
from stancemap.store import Store
from stancemap.store.connect import create_engine
from stancemap.store.migrations import alembic_config, head_revision
from tests import archives_data as ad

#: (doc_id, origin, body_start, text) of documents that are not archive articles and must stay untouched
OTHERS = [
    ("plain", "notes/plain.txt", 17, "date 2024-05-28 Byline: Jo Writer\nSection: World\nLength: 3 words\n"),
    ("no-origin-line", "exports/single.txt", 40, "A title\nByline: Jo Writer\nLength: 3 words\nBody\nText."),
    ("no-header", "exports/x.docx:3", 0, "Byline: Jo Writer\nLength: 3 words\nBody\nText."),
    ("turn", "hearing.txt:12", 14, "MR. SMITH:\n  Length: we have talked long enough. 812 words."),
    ("unknown-head", "exports/y.rtf:1", 20, "Some headline here\nAnd the body of it."),
]


def _tagged_lines() -> list[str]:
    lines: list[str] = []
    for n, s in enumerate(ad.STORIES[:2], 1):
        lines += ["HD", s.title, "BY", f"By {s.byline}", "WC", f"{s.words} words", "PD", s.factiva_date,
                  "SN", s.source, "SE", s.section, "LA", "English", "LP", *s.paragraphs,
                  "AN", f"Document HBRC0000202406{n:02d}ek6a0000{n}"]
    return lines + ["Search Summary", "Text: grid"]


def _factiva_with_sections() -> list[str]:
    lines: list[str] = []
    for n, s in enumerate(ad.STORIES[:2], 1):
        lines += [s.section, s.title, f"By {s.byline}", f"{s.words} words", s.factiva_date, s.source, "HBRC",
                  "English", f"Copyright 2024 {s.source}.", *s.paragraphs, f"Document HBRC0000202406{n:02d}ek6a0000{n}"]
    return lines


def _archive_articles(folder: Path) -> list[Article]:
    """Every fixture format, read by today's readers."""
    folder.mkdir()
    ad.write_docx(folder / "uni.docx", ad.nexis_uni_lines())
    (folder / "academic.txt").write_text(ad.nexis_academic_txt(), encoding="utf-8")
    ad.write_rtf(folder / "factiva.rtf", ad.factiva_lines())
    ad.write_rtf(folder / "sections.rtf", _factiva_with_sections())
    (folder / "factiva_page.html").write_text(ad.factiva_html(), encoding="utf-8")
    ad.write_rtf(folder / "tagged.rtf", _tagged_lines())
    found = list(read_paths([folder]))
    assert all(isinstance(a, Article) for a in found), found
    return found  # type: ignore[return-value]


def _store_at(url: str, revision: str, rows: list[tuple[str, str, int, str]], **columns: object) -> None:
    engine = create_engine(url)
    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            names = ", ".join(columns)
            values = "".join(f", :{name}" for name in columns)
            connection.execute(
                sa.text("INSERT INTO documents (doc_id, version, content_hash, text, body_start, origin, "
                        f"created_at{', ' + names if names else ''}) "
                        f"VALUES (:doc_id, 1, :hash, :text, :body_start, :origin, CURRENT_TIMESTAMP{values})"),
                [{"doc_id": d, "hash": f"h{n}", "text": t, "body_start": b, "origin": o, **columns}
                 for n, (d, o, b, t) in enumerate(rows)],
            )
    finally:
        engine.dispose()


def _header_rows(store: Store) -> dict[str, tuple[object, ...]]:
    with store.engine.connect() as connection:
        return {r.doc_id: (r.author, r.section, r.length, r.text, r.body_start) for r in connection.execute(
            sa.text("SELECT doc_id, author, section, length, text, body_start FROM documents"))}


def test_upgrade_from_0010_fills_archive_headers_as_the_readers_do(store_url: str, tmp_path, caplog) -> None:  # type: ignore[no-untyped-def]
    articles = _archive_articles(tmp_path / "exports")
    assert len(articles) == 24
    rows = [(a.doc_id, a.origin, a.body_start, a.text) for a in articles] + OTHERS
    _store_at(store_url, "0010", rows)
    with caplog.at_level(logging.INFO, logger="stancemap.store.migrations"):
        store = Store.open(store_url)  # runs 0011 and 0012
    try:
        found = _header_rows(store)
    finally:
        store.close()
    for article in articles:
        author, section, length, text, body_start = found[article.doc_id]
        assert (text, body_start) == (article.text, article.body_start)  # nothing else changed
        # a Factiva HTML export's section is not in the stored text
        expected_section = None if article.doc_id.startswith("factiva_page-") else article.section
        assert (author, section, length) == (article.author, expected_section, article.length), article.origin
        assert author is not None and length is not None
    assert found["sections-1"][:3] == ("Ana Lind", "News; Pg. 3", 61)
    assert found["tagged-2"][:3] == ("Tom Reyes", "Business", 48)
    for doc_id, _, body_start, text in OTHERS:
        assert found[doc_id] == (None, None, None, text, body_start), doc_id
    summary = [r for r in caplog.records if r.levelno == logging.WARNING and "0012" in r.getMessage()]
    assert len(summary) == 1 and "24 news-archive articles" in summary[0].getMessage()
    assert sum("academic-1" in r.getMessage() for r in caplog.records if r.levelno == logging.INFO) == 1


def test_values_written_since_0011_are_never_overwritten(store_url: str, tmp_path, caplog) -> None:  # type: ignore[no-untyped-def]
    (article, *_) = _archive_articles(tmp_path / "exports")
    _store_at(store_url, "0011", [(article.doc_id, article.origin, article.body_start, article.text)],
              author="Someone Else")
    with caplog.at_level(logging.INFO, logger="stancemap.store.migrations"):
        store = Store.open(store_url)
    try:
        assert _header_rows(store)[article.doc_id][:3] == ("Someone Else", None, None)
    finally:
        store.close()
    assert not [r for r in caplog.records if "0012" in r.getMessage() or "filled" in r.getMessage()]


def test_store_at_head_is_not_touched_again(store_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A document stored by today's reader with no byline keeps none when the store is reopened."""
    with Store.open(store_url) as store:
        run = store.begin_run(pipeline_version="t", model="m", codebook_hash="", args={})
        text = "Title\nByline: Jo Writer\nLength: 3 words\nBody\nThree words here."
        store.save_document(Article("x-1", text, date=dt.date(2024, 5, 28), origin="x.txt:1",
                                    body_start=text.index("Three")), [], run)
    with Store.open(store_url) as store:
        with store.engine.connect() as connection:
            revision = connection.scalar(sa.text("SELECT version_num FROM alembic_version"))
            assert revision == head_revision()
        assert _header_rows(store)["x-1"][:3] == (None, None, None)


@pytest.mark.parametrize(("head", "fields"), [
    ("T\nSource\nSection:\u00a0World\nLength:\u00a01,204 words\nByline:\u00a0By Jo Writer\nBody\n",
     ("Jo Writer", "World", 1204)),
    ("T\n\nBYLINE: Jo  Writer\n\nSECTION: News; Pg. 3\n\nLENGTH: 61 words\n\n", ("Jo Writer", "News; Pg. 3", 61)),
    ("T\nAUTOR: Eva Maier\nRUBRIK: Politik\nLÄNGE: 877 Wörter\n", ("Eva Maier", "Politik", 877)),
    ("Politics\nHeadline\nBy Jo Writer\n877 words\n28 May 2024\nDaily\n", ("Jo Writer", "Politics", 877)),
    ("Headline\nBy Jo Writer\n1.204 Wörter\n28 May 2024\n", ("Jo Writer", None, 1204)),
    ("By the numbers: a headline\n877 words\n", (None, None, 877)),  # a headline, not a byline
    ("HD\nHeadline\nBY\nBy Jo Writer\nWC\n877 words\nSE\nWorld\nLP\n", ("Jo Writer", "World", 877)),
    ("A headline\nAnd more text\n", (None, None, None)),
    ("Byline:\u00a0\nLength: long\nBody\n", (None, None, None)),
])
def test_header_rules(head: str, fields: tuple[object, ...]) -> None:
    import importlib

    module = importlib.import_module("stancemap.store.migrations.versions.0012_document_header_backfill")
    found = module.header_fields(head)
    assert (found["author"], found["section"], found["length"]) == fields
