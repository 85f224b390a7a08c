"""Scoring actor resolution on labelled mentions: accuracy and wrong merges (toy gold files)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from stancemap.actors.io import default_registry
from stancemap.cli.eval_actors import eval_actors
from stancemap.errors import InputError
from stancemap.eval.actors import GoldMention, evaluate_actors, read_gold, score_actors
from stancemap.names.antecedents import titled_name_in_text
from stancemap.names.textnames import full_name_in_text, names_in_text

#: An invented article; the gold file below points into it by offsets.
TEXT = (
    "Mayor Lina Varga said the bridge would reopen. Varga added that the city had paid. "
    "The mayor also said Kyiv agreed. Anthony Blinkin said so too. Hunter Biden said nothing. "
    "Stoltenberg said yes. Officials said no."
)


def span(mention: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(mention, start + 1)
    return start, start + len(mention)


GOLD = [
    # (mention, nth occurrence, gold, category)
    ("Mayor Lina Varga", 0, "Lina Varga", "name"),
    ("Varga", 1, "Lina Varga", "name"),          # a surname: the text gives the full name
    ("The mayor", 0, "Lina Varga", "title"),     # a title: the text names the mayor
    ("Kyiv", 0, "Ukraine", "name"),              # a capital speaks for its government
    ("Anthony Blinkin", 0, "Antony Blinken", "name"),  # a misspelling
    ("Hunter Biden", 0, "Hunter Biden", "name"),       # a similar name, a different person
    ("Stoltenberg", 0, "Erik Stoltenberg", "name"),    # wrongly merged with Jens Stoltenberg
    ("Officials", 0, "-", "generic"),
]


@pytest.fixture
def texts(tmp_path: Path) -> Path:
    folder = tmp_path / "text"
    folder.mkdir()
    (folder / "doc1.txt").write_text(TEXT, encoding="utf-8")
    return folder


@pytest.fixture
def gold_tsv(tmp_path: Path) -> Path:
    lines = ["# a toy gold file", "doc\tstart\tend\tdate\tgold\tcategory"]
    for mention, nth, gold, category in GOLD:
        start, end = span(mention, nth)
        lines.append(f"doc1\t{start}\t{end}\t2024-05-28\t{gold}\t{category}")
    path = tmp_path / "gold.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_scores_accuracy_and_wrong_merges(gold_tsv: Path, texts: Path) -> None:
    scores = evaluate_actors(gold_tsv, texts=texts)
    assert (scores.n, scores.correct, scores.wrong_merges, scores.new_errors) == (7, 6, 1, 0)
    assert scores.accuracy == pytest.approx(6 / 7)
    assert scores.wrong_merge_rate == pytest.approx(1 / 7)
    assert (scores.generic, scores.generic_wrong_merges) == (1, 0)
    assert scores.by_category["title"] == {"n": 1, "correct": 1, "wrong_merges": 0}
    (error,) = scores.errors
    assert (error["mention"], error["predicted"], error["method"], error["error"]) == (
        "Stoltenberg", "Jens Stoltenberg", "surname", "wrong merge")


def test_a_missed_actor_is_an_error_but_no_wrong_merge() -> None:
    gold = [GoldMention("d", "Camilla Stoltenberg", "Camilla Stoltenberg", dt.date(2024, 5, 28)),
            GoldMention("d", "the Secretary", "Antony Blinken", dt.date(2024, 5, 28))]
    scores = score_actors(gold)
    assert (scores.n, scores.correct, scores.wrong_merges, scores.new_errors) == (2, 1, 0, 1)
    assert scores.to_dict()["errors"][0]["error"] == "missed (new actor)"


def test_generic_mention_resolved_to_a_registry_actor_is_a_wrong_merge() -> None:
    registry = default_registry()
    scores = score_actors([GoldMention("d", "NATO", "-", None)], registry)
    assert (scores.n, scores.generic, scores.generic_wrong_merges) == (0, 1, 1)


def test_jsonl_gold_with_inline_mentions(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    rows = [{"doc": "a", "mention": "Zelensky", "date": "2024-05-28", "gold": "Volodymyr Zelenskyy"},
            {"doc": "a", "mention": "the NATO Secretary General", "date": "2024-11-02", "gold": "Mark Rutte"}]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    scores = evaluate_actors(path)
    assert (scores.n, scores.correct) == (2, 2)
    assert scores.by_method == {"fuzzy": {"n": 1, "correct": 1}, "title-by-date": {"n": 1, "correct": 1}}


@pytest.mark.parametrize(("content", "texts_given", "fragment"), [
    ("doc\tstart\tend\tdate\tgold\nd\t0\t4\t2024-01-01\tX\n", False, "pass --texts"),
    ("doc\tstart\tend\tdate\tgold\nmissing\t0\t4\t2024-01-01\tX\n", True, "missing.txt not found"),
    ("doc\tmention\tdate\tgold\nd\tKyiv\t2024-01-01\t\n", False, "no `gold` actor"),
    ("doc\tmention\tdate\tgold\nd\tKyiv\t28/05/2024\tUkraine\n", False, "not YYYY-MM-DD"),
])
def test_gold_file_errors_name_the_line_and_fix(
    tmp_path: Path, texts: Path, content: str, texts_given: bool, fragment: str
) -> None:
    path = tmp_path / "gold.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=fragment) as info:
        read_gold(path, texts if texts_given else None)
    assert "gold.tsv line 2" in str(info.value)


def test_in_text_names_stand_in_for_the_extractor() -> None:
    assert names_in_text(TEXT) == ["Lina Varga", "Anthony Blinkin", "Hunter Biden"]
    assert full_name_in_text("Varga", TEXT) == "Lina Varga"
    assert full_name_in_text("The U.N.", "Kim Jong Un spoke. The U.N. replied.") is None
    assert titled_name_in_text("the mayor", TEXT) == "Lina Varga"
    assert titled_name_in_text("the state", "Secretary of State Jon Husted said.") is None


def test_eval_actors_command(gold_tsv: Path, texts: Path, tmp_path: Path) -> None:
    app = typer.Typer()
    app.command("actors")(eval_actors)

    @app.callback()
    def _group() -> None:
        """Evaluation commands."""

    out = tmp_path / "figures.json"
    runner = CliRunner(env={"COLUMNS": "200"})
    result = runner.invoke(
        app, ["actors", "--gold", str(gold_tsv), "--texts", str(texts), "--errors", "5", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "0.857" in result.output and "wrong merge: 'Stoltenberg' -> 'Jens Stoltenberg'" in result.output
    assert json.loads(out.read_text(encoding="utf-8"))["wrong_merges"] == 1

    result = runner.invoke(app, ["actors", "--gold", str(gold_tsv)])
    assert result.exit_code == 2 and "--texts" in result.output
