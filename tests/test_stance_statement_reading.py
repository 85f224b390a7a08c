"""How the default coder reads a statement's stance: a fragment of a sentence ("the email inquiry") is read by the
model in its sentence, in coding and in learning alike, while a statement in its speaker's own voice keeps its own
words; and an evaluative statement the cue rules cannot read as one side takes the model's likelier side."""

from __future__ import annotations

from typer.testing import CliRunner

from stancemap.cli import stance_app
from stancemap.models import Article, Codebook, Coding, Issue, Statement, TextSpan
from stancemap.stance import get_coder
from stancemap.store import Store
from stancemap.training import person_corrections

CLAIM = "The FBI should prosecute Hillary Clinton over her private email server."
ISSUE = Issue("emails", "Clinton's emails", CLAIM, keywords=("email inquiry", "private email server"))
SENTENCE = "Senator Ryan called the email inquiry a waste of money and a political stunt."
FRAGMENT = "the email inquiry"


def _read_by_the_model(monkeypatch, sided: list[bool] | None) -> list[str]:
    coder = get_coder("semantic.v1")
    seen: list[str] = []
    decide = coder.decisions

    def spy(issues, texts, *args, **kwargs):
        seen.extend(texts)
        return decide(issues, texts, *args, **kwargs)

    monkeypatch.setattr(coder, "decisions", spy)
    found = coder.code_many([FRAGMENT], [SENTENCE], ["called"], [ISSUE], sided=sided)
    assert found[0], "the fragment is about the issue through its keyword"
    return seen


def test_the_model_reads_a_reported_fragment_in_its_sentence(monkeypatch):
    assert _read_by_the_model(monkeypatch, None) == [SENTENCE]
    assert _read_by_the_model(monkeypatch, [False]) == [SENTENCE]


def test_in_the_speakers_own_voice_the_model_reads_the_fragment_itself(monkeypatch):
    assert _read_by_the_model(monkeypatch, [True]) == [f"called {FRAGMENT}"]


def test_a_statement_of_four_words_or_more_is_read_as_before():
    from stancemap.stance.statementtext import stance_text

    content = "the email inquiry was a stunt"
    assert stance_text(content, "said", SENTENCE) == f"said {content}"


def test_a_person_correction_of_a_fragment_is_learnt_as_the_coder_reads_it(tmp_path):
    """What the adapter learns from is what it will be asked about: the fragment's sentence."""
    text = f"{SENTENCE} The weather was fine."
    start = text.index(FRAGMENT)
    statement = Statement("d1", TextSpan(start, start + len(FRAGMENT), FRAGMENT), cue=None, speaker_name="Ryan",
                          codings=(Coding("emails", "neutral", 0.4, origin="model:semantic.v1"),))
    url = f"sqlite:///{tmp_path / 'corpus.db'}"
    with Store.open(url) as store:
        store.save_codebook(Codebook((ISSUE,), hash="h1", path="codebook.yaml"))
        run = store.begin_run(pipeline_version="test", model="m", codebook_hash="h1", args={})
        store.save_document(Article("d1", text, origin="d1.txt"), [statement], run)
    result = CliRunner().invoke(stance_app, ["review", "--db", url, "--limit", "1", "--person", "ana"], input="o\n")
    assert result.exit_code == 0, result.output
    with Store.open(url) as store:
        learnt = person_corrections(store)["emails"]["corrections"]
    assert learnt == [[SENTENCE, "oppose"]]


ENTRY = Issue("ban", "Muslim ban", "The United States should bar or sharply restrict the entry of Muslims and of "
                                   "refugees from terror-prone countries.")
MIXED = "It would be wrong to give in to fear, yet we cannot ignore the threat from terror-prone countries."


def test_a_statement_whose_cues_the_rules_cannot_read_as_one_side_takes_the_models_likelier_side():
    """An evaluative statement is seldom neutral: the model's doubt is settled for its likelier side
    (way ``model-cued``, its own calibrated confidence); a pair file's sentence and a plain report stay neutral."""
    coder = get_coder("semantic.v1")
    (stance, confidence, way), = coder.decisions([ENTRY], [MIXED], [(MIXED, MIXED)])
    assert way == "model-cued" and stance in ("support", "oppose")
    assert coder.code_stance(MIXED, MIXED, ENTRY).confidence == coder.calibration.accuracy["model-cued"] < 0.5
    assert coder.decisions([ENTRY], [MIXED], [(MIXED, MIXED)], sentences=True)[0][::2] == ("neutral", "model-neutral")
    report = "The hearing on the refugee plan is set for Tuesday in Washington."
    assert coder.decisions([ENTRY], [report], [(report, report)])[0][::2] == ("neutral", "model-neutral")
