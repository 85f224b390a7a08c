"""The default coder's confidence on news is the chance its stance is right (stancemap.stance.calibration)."""

from __future__ import annotations

import json

import numpy as np

from stancemap.models import Issue
from stancemap.stance.calibration import SOURCES, StanceCalibration, load_calibration, shrunk
from stancemap.stance.semantic import make_semantic_coder

ISSUE = Issue("fracking", "Fracking ban", "We should ban fracking.", keywords=("fracking",))


def test_the_shipped_calibration_covers_every_way_and_says_where_it_comes_from():
    calibration = load_calibration()
    assert set(calibration.accuracy) == set(SOURCES)
    assert all(0.0 < p < 1.0 for p in calibration.accuracy.values())
    assert "hand-coded" in calibration.fitted_on


def test_a_way_never_seen_keeps_the_raw_score_and_few_pairs_count_little():
    calibration = StanceCalibration({"rule": 0.6})
    assert calibration.confidence("model", 0.83) == 0.83
    assert calibration.confidence("rule", 0.99) == 0.6
    assert shrunk(3, 3, 0.5) < 0.7  # three right out of three is not certainty


def test_codings_carry_the_calibrated_confidence_of_the_way_they_were_decided():
    coder = make_semantic_coder()
    texts = ["The council is discussing whether to ban fracking.", "Fracking must be banned now."]
    decided = coder.decisions([ISSUE, ISSUE], texts, [(t, t) for t in texts])
    coded = coder._stances([ISSUE, ISSUE], texts, [(t, t) for t in texts])
    for (stance, _, source), (same, confidence) in zip(decided, coded, strict=True):
        assert stance == same
        assert confidence == coder.calibration.confidence(source, 0.0)
    assert decided[0][2] == "rule-neutral"


def test_a_statement_in_its_speakers_own_voice_takes_the_own_voice_accuracy_of_its_way():
    calibration = load_calibration()
    assert set(calibration.own_voice) == set(SOURCES) and "own voice" in calibration.fitted_on
    coder = make_semantic_coder()
    texts = ["Fracking must be banned now."]
    framed = [(t, t) for t in texts]
    (stance, _, source), = coder.decisions([ISSUE], texts, framed, [True])
    assert (stance, source) == ("support", "rule")
    (_, own), = coder._stances([ISSUE], texts, framed, [True])
    (_, news), = coder._stances([ISSUE], texts, framed)
    assert own == calibration.own_voice["rule"] and news == calibration.accuracy["rule"]
    assert own > news  # testimony says what it means more plainly than news reports what others meant


def test_a_pair_files_news_sentence_takes_the_sentence_accuracy_of_its_way():
    """A sentence coded neutral for want of any cue is a statement's weakest decision but a sentence's common and
    often right one: ``stance predict`` gives it the accuracy its way has on hand-labelled news sentences."""
    from stancemap.stance.learners import predict_default_scored

    calibration = load_calibration()
    assert "news sentences" in calibration.fitted_on
    assert {"rule", "rule-neutral", "model", "model-neutral"} <= set(calibration.sentences)
    text = "The mayor spoke about fracking at a press conference on Tuesday."
    (stance, _, way), = make_semantic_coder().decisions([ISSUE], [text], [(text, text)], None, True)
    assert (stance, way) == ("neutral", "model-neutral")
    (label, confidence), = predict_default_scored([(ISSUE.claim, text)])
    assert (label, confidence) == ("neutral", calibration.sentences["model-neutral"])
    assert confidence > calibration.accuracy["model-neutral"]
    # the sentences' table codes no stored statement, so recoding is not triggered by it
    assert json.dumps(calibration.sentences, sort_keys=True) not in calibration.fingerprint


def test_an_issue_people_corrected_takes_the_confidence_its_corrections_earned_held_out(tmp_path):
    """Not the news table: the adapted model's probability mapped by what its corrections, held out, earned
    (:mod:`stancemap.stance.adaptconfidence`)."""
    corrections = tmp_path / "corrections.json"
    corrections.write_text(json.dumps({"issues": {"fracking": {
        "claim": ISSUE.claim,
        "corrections": [["Fracking must be banned now.", "support"], ["Fracking is safe and cheap.", "oppose"]]}}}))
    coder = make_semantic_coder(corrections=corrections)
    (stance, raw, _), = coder.decisions([ISSUE], ["Ban fracking."], [("Ban fracking.", "Ban fracking.")])
    assert coder._stances([ISSUE], ["Ban fracking."], [("Ban fracking.", "Ban fracking.")]) == [
        (stance, coder.confidence_map(raw))]
    assert coder.confidence_map.n == 2  # each correction decided by a model fitted on the other


def test_naming_other_people_and_not_the_claims_person_counts_against_relevance():
    from stancemap.stance.relevance import FEATURES

    coder = make_semantic_coder()
    issue = Issue("trump-fitness", "Trump's fitness for office",
                  "Donald Trump is fit, in temperament, judgement and qualifications, to be president.")
    index = coder.index([issue])
    texts = ["Hillary Clinton has the temperament and judgement to be president.",
             "Donald Trump has the temperament and judgement to be president."]
    vectors = coder.embed_statements(texts, texts)
    feats = index.features(texts, texts, vectors[:, 0], vectors[:, 1])[0]
    claim, other = FEATURES.index("claim_person"), FEATURES.index("other_person")
    assert feats[0, 0, other] == 1 and feats[0, 0, claim] == 0
    assert feats[1, 0, claim] == 1 and feats[1, 0, other] == 0
    clinton, trump = (r[0].score for r in index.score(texts, texts, vectors[:, 0], vectors[:, 1]))
    assert clinton < trump


def test_the_calibration_floor_is_what_sampling_alone_gives_a_calibrated_coder():
    """On a few dozen codings even a perfectly calibrated coder shows an error near 0.1; the evaluations print
    that floor beside the error so that a small set is not over-read."""
    from stancemap.stance.pairmodel import calibration_error, calibration_floor

    rng = np.random.default_rng(1)
    few = rng.uniform(0.4, 0.9, 50)
    many = rng.uniform(0.4, 0.9, 5000)
    assert 0.06 < calibration_floor(few) < 0.16 and calibration_floor(many) < 0.03
    calibrated = [calibration_error(many, rng.random(5000) < many) for _ in range(5)]
    assert max(calibrated) < 0.03  # what the floor says of a calibrated coder on many codings
    overconfident = calibration_error(many, rng.random(5000) < many - 0.15)
    assert overconfident > 0.1 > calibration_floor(many)
    assert calibration_floor([]) == 0.0
