"""Issues: codebook loading and validation, stance coders under versioned names.

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
