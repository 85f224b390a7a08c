"""Text vectors kept in the store (``text_vectors``), so that recoding never embeds a text twice."""

from __future__ import annotations

import numpy as np

from stancemap.recoding import recode_store
from stancemap.stance import get_coder, semantic
from stancemap.stance.adapt import LEARNING_EMBEDDER
from stancemap.stance.vectorcache import CachedEmbedder, text_key
from stancemap.store import Store
from stancemap.store.vectors import StoreVectorCache
from tests.test_stance_training import CODEBOOK, ISSUE, _fill


class Counting:
    """A slow embedder stand-in that counts the texts it embeds (a few fixed dimensions)."""

    name, dim = "counting.v1", 3

    def __init__(self) -> None:
        self.texts: list[str] = []

    def embed(self, texts):  # type: ignore[no-untyped-def]
        self.texts += list(texts)
        rows = [[float("charge" in t), float("customers" in t), 1.0] for t in texts]
        v = np.array(rows, dtype=np.float32).reshape(len(texts), self.dim)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_vectors_round_trip_and_a_kept_key_is_not_replaced(store_url):
    with Store.open(store_url) as store:
        cache = StoreVectorCache(store)
        keys = [f"{i:064x}" for i in range(1200)]  # more than one query's worth
        cache.put_vectors("e5-small.v1", {k: bytes([i % 256, 1]) for i, k in enumerate(keys)})
        cache.put_vectors("e5-small.v1", {keys[0]: b"\xff\xff"})
        found = cache.get_vectors("e5-small.v1", keys + ["none"])
        assert len(found) == 1200 and found[keys[0]] == b"\x00\x01" and found[keys[5]] == b"\x05\x01"
        assert cache.get_vectors("other.v1", keys[:3]) == {}


def test_a_cached_embedder_reads_back_what_it_embedded_from_the_store(tmp_path):
    with Store.open(f"sqlite:///{tmp_path / 'v.db'}") as store:
        inner = Counting()
        embedder = CachedEmbedder(inner, StoreVectorCache(store))
        first = embedder.embed(["a congestion charge", "customers"])
        again = CachedEmbedder(Counting(), StoreVectorCache(store)).embed(["customers", "a congestion charge"])
        np.testing.assert_array_equal(again, first[::-1])
        assert inner.texts == ["a congestion charge", "customers"]
        assert set(StoreVectorCache(store).get_vectors("counting.v1", [text_key("customers")])) == {
            text_key("customers")}


def test_recoding_an_issue_people_corrected_embeds_each_text_once(tmp_path, monkeypatch):
    url = _fill(f"sqlite:///{tmp_path / 'corpus.db'}")
    corrections = tmp_path / "c.corrections.json"
    corrections.write_text('{"format": "stancemap-corrections.v1", "issues": {"charge": {"claim": '
                           f'"{ISSUE.claim}", "corrections": [["the congestion charge will drive customers away", '
                           '"oppose"], ["a congestion charge is overdue", "support"]]}}}')
    slow = Counting()
    made = semantic.get_embedder
    monkeypatch.setattr(semantic, "get_embedder", lambda name=None, **kw: slow if name == LEARNING_EMBEDDER
                        else made(name, **kw) if name else made(**kw))
    with Store.open(url) as store:
        coder = get_coder(f"semantic.v1@{corrections}")
        recode_store(store, CODEBOOK, coder, everything=True)
        first = list(slow.texts)
        assert first, "the corrected issue's adapter read its texts with the slow embedder"
        recode_store(store, CODEBOOK, coder, everything=True)
        recode_store(store, CODEBOOK, get_coder(f"semantic.v1@{corrections}"), everything=True)
        assert slow.texts == first, "a later recode embedded texts again"
        assert coder.vector_cache is None, "the coder must not keep the store's cache once the recode is done"
        assert any(c.origin == "model:semantic.v1" for s in store.statements() for c in s.statement.codings)
