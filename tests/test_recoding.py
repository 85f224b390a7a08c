"""Recoding the store without re-parsing: a changed codebook, a person's coding, stored embeddings."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from stancemap import workflows
from stancemap.recoding import recode_store
from stancemap.stance import get_coder
from stancemap.stance.codebook import load_codebook
from stancemap.store.repository import Store
from stancemap.store.review import set_stance
from stancemap.store.schema import codings, statements

pytestmark = pytest.mark.model

TEXT = (
    "date 2024-03-05 The mayor said that the new fuel tax is a dangerous mistake for families. "
    "Ms. Jones, the council leader, said that bicycle lanes should be built on every main road. "
    "She added that the city must plant more trees in its parks.\n"
)

ONE_ISSUE = """issues:
  - id: fuel-tax
    label: Fuel tax
    claim: The fuel tax should be raised.
    keywords: [fuel tax]
"""

TWO_ISSUES = ONE_ISSUE + """  - id: bike-lanes
    label: Bicycle lanes
    claim: The city should build more bicycle lanes.
    description: Cycling infrastructure such as bike lanes and cycle paths on city roads.
    keywords: [bicycle lanes, bike lanes]
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "city_2024-03-05_budget.txt").write_text(TEXT, encoding="utf-8")
    return folder


def _codings(url: str) -> list[tuple[str, str, str]]:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(sa.select(codings.c.issue_id, codings.c.stance, codings.c.origin)).all()
    engine.dispose()
    return sorted(tuple(r) for r in rows)


def test_an_issue_added_to_the_codebook_is_coded_on_the_next_run_without_reparsing(corpus, tmp_path, store_url,
                                                                                      monkeypatch):
    book = tmp_path / "codebook.yaml"
    book.write_text(ONE_ISSUE, encoding="utf-8")
    first = workflows.run([corpus], db=store_url, codebook=book)
    assert first.documents_new == 1 and first.statements >= 2
    assert {c[0] for c in _codings(store_url)} == {"fuel-tax"}

    book.write_text(TWO_ISSUES, encoding="utf-8")
    # no parse may happen: the document is unchanged and is recoded from the store
    monkeypatch.setattr(workflows.Pipeline, "process", lambda *a, **k: pytest.fail("re-parsed a stored document"))
    second = workflows.run([corpus], db=store_url, codebook=book, workers=1)
    assert second.documents_unchanged == 1 and second.documents_new == 0
    assert second.statements_recoded >= 2
    found = _codings(store_url)
    assert ("bike-lanes", "support", "model:" + workflows.DEFAULT_CODER) in found, found
    assert any(issue == "fuel-tax" for issue, _, _ in found)

    # a third run with the same codebook recodes nothing
    third = workflows.run([corpus], db=store_url, codebook=book)
    assert third.statements_recoded == 0


def test_a_persons_coding_survives_recoding_and_no_model_coding_is_added_for_it(corpus, tmp_path, store_url):
    book = tmp_path / "codebook.yaml"
    book.write_text(TWO_ISSUES, encoding="utf-8")
    workflows.run([corpus], db=store_url, codebook=book)
    with Store.open(store_url) as store:
        with store.engine.connect() as connection:
            sid = connection.scalar(sa.select(codings.c.statement_id).where(codings.c.issue_id == "fuel-tax"))
        set_stance(store, sid, "fuel-tax", "support", "ann")

    done = workflows.recode(db=store_url, codebook=book, everything=True)
    assert done.statements >= 2

    engine = sa.create_engine(store_url)
    with engine.connect() as connection:
        rows = connection.execute(sa.select(codings.c.issue_id, codings.c.stance, codings.c.origin)
                                  .where(codings.c.statement_id == sid)).all()
        stored = connection.execute(sa.select(statements.c.embedding, statements.c.embedder,
                                              statements.c.coded_with)).all()
    engine.dispose()
    on_tax = [(stance, origin) for issue, stance, origin in rows if issue == "fuel-tax"]
    assert on_tax == [("support", "person:ann")]
    # every statement carries its embedding (float16) and what coded it
    assert all(r.embedding and r.embedder and r.coded_with for r in stored)


def test_recode_command_reports_what_it_did(corpus, tmp_path, store_url):
    from typer.testing import CliRunner

    from stancemap.cli import app

    book = tmp_path / "codebook.yaml"
    book.write_text(ONE_ISSUE, encoding="utf-8")
    workflows.run([corpus], db=store_url, codebook=book)
    book.write_text(TWO_ISSUES, encoding="utf-8")
    result = CliRunner().invoke(app, ["stance", "recode", "--codebook", str(book), "--db", store_url])
    assert result.exit_code == 0, result.output
    assert "recoded" in result.output and "statements" in result.output
    again = CliRunner().invoke(app, ["stance", "recode", "--codebook", str(book), "--db", store_url])
    assert "recoded 0 statements" in again.output



def test_recoding_a_store_unchanged_gives_the_codings_the_run_gave(corpus, tmp_path, store_url):
    # "She added that ..." continues Ms. Jones's statement: its coding is a continuation, which recoding had lost
    # (the stored statements came back without their speaker's mention)
    book = tmp_path / "codebook.yaml"
    book.write_text(TWO_ISSUES, encoding="utf-8")
    workflows.run([corpus], db=store_url, codebook=book)
    after_run = _codings(store_url)
    assert ("bike-lanes", "support", "model:semantic.v1+continuation") in after_run
    with Store.open(store_url) as store:
        recode_store(store, load_codebook(book), get_coder(workflows.DEFAULT_CODER), everything=True)
    assert _codings(store_url) == after_run


def test_a_run_keeps_each_documents_vector_and_recoding_reads_it(corpus, tmp_path, store_url):
    book = tmp_path / "codebook.yaml"
    book.write_text(TWO_ISSUES, encoding="utf-8")
    workflows.run([corpus], db=store_url, codebook=book)
    coder = get_coder(workflows.DEFAULT_CODER)
    embedded: list[str] = []
    embedder = coder.embedder

    class Counting:
        name, dim = embedder.name, embedder.dim

        def embed(self, texts):
            embedded.extend(texts)
            return embedder.embed(texts)

    coder.embedder = Counting()
    with Store.open(store_url) as store:
        first = recode_store(store, load_codebook(book), coder, everything=True)
        second = recode_store(store, load_codebook(book), coder, everything=True)
    assert first.statements == second.statements > 0
    whole = [t for t in embedded if "fuel tax" in t and "bicycle lanes" in t and "trees" in t]
    assert whole == []  # the document's own vector: made by the run, kept in the store and read back
