"""``semantic.v1``, the default coder, on the failures users met: shared names, hoaxes, evidence."""

from __future__ import annotations

import numpy as np
import pytest

from stancemap.models import Codebook, Issue, Statement, TextSpan
from stancemap.stance import get_coder
from stancemap.stance.coders import code_statements
from stancemap.stance.relevance import IssueIndex
from stancemap.stance.semantic import SemanticCoder

HEALTH = Issue("clinton-health", "Clinton's health", "Hillary Clinton is healthy enough to serve as president.",
               description="Whether Clinton's health (her pneumonia, stamina, medical records) fits her for office.",
               keywords=("Clinton", "pneumonia", "medical records"))
CLIMATE = Issue("climate-action", "Climate action", "The government should act to stop climate change.",
                description="Policies against global warming: emission cuts, the Paris agreement, clean energy.",
                keywords=("climate change", "global warming"))
TAX = Issue("fuel-tax", "Fuel tax", "The fuel tax should be raised.", keywords=("fuel tax",))


@pytest.fixture(scope="module")
def coder():
    return get_coder("semantic.v1")


def test_a_name_shared_with_the_claim_never_makes_a_statement_relevant(coder):
    assert coder.code("Hillary Clinton said the weather in Vermont was lovely.", "", HEALTH) is None
    assert coder.code("Clinton thanked her supporters in Ohio.", "", HEALTH) is None


def test_a_statement_on_the_issue_in_other_words_is_relevant_with_its_evidence(coder):
    coding = coder.code("Her doctor said she had pneumonia and was recovering well at home.", "", HEALTH)
    assert coding is not None and coding.evidence
    assert coding.origin == "model:semantic.v1"


def test_calling_something_a_hoax_opposes_acting_on_it(coder):
    coding = coder.code("Trump has called climate change a hoax perpetrated by China.", "", CLIMATE)
    assert coding is not None and coding.stance == "oppose", coding


def test_a_polar_statement_is_coded_with_its_side(coder):
    con = coder.code("Raising the fuel tax is a dangerous mistake for families.", "", TAX)
    assert con is not None and con.stance == "oppose", con
    pro = coder.code("We need much stronger action against climate change.", "", CLIMATE)
    assert pro is not None and pro.stance == "support", pro


def test_acting_against_the_problem_supports_acting(coder):
    pro = coder.code("We must cut emissions now to stop global warming.", "", CLIMATE)
    assert pro is not None and pro.stance == "support", pro


def test_unrelated_statements_are_not_coded(coder):
    for text in ("The meeting starts at nine tomorrow.", "The team won the championship on Sunday."):
        assert coder.code(text, "", CLIMATE) is None
        assert coder.code(text, "", TAX) is None


def test_a_keyword_that_is_only_a_name_counts_for_nothing():
    index = IssueIndex([HEALTH], embedder=None, name_words=frozenset({"hillary", "clinton"}))
    assert index.keyword_hit(0, "Clinton spoke in Ohio.") is None
    assert index.keyword_hit(0, "She has pneumonia, her doctor said.") == "pneumonia"


def test_codings_carry_calibrated_confidence_relevance_evidence_and_the_embedding(coder):
    text = "The mayor said that raising the fuel tax is a dangerous mistake for families."
    start = text.index("raising")
    statement = Statement("d", TextSpan(start, len(text) - 1, text[start:-1]), cue=TextSpan(9, 13, "said"))
    (coded,) = code_statements([statement], Codebook((TAX, CLIMATE), hash="h"), coder, text=text)
    assert [c.issue for c in coded.codings] == ["fuel-tax"]
    coding = coded.codings[0]
    assert 0.5 <= coding.confidence <= 1.0 and 0.5 <= coding.relevance <= 1.0 and coding.evidence
    assert coded.embedder == "e5-static.v1" and coded.embedding and coded.coded_with.startswith("h|semantic.v1")


VACCINATION = Issue("vaccination", "Compulsory vaccination", "Vaccination should be compulsory for schoolchildren.")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("She denied that compulsory vaccination is dangerous.", "support"),
        ("She dismissed fears that vaccines are unsafe.", "support"),
        ("He called compulsory vaccination a dangerous idea.", "oppose"),
        # the denied clause has no cue: the model reads it alone, and its stance is turned round
        ("He denied that vaccines cause autism.", "support"),
        ("He rejected claims that vaccination mandates work.", "oppose"),
    ],
)
def test_denial_frames_turn_the_stance_round(coder, text, expected):
    assert coder.code_stance(text, text, VACCINATION).stance == expected


def test_a_denied_hoax_supports_acting(coder):
    assert coder.code_stance("She denied that climate change is a hoax.", "", CLIMATE).stance == "support"
    assert coder.code_stance("He denied that climate change is real.", "", CLIMATE).stance == "oppose"


def test_a_codebook_of_bare_claims_still_codes_what_is_about_them(coder):
    """A DNA database's concepts are bare claims: no description, examples or keywords."""
    fuel_tax = Issue("fuel-tax", "Fuel tax", "Fuel taxes should be raised.")
    coded = coder.code("A higher tax on petrol and diesel is the fairest way to pay for the roads.", "", fuel_tax)
    assert coded is not None and coded.issue == "fuel-tax"
    for text in ("The weather was lovely in Vermont.", "The team won the championship on Sunday."):
        assert coder.code(text, "", fuel_tax) is None


def test_each_way_of_writing_an_issue_has_its_relevance_model():
    from stancemap.stance.relevance import MODELS, codebook_variant

    assert len(MODELS) == 8 and {"claims", "description+examples+keywords"} <= set(MODELS)
    bare = Issue("fuel-tax", "Fuel tax", "Fuel taxes should be raised.")
    assert codebook_variant(bare) == "claims"
    assert codebook_variant(CLIMATE) == "description+keywords"
    index = IssueIndex([bare, CLIMATE], embedder=None)
    assert not np.allclose(index._weights[0], index._weights[1])


def test_the_fingerprint_names_the_relevance_models_and_the_lexicon(monkeypatch):
    """A release that refits relevance or changes the cue lexicon recodes stored statements on the next run."""
    from stancemap.stance import coderfingerprint, relevance, semantic

    before = semantic.SemanticCoder().fingerprint
    monkeypatch.setattr(relevance, "MODELS_FINGERPRINT", "0" * 12)
    refitted = semantic.SemanticCoder().fingerprint
    monkeypatch.setattr(coderfingerprint, "lexicon_fingerprint", lambda: "1" * 12)
    assert len({before, refitted, semantic.SemanticCoder().fingerprint}) == 3


def test_a_new_vector_cache_keeps_the_adapters_of_issues_with_examples_alone():
    """Only corrected issues read the learning embedder: recoding a store does not refit the others."""
    from stancemap.stance import semantic

    coder = semantic.SemanticCoder()
    issue = Issue("fuel-tax", "Fuel tax", "The fuel tax should be raised.",
                  examples=(("Raise it: roads need the money.", "support"), ("It hurts poor drivers.", "oppose")))
    fitted = coder.adapter(issue)
    coder.vector_cache = None
    assert fitted is not None and coder.adapter(issue) is fitted


ZEV = Issue("zev", "Governments should require all new cars sold to be zero-emission by a set date.",
            "Governments should require all new cars sold to be zero-emission by a set date.")


def test_a_statement_in_its_speakers_own_voice_is_coded_from_a_lower_relevance():
    coder = get_coder("semantic.v1", encoder="none")  # the static reading (the encoder finds it in news too)
    text = "Forcing every buyer into an electric car by 2035 is a mistake."
    reported, = coder.code_many([text], [text], [None], [ZEV], sided=[False])
    own, = coder.code_many([text], [text], [None], [ZEV], sided=[True])
    assert reported == []  # in news, below the threshold
    assert [c.issue for c in own] == ["zev"] and own[0].stance == "oppose"
    assert coder.own_voice_threshold <= own[0].relevance < coder.threshold
    unrelated = "Thank you for having me here today to talk about our members."
    assert coder.code_many([unrelated], [unrelated], [None], [ZEV], sided=[True]) == [[]]


def test_the_thresholds_are_part_of_the_fingerprint():
    assert SemanticCoder(own_voice_threshold=0.25).fingerprint != SemanticCoder().fingerprint


def test_document_vectors_are_kept_in_the_cache_and_a_damaged_one_is_made_again():
    class Kept:
        def __init__(self):
            self.vectors: dict[tuple[str, str], bytes] = {}

        def get_vectors(self, embedder, keys):
            return {k: self.vectors[(embedder, k)] for k in keys if (embedder, k) in self.vectors}

        def put_vectors(self, embedder, vectors):
            self.vectors.update({(embedder, k): v for k, v in vectors.items()})

    documents = ["The council voted to raise the fuel tax.", "Bus routes will be cut in May."]
    fresh = SemanticCoder()
    made = fresh.document_vectors(documents)
    fresh.vector_cache = cache = Kept()
    assert np.array_equal(fresh.document_vectors(documents), made)  # float16 either way: the same vectors
    assert len(cache.vectors) == 2
    cache.vectors[next(iter(cache.vectors))] = b"\x00" * 6  # damaged: three numbers, not a vector
    assert np.array_equal(fresh.document_vectors(documents), made)
