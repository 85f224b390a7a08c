"""Who speaks when the input does not say: headers, self-introductions, bylines, datelines (text only)."""

from __future__ import annotations

import pytest

from stancemap.ingest.authors import detect_speaker, speaker_evidence, with_detected_speaker
from stancemap.models import Article

CASES = [
    # (text, genre, rule, speaker, speaker_org, role, party)
    ("STATEMENT OF KATERI CALLAHAN\n\nThank you, Mr. Chairman. We support a four-pollutant bill.",
     "news", "header", "Kateri Callahan", None, None, None),
    ("STATEMENT OF KATERI CALLAHAN, PRESIDENT, ALLIANCE TO SAVE ENERGY\n\nThank you.",
     "news", "header", "Kateri Callahan", "Alliance to Save Energy", "President", None),
    ("Testimony of Joel Bluestein, President, Energy and Environmental Analysis, Inc.\nbefore the Senate\n\nText.",
     "testimony", "header", "Joel Bluestein", "Energy and Environmental Analysis, Inc.", "President", None),
    ("Opening statement of Hon. George V. Voinovich, U.S. Senator from Ohio\n\nGood morning.",
     "news", "header", "George V. Voinovich", None, "U.S. Senator from Ohio", None),
    ("PREPARED STATEMENT OF DAVID HAWKINS ON BEHALF OF THE NATURAL RESOURCES DEFENSE COUNCIL\n\nText.",
     "news", "header", "David Hawkins", "Natural Resources Defense Council", None, None),
    ("Mr. Chairman, members of the Committee. My name is Joel Bluestein and I am the President of Energy and "
     "Environmental Analysis, Inc. I appreciate the opportunity.",
     "news", "self-introduction", "Joel Bluestein", "Energy and Environmental Analysis, Inc.", "President", None),
    ("Good morning. I am Jane Roe, Executive Director of the Clean Air Task Force. Thank you.",
     "testimony", "self-introduction", "Jane Roe", "Clean Air Task Force", "Executive Director", None),
    ("Why the grid needs a carbon price\nBy Ada Quill\n\nThe grid is ageing.",
     "op-ed", "byline", "Ada Quill", None, None, None),
    ("WASHINGTON -- Senator George Voinovich (R-Ohio) today introduced the Clean Air Planning Act.",
     "press-release", "dateline", "George Voinovich", None, "Senator", "R"),
    ("COLUMBUS, Ohio — Gov. Ted Strickland announced a plan on Monday.",
     "press-release", "dateline", "Ted Strickland", None, "Governor", None),
]


@pytest.mark.parametrize(("text", "genre", "rule", "speaker", "org", "role", "party"), CASES)
def test_detects_speaker_with_evidence(text, genre, rule, speaker, org, role, party):
    found = detect_speaker(text, genre=genre)
    assert found is not None
    assert (found.rule, found.speaker, found.speaker_org, found.role, found.party) == (rule, speaker, org, role, party)
    # the evidence is the matched text, at its offsets
    assert text[found.start:found.end] == found.text
    assert speaker.split()[-1].lower() in found.text.lower()


NOTHING = [
    # a news byline is the reporter's, not the speaker's
    ("Why the grid needs a carbon price\nBy Ada Quill\n\nThe grid is ageing.", "news"),
    # a dateline in news is the reporter's dateline
    ("WASHINGTON -- Senator George Voinovich (R-Ohio) today introduced the bill, aides said.", "news"),
    # a self-introduction quoted deep inside a news story
    ("The hearing ran long. " * 40 + "\"My name is Joel Bluestein and I am the President of EEA,\" he said.", "news"),
    ("Reporters said the bill stalled.", "news"),
    # a headline in title case is no self-introduction
    ("Marco Rubio: I’m Not Interested In Being Vice President\n\nThe senator said no.", "news"),
    ("Note: the statement of the committee follows.", "testimony"),
]


@pytest.mark.parametrize(("text", "genre"), NOTHING)
def test_detects_nothing(text, genre):
    assert detect_speaker(text, genre=genre) is None


def test_header_turns_a_news_document_into_testimony():
    article = Article("a", "STATEMENT OF KATERI CALLAHAN\n\nWe support a four-pollutant bill.")
    found = with_detected_speaker(article)
    assert (found.speaker, found.genre) == ("Kateri Callahan", "testimony")


def test_news_byline_leaves_the_article_alone():
    article = Article("a", "By Jane Doe\n\nThe minister said the plan was dead.")
    assert with_detected_speaker(article) is article


def test_metadata_speaker_wins_but_gains_the_organisation():
    text = "My name is Joel Bluestein and I am the President of Energy and Environmental Analysis, Inc. Text."
    article = Article("a", text, speaker="Joel Bluestein", genre="testimony")
    found = with_detected_speaker(article)
    assert (found.speaker, found.speaker_org, found.role) == (
        "Joel Bluestein", "Energy and Environmental Analysis, Inc.", "President")
    other = Article("b", text, speaker="Somebody Else", genre="testimony")
    assert with_detected_speaker(other).speaker_org is None


def test_evidence_for_metadata_and_turns():
    given = Article("a", "We support it.", speaker="Kateri Callahan", genre="testimony")
    assert speaker_evidence(given) == {"source": "metadata", "speaker": "Kateri Callahan"}
    turn = Article("h-3", "Senator Voinovich. I think so.", speaker="Senator Voinovich", genre="debate",
                   body_start=19)
    evidence = speaker_evidence(turn)
    assert evidence["source"] == "turn" and evidence["text"] == "Senator Voinovich."
    detected = Article("b", "STATEMENT OF KATERI CALLAHAN\n\nText.", speaker="Kateri Callahan", genre="testimony")
    evidence = speaker_evidence(detected)
    assert (evidence["source"], evidence["rule"], evidence["start"], evidence["end"]) == ("detected", "header", 0, 28)
    assert speaker_evidence(Article("c", "Reporters said so.")) is None


def test_document_page_and_json_show_who_speaks_and_why(store_url):
    from fastapi.testclient import TestClient

    from stancemap.store import Store
    from stancemap.web import create_app

    detected = with_detected_speaker(Article(
        "callahan", "STATEMENT OF KATERI CALLAHAN, PRESIDENT, ALLIANCE TO SAVE ENERGY\n\n<b>We</b> support it."))
    given = Article("boxer", "We support it.", speaker="Barbara Boxer", genre="speech")
    with Store.open(store_url) as store:
        run = store.begin_run(pipeline_version="test", model="m", codebook_hash=None, args={})
        ids = store.save_documents([(detected, []), (given, [])], run)
        client = TestClient(create_app(store, person="tester"))
        data = client.get(f"/documents/{ids[0]}.json").json()
        assert (data["speaker"], data["speaker_org"], data["role"], data["genre"]) == (
            "Kateri Callahan", "Alliance to Save Energy", "President", "testimony")
        evidence = data["speaker_evidence"]
        assert (evidence["source"], evidence["rule"], evidence["start"]) == ("detected", "header", 0)
        assert data["text"][evidence["start"]:evidence["end"]] == evidence["text"]
        page = client.get(f"/documents/{ids[0]}").text
        assert "speaker detected from the header" in page and "<b>We</b>" not in page
        assert client.get(f"/documents/{ids[1]}.json").json()["speaker_evidence"] == {
            "source": "metadata", "speaker": "Barbara Boxer"}


TRANSCRIPT = ("Senator BOXER. The hearing will come to order. Mr. Lindgren, please begin.\n\n"
              "Mr. LINDGREN. Thank you. My name is Erik Lindgren and I represent the Northern Rivers Cooperative. "
              "We oppose the rule as written.\n\n"
              "Senator BOXER. Thank you. Dr. Okafor?\n\n"
              "Dr. OKAFOR. Thank you. We strongly support the rule.\n")


def test_a_self_introduction_in_a_transcript_does_not_make_it_one_speakers_document():
    """"My name is Erik Lindgren" is his turn's; the transcript's turns keep their own speakers."""
    from stancemap.ingest.authors import with_detected_speaker
    from stancemap.models import Article
    from stancemap.nlp.convert import turn_speakers

    article = with_detected_speaker(Article("h", TRANSCRIPT, genre="testimony"))
    assert article.speaker is None
    assert [name for _, name in turn_speakers(article)] == ["Boxer", "Erik Lindgren", "Boxer", "Okafor"]
    alone = with_detected_speaker(Article("t", "My name is Erik Lindgren. We oppose the rule.", genre="testimony"))
    assert alone.speaker == "Erik Lindgren"  # a testimony of one speaker still says who speaks
