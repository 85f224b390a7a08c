"""Statement exports: JSON Lines, CSV and Parquet keep every field."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pyarrow.parquet as pq

from stancemap.models import Coding, DocumentInfo, Statement, StoredStatement, TextSpan
from stancemap.report import tables

TEXT = 'Borrell noted that "such a move", is acceptable; ünïcode, commas.'


def make() -> list[StoredStatement]:
    st = Statement("doc,1", TextSpan(19, 64, TEXT[19:64]), TextSpan(0, 7, "Borrell"), TextSpan(8, 13, "noted"),
                   "indirect", 0.9, dt.date(2024, 5, 28), "Borrell", "person", actor="Josep Borrell",
                   codings=(Coding("strike-russia", "support", 0.75, "model:keyword.v1"),))
    bare = Statement("doc2", TextSpan(0, 7, "Borrell"), kind="direct-unmarked", confidence=0.5)
    return [
        StoredStatement(7, st, DocumentInfo(3, "doc,1", 2, dt.date(2024, 5, 28), "T", "src", "https://x")),
        StoredStatement(8, bare, DocumentInfo(4, "doc2", 1)),
    ]


def test_jsonl_follows_the_contract_with_id_and_document():
    out = io.StringIO()
    assert tables.write_jsonl(make(), out) == 2
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert first["id"] == 7 and first["doc"] == "doc,1" and first["version"] == 2
    assert first["content"] == {"start": 19, "end": 64, "text": TEXT[19:64]}
    assert first["codings"][0]["stance"] == "support"
    assert second["speaker"] is None and second["cue"] is None and second["date"] is None


def test_csv_round_trip_keeps_text_with_quotes_commas_and_unicode():
    rows = list(csv.DictReader(io.StringIO(tables.csv_text(make()))))
    assert rows[0]["content"] == TEXT[19:64]
    assert rows[0]["doc"] == "doc,1"
    assert rows[0]["stance:strike-russia"] == "support"
    assert json.loads(rows[0]["codings"])[0]["confidence"] == 0.75
    assert rows[1]["speaker"] == "" and rows[1]["stance:strike-russia"] == ""


def test_parquet_round_trip(tmp_path):
    path = tmp_path / "s.parquet"
    tables.write_parquet(make(), path)
    table = pq.read_table(path).to_pylist()
    assert table[0]["content_start"] == 19 and table[0]["content"] == TEXT[19:64]
    assert table[1]["speaker_start"] is None
