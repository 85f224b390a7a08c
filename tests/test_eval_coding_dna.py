"""``stancemap eval coding`` against hand coding from a DNA database (issue 19, item 3)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stancemap.actors.io import default_registry
from stancemap.cli import app
from stancemap.eval.coding import GoldStatement, agreement_with_gold, read_gold, score_codings
from stancemap.models import Article, Coding, Statement, TextSpan
from stancemap.store.repository import Store
from tests.test_dna import TEXT1, TEXT2, make_dna


def _st(doc: str, start: int, end: int, actor: str, issue: str, stance: str) -> Statement:
    return Statement(doc, TextSpan(start, end, "x" * (end - start)), actor=actor,
                     codings=(Coding(issue, stance, 0.8, "model:t"),))


def test_tuple_statement_kappa_and_network_figures_by_hand():
    gold = [GoldStatement("d", 0, 10, (("tax", "oppose"),), "Ann"),
            GoldStatement("d", 20, 30, (("tax", "support"),), "Bob"),
            GoldStatement("e", 0, 10, (("tax", "support"),), "Cem"),
            GoldStatement("e", 20, 30, (("aid", "oppose"),), "Dan"),
            GoldStatement("e", 40, 50, (), "Eve")]  # about no concept: not counted
    found = [_st("d", 2, 8, " ann ", "tax", "oppose"), _st("d", 20, 30, "Cem", "tax", "oppose"),
             _st("e", 0, 10, "CEM", "tax", "support"), _st("other", 0, 10, "Eve", "tax", "support")]
    a = agreement_with_gold(gold, found)
    assert (a["tuples"]["true_positives"], a["tuples"]["gold"], a["tuples"]["found"]) == (2, 4, 3)
    assert a["tuples"]["precision"] == pytest.approx(2 / 3) and a["tuples"]["recall"] == 0.5
    assert a["tuples"]["f1"] == pytest.approx(4 / 7)
    s = a["statements"]
    assert (s["gold_statements"], s["overlap"], s["same_actor"], s["same_actor_issue"], s["full"]) == (4, 3, 2, 2, 2)
    assert a["kappa"]["pairs"] == 3 and a["kappa"]["cohen"] == pytest.approx(0.4)
    assert a["network"]["actor_pairs"] == 6 and a["network"]["pearson"] == pytest.approx(-0.2)


def test_identical_coding_agrees_fully():
    gold = [GoldStatement("d", 0, 10, (("tax", "oppose"),), "Ann"),
            GoldStatement("d", 20, 30, (("tax", "oppose"),), "Bob"),
            GoldStatement("d", 40, 50, (("tax", "support"),), "Cem"),
            GoldStatement("e", 0, 5, (("tax", "support"),), "Dan")]
    found = [_st(g.doc, g.start, g.end, g.actor, *g.codings[0]) for g in gold]
    a = agreement_with_gold(gold, found)
    assert a["tuples"]["f1"] == 1.0 and a["statements"]["full_rate"] == 1.0
    assert a["kappa"]["cohen"] == 1.0 and a["network"]["pearson"] == pytest.approx(1.0)


def test_a_dna_gold_keeps_people_statements_with_actors(tmp_path: Path):
    def machine(db):
        db.execute("INSERT INTO CODERS (ID, Name, Password) VALUES (9, 'stancemap', 'x')")
        db.execute("INSERT INTO STATEMENTS VALUES (9, 1, 2, 0, 5, 9)")
        db.executemany("INSERT INTO DATASHORTTEXT (StatementId, VariableId, Entity) VALUES (9, ?, ?)",
                       [(1, 6), (2, 7), (3, 5)])
        db.execute("INSERT INTO DATABOOLEAN (StatementId, VariableId, Value) VALUES (9, 4, 1)")

    gold = read_gold(make_dna(tmp_path / "coded.dna", extra=machine))
    assert sorted((g.doc, g.actor, g.codings) for g in gold) == [
        ("coded-1", "Anna Berg", (("a-carbon-tax-is-needed", "support"),)),
        ("coded-1", "Farmers' Union", (("a-carbon-tax-is-needed", "oppose"),)),
        ("coded-2", "Tom Hale", (("a-carbon-tax-is-needed", "oppose"),)),
    ]


def test_the_existing_figures_still_work_with_a_dna_gold(tmp_path: Path):
    gold = read_gold(make_dna(tmp_path / "coded.dna"))
    anna = next(g for g in gold if g.actor == "Anna Berg")
    found = [Statement(anna.doc, TextSpan(anna.start, anna.end, "x"), actor="Anna Berg",
                       codings=(Coding("a-carbon-tax-is-needed", "support", 0.9, "model:t"),))]
    figures = score_codings(gold, found, ["a-carbon-tax-is-needed"])
    assert figures["relevance"]["true_positives"] == 1 and figures["unmatched_statements"] == 2


def test_eval_coding_command_scores_the_stores_machine_coding_against_a_dna_file(tmp_path: Path):
    dna = make_dna(tmp_path / "coded.dna")
    db = tmp_path / "corpus.db"
    with Store.open(str(db)) as store:
        run = store.begin_run(pipeline_version="t", model="m", codebook_hash="", args={})
        anna = TEXT1.index("Minister")
        union = TEXT1.index("The union")
        store.save_document(Article("coded-1", TEXT1, date=dt.date(2024, 5, 28)), [
            _st("coded-1", anna, anna + 30, "Anna Berg", "a-carbon-tax-is-needed", "support"),
            _st("coded-1", union, len(TEXT1), "Farmers' Union", "a-carbon-tax-is-needed", "support"),
            # a hand-coded statement stored by `stancemap run coded.dna`: not the machine's
            Statement("coded-1", TextSpan(union, len(TEXT1), "x"), actor="Farmers' Union",
                      codings=(Coding("a-carbon-tax-is-needed", "oppose", 1.0, "person:Bob"),)),
        ], run)
        store.save_document(Article("coded-2", TEXT2), [], run)
        store.save_document(Article("elsewhere", "Tom Hale said no."), [
            _st("elsewhere", 0, 17, "Tom Hale", "a-carbon-tax-is-needed", "oppose")], run)
    out = tmp_path / "figures.json"
    result = CliRunner().invoke(app, ["eval", "coding", "--gold", str(dna), "--db", str(db), "--out", str(out)],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "agreement with hand coding" in result.output and "Cohen's kappa" in result.output
    figures = json.loads(out.read_text())
    agreement = figures["agreement"]
    tuples = agreement["tuples"]
    assert (tuples["true_positives"], tuples["gold"], tuples["found"]) == (1, 3, 2)
    assert agreement["statements"]["full"] == 1 and agreement["statements"]["same_actor"] == 2
    assert agreement["kappa"]["pairs"] == 2
    assert figures["relevance"]["true_positives"] == 2 and figures["unmatched_statements"] == 1


def test_a_statement_imported_from_the_dna_gold_is_not_the_machines_though_the_machine_coded_it(tmp_path: Path):
    """`stancemap run coded.dna` stores the coder's statements and codes them on the other concepts too; the
    machine's own statement of the same words must be the one scored, not the imported copy (whose concept it
    leaves to the person)."""
    dna = make_dna(tmp_path / "coded.dna")
    db = tmp_path / "corpus.db"
    union = TEXT1.index("The union")
    with Store.open(str(db)) as store:
        run = store.begin_run(pipeline_version="t", model="m", codebook_hash="", args={})
        store.save_document(Article("coded-1", TEXT1, date=dt.date(2024, 5, 28)), [
            Statement("coded-1", TextSpan(union, len(TEXT1), "x"), actor="Farmers' Union",
                      codings=(Coding("a-carbon-tax-is-needed", "oppose", 1.0, "person:Bob"),
                               Coding("other-concept", "support", 0.6, "model:semantic.v1"))),
            _st("coded-1", union + 4, len(TEXT1) - 1, "Farmers' Union", "a-carbon-tax-is-needed", "oppose"),
        ], run)
    out = tmp_path / "figures.json"
    result = CliRunner().invoke(app, ["eval", "coding", "--gold", str(dna), "--db", str(db), "--out", str(out)],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    figures = json.loads(out.read_text())
    assert figures["relevance"]["true_positives"] == 1, figures["relevance"]
    assert figures["stance"]["accuracy"] == 1.0
    assert figures["agreement"]["tuples"]["found"] == 1


def test_eval_coding_says_what_is_missing(tmp_path: Path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"doc": "d", "content_start": 0, "content_end": 5, "codings": []}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "coding", "--gold", str(gold)], env={"COLUMNS": "300"})
    assert result.exit_code != 0 and "--codebook" in result.output
    result = CliRunner().invoke(app, ["eval", "coding", "--gold", str(tmp_path / "none.dna")],
                                env={"COLUMNS": "300"})
    assert result.exit_code != 0 and "no such file" in result.output


@pytest.mark.model
def test_eval_coding_extracts_from_the_dna_texts_without_a_store(tmp_path: Path):
    dna = make_dna(tmp_path / "coded.dna")
    out = tmp_path / "figures.json"
    result = CliRunner().invoke(app, ["eval", "coding", "--gold", str(dna), "--out", str(out)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    figures = json.loads(out.read_text())
    assert figures["gold_statements"] == 3 and set(figures["agreement"]) == {"tuples", "statements", "kappa", "network"}


def test_actors_are_compared_by_the_registry_name_of_a_name_or_alias():
    # a coder writes "Trump campaign"; the store's actor is the registry's "Donald J. Trump for President"
    gold = [GoldStatement("d", 0, 10, (("tax", "oppose"),), "Trump campaign")]
    found = [Statement("d", TextSpan(0, 10, "x" * 10), actor="Donald J. Trump for President",
                       codings=(Coding("tax", "oppose", .9),))]
    assert agreement_with_gold(gold, found)["statements"]["same_actor"] == 0
    agreed = agreement_with_gold(gold, found, canonical=default_registry().canonical_name)
    assert agreed["statements"]["full"] == 1 and agreed["tuples"]["f1"] == 1.0
