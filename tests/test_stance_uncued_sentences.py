"""A pair file's sentence needs clear evidence to be given a side (zero-shot).

``stancemap stance predict`` without ``--model`` reads any sentence against its claim. A news
sentence that only names the topic ("The mayor spoke about the congestion charge at a press
conference.") holds no evaluation, demand, direction or denial; the zero-shot model, trained on
debate arguments that all take sides, still leans one way. Such sides were wrong or the sentence
neutral three times in four on PolNeAR's train sentences, so the lead must reach ``UNCUED_MARGIN``;
a side from the cue rules needs ``SENTENCE_RULE_CONFIDENCE`` (a single light cue, "have concerns about",
is not enough). A statement someone made with no cue needs the same lead, unless it is an infinitive its speaker
wants ("pledged to charge drivers ...").
"""

from __future__ import annotations

import pytest

from stancemap.models import Issue
from stancemap.stance import get_coder
from stancemap.stance.learners import predict_default
from stancemap.stance.lexical import analyse_stance, make_keyword_coder
from stancemap.stance.sides import SENTENCE_RULE_CONFIDENCE, UNCUED_MARGIN

CLAIM = "The city should introduce a congestion charge for cars entering the centre."
TOPICAL = "The mayor spoke about the congestion charge at a press conference."
CLIMATE_CLAIM = "The United States should take strong action against climate change, such as cutting carbon emissions."


@pytest.fixture(scope="module")
def coder():
    return get_coder("semantic.v1")


def test_a_topical_sentence_with_no_cue_is_neutral_in_a_pair_file(coder):
    probs = dict(zip(coder.model.labels, coder.model.predict_proba([CLAIM], [TOPICAL])[0], strict=True))
    lead = abs(float(probs["support"] - probs["oppose"]))
    assert coder.model.neutral_margin <= lead < UNCUED_MARGIN  # the model alone would take a side
    assert predict_default([(CLAIM, TOPICAL)]) == ["neutral"]


def test_a_statement_with_no_cue_needs_the_same_lead(coder):
    issue = Issue("charge", CLAIM, CLAIM)
    (stance, _, way), = coder.decisions([issue], [TOPICAL], [(TOPICAL, TOPICAL)])
    assert (stance, way) == ("neutral", "model-neutral")


@pytest.mark.parametrize("text, way", [("the charge would drive shoppers away from the centre", "model"),
                                       ("the charge will drive shoppers away from the centre", "model"),
                                       ("the charge drove shoppers away from the centre", "model-neutral")])
def test_a_consequence_keeps_the_models_margin_and_a_report_needs_the_lead(coder, text, way):
    # what something would or will do is what policy arguments are made of; a report of what happened is not
    (stance, _, found), = coder.decisions([Issue("charge", CLAIM, CLAIM)], [text], [(text, text)])
    assert found == way and (stance == "neutral") == (way == "model-neutral")


def test_an_infinitive_a_speaker_wants_keeps_the_models_side(coder):
    # the extractor took "to charge drivers ..." as what the mayor pledged: a demand without its modal
    issue = Issue("charge", CLAIM, CLAIM)
    content = "to charge drivers for entering the centre"
    sentence = "The mayor has pledged to charge drivers for entering the centre."
    assert not analyse_stance(content).mass  # no cue: the model decides
    (stance, _, way), = coder.decisions([issue], [content], [(content, sentence)])
    assert (stance, way) == ("support", "model")


def test_a_sentence_with_a_cue_is_read_by_the_cues():
    assert predict_default([(CLAIM, "The mayor said the congestion charge is a disastrous idea.")]) == ["oppose"]


def test_a_single_light_cue_decides_a_statement_but_not_a_sentence(coder):
    text = "Shopkeepers in the centre have concerns about the congestion charge."
    (stance, raw, way), = coder.decisions([Issue("charge", CLAIM, CLAIM)], [text], [(text, text)])
    assert (stance, way) == ("oppose", "rule") and raw < SENTENCE_RULE_CONFIDENCE
    assert predict_default([(CLAIM, text)]) == ["neutral"]


WALL = "The United States should build a wall on the Mexican border."


def test_a_sentence_naming_the_issues_words_only_inside_other_names_is_neutral():
    # "wall" in "Wall Street": the sentence is about banks, whatever it says of them
    assert predict_default([(WALL, "He has criticized Clinton for accepting speaking fees from Wall Street firms."),
                            (WALL, "Clinton received even stronger support from those who said Wall Street helps "
                                   "the economy.")]) == ["neutral", "neutral"]
    assert predict_default([(WALL, "He has praised the plan for a wall on the border.")]) == ["support"]


def test_acting_against_the_issues_topic_is_enough_to_side_a_sentence():
    # a counter cue on the issue's own terms weighs 0.8 of itself alone (other directions 0.6): enough for a
    # sentence's side, which the claim's judgement of the topic turns
    assert predict_default([
        ("Climate change is a serious concern.", "We know we have the solutions to tackle climate change while "
                                                 "creating millions of jobs."),
        ("Immigration is good for the country.", "The governor has a plan to tackle illegal immigration at the "
                                                 "border."),
    ]) == ["support", "oppose"]


def test_a_disagreement_over_what_to_do_is_a_deliberation():
    assert predict_default([("Climate change is a serious concern.",
                             "They argued again over health care and about how to combat climate change.")]) \
        == ["neutral"]


def test_a_question_asked_about_something_takes_no_side_on_it():
    text = "The senator was asked about the dangerous plan to ban refugees."
    assert analyse_stance(text).deliberation and analyse_stance(text).score == 0


@pytest.mark.parametrize("text", ["Business leaders and their lobbying groups push for free trade.",
                                  "The senator pressed for a congestion charge.",
                                  "Carmakers lobbied for lower tariffs."])
def test_pushing_pressing_or_lobbying_for_something_demands_it(text):
    assert "modal" in analyse_stance(text).kinds and analyse_stance(text).score > 0


@pytest.mark.parametrize("text, sign", [("Her poor judgment shows that she is not fit to serve as president.", -1),
                                        ("He is a con artist and a liar.", -1),
                                        ("He has the good judgment to be commander in chief.", 1)])
def test_judgements_of_a_persons_fitness_and_honesty_are_evaluations(text, sign):
    analysis = analyse_stance(text)
    assert "eval" in analysis.kinds and analysis.score * sign > 0


def test_the_debate_as_an_event_does_not_neutralise_the_sentence():
    text = "Joe Arpaio, a polarizing figure in the immigration debate, vouched for the proposal to build a wall."
    assert not analyse_stance(text).deliberation and analyse_stance(text).score > 0
    assert analyse_stance("They renewed the debate over whether to build a wall.").deliberation


@pytest.mark.parametrize("text", ["They are against the trade deal.", "We will cancel the Paris agreement.",
                                  "He promised to pull out of the trade deal.", "I will tear up this deal."])
def test_being_against_or_undoing_an_agreement_opposes_it(text):
    assert analyse_stance(text).score < 0


def test_an_evaluation_said_of_a_policy_judges_the_policy_not_the_problem(coder):
    issue = Issue("climate", "Climate action", CLIMATE_CLAIM)
    assert coder.rules.judge("The Clean Power Plan is a job-killing disaster.", "", issue)[0].stance == "oppose"
    assert coder.rules.judge("Climate change is a disaster.", "", issue)[0].stance == "support"


@pytest.mark.parametrize("text, sign", [("The job-killing TPP is a boondoggle.", -1),
                                        ("The new plans are steps in the right direction.", 1)])
def test_how_a_policy_is_judged(text, sign):
    assert analyse_stance(text).score * sign > 0


@pytest.mark.parametrize("text", ["Trump promised to rip up the deal.",
                                  "He ripped up the trade agreement."])
def test_ripping_up_an_agreement_undoes_it(text):
    assert analyse_stance(text).score < 0


@pytest.mark.parametrize("text", ['Obama "felt a moral obligation to do something about" climate change, Axelrod said.',
                                  "We should be doing something about climate change."])
def test_doing_something_about_the_problem_acts_against_it_across_quotation_marks(coder, text):
    issue = Issue("climate", "Climate action", CLIMATE_CLAIM)
    assert coder.rules.judge(text, text, issue)[0].stance == "support"


def test_a_means_of_acting_against_the_problem_does_not_turn_the_action_round(coder):
    issue = Issue("climate", "Climate action", CLIMATE_CLAIM)
    text = "We must curb climate change by reducing carbon dioxide and greenhouse gas emissions."
    assert coder.rules.judge(text, text, issue)[0].stance == "support"
    assert analyse_stance("Reduce restrictions.").score > 0  # a cue acting on the one before it still turns it


def test_the_reality_of_the_topic_reads_on_a_belief(coder):
    issue = Issue("climate", "Climate concern", "Climate change is a serious concern.")
    text = "Graham has acknowledged the reality of climate change."
    assert coder.rules.judge(text, text, issue)[0].stance == "support"


def test_a_sentence_repeating_the_claims_own_verdict_takes_its_side():
    belief = "Climate change is a serious concern."
    assert predict_default([(belief, "She says her biggest concern is global warming.")]) == ["support"]
    assert predict_default([(belief, "The mayor spoke about climate change on Tuesday.")]) == ["neutral"]


@pytest.mark.parametrize("claim, text, stance", [
    ("The United States should bar or sharply restrict the entry of Muslims.",
     "The rally denounced Trump's call for a total and complete shutdown of Muslims entering the United States.",
     "oppose"),
    ("We should close Guantanamo Bay detention camp.",
     "Guantanamo has been a place for torture and needs to be shut down.", "support")])
def test_shutting_down_or_closing_is_less_of_it(coder, claim, text, stance):
    issue = Issue("issue", "Issue", claim)
    assert coder.rules.judge(text, text, issue)[0].stance == stance


@pytest.mark.parametrize("text", ["We must honour the Paris agreement.", "The Paris agreement does not go far enough.",
                                  "We must do something about climate change."])
def test_a_demand_on_a_claim_against_a_problem_asks_for_the_claim(coder, text):
    claim = ("The United States should take strong action against climate change, such as cutting carbon emissions "
             "and honouring the Paris agreement.")
    issue = Issue("climate", "Climate action", claim)
    assert coder.rules.judge(text, text, issue)[0].stance == "support"


@pytest.mark.parametrize("text", [
    "Sanders criticized the climate accord, saying the agreement goes nowhere near far enough.",
    "Outside experts say the countries' plans are still far from enough to keep global warming to tolerable levels."])
def test_a_criticism_that_it_falls_short_asks_for_more(coder, text):
    issue = Issue("climate", "Climate action", CLIMATE_CLAIM)
    assert coder.rules.judge(text, text, issue)[0].stance == "support"
    plain = "Sanders criticized the climate accord."
    assert coder.rules.judge(plain, plain, issue)[0].stance == "oppose"


@pytest.mark.parametrize("text, stance", [("The dangers of climate change are well documented.", "support"),
                                          ("Climate change is a natural cycle and nothing to worry about.", "oppose"),
                                          ("Ted Cruz says climate change is not happening.", "oppose")])
def test_a_plural_cue_judges_and_nothing_to_worry_about_says_the_topic_is_not_grave(coder, text, stance):
    belief = Issue("climate", "Climate concern", "Climate change is a serious concern.")
    assert coder.rules.judge(text, text, belief)[0].stance == stance


def test_nothing_before_a_cue_denies_it(coder):
    issue = Issue("emails", "Clinton's emails", "Hillary Clinton's use of a private email server was illegal.")
    text = "The FBI said that she did nothing illegal."
    assert coder.rules.judge(text, text, issue)[0].stance == "oppose"
    # but "nothing more important than" says the most important, and "no more vulnerable than" does deny
    assert analyse_stance("There is nothing more important in Mexico than the trade deal.").score > 0
    assert analyse_stance("That server was no more vulnerable than the department's.").score > 0


def test_an_unwillingness_to_do_what_the_claim_asks_is_criticised_with_it(coder):
    issue = Issue("returns", "Tax returns", "Donald Trump should release his tax returns.")
    text = "She criticized Trump's unwillingness to release his tax returns."
    assert coder.rules.judge(text, text, issue)[0].stance == "support"


def test_another_name_of_the_claims_topic_is_read_as_the_claims(coder):
    belief = Issue("climate", "Climate concern", "Climate change is a serious concern.")
    text = "The dangers of global warming have been greatly exaggerated."
    assert coder.rules.judge(text, text, belief)[0].stance == "oppose"
    abolish = Issue("death", "Death penalty", "We should abolish capital punishment.")
    text = "The death penalty is never justified."
    assert coder.rules.judge(text, text, abolish)[0].stance == "support"


def test_a_speakers_framing_of_a_group_is_not_rewritten():
    from stancemap.stance.topicsynonyms import in_the_claims_words
    claim = "The United States should deport undocumented immigrants."
    assert in_the_claims_words("Deport the illegal aliens.", claim) == "Deport the illegal aliens."


def test_a_campaign_stop_stops_nothing(coder):
    issue = Issue("aca", "Obamacare", "The Affordable Care Act (Obamacare) should be repealed.")
    text = "Bill Clinton criticized the Affordable Care Act as a crazy system during a campaign stop in Flint."
    assert coder.rules.judge(text, text, issue)[0].stance == "support"
    assert analyse_stance("We must stop the ban.").score > 0  # the verb still undoes


def test_the_claims_own_verb_points_the_claims_way(coder):
    issue = Issue("ban", "Muslim ban", "The United States should bar or sharply restrict the entry of Muslims.")
    text = "Trump has vowed to bar Muslims from entering the country."
    assert coder.rules.judge("to bar Muslims from entering the country", text, issue)[0].stance == "support"
    assert coder.rules.judge(text, text, issue)[0].stance != "oppose"


def test_closing_with_no_object_is_an_event():
    assert analyse_stance("So the real effect is that plants close early, and our members lose good jobs.").kinds \
        .isdisjoint({"direction"})
    assert "direction" in analyse_stance("We should close the detention camp.").kinds


def test_a_passive_asked_for_closes_something():
    # a claim "X should be closed" acts against X, so "opposed closing" it opposes the claim (it was support)
    assert "direction" in analyse_stance("Coal plants should be closed.", claim=True).kinds
    assert "direction" in analyse_stance("The camp needs to be closed.", claim=True).kinds
    assert analyse_stance("The plants were closed.").kinds.isdisjoint({"direction"})
    coder = make_keyword_coder()
    issue = Issue("coal", "Coal plants", "Coal plants should be closed.")
    text = "Miners' unions have long opposed closing the coal plants."
    assert coder.judge(text, text, issue)[0].stance == "oppose"


@pytest.mark.parametrize("claim", ["The United States should take strong action against climate change.",
                                   "We should act against climate change."])
@pytest.mark.parametrize("text, stance", [("We must tackle climate change.", "support"),
                                          ("Leaders vowed to fight climate change.", "support"),
                                          ("Climate change is a grave threat.", "support"),
                                          ("Climate change is a hoax.", "oppose")])
def test_a_claim_to_act_against_a_problem_with_no_direction_cue_still_wants_less_of_it(coder, claim, text, stance):
    # "action against" was no direction: the claim pointed +1, and "we must tackle climate change" opposed it
    issue = Issue("climate", "Climate action", claim)
    assert coder.rules.judge(text, text, issue)[0].stance == stance


def test_a_thing_against_something_is_not_acting_against_it(coder):
    # "its embargo against Cuba" asks for the embargo, not for less of Cuba
    issue = Issue("cuba", "Cuba embargo", "The United States should maintain its embargo against Cuba.")
    assert coder.rules.judge("Sanctions harm the Cuban people.", "", issue)[0].stance == "oppose"
    text = "The embargo must be upheld as others have allowed open travel with no results."
    assert coder.rules.judge(text, text, issue)[0].stance == "support"


@pytest.mark.parametrize("text, stance", [
    ("Trump criticized Marco Rubio for opposing the wall on the Mexican border.", "support"),
    ("Rubio accused Cruz of supporting a wall on the Mexican border.", "oppose"),
    ("Trump accused Cruz of opposing the wall on the Mexican border.", "support"),
    ("She criticized him for his plan to build a wall on the Mexican border.", "oppose")])
def test_a_position_someone_is_blamed_or_accused_for_is_the_critics_other_side(coder, text, stance):
    # the criticism and the position were summed ("criticized ... for supporting" said little), and "accused ... of
    # being welcoming to Syrian refugees" was read as welcoming them
    issue = Issue("wall", "Border wall", WALL)
    assert coder.rules.judge(text, text, issue)[0].stance == stance


def test_being_accused_is_no_judgement_of_its_own():
    # "has been accused of over-stepping its boundaries": nothing the rules know is accused, so nothing turns
    assert analyse_stance("He accused her of lying about the emails.").score < 0
    assert analyse_stance("The court has been accused of over-stepping its legitimate boundaries.").score > 0


def test_lacking_something_is_not_having_it(coder):
    issue = Issue("fit", "Trump's fitness", "Donald Trump is fit, in temperament, judgement and qualifications, to be "
                                            "president.")
    text = "He clearly lacks the judgment and temperament necessary to lead."
    assert coder.rules.judge(text, text, issue)[0].stance == "oppose"  # "necessary" was read as praise
    assert analyse_stance("The plan lacks support in Congress.").score < 0
