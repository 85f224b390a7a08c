"""Pronoun speakers that refer to no one, and names opening a headline (issue 16).

A pleonastic "it" ("It seems that ...", "it is clear that ...", "it's hard to say ...", "it
was reported that ...") stands for the clause after it or for nothing: the statement stays,
with no speaker, as PolNeAR marks it, and no earlier entity becomes its actor (before, each
of these went to the organisation named in the sentence before). A referential "it" still
resolves. Texts are hand-written after cases read on PolNeAR train articles; end to end with
the real model.
"""

from __future__ import annotations

import pytest

from stancemap.extraction import extract_text
from stancemap.nlp import load_pipeline
from stancemap.nlp.pleonastic import pleonastic_it
from tests.speakers import actor_of

DATE = "2016-08-01"


def _statements(text: str) -> list[tuple[str | None, str | None, str]]:
    """``(speaker text, actor, content)`` of every statement of ``text``."""
    return [(s.speaker.text if s.speaker else None, s.actor, s.content.text) for s in extract_text(text, date=DATE)]


@pytest.mark.model
@pytest.mark.parametrize(
    "text, content",
    [
        # a raising verb before a that-clause, or set off by commas
        ("The Arizona Cardinals lost to the Carolina Panthers on Sunday. It appears, though, that the championship "
         "game was not boring to everyone.", "the championship game was not boring"),
        ("Fox News covered the convention on Monday. It seems Donald has a lot of nervous energy.",
         "Donald has a lot of nervous energy"),
        ("Ailes left Fox News in July with a $40 million payout. The network's culture, it seems, did not change.",
         "did not change"),
        ("Senator Rubio spoke in Miami on Monday. It seems likely that the senator will endorse Trump.",
         "the senator will endorse Trump"),
        # an adjective before an extraposed clause, the cue inside that clause
        ("The Swiss People's Party won the referendum in 2014. It is wrong to attribute the backlash solely to "
         "recent events.", "recent events"),
        ("Fox News covered the convention on Monday. But it's impossible to talk about the network without "
         "talking about its owners.", "the network"),
        ("The NBC/Wall Street Journal poll shows Sanders ahead. It's fair to say that he has received far less "
         "scrutiny than Clinton has.", "he has received far less scrutiny"),
        # a passive cue verb before a that-clause, with a curly apostrophe the parser reads as active
        ("The Democratic National Committee met in Philadelphia. It\u2019s implied that he won\u2019t stand in "
         "Clinton\u2019s way.", "he won\u2019t stand in"),
    ],
)
def test_pleonastic_it_is_no_speaker(text: str, content: str) -> None:
    found = [s for s in _statements(text) if content in s[2]]
    assert found, _statements(text)
    assert all(speaker is None and actor is None for speaker, actor, _ in found), found


@pytest.mark.model
@pytest.mark.parametrize(
    "text, speaker, actor",
    [
        # an adjective saying what its subject holds: the subject is the organisation
        ("The Federal Reserve met on Wednesday in Washington. It is confident that the economy will keep "
         "growing.", "It", "Federal Reserve"),
        # a raising verb with an infinitive: the subject is someone
        ("The Federal Reserve raised rates in December. It appeared to signal that more increases would follow.",
         "It", "Federal Reserve"),
        ("The Republican National Committee met in Cleveland on Monday. It is ready to support the nominee, "
         "it said.", "it", "Republican National Committee"),
    ],
)
def test_referential_it_still_resolves(text: str, speaker: str, actor: str) -> None:
    assert actor_of(text, DATE, speaker) == actor


@pytest.mark.model
def test_headline_name_opening_with_a_first_name_is_kept() -> None:
    """A headline entity after a title, opening with a first name, of a woman the body never names:
    a name, not headline words (the check read one word as a full name and never fired)."""
    text = ("Planned Parenthood President Cecile Richards Says Trump Is Wrong On Women\n\n"
            "The official spoke in Philadelphia on Tuesday.")
    assert actor_of(text, "2016-07-26", "Cecile Richards") == "Cecile Richards"


@pytest.mark.model
def test_headline_words_opening_with_a_first_name_are_a_name() -> None:
    """Headline words the tagger left out of any entity, opening with a first name: the headline's speaker."""
    text = ("Cecile Richards Says Republicans Are Wrong On Women's Health\n\n"
            "The head of Planned Parenthood spoke in Philadelphia on Tuesday.")
    assert actor_of(text, "2016-07-26", "Cecile Richards") == "Cecile Richards"


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_pipeline()


@pytest.mark.model
@pytest.mark.parametrize(
    "sentence, empty",
    [
        ("It is critical that we act now on climate change.", True),  # "critical of" is the attitude, not this
        ("It is important to note that the court has ruled only once.", True),
        ("It's been reported that the congressman resigned.", True),
        ("It turned out that the senator had lied.", True),
        ("It would seem as if his plan is to compete long enough.", True),
        ("It took two years to build the wall.", True),
        ("The union said it is confident that the deal will pass.", False),
        ("The White House said it was willing to negotiate.", False),
        ("The court said it is unlikely to hear the case.", False),
        ("The company said it was told that its license would be revoked.", False),
        ("It is expected to show another solid gain of 200,000 jobs.", False),
        ("The bill failed; it was a plan to cut taxes for the rich.", False),
        ("The agency said it took action to stop the leaks.", False),
        ("The ministry said it appeared to be a hoax.", False),
    ],
)
def test_pleonastic_it_from_the_parse(nlp, sentence: str, empty: bool) -> None:  # type: ignore[no-untyped-def]
    it = next(t for t in nlp(sentence) if t.text.lower() == "it")
    assert pleonastic_it(it) is empty
