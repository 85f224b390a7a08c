"""Issues: codebook loading and validation, stance coders under versioned names.

- :func:`load_codebook` reads and validates ``codebook.yaml`` (:mod:`.codebook`).
- :func:`get_coder` / :func:`register_coder`: the coder registry (:mod:`.coders`);
  built in: ``semantic.v1`` (the default: relevance by embeddings, stance by the
  packaged ``embed-lr.v1`` pair model, :mod:`.semantic`) and ``keyword.v1`` (cue
  rules, :mod:`.lexical`).
- :mod:`.embeddings`: sentence embedders under versioned names (the packaged
  ``e5-static.v1``); :mod:`.relevance`: whether a statement is about an issue, by
  meaning; :mod:`.pairmodel`: the ``embed-lr.v1`` (claim, text) stance model, applied
  with numpy (fitted with scikit-learn by :mod:`.pairmodel_training`); :mod:`.adapt`:
  an issue's model adapted to its examples and to people's corrections.
- :func:`code_statements` sets each statement's codings, a document at a time, so that
  a statement continuing its speaker's previous one inherits that one's relevance
  (:mod:`.continuity`).
- :mod:`.evaluate` scores a coder on labelled pairs; :mod:`.pairfiles` reads
  pair files and :mod:`.learners` trains and applies pair models (``stancemap stance``).
- :mod:`.training` learns from people's codings (``stancemap stance review / learn``),
  :mod:`.teach` orders the codings a reviewer sees; :mod:`.suggest` proposes new
  issues (``stancemap stance suggest``).

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
