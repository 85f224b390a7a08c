"""The Python API for notebooks and scripts: ``import stancemap``.

What is pinned here:

- every name of ``stancemap.__all__`` imports, has a docstring, and ``import stancemap``
  loads none of the heavy stages (spaCy, SQLAlchemy, networkx) until they are used;
- ``py.typed`` ships with the package;
- ``Store.statements()``, ``.codings()`` and ``.actors()`` return records, and pandas
  DataFrames with ``as_frame=True`` (with an error naming the ``frames`` extra without pandas);
- a loaded :class:`stancemap.Pipeline` is reused, and :func:`stancemap.extract` keeps one
  per (model, codebook, coder) (marked ``model``);
- the README's "Python API" example runs end to end (marked ``model``).
"""

from __future__ import annotations

import datetime as dt
import inspect
import os
import re
import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path

import pytest

import stancemap
from stancemap import Article, Codebook, Coding, Issue, Statement, Store, TextSpan
from stancemap.errors import InputError, UsageError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

TEXT_A = "date 2024-05-28 Borrell noted that such a move is acceptable. Stoltenberg said that NATO was not a party."
TEXT_B = "date 2024-06-02 Scholz said that Germany would not send such weapons."


def span(text: str, part: str) -> TextSpan:
    start = text.index(part)
    return TextSpan(start, start + len(part), part)


def statement(text: str, doc_id: str, speaker: str, content: str, actor: str, codings: tuple[Coding, ...] = (),
              actor_type: str = "person", affiliation: str | None = None) -> Statement:
    return Statement(doc_id=doc_id, content=span(text, content), speaker=span(text, speaker), kind="indirect",
                     confidence=0.9, actor=actor, actor_type=actor_type, actor_affiliation=affiliation,
                     actor_method="exact", actor_confidence=1.0, codings=codings)


@pytest.fixture
def seeded(store: Store) -> Store:
    """Two documents, three statements, two issues; one statement has no coding."""
    store.save_codebook(Codebook((Issue("strike-russia", "Strikes", "Ukraine may strike Russia."),
                                  Issue("nato-party", "NATO", "NATO is a party to the war.")), hash="h1"))
    run = store.begin_run(pipeline_version="test", model=None, codebook_hash="h1", args={})
    a = Article("a", TEXT_A, date=dt.date(2024, 5, 28), title="EU debates strikes", body_start=16)
    b = Article("b", TEXT_B, date=dt.date(2024, 6, 2), title="Berlin says no", body_start=16)
    store.save_document(a, [
        statement(TEXT_A, "a", "Borrell", "such a move is acceptable", "Josep Borrell",
                  (Coding("strike-russia", "support", 0.8, origin="model:keyword.v1"),), affiliation="European Union"),
        statement(TEXT_A, "a", "Stoltenberg", "NATO was not a party", "Jens Stoltenberg",
                  (Coding("strike-russia", "support", 0.6, origin="model:keyword.v1"),
                   Coding("nato-party", "oppose", 0.7, origin="model:keyword.v1"))),
    ], run)
    scholz = statement(TEXT_B, "b", "Scholz", "Germany would not send such weapons", "Olaf Scholz")
    store.save_document(b, [scholz], run)
    return store


# ---------------------------------------------------------------- the package


def test_every_name_in_all_imports_and_is_documented() -> None:
    assert len(set(stancemap.__all__)) == len(stancemap.__all__)
    assert {"Pipeline", "extract", "run", "Store", "load_codebook", "two_mode", "one_mode", "write_graphml",
            "Article", "Statement", "Coding", "Actor"} <= set(stancemap.__all__)
    for name in stancemap.__all__:
        value = getattr(stancemap, name)
        if name != "__version__":
            assert inspect.getdoc(value), f"stancemap.{name} has no docstring"
    namespace: dict[str, object] = {}
    exec("from stancemap import *", namespace)  # noqa: S102 - the star import a notebook uses
    assert set(stancemap.__all__) <= set(namespace)


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        stancemap.nope  # noqa: B018


def test_import_loads_no_heavy_stage() -> None:
    code = "import sys, stancemap; print(sorted(m for m in ('spacy', 'sqlalchemy', 'networkx') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert out.stdout.strip() == "[]"


def test_pipeline_is_the_workflows_pipeline_and_py_typed_ships() -> None:
    from stancemap.pipeline import Pipeline
    from stancemap.workflows import Pipeline as ReExported

    assert stancemap.Pipeline is Pipeline is ReExported
    assert resources.files("stancemap").joinpath("py.typed").is_file()
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert "py.typed" in package_data["stancemap"]


def test_frames_extra_is_pinned_in_pyproject_and_constraints() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    (pin,) = project["optional-dependencies"]["frames"]
    assert pin.startswith("pandas==")
    assert pin in (ROOT / "constraints.txt").read_text().splitlines()


# ---------------------------------------------------------------- store queries: records


def test_statements_codings_and_actors_return_records(seeded: Store) -> None:
    found = seeded.statements()
    assert [s.statement.actor for s in found] == ["Josep Borrell", "Jens Stoltenberg", "Olaf Scholz"]
    assert found[0].document.title == "EU debates strikes"

    codings = seeded.codings()
    assert [(c.statement.actor, c.coding.issue, c.coding.stance) for c in codings] == [
        ("Josep Borrell", "strike-russia", "support"),
        ("Jens Stoltenberg", "strike-russia", "support"),
        ("Jens Stoltenberg", "nato-party", "oppose"),
    ]
    assert all(isinstance(c, stancemap.StoredCoding) for c in codings)
    assert [c.coding.issue for c in seeded.codings(issue="nato-party")] == ["nato-party"]
    assert [c.document.doc_id for c in seeded.codings(actor="Borrell")] == ["a"]

    assert [a.name for a in seeded.actors()] == ["Jens Stoltenberg", "Josep Borrell", "Olaf Scholz"]
    assert [a.name for a in seeded.actors(type="country")] == []


def test_codings_person_replaces_model_and_origin_filters(seeded: Store) -> None:
    borrell = seeded.statements(actor="Josep Borrell")[0]
    seeded.add_person_coding(borrell.id, "strike-russia", "oppose", "ann")
    (mine,) = seeded.codings(origin="person")
    assert (mine.coding.stance, mine.coding.origin) == ("oppose", "person:ann")
    assert [c.coding.origin for c in seeded.codings(origin="person:ann")] == ["person:ann"]
    assert {c.coding.origin for c in seeded.codings(origin="model")} == {"model:keyword.v1"}
    assert seeded.codings(origin="person:bob") == []


# ---------------------------------------------------------------- store queries: DataFrames


@pytest.fixture
def pandas():  # type: ignore[no-untyped-def]
    return pytest.importorskip("pandas", reason="pandas is not installed (pip install 'stancemap[frames]')")


def test_statements_frame_has_one_row_per_statement_and_coding(seeded: Store, pandas) -> None:  # type: ignore[no-untyped-def]
    frame = seeded.statements(as_frame=True)
    assert isinstance(frame, pandas.DataFrame)
    for column in ("doc_id", "date", "title", "actor", "actor_type", "actor_affiliation", "issue", "stance",
                   "confidence", "origin", "content", "content_start", "content_end"):
        assert column in frame.columns
    assert len(frame) == 4  # Borrell 1 coding, Stoltenberg 2, Scholz none (one row, no issue)
    scholz = frame[frame["actor"] == "Olaf Scholz"].iloc[0]
    assert pandas.isna(scholz["issue"]) and scholz["title"] == "Berlin says no"
    assert frame.loc[frame["actor"] == "Josep Borrell", "actor_affiliation"].tolist() == ["European Union"]
    for row in frame.itertuples():
        text = TEXT_A if row.doc_id == "a" else TEXT_B
        assert text[row.content_start:row.content_end] == row.content
    assert str(frame["date"].dtype).startswith("datetime64")


def test_statements_frame_with_issue_keeps_that_issues_rows(seeded: Store, pandas) -> None:  # type: ignore[no-untyped-def]
    frame = seeded.statements(issue="strike-russia", as_frame=True)
    assert frame["issue"].tolist() == ["strike-russia", "strike-russia"]
    assert frame.groupby("stance").size().to_dict() == {"support": 2}


def test_codings_and_actors_frames(seeded: Store, pandas) -> None:  # type: ignore[no-untyped-def]
    codings = seeded.codings(as_frame=True)
    assert list(codings[["actor", "issue", "stance"]].itertuples(index=False, name=None)) == [
        ("Josep Borrell", "strike-russia", "support"),
        ("Jens Stoltenberg", "strike-russia", "support"),
        ("Jens Stoltenberg", "nato-party", "oppose"),
    ]
    actors = seeded.actors(as_frame=True)
    assert actors.columns.tolist() == ["name", "type", "affiliation", "aliases", "reviewed"]
    assert actors["name"].tolist() == ["Jens Stoltenberg", "Josep Borrell", "Olaf Scholz"]


def test_as_frame_without_pandas_names_the_extra(seeded: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` now raises ImportError
    for query in (seeded.statements, seeded.codings, seeded.actors):
        with pytest.raises(UsageError, match=re.escape("pip install 'stancemap[frames]'")):
            query(as_frame=True)
    assert len(seeded.statements()) == 3  # records need no pandas


def test_public_read_and_write_replace_the_private_ones(seeded: Store) -> None:
    import sqlalchemy as sa

    with seeded.read() as connection:
        assert connection.execute(sa.text("select count(*) from statements")).scalar_one() == 3
    assert Store._read is Store.read and Store._write is Store.write  # old names kept for old callers


# ---------------------------------------------------------------- the pipeline (real spaCy model)


TEXT = "The minister said that talks would resume next week. Critics warned that it was too late."


@pytest.mark.model
def test_pipeline_loads_once_and_extracts_many_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    pipeline = stancemap.Pipeline.load(codebook=EXAMPLES / "codebook.yaml")
    registry, nlp, coder = pipeline.registry, pipeline.nlp, pipeline.coder
    reloads = []
    monkeypatch.setattr(stancemap.Pipeline, "load", classmethod(lambda cls, **kw: reloads.append(kw)))
    first = pipeline.extract(TEXT, date="2024-01-02", doc_id="t1")
    second = pipeline.extract(TEXT, date=dt.date(2024, 1, 2), doc_id="t2")
    assert reloads == [], "extract loaded the stages again"
    assert pipeline.registry is registry and pipeline.nlp is nlp and pipeline.coder is coder
    assert first and [s.doc_id for s in first] == ["t1"] * len(first)
    assert [s.with_(doc_id="t2") for s in first] == second
    for st in first:
        assert TEXT[st.content.start:st.content.end] == st.content.text


@pytest.mark.model
def test_extract_keeps_one_pipeline_per_model_codebook_and_coder(monkeypatch: pytest.MonkeyPatch) -> None:
    loads = []
    load = stancemap.Pipeline.load.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(stancemap.Pipeline, "load", classmethod(lambda cls, **kw: loads.append(kw) or load(cls, **kw)))
    monkeypatch.setattr(stancemap, "_PIPELINES", type(stancemap._PIPELINES)())
    codebook = EXAMPLES / "codebook.yaml"
    first = stancemap.extract(TEXT, date="2024-01-02", codebook=codebook)
    again = stancemap.extract(TEXT, "2024-01-02", str(codebook))  # today's positional signature, same file
    assert len(loads) == 1 and first == again
    stancemap.extract(TEXT, date="2024-01-02")  # no codebook: another pipeline
    stancemap.extract(TEXT, date="2024-01-02")
    assert len(loads) == 2
    with pytest.raises(InputError, match="takes a str"):
        stancemap.extract(b"bytes")  # type: ignore[arg-type]


# ---------------------------------------------------------------- the README example


def readme_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    found = re.search(r"```python\n(.*?)```", section, re.S)
    assert found, "README's Python API section has no ```python block"
    return found.group(1)


@pytest.mark.model
def test_readme_python_api_example_runs_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pandas", reason="pandas is not installed (pip install 'stancemap[frames]')")
    import networkx as nx

    (tmp_path / "examples").symlink_to(EXAMPLES, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    exec(compile(readme_example(), "README.md (Python API)", "exec"), namespace)  # noqa: S102

    frame = namespace["frame"]
    assert {"Josep Borrell", "Jens Stoltenberg"} <= set(frame["actor"])  # type: ignore[index]
    assert set(frame["issue"]) == {"strike-russia"}  # type: ignore[index]
    G = nx.read_graphml(tmp_path / "strike-russia.graphml")
    assert G.has_edge("Josep Borrell", "strike-russia")
    assert namespace["found"], "Pipeline.extract found nothing in the example sentence"
