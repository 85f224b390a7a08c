"""Issues: codebook loading and validation, stance coders under versioned names.

- :func:`load_codebook` reads and validates ``codebook.yaml`` (:mod:`.codebook`).
- :func:`get_coder` / :func:`register_coder`: the coder registry (:mod:`.coders`);
  built in: ``keyword.v1`` (rules, :mod:`.lexical`) and ``tfidf-lr.v1``
  (learned, :mod:`.learned`).
- :func:`code_statements` sets each statement's codings.
- :mod:`.evaluate` scores a coder on labelled pairs.

>>> from stancemap.issues import get_coder
>>> get_coder("keyword.v1").name
'keyword.v1'
"""

from __future__ import annotations

from stancemap.issues.codebook import load_codebook, parse_codebook
from stancemap.issues.coders import (
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
