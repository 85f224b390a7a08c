"""The confidence of an issue people's corrections adapted: the chance of being right, learnt from corrections
held out of the fit (:mod:`stancemap.stance.adaptconfidence`)."""

from __future__ import annotations

import json

import numpy as np

from stancemap.models import Issue
from stancemap.stance import get_coder
from stancemap.stance.adaptconfidence import ADAPTED_CONFIDENCE, ConfidenceMap, fit_confidence_map, held_out_outputs

CLAIM = "The city should introduce a congestion charge."
ISSUE = Issue("charge", "Congestion charge", CLAIM, keywords=("congestion charge",))
CORRECTIONS = [
    ["a congestion charge would clear the air in the old town", "support"],
    ["the mayor wants drivers to pay to enter the centre, and she is right", "support"],
    ["charging cars at the ring road is the fairest way to cut traffic", "support"],
    ["the charge will pay for new tram lines", "support"],
    ["shopkeepers fear the charge will drive customers to the malls", "oppose"],
    ["a toll on the poor who must drive to work", "oppose"],
    ["the charge is a tax grab dressed up as clean air", "oppose"],
    ["nurses on night shifts cannot take a bus that does not run", "oppose"],
    ["the council will vote on the charge in March", "neutral"],
    ["a consultation on the plan opens next week", "neutral"],
    ["the weather in the city was mild on Sunday", "unrelated"],
]


def test_an_overconfident_model_is_mapped_down_and_a_calibrated_one_kept():
    rng = np.random.default_rng(0)
    raw = rng.uniform(0.6, 0.99, 400)
    overconfident = fit_confidence_map(list(raw), list(rng.random(400) < 0.55))  # right 55 % whatever it says
    assert abs(overconfident(0.95) - 0.55) < 0.08 and overconfident(0.95) < 0.7
    calibrated = fit_confidence_map(list(raw), list(rng.random(400) < raw))
    assert abs(calibrated(0.9) - 0.9) < 0.06 and abs(calibrated(0.65) - 0.65) < 0.06
    assert fit_confidence_map([], []) == ConfidenceMap(0.0, 1.0, 0)  # nothing held out: the raw probability


def test_each_correction_is_decided_by_a_model_that_never_saw_it():
    corrections = [(text, label) for text, label in CORRECTIONS]
    seen: list[tuple[set[str], list[str]]] = []

    def decider_from(kept):
        fitted = {text for text, _ in kept}

        def decide(texts):
            seen.append((fitted, list(texts)))
            return [("support", 0.8) for _ in texts]
        return decide

    found = held_out_outputs(corrections, decider_from, ("support", "oppose", "neutral"))
    raw = [p for _, p in found.values()]
    right = [label == corrections[i][1] for i, (label, _) in found.items()]
    assert len(raw) == len(right) == 10  # the unrelated correction is never held out
    assert right.count(True) == 4  # the four support corrections
    held = [text for _, texts in seen for text in texts]
    assert sorted(held) == sorted(text for text, label in corrections if label != "unrelated")
    assert all(not fitted & set(texts) for fitted, texts in seen)
    assert all(CORRECTIONS[-1][0] in fitted for fitted, _ in seen)  # relevance corrections always kept


def test_a_corrected_issue_records_the_held_out_chance_of_being_right(tmp_path, monkeypatch):
    path = tmp_path / "city.corrections.json"
    path.write_text(json.dumps({"format": "stancemap-corrections.v1",
                                "issues": {"charge": {"claim": CLAIM, "corrections": CORRECTIONS}}}))
    coder = get_coder(f"semantic.v1@{path}")
    mapping = coder.confidence_map
    assert mapping.n == 10 and mapping != ConfidenceMap(0.0, 1.0, 0)
    texts = ["Drivers should pay to enter the centre, the mayor said.", "Taxi drivers said the charge would ruin them."]
    framed = [(t, t) for t in texts]
    raw = [p for _, p, _ in coder.decisions([ISSUE] * 2, texts, framed)]
    coded = coder._stances([ISSUE] * 2, texts, framed)
    assert [p for _, p in coded] == [mapping(p) for p in raw]
    # an issue nobody corrected keeps the calibrated confidence of the default coder
    plain = get_coder("semantic.v1")
    other = Issue("trams", "Trams", "The city should build more tram lines.")
    assert coder._stances([other], texts[:1], framed[:1]) == plain._stances([other], texts[:1], framed[:1])

    # a new way of making the confidence recodes the corrected issues' codings
    before = coder.fingerprint
    monkeypatch.setattr("stancemap.stance.coderfingerprint.ADAPTED_CONFIDENCE", ADAPTED_CONFIDENCE + "-next")
    coder.corrections = coder.corrections
    assert coder.fingerprint != before
