"""Issue 17 item 8 through the CLI: `stancemap run` stores the same thing on SQLite and PostgreSQL.

A NUL in a JSONL ``id`` is stored as U+FFFD on both backends (PostgreSQL once
refused the whole run with "Could not read ...": the "is it stored yet?" lookup
sent the raw id); an id over 500 characters is one skipped input (E306) on both,
and the other documents of the batch are stored.
"""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa
from typer.testing import CliRunner

from stancemap.cli import app
from stancemap.store.repository import Store
from stancemap.store.schema import documents, failures

runner = CliRunner(env={"COLUMNS": "400"})


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def _stored(db: str) -> tuple[list[str], list[str]]:
    with Store.open(db) as store, store.engine.connect() as connection:
        ids = connection.scalars(sa.select(documents.c.doc_id).order_by(documents.c.doc_id)).all()
        codes = connection.scalars(sa.select(failures.c.code).order_by(failures.c.code)).all()
    return list(ids), list(codes)


def test_run_with_a_nul_in_an_id_stores_it_as_the_replacement_character(store_url: str, tmp_path: Path) -> None:
    path = _write(tmp_path / "in.jsonl", [
        {"id": "nul\x00id", "date": "2024-05-01", "text": 'Josep Borrell said that "Ukraine may strike."'},
        {"id": "ok", "date": "2024-05-01", "text": 'Jens Stoltenberg said that "allies must do more."'},
    ])
    result = runner.invoke(app, ["run", str(path), "--db", store_url])
    assert result.exit_code == 0, result.output
    assert "Could not read" not in result.output
    assert _stored(store_url) == (["nul\ufffdid", "ok"], [])
    again = runner.invoke(app, ["run", str(path), "--db", store_url])
    assert again.exit_code == 0, again.output
    assert _stored(store_url) == (["nul\ufffdid", "ok"], [])


def test_run_with_an_overlong_id_skips_that_document_only(store_url: str, tmp_path: Path) -> None:
    path = _write(tmp_path / "in.jsonl", [
        {"id": "L" * 501, "date": "2024-05-01", "text": 'Josep Borrell said that "Ukraine may strike."'},
        {"id": "ok", "date": "2024-05-01", "text": 'Jens Stoltenberg said that "allies must do more."'},
    ])
    result = runner.invoke(app, ["run", str(path), "--db", store_url])
    assert result.exit_code == 0, result.output
    assert "E306" in result.output and "reachable" not in result.output
    assert _stored(store_url) == (["ok"], ["E306"])
    with Store.open(store_url) as store:
        [skipped] = store.failures()
    assert skipped.reason.count(skipped.origin) == 1  # the origin is named once, not "in.jsonl:1: in.jsonl:1: ..."
