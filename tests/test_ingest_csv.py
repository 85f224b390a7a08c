"""CSV and TSV articles: fields, mapping, malformed rows, missing text column, big fields."""

from __future__ import annotations

import csv
import datetime as dt

from stancemap.ingest import read_paths
from stancemap.models import Article, ReadFailure


def write_csv(path, rows, delimiter=","):
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def test_rows_with_quotes_and_newlines(tmp_path):
    text = 'Borrell said "yes",\nthen left.\r\nEnd.'
    path = write_csv(
        tmp_path / "articles.csv",
        [
            ["id", "date", "title", "source", "url", "text"],
            ["a1", "2024-05-28", "T", "AP", "https://x.org", text],
            ["", "May 29, 2024", "", "", "", "Second."],
        ],
    )
    first, second = read_paths([path])
    assert first == Article(
        doc_id="a1",
        text=text,
        date=dt.date(2024, 5, 28),
        title="T",
        source="AP",
        url="https://x.org",
        origin=f"{path}:2",
    )
    assert (second.doc_id, second.date, second.title, second.origin) == (
        "articles-2",
        dt.date(2024, 5, 29),
        None,
        f"{path}:5",  # the first row spans lines 2-4
    )


def test_tsv_and_mapping(tmp_path):
    path = write_csv(
        tmp_path / "a.tsv",
        [["Key", "published", "body"], ["k1", "2016-10-12", "Body, with comma."]],
        delimiter="\t",
    )
    (article,) = read_paths([path], mapping={"text": "body", "date": "published", "id": "Key"})
    assert (article.doc_id, article.date, article.text) == ("k1", dt.date(2016, 10, 12), "Body, with comma.")


def test_malformed_rows_others_still_read(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(
        'id,text\n1,one\n2,"bad "quote" here"\n3,three\n4,too,many\n\n5,five\n',
        encoding="utf-8",
    )
    results = list(read_paths([path]))
    assert [r.doc_id for r in results if isinstance(r, Article)] == ["1", "3", "5"]
    failures = [r for r in results if isinstance(r, ReadFailure)]
    assert failures == [
        ReadFailure(
            f"{path}:3",
            f"{path} line 3: malformed CSV row (',' expected after '\"'); check the quotes in "
            'this row (a quote inside a field is written "").',
            "E106",
        ),
        ReadFailure(
            f"{path}:5",
            f"{path} line 5: malformed CSV row: 3 fields where the header has 2; quote "
            "fields that contain the delimiter ','.",
            "E106",
        ),
    ]
    assert results[-1].origin == f"{path}:7"


def test_no_text_column_lists_columns(tmp_path):
    path = write_csv(tmp_path / "a.csv", [["id", "headline", "body"], ["1", "h", "b"]])
    assert list(read_paths([path])) == [
        ReadFailure(
            str(path),
            f"{path}: no `text` column; found id, headline, body. Pass --map text=<column> "
            "to name the column that holds the article text.",
            "E107",
        )
    ]


def test_empty_text_and_bad_date(tmp_path):
    path = write_csv(
        tmp_path / "a.csv",
        [["id", "date", "text"], ["1", "2024-05-28", ""], ["2", "32/13/2024", "Kept."], ["3", "", "Dated."]],
    )
    empty, kept, dated = read_paths([path], date=dt.date(2020, 1, 1))
    assert empty == ReadFailure(
        f"{path}:2", f"{path} line 2: the text field is empty; add the article text or leave the row out.", "E110"
    )
    assert kept.date is None
    assert kept.warnings == (
        f"W101 {path} line 3: the date '32/13/2024' could not be parsed; the article is kept "
        "with no date. Write the date as YYYY-MM-DD.",
    )
    assert dated.date == dt.date(2020, 1, 1)


def test_five_megabyte_field(tmp_path):
    text = "Stoltenberg said so. " * (5 * 2**20 // 21 + 1)
    path = write_csv(tmp_path / "a.csv", [["id", "text"], ["big", text], ["small", "x"]])
    big, small = read_paths([path], max_chars=None)  # a field of any size; the document limit is --max-chars
    assert big.text == text and len(text) > 5 * 2**20
    assert small.doc_id == "small"


def test_bom_and_cp1252(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffid,text\n1,Café.\n".encode("utf-8"))
    (article,) = read_paths([path])
    assert (article.doc_id, article.text, article.warnings) == ("1", "Café.", ())
    legacy = tmp_path / "legacy.csv"
    legacy.write_bytes('id,text\n1,"Le café était fermé, a déclaré le maire."\n'.encode("cp1252"))
    (article,) = read_paths([legacy])
    assert article.text == "Le café était fermé, a déclaré le maire."
    assert article.warnings[0].startswith(f"W102 {legacy}: not valid UTF-8; decoded as cp1252")


def test_header_only_and_empty(tmp_path):
    header_only = write_csv(tmp_path / "h.csv", [["id", "text"]])
    assert list(read_paths([header_only])) == []
    empty = tmp_path / "e.csv"
    empty.write_bytes(b"")
    (failure,) = read_paths([empty])
    assert failure.code == "E102"
    assert failure.reason == f"{empty}: the file is empty; add a header row and articles."
