"""Several writers at once, and a writer killed part-way through a document."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor

import pytest

from stancemap.models import Article, Coding, Statement, TextSpan
from stancemap.store import Store

SPEAKERS = [("Borrell", "Josep Borrell"), ("Berlin", "Germany"), ("Kyiv", "Ukraine"),
            ("Stoltenberg", "Jens Stoltenberg")]


def article_and_statements(doc_id: str, salt: str = "") -> tuple[Article, list[Statement]]:
    parts = [f"{speaker} said item {doc_id}{salt}." for speaker, _ in SPEAKERS]
    text = " ".join(parts)
    found = []
    offset = 0
    for (speaker, actor), part in zip(SPEAKERS, parts, strict=True):
        content_start = offset + len(speaker) + 6
        found.append(
            Statement(
                doc_id,
                speaker=TextSpan(offset, offset + len(speaker), speaker),
                content=TextSpan(content_start, offset + len(part) - 1, text[content_start : offset + len(part) - 1]),
                speaker_name=speaker,
                actor=actor,
                codings=(Coding("strike-russia", "support", 0.5, origin="model:keyword.v1"),),
            )
        )
        offset += len(part) + 1
    return Article(doc_id, text), found


def test_concurrent_writers_share_actors_without_errors(store_url: str) -> None:
    stores = [Store.open(store_url) for _ in range(4)]  # like four processes
    try:
        run = stores[0].begin_run(pipeline_version="0.1.0", model="m", codebook_hash="", args={})

        def save(i: int) -> int | None:
            article, found = article_and_statements(f"doc-{i}")
            return stores[i % len(stores)].save_document(article, found, run)

        with ThreadPoolExecutor(max_workers=8) as pool:
            ids = list(pool.map(save, range(24)))
        assert None not in ids and len(set(ids)) == 24
        counts = stores[0].counts()
        assert (counts["documents"], counts["statements"], counts["actors"], counts["codings"]) == (24, 96, 4, 96)
        aliases = {a.name: a.aliases for a in stores[0].actors()}
        assert aliases == {"Germany": ("Berlin",), "Jens Stoltenberg": ("Stoltenberg",), "Josep Borrell": ("Borrell",),
                           "Ukraine": ("Kyiv",)}
    finally:
        for store in stores:
            store.close()


def test_concurrent_versions_of_one_document(store_url: str) -> None:
    stores = [Store.open(store_url) for _ in range(3)]
    try:
        run = stores[0].begin_run(pipeline_version="0.1.0", model="m", codebook_hash="", args={})

        def save(i: int) -> int | None:
            # texts 0..5 twice each: six versions, six repeats that write nothing
            article, found = article_and_statements("same", salt=f"-{i % 6}")
            return stores[i % len(stores)].save_document(article, found, run)

        with ThreadPoolExecutor(max_workers=6) as pool:
            ids = list(pool.map(save, range(12)))
        assert sum(i is not None for i in ids) == 6
        versions = stores[0].documents(all_versions=True)
        assert sorted(d.version for d in versions) == [1, 2, 3, 4, 5, 6]
        assert stores[0].counts()["statements"] == 24
    finally:
        for store in stores:
            store.close()


KILLED_WRITER = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, sys.argv[2])
    from test_store_concurrency import article_and_statements
    from stancemap.store import Store, write

    store = Store.open(sys.argv[1])
    run = store.begin_run(pipeline_version="0.1.0", model="m", codebook_hash="", args={})
    insert_codings = write.insert_codings

    def insert_then_die(*args, **kwargs):
        insert_codings(*args, **kwargs)  # everything of the document is written, not committed
        print("dying", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)

    write.insert_codings = insert_then_die
    article, found = article_and_statements("killed")
    store.save_document(article, found, run)
    print("survived", flush=True)
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_writer_leaves_no_half_written_document(store_url: str) -> None:
    Store.open(store_url).close()
    done = subprocess.run(
        [sys.executable, "-c", KILLED_WRITER, store_url, os.path.dirname(__file__)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert done.stdout.strip() == "dying"
    with Store.open(store_url) as store:
        counts = store.counts()
        assert counts["runs"] == 1
        assert (counts["documents"], counts["statements"], counts["actors"], counts["codings"]) == (0, 0, 0, 0)
        article, found = article_and_statements("killed")
        assert store.document_state(article) == "new"
        run = store.begin_run(pipeline_version="0.1.0", model="m", codebook_hash="", args={})
        assert store.save_document(article, found, run) is not None
        assert store.counts()["statements"] == 4
