"""Scoring stance coders on labelled pairs."""

from __future__ import annotations

import json

import pytest

from stancemap.stance.evaluate import evaluate_pairs, fnc_score, load_pairs, main, scores

PAIRS = [
    ("Fuel taxes should be raised.", "Raising fuel taxes is a dangerous mistake.", "oppose"),
    ("Fuel taxes should be raised.", "Higher fuel taxes are necessary and fair.", "support"),
    ("Fuel taxes should be raised.", "Parliament is debating whether fuel taxes should rise.", "neutral"),
    ("Fuel taxes should be raised.", "The orchestra played Brahms.", "unrelated"),
]


def test_scores_by_hand():
    gold = ["support", "support", "oppose", "neutral"]
    pred = ["support", "oppose", "oppose", "unrelated"]
    s = scores(gold, pred)
    assert s["n"] == 4 and s["accuracy"] == 0.5
    assert s["per_class"]["support"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2}
    assert s["per_class"]["oppose"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667, "support": 1}
    assert s["per_class"]["neutral"]["f1"] == 0.0
    assert "unrelated" not in s["per_class"]  # macro-F1 over the gold classes
    assert s["macro_f1"] == pytest.approx((0.6667 + 0.6667 + 0.0) / 3, abs=1e-4)
    assert s["confusion"]["neutral"] == {"unrelated": 1}
    assert "fnc_score" not in s


def test_fnc_score():
    assert fnc_score(["unrelated"], ["unrelated"]) == 1.0
    assert fnc_score(["support"], ["oppose"]) == 0.25
    assert fnc_score(["support"], ["support"]) == 1.0


def test_evaluate_pairs_with_rule_coder():
    result = evaluate_pairs("keyword.v1", PAIRS)
    assert result["coder"] == "keyword.v1"
    assert result["accuracy"] == 1.0
    assert set(result["per_class"]) == {"support", "oppose", "neutral", "unrelated"}
    assert 0 <= result["fnc_score"] <= 1


def test_load_pairs_with_bodies(tmp_path):
    path = tmp_path / "pairs.jsonl"
    rows = [{"claim": "A", "text": "a text", "label": "support"},
            {"claim": "B", "body_id": "7", "label": "unrelated"}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert load_pairs(path, {"7": "body seven"}) == [("A", "a text", "support"),
                                                     ("B", "body seven", "unrelated")]
    assert load_pairs(path, {"7": "x"}, limit=1) == [("A", "a text", "support")]
    with pytest.raises(ValueError, match=r"line 2: no `text` and body '7' not found; pass texts="):
        load_pairs(path)


def test_command_line(tmp_path, capsys):
    path = tmp_path / "pairs.jsonl"
    path.write_text("\n".join(json.dumps({"claim": c, "text": t, "label": lab}) for c, t, lab in PAIRS),
                    encoding="utf-8")
    assert main([str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["n"] == 4
