"""Issue 17 item 24: `stancemap stance review` shows context, undo goes back, EOF ends cleanly, --done lists all."""

from __future__ import annotations

from typer.testing import CliRunner

from stancemap.cli import stance_app
from stancemap.cli.code import sentence_context
from stancemap.store import Store, review
from tests.test_stance_training import db  # noqa: F401 - the toy corpus fixture

runner = CliRunner()
WIDE = {"COLUMNS": "200"}


def test_each_statement_is_shown_in_its_sentence(db: str) -> None:  # noqa: F811
    result = runner.invoke(stance_app, ["review", "--db", db, "--limit", "1", "--person", "ana"], input="k\n", env=WIDE)
    assert result.exit_code == 0, result.output
    assert "In the article:" in result.output
    assert "Shopkeepers said the congestion charge will drive customers away." in result.output


def test_sentence_context_stops_at_sentence_ends() -> None:
    text = "First one. Mary said that taxes rise. Then more."
    start = text.index("Mary")
    assert sentence_context(text, start, text.index(" rise") + 5) == ("", "Mary said that taxes rise", ".")
    long = "x" * 1000 + " Bob said y " + "z" * 1000
    before, middle, after = sentence_context(long, 1001, 1011, limit=20)
    assert before.startswith("...") and after.endswith("...") and middle == "Bob said y"


def test_end_of_input_stops_cleanly_with_a_summary(db: str) -> None:  # noqa: F811
    result = runner.invoke(stance_app, ["review", "--db", db, "--person", "ana"], input="o\n", env=WIDE)
    assert result.exit_code == 0, result.output
    assert "Aborted" not in result.output
    assert "1 codings stored as person:ana" in result.output


def test_undo_returns_to_the_undone_item(db: str) -> None:  # noqa: F811
    result = runner.invoke(stance_app, ["review", "--db", db, "--person", "ana"], input="o\nu\ns\nq\n", env=WIDE)
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.count("1/3") == 2 and out.index("2/3") < out.rindex("1/3")  # back to the undone item after 2/3
    assert "undid set_stance oppose" in result.output or "undid" in result.output
    with Store.open(db) as store:
        person = [(c.stance, c.origin) for s in store.statements() for c in s.statement.codings
                  if c.origin.startswith("person:")]
    assert person == [("support", "person:ana")]


def test_done_lists_rejections_and_speaker_fixes(db: str) -> None:  # noqa: F811
    with Store.open(db) as store:
        ids = [s.id for s in store.statements()]
        review.reject(store, ids[0], "ana")
        review.set_speaker(store, ids[1], "The Mayor", "ana", actor_type="person")
    result = runner.invoke(stance_app, ["review", "--db", db, "--done"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "not a statement" in result.output and "speaker set" in result.output


def test_stance_train_shows_progress(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.test_cli_stance import _toy_rows, _write_pairs

    pairs = _write_pairs(tmp_path / "train.jsonl", _toy_rows())
    steps: list[tuple[str, int, int]] = []
    from stancemap.stance.learners import train_model

    rows = [(c, t, label) for c, t, label in _toy_rows()]
    train_model(rows, progress=lambda what, k, n: steps.append((what, k, n)))
    assert steps[0][0] == "n-gram vocabulary" and [k for _, k, _ in steps] == list(range(1, len(steps) + 1))
    assert steps[-1][1] == steps[-1][2] or steps[-1][0] == "temperature"
    result = runner.invoke(stance_app, ["train", "--pairs", str(pairs), "--out", str(tmp_path / "m.npz")], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "training embed-lr.v1" in result.output and "done" in result.output
