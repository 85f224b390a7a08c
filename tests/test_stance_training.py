"""Learning from people: ``stancemap code review`` and ``stancemap code train`` on a toy store."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from stancemap.cli import stance_app
from stancemap.stance import get_coder
from stancemap.stance.learners import load_any
from stancemap.stance.lexical import frame
from stancemap.stance.training import project_coder, project_model_path, review_queue
from stancemap.models import Article, Codebook, Coding, Issue, Statement, TextSpan
from stancemap.store import Store
from stancemap.store.codings import person_examples, uncovered_statements

CLAIM = "The city should introduce a congestion charge."
ISSUE = Issue("charge", "Congestion charge", CLAIM, keywords=("congestion charge",),
              examples=(("A congestion charge would clean the air.", "support"),))
CODEBOOK = Codebook((ISSUE,), hash="h1", path="codebook.yaml")
TEXT = ("The mayor said a congestion charge is overdue. "
        "Shopkeepers said the congestion charge will drive customers away. "
        "A councillor said the congestion charge plan needs more study. "
        "The coach said the team played well.")
SENTENCES = [s.strip() for s in TEXT.split(". ")]

runner = CliRunner()


def _span(text: str) -> TextSpan:
    start = TEXT.index(text)
    return TextSpan(start, start + len(text), text)


def _statements() -> list[Statement]:
    rows = [
        ("a congestion charge is overdue", "The mayor", "support", 0.9),
        ("the congestion charge will drive customers away", "Shopkeepers", "support", 0.55),  # wrong and unsure
        ("the congestion charge plan needs more study", "A councillor", "neutral", 0.6),
        ("the team played well", "The coach", None, 0.0),
    ]
    out = []
    for content, speaker, stance, confidence in rows:
        codings = (Coding("charge", stance, confidence, origin="model:cues-mlp.v1"),) if stance else ()
        out.append(Statement("d1", _span(content), speaker=_span(speaker), cue=None, speaker_name=speaker,
                             codings=codings))
    return out


def _fill(url: str) -> str:
    with Store.open(url) as store:
        store.save_codebook(CODEBOOK)
        run = store.begin_run(pipeline_version="test", model="m", codebook_hash="h1", args={})
        store.save_document(Article("d1", TEXT, origin="d1.txt"), _statements(), run)
    return url


@pytest.fixture
def db(store_url) -> str:
    """The toy corpus in SQLite and (with STANCEMAP_TEST_PG_URL) PostgreSQL."""
    return _fill(store_url)


@pytest.fixture
def sqlite_db(tmp_path) -> str:
    """The toy corpus in a SQLite file ``corpus.db`` (the project's model goes next to it)."""
    return _fill(f"sqlite:///{tmp_path / 'corpus.db'}")


def _base_file(tmp_path):
    rows = [(CLAIM, "Charges cut traffic and clean the air.", "support"),
            (CLAIM, "Cleaner air is worth a small fee.", "support"),
            (CLAIM, "Charges will drive customers away from shops.", "support"),  # mislabelled on purpose
            (CLAIM, "A fee punishes commuters who have no bus.", "oppose"),
            (CLAIM, "Charges hit poor commuters hardest.", "oppose"),
            (CLAIM, "The plan needs more study before anyone decides.", "neutral")] * 2
    path = tmp_path / "base.jsonl"
    path.write_text("".join(json.dumps({"id": f"b{i}", "claim": c, "text": t, "label": lab}) + "\n"
                            for i, (c, t, lab) in enumerate(rows)))
    return path


def _shopkeepers_proba(model_path):
    model = load_any(model_path)
    content = "the congestion charge will drive customers away"
    text = frame(content, SENTENCES[1] + ".")[0]
    probs = dict(zip(model.labels, model.predict_proba(CLAIM, text)))
    return probs


def test_review_queue_is_least_certain_first(db):
    with Store.open(db) as store:
        items = review_queue(store, limit=10)
    assert [i.confidence for i in items] == [0.55, 0.6, 0.9]
    assert items[0].content == "the congestion charge will drive customers away"
    assert items[0].claim == CLAIM and items[0].speaker == "Shopkeepers"


def test_review_stores_person_codings_that_survive_a_rerun(db):
    result = runner.invoke(stance_app, ["review", "--db", db, "--limit", "5", "--person", "ana"],
                           input="o\nmaybe\nk\nx\n", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "coded oppose" in result.output and "skipped" in result.output
    assert "is not an answer" in result.output
    assert "marked not relevant" in result.output
    with Store.open(db) as store:
        by_content = {s.statement.content.text: s.statement.codings for s in store.statements()}
        shop = by_content["the congestion charge will drive customers away"]
        assert [(c.stance, c.origin) for c in shop] == [("oppose", "person:ana")]
        assert by_content["a congestion charge is overdue"] == ()  # not relevant: the model coding is gone
        # a rerun over the same article changes nothing, and the person's coding stays
        run = store.begin_run(pipeline_version="test", model="m", codebook_hash="h1", args={})
        assert store.save_document(Article("d1", TEXT, origin="d1.txt"), _statements(), run) is None
        again = {s.statement.content.text: s.statement.codings for s in store.statements()}
        assert again["the congestion charge will drive customers away"][0].origin == "person:ana"
        # already reviewed codings leave the queue
        assert [i.confidence for i in review_queue(store)] == [0.6]
        # the "not relevant" is kept as the person's unrelated example (issue 5: train learns from it)
        assert sorted((e.stance, e.origin) for e in person_examples(store)) == [
            ("oppose", "person:ana"), ("unrelated", "person:ana")]


def test_review_with_nothing_left(db):
    runner.invoke(stance_app, ["review", "--db", db, "--person", "ana"], input="s\ns\ns\n")
    result = runner.invoke(stance_app, ["review", "--db", db], input="")
    assert result.exit_code == 0 and "nothing to review" in result.output


def test_review_on_missing_database(tmp_path):
    result = runner.invoke(stance_app, ["review", "--db", str(tmp_path / "none.db")], env={"COLUMNS": "200"})
    assert result.exit_code == 2 and "no database at" in result.output


def test_correction_changes_the_next_code_train(sqlite_db, tmp_path):
    db = sqlite_db
    base = _base_file(tmp_path)
    before = tmp_path / "before.npz"
    result = runner.invoke(stance_app, ["learn", "--db", db, "--base", str(base), "--out", str(before)])
    assert result.exit_code == 0, result.output
    assert "no person codings yet" in result.output
    assert max(_shopkeepers_proba(before).items(), key=lambda kv: kv[1])[0] == "support"

    runner.invoke(stance_app, ["review", "--db", db, "--limit", "1", "--person", "ana"], input="o\n")
    result = runner.invoke(stance_app, ["learn", "--db", db, "--base", str(base)])
    assert result.exit_code == 0, result.output
    assert "trained on 1 person codings, 0 codebook examples and 12 base pairs" in result.output
    path = project_model_path(db)
    assert path.name == "corpus.stance.npz" and path.exists()
    after = _shopkeepers_proba(path)
    assert max(after.items(), key=lambda kv: kv[1])[0] == "oppose"

    # the next run finds the project's model next to the database
    spec = project_coder(db)
    assert spec == f"cues-mlp.v1@{path}"
    coder = get_coder(spec)
    assert coder.name == "cues-mlp.v1" and coder.model.meta["coder"] == "tfidf-mlp.v1"


def test_codebook_examples_are_learned(sqlite_db, tmp_path):
    db = sqlite_db
    from stancemap.stance.training import codebook_pairs, train_project_model

    assert codebook_pairs(CODEBOOK) == [(CLAIM, "A congestion charge would clean the air.", "support")]
    with Store.open(db) as store:
        summary = train_project_model(store, tmp_path / "m.npz", codebook=CODEBOOK,
                                      base=[(CLAIM, "x is bad", "oppose"), (CLAIM, "x is good", "support")],
                                      n_models=1, epochs=5)
    assert (summary.person, summary.codebook, summary.base) == (0, 1, 2)


def test_project_coder_defaults_without_a_model(tmp_path):
    assert project_coder(str(tmp_path / "fresh.db")) == "cues-mlp.v1"
    assert project_coder(str(tmp_path / "fresh.db"), default="keyword.v1") == "keyword.v1"
    assert project_model_path("postgresql://u@localhost/news").name == "news.stance.npz"


def test_uncovered_statements(db):
    with Store.open(db) as store:
        assert [text for _, text, _ in uncovered_statements(store)] == ["the team played well"]
