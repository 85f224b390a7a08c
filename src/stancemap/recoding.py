"""Recode stored statements against a codebook and coder, without re-parsing anything.

How codebooks are made: code, read, change the codebook, code again. Every stored
statement records what coded it last (``coded_with``: the codebook's hash and the coder's
name). :func:`recode_store` reads the documents whose live statements the current
codebook and coder have not coded (or every document, with ``everything=True``), codes
their statements again from the stored text and embeddings, and replaces the model
codings of the codebook's issues; people's codings are never changed, and no model
coding is made on an issue a person coded. ``stancemap run`` calls it after storing new
documents, so a run with a changed codebook or a newly trained model recodes what changed.
The vectors of a slow embedder (people's corrections are learnt on e5-small) are kept in the
store as they are made (:mod:`stancemap.store.vectors`): a coder with a ``vector_cache`` is given
the store's, so recoding never embeds a text twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from stancemap.context import sentence_around
from stancemap.models import Codebook, Statement
from stancemap.stance.coders import StanceCoder, code_statements, coded_with_mark
from stancemap.store.vectors import StoreVectorCache

if TYPE_CHECKING:
    from stancemap.store.repository import Store

__all__ = ["RecodeSummary", "recode_store"]


@dataclass
class RecodeSummary:
    """What a recode did."""

    documents: int = 0
    statements: int = 0
    codings: int = 0
    coded_with: str = ""


def recode_store(store: Store, codebook: Codebook, coder: StanceCoder, *, everything: bool = False,
                 run_id: int | None = None, batch: int = 200,
                 on_progress: Callable[[RecodeSummary], None] | None = None) -> RecodeSummary:
    """Recode the stored statements that ``codebook`` and ``coder`` have not coded yet.

    Parameters
    ----------
    store : Store
    codebook : Codebook
    coder : StanceCoder
    everything : bool
        Recode every live statement, not only those coded with another codebook or coder.
    run_id : int, optional
        The run the new codings belong to.
    batch : int
        Documents per transaction.
    on_progress : callable, optional
        Called with the running totals after every batch.
    """
    mark = coded_with_mark(codebook, coder)
    done = RecodeSummary(coded_with=mark)
    store.save_codebook(codebook)
    cached = hasattr(coder, "vector_cache")  # a slow embedder's vectors are kept in the store: never embedded twice
    if cached:
        before, coder.vector_cache = coder.vector_cache, StoreVectorCache(store)  # type: ignore[attr-defined]
    # the documents' own vectors, kept in the store too: read (or made and kept) a batch at a time
    embed_documents = getattr(coder, "document_vectors", None)
    try:
        for documents in store.documents_to_recode(None if everything else mark, batch=batch):
            recoded: list[tuple[int, Statement]] = []
            vectors = embed_documents([d.text for d in documents]) if embed_documents is not None else None
            for k, document in enumerate(documents):
                text = document.text
                new = code_statements(list(document.statements), codebook, coder, text=text,
                                      context=_sentence_in(text),
                                      document_vector=None if vectors is None else vectors[k])
                recoded.extend(zip(document.statement_ids, new, strict=False))
            done.codings += store.write_recoded(recoded, codebook, run_id)
            done.documents += len(documents)
            done.statements += len(recoded)
            if on_progress is not None:
                on_progress(done)
    finally:
        if cached:  # the coder outlives the store: it must not keep reading a closed one
            coder.vector_cache = before  # type: ignore[attr-defined]
    return done


def _sentence_in(text: str) -> Callable[[Statement], str]:
    """A statement's context: the sentence of ``text`` around its content."""
    return lambda st: sentence_around(text, st.content.start, st.content.end)
