"""Relevance read again with the sentence encoder (stance/encodedrelevance.py, stance/sentence_encoder.py).

The encoder needs the ``crossencoder`` extra (``make test`` installs it); without it these cases skip, saying so.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa

from stancemap import workflows
from stancemap.models import Issue
from stancemap.stance import sentence_encoder
from stancemap.stance.encodedrelevance import encoder_policy
from stancemap.stance.semantic import make_semantic_coder
from stancemap.store.schema import text_vectors

needs_encoder = pytest.mark.skipif(not sentence_encoder.encoder_available(),
                                   reason="the sentence encoder needs the crossencoder extra (make crossencoder)")

CLAIMS = [Issue("deport", "Deportation", "The United States should deport undocumented immigrants."),
          Issue("climate", "Climate", "The government should act against climate change."),
          Issue("guns", "Gun control", "Gun sales should be more tightly regulated.")]


def test_the_policy_comes_from_the_environment_and_an_unknown_one_is_named(monkeypatch):
    monkeypatch.setenv("STANCEMAP_ENCODER", "none")
    assert encoder_policy("all") == (None, "none")
    assert make_semantic_coder().encoder_name is None
    monkeypatch.setenv("STANCEMAP_ENCODER", "sometimes")
    with pytest.raises(ValueError, match="STANCEMAP_ENCODER"):
        encoder_policy()


@needs_encoder
def test_a_bare_claim_finds_a_statement_in_other_words_only_with_the_encoder(monkeypatch):
    monkeypatch.delenv("STANCEMAP_ENCODER", raising=False)
    content = "background checks should apply to every firearm purchase"
    sentence = f"The senator said {content}."
    static = make_semantic_coder(encoder="none").code_many([content], [sentence], ["said"], CLAIMS)[0]
    encoded = make_semantic_coder().code_many([content], [sentence], ["said"], CLAIMS)[0]
    assert static == []  # no word of the claim in it
    assert [(c.issue, c.stance) for c in encoded] == [("guns", "support")]


@needs_encoder
def test_on_an_encoded_issue_a_statement_in_its_own_voice_needs_the_news_threshold(monkeypatch):
    monkeypatch.delenv("STANCEMAP_ENCODER", raising=False)
    zev = Issue("zev", "Zero-emission cars", "Governments should require all new cars sold to be zero-emission.")
    coder = make_semantic_coder()
    text = "Forcing every buyer into an electric car by 2035 is a mistake."
    reported, = coder.code_many([text], [text], [None], [zev], sided=[False])
    assert [(c.issue, c.stance) for c in reported] == [("zev", "oppose")]  # found in news as well
    assert reported[0].relevance >= coder.threshold
    own, = coder.code_many([text], [text], [None], [zev], sided=[True])
    assert [(c.issue, c.stance, c.relevance) for c in own] == [(c.issue, c.stance, c.relevance) for c in reported]
    between = "Fuel economy rules cost our industry billions."  # relevance 0.33: past 0.3, short of 0.4
    assert make_semantic_coder(threshold=0.3).code_many([between], [between], [None], [zev])[0]
    assert coder.code_many([between], [between], [None], [zev], sided=[True]) == [[]]
    unrelated = "Thank you for having me here today to talk about our members."
    assert coder.code_many([unrelated], [unrelated], [None], [zev], sided=[True]) == [[]]


@needs_encoder
def test_a_shared_name_or_small_talk_is_still_about_no_issue(monkeypatch):
    monkeypatch.delenv("STANCEMAP_ENCODER", raising=False)
    issues = [*CLAIMS, Issue("health", "Clinton's health", "Hillary Clinton is not healthy enough to be president.")]
    coder = make_semantic_coder()
    for said in ("Hillary Clinton said the weather in Vermont was lovely.", "Clinton thanked her supporters in Ohio.",
                 "He said the company would hire 200 workers in Michigan."):
        assert coder.code_many([said], [said], ["said"], issues) == [[]], said


@needs_encoder
def test_issues_with_keywords_keep_the_static_reading_unless_all_are_asked_for(monkeypatch):
    monkeypatch.delenv("STANCEMAP_ENCODER", raising=False)
    with_keywords = [Issue("deport", "Deportation", "The United States should deport undocumented immigrants.",
                           keywords=("deportation", "undocumented immigrants")), CLAIMS[2]]
    coder = make_semantic_coder()
    keywords_only = with_keywords[:1]
    said = "Mass deportation would be cruel."
    assert coder.code_many([said], [said], ["said"], keywords_only)[0]
    assert coder._encoder is None  # no issue to read: the model is never loaded
    assert list(coder.index(with_keywords).encoded_columns) == [1]  # the bare claim only
    assert list(make_semantic_coder(encoder="all").index(with_keywords).encoded_columns) == [0, 1]
    assert make_semantic_coder(encoder="all").fingerprint != coder.fingerprint


@needs_encoder
def test_an_encoder_that_cannot_be_loaded_says_how_to_code_without_it(monkeypatch):
    import transformers

    from stancemap.errors import PipelineError

    def broken(*args, **kwargs):
        raise OSError("model.safetensors is truncated")

    sentence_encoder.load_sentence_encoder.cache_clear()
    monkeypatch.setattr(transformers.AutoModel, "from_pretrained", broken)
    try:
        with pytest.raises(PipelineError, match="STANCEMAP_ENCODER=none") as raised:
            sentence_encoder.load_sentence_encoder()
        assert "truncated" in str(raised.value) and "minilm.v1" in str(raised.value)
    finally:
        sentence_encoder.load_sentence_encoder.cache_clear()


@needs_encoder
def test_a_texts_vector_does_not_depend_on_the_texts_encoded_with_it():
    encoder = sentence_encoder.load_sentence_encoder()
    text = "Mass deportation would be cruel and unworkable."
    alone = encoder.embed([text])[0]
    batched = encoder.embed(["Short.", text, "A much longer sentence about the weather in Vermont, " * 5])[1]
    assert np.allclose(alone, batched, atol=1e-5)
    assert float(np.linalg.norm(alone)) == pytest.approx(1.0, abs=1e-5)
    assert not encoder.embed(["", "..."]).any()  # no word, no vector, and no model run


BOOK = """issues:
  - id: guns
    label: Gun control
    claim: Gun sales should be more tightly regulated.
"""


@needs_encoder
def test_a_run_keeps_the_encoders_vectors_and_recoding_reads_them(tmp_path: Path, store_url, monkeypatch):
    monkeypatch.delenv("STANCEMAP_ENCODER", raising=False)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hearing_2024-03-05.txt").write_text(
        "The senator said background checks should apply to every firearm purchase. "
        "The chief said that officers needed better radios.\n", encoding="utf-8")
    book = tmp_path / "codebook.yaml"
    book.write_text(BOOK, encoding="utf-8")
    workflows.run([corpus], db=store_url, codebook=book)
    encoded: list[str] = []
    real = sentence_encoder.SentenceEncoder.embed

    def counting(self, texts):
        encoded.extend(texts)
        return real(self, texts)

    engine = sa.create_engine(store_url)
    with engine.connect() as connection:
        kept = connection.execute(sa.select(sa.func.count()).select_from(text_vectors)
                                  .where(text_vectors.c.embedder == sentence_encoder.ENCODER_NAME)).scalar_one()
    engine.dispose()
    assert kept >= 2  # the run kept the content's and the sentence's vectors ...
    monkeypatch.setattr(sentence_encoder.SentenceEncoder, "embed", counting)
    recoded = workflows.recode(db=store_url, codebook=book, everything=True)
    assert recoded.statements >= 1 and recoded.codings >= 1
    assert not [t for t in encoded if "firearm" in t]  # ... and recoding reads them back: none encoded again


class _Axes:
    """A stand-in encoder: each known text is a unit vector along its own axis (or between two)."""

    name = "axes"
    AXES = {"a wall": [1, 0, 0], "deport them": [0, 1, 0], "a tariff": [0, 0, 1], "both of them": [0.8, 0.6, 0],
            "Trade": [0, 0, 1]}

    def embed(self, texts):
        return np.array([self.AXES[t] for t in texts], dtype=np.float32)


def test_the_encoded_features_and_evidence_are_the_nearest_phrase_of_each_issue():
    from stancemap.stance.encodedrelevance import EncodedPhrases

    phrases = EncodedPhrases(["a wall", "deport them", "a tariff", "Trade"], np.array([0, 0, 1, 1]), 2, _Axes())
    content, sentence = _Axes().embed(["deport them"]), _Axes().embed(["both of them"])
    features, nearest = phrases.features(content, sentence)
    assert features.shape == (1, 2, 4)
    assert features[0, 0, 0] == pytest.approx(1.0) and features[0, 0, 1] == pytest.approx(0.8)
    assert nearest.tolist() == [[1, 2]]  # the content is "deport them" itself; issue 1 is about tariffs
    assert features[0, 1, 0] == pytest.approx(0.0)
    trade = _Axes().embed(["a tariff"])
    assert phrases.features(trade, trade)[1].tolist() == [[0, 2]]  # a word alone ("Trade") is never the evidence
