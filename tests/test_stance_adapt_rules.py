"""The cue rules as evidence in an adapted issue's prior (stancemap.stance.adapt.ruled_offset).

Where people's corrections adapt an issue, the cue rules no longer decide on their own: what they say of a
text adds :data:`~stancemap.stance.adapt.RULE_LOG_ODDS` to the prior of the label they give, and the
corrections can overturn it. The toy base model and embedder are the ones of ``test_stance_adapt``; the last
tests read real text with the packaged rules.
"""

from __future__ import annotations

import numpy as np
import pytest

from stancemap.errors import PipelineError
from stancemap.models import Issue
from stancemap.stance.adapt import RULE_LOG_ODDS, IssueAdapter, ruled_offset
from stancemap.stance.adapterfile import load_adapter, save_adapter
from stancemap.stance.lexical import make_keyword_coder
from stancemap.stance.ruledecision import rule_reader
from tests.test_stance_adapt import CLAIM, CORRECTIONS, HELD_OUT, RuleBase, WordEmbedder


def polluters_rule(texts):  # type: ignore[no-untyped-def]
    """A stand-in for the cue rules: "polluters" is support, "drivers" oppose, anything else undecided."""
    return ["support" if "polluters" in t else "oppose" if "drivers" in t else None for t in texts]


def test_the_offset_is_the_rules_log_odds_on_their_label_and_zero_elsewhere() -> None:
    found = ruled_offset(polluters_rule, ["unfair to polluters", "unfair to drivers", "tolls"], ("oppose", "support"))
    assert found.tolist() == [[0.0, RULE_LOG_ODDS], [RULE_LOG_ODDS, 0.0], [0.0, 0.0]]
    assert not ruled_offset(None, ["unfair to polluters"], ("oppose", "support")).any()
    # a label the adapter does not have (neutral, with no neutral correction) weighs nothing
    assert not ruled_offset(lambda texts: ["neutral"], ["x"], ("oppose", "support")).any()


def test_with_few_corrections_the_rules_carry_the_texts_they_decide() -> None:
    base, embedder = RuleBase(), WordEmbedder()
    few = [("The fuel price went up.", "support"), ("The fuel price went down.", "oppose")]
    without = IssueAdapter.fit(CLAIM, few, base, embedder)
    with_rules = IssueAdapter.fit(CLAIM, few, base, embedder, rules=polluters_rule)
    undecided = ["The fuel tax hits polluters.", "The fuel tax hits drivers."]  # the base model is in doubt
    assert with_rules.predict(undecided) == ["support", "oppose"]
    assert len(set(without.predict(undecided))) == 1
    # where the base model is sure ("unfair" is oppose), the rules' evidence weighs in without deciding alone
    support = with_rules.labels.index("support")
    assert with_rules.predict_proba(HELD_OUT)[0, support] > 2 * without.predict_proba(HELD_OUT)[0, support]
    # a text the rules do not decide gets what it got without them, up to the refit
    np.testing.assert_allclose(with_rules.predict_proba(["Tolls are fair."]),
                               without.predict_proba(["Tolls are fair."]), atol=0.1)


def test_enough_corrections_overturn_rules_that_are_wrong_on_the_issue() -> None:
    base, embedder = RuleBase(), WordEmbedder()
    wrong = lambda texts: ["oppose" if "polluters" in t else None for t in texts]  # noqa: E731
    adapter = IssueAdapter.fit(CLAIM, CORRECTIONS, base, embedder, rules=wrong)
    assert adapter.predict(HELD_OUT) == ["support", "oppose"]


def test_an_adapter_fitted_with_rules_round_trips_when_given_them_again(tmp_path) -> None:  # type: ignore[no-untyped-def]
    base, embedder = RuleBase(), WordEmbedder()
    adapter = IssueAdapter.fit(CLAIM, CORRECTIONS[:4], base, embedder, rules=polluters_rule)
    path = tmp_path / "issue.adapter.npz"
    save_adapter(adapter, path)
    loaded = load_adapter(path, base, embedder, rules=polluters_rule)
    texts = [*HELD_OUT, "Tolls are fair."]
    np.testing.assert_allclose(loaded.predict_proba(texts), adapter.predict_proba(texts), rtol=1e-12)


def test_the_rule_reader_gives_the_packaged_rules_decisions_on_news_text() -> None:
    issue = Issue("coal", "Coal plants", "Coal plants should be closed.")
    statements = ["Miners' unions have long opposed closing the coal plants.",
                  "The senator called the plan to close coal plants a disaster for the state.",
                  "The coal plant near Elkton employs 300 people."]
    assert rule_reader(make_keyword_coder(), issue)(statements) == ["oppose", "oppose", None]


def test_an_adapter_is_refused_without_the_rules_it_was_fitted_with_or_with_rules_it_never_had(
        tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Its probabilities hold the rules' weight, so read without them (or with rules it never had) they would be
    another model's, silently; the file says which it was, as it says its embedder."""
    base, embedder = RuleBase(), WordEmbedder()
    with_rules, without = tmp_path / "with.adapter.npz", tmp_path / "without.adapter.npz"
    save_adapter(IssueAdapter.fit(CLAIM, CORRECTIONS[:4], base, embedder, rules=polluters_rule), with_rules)
    save_adapter(IssueAdapter.fit(CLAIM, CORRECTIONS[:4], base, embedder), without)
    for path, rules in ((with_rules, None), (without, polluters_rule)):
        with pytest.raises(PipelineError, match="cue rules") as caught:
            load_adapter(path, base, embedder, rules=rules)
        assert caught.value.code == "E400"
