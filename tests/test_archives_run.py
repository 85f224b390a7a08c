"""``stancemap run`` on news-archive exports, with ``--format``, ``--metadata`` and ``--title-first-line``."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from stancemap.cli import app
from stancemap.store.repository import Store
from tests.archives_data import STORIES, factiva_html, nexis_uni_lines, write_docx, write_warc

pytestmark = pytest.mark.model

runner = CliRunner(env={"COLUMNS": "400"})


def test_run_reads_archives_and_sidecar_metadata(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_docx(corpus / "nexis.docx", nexis_uni_lines(broken_after=1))
    (corpus / "factiva.html").write_text(factiva_html(), encoding="utf-8")
    write_warc(corpus / "crawl.warc.gz")
    (corpus / "speech.txt").write_text("Grid speech\nMinister Paula Ortiz said the grid would be built.\n")
    sidecar = tmp_path / "meta.csv"
    sidecar.write_text("file,date,speaker\nspeech.txt,2024-03-01,Paula Ortiz\n", encoding="utf-8")
    db = tmp_path / "s.db"
    result = runner.invoke(app, ["run", str(corpus), "--db", str(db), "--quiet", "--metadata", str(sidecar),
                                 "--title-first-line"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with Store.open(str(db)) as store:
        docs = {d.doc_id: d for d in store.documents()}
        codes = sorted(f.code for f in store.failures())
    assert {f"nexis-{n}" for n in (1, 3, 4, 5, 6)} <= set(docs)  # article 2 is the broken one
    assert {f"factiva-{n}" for n in range(1, 6)} <= set(docs)
    assert sum(1 for d in docs if d.startswith("crawl-")) == 5
    assert docs["speech"].title == "Grid speech" and str(docs["speech"].date) == "2024-03-01"
    assert docs["nexis-1"].title == STORIES[0].title and docs["nexis-1"].source == STORIES[0].source
    assert codes == ["E108", "E118"]


def test_run_format_option_lists_the_archive_readers():
    result = runner.invoke(app, ["run", "--help"])
    for name in ("nexis", "factiva", "warc", "--metadata", "--title-first-line"):
        assert name in result.output
