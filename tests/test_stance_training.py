"""Learning from people: ``stancemap stance review`` and ``stancemap stance learn`` on a toy store."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from stancemap.cli import stance_app
from stancemap.models import Article, Codebook, Coding, Issue, Statement, TextSpan
from stancemap.stance import get_coder
from stancemap.stance.adapt import LEARNING_EMBEDDER
from stancemap.store import Store
from stancemap.store.codings import person_examples, uncovered_statements
from stancemap.training import project_coder, project_corrections_path, review_queue

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
        codings = (Coding("charge", stance, confidence, origin="model:semantic.v1"),) if stance else ()
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


def _shopkeepers(coder):
    content = "the congestion charge will drive customers away"
    return coder.code_stance(content, SENTENCES[1] + ".", ISSUE)


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


def test_corrections_adapt_the_issue_on_the_next_run(sqlite_db, tmp_path):
    db = sqlite_db
    result = runner.invoke(stance_app, ["learn", "--db", db, "--out", str(tmp_path / "none.json")])
    assert result.exit_code == 0, result.output
    assert "no person codings yet" in result.output
    before = _shopkeepers(get_coder("semantic.v1"))

    # a person codes the shopkeepers' statement "oppose"
    runner.invoke(stance_app, ["review", "--db", db, "--limit", "1", "--person", "ana"], input="o\n")
    result = runner.invoke(stance_app, ["learn", "--db", db])
    assert result.exit_code == 0, result.output
    assert "1 corrections written to" in result.output and "charge: oppose 1" in result.output
    path = project_corrections_path(db)
    assert path.name == "corpus.corrections.json" and path.exists()
    stored = json.loads(path.read_text())
    assert stored["issues"]["charge"]["claim"] == CLAIM
    assert stored["issues"]["charge"]["corrections"][0][1] == "oppose"

    # the next run finds the corrections next to the database, and they move the issue's stance
    spec = project_coder(db)
    assert spec == f"semantic.v1@{path}"
    coder = get_coder(spec)
    assert coder.corrections["charge"]["corrections"]
    after = _shopkeepers(coder)
    probs_before = before.confidence if before.stance == "oppose" else 1 - before.confidence
    probs_after = after.confidence if after.stance == "oppose" else 1 - after.confidence
    assert probs_after > probs_before
    assert coder.fingerprint != get_coder("semantic.v1").fingerprint  # a rerun recodes with them
    # corrections are learnt on the contextual model; the codebook's examples alone on the static table
    assert coder.adapter(ISSUE).stance_embedder.name == LEARNING_EMBEDDER == "e5-small.v1"
    assert get_coder("semantic.v1").adapter(ISSUE).stance_embedder.name == "e5-static.v1"


def test_project_coder_defaults_without_corrections(tmp_path):
    assert project_coder(str(tmp_path / "fresh.db")) == "semantic.v1"
    assert project_coder(str(tmp_path / "fresh.db"), default="keyword.v1") == "keyword.v1"
    assert project_corrections_path("postgresql://u@localhost/news").name == "news.corrections.json"


def test_a_broken_corrections_file_names_itself(tmp_path):
    from stancemap.errors import UsageError

    bad = tmp_path / "x.corrections.json"
    bad.write_text("{not json")
    with pytest.raises(UsageError, match="x.corrections.json: not a corrections file"):
        get_coder(f"semantic.v1@{bad}")


def test_uncovered_statements(db):
    with Store.open(db) as store:
        assert [text for _, text, _ in uncovered_statements(store)] == ["the team played well"]


def test_corrections_made_on_another_claim_change_nothing(tmp_path):
    """A sharpened claim drops the old corrections everywhere: adapter, cue rules and calibration."""
    path = tmp_path / "x.corrections.json"
    path.write_text(json.dumps({"format": "stancemap-corrections.v1", "issues": {"charge": {
        "claim": "The city should ban cars from the centre.",
        "corrections": [["the congestion charge will drive customers away", "support"]]}}}))
    with_old = get_coder(f"semantic.v1@{path}")
    plain = get_coder("semantic.v1")
    assert with_old.corrections_of(ISSUE) == []
    texts = ["the congestion charge will drive customers away", "a congestion charge is overdue"]
    framed = [(t, t) for t in texts]
    assert with_old.decisions([ISSUE] * 2, texts, framed) == plain.decisions([ISSUE] * 2, texts, framed)
    assert with_old.adapter(ISSUE).stance_embedder.name == "e5-static.v1"


def test_a_keyword_people_call_unrelated_twice_stops_making_statements_relevant(tmp_path):
    """ "tax" for an issue about a candidate's tax returns fires on every tax plan; two "not relevant" answers
    on such statements take it out of the issue's keywords (and phrases), and say why in the evidence."""
    returns = Issue("returns", "Tax returns", "The candidate should release his tax returns.",
                    keywords=("tax", "audit"))
    text = "The tax plans of the candidates were compared in Ohio."
    plain = get_coder("semantic.v1")
    (before,), = plain.code_many([text], [text], [None], [returns])
    assert before.evidence == "keyword: tax"
    path = tmp_path / "f.corrections.json"
    path.write_text(json.dumps({"format": "stancemap-corrections.v1", "issues": {"returns": {
        "claim": returns.claim, "corrections": [["for the tax plans", "unrelated"],
                                                ["Tax cuts were discussed in Iowa", "unrelated"]]}}}))
    corrected = get_coder(f"semantic.v1@{path}")
    after = corrected.code_many([text], [text], [None], [returns])[0]
    assert not after or (after[0].relevance < before.relevance and "keyword: tax" not in after[0].evidence)
    # the issue's other keywords still count
    audit = "The audit of his returns is still going on, he said."
    (kept,), = corrected.code_many([audit], [audit], [None], [returns])
    assert kept.evidence == "keyword: audit"


def test_learn_says_how_often_each_issue_codes_its_held_out_corrections_right(sqlite_db):
    """Each stance correction is coded by the issue's model fitted on the others; the tally is what the
    corrections are worth, and the person reads it before recoding."""
    runner.invoke(stance_app, ["review", "--db", sqlite_db, "--limit", "3", "--person", "ana"], input="o\nn\ns\n")
    result = runner.invoke(stance_app, ["learn", "--db", sqlite_db], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    assert "3 corrections written" in result.output
    tally = result.output.split("fitted on the others, right: ")[1].split(".")[0]
    right, of = tally.removeprefix("charge ").split(" of ")
    assert of == "3" and 0 <= int(right) <= 3
    assert "records as its confidence the chance of being right" in " ".join(result.output.split())


@pytest.mark.parametrize("entry, problem", [
    ({"corrections": [["a congestion charge is overdue", "support"]]}, "claim"),
    ({"claim": CLAIM, "corrections": "support"}, "corrections"),
    ({"claim": CLAIM, "corrections": [["a congestion charge is overdue"]]}, "corrections"),
    ({"claim": CLAIM, "corrections": [["a congestion charge is overdue", "maybe"]]}, "maybe"),
])
def test_a_hand_edited_corrections_file_with_a_bad_entry_names_the_file_the_issue_and_the_problem(
        tmp_path, entry, problem):
    """Every issue's corrections are read (they are pooled to learn what a corrected issue's confidence means), so
    a bad entry, even of an issue the codebook no longer has, stops the run with the file, the issue and the
    problem, before anything is coded."""
    from stancemap.errors import UsageError

    path = tmp_path / "x.corrections.json"
    path.write_text(json.dumps({"format": "stancemap-corrections.v1", "issues": {
        "charge": {"claim": CLAIM, "corrections": [["the congestion charge will drive customers away", "oppose"]]},
        "old-issue": entry}}))
    with pytest.raises(UsageError, match=f"x.corrections.json.*old-issue.*{problem}"):
        get_coder(f"semantic.v1@{path}")
