"""Codebook keywords are found in the forms articles write them (stancemap.stance.keywords)."""

from __future__ import annotations

import numpy as np
import pytest

from stancemap.models import Issue
from stancemap.stance.keywords import KeywordMatcher, keyword_stems
from stancemap.stance.relevance import FEATURES, IssueIndex, muted_keywords

#: (keyword, sentence written for this test, what the matcher reports, as written in the sentence)
FOUND = [
    ("Muslim ban", "The senator called again for banning Muslims at the border.", "banning Muslims"),
    ("ban on Muslims", "He wants to ban all Muslims from entering.", "ban all Muslims"),
    ("tariffs", "She promised a steep tariff on Chinese steel.", "tariff"),
    ("deleted emails", "The e-mails she deleted were never recovered.", "e-mails she deleted"),
    ("release his returns", "Voters expect candidates to release their tax returns.", "release their tax returns"),
    ("FBI investigation", "The FBI’s investigation ended in July.", "FBI’s investigation"),
    ("border wall", "A wall along the southern border would cost billions.", None),
    ("Mexico pay", "He insists Mexico will pay for it.", "Mexico will pay"),
    ("deportation", "Mass deportations would split families.", "deportations"),
]


@pytest.mark.parametrize(("keyword", "sentence", "as_written"), FOUND, ids=[k for k, _, _ in FOUND])
def test_keyword_found_in_other_forms(keyword, sentence, as_written):
    assert KeywordMatcher([keyword]).find(sentence) == as_written


def test_words_of_a_keyword_must_stand_close_together():
    matcher = KeywordMatcher(["carbon tax"])
    assert matcher.find("A tax on carbon is the cheapest cut.") == "tax on carbon"
    assert matcher.find("Carbon emissions fell last year, the agency said, and the tax take rose.") is None


def test_function_words_are_not_needed_unless_they_are_all_the_keyword():
    assert keyword_stems("release his returns") == ("releas", "return")
    assert KeywordMatcher(["The Who"]).find("Who said that?") is None
    assert KeywordMatcher(["The Who"]).find("They saw the Who in 1969.") == "the Who"


def test_longest_keyword_is_reported_first():
    matcher = KeywordMatcher(["wall", "border wall"])
    assert matcher.find_all("The border wall was delayed.") == [("border wall", "border wall"), ("wall", "wall")]
    assert not KeywordMatcher([" ", ""]) and KeywordMatcher([]).find("anything") is None


def test_relevance_keyword_feature_and_evidence_use_word_forms():
    issue = Issue("entry-ban", "Entry ban", "The country should bar Muslims from entering.",
                  keywords=("Muslim ban", "Trump"))
    index = IssueIndex([issue], embedder=None, name_words=frozenset({"trump"}))
    assert index.keyword_hit(0, "He repeated his call for banning Muslims.") == "banning Muslims"
    assert index.keyword_hit(0, "Trump spoke in Ohio.") is None  # a person's name alone never counts

    index = IssueIndex([issue], embedder=_Ones())
    contents = ["banning Muslims"]
    contexts = ["He repeated his call for banning Muslims at every rally."]
    vectors = np.asarray(_Ones().embed(contents))
    features, hits = _keyword_features(index, contents[0], contexts[0])
    assert features[FEATURES.index("keyword_content")] == 1.0
    assert hits == "banning Muslims"
    assert index.score(contents, contexts, vectors, vectors)[0][0].evidence == "keyword: banning Muslims"


def test_muted_keywords_match_word_forms_too():
    corrections = [("the speech sounded presidential", "unrelated"), ("Presidential, his aides said.", "unrelated")]
    assert muted_keywords(["presidential"], corrections) == frozenset({"presidential"})
    assert muted_keywords(["tariffs"], [("a tariff on steel", "unrelated"), ("tariff talk", "unrelated")]) \
        == frozenset({"tariffs"})


def test_a_keyword_in_lower_case_is_not_one_word_of_a_longer_name():
    matcher = KeywordMatcher(["wall", "Comey"])
    assert matcher.find("She is too close to Wall Street banks to be trusted on it.") is None
    assert matcher.find("Wall Street does more to help the economy than they think.") is None
    assert matcher.find("The Wall will be paid for by Mexico, he said again.") == "Wall"  # a sentence's "The"
    assert matcher.find("In Wall Street there is talk of the wall.") == "wall"  # another place it stands alone
    assert matcher.find("Trump Demands Wall Funding") == "Wall"  # a headline in title case
    assert matcher.find("The FBI director James Comey said so.") == "Comey"  # a keyword that is a name


def test_a_short_content_is_read_in_its_sentence_for_the_names_it_cuts():
    # read on the train store: "Wall Street prosecutions", "women on Wall Street" and "for Wall Street", each the
    # content of a statement, were coded on the border wall through the keyword "wall": too short a text to tell a
    # name from a sentence's capitals, while their sentences show "Wall Street" is a name
    matcher = KeywordMatcher(["wall", "deport"])
    sentence = "His Justice Department shrugged off Wall Street prosecutions despite evidence of fraud."
    start = sentence.index("Wall Street prosecutions")
    assert matcher.find("Wall Street prosecutions") == "Wall"  # alone, it cannot tell
    assert matcher.find(sentence, start, start + len("Wall Street prosecutions")) is None
    said = "He said they would deport them, and he also promised a wall on the border."
    assert matcher.find(said, said.index("they"), said.index(", and")) == "deport"
    assert matcher.find(said, said.index("they"), said.index(", and")) != "wall"  # outside the content


def test_relevance_reads_a_content_keyword_in_its_sentence():
    issue = Issue("wall", "Border wall", "The country should build a wall on its border.", keywords=("wall",))
    features, hits = _keyword_features(IssueIndex([issue], embedder=_Ones()), "for Wall Street",
                                       "Clinton vehemently offers support for Wall Street as a recovery effort.")
    assert features[FEATURES.index("keyword_content")] == 0.0
    assert hits is None


class _Ones:
    """An embedder that gives every text the same vector: only the keyword features differ."""

    def embed(self, texts):
        return np.ones((len(texts), 4), dtype=np.float32) / 2.0


def _keyword_features(index: IssueIndex, content: str, context: str):
    """The first issue's relevance features of one statement, and the keyword found."""
    vectors = np.asarray(_Ones().embed([content]))
    features, _, hits = index.features([content], [context], vectors, vectors)
    return features[0, 0], hits[0][0]


def test_an_organisations_name_counts_as_a_keyword_only_where_the_issue_names_it():
    """The default coder reads the starter registry's organisations: "State Department" on an issue about one
    person's emails is a body that speaks on many things; "NATO" on an issue about joining NATO is its topic."""
    from stancemap.stance import get_coder

    coder = get_coder("semantic.v1")
    emails = Issue("emails", "Her emails", "Her use of a private email server was reckless.",
                   keywords=("private email server", "State Department"))
    nato = Issue("nato", "Joining NATO", "Ukraine should join NATO.", keywords=("NATO",))
    index = coder.index([emails, nato])
    assert index.keyword_hit(0, "The State Department announced new visa rules on Friday.") is None
    assert index.keyword_hit(0, "She kept a private email server at home.") == "private email server"
    assert index.keyword_hit(1, "NATO leaders met in Vilnius.") == "NATO"
