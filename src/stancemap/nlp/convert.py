"""The only place a spaCy Doc and its Found records become :class:`Statement` records.

Token spans become character spans into :attr:`Article.text` (shifted by where
the parsed text starts in the article), speaker names and types come from
:mod:`stancemap.nlp.coref`, and confidence from the per-rule priors in
``nlp/data/rules.tsv`` (each rule's measured relation precision on PolNeAR train,
or a documented hand prior for rules PolNeAR cannot exercise).
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc

from stancemap.models import Article, Statement, TextSpan
from stancemap.nlp.attribution import Found
from stancemap.nlp.coref import resolve

#: Prior used for a rule missing from ``rules.tsv``.
DEFAULT_PRIOR = 0.5


@lru_cache(maxsize=1)
def rule_priors() -> dict[str, float]:
    """``{rule: prior}`` from ``nlp/data/rules.tsv``."""
    text = resources.files("stancemap.nlp").joinpath("data/rules.tsv").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return {row["rule"]: float(row["prior"]) for row in csv.DictReader(rows, delimiter="\t")}


def char_span(doc: Doc, span: tuple[int, int], text: str, offset: int) -> TextSpan:
    """The character span of tokens ``span`` of ``doc``, shifted by ``offset`` into ``text``."""
    start = doc[span[0]].idx
    last = doc[span[1] - 1]
    end = last.idx + len(last.text)
    return TextSpan(start + offset, end + offset, text[start + offset : end + offset])


def to_statements(doc: Doc, found: list[Found], article: Article, offset: int = 0) -> list[Statement]:
    """Turn ``found`` in ``doc`` into Statements whose spans index ``article.text``.

    Parameters
    ----------
    doc : Doc
        The parsed text; ``doc.text == article.text[offset:offset + len(doc.text)]``.
    found : list of Found
        From :func:`stancemap.nlp.attribution.match`.
    article : Article
        Supplies ``doc_id``, ``date`` and the text spans index.
    offset : int
        Where ``doc.text`` starts in ``article.text``.
    """
    names = resolve(doc, found)
    priors = rule_priors()
    out: list[Statement] = []
    for f, (name, typ) in zip(found, names):
        content = char_span(doc, f.content, article.text, offset)
        if not content.text.strip():
            continue
        speaker = char_span(doc, f.speaker, article.text, offset) if f.speaker else None
        cue = char_span(doc, f.cue, article.text, offset) if f.cue else None
        out.append(
            Statement(
                doc_id=article.doc_id,
                content=content,
                speaker=speaker,
                cue=cue,
                kind=f.kind,
                confidence=priors.get(f.rule, DEFAULT_PRIOR),
                date=article.date,
                speaker_name=name,
                speaker_type=typ,
            )
        )
    return out
