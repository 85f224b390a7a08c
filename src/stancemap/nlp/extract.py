"""Parsing articles and extracting their statements, in batches and in chunks.

The body (``article.text[article.body_start:]``) is cut into chunks of at most
:data:`CHUNK_CHARS` characters at paragraph, then sentence, then word boundaries,
so that a text longer than spaCy's ``max_length`` is parsed piecewise instead of
failing. Each chunk is tokenised, a sentence start is set after every line break
(news paragraphs and headlines are never one sentence), and the pipeline runs on
the prepared Docs with ``nlp.pipe``.

Memory: while a batch is parsed, spaCy holds about 17 KB of activations per
token of the whole batch (measured with ``en_core_web_sm``: 16 texts of 5,000
characters add 260 MB for the moment they are parsed). Batches are therefore cut
by characters (:data:`BATCH_CHARS`) as well as by count, and no chunk is longer
than that, so a worker's peak memory does not depend on how long the articles
are.

Before parsing, the speaker of a document whose input names none is detected
from its text (:func:`stancemap.ingest.authors.with_detected_speaker`); the
article yielded carries it. In a document in its speaker's own voice (any genre
but ``news``, or a speaker given) the speaker's own statements are added
(:func:`stancemap.nlp.ownvoice.match_own`, kind ``own``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from stancemap.errors import PipelineError
from stancemap.ingest.authors import with_detected_speaker
from stancemap.models import Article, Statement
from stancemap.nlp.attribution import match
from stancemap.nlp.convert import to_statements
from stancemap.nlp.known_actors import NO_ACTORS, KnownActors
from stancemap.nlp.ownvoice import MODES, match_own
from stancemap.nlp.spans import TEXT_KEY, doc_text, line_break_tokens

#: Most characters parsed in one ``nlp.pipe`` batch (about 8,000 tokens, some 140 MB of activations).
BATCH_CHARS = 40_000
#: What travels with each doc through :func:`budgeted` and ``nlp.pipe(..., as_tuples=True)``.
T = TypeVar("T")
#: Largest chunk of one text parsed at once (well under spaCy's default max_length of 1,000,000).
CHUNK_CHARS = BATCH_CHARS

_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"(?<=[.!?])\s+"), re.compile(r"\s+"))


def split_chunks(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """Cut ``text`` into ``(offset, chunk)`` pieces of at most ``limit`` characters.

    Cuts fall after a blank line if there is one in the second half of the
    window, else after a line break, a sentence end, a space, or (for a text
    with no spaces) at the limit. Joined back, the chunks are ``text``.

    >>> split_chunks("aa bb.\\n\\ncc dd.", limit=9)
    [(0, 'aa bb.\\n\\n'), (8, 'cc dd.')]
    """
    out: list[tuple[int, str]] = []
    pos = 0
    n = len(text)
    while n - pos > limit:
        window = text[pos : pos + limit]
        cut = 0
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(window) if m.end() > limit // 2]
            if ends:
                cut = ends[-1]
                break
        if cut <= 0:
            cut = limit
        out.append((pos, text[pos : pos + cut]))
        pos += cut
    if pos < n or not out:
        out.append((pos, text[pos:]))
    return out


#: A typographic apostrophe after a plural "s" before a word ("Sanders’ aides"): the model tags the name a
#: common noun unless it reads an ASCII apostrophe there.
_PLURAL_POSSESSIVE = re.compile("(?<=[a-z]s)\u2019(?= [a-z])")
#: Characters the parser reads in their plain forms. No-break and figure spaces as spaces: the tokenizer makes each
#: a token of its own, and the parser then breaks the phrase around it ("a serial liar,\u00a0rampant xenophobe ...
#: who has pledged": the list is cut and the "who" loses its antecedent; 243 of the 840 PolNeAR train articles hold
#: one). The horizontal bar (U+2015) some sites use as a dash, as an em dash: the tagger reads it as a word, a verb
#: or a noun, and made "public \u2015" the subject of "Trump boasted" (26 of the 924 PolNeAR articles hold one).
_PLAIN_FORMS = str.maketrans({"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2015": "\u2014"})


def prepare(nlp: Language, text: str) -> Doc:
    """Tokenise ``text`` and mark a sentence start after each line break (before parsing).

    The tokenizer reads a plural possessive's typographic apostrophe, no-break spaces and a horizontal bar as their
    plain forms (same length, so every offset is the text's); the Doc keeps ``text`` as written (:func:`doc_text`).

    >>> import spacy
    >>> [t.text for t in prepare(spacy.blank("en"), "A b\\nC d") if t.is_sent_start]
    ['A', 'C']
    """
    doc = nlp.make_doc(_PLURAL_POSSESSIVE.sub("'", text).translate(_PLAIN_FORMS))  # same length: the offsets hold
    doc.user_data[TEXT_KEY] = text  # the tokenizer is lossless: doc.text == text up to those characters
    n = len(doc)
    for i in line_break_tokens(doc).tolist():
        if i + 1 < n:
            doc[i + 1].is_sent_start = True
    return doc


def is_own_voice(article: Article) -> bool:
    """Whether ``article`` is in its speaker's own voice: a genre other than news, or a speaker given.

    >>> is_own_voice(Article("a", "x")), is_own_voice(Article("a", "x", genre="testimony"))
    (False, True)
    """
    return article.genre != "news" or bool(article.speaker)


def _tasks(nlp: Language, articles: Iterable[Article]) -> Iterator[tuple[Doc, tuple[Article, int, int, int]]]:
    for article in articles:
        article = with_detected_speaker(article)
        body = article.text[article.body_start :]
        chunks = split_chunks(body)
        for k, (off, chunk) in enumerate(chunks):
            yield prepare(nlp, chunk), (article, article.body_start + off, k, len(chunks))


def budgeted(items: Iterable[tuple[Doc, T]], size: int, chars: int = BATCH_CHARS) -> Iterator[list[tuple[Doc, T]]]:
    """Group ``(doc, context)`` pairs into batches of at most ``size`` docs and ``chars`` characters.

    A doc longer than ``chars`` on its own is a batch of one.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> docs = [(nlp.make_doc("x" * n), n) for n in (30, 30, 50, 10)]
    >>> [[n for _, n in batch] for batch in budgeted(docs, size=3, chars=60)]
    [[30, 30], [50, 10]]
    """
    batch: list[tuple[Doc, T]] = []
    used = 0
    for doc, context in items:
        n = len(doc_text(doc))
        if batch and (len(batch) >= size or used + n > chars):
            yield batch
            batch, used = [], 0
        batch.append((doc, context))
        used += n
    if batch:
        yield batch


def _parsed(nlp: Language, tasks: Iterable[tuple[Doc, T]], batch_size: int) -> Iterator[tuple[Doc, T]]:
    """Run the pipeline over prepared docs, one character-budgeted batch at a time."""
    for batch in budgeted(tasks, batch_size):
        yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch))


def extract_many(
    nlp: Language, articles: Iterable[Article], batch_size: int = 32, *, own_voice: str = "claims",
    keywords: Iterable[str] = (), known: KnownActors = NO_ACTORS,
) -> Iterator[tuple[Article, list[Statement]]]:
    """Yield ``(article, statements)`` for each article, parsing with ``nlp.pipe``.

    Parameters
    ----------
    nlp : Language
        A loaded pipeline with a parser (see :func:`stancemap.nlp.load_pipeline`).
    articles : iterable of Article
        Parsed lazily, in order.
    batch_size : int
        Most documents (chunks) parsed at once; a batch also stops at
        :data:`BATCH_CHARS` characters, which bounds memory.
    own_voice : str
        How the speaker's own statements are selected in own-voice documents:
        ``claims`` (default), ``all`` or ``none`` (see :mod:`stancemap.nlp.ownvoice`).
    keywords : iterable of str
        Codebook keywords: with ``claims``, an own-voice sentence naming one is a statement.
    known : KnownActors, optional
        The actor registry speakers are resolved with (:mod:`stancemap.nlp.known_actors`): the
        pipeline passes the starter registry; none by default.

    Yields
    ------
    (Article, list of Statement)
        The article with any speaker detected from its text filled in.

    Raises
    ------
    PipelineError
        E401 when the pipeline fails on a document (the message names it).
    ValueError
        When ``own_voice`` is not one of ``claims``, ``all``, ``none``.
    """
    if own_voice not in MODES:
        raise ValueError(f"own-voice mode {own_voice!r}: use one of {', '.join(MODES)}")
    keywords = tuple(keywords)
    found: list[Statement] = []
    stream = _parsed(nlp, _tasks(nlp, articles), batch_size)
    while True:
        try:
            doc, (article, offset, k, n) = next(stream)
        except StopIteration:
            break
        except Exception as exc:  # pragma: no cover - depends on the pipeline
            raise PipelineError.of("E401.parse", reason=exc) from exc
        if k == 0:
            found = []
        found.extend(_chunk_statements(doc, article, offset, own_voice, keywords, known))
        if k == n - 1:
            yield article, found


def _chunk_statements(
    doc: Doc, article: Article, offset: int, own_voice: str, keywords: tuple[str, ...], known: KnownActors
) -> list[Statement]:
    """The statements of one parsed chunk of ``article`` (starting at ``offset``); E401 if extraction fails."""
    try:
        attributions = match(doc)
        if own_voice != "none" and is_own_voice(article):
            attributions = match_own(doc, attributions, mode=own_voice, keywords=keywords,
                                     speaks_for=(article.speaker_org or "", article.role or ""))
        return to_statements(doc, attributions, article, offset, known)
    except Exception as exc:
        raise PipelineError.of("E401.extract", where=article.origin or article.doc_id, reason=exc) from exc


def extract_statements(nlp: Language, article: Article, **options: object) -> list[Statement]:
    """Return the statements of one article (see :func:`extract_many` for ``options``)."""
    for _, statements in extract_many(nlp, [article], batch_size=1, **options):  # type: ignore[arg-type]
        return statements
    return []
