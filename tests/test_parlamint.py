"""ParlaMint TEI: one article per speech, speakers, parties and roles at the session's date."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from stancemap.ingest import read_paths
from stancemap.ingest.sniff import sniff
from stancemap.ingest.source import Source
from stancemap.models import Article, ReadFailure

DATA = Path(__file__).resolve().parent / "data" / "parlamint"
ROOT_FILE = DATA / "ParlaMint-XX.xml"
SESSION = DATA / "2021" / "ParlaMint-XX_2021-03-04.xml"


def read(*paths, **options) -> tuple[list[Article], list[ReadFailure]]:
    items = list(read_paths([str(p) for p in paths], **options))
    return ([i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, ReadFailure)])


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of the fixture corpus that a test may damage."""
    target = tmp_path / "ParlaMint-XX"
    shutil.copytree(DATA, target)
    return target


EXPECTED = [
    # doc_id, date, speaker, party, speaker_org, role, title ends with
    ("ParlaMint-XX_2021-03-04.u1", "2021-03-04", "Maria Lind", "Centre Group", "Centre Group", "chair",
     "sitting of 2021-03-04"),
    ("ParlaMint-XX_2021-03-04.u2", "2021-03-04", "Anna Berg", "GRN", "Green Party", "member", "Wind Energy Bill"),
    ("ParlaMint-XX_2021-03-04.u3", "2021-03-04", "Karl van Ost", "LIB", "Liberal Party", "minister",
     "Wind Energy Bill"),
    # a new party and no longer in government at the later session's date
    ("ParlaMint-XX_2021-09-15.u1", "2021-09-15", "Anna Berg", "LIB", "Liberal Party", "member",
     "Questions to the Government"),
    ("ParlaMint-XX_2021-09-15.u2", "2021-09-15", "Karl van Ost", "LIB", "Liberal Party", "member",
     "Questions to the Government"),
    ("ParlaMint-XX_2021-09-15.u3", "2021-09-15", "NoSuchPerson", None, None, "guest",
     "Questions to the Government"),
]


def test_corpus_root_reads_every_speech_with_speaker_party_and_role_at_the_date():
    articles, failures = read(ROOT_FILE)
    assert failures == []
    got = [(a.doc_id, a.date.isoformat(), a.speaker, a.party, a.speaker_org, a.role) for a in articles]
    assert got == [row[:6] for row in EXPECTED]
    for article, row in zip(articles, EXPECTED, strict=False):
        assert article.genre == "debate"
        assert article.source == "Lower House"
        assert article.title.endswith(row[6])
    assert articles[1].title == "Lower House, sitting of 2021-03-04 — Wind Energy Bill"
    assert articles[0].url == "https://parliament.example/sittings/2021-03-04"


def test_text_is_the_paragraphs_without_notes_and_incidents():
    articles, _ = read(ROOT_FILE)
    speech = next(a for a in articles if a.doc_id.endswith("03-04.u2"))
    assert speech.text == (
        "We support the wind energy bill because it cuts emissions.\n\n"
        "The bill must pass this year. Delay would cost jobs."
    )
    everything = "\n".join(a.text for a in articles)
    for skipped in ("Applause", "Interruption", "leaves the chamber", "No!", "10:02", "The Chair:"):
        assert skipped not in everything
    # a speech with nothing but a gap has no words and is left out
    assert not any(a.doc_id.endswith("03-04.u4") for a in articles)


def test_a_folder_reads_each_speech_once_and_skips_the_header_files():
    articles, failures = read(DATA)
    assert failures == []
    assert [a.doc_id for a in articles] == [row[0] for row in EXPECTED]
    assert [a.party for a in articles] == [row[3] for row in EXPECTED]


def test_a_session_named_alone_finds_its_corpus_root():
    articles, _ = read(SESSION)
    assert [(a.speaker, a.party) for a in articles] == [
        ("Maria Lind", "Centre Group"), ("Anna Berg", "GRN"), ("Karl van Ost", "LIB")]


def test_a_session_without_its_corpus_is_read_with_a_warning(tmp_path):
    lone = tmp_path / "lone.xml"
    shutil.copy(SESSION, lone)
    articles, failures = read(lone)
    assert failures == []
    assert [a.speaker for a in articles] == ["MariaLind", "AnnaBerg", "KarlOst"]
    assert all(a.party is None for a in articles)
    assert "W106" in articles[0].warnings[0] and "corpus root" in articles[0].warnings[0]


def test_genre_option_overrides_debate():
    articles, _ = read(ROOT_FILE, genre="speech")
    assert {a.genre for a in articles} == {"speech"}


def test_a_malformed_session_is_skipped_and_named_and_the_others_are_read(corpus):
    broken = corpus / "2021" / "ParlaMint-XX_2021-03-04.xml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("</u>", "", 1), encoding="utf-8")
    articles, failures = read(corpus / "ParlaMint-XX.xml")
    assert [f.code for f in failures] == ["E116"]
    assert "ParlaMint-XX_2021-03-04.xml" in failures[0].reason
    assert "line" in failures[0].reason and "not well-formed XML" in failures[0].reason
    assert [a.doc_id for a in articles] == [row[0] for row in EXPECTED[3:]]


def test_a_malformed_root_is_one_failure(corpus):
    root = corpus / "ParlaMint-XX.xml"
    root.write_text(root.read_text(encoding="utf-8")[:-30], encoding="utf-8")
    articles, failures = read(root)
    assert articles == []
    assert [f.code for f in failures] == ["E116"] and str(root) in failures[0].reason


def test_doctype_and_entities_are_refused(corpus):
    session = corpus / "2021" / "ParlaMint-XX_2021-09-15.xml"
    text = session.read_text(encoding="utf-8")
    session.write_text(text.replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]>'),
        encoding="utf-8")
    articles, failures = read(session)
    assert articles == []
    assert [f.code for f in failures] == ["E116"]
    assert "DOCTYPE" in failures[0].reason and "passwd" not in failures[0].reason


def test_includes_outside_the_corpus_folder_are_not_read(corpus):
    root = corpus / "ParlaMint-XX.xml"
    root.write_text(root.read_text(encoding="utf-8").replace(
        'href="2021/ParlaMint-XX_2021-09-15.xml"', 'href="../../etc/passwd"'), encoding="utf-8")
    articles, failures = read(root)
    assert [f.code for f in failures] == ["E112"]
    assert "outside the corpus folder" in failures[0].reason
    assert len(articles) == 3


def test_a_missing_session_is_named(corpus):
    (corpus / "2021" / "ParlaMint-XX_2021-09-15.xml").unlink()
    articles, failures = read(corpus / "ParlaMint-XX.xml")
    assert [f.code for f in failures] == ["E101"]
    assert "ParlaMint-XX_2021-09-15.xml" in failures[0].reason
    assert len(articles) == 3


def test_annotated_tokens_are_rejoined(tmp_path):
    (tmp_path / "s.ana.xml").write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="S"><teiHeader/><text><body>'
        '<u xml:id="S.u1" who="#X"><seg><s>\n  <w>We</w>\n  <w join="right">agree</w>\n  <pc>.</pc>\n'
        '</s></seg></u></body></text></TEI>', encoding="utf-8")
    articles, _ = read(tmp_path / "s.ana.xml", date="2022-01-02")
    assert [(a.doc_id, a.text, a.date) for a in articles] == [("S.u1", "We agree.", dt.date(2022, 1, 2))]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.xml", b'<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">', "parlamint"),
        ("a.xml", b'<teiCorpus xmlns="http://www.tei-c.org/ns/1.0">', "parlamint"),
        ("a.xml", b"<rss><item>news</item></rss>", "text"),
        ("a.txt", b'<TEI xmlns="http://www.tei-c.org/ns/1.0">', "text"),
    ],
)
def test_sniffing_finds_tei(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    assert sniff(Source.from_path(path)) == expected
