"""A 5 MB article is processed whole, not crashed: chunked past spaCy's max_length, offsets exact.

The real English pipeline would take minutes on 5 MB, so this test swaps in a
small pipeline (tokenizer, sentence splitter and a rule-based quote speaker) and
checks what the size changes: chunking, offsets, storage of the whole text.
"""

from __future__ import annotations

import functools

import pytest
import spacy

from stancemap import nlp as nlp_package
from stancemap import workflows
from stancemap.store import Store

PARAGRAPH = (
    '"We will not give up," the minister said. The talks went on late into the night, '
    "and officials said that a deal was close. "
)


def test_five_megabyte_article_is_stored_whole_with_exact_offsets(tmp_path, monkeypatch):
    small = spacy.blank("en")
    small.add_pipe("sentencizer")
    monkeypatch.setattr(nlp_package, "load_pipeline", lambda name=None: small)
    text = "date 2024-05-28 " + "\n\n".join(PARAGRAPH for _ in range(5_000_000 // len(PARAGRAPH) + 1))
    assert len(text) > 5_000_000 > small.max_length
    path = tmp_path / "huge.txt"
    path.write_text(text, encoding="utf-8")

    # max_chars is over the default limit
    summary = workflows.run([path], db=f"sqlite:///{tmp_path / 'big.db'}", max_chars=10_000_000)
    assert not summary.failures, [f.reason for f in summary.failures]
    assert summary.documents_new == 1
    with Store.open(f"sqlite:///{tmp_path / 'big.db'}") as store:
        (doc,) = store.documents()
        assert store.document_text(doc.id) == text
        found = store.statements()
    for stored in found:
        st = stored.statement
        assert text[st.content.start:st.content.end] == st.content.text


@pytest.mark.model
def test_statements_past_chunk_boundaries_keep_exact_offsets(tmp_path, monkeypatch):
    """With the real pipeline and small chunks, every chunk's statements index the whole text."""
    from stancemap.nlp import extract

    monkeypatch.setattr(extract, "split_chunks", functools.partial(extract.split_chunks, limit=2_000))
    text = "date 2024-05-28 " + "\n\n".join(PARAGRAPH for _ in range(120))
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    summary = workflows.run([path], db=f"sqlite:///{tmp_path / 'long.db'}")
    assert summary.documents_new == 1 and not summary.failures
    with Store.open(f"sqlite:///{tmp_path / 'long.db'}") as store:
        found = [s.statement for s in store.statements()]
    assert len(found) >= 120
    assert max(st.content.start for st in found) > len(text) - 2_000
    for st in found:
        assert text[st.content.start:st.content.end] == st.content.text
        assert text[st.speaker.start:st.speaker.end] == st.speaker.text
