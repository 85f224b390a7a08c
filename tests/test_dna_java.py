"""A `.dna` file written by stancemap, read from Java as DNA 3 reads it (issue 19).

tests/java/DnaOpenCheck.java opens the file with the JDBC driver DNA uses (xerial
sqlite-jdbc), checks every coder's password with the library DNA uses (Jasypt's
StrongPasswordEncryptor), reads every column DNA reads, and cuts each statement's text
with Java's String.substring at the stored Start/Stop (UTF-16 offsets). This is not
DNA's own user interface: it checks the file's contract from the Java side.

Skipped unless ``java`` and the two jars are installed (Debian:
``apt-get install default-jre-headless libxerial-sqlite-jdbc-java libjasypt-java``).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from stancemap.ingest.dna import DNA_VERSION, load_dna
from stancemap.models import Article, Coding, Issue, Statement, TextSpan
from stancemap.report.dna import write_dna
from stancemap.store import Store

CHECK = Path(__file__).parent / "java" / "DnaOpenCheck.java"
JARS = [Path("/usr/share/java/sqlite-jdbc.jar"), Path("/usr/share/java/jasypt.jar")]

pytestmark = pytest.mark.skipif(
    shutil.which("java") is None or not all(jar.exists() for jar in JARS),
    reason="java, sqlite-jdbc.jar or jasypt.jar not installed (apt-get install libxerial-sqlite-jdbc-java "
           "libjasypt-java)",
)

TEXTS = {
    "d1": "Climate \U0001F30D talks. Minister Paula Ortiz said the grid upgrade will go ahead. "
          "The union rejected the plan.",
    "d2": "The council said the tram line must wait.",
    "d3": "Nothing is coded in this one.",
}


def _statement(doc: str, part: str, actor: str, kind: str, stance: str, origin: str,
               affiliation: str | None = None) -> Statement:
    text = TEXTS[doc]
    start = text.index(part)
    return Statement(doc, TextSpan(start, start + len(part), part), actor=actor, actor_type=kind,
                     actor_affiliation=affiliation, confidence=0.9,
                     codings=(Coding("grid", stance, 0.83, origin),))


def _java(path: Path, password: str) -> list[dict]:
    classpath = ":".join(str(jar) for jar in JARS)
    done = subprocess.run(["java", "-cp", classpath, str(CHECK), str(path), password],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> tuple[Path, list]:
    folder = tmp_path_factory.mktemp("dna_java")
    found = {
        "d1": [_statement("d1", "Minister Paula Ortiz said the grid upgrade will go ahead.", "Paula Ortiz", "person",
                          "support", "model:semantic.v1", "Ministry of Energy"),
               _statement("d1", "The union rejected the plan.", "Dock Union", "organisation", "oppose",
                          "person:Alice")],
        "d2": [_statement("d2", "The council said the tram line must wait.", "City Council", "organisation",
                          "oppose", "model:semantic.v1")],
    }
    with Store.open(str(folder / "corpus.db")) as store:
        run = store.begin_run(pipeline_version="t", model="m", codebook_hash="", args={})
        for doc, text in TEXTS.items():
            store.save_document(Article(doc, text, date=dt.date(2024, 6, 1), title=f"Title {doc}",
                                        source="Harbour Courier", author="Ana Lind" if doc != "d3" else None,
                                        section="World; Pg. 3" if doc == "d1" else None, length=len(text.split())),
                                found.get(doc, []), run)
        stored = store.statements()
        out = folder / "precoded.dna"
        write_dna(stored, out, texts=lambda info: store.document_text(info.id),
                  issues={"grid": Issue("grid", "Grid upgrade", "The grid upgrade should go ahead.")},
                  documents=store.documents(all_versions=False))
    return out, [s for group in found.values() for s in group]


@pytest.fixture(scope="module")
def java_lines(written) -> list[dict]:
    """What Java read from the file, logging every coder in with the default password."""
    return _java(written[0], "stancemap")


def test_java_reads_the_version_and_every_coder_logs_in(written, java_lines):
    path, _ = written
    lines = java_lines
    assert [line["value"] for line in lines if line["kind"] == "version"] == [DNA_VERSION]
    coders = [line for line in lines if line["kind"] == "coder"]
    assert [c["name"] for c in coders] == ["Admin", "stancemap", "Alice"]
    assert all(c["password_ok"] for c in coders)  # Jasypt accepts the digest stancemap wrote
    assert all(set(c["nulls"]) == {"0"} for c in coders)  # every column DNA reads is filled
    assert not any(line["password_ok"] for line in _java(path, "not-the-password") if line["kind"] == "coder")


def test_java_reads_documents_with_author_and_section(java_lines):
    documents = [line for line in java_lines if line["kind"] == "document"]
    assert [(d["title"], d["author"], d["section"], d["source"], d["date"], d["statements"]) for d in documents] == [
        ("Title d1", "Ana Lind", "World; Pg. 3", "Harbour Courier", "2024-06-01", 2),
        ("Title d2", "Ana Lind", "", "Harbour Courier", "2024-06-01", 1),
        ("Title d3", "", "", "Harbour Courier", "2024-06-01", 0),
    ]
    text = TEXTS["d1"]
    assert documents[0]["text_units"] == len(text.encode("utf-16-le")) // 2  # Java's length: the emoji is two units


def test_java_cuts_each_statement_at_its_offsets_with_its_values(written, java_lines):
    path, found = written
    statements = [line for line in java_lines if line["kind"] == "statement"]
    assert [s["text"] for s in statements] == [s.content.text for s in found]  # past the emoji: UTF-16 offsets
    ortiz, union, council = statements
    assert (ortiz["coder"], ortiz["type"]) == ("stancemap", "DNA Statement")
    assert ortiz["values"]["person"]["value"] == "Paula Ortiz"
    assert ortiz["values"]["person"]["attributes"]["Affiliation"] == "Ministry of Energy"
    assert ortiz["values"]["concept"]["value"] == "The grid upgrade should go ahead."
    assert (ortiz["values"]["agreement"], ortiz["values"]["confidence"]) == (1, 83)
    assert (union["coder"], union["values"]["organization"]["value"], union["values"]["agreement"]) == (
        "Alice", "Dock Union", 0)
    assert council["values"]["organization"]["value"] == "City Council"
    # and stancemap's own reader agrees with Java about the same file
    back = [s for a in load_dna(path).articles for s in a.coded]
    assert sorted(s.content.text for s in back) == sorted(s["text"] for s in statements)
