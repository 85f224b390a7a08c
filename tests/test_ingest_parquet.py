"""Parquet articles, read in record batches."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq

import stancemap.ingest.parquet as parquet_module
from stancemap.ingest import read_paths
from stancemap.models import Article, ReadFailure


def test_rows_batches_and_types(tmp_path, monkeypatch):
    monkeypatch.setattr(parquet_module, "BATCH_SIZE", 2)
    table = pa.table(
        {
            "id": ["a", None, "c", "d", "e"],
            "date": [dt.date(2024, 5, 28), None, dt.date(2016, 10, 12), None, None],
            "body": ["One.", "Two.", "", "Four.", "Five."],
            "extra": [1, 2, 3, 4, 5],
        }
    )
    path = tmp_path / "articles.parquet"
    pq.write_table(table, path)
    results = list(read_paths([path], mapping="text=body", date="2020-01-01"))
    assert results[0] == Article(doc_id="a", text="One.", date=dt.date(2024, 5, 28), origin=f"{path}:1")
    assert (results[1].doc_id, results[1].date) == ("articles-2", dt.date(2020, 1, 1))
    assert results[2] == ReadFailure(
        f"{path}:3", f"{path} row 3: the text field is empty; add the article text or leave the row out.", "E110"
    )
    assert [r.doc_id for r in results[3:]] == ["d", "e"]


def test_timestamp_and_string_dates(tmp_path):
    table = pa.table(
        {
            "text": ["x", "y"],
            "date": pa.array([dt.datetime(2024, 5, 28, 9, 30), None], type=pa.timestamp("s")),
        }
    )
    path = tmp_path / "t.parquet"
    pq.write_table(table, path)
    assert [a.date for a in read_paths([path])] == [dt.date(2024, 5, 28), None]


def test_no_text_column(tmp_path):
    path = tmp_path / "a.parquet"
    pq.write_table(pa.table({"id": ["1"], "content": ["x"]}), path)
    assert list(read_paths([path])) == [
        ReadFailure(
            str(path),
            f"{path}: no `text` column; found id, content. Pass --map text=<column> to name "
            "the column that holds the article text.",
            "E107",
        )
    ]


def test_damaged_parquet(tmp_path):
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1 this is not really parquet")
    (failure,) = read_paths([path])
    assert failure.code == "E111"
    assert failure.reason.startswith(f"{path}: not a readable Parquet file (")
    assert failure.reason.endswith("check that the file is complete, or export the articles again.")


def test_sniffed_without_extension(tmp_path):
    path = tmp_path / "export"
    pq.write_table(pa.table({"text": ["x"]}), path)
    (article,) = read_paths([path])
    assert (article.doc_id, article.text) == ("export-1", "x")
