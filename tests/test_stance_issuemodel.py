"""``issue-adapt.v1``: many hand-coded texts on one issue adapt the shipped model to that issue."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from stancemap.cli.stance import stance_app
from stancemap.errors import PipelineError
from stancemap.stance.adapt import LEARNING_EMBEDDER, LEARNING_SETTINGS
from stancemap.stance.issuemodel import LEARNER, load_issue_model, save_issue_model, tempered, train_issue_model
from stancemap.stance.learners import choose_learner, load_any, predict_default, predict_labels
from stancemap.stance.pairmodel_training import train_pair_model

CLAIM = "The city should build the new harbour stadium."

# On this issue the council's debate turns on words the shipped model cannot know the side of:
# the stadium's backers talk of visitors and the waterfront, its critics of the bond, the lorries and the marsh.
SUPPORT = [
    "Visitors from the whole region would fill the waterfront every weekend.",
    "The waterfront has waited thirty years for something like this.",
    "Think of the visitors, the hotels and the ferry trade on match days.",
    "A lively waterfront is what the harbour district needs.",
    "Every visitor spends money in our cafés and shops.",
    "The regional league would bring visitors here instead of to the capital.",
    "It turns a derelict waterfront into a place people want to be.",
    "Hotel owners say the visitors alone would pay for it.",
    "Our waterfront could finally compete with the other port towns.",
    "The ferry company expects thousands more visitors a year.",
    "Young people would have a reason to stay: jobs on the waterfront.",
    "The visitors who come for a match come back for a holiday.",
]
OPPOSE = [
    "The bond would saddle our grandchildren with the interest.",
    "Lorries would thunder through the old town for three years.",
    "The marsh behind the harbour is home to rare birds.",
    "Nobody has explained who repays the bond if attendance falls.",
    "Building on the marsh would flood the lower streets.",
    "Residents are tired of lorries and dust already.",
    "The bond is larger than the whole school budget.",
    "Draining the marsh destroys the last wetland on this coast.",
    "Hundreds of lorries a day on a road built for carts.",
    "The council hid the true size of the bond from voters.",
    "The marsh protects the town from storm surges.",
    "Another bond, another promise, and the roads still crumble.",
]
HELD_OUT = [("More visitors on the waterfront would revive the district.", "support"),
            ("The waterfront needs the visitors a stadium brings.", "support"),
            ("The lorries and the bond are too high a price.", "oppose"),
            ("Paving the marsh for a stadium is madness.", "oppose")]


def _pairs() -> list[tuple[str, str, str]]:
    return [(CLAIM, t, "support") for t in SUPPORT] + [(CLAIM, t, "oppose") for t in OPPOSE]


@pytest.fixture(scope="module")
def trained():
    return train_issue_model(_pairs())


def test_auto_adapts_per_issue_for_many_texts_on_one_claim_and_trains_a_general_model_otherwise():
    assert choose_learner(_pairs()) == LEARNER
    assert choose_learner([(f"Claim {i} should pass.", t, lab) for i, (_, t, lab) in enumerate(_pairs())]) \
        == "embed-lr.v1"
    assert choose_learner(_pairs(), "embed-lr.v1") == "embed-lr.v1"


def test_the_issue_model_learns_the_issues_words_and_beats_a_general_model_trained_on_one_claim(trained):
    texts = [t for t, _ in HELD_OUT]
    gold = [label for _, label in HELD_OUT]
    assert predict_labels(trained, [(CLAIM, t) for t in texts]) == gold
    general = train_pair_model(_pairs(), min_claims=1, folds=0)
    general_right = sum(p == g for p, g in zip(general.predict([CLAIM] * 4, texts, neutral_margin=0.0), gold,
                                               strict=True))
    assert general_right < len(gold)


def test_a_claim_without_texts_gets_the_shipped_models_answer(trained):
    claim = "We should ban fracking."
    probs = trained.predict_proba([claim, claim], ["Fracking must be banned.", "Fracking should not be banned."])
    assert probs.shape == (2, len(trained.labels))
    assert np.allclose(probs.sum(axis=1), 1.0)
    assert [trained.labels[i] for i in probs.argmax(axis=1)] == ["support", "oppose"]


def test_ten_texts_make_an_adapter_and_a_three_label_model_answers_other_claims_as_the_default_coder():
    # ten texts of the stadium issue (with neutral ones) are enough for an adapter of its own
    few = [(CLAIM, t, "support") for t in SUPPORT[:4]] + [(CLAIM, t, "oppose") for t in OPPOSE[:4]] + [
        (CLAIM, "The council meets on Monday to discuss the agenda.", "neutral"),
        (CLAIM, "The council meets on Friday to discuss the agenda.", "neutral")]
    other = "We should ban fracking."
    model = train_issue_model(few + [(other, "Fracking poisons the wells.", "support"),
                                     (other, "Fracking creates jobs.", "oppose")])
    assert model.meta["claims_adapted"] == 1 and model.adapter(CLAIM) is not None
    # two texts are too few: the fracking claim is coded as `stance predict` without a model codes it
    assert model.adapter(other) is None
    texts = ["Fracking must be banned now.", "Fracking should not be banned.", "The hearing on fracking is on Monday."]
    probs = model.predict_proba([other] * 3, texts)
    assert np.allclose(probs.sum(axis=1), 1.0)
    assert [model.labels[i] for i in probs.argmax(axis=1)] == predict_default([(other, t) for t in texts])


def test_neutral_texts_teach_a_neutral_label(tmp_path):
    neutral = [(CLAIM, f"The council meets on {day} to discuss the agenda.", "neutral")
               for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")]
    model = train_issue_model(_pairs() + neutral)
    assert "neutral" in model.labels
    assert predict_labels(model, [(CLAIM, "The council meets on Sunday to discuss the agenda.")]) == ["neutral"]


def test_the_file_round_trips_through_the_cli_and_a_foreign_file_is_refused(tmp_path, trained):
    pairs = tmp_path / "coded.jsonl"
    pairs.write_text("".join(json.dumps({"id": f"p{i}", "claim": c, "text": t, "label": lab}) + "\n"
                             for i, (c, t, lab) in enumerate(_pairs())), encoding="utf-8")
    out = tmp_path / "harbour.npz"
    result = CliRunner().invoke(stance_app, ["train", "--pairs", str(pairs), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "issue-adapt.v1" in result.output
    loaded = load_any(out)
    assert loaded.meta["coder"] == LEARNER and loaded.meta["claims_adapted"] == 1
    assert loaded.temperature == trained.temperature  # the held-out temperature is in the file
    said = " ".join(result.output.split())
    assert "held out of their claim's fit (five folds)" in said and "(without training: " in said
    # texts are read as people's corrections are: e5-small with its prior, recorded in the file
    assert loaded.meta["embedder"] == LEARNING_EMBEDDER and loaded.settings == LEARNING_SETTINGS
    texts = [t for t, _ in HELD_OUT]
    assert np.allclose(loaded.predict_proba([CLAIM] * 4, texts), trained.predict_proba([CLAIM] * 4, texts))
    other = train_pair_model(_pairs(), min_claims=1, folds=0, embedder=None)
    with pytest.raises(PipelineError, match="another version of the shipped stance model"):
        load_issue_model(out, base=other)
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(PipelineError, match="bad.npz"):
        load_issue_model(bad)


def test_train_names_the_claims_with_too_few_texts(tmp_path):
    rows = _pairs() + [(CLAIM, "The council meets on Monday to discuss the agenda.", "neutral"),
                       ("We should ban fracking.", "Fracking poisons the wells.", "support"),
                       ("We should ban fracking.", "The hearing is on Monday.", "neutral")]
    pairs = tmp_path / "coded.jsonl"
    pairs.write_text("".join(json.dumps({"id": f"p{i}", "claim": c, "text": t, "label": lab}) + "\n"
                             for i, (c, t, lab) in enumerate(rows)), encoding="utf-8")
    result = CliRunner().invoke(stance_app, ["train", "--pairs", str(pairs), "--out", str(tmp_path / "m.npz"),
                                             "--learner", "issue-adapt.v1"])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "1 claim(s) have fewer than 10 labelled texts" in said and "We should ban fracking." in said
    assert "coded by the default coder" in said and CLAIM not in said.split("texts and are coded")[1]


def test_the_adapters_probabilities_are_tempered_by_what_their_texts_held_out_said(trained):
    """Each text is predicted by its claim's adapter fitted on the others (five folds); the temperature that
    makes those predictions most likely tempers every adapted prediction, and never changes the label."""
    held = trained.meta["held_out"]
    assert held["texts"] == len(SUPPORT) + len(OPPOSE) and 0.0 <= held["accuracy"] <= 1.0
    # what training is weighed against: the untrained answer on the same texts
    assert 0.0 <= held["untrained_accuracy"] < held["accuracy"]
    assert trained.temperature == trained.meta["temperature"] > 0
    texts = [t for t, _ in HELD_OUT]
    raw = trained.adapter(CLAIM).predict_proba(texts)
    got = trained.predict_proba([CLAIM] * 4, texts)
    assert np.allclose(got, tempered(raw, trained.temperature))
    assert (got.argmax(axis=1) == raw.argmax(axis=1)).all()
    assert np.allclose(tempered(raw, 1.0), raw)


def test_labels_are_balanced_and_a_file_trained_before_loads_as_it_was_trained(tmp_path, trained):
    """A rare label weighs as much as a common one in the fit; a file whose settings predate the setting keeps
    the unweighted fit it was made with."""
    assert trained.settings.balanced and trained.meta["settings"]["balanced"]
    path = tmp_path / "older.npz"
    save_issue_model(trained, path)
    with np.load(path, allow_pickle=False) as f:
        meta = json.loads(str(f["meta"]))
    del meta["settings"]["balanced"]
    with open(path, "wb") as f:
        np.savez_compressed(f, meta=np.array(json.dumps(meta)))
    assert load_issue_model(path).settings.balanced is False
