"""DNA 3 databases in and out (issue 19): reader, codebook of concepts, writer, schema, round trip.

The fixtures are built here with sqlite3 from the schema of leifeld/dna ``Sql.java``
(``createTables``, SQLite branch, DNA 3.0.8): :data:`EXPECTED` is that schema as read
there (table -> column -> declared type), written down independently of stancemap's writer.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from stancemap.ingest import read_paths
from stancemap.ingest.dna import (
    DNA_VERSION,
    DnaArticle,
    dna_codebook,
    is_dna,
    load_dna,
    write_codebook_yaml,
)
from stancemap.ingest.sniff import sniff
from stancemap.ingest.source import Source
from stancemap.models import Article, Coding, Statement, TextSpan
from stancemap.report.dna import dna_password_digest, write_dna
from stancemap.stance.codebook import load_codebook
from stancemap.store.repository import Store

# --------------------------------------------------------------- the schema of Sql.java (DNA 3.0.8, SQLite)

_FLAGS = ("ColorByCoder PopupDecoration PopupAutoComplete PermissionAddDocuments PermissionEditDocuments "
          "PermissionDeleteDocuments PermissionImportDocuments PermissionAddStatements PermissionEditStatements "
          "PermissionDeleteStatements PermissionEditAttributes PermissionEditRegex PermissionEditStatementTypes "
          "PermissionEditCoders PermissionEditCoderRelations PermissionViewOthersDocuments "
          "PermissionEditOthersDocuments PermissionViewOthersStatements PermissionEditOthersStatements").split()
_DATA = {"ID": "INTEGER", "StatementId": "INTEGER", "VariableId": "INTEGER"}
EXPECTED: dict[str, dict[str, str]] = {
    "SETTINGS": {"Property": "TEXT", "Value": "TEXT"},
    "CODERS": {"ID": "INTEGER", "Name": "TEXT", "Red": "INTEGER", "Green": "INTEGER", "Blue": "INTEGER",
               "Refresh": "INTEGER", "FontSize": "INTEGER", "Password": "TEXT", "PopupWidth": "INTEGER",
               **{flag: "INTEGER" for flag in _FLAGS}},
    "DOCUMENTS": {"ID": "INTEGER", "Title": "TEXT", "Text": "TEXT", "Coder": "INTEGER", "Author": "TEXT",
                  "Source": "TEXT", "Section": "TEXT", "Notes": "TEXT", "Type": "TEXT", "Date": "INTEGER"},
    "STATEMENTTYPES": {"ID": "INTEGER", "Label": "TEXT", "Red": "INTEGER", "Green": "INTEGER", "Blue": "INTEGER"},
    "VARIABLES": {"ID": "INTEGER", "Variable": "TEXT", "DataType": "TEXT", "StatementTypeId": "INTEGER"},
    "VARIABLELINKS": {"ID": "INTEGER", "SourceVariableId": "INTEGER", "TargetVariableId": "INTEGER"},
    "REGEXES": {"Label": "TEXT", "Red": "INTEGER", "Green": "INTEGER", "Blue": "INTEGER"},
    "CODERRELATIONS": {"ID": "INTEGER", "Coder": "INTEGER", "OtherCoder": "INTEGER", "viewStatements": "INTEGER",
                       "editStatements": "INTEGER", "viewDocuments": "INTEGER", "editDocuments": "INTEGER"},
    "STATEMENTS": {"ID": "INTEGER", "StatementTypeId": "INTEGER", "DocumentId": "INTEGER", "Start": "INTEGER",
                   "Stop": "INTEGER", "Coder": "INTEGER"},
    "DATABOOLEAN": {**_DATA, "Value": "INTEGER"},
    "DATAINTEGER": {**_DATA, "Value": "INTEGER"},
    "ENTITIES": {"ID": "INTEGER", "VariableId": "INTEGER", "Value": "TEXT", "Red": "INTEGER", "Green": "INTEGER",
                 "Blue": "INTEGER", "ChildOf": "INTEGER"},
    "DATASHORTTEXT": {**_DATA, "Entity": "INTEGER"},
    "DATALONGTEXT": {**_DATA, "Value": "TEXT"},
    "ATTRIBUTEVARIABLES": {"ID": "INTEGER", "VariableId": "INTEGER", "AttributeVariable": "TEXT"},
    "ATTRIBUTEVALUES": {"ID": "INTEGER", "EntityId": "INTEGER", "AttributeVariableId": "INTEGER",
                        "AttributeValue": "TEXT"},
}

TEXT1 = "Emissions \U0001F30D. Minister Anna Berg said a carbon tax is needed. The union rejected a carbon tax."
TEXT2 = "Lobby chief Tom Hale said: no new tax. Berg repeated that a tax is needed."
CONCEPT = "A carbon tax is needed."


def _java(text: str, index: int) -> int:
    """The UTF-16 offset DNA (Java) stores for code-point ``index``."""
    return len(text[:index].encode("utf-16-le")) // 2


def make_dna(path: Path, *, extra=None) -> Path:
    """A small hand-coded DNA 3 database, built from :data:`EXPECTED` with plain SQL."""
    db = sqlite3.connect(path)
    for table, columns in EXPECTED.items():
        db.execute(f"CREATE TABLE {table} ({', '.join(f'{c} {t}' for c, t in columns.items())})")
    db.executemany("INSERT INTO SETTINGS VALUES (?, ?)", [("version", "3.0.8"), ("date", "2022-06-16")])
    db.executemany("INSERT INTO CODERS (ID, Name, Password) VALUES (?, ?, 'x')",
                   [(1, "Admin"), (2, "Alice"), (3, "Bob")])
    db.executemany("INSERT INTO STATEMENTTYPES (ID, Label) VALUES (?, ?)",
                   [(1, "DNA Statement"), (2, "NPF Story Element")])
    db.executemany("INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (?, ?, ?, ?)", [
        (1, "person", "short text", 1), (2, "organization", "short text", 1), (3, "concept", "short text", 1),
        (4, "agreement", "boolean", 1), (5, "narrator", "short text", 2)])
    db.executemany("INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (?, ?, ?)",
                   [(1, 1, "Type"), (2, 2, "Type"), (3, 3, "Notes")])
    db.executemany("INSERT INTO ENTITIES (ID, VariableId, Value) VALUES (?, ?, ?)", [
        (1, 1, "Anna Berg"), (2, 1, ""), (3, 2, "Ministry of Finance"), (4, 2, "Farmers' Union"),
        (5, 3, CONCEPT), (6, 1, "Tom Hale"), (7, 2, ""), (8, 5, "someone")])
    db.executemany("INSERT INTO ATTRIBUTEVALUES (EntityId, AttributeVariableId, AttributeValue) VALUES (?, ?, ?)",
                   [(1, 1, "person"), (4, 2, "organisation"), (5, 3, "the tax claim")])
    date = int(dt.datetime(2024, 5, 28, tzinfo=dt.UTC).timestamp())
    db.executemany("INSERT INTO DOCUMENTS (ID, Title, Text, Coder, Author, Source, Section, Notes, Type, Date) "
                   "VALUES (?, ?, ?, 2, ?, ?, ?, '', ?, ?)", [
                       (1, "Tax debate", TEXT1, "J. Doe", "Daily", "Politics", "news", date),
                       (2, "Lobby", TEXT2, "", "Weekly", "", "press release", date + 86400)])
    s1 = TEXT1.index("Minister")
    s1_end = TEXT1.index("needed.") + len("needed.")
    s2 = TEXT1.index("The union")
    s3 = TEXT2.index("Lobby")
    s3_end = TEXT2.index("tax.") + 4
    statements = [
        (1, 1, 1, _java(TEXT1, s1), _java(TEXT1, s1_end), 2),
        (2, 1, 1, _java(TEXT1, s2), _java(TEXT1, len(TEXT1)), 3),
        (3, 1, 2, s3, s3_end, 2),
        (4, 2, 2, 0, 5, 2),  # an NPF statement: no concept, left out
        (5, 1, 2, 70, 900, 2),  # offsets past the end
    ]
    db.executemany("INSERT INTO STATEMENTS VALUES (?, ?, ?, ?, ?, ?)", statements)
    db.executemany("INSERT INTO DATASHORTTEXT (StatementId, VariableId, Entity) VALUES (?, ?, ?)", [
        (1, 1, 1), (1, 2, 3), (1, 3, 5), (2, 1, 2), (2, 2, 4), (2, 3, 5), (3, 1, 6), (3, 2, 7), (3, 3, 5),
        (4, 5, 8), (5, 1, 1), (5, 2, 3), (5, 3, 5)])
    db.executemany("INSERT INTO DATABOOLEAN (StatementId, VariableId, Value) VALUES (?, 4, ?)",
                   [(1, 1), (2, 0), (3, 0), (5, 1)])
    if extra:
        extra(db)
    db.commit()
    db.close()
    return path


@pytest.fixture
def dna_file(tmp_path: Path) -> Path:
    return make_dna(tmp_path / "coded.dna")


# --------------------------------------------------------------- reading


def test_reads_documents_metadata_and_people_codings_with_exact_offsets(dna_file):
    corpus = load_dna(dna_file)
    assert corpus.version == "3.0.8"
    first, second = corpus.articles
    assert isinstance(first, DnaArticle) and first.doc_id == "coded-1"
    assert (first.title, first.author, first.source, first.section, first.date) == (
        "Tax debate", "J. Doe", "Daily", "Politics", dt.date(2024, 5, 28))
    assert second.genre == "press-release" and second.date == dt.date(2024, 5, 29)
    anna, union = first.coded
    assert anna.content.text == "Minister Anna Berg said a carbon tax is needed."  # past the emoji: UTF-16 converted
    assert first.text[anna.content.start:anna.content.end] == anna.content.text
    assert (anna.actor, anna.actor_type, anna.actor_affiliation) == ("Anna Berg", "person", "Ministry of Finance")
    assert anna.codings == (Coding("a-carbon-tax-is-needed", "support", 1.0, "person:Alice"),)
    assert (union.actor, union.actor_type) == ("Farmers' Union", "organisation")
    assert union.codings[0].stance == "oppose" and union.codings[0].origin == "person:Bob"
    (tom,) = second.coded
    assert tom.content.text == "Lobby chief Tom Hale said: no new tax." and tom.codings[0].stance == "oppose"
    assert any("outside the document" in w for w in second.warnings)
    assert any("NPF Story Element" in w for w in corpus.warnings)


def test_sniffed_by_content_whatever_the_extension(dna_file, tmp_path):
    renamed = tmp_path / "project.sqlite"
    renamed.write_bytes(dna_file.read_bytes())
    assert is_dna(renamed) and sniff(Source.from_path(renamed)) == "dna"
    fake = tmp_path / "fake.dna"
    fake.write_text("not a database", encoding="utf-8")
    (failure,) = list(read_paths([fake]))
    assert failure.code == "E125" and "fake.dna" in failure.reason
    items = list(read_paths([dna_file]))
    assert [a.doc_id for a in items if isinstance(a, Article)] == ["coded-1", "coded-2"]


def test_other_variable_names_mapped_by_option(tmp_path):
    def frames(db):
        db.execute("INSERT INTO STATEMENTTYPES (ID, Label) VALUES (3, 'Frames')")
        db.executemany("INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (?, ?, ?, 3)",
                       [(10, "speaker", "short text"), (11, "frame", "short text"), (12, "stance", "integer")])
        db.executemany("INSERT INTO ENTITIES (ID, VariableId, Value) VALUES (?, ?, ?)",
                       [(20, 10, "Anna Berg"), (21, 11, "Fairness")])
        db.execute("INSERT INTO STATEMENTS VALUES (6, 3, 1, 0, 9, 2)")
        db.executemany("INSERT INTO DATASHORTTEXT (StatementId, VariableId, Entity) VALUES (6, ?, ?)",
                       [(10, 20), (11, 21)])
        db.execute("INSERT INTO DATAINTEGER (StatementId, VariableId, Value) VALUES (6, 12, -1)")

    path = make_dna(tmp_path / "frames.dna", extra=frames)
    plain = load_dna(path)
    assert all(s.codings[0].issue != "fairness" for a in plain.articles for s in a.coded)
    mapped = load_dna(path, variables="person=speaker,concept=frame,agreement=stance")
    coded = [s for a in mapped.articles for s in a.coded if s.codings and s.codings[0].issue == "fairness"]
    assert len(coded) == 1 and coded[0].codings[0].stance == "oppose" and coded[0].actor == "Anna Berg"


def test_concepts_become_a_codebook_the_user_can_extend(dna_file, tmp_path):
    corpus = load_dna(dna_file)
    target = tmp_path / "codebook.yaml"
    write_codebook_yaml(dna_codebook(corpus), target)
    book = load_codebook(target)
    assert [(i.id, i.claim, i.description) for i in book.issues] == [
        ("a-carbon-tax-is-needed", CONCEPT, "the tax claim")]
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    data["issues"][0]["keywords"] = ["carbon tax"]
    target.write_text(yaml.safe_dump(data), encoding="utf-8")
    write_codebook_yaml(dna_codebook(corpus), target)  # again: the user's additions stay
    assert load_codebook(target).issues[0].keywords == ("carbon tax",)


# --------------------------------------------------------------- writing


def _stored_corpus(tmp_path: Path, texts: dict[str, str], statements: dict[str, list[Statement]]) -> Store:
    store = Store.open(str(tmp_path / "corpus.db"))
    run = store.begin_run(pipeline_version="t", model="m", codebook_hash="", args={})
    for doc_id, text in texts.items():
        store.save_document(Article(doc_id, text, date=dt.date(2024, 6, 1), title=f"T {doc_id}",
                                    source="=HYPERLINK(\"x\")"), statements.get(doc_id, []), run)
    return store


def _machine(doc: str, text: str, part: str, actor: str, kind: str, issue: str, stance: str,
             affiliation: str | None = None) -> Statement:
    start = text.index(part)
    return Statement(doc, TextSpan(start, start + len(part), part), actor=actor, actor_type=kind,
                     actor_affiliation=affiliation, confidence=0.7,
                     codings=(Coding(issue, stance, 0.81, "model:semantic.v1"),))


def test_round_trip_gives_the_same_statements_offsets_and_codings(tmp_path):
    t1 = "Q \U0001F600 Borrell said strikes are legitimate. NATO rejected that. Robert'); DROP TABLE DOCUMENTS;--"
    t2 = "The Kremlin warned against strikes."
    found = {
        "d1": [_machine("d1", t1, "Borrell said strikes are legitimate.", "Josep Borrell", "person", "strike",
                        "support", "European Union"),
               _machine("d1", t1, "NATO rejected that.", "NATO", "organisation", "strike", "oppose"),
               _machine("d1", t1, "Robert'); DROP TABLE DOCUMENTS;--", "=cmd|' /C calc'!A0", "person", "strike",
                        "neutral")],
        "d2": [_machine("d2", t2, "The Kremlin warned against strikes.", "Kremlin", "organisation", "strike",
                        "oppose")],
    }
    with _stored_corpus(tmp_path, {"d1": t1, "d2": t2, "d3": "Nothing coded here."}, found) as store:
        stored = store.statements()
        out = tmp_path / "precoded.dna"
        summary = write_dna(stored, out, texts=lambda info: store.document_text(info.id),
                            documents=store.documents(all_versions=False))
    assert (summary.documents, summary.statements, summary.neutral) == (3, 3, 1)
    corpus = load_dna(out)
    assert corpus.version == DNA_VERSION
    back = {a.doc_id: a for a in corpus.articles}
    assert sorted(back) == ["d1", "d2", "d3"] and back["d1"].text == t1 and back["d1"].source == '=HYPERLINK("x")'

    def key(s: Statement):
        return (s.doc_id, s.content.start, s.content.end, s.content.text, s.actor, s.actor_type,
                s.actor_affiliation, tuple((c.issue, c.stance) for c in s.codings))

    wanted = sorted(key(s) for group in found.values() for s in group if s.codings[0].stance != "neutral")
    assert sorted(key(s) for a in corpus.articles for s in a.coded) == wanted
    assert {c.origin for a in corpus.articles for s in a.coded for c in s.codings} == {"model:stancemap"}
    assert {round(c.confidence, 2) for a in corpus.articles for s in a.coded for c in s.codings} == {0.81}


def test_written_schema_matches_sql_java(tmp_path):
    with _stored_corpus(tmp_path, {"d": "A said B."}, {}) as store:
        out = tmp_path / "empty.dna"
        write_dna([], out, texts=lambda info: store.document_text(info.id), documents=store.documents())
    db = sqlite3.connect(out)
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == set(EXPECTED)
    for table, columns in EXPECTED.items():
        got = {row[1]: row[2] for row in db.execute(f"PRAGMA table_info({table})")}
        assert got == columns, table
    assert db.execute("SELECT Value FROM SETTINGS WHERE Property = 'version'").fetchone() == (DNA_VERSION,)
    assert db.execute("SELECT Variable, DataType FROM VARIABLES WHERE StatementTypeId = 1 ORDER BY ID").fetchall() == [
        ("person", "short text"), ("organization", "short text"), ("concept", "short text"),
        ("agreement", "boolean"), ("confidence", "integer")]
    assert db.execute("SELECT Label FROM STATEMENTTYPES ORDER BY ID").fetchall() == [
        ("DNA Statement",), ("NPF Story Element",), ("Annotation",)]
    assert db.execute("SELECT Name FROM CODERS ORDER BY ID").fetchall() == [("Admin",), ("stancemap",)]
    db.close()


def test_password_digest_has_jasypt_shape():
    digest = dna_password_digest("secret", salt=b"\0" * 16)
    import base64

    raw = base64.b64decode(digest)
    assert len(raw) == 48 and raw[:16] == b"\0" * 16
    assert digest == dna_password_digest("secret", salt=b"\0" * 16) != dna_password_digest("other", salt=b"\0" * 16)


def test_statements_command_writes_a_filtered_dna_file(tmp_path):
    from stancemap.cli import app

    t1 = "Borrell said strikes are legitimate. NATO backed aid."
    found = {"d1": [_machine("d1", t1, "Borrell said strikes are legitimate.", "Josep Borrell", "person", "strike",
                             "support"),
                    _machine("d1", t1, "NATO backed aid.", "NATO", "organisation", "aid", "support")]}
    _stored_corpus(tmp_path, {"d1": t1}, found).close()
    out = tmp_path / "out" / "strike.dna"
    result = CliRunner().invoke(app, ["statements", "--db", str(tmp_path / "corpus.db"), "--issue", "strike",
                                      "--format", "dna", "--out", str(out)])
    assert result.exit_code == 0, result.output
    coded = [s for a in load_dna(out).articles for s in a.coded]
    assert [(s.actor, s.codings[0].issue) for s in coded] == [("Josep Borrell", "strike")]
    result = CliRunner().invoke(app, ["statements", "--db", str(tmp_path / "corpus.db"), "--format", "dna"])
    assert result.exit_code != 0 and "--out" in result.output


@pytest.mark.model
def test_run_stores_documents_and_people_codings_and_writes_the_codebook(dna_file, tmp_path):
    from stancemap import workflows

    db = tmp_path / "store" / "corpus.db"
    db.parent.mkdir()
    summary = workflows.run([dna_file], db=str(db))
    assert summary.documents_new == 2 and summary.codebook_written == str(db.parent / "coded.codebook.yaml")
    assert load_codebook(summary.codebook_written).issues[0].id == "a-carbon-tax-is-needed"
    with Store.open(str(db)) as store:
        found = store.statements()
    people = [(s.statement.actor, s.statement.content.text, c.stance, c.origin)
              for s in found for c in s.statement.codings if c.origin.startswith("person:")]
    assert sorted(people) == [
        ("Anna Berg", "Minister Anna Berg said a carbon tax is needed.", "support", "person:Alice"),
        ("Farmers' Union", "The union rejected a carbon tax.", "oppose", "person:Bob"),
        ("Tom Hale", "Lobby chief Tom Hale said: no new tax.", "oppose", "person:Alice"),
    ]
    assert workflows.run([dna_file], db=str(db)).documents_unchanged == 2  # a rerun adds nothing


def _frames(db):
    db.execute("INSERT INTO STATEMENTTYPES (ID, Label) VALUES (3, 'Frames')")
    db.executemany("INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (?, ?, ?, 3)",
                   [(10, "speaker", "short text"), (11, "frame", "short text"), (12, "stance", "short text")])
    db.executemany("INSERT INTO ENTITIES (ID, VariableId, Value) VALUES (?, ?, ?)",
                   [(20, 10, "Anna Berg"), (21, 11, "Fairness"), (22, 12, "yes")])
    db.execute("INSERT INTO STATEMENTS VALUES (6, 3, 1, 0, 9, 2)")
    db.executemany("INSERT INTO DATASHORTTEXT (StatementId, VariableId, Entity) VALUES (6, ?, ?)",
                   [(10, 20), (11, 21), (12, 22)])


@pytest.mark.model
def test_run_command_maps_other_variable_names(tmp_path):
    from stancemap.cli import app

    path = make_dna(tmp_path / "frames.dna", extra=_frames)
    db = tmp_path / "corpus.db"
    book = tmp_path / "book.yaml"
    result = CliRunner().invoke(app, ["run", str(path), "--db", str(db), "--write-codebook", str(book),
                                      "--dna-variables", "person=speaker,concept=frame,agreement=stance", "-q"],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "fairness" in {i.id for i in load_codebook(book).issues}
    with Store.open(str(db)) as store:
        coded = [(s.statement.actor, c.stance) for s in store.statements(issue="fairness")
                 for c in s.statement.codings if c.origin == "person:Alice"]
    assert coded == [("Anna Berg", "support")]
    result = CliRunner().invoke(app, ["run", str(path), "--db", str(db), "--dna-variables", "speaker=person"],
                                env={"COLUMNS": "200"})
    assert result.exit_code != 0 and "--dna-variables" in result.output
