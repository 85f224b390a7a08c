"""The speaker's own statements: selection rules on hand-built Docs, conversion, and a real-model check."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from stancemap.actors.io import shared_starter_registry
from stancemap.models import STATEMENT_KINDS, Article
from stancemap.nlp.convert import to_statements
from stancemap.nlp.ownvoice import match_own
from stancemap.nlp.spans import Found

VOCAB = Vocab()


def doc_of(*sentences: str) -> Doc:
    """A Doc from sentences written as ``word/POS/dep/head/lemma`` tokens (head: index in the sentence)."""
    words, pos, deps, heads, lemmas, spaces = [], [], [], [], [], []
    for sentence in sentences:
        base = len(words)
        for token in sentence.split():
            word, p, dep, head, lemma = token.split("/")
            words.append(word)
            pos.append(p)
            deps.append(dep)
            heads.append(base + int(head))
            lemmas.append(lemma)
            spaces.append(True)
    for k in range(len(words) - 1):
        if words[k + 1] in (".", ",", "?", "n't"):
            spaces[k] = False
    sent_starts = []
    for sentence in sentences:
        sent_starts += [True] + [False] * (len(sentence.split()) - 1)
    return Doc(VOCAB, words=words, spaces=spaces, pos=pos, deps=deps, heads=heads, lemmas=lemmas,
               sent_starts=sent_starts)


WILL = ("This/DET/det/1/this bill/NOUN/nsubj/3/bill will/AUX/aux/3/will cost/VERB/ROOT/3/cost "
        "jobs/NOUN/dobj/3/job ./PUNCT/punct/3/.")
SHOULD = ("Congress/PROPN/nsubj/2/Congress should/AUX/aux/2/should pass/VERB/ROOT/2/pass a/DET/det/5/a "
          "four-pollutant/ADJ/amod/5/four-pollutant bill/NOUN/dobj/2/bill ./PUNCT/punct/2/.")
SUPPORT = ("We/PRON/nsubj/2/we strongly/ADV/advmod/2/strongly support/VERB/ROOT/2/support the/DET/det/4/the "
           "cap/NOUN/dobj/2/cap ./PUNCT/punct/2/.")
UNFAIR = ("The/DET/det/1/the cap/NOUN/nsubj/2/cap is/AUX/ROOT/2/be unfair/ADJ/acomp/2/unfair to/ADP/prep/3/to "
          "consumers/NOUN/pobj/4/consumer ./PUNCT/punct/2/.")
THANKS = ("Thank/VERB/ROOT/0/thank you/PRON/dobj/0/you ,/PUNCT/punct/0/, Mr./PROPN/compound/4/Mr. "
          "Chairman/PROPN/npadvmod/0/Chairman ./PUNCT/punct/0/.")
YIELD = "I/PRON/nsubj/1/I yield/VERB/ROOT/1/yield back/ADV/advmod/1/back ./PUNCT/punct/1/."
NARRATIVE = ("I/PRON/nsubj/1/I joined/VERB/ROOT/1/join the/DET/det/3/the Alliance/PROPN/dobj/1/Alliance "
             "in/ADP/prep/1/in 1998/NUM/pobj/4/1998 ./PUNCT/punct/1/.")
THANKS_LONG = ("I/PRON/nsubj/1/I appreciate/VERB/ROOT/1/appreciate the/DET/det/3/the "
               "opportunity/NOUN/dobj/1/opportunity to/PART/aux/5/to testify/VERB/acl/3/testify ./PUNCT/punct/1/.")
QUESTION = ("Will/AUX/aux/2/will Congress/PROPN/nsubj/2/Congress act/VERB/ROOT/2/act this/DET/det/4/this "
            "year/NOUN/npadvmod/2/year ?/PUNCT/punct/2/?")
HEADING = ("STATEMENT/NOUN/ROOT/0/statement OF/ADP/prep/0/of KATERI/PROPN/compound/3/KATERI "
           "CALLAHAN/PROPN/pobj/1/CALLAHAN")
MARKETS = ("Natural/ADJ/amod/1/natural gas/NOUN/nsubj/3/gas prices/NOUN/dep/3/price rose/VERB/ROOT/3/rise "
           "in/ADP/prep/3/in 2004/NUM/pobj/4/2004 ./PUNCT/punct/3/.")


@pytest.mark.parametrize(
    ("sentence", "rule", "cue"),
    [
        (WILL, "own-predictive", "will"),
        (SHOULD, "own-deontic", "should"),
        (SUPPORT, "own-position", "strongly support"),
        (UNFAIR, "own-evaluative", "unfair"),
    ],
)
def test_claims_are_selected(sentence, rule, cue):
    doc = doc_of(sentence)
    found = match_own(doc, [])
    assert len(found) == 1
    f = found[0]
    assert (f.rule, f.kind) == (rule, "own")
    assert doc[f.cue[0]:f.cue[1]].text == cue
    assert doc[f.content[0]:f.content[1]].text == doc.text.rstrip(" .")


@pytest.mark.parametrize("sentence", [THANKS, YIELD, NARRATIVE, THANKS_LONG, QUESTION, HEADING, MARKETS])
def test_procedural_narrative_questions_and_headings_yield_nothing(sentence):
    assert match_own(doc_of(sentence), []) == []


def test_mode_all_takes_narrative_but_not_procedure():
    doc = doc_of(NARRATIVE, THANKS, MARKETS)
    found = match_own(doc, [], mode="all")
    assert [doc[f.content[0]:f.content[1]].text for f in found] == [
        "I joined the Alliance in 1998", "Natural gas prices rose in 2004"]
    assert match_own(doc, [], mode="none") == []


def test_codebook_keyword_makes_a_claim():
    doc = doc_of(MARKETS)
    found = match_own(doc, [], keywords=["natural gas"])
    assert [f.rule for f in found] == ["own-issue"] and found[0].cue is None


def test_first_person_subject_is_the_mention():
    doc = doc_of(SUPPORT)
    f = match_own(doc, [])[0]
    assert doc[f.speaker[0]:f.speaker[1]].text == "We"


ESTIMATES = ("EIA/PROPN/nsubj/1/EIA estimates/VERB/ROOT/1/estimate that/SCONJ/mark/5/that prices/NOUN/nsubj/5/price "
             "will/AUX/aux/5/will rise/VERB/ccomp/1/rise ./PUNCT/punct/1/.")
BELIEVE = ("I/PRON/nsubj/1/I believe/VERB/ROOT/1/believe the/DET/det/3/the bill/NOUN/nsubj/4/bill "
           "is/AUX/ccomp/1/be flawed/ADJ/acomp/4/flawed ./PUNCT/punct/1/.")


def test_reported_speech_keeps_its_speaker_and_first_person_becomes_own():
    doc = doc_of(ESTIMATES, BELIEVE)
    eia = Found("ccomp", "indirect", (3, 6), (0, 1), (1, 2), 0)
    mine = Found("ccomp", "attitude", (9, 12), (7, 8), (8, 9), 7)
    out = match_own(doc, [eia, mine])
    assert out[0] == eia  # "EIA estimates that prices will rise" is EIA's, and not also a claim
    assert (out[1].kind, out[1].rule, out[1].content, out[1].cue) == ("own", "own-cue", (9, 12), (8, 9))
    assert len(out) == 2


def test_unlisted_reporting_verb_with_a_named_subject_is_not_the_speakers_claim():
    projects = ESTIMATES.replace("estimates/VERB/ROOT/1/estimate", "projects/VERB/ROOT/1/project")
    assert match_own(doc_of(projects), []) == []


def test_news_only_passes_are_dropped():
    doc = doc_of(ESTIMATES, SUPPORT)
    continuation = Found("continuation", "direct-unmarked", (7, 11), (0, 1), None, 0)
    out = match_own(doc, [continuation])
    # the continuation is gone; "EIA estimates ..." (no attribution given here) is still not the speaker's
    assert [f.rule for f in out] == ["own-position"]


def test_own_statements_carry_person_organisation_and_exact_offsets():
    doc = doc_of(ESTIMATES, SUPPORT)
    prefix = "date 2005-06-09\n"
    article = Article("t1", prefix + doc.text, speaker="Kateri Callahan", speaker_org="Alliance to Save Energy",
                      genre="testimony", body_start=len(prefix))
    eia = Found("ccomp", "indirect", (3, 6), (0, 1), (1, 2), 0)
    statements = to_statements(doc, match_own(doc, [eia]), article, offset=len(prefix))
    by_kind = {s.kind: s for s in statements}
    own = by_kind["own"]
    assert "own" in STATEMENT_KINDS
    assert (own.speaker_name, own.speaker_type, own.actor_affiliation) == (
        "Kateri Callahan", "person", "Alliance to Save Energy")
    assert own.speaker.text == "We" and own.cue.text == "strongly support"
    for span in (own.content, own.speaker, own.cue):
        assert article.text[span.start:span.end] == span.text
    assert by_kind["indirect"].speaker_name == "EIA" and by_kind["indirect"].actor_affiliation is None


def test_an_organisation_alone_speaks_for_itself():
    doc = doc_of(SUPPORT)
    article = Article("p1", doc.text, speaker_org="Alliance to Save Energy", genre="press-release")
    [own] = to_statements(doc, match_own(doc, []), article)
    assert (own.speaker_name, own.speaker_type, own.actor_affiliation) == (
        "Alliance to Save Energy", "organisation", None)


# ---------------------------------------------------------------- the real model

TESTIMONY = (
    "STATEMENT OF KATERI CALLAHAN, PRESIDENT, ALLIANCE TO SAVE ENERGY\n"
    "\n"
    "Thank you, Mr. Chairman, for the opportunity to testify today.\n"
    "\n"
    "The Alliance to Save Energy was founded in 1977. I joined the Alliance in 2004.\n"
    "\n"
    "Coal-fired power plants\n"
    "\n"
    "We support a four-pollutant bill. "
    "The current proposal is unrealistic and would impose costly mandates on small utilities.\n"
    "Congress should adopt a national efficiency standard. "
    "The Energy Information Administration estimates that demand will grow by 2 percent a year.\n"
    "\n"
    "I believe that efficiency is the cheapest way to cut emissions. Our members oppose the new reporting mandate.\n"
    "\n"
    "Thank you. I would be happy to answer any questions.\n"
)


@pytest.fixture(scope="module")
def nlp():
    from stancemap.nlp import load_pipeline

    return load_pipeline()


@pytest.mark.model
def test_testimony_end_to_end(nlp):
    from stancemap.nlp import extract_many

    [(article, statements)] = list(extract_many(nlp, [Article("callahan", TESTIMONY)], known=shared_starter_registry(),
                                                keywords=("coal plants", "coal-fired power plants")))
    assert (article.speaker, article.speaker_org, article.genre) == (
        "Kateri Callahan", "Alliance to Save Energy", "testimony")
    own = [s for s in statements if s.kind == "own"]
    texts = [s.content.text for s in own]
    assert any("four-pollutant bill" in t for t in texts)
    assert any("national efficiency standard" in t for t in texts)
    assert any("efficiency is the cheapest way" in t for t in texts)
    assert any("reporting mandate" in t for t in texts)
    assert not any("Thank you" in t or "founded in 1977" in t or "joined the Alliance" in t for t in texts)
    assert not any("Coal-fired" in s.content.text for s in statements)  # a section heading on a line of its own
    assert all(s.speaker_name == "Kateri Callahan" and s.actor_affiliation == "Alliance to Save Energy" for s in own)
    eia = [s for s in statements if s.kind != "own" and "demand will grow" in s.content.text]
    assert eia and eia[0].speaker_name != "Kateri Callahan"
    for s in statements:
        for span in (s.content, s.speaker, s.cue):
            if span is not None:
                assert article.text[span.start:span.end] == span.text


@pytest.mark.model
def test_news_is_not_in_anybodys_own_voice(nlp):
    from stancemap.nlp import extract_many

    text = "By Jane Doe\n\nThe plan will fail, the minister said. Prices should fall next year."
    [(article, statements)] = list(extract_many(nlp, [Article("n1", text)]))
    assert article.speaker is None and article.genre == "news"
    assert not any(s.kind == "own" for s in statements)


# ---------------------------------------------------------------- person and organisation together


def test_organisation_level_maps_persons_to_their_affiliation():
    from stancemap.network.build import organisations, two_mode
    from tests.test_network_corpus import ACTORS, corpus

    data = organisations(corpus(), ACTORS)
    # A (a person of C) speaks for C, C and D for themselves; B, a person with no affiliation, is left out
    assert {s.statement.actor for s in data} == {"C", "D"}
    assert sorted(s.id for s in data if s.statement.actor == "C") == [1, 2, 3, 6, 7]
    G = two_mode(data, actors=[a for a in ACTORS if a.type != "person"])
    assert sorted(n for n, d in G.nodes(data=True) if d["kind"] == "actor") == ["C", "D"]
    assert G["C"]["x"]["agreement"] == "both" and G["C"]["x"]["statement_ids"] == [1, 2, 6]


def test_statement_affiliation_wins_over_the_actors():
    from stancemap.models import Actor
    from stancemap.network.build import organisations
    from tests.test_network_corpus import make

    stored = make(1, "Kateri Callahan", "d1", [("x", "support", 1.0)])
    stored = type(stored)(stored.id, stored.statement.with_(actor_affiliation="Alliance to Save Energy"),
                          stored.document)
    [org] = organisations([stored], [Actor("Kateri Callahan", "person", affiliation="Somewhere Else")])
    assert (org.statement.actor, org.statement.actor_type) == ("Alliance to Save Energy", "organisation")


@pytest.mark.parametrize("sql", ["--no-sql", "--sql"])
def test_network_command_level_organisation(tmp_path, monkeypatch, sql):
    import networkx as nx
    import sqlalchemy as sa
    import typer
    from typer.testing import CliRunner

    from stancemap import workflows
    from stancemap.cli.network import network
    from stancemap.store.repository import Store
    from tests.test_network_corpus import corpus, insert

    path = tmp_path / "corpus.db"
    engine = sa.create_engine(f"sqlite:///{path}")
    insert(engine, corpus())
    engine.dispose()
    monkeypatch.setattr(workflows, "open_store", lambda db, must_exist=False: Store(sa.create_engine(f"sqlite:///{db}")))
    app = typer.Typer()
    app.command("network")(network)
    app.command("other")(lambda: None)
    out = tmp_path / "orgs.graphml"
    result = CliRunner().invoke(app, ["network", "--db", str(path), "--type", "two-mode", "--level", "organisation",
                                      "--out", str(out), sql])
    assert result.exit_code == 0, result.output
    G = nx.read_graphml(out)
    assert sorted(n for n, d in G.nodes(data=True) if d["kind"] == "actor") == ["C", "D"]
    bad = CliRunner().invoke(app, ["network", "--db", str(path), "--level", "party", "--out", str(out)])
    assert bad.exit_code != 0 and "--level 'party'" in bad.output


@pytest.mark.model
def test_run_gives_person_and_organisation(nlp):
    from stancemap.extraction import extract_text

    statements = extract_text(TESTIMONY, date="2005-06-09")
    own = [s for s in statements if s.kind == "own"]
    assert own and all((s.actor, s.actor_affiliation) == ("Kateri Callahan", "Alliance to Save Energy") for s in own)
