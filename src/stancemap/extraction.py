"""Statements without a store: extract, resolve and code texts, files or articles and stream the result.

What ``stancemap extract`` and :func:`stancemap.extract` run; :mod:`stancemap.workflows`
runs the same pipeline into a store.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from stancemap.errors import InputError
from stancemap.ingest import DEFAULT_MAX_CHARS, parse_mapping, read_paths
from stancemap.models import Article, Codebook, ReadFailure, Statement
from stancemap.pipeline import (
    BATCH_SIZE,
    DEFAULT_CODER,
    DEFAULT_DOC_TIMEOUT,
    Pipeline,
    check_doc_timeout,
    parse_date_option,
)

__all__ = ["batched", "extract_articles", "extract_paths", "extract_text", "issue_stance_counts",
           "max_chars_option", "statements_as_jsonl"]


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """``items`` in lists of ``size`` (the last one shorter)."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def max_chars_option(max_chars: int | None) -> int:
    """``read_paths``'s ``max_chars`` for ``--max-chars`` (none: the reader's default limit)."""
    return DEFAULT_MAX_CHARS if max_chars is None else max_chars


def extract_paths(
    paths: Sequence[str | Path],
    *,
    codebook: Codebook | str | Path | None = None,
    model: str | None = None,
    date: dt.date | str | None = None,
    mapping: dict[str, str] | str | None = None,
    stdin: Any = None,
    coder: str = DEFAULT_CODER,
    max_chars: int | None = None,
    on_warning: Callable[[str], None] | None = None,
    doc_timeout: float | None = DEFAULT_DOC_TIMEOUT,
    registry: Any = None,
) -> Iterator[Statement | ReadFailure]:
    """Stream statements (and failures) from ``paths`` without a store.

    Yields each document's statements as soon as its batch is processed, and a
    :class:`ReadFailure` for every input that could not be read or processed.
    ``coder`` names the stance coder (default :data:`DEFAULT_CODER`);
    ``max_chars`` the largest document (``--max-chars``, see :func:`run`);
    ``doc_timeout`` the longest time spent on one document (``--doc-timeout``, see :func:`run`);
    ``on_warning`` is called with each input warning (W1xx) as its document is read;
    ``registry`` resolves the speakers (default: the starter registry).
    """
    fallback_date = parse_date_option(date)
    columns = parse_mapping(mapping) if isinstance(mapping, str) else mapping
    pipeline = Pipeline.load(model=model, codebook=codebook, coder=coder, registry=registry,
                             doc_timeout=check_doc_timeout(doc_timeout))
    failures: list[ReadFailure] = []

    def articles() -> Iterator[Article]:
        for item in read_paths(paths, date=fallback_date, mapping=columns, stdin=stdin,
                               max_chars=max_chars_option(max_chars)):
            if isinstance(item, ReadFailure):
                failures.append(item)
            else:
                if on_warning is not None:
                    for warning in item.warnings:
                        on_warning(warning)
                yield item

    for batch in batched(articles(), BATCH_SIZE):
        yield from _drain(failures)
        for _article, result in pipeline.process(batch):
            if isinstance(result, ReadFailure):
                yield result
            else:
                yield from result
    yield from _drain(failures)


def extract_articles(
    articles: Iterable[Article], *, registry: Any = None, model: str | None = None
) -> Iterator[Statement | ReadFailure]:
    """Stream the resolved statements of ``articles`` (already read, with their dates); no stance coding."""
    pipeline = Pipeline.load(model=model, registry=registry)
    for batch in batched(articles, BATCH_SIZE):
        for _article, result in pipeline.process(batch):
            if isinstance(result, ReadFailure):
                yield result
            else:
                yield from result


def _drain(failures: list[ReadFailure]) -> Iterator[ReadFailure]:
    while failures:
        yield failures.pop(0)


def extract_text(
    text: str,
    *,
    date: dt.date | str | None = None,
    codebook: Codebook | str | Path | None = None,
    model: str | None = None,
    doc_id: str = "text",
) -> list[Statement]:
    """Extract, resolve and code the statements of one text, loading the stages for it.

    :func:`stancemap.extract` keeps the loaded stages between calls; this loads them every time.
    """
    if not isinstance(text, str):
        raise InputError.of("E100.extract-type", type=type(text).__name__)
    return Pipeline.load(model=model, codebook=codebook).extract(text, date=date, doc_id=doc_id)


def statements_as_jsonl(statements: Iterable[Statement]) -> Iterator[str]:
    """Serialise statements as JSON Lines in the contract of DESIGN.md."""
    for statement in statements:
        yield json.dumps(statement.to_dict(), ensure_ascii=False)


def issue_stance_counts(statements: Iterable[Statement]) -> dict[str, Counter]:
    """Count statements per issue and stance: ``{issue: Counter({stance: n})}``."""
    counts: dict[str, Counter] = {}
    for statement in statements:
        for coding in statement.codings:
            counts.setdefault(coding.issue, Counter())[coding.stance] += 1
    return counts
