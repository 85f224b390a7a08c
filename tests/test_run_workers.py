"""`run --workers N` stores exactly what one worker stores, in the same order."""

from __future__ import annotations

import platform
from pathlib import Path

import pytest

from stancemap import workflows
from stancemap.errors import UsageError
from tests.test_run_interrupted import write_corpus
from tests.test_workflow_run import CODEBOOK, EXAMPLE, dump

pytestmark = pytest.mark.model


def test_two_workers_give_the_same_store_as_one(tmp_path: Path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 60)
    (corpus / EXAMPLE.name).write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    one, two = f"sqlite:///{tmp_path / 'one.db'}", f"sqlite:///{tmp_path / 'two.db'}"
    first = workflows.run([corpus], db=one, codebook=CODEBOOK, workers=1)
    second = workflows.run([corpus], db=two, codebook=CODEBOOK, workers=2)
    assert first.documents_new == second.documents_new == 61
    assert first.statements == second.statements > 60
    assert [f.code for f in second.failures] == ["E102"]
    assert dump(one) == dump(two)


def test_workers_must_be_positive(tmp_path: Path):
    with pytest.raises(UsageError, match="--workers 0"):
        workflows.run([tmp_path], db=f"sqlite:///{tmp_path / 'x.db'}", workers=0)



@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="the allocator settings are glibc's")
def test_a_worker_can_reuse_freed_memory_within_a_batch_and_trim_after_it():
    from stancemap.parallel import release_free_memory, reuse_freed_memory_within_batches

    assert reuse_freed_memory_within_batches() is True
    assert release_free_memory(force=True) is True
    assert release_free_memory() is False  # nothing has grown since: the next batch keeps its pages
