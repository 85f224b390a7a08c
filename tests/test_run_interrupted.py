"""Killing a real run at any point leaves the store consistent; the same command finishes the job."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.test_workflow_run import dump

pytestmark = pytest.mark.model

SENTENCES = [
    "The minister said that the talks would resume next week.",
    "Officials warned that the budget would not pass.",
    "According to the mayor, the bridge will reopen in May.",
    "The senator insisted that the vote was fair.",
]


def write_corpus(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        body = " ".join(SENTENCES[(i + j) % len(SENTENCES)] for j in range(8))
        (folder / f"paper_2024-03-{1 + i % 28:02d}_story{i:03d}.txt").write_text(
            f"Story {i}. {body}\n", encoding="utf-8")


def count_documents(url: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text("SELECT count(*) FROM documents")).scalar_one()
    except sa.exc.OperationalError:
        return 0
    finally:
        engine.dispose()


@pytest.mark.slow  # 22 s on 2 cores (pytest --durations)
def test_kill_and_resume_gives_the_same_store_as_one_clean_run(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 240)
    killed_db = tmp_path / "killed.db"
    clean_db = tmp_path / "clean.db"
    cmd = [sys.executable, "-m", "stancemap", "run", str(corpus), "--quiet", "--db"]

    proc = subprocess.Popen([*cmd, str(killed_db)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while count_documents(f"sqlite:///{killed_db}") < 20:
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline, "the run stored nothing in 120 s"
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = count_documents(f"sqlite:///{killed_db}")
    assert 20 <= partial < 240

    # consistent after the kill: every stored document has all its statements (one transaction each)
    engine = sa.create_engine(f"sqlite:///{killed_db}")
    with engine.connect() as conn:
        bare = conn.execute(sa.text(
            "SELECT count(*) FROM documents d WHERE NOT EXISTS "
            "(SELECT 1 FROM statements s WHERE s.document_id = d.id)")).scalar_one()
    engine.dispose()
    assert bare == 0

    subprocess.run([*cmd, str(killed_db)], check=True, capture_output=True)
    subprocess.run([*cmd, str(clean_db)], check=True, capture_output=True)
    resumed = dump(f"sqlite:///{killed_db}", skip_columns=("run_id",))
    clean = dump(f"sqlite:///{clean_db}", skip_columns=("run_id",))
    assert len(resumed["documents"]) == 240
    assert resumed == clean
