"""Review order: uncertain and mutually different statements first."""

from __future__ import annotations

import numpy as np

from stancemap.stance.teach import teaching_order, vectors_from_bytes


def test_near_copies_are_spread_out_and_uncertainty_still_leads():
    rng = np.random.default_rng(0)
    topic_a, topic_b = rng.normal(size=8), rng.normal(size=8)
    vectors = np.stack([topic_a, topic_a + 0.01, topic_a + 0.02, topic_b])
    order = teaching_order([0.51, 0.52, 0.53, 0.6], vectors)
    assert order[0] == 0  # the least certain comes first
    assert order[1] == 3  # then the different one, before two near-copies of the first
    assert sorted(order) == [0, 1, 2, 3]


def test_without_embeddings_the_order_is_least_certain_first_and_stable():
    assert teaching_order([0.7, 0.55, 0.7, 0.9], None) == [1, 0, 2, 3]
    assert teaching_order([], None) == []


def test_stored_bytes_give_the_content_half_or_nothing():
    content, context = np.array([1.0, 2.0], dtype="<f2"), np.array([3.0, 4.0], dtype="<f2")
    stored = np.concatenate([content, context]).tobytes()
    assert vectors_from_bytes([stored, stored]).tolist() == [[1.0, 2.0], [1.0, 2.0]]
    assert vectors_from_bytes([stored, None]) is None
    assert vectors_from_bytes([stored, stored[:4]]) is None
