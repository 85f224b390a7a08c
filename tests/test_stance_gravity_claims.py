"""A claim that its topic is grave ("Climate change is a serious concern"): only the cue rules take a side on it,
praise says nothing of it (cue rules 39), and the words of its harms and of its deniers are cues (40-41).

The shipped model learnt stance from debate arguments on proposals. Read against a claim of a topic's gravity, it
took a side on sentences about acting on the topic or praising a deal, which say nothing of how grave the topic is
(the PolNeAR climate sentences read against that claim: its sides right 2 times in 16 on train). The rules read
praise as its opposite: "a top triumph" opposed the claim, as if the topic were praised. No one praises a harm, so
on such a claim praise is of something else (a deal, a plan).
"""

from __future__ import annotations

import pytest

from stancemap.models import Issue
from stancemap.stance.lexical import KeywordCoder
from stancemap.stance.ruledecision import GRAVITY_MARGIN
from stancemap.stance.semantic import make_semantic_coder

GRAVITY = Issue("climate-concern", "Climate concern", "Climate change is a serious concern.")
ACTION = Issue("climate-action", "Climate action",
               "The United States should take strong action against climate change.")
LEADERS = "Many world leaders became more conversant about climate change and more willing to take on the issue."
WILLING = "to take on the issue"  # what the leaders are willing to do: a demand, which the model reads (no cue)


@pytest.fixture(scope="module")
def coder():
    return make_semantic_coder()


def test_the_model_takes_no_side_on_a_topics_gravity(coder):
    """The same uncued statement: the model sides with a proposal to act, but not with the topic's gravity."""
    assert coder.decisions([ACTION], [WILLING], [(WILLING, LEADERS)])[0][::2] == ("support", "model")
    stance, _, way = coder.decisions([GRAVITY], [WILLING], [(WILLING, LEADERS)])[0]
    assert (stance, way) == ("neutral", "model-neutral")
    assert GRAVITY_MARGIN >= 1.0


def test_a_speakers_own_voice_still_takes_the_models_side(coder):
    """A testimony or speech takes positions (``sided``): the likelier side, as on any claim."""
    stance, _, way = coder.decisions([GRAVITY], [LEADERS], [(LEADERS, LEADERS)], sided=[True])[0]
    assert way == "model-sided" and stance != "neutral"


@pytest.mark.parametrize("text", [
    "The Paris deal was a top goal and a top triumph.",
    "Many leaders are pushing to make the Paris agreement legally binding.",
    "A properly calibrated carbon price would be effective, he said.",
])
def test_praise_says_nothing_of_a_topics_gravity(text):
    """Each was *oppose*: the praise of a deal or a price read as praise of climate change."""
    rules = KeywordCoder()
    assert rules.judge(text, text, GRAVITY)[0].stance == "neutral", text
    assert rules.judge(text, text, ACTION)[0].stance != "neutral", text


@pytest.mark.parametrize("text, stance", [
    ("Climate change is dangerous.", "support"),
    ("The effects of climate change are devastating.", "support"),
    ("Climate change is not a threat.", "oppose"),
    ("Global warming is not dangerous at all.", "oppose"),
])
def test_a_topics_harm_and_its_denial_still_count(text, stance):
    rules = KeywordCoder()
    assert rules.judge(text, text, GRAVITY)[0].stance == stance, text


@pytest.mark.parametrize("text", [
    "The two biggest polluters vowed to stave off the worst effects of climate change.",
    "The accord's goal is to stave off the worst consequences of global warming.",
    "Keeping climate change to a tolerable level will require mass adoption of electric cars.",
])
def test_the_worst_of_a_topic_and_keeping_it_tolerable_say_it_is_grave(text):
    """Cue rules 40: each was *neutral* (no cue the rules knew)."""
    assert KeywordCoder().judge(text, text, GRAVITY)[0].stance == "support", text


@pytest.mark.parametrize("text", [
    "Climate models have consistently overestimated the warming.",
    "Global warming hysteria has gripped the media.",
    "Climate change is a natural process that has occurred for millions of years.",
    "Many scientists are skeptical that humans are causing climate change.",
])
def test_the_words_of_those_who_deny_a_topics_gravity(text):
    """Cue rules 41: each was *neutral*, and "skeptical that humans are causing it" *support* (the consensus cue
    "humans are causing" read as the sentence's own)."""
    assert KeywordCoder().judge(text, text, GRAVITY)[0].stance == "oppose", text


@pytest.mark.parametrize("text", [
    "The senators have questioned the science of global warming and criticized the Paris accord.",
    "Several governors criticized the Clean Power Plan as a job killer.",
])
def test_a_position_on_a_policy_is_read_on_the_policy(text):
    """Cue rules 44: criticism of a policy against the topic was read as criticism of the topic, *support* of its
    gravity (or neutral beside a denial); it is read on the policy, as on a proposal, and opposes."""
    assert KeywordCoder().judge(text, text, GRAVITY)[0].stance == "oppose", text
    assert KeywordCoder().judge(text, text, ACTION)[0].stance == "oppose", text


@pytest.mark.parametrize("text, stance", [
    ("Reporters asked whether the governor, who has called global warming a hoax, would run again.", "oppose"),
    ("She was asked whether the senator, who says climate change is a grave threat, would endorse him.", "support"),
    ("Reporters asked whether global warming is a hoax.", "neutral"),
])
def test_an_aside_in_a_question_still_counts(text, stance):
    """Cue rules 45: a relative clause set off by a comma tells a fact of its antecedent; the sentence's
    deliberation ("asked whether") leaves it alone, and still silences the question itself."""
    assert KeywordCoder().judge(text, text, GRAVITY)[0].stance == stance, text


@pytest.mark.parametrize("issue", [GRAVITY, ACTION], ids=["gravity", "action"])
def test_a_salience_cue_before_a_statement_is_another_clauses(issue):
    """Cue rules 46: read on the dev store by eye, a candidate's "it's a Chinese hoax", quoted in a sentence that
    first says others believe climate change "is real", was coded *support* from that "is real"; the statement's
    own words deny it. A pair file's sentence, its own context, still reads every cue."""
    sentence = ("Millennials overwhelmingly believe that climate change is real, and when they hear a candidate say "
                "it's a Chinese hoax, I think that is a barrier to growing the vote.")
    coding, evidence = KeywordCoder().judge("it's a Chinese hoax", sentence, issue)
    assert "is real" not in evidence.cues and coding.stance != "support"
    assert KeywordCoder().judge(sentence, sentence, issue)[1].cues.count("is real") == 1
    said = "The senator called climate change a hoax on Tuesday."
    assert KeywordCoder().judge("climate change a hoax", said, issue)[0].stance == "oppose"
