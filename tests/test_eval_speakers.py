"""End-to-end speaker scoring (`stancemap eval actors --pipeline`) on a toy gold of our own."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from stancemap.cli.eval_actors import eval_actors
from stancemap.eval.actors import GoldMention
from stancemap.eval.speakers import is_impossible, score_speakers, speaker_at
from stancemap.models import Statement, TextSpan

TEXT = ("Hillary Clinton went after Donald Trump on Monday in Ohio. "
        "\u201cWhat kind of genius loses a billion dollars in a single year?\u201d she said.\n\n"
        "A source said the rally was small.")


def _statement(start: int, end: int, actor: str | None) -> Statement:
    return Statement("d", TextSpan(end + 1, end + 5, "x"), speaker=TextSpan(start, end, "s"), actor=actor)


def test_matching_takes_the_speaker_span_that_overlaps_most():
    m = GoldMention("d", "she", "Hillary Clinton", start=10, end=13)
    assert speaker_at(m, [_statement(0, 11, "A"), _statement(10, 13, "B")]).actor == "B"
    assert speaker_at(m, [_statement(20, 25, "A")]) is None


def test_scores_by_kind_with_impossible_and_unresolvable():
    gold = [GoldMention("d", "she", "Hillary Clinton", start=0, end=3, category="pronoun", gender="f"),
            GoldMention("d", "Trump", "Donald Trump", start=10, end=15, category="name", gender="m"),
            GoldMention("d", "the candidate", "Donald Trump", start=20, end=33, category="description", gender="m"),
            GoldMention("d", "A source", "-", start=40, end=48, category="description")]
    found = [
        _statement(0, 3, "Donald Trump"), _statement(10, 15, "Donald Trump"), _statement(40, 48, "Hillary Clinton")
    ]
    s = score_speakers(gold, found)
    assert (s.n, s.found, s.correct, s.impossible) == (3, 2, 1, 1)
    assert s.by_category["pronoun"] == {"n": 1, "found": 1, "correct": 0, "impossible": 1}
    assert s.by_category["description"]["found"] == 0  # not found counts against accuracy, not accuracy when found
    assert s.unresolvable == 1 and s.unresolvable_named == 1
    assert list(s.by_category) == ["name", "pronoun", "description"]


def test_a_leading_the_does_not_make_another_actor():
    gold = [GoldMention("d", "The Post", "The New York Post", start=0, end=8, category="name")]
    assert score_speakers(gold, [_statement(0, 8, "New York Post")]).correct == 1


def test_registry_aliases_count_as_the_same_actor():
    gold = [GoldMention("d", "State", "State Department", start=0, end=5, category="name")]
    canonical = {"State Department": "US Department of State"}.get
    s = score_speakers(gold, [_statement(0, 5, "US Department of State")], canonical=lambda n: canonical(n, n))
    assert s.correct == 1


@pytest.mark.parametrize("pronoun, actor, genders, expected", [
    ("she", "Bo", {"bo": "m"}, True), ("He", "Acme", {"acme": "org"}, True), ("it", "Bo", {"bo": "m"}, True),
    ("she", "Ann", {"ann": "f"}, False), ("she", "Unknown", {}, False), ("they", "Bo", {"bo": "m"}, False)])
def test_impossible_pronoun_resolutions(pronoun, actor, genders, expected):
    assert is_impossible(pronoun, actor, genders) is expected


@pytest.mark.model
def test_cli_pipeline_parses_the_texts_and_lists_errors(tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "d1.txt").write_text(TEXT, encoding="utf-8")
    she = TEXT.index("she said")
    source = TEXT.index("A source")
    gold = tmp_path / "gold.tsv"
    gold.write_text("doc\tstart\tend\tdate\tgold\tcategory\tgender\n"
                    f"d1\t{she}\t{she + 3}\t2016-09-30\tHillary Clinton\tpronoun\tf\n"
                    f"d1\t{source}\t{source + 8}\t2016-09-30\t-\tdescription\t\n", encoding="utf-8")
    app = typer.Typer()
    app.command("actors")(eval_actors)

    @app.callback()
    def _group() -> None:
        """Evaluation commands."""

    out = tmp_path / "out" / "figures.json"
    runner = CliRunner(env={"COLUMNS": "200"})
    result = runner.invoke(app, ["actors", "--pipeline", "--gold", str(gold), "--texts", str(texts), "--out", str(out)])
    assert result.exit_code == 0, result.output
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["by_category"]["pronoun"]["correct"] == 1 and figures["impossible"] == 0
    assert figures["unresolvable"] == 1
    result = runner.invoke(app, ["actors", "--pipeline", "--gold", str(gold)])
    assert result.exit_code == 2 and "--texts" in result.output
