"""The main job end to end with the real spaCy pipeline: read, extract, resolve, code, store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from stancemap import workflows
from stancemap.store.repository import Store

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "000_1978d43d598303c4.txt"
CODEBOOK = ROOT / "examples" / "codebook.yaml"


def dump(url: str, skip: tuple[str, ...] = ("runs",), skip_columns: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every row of every table but ``skip``, without timestamps (and ``skip_columns``), sorted."""
    engine = sa.create_engine(url)
    meta = sa.MetaData()
    meta.reflect(engine)
    out = {}
    with engine.connect() as conn:
        for name, table in meta.tables.items():
            if name in skip or name == "alembic_version":
                continue
            cols = [c for c in table.columns if not c.name.endswith("_at") and c.name not in skip_columns]
            out[name] = sorted(tuple(map(repr, row)) for row in conn.execute(sa.select(*cols)))
    engine.dispose()
    return out


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(EXAMPLE, folder / EXAMPLE.name)
    (folder / "sub" / "reuters_2024-06-01_minister.txt").write_text(
        "The foreign minister said that the talks would resume next week.\n", encoding="utf-8")
    (folder / "rows.jsonl").write_text(
        '{"id": "r1", "date": "2024-06-02", "title": "One", "text": "Officials said that the plan was delayed."}\n'
        '{"id": "r2", "date": "2024-06-03", "text": "Nothing is said here"\n'
        '{"id": "r3", "date": "not a date at all", "text": "The mayor warned that taxes would rise."}\n',
        encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blob.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "table.csv").write_text("id,body\n1,The senator said that it was fine.\n", encoding="utf-8")
    return folder


def test_run_stores_statements_records_failures_and_keeps_good_documents(corpus, store_url):
    db = store_url
    summary = workflows.run([corpus], db=db, codebook=CODEBOOK)

    codes = sorted(f.code for f in summary.failures)
    assert codes == ["E102", "E103", "E105", "E107"], [f.reason for f in summary.failures]
    reasons = {f.code: f.reason for f in summary.failures}
    assert "rows.jsonl" in reasons["E105"] and "line 2" in reasons["E105"]
    assert "empty.txt" in reasons["E102"]
    assert "table.csv" in reasons["E107"] and "body" in reasons["E107"]
    assert summary.documents_new == 4  # example, minister, r1, r3
    assert any("not a date at all" in w for w in summary.warnings)

    with Store.open(db) as store:
        docs = {d.doc_id: d for d in store.documents()}
        assert set(docs) == {"000_1978d43d598303c4", "sub/reuters_2024-06-01_minister", "r1", "r3"}
        assert docs["r3"].date is None
        assert str(docs["sub/reuters_2024-06-01_minister"].date) == "2024-06-01"
        assert str(docs["000_1978d43d598303c4"].date) == "2024-05-28"
        assert {f.code for f in store.failures()} == {"E102", "E103", "E105", "E107"}
        found = store.statements()
        text = EXAMPLE.read_text(encoding="utf-8")
        example = [s.statement for s in found if s.statement.doc_id == "000_1978d43d598303c4"]
        for st in example:
            assert text[st.content.start:st.content.end] == st.content.text
            if st.speaker:
                assert text[st.speaker.start:st.speaker.end] == st.speaker.text
        actors = {st.actor for st in example}
        assert {"Josep Borrell", "Jens Stoltenberg", "Volodymyr Zelenskyy"} <= actors
        assert any(c.issue == "strike-russia" for st in example for c in st.codings)


def test_same_command_twice_leaves_the_store_unchanged(corpus, store_url):
    db = store_url
    workflows.run([corpus], db=db, codebook=CODEBOOK)
    before = dump(db)
    second = workflows.run([corpus], db=db, codebook=CODEBOOK)
    assert second.documents_new == 0 and second.documents_unchanged == 4
    assert dump(db) == before


def test_changed_text_becomes_a_new_version(tmp_path):
    db = f"sqlite:///{tmp_path / 'v.db'}"
    article = tmp_path / "nyt_2024-01-02_talks.txt"
    article.write_text("The minister said that talks would resume.", encoding="utf-8")
    workflows.run([article], db=db)
    article.write_text("The minister said that talks would not resume.", encoding="utf-8")
    summary = workflows.run([article], db=db)
    assert summary.documents_changed == 1
    with Store.open(db) as store:
        versions = sorted((d.doc_id, d.version) for d in store.documents())
    assert versions == [("nyt_2024-01-02_talks", 1), ("nyt_2024-01-02_talks", 2)]


def test_python_api_extract_returns_statements_with_exact_offsets():
    import stancemap

    text = "The minister said that talks would resume next week. Critics warned that it was too late."
    found = stancemap.extract(text, date="2024-01-02")
    assert found, "no statements"
    for st in found:
        assert text[st.content.start:st.content.end] == st.content.text
        assert str(st.date) == "2024-01-02"
    assert any("talks would resume" in st.content.text for st in found)


EXPECTED = [  # (canonical actor, content, stance) as an analyst codes the example article
    ("Josep Borrell", "such a move is acceptable from the point of view of international law", "support"),
    ("EU defence ministers", "whether to allow Ukraine to strike targets deep inside Russia", "neutral"),
    ("Josep Borrell", "I'm sure some will bring up the risk of escalation", "support"),
    ("Jens Stoltenberg", "would not make NATO part of the conflict", "support"),
    ("Jens Stoltenberg", "I believe that now is the time to review these restrictions", "support"),
    ("United States", "sending weapons to Ukraine capable of hitting targets inside Russia", "oppose"),
    ("Germany", "sending weapons to Ukraine capable of hitting targets inside Russia", "oppose"),
    ("Ukraine", "to NATO to obtain permission to strike Russian territory", "support"),
    ("Antony Blinken", "Ukraine independently decides how to apply aid to it", "support"),
    ("Volodymyr Zelenskyy", "it is unfair that Ukraine is restricted", "support"),
    ("Volodymyr Zelenskyy", "we cannot risk the support of our allies", "neutral"),
]


@pytest.mark.parametrize(("actor", "content", "stance"), EXPECTED)
def test_example_article_statement_has_canonical_actor_and_stance(actor, content, stance, example_statements):
    matches = [st for st in example_statements if st.actor == actor and content in st.content.text]
    assert matches, f"no statement of {actor} containing {content!r}"
    stances = {c.stance for st in matches for c in st.codings if c.issue == "strike-russia"}
    assert stance in stances, (actor, content, stances)


@pytest.fixture(scope="module")
def example_statements(tmp_path_factory):
    folder = tmp_path_factory.mktemp("example")
    shutil.copy(EXAMPLE, folder / EXAMPLE.name)
    db = f"sqlite:///{folder / 'example.db'}"
    workflows.run([folder], db=db, codebook=CODEBOOK)
    with Store.open(db) as store:
        return [s.statement for s in store.statements()]
