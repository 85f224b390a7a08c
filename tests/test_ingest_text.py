"""Plain-text articles: date headers, file-name dates, --date, encodings, bad files."""

from __future__ import annotations

import datetime as dt

import pytest

from stancemap.ingest import read_paths
from stancemap.models import Article, ReadFailure

SEED = " date 2024-05-28 Borrell noted that such a move is acceptable.\n\nEU countries are discussing it.\n"


def read_one(path, **options):
    results = list(read_paths([path], **options))
    assert len(results) == 1, results
    return results[0]


def test_seed_header_body_on_same_line(tmp_path):
    path = tmp_path / "000_1978d43d598303c4.txt"
    path.write_bytes(SEED.encode("utf-8"))
    article = read_one(path)
    assert isinstance(article, Article)
    assert article.doc_id == "000_1978d43d598303c4"
    assert article.date == dt.date(2024, 5, 28)
    assert article.text == SEED
    assert article.body_start == 17
    assert article.text[17:24] == "Borrell"
    assert article.body.startswith("Borrell noted")
    assert article.origin == str(path)
    assert article.warnings == ()


@pytest.mark.parametrize(
    ("content", "body_start", "date"),
    [
        ("date 2024-05-28\nBody.", 16, dt.date(2024, 5, 28)),
        ("date 2024-05-28\r\n\r\nBody.", 19, dt.date(2024, 5, 28)),
        ("   \tdate  2016-10-12   Body.", 23, dt.date(2016, 10, 12)),
        ("Body first.\ndate 2024-05-28\n", 0, None),
        ("\ndate 2024-05-28 not on the first line", 0, None),
        ("Date 2024-05-28 capitalised is not a header", 0, None),
        ("date: 2024-05-28 a colon is not a header", 0, None),
    ],
)
def test_date_header_variants(tmp_path, content, body_start, date):
    path = tmp_path / "article.txt"
    path.write_bytes(content.encode("utf-8"))
    article = read_one(path)
    assert article.text == content  # kept exactly, CRLF included
    assert article.body_start == body_start
    assert article.date == date


def test_invalid_header_date_kept_with_warning(tmp_path):
    path = tmp_path / "x_2020-01-01.txt"
    path.write_text("date 2024-02-30 Body.", encoding="utf-8")
    article = read_one(path)
    assert article.date is None
    assert article.body_start == len("date 2024-02-30 ")
    assert article.warnings[0].startswith(f"W101 {path}: the date header '2024-02-30'")


def test_date_from_filename_then_option(tmp_path):
    named = tmp_path / "publisher_2016-10-12_slug.txt"
    named.write_text("Body.", encoding="utf-8")
    plain = tmp_path / "plain.txt"
    plain.write_text("Body.", encoding="utf-8")
    assert read_one(named, date="2020-01-01").date == dt.date(2016, 10, 12)
    assert read_one(plain, date="2020-01-01").date == dt.date(2020, 1, 1)
    assert read_one(plain, date=dt.date(2021, 2, 3)).date == dt.date(2021, 2, 3)
    assert read_one(plain).date is None  # never today's date
    header = tmp_path / "x_2016-10-12.txt"
    header.write_text("date 2024-05-28 Body.", encoding="utf-8")
    assert read_one(header, date="2020-01-01").date == dt.date(2024, 5, 28)


def test_text_is_exact_bom_stripped(tmp_path):
    content = "Line one.\r\n  Two  spaces,\ttab.\n\n\u00a0Café “quoted”.\n"
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbf" + content.encode("utf-8"))
    article = read_one(path)
    assert article.text == content
    assert article.warnings == ()


def test_utf16_with_bom(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("Café said.".encode("utf-16"))
    assert read_one(path).text == "Café said."


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_encoding_detected_with_warning(tmp_path, encoding):
    content = "Le café était fermé, a déclaré le maire. Müller sagte, die Straße sei gesperrt.\n"
    if encoding == "cp1252":
        content += "The minister said “we regret it” – twice.\n"
    path = tmp_path / "legacy.txt"
    path.write_bytes(content.encode(encoding))
    article = read_one(path)
    assert isinstance(article, Article)
    assert article.text == content
    assert len(article.warnings) == 1
    assert article.warnings[0].startswith(f"W102 {path}: not valid UTF-8; decoded as cp1252")
    assert "re-save the file as UTF-8" in article.warnings[0]


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n", b"\xef\xbb\xbf  \n"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    failure = read_one(path)
    assert failure == ReadFailure(
        str(path), f"{path}: the file is empty; add the article text or leave the file out.", "E102"
    )


@pytest.mark.parametrize("name", ["image.txt", "blob"])
def test_binary_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    failure = read_one(path)
    assert isinstance(failure, ReadFailure)
    assert failure.code == "E103"
    assert failure.reason.startswith(f"{path}: this is a binary file, not text; convert it")


def test_unsupported_extension(tmp_path):
    path = tmp_path / "report.odt"  # PDF, DOCX and RTF are read (tests/test_archives_office.py)
    path.write_bytes(b"PK\x03\x04")
    failure = read_one(path)
    assert failure.code == "E109"
    assert failure.reason == (
        f"{path}: .odt files are not supported; convert it to plain text (.txt), HTML, "
        "JSON Lines, CSV or Parquet first."
    )


def test_five_megabyte_article_read_whole(tmp_path):
    sentence = "Stoltenberg said the alliance would not be drawn into the war. "
    content = "date 2024-05-28\n" + sentence * (5 * 2**20 // len(sentence) + 1)
    path = tmp_path / "big.txt"
    path.write_text(content, encoding="utf-8")
    article = read_one(path, max_chars=None)  # no --max-chars limit
    assert len(article.text) > 5 * 2**20
    assert article.text == content
    assert article.body_start == 16


def test_too_large_file(tmp_path, monkeypatch):
    import stancemap.ingest.text as text_module

    monkeypatch.setattr(text_module, "MAX_FILE_BYTES", 100)
    path = tmp_path / "huge.txt"
    path.write_text("x" * 200, encoding="utf-8")
    failure = read_one(path)
    assert failure.code == "E113"
    assert failure.reason.startswith(f"{path}: 0 MB is too large for one article")
    assert "JSON Lines, CSV or Parquet" in failure.reason
