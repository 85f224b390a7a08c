"""Issues: codebook loading and validation, stance coders under versioned names.

- :func:`load_codebook` reads and validates ``codebook.yaml`` (:mod:`.codebook`).
- :func:`get_coder` / :func:`register_coder`: the coder registry (:mod:`.coders`);
  built in: ``cues-mlp.v1`` (the default: rules where their cues decide, a
  learned model elsewhere, :mod:`.hybrid`), ``keyword.v1`` (rules,
  :mod:`.lexical`), ``tfidf-mlp.v1`` (:mod:`.mlp`) and ``tfidf-lr.v1``
  (:mod:`.learned`).
- :func:`code_statements` sets each statement's codings, a document at a time, so that
  a statement continuing its speaker's previous one inherits that one's relevance
  (:mod:`.continuity`).
- :mod:`.evaluate` scores a coder on labelled pairs; :mod:`.pairfiles` reads
  pair files and :mod:`.learners` trains and applies pair models (``stancemap stance``).
- :mod:`.training` learns from people's codings (``stancemap code review / train``);
  :mod:`.suggest` proposes new issues (``stancemap issues suggest``).

>>> from stancemap.stance import get_coder
>>> get_coder("keyword.v1").name
'keyword.v1'
"""

from __future__ import annotations

from stancemap.stance.codebook import load_codebook, parse_codebook
from stancemap.stance.coders import (
    DEFAULT_CODER,
    StanceCoder,
    code_statements,
    get_coder,
    register_coder,
    registered_coders,
)

__all__ = [
    "load_codebook", "parse_codebook", "StanceCoder", "code_statements", "get_coder",
    "register_coder", "registered_coders", "DEFAULT_CODER",
]
