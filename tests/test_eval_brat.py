"""Reading brat standoff folders (tiny fixtures written here; no corpus needed)."""

import pytest

from stancemap.errors import InputError
from stancemap.ingest.brat import parse_ann, read_brat

TEXT = "Kim said that it rains. “We win,” Lee said.\nPolls show gains."
ANN_A = (
    "T1\tSource 0 3\tKim\n"
    "T2\tCue 4 8\tsaid\n"
    "T3\tContent 14 22\tit rains\n"
    "T4\tAttribution 4 8\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tContent 24 33\t“We win,”\n"
    "T6\tSource 34 37\tLee\n"
    "T7\tCue 38 42\tsaid\n"
    "T8\tAttribution 38 42\tsaid\n"
    "E2\tAttribution:T8 Source:T6 Cue:T7 Content:T5\n"
    "T9\tCue 50 54\tshow\n"
    "T10\tContent 55 60;60 61\tgains\n"
    "T11\tAttribution-no-source 50 54\tshow\n"
    "E3\tAttribution-no-source:T11 Cue:T9 Content:T10\n"
    "#1\tAnnotatorNotes T1\ta note\n"
    "T12\tDiscuss 0 3\tKim\n"
)


@pytest.fixture
def brat(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "doc1.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "doc1_aa.ann").write_text(ANN_A, encoding="utf-8")
    (tmp_path / "attributions" / "doc1_bb.ann").write_text(ANN_A.split("T5")[0], encoding="utf-8")
    (tmp_path / "text" / "doc2.txt").write_text("Nothing here.", encoding="utf-8")
    return tmp_path


def test_parse_ann_spans_kinds_and_no_source():
    golds = parse_ann(ANN_A, TEXT, "doc1", "aa")
    assert [g.id for g in golds] == ["E1", "E2", "E3"]
    e1, e2, e3 = golds
    assert (e1.source, e1.cue, e1.content, e1.kind) == (((0, 3),), ((4, 8),), ((14, 22),), "indirect")
    assert e2.kind == "direct" and TEXT[e2.content[0][0] : e2.content[0][1]] == "“We win,”"
    assert e3.source == () and e3.content == ((55, 60), (60, 61))


def test_parse_ann_rejects_offsets_outside_the_text():
    with pytest.raises(InputError) as info:
        parse_ann("T1\tContent 0 999\tx\nE1\tAttribution:T1 Content:T1\n", "short", origin="x.ann")
    assert "x.ann line 1" in str(info.value) and "belongs to this text" in str(info.value)


def test_read_brat_first_annotator_by_default(brat):
    docs = list(read_brat(brat))
    assert [(d.article.doc_id, d.annotator, len(d.attributions)) for d in docs] == [("doc1", "aa", 3), ("doc2", "", 0)]
    assert docs[0].article.text == TEXT


def test_read_brat_all_or_one_annotator_and_limit(brat):
    assert [(d.annotator, len(d.attributions)) for d in read_brat(brat, annotator="all")][:2] == [("aa", 3), ("bb", 1)]
    assert [d.annotator for d in read_brat(brat, annotator="bb")][:1] == ["bb"]
    assert len(list(read_brat(brat, limit=1))) == 1


def test_read_brat_missing_folder(tmp_path):
    with pytest.raises(InputError) as info:
        list(read_brat(tmp_path / "nope"))
    assert info.value.code == "E101" and "no such folder" in str(info.value)
