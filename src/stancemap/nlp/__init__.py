"""Statements from text: the only package that imports spaCy.

>>> from stancemap.nlp import load_pipeline, extract_statements  # doctest: +SKIP
>>> nlp = load_pipeline()                                        # doctest: +SKIP
>>> extract_statements(nlp, article)                             # doctest: +SKIP
"""

from stancemap.nlp.attribution import Found, match
from stancemap.nlp.extract import extract_many, extract_statements, split_chunks
from stancemap.nlp.pipeline import DEFAULT_PIPELINE, installed_pipelines, load_pipeline

__all__ = [
    "DEFAULT_PIPELINE",
    "Found",
    "extract_many",
    "extract_statements",
    "installed_pipelines",
    "load_pipeline",
    "match",
    "split_chunks",
]
