"""A fragment of a sentence ("the email inquiry") is read by the stance model in its sentence, in coding and in
learning alike; a statement in its speaker's own voice keeps its own words."""

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
    from stancemap.stance.semantic import stance_text

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
