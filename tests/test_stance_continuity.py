"""Discourse continuity: a continuation inherits its speaker's relevance, never the stance.

Hand-written documents on a hand-written issue (fuel tax); nothing here comes
from the example article.
"""

from __future__ import annotations

from functools import lru_cache

import pytest

from stancemap.models import Codebook, Coding, Issue, Statement, TextSpan
from stancemap.stance import code_statements, get_coder
from stancemap.stance.continuity import DECAY, MAX_GAP, MIN_RELEVANCE, continuations, continues, refers_back
from stancemap.stance.lexical import KeywordCoder

TAX = Issue("tax", "Fuel tax", "Fuel taxes should be raised.", keywords=("fuel tax", "petrol"))
CODEBOOK = Codebook((TAX,))
ON_TAX = "the fuel tax must rise to pay for the railways"


def statement(text: str, content: str, speaker: str, *, after: int = 0, speaker_at: int | None = None,
              actor: str | None = None, speaker_name: str | None = None, kind: str = "indirect") -> Statement:
    """The statement of ``speaker`` whose content is the first ``content`` at or after ``after``."""
    start = text.index(content, after)
    at = text.index(speaker) if speaker_at is None else speaker_at
    return Statement("doc", TextSpan(start, start + len(content), content),
                     speaker=TextSpan(at, at + len(speaker), speaker), actor=actor, speaker_name=speaker_name,
                     kind=kind)


@lru_cache(maxsize=1)
def default_coder():
    """The default coder ``semantic.v1``, made once (it loads the packaged embedder and model)."""
    return get_coder("semantic.v1")


def coded(statements: list[Statement], text: str | None, **options) -> list[dict[str, Coding]]:
    out = code_statements(statements, CODEBOOK, default_coder(), text=text, **options)
    return [{c.issue: c for c in st.codings} for st in out]


def test_a_continuation_inherits_relevance_with_a_lower_confidence_and_says_how():
    text = f'The minister said: "{ON_TAX}. We will present the plan to parliament next week."'
    first = statement(text, ON_TAX, "The minister", kind="direct")
    # the same quotation going on, with no speech verb of its own
    then = statement(text, "We will present the plan to parliament next week.", "The minister",
                     kind="direct-unmarked")
    own, inherited = coded([first, then], text)
    assert code_statements([then], CODEBOOK, default_coder())[0].codings == ()  # alone: not about the tax
    coding = inherited["tax"]
    assert coding.origin == "model:semantic.v1+continuation"
    assert coding.relevance == pytest.approx(own["tax"].relevance * DECAY, abs=1e-4)
    assert coding.confidence < own["tax"].confidence
    assert coding.stance == "neutral"  # no back reference: its own words take no side


def test_the_stance_of_a_continuation_comes_from_its_own_words():
    text = f"The minister said that {ON_TAX}. That would be a dangerous mistake, she later admitted."
    first = statement(text, ON_TAX, "The minister")
    then = statement(text, "That would be a dangerous mistake", "The minister")
    own, inherited = coded([first, then], text)
    assert own["tax"].stance == "support"
    assert inherited["tax"].stance == "oppose"
    assert inherited["tax"].origin.endswith("+continuation")


def test_a_supporting_continuation_is_read_as_support():
    text = f"The minister said that {ON_TAX}. It is the only fair way."
    first = statement(text, ON_TAX, "The minister")
    then = statement(text, "It is the only fair way.", "The minister")
    assert coded([first, then], text)[1]["tax"].stance == "support"


def test_a_different_speaker_does_not_inherit():
    text = f"The minister said that {ON_TAX}. We will present the plan next week, the mayor said."
    first = statement(text, ON_TAX, "The minister")
    then = statement(text, "We will present the plan next week", "the mayor")
    assert coded([first, then], text)[1] == {}


@pytest.mark.parametrize("between", ["\n\n", "\n"])
def test_a_new_paragraph_breaks_continuity(between):
    text = f"The minister said that {ON_TAX}.{between}We will present the plan to parliament next week."
    first = statement(text, ON_TAX, "The minister")
    then = statement(text, "We will present the plan to parliament next week.", "The minister")
    assert not continues(first, then, text)
    assert coded([first, then], text)[1] == {}


def test_an_intervening_sentence_of_narration_breaks_continuity():
    text = (f"The minister said that {ON_TAX}. Parliament rose for the summer on Friday. "
            "We will present the plan next week.")
    first = statement(text, ON_TAX, "The minister")
    then = statement(text, "We will present the plan next week.", "The minister")
    assert coded([first, then], text)[1] == {}


def test_a_long_gap_breaks_continuity():
    filler = "and so on " * (MAX_GAP // 10 + 1)
    text = f"The minister said that {ON_TAX}, {filler}we will present the plan next week."
    first = statement(text, ON_TAX, "The minister")
    then = statement(text, "we will present the plan next week.", "The minister")
    assert not continues(first, then, text)


def test_another_speakers_statement_in_between_breaks_continuity():
    text = (f"The minister said that {ON_TAX}. The mayor said the buses were late. "
            "We will present the plan next week.")
    first = statement(text, ON_TAX, "The minister")
    mayor = statement(text, "the buses were late.", "The mayor")
    then = statement(text, "We will present the plan next week.", "The minister")
    assert continuations([first, mayor, then], text) == {}
    assert coded([first, mayor, then], text)[2] == {}


def test_same_actor_or_same_name_counts_as_the_same_speaker():
    text = f"Ms Berg said that {ON_TAX}. She added: we will present the plan next week."
    first = statement(text, ON_TAX, "Ms Berg", actor="Anna Berg")
    then = statement(text, "we will present the plan next week.", "She", actor="Anna Berg")
    assert continuations([first, then], text) == {1: 0}
    first, then = first.with_(actor=None, speaker_name="Anna Berg"), then.with_(actor=None, speaker_name="Anna Berg")
    assert continuations([first, then], text) == {1: 0}
    assert continuations([first, then.with_(speaker_name="Tom Lund")], text) == {}


def test_without_the_text_only_the_very_same_mention_counts():
    text = f"Ms Berg said that {ON_TAX}. She added: we will present the plan next week."
    first = statement(text, ON_TAX, "Ms Berg", actor="Anna Berg")
    other_mention = statement(text, "we will present the plan next week.", "She", actor="Anna Berg")
    same_mention = other_mention.with_(speaker=first.speaker)
    assert continuations([first, other_mention]) == {}
    assert continuations([first, same_mention]) == {1: 0}


def test_a_chain_of_continuations_fades_out():
    sentences = [f"The minister said that {ON_TAX}."] + [f"We met group {n} today." for n in range(6)]
    text = " ".join(sentences)
    sts = [statement(text, ON_TAX, "The minister")] + [
        statement(text, s, "The minister") for s in sentences[1:]]
    codings = coded(sts, text)
    relevances = [c["tax"].relevance for c in codings if "tax" in c]
    assert relevances == sorted(relevances, reverse=True)
    assert all(r >= MIN_RELEVANCE for r in relevances)
    assert codings[-1] == {}  # faded below the threshold


def test_in_news_a_next_sentence_that_names_nothing_of_the_issue_and_does_not_refer_back_is_not_coded():
    # on the PolNeAR train golds, inherited codings were about their issue 6 times in 14 (the side right 3 times)
    text = f"The minister said that {ON_TAX}. She will present the plan to parliament next week, she said."
    first = statement(text, ON_TAX, "The minister")
    then = statement(text, "She will present the plan to parliament next week", "The minister")
    assert coded([first, then], text)[1] == {}


def test_continuity_can_be_turned_off_and_order_is_kept():
    text = f'The minister said: "{ON_TAX}. We will present the plan to parliament next week."'
    first = statement(text, ON_TAX, "The minister", kind="direct")
    then = statement(text, "We will present the plan to parliament next week.", "The minister",
                     kind="direct-unmarked")
    assert coded([first, then], text, continuity=False)[1] == {}
    backwards = code_statements([then, first], CODEBOOK, default_coder(), text=text)
    assert [st.content.text for st in backwards] == [then.content.text, first.content.text]
    assert backwards[0].codings and backwards[0].codings[0].origin.endswith("+continuation")


def test_a_persons_coding_of_the_continuation_is_kept():
    text = f"The minister said that {ON_TAX}. We will present the plan to parliament next week."
    first = statement(text, ON_TAX, "The minister")
    mine = Coding("tax", "oppose", 1.0, origin="person:ana")
    then = statement(text, "We will present the plan to parliament next week.", "The minister").with_(
        codings=(mine,))
    assert coded([first, then], text)[1] == {"tax": mine}


def test_a_coder_without_code_stance_inherits_nothing():
    class OnlyCode:
        name = "only-code.v1"

        def __init__(self) -> None:
            self.rules = KeywordCoder()

        def code(self, content, context, issue):
            return self.rules.code(content, context, issue)

    text = f"The minister said that {ON_TAX}. We will present the plan to parliament next week."
    first = statement(text, ON_TAX, "The minister")
    then = statement(text, "We will present the plan to parliament next week.", "The minister")
    out = code_statements([first, then], CODEBOOK, OnlyCode(), text=text)
    assert out[0].codings and out[1].codings == ()


def test_a_continuation_relevant_on_its_own_is_coded_as_usual():
    text = f"The minister said that {ON_TAX}. The fuel tax is too low."
    first = statement(text, ON_TAX, "The minister")
    then = statement(text, "The fuel tax is too low.", "The minister")
    alone = code_statements([then], CODEBOOK, default_coder())[0].codings
    assert alone and not alone[0].origin.endswith("+continuation")
    in_document = coded([first, then], text)[1]
    assert set(in_document) == {"tax"}
    coding = in_document["tax"]
    assert (coding.stance, coding.confidence, coding.origin) == (alone[0].stance, alone[0].confidence, alone[0].origin)
    assert coding.relevance == pytest.approx(alone[0].relevance, abs=0.01)  # the document around it shifts it a little


@pytest.mark.parametrize(("sentence", "expected"), [
    ("That would be a mistake.", True),
    ("We should do so at once.", True),
    ("Such a step is overdue.", True),
    ("At the same time, we need our partners.", False),
    ("Our partners matter most.", False),
])
def test_back_references(sentence, expected):
    assert refers_back(sentence) is expected


@pytest.mark.parametrize("name", ["keyword.v1", "semantic.v1"])
def test_code_stance_skips_only_the_relevance_gate(name):
    coder = get_coder(name)
    assert coder.code("That would be a dangerous mistake.", "", TAX) is None
    assert coder.code_stance("That would be a dangerous mistake.", "", TAX).stance == "oppose"
    relevant = "Raising the fuel tax is a dangerous mistake."
    judged, gated = coder.code_stance(relevant, "", TAX), coder.code(relevant, "", TAX)
    assert (judged.stance, judged.confidence, judged.origin) == (gated.stance, gated.confidence, gated.origin)


def test_a_content_shared_by_two_speakers_is_continued_by_the_one_who_speaks_next():
    text = f"The minister and the mayor said that {ON_TAX}. The mayor added: we will act next week."
    minister = statement(text, ON_TAX, "The minister")
    mayor = statement(text, ON_TAX, "the mayor", actor="Mayor")
    then = statement(text, "we will act next week.", "The mayor", actor="Mayor")
    assert continuations([minister, mayor, then], text) == {2: 1}
    assert continuations([mayor, minister, then], text) == {2: 0}


def test_continuations_of_a_long_document_are_found_quickly():
    import time

    sentences = [f"Speaker {n % 7} said that {ON_TAX}." for n in range(3000)]
    text = " ".join(sentences)
    sts, at = [], 0
    for n in range(len(sentences)):
        start = text.index(ON_TAX, at)
        sts.append(Statement("doc", TextSpan(start, start + len(ON_TAX), ON_TAX),
                             speaker=TextSpan(start - 18, start - 9, f"Speaker {n % 7}"), actor=f"S{n % 7}"))
        at = start + 1
    began = time.process_time()
    assert continuations(sts, text) == {}  # each is followed by another speaker's statement
    assert time.process_time() - began < 2.0


def test_own_voice_statements_of_one_speaker_continue_across_their_own_sentences():
    text = "Our state loves high-speed rail. Good luck to them. We will not spend a dime on it.\nNext."
    first = Statement("d", TextSpan(0, 31, text[0:31]), kind="own", actor="Tom Hargrove")
    then = Statement("d", TextSpan(52, 82, text[52:82]), kind="own", actor="Tom Hargrove")
    other = Statement("d", TextSpan(52, 82, text[52:82]), kind="own", actor="Ann Lee")
    assert continues(first, then, text)  # "Good luck to them." is the speaker's own sentence, not narration
    assert not continues(first, other, text)
    reported = Statement("d", TextSpan(52, 82, text[52:82]), speaker=TextSpan(0, 3, "Our"), actor="Tom Hargrove")
    assert not continues(first, reported, text)


def test_a_persons_coding_is_not_inherited_by_the_next_statement():
    """A coder's coding is no cue for the machine's: scored against that coding, the machine would read it."""
    from stancemap.models import Codebook, Coding, Issue, Statement, TextSpan
    from stancemap.stance.coders import code_statements

    book = Codebook((Issue("tax", "Fuel tax", "Fuel taxes should be raised.", keywords=("fuel tax",)),))
    doc = "Ann said that the fuel tax is a dangerous mistake. We will meet them tomorrow."
    ann = TextSpan(0, 3, "Ann")
    first = Statement("d1", TextSpan(14, 49, doc[14:49]), speaker=ann,
                      codings=(Coding("tax", "oppose", 1.0, "person:ana"),))
    then = Statement("d1", TextSpan(51, 78, doc[51:78]), speaker=ann)
    _, coded = code_statements([first, then], book, text=doc)
    assert coded.codings == ()
