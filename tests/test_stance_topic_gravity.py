"""Cue rules 37: whether a topic is grave, read from its signs, and claims that deny it; others' words.

"Climate change is a serious concern" is the form of a held-out news set: sentences about a topic are
read against a claim that the topic is grave. The cue rules read a topic's gravity from salience cues
("is real", "a hoax") in a clause naming the topic; a clause naming one of its signs ("the Earth has not
*warmed*") now counts too (``stance/data/topic_signs.tsv``), and a claim that itself denies the topic's
gravity ("... is a myth", "... is not an issue") turns those cues round.
"""

from __future__ import annotations

import pytest

from stancemap.models import Issue
from stancemap.stance.lexical import KeywordCoder, analyse_stance
from stancemap.stance.topicsynonyms import topic_signs


@pytest.fixture(scope="module")
def coder():
    return KeywordCoder()


def _issue(claim: str) -> Issue:
    return Issue(id="topic", label=claim, claim=claim)


CONCERN = _issue("Climate change is a serious concern.")


@pytest.mark.parametrize("claim", [
    "Man-made climate change is a myth.",
    "Global warming is not an issue.",
    "Climate change is exaggerated.",
    "Air pollution is a myth.",
])
@pytest.mark.parametrize("text, stance", [
    ("The councillor called it a hoax, and global warming and air pollution are hoaxes.", "support"),
    ("Climate change and air pollution are real and urgent.", "oppose"),
    ("Global warming and air pollution are dangerous.", "oppose"),
])
def test_a_claim_denying_its_topics_gravity_turns_the_salience_cues_round(coder, claim, text, stance):
    """Before, "global warming is a hoax" *opposed* "Man-made climate change is a myth": a salience cue was never
    turned round, and "a myth" gave the claim a direction under which "dangerous" supported it."""
    assert coder.judge(text, text, _issue(claim))[0].stance == stance, (claim, text)


@pytest.mark.parametrize("text, stance", [
    ("The Earth has not warmed in 18 years.", "oppose"),
    ("Temperatures have always changed, and the rise is within natural cycles.", "oppose"),
    ("Droughts and heat waves will become more intense as the planet warms.", "support"),
    ("Global temperatures are rising, and the ice sheets are starting to melt.", "support"),
    ("Emissions keep rising.", "support"),
    ("Climate change will lead to more severe droughts, floods and wildfires.", "support"),
    ("Scientists say the Arctic is warming twice as fast as the rest of the planet.", "support"),
    ("Many Republicans doubt that humans are responsible for the warming.", "oppose"),
    ("The overwhelming majority of scientists agree that humans are causing the warming.", "support"),
    ("More than a thousand scientists disagree that human activity is responsible for the warming.", "oppose"),
])
def test_a_clause_naming_a_sign_of_the_topic_is_about_it(coder, text, stance):
    """None of these names "climate change"; each names its sign "warming" / "temperatures". "Scientists agree" is a
    consensus, no praise of warming (it was *oppose*); "disagree that" denies the clause after it."""
    assert coder.judge(text, text, CONCERN)[0].stance == stance, text


def test_signs_belong_to_their_topic_only(coder):
    """"Warmed" is no sign of air pollution, so the same sentence says nothing on it."""
    text = "The Earth has not warmed in 18 years."
    assert coder.judge(text, text, _issue("Air pollution is a serious concern."))[0].stance == "neutral"
    assert "warm" in topic_signs("Global warming is a serious concern.")
    assert topic_signs("Air pollution is a serious concern.") == frozenset()


@pytest.mark.parametrize("text", ["Telemarketing is a scam that preys on the elderly.",
                                  "Telemarketing is unproven junk science."])
def test_a_things_evaluations_are_no_salience(coder, text):
    """"A scam", "unproven" judge a thing in debates: calling telemarketing a scam does not oppose banning it, as a
    salience cue would (left out of them for that: 10 debate decisions lost)."""
    assert analyse_stance(text, targets=frozenset({"telemarket"})).salience == 0
    assert coder.judge(text, text, _issue("We should ban telemarketing."))[0].stance != "oppose"


def test_fixed_phrases_mask_their_words():
    """"Nothing to *do with*" holds no modal "have to"; "natural gas" is no natural cause."""
    assert "modal" not in analyse_stance("It does not have to do with climate change.").kinds
    assert analyse_stance("Natural gas plants emit less warming carbon.", targets=frozenset({"warm"})).salience == 0


@pytest.mark.parametrize("text, stance", [
    ("Critics argue that barring Muslims would be dangerous and un-American.", "oppose"),
    ("Some say the ban is dangerous, but that is wrong.", "support"),
])
def test_others_words_count_as_theirs_unless_rebutted(coder, text, stance):
    """A reported opinion counts whoever holds it; before, a segment after "critics" counted minus one half, and the
    first sentence was *support* of the bar."""
    issue = _issue("The United States should bar or sharply restrict the entry of Muslims.")
    assert coder.judge(text, text, issue)[0].stance == stance, text


@pytest.mark.parametrize("text", ["Skeptics say global warming is a hoax, but that is false.",
                                  "Some say climate change is a myth, but that is nonsense."])
def test_a_rebutted_dismissal_supports_the_concern(coder, text):
    """A rebuttal after others' words turns them round, also where the claim of concern reads it as a denial."""
    assert coder.judge(text, text, CONCERN)[0].stance == "support"


@pytest.mark.parametrize("text", ["Climate change is a myth.", "He said global warming is nonsense.",
                                  "The senator called global warming false."])
def test_calling_a_grave_topic_a_myth_denies_it(coder, text):
    """On a claim that its topic is a harm, "a myth", "nonsense" or "false" deny the topic: they were read as verdicts
    of harm on it, agreeing with the claim's own (*support*)."""
    assert coder.judge(text, text, CONCERN)[0].stance == "oppose"


def test_a_topics_gravity_says_nothing_of_a_proposal_about_a_thing(coder):
    """Salience cues ("extinction", "a hoax") speak of a problem's gravity: on "We should abolish zoos" they decide
    nothing ("zoos protect animals from extinction" would otherwise read as zoos being grave, *support*)."""
    issue = _issue("We should abolish zoos.")
    coding, analysis = coder.judge("Zoos are a hoax.", "Zoos are a hoax.", issue)
    assert analysis.salience < 0 and coding.stance == "neutral"
    text = "Zoos protect animals from extinction."  # "protect" speaks for zoos, "extinction" of nothing
    coding, analysis = coder.judge(text, text, issue)
    assert analysis.salience > 0 and coding.stance == "oppose"
