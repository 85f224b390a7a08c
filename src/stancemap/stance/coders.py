"""Stance coders under versioned names, and coding statements against a codebook.

A stance coder is any object with a ``name`` and a method
``code(content, context, issue) -> Coding | None`` that returns ``None`` when the
text is not relevant to the issue (and optionally ``code_stance``, see
:class:`StanceCoder`). Coders are made by factories registered
under a versioned name (``keyword.v1``); the built-in coders use the same
registry as plug-ins do::

    @register_coder("my-coder.v1")
    def make_my_coder(**options) -> StanceCoder: ...

Names are versioned: a coder that behaves differently gets a new name, so a
stored coding's origin (``model:keyword.v1``) always says what made it.
"""

from __future__ import annotations

import inspect
from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate
from typing import Any, Protocol, TypeVar, runtime_checkable

import numpy as np

from stancemap.context import sentence_around
from stancemap.errors import UsageError
from stancemap.models import Codebook, Coding, Issue, Statement, TextSpan
from stancemap.stance.consistency import agree_with_the_speaker, in_own_voice, takes_sides
from stancemap.stance.continuity import DECAY, METHOD, REPLY, answered_text, continuations, inherit, side_of_reply
from stancemap.stance.proposals import names_the_proposal
from stancemap.stance.registry import register_versioned

__all__ = [
    "StanceCoder", "register_coder", "get_coder", "registered_coders", "code_statements",
    "DEFAULT_CODER", "coded_with_mark",
]

#: The coder used when none is named: relevance by meaning, stance by the packaged pair model
#: (see :mod:`stancemap.stance.semantic` and ``data/MODEL_CARD.md``).
DEFAULT_CODER = "semantic.v1"

_REGISTRY: dict[str, Callable[..., StanceCoder]] = {}
_BUILTINS = ("stancemap.stance.lexical", "stancemap.stance.semantic")


@runtime_checkable
class StanceCoder(Protocol):
    """What :func:`code_statements` needs from a coder.

    A coder may also have ``code_stance(content, context, issue) -> Coding``: the
    stance of a text taken as relevant (no relevance gate, never ``None``). The
    built-in coders have it; :func:`code_statements` uses it for statements that
    inherit relevance from the statement they continue (:mod:`stancemap.stance.continuity`).
    """

    name: str

    def code(self, content: str, context: str, issue: Issue) -> Coding | None:
        """The stance of ``content`` (framed by ``context``) on ``issue``, or ``None`` if not relevant."""
        ...


#: A coder factory; :func:`register_coder` returns it unchanged, so its own return type is kept.
_Factory = TypeVar("_Factory", bound=Callable[..., StanceCoder])


def register_coder(name: str) -> Callable[[_Factory], _Factory]:
    """Register a coder factory under a versioned ``name`` (decorator).

    ``name`` is ``<family>.v<N>``, e.g. ``"keyword.v1"``; a name without a version, or one taken
    by another factory, is a ``ValueError`` (:func:`stancemap.stance.registry.register_versioned`).

    Examples
    --------
    >>> @register_coder("always-neutral.v1")
    ... class AlwaysNeutral:
    ...     name = "always-neutral.v1"
    ...     def code(self, content, context, issue):
    ...         return Coding(issue.id, "neutral", 0.5, origin=f"model:{self.name}")
    >>> get_coder("always-neutral.v1").name
    'always-neutral.v1'
    """
    return register_versioned(_REGISTRY, "stance coder", name)


def _load_builtins() -> None:
    import importlib

    for module in _BUILTINS:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:  # an optional built-in whose dependency is missing
            if exc.name == module:
                continue
            if module != _BUILTINS[0]:
                continue
            raise


def registered_coders() -> list[str]:
    """Names of all registered coders, sorted."""
    _load_builtins()
    return sorted(_REGISTRY)


def get_coder(name: str = DEFAULT_CODER, **options: Any) -> StanceCoder:
    """Make the coder registered under ``name``.

    Parameters
    ----------
    name : str
        A registered versioned name (default :data:`DEFAULT_CODER`, ``"semantic.v1"``), optionally
        followed by ``@`` and a model file for coders that take ``path=``
        (``"semantic.v1@corpus.corrections.json"``, see
        :func:`stancemap.training.project_coder`).
    **options
        Passed to the coder's factory (e.g. ``path=`` for a trained model).

    Raises
    ------
    UsageError
        ``E500`` naming the coders that exist, when ``name`` is unknown.

    Examples
    --------
    >>> get_coder().name
    'semantic.v1'
    >>> get_coder("keyword.v1").name
    'keyword.v1'
    """
    _load_builtins()
    if "@" in name:
        name, _, path = name.partition("@")
        options.setdefault("path", path)
    factory = _REGISTRY.get(name)
    if factory is None:
        import difflib

        close = difflib.get_close_matches(name, _REGISTRY, n=1)
        if close:
            raise UsageError.of("E500.coder-suggest", name=name, close=close[0], available=", ".join(sorted(_REGISTRY)))
        raise UsageError.of("E500.coder", name=name, available=", ".join(sorted(_REGISTRY)))
    return factory(**options)


def _default_context(statement: Statement) -> str:
    return statement.cue.text if statement.cue is not None else ""


def code_statements(statements: Sequence[Statement], codebook: Codebook, coder: StanceCoder | str | None = None, *,
                    context: Callable[[Statement], str] | None = None, text: str | None = None,
                    continuity: bool = True, document_vector: np.ndarray | None = None,
                    consistency: bool = True) -> list[Statement]:
    """Return the statements with ``codings`` set: one Coding per relevant issue.

    Parameters
    ----------
    statements : sequence of Statement
        Best a whole document's statements at once, so that a statement is read with the one it continues.
    codebook : Codebook
    coder : StanceCoder or str, optional
        A coder or a registered name; default :data:`DEFAULT_CODER`.
    context : callable, optional
        ``context(statement) -> str``, the text framing the content: the sentence around it with ``text``, else its cue.
    text : str, optional
        The document's text, so that continuity sees its paragraphs and sentences.
    continuity : bool
        A statement not relevant to an issue that continues its speaker's statement just before it inherits that
        relevance (``+continuation``, :mod:`.continuity`); an own-voice reply is read on what it answers (``+reply``),
        and a position on "the rule" on the proposal just discussed (``+proposal``).
    document_vector : array, optional
        ``text``'s embedding by the coder's ``document_vectors`` (recoding reads them a batch at a time).
    consistency : bool
        In their own voice, a speaker's minority model codings on an issue take the side of the majority of
        their codings on it in the document (``+consistency``, :mod:`stancemap.stance.consistency`).

    Returns
    -------
    list of Statement
        New records, in the order given; people's codings (``person:...``) kept and no model coding added
        for their issue; earlier model codings replaced.

    Examples
    --------
    >>> from stancemap.models import TextSpan
    >>> cb = Codebook((Issue("tax", "Fuel tax", "Fuel taxes should be raised.",
    ...                      keywords=("fuel tax",)),))
    >>> s = Statement("d1", TextSpan(0, 37, "Raising the fuel tax is a dangerous mistake."))
    >>> [(c.issue, c.stance, c.origin) for c in code_statements([s], cb)[0].codings]
    [('tax', 'oppose', 'model:semantic.v1')]

    A continuation of the same speaker that refers back inherits the relevance; its stance is its own:

    >>> doc = "Ann said that the fuel tax is a dangerous mistake. That would hurt us. We meet tomorrow."
    >>> ann = TextSpan(0, 3, "Ann")
    >>> said = [Statement("d1", TextSpan(a, b, doc[a:b]), speaker=ann) for a, b in ((14, 49), (51, 70), (71, 88))]
    >>> [[(c.stance, c.origin) for c in s.codings] for s in code_statements(said, cb, text=doc)]
    [[('oppose', 'model:semantic.v1')], [('oppose', 'model:semantic.v1+continuation')], []]
    """
    if coder is None or isinstance(coder, str):
        coder = get_coder(coder or DEFAULT_CODER)
    links = continuations(statements, text) if continuity and len(statements) > 1 else {}
    framings = _framings(statements, context, text)
    sided = takes_sides(statements)
    found, embedded = _model_codings(statements, framings, codebook, coder, text, sided, document_vector)
    out = _coded_in_text_order(statements, found, embedded, links, framings, codebook, coder, sided)
    if continuity and text is not None:  # replies, then positions on the proposal under discussion
        out = _proposals_coded(_replies_coded(out, framings, codebook, coder, text), framings, codebook, coder)
    return agree_with_the_speaker(out, _stated_outright(coder, codebook, out, framings)) if consistency else out


#: The confidence of a reply's coding: on the own-voice train and dev sets such codings were right 7 times of 7,
#: shrunk towards the own-voice overall accuracy (about 0.75).
REPLY_CONFIDENCE = 0.8


def _replies_coded(statements: Sequence[Statement], framings: Sequence[str], codebook: Codebook,
                   coder: StanceCoder, text: str) -> list[Statement]:
    """Each short reply in a speaker's own voice ("We do not agree.", "No, we oppose it.") coded on the issues of
    the text it answers, its side that text's turned round or kept (:mod:`stancemap.stance.replies`): it replaces
    what continuity inherited and adds to what the reply found itself. Needs a coder with ``reply_sign``. In news
    (measured on PolNeAR dev: four such codings, none right) the sentence before a quote is the narrator's."""
    sign_of = getattr(coder, "reply_sign", None)
    if sign_of is None:
        return list(statements)
    todo = []
    for i, statement in enumerate(statements):
        if statement.kind != "own":  # in news the sentence before is the narrator's
            continue
        sign = sign_of(statement.content.text) or sign_of(framings[i])
        answered = answered_text(text, statement.content.start) if sign is not None else None
        if sign is not None and answered is not None:
            todo.append((i, sign, answered))
    if not todo:
        return list(statements)
    asked = [Statement(statements[i].doc_id, TextSpan(0, len(a), a)) for i, _, a in todo]
    found, _ = _model_codings(asked, [a for _, _, a in todo], codebook, coder, None, [False] * len(asked))
    issues = {issue.id: issue for issue in codebook.issues}
    out = list(statements)
    for (i, sign, question), codings in zip(todo, found, strict=True):
        answers = {c.issue: c for c in codings}
        kept = tuple(c for c in out[i].codings if not (c.issue in answers and c.origin.endswith(f"+{METHOD}")))
        have = {c.issue for c in kept}
        replies = tuple(Coding(issue=c.issue,
                               stance=side_of_reply(sign, _stance_of(coder, question, issues[c.issue], c)),
                               confidence=REPLY_CONFIDENCE, origin=f"model:{coder.name}+{REPLY}",
                               relevance=round(c.relevance * DECAY, 4), evidence=c.evidence)
                        for c in codings if c.issue not in have)
        out[i] = out[i].with_(codings=kept + replies)
    return out


def _proposals_coded(statements: Sequence[Statement], framings: Sequence[str], codebook: Codebook,
                     coder: StanceCoder) -> list[Statement]:
    """Each short position in a speaker's own voice on a proposal named only as the one under discussion ("We
    oppose the rule as written.", "I support the Whitcomb amendment.": :func:`~.proposals.names_the_proposal`)
    that has no coding of its own, coded on the issue of the nearest earlier statement of the document that has
    a model coding (a person's is not read), whoever said it (in a hearing or debate, the proposal just
    discussed), its side read in its own words
    (origin ``+proposal``, confidence and relevance discounted by ``DECAY``). Needs a coder with ``code_stance``."""
    code_stance = getattr(coder, "code_stance", None)
    if code_stance is None:
        return list(statements)
    issues = {issue.id: issue for issue in codebook.issues}
    own = in_own_voice(statements)
    out = list(statements)
    order = sorted(range(len(out)), key=lambda i: (out[i].content.start, out[i].content.end))
    last: Coding | None = None
    for i in order:
        statement = out[i]
        if statement.codings:
            machine = [c for c in statement.codings if c.origin.startswith("model:")]  # a person's: never a cue
            last = max(machine, key=lambda c: c.relevance) if machine else last
            continue
        if last is None or last.issue not in issues or not own[i] or not names_the_proposal(statement.content.text):
            continue
        found = code_stance(statement.content.text, framings[i], issues[last.issue], sided=True)
        out[i] = statement.with_(codings=(Coding(issue=last.issue, stance=found.stance,
                                                 confidence=round(found.confidence * DECAY, 4),
                                                 origin=f"model:{coder.name}+{PROPOSAL}",
                                                 relevance=round(last.relevance * DECAY, 4), evidence=last.evidence),))
    return out


#: the origin suffix of a position on the proposal under discussion (:func:`_proposals_coded`)
PROPOSAL = "proposal"


def _stated_outright(coder: StanceCoder, codebook: Codebook, statements: Sequence[Statement],
                     framings: Sequence[str]) -> Callable[[Statement, Coding], bool] | None:
    """Whether a coding's side is stated in so many words: the statement's cue evaluates or demands and the
    coder's cue rules find that side (``stated_side``, where the coder has them) in the statement read in its
    framing. Not in a continuation, whose issue is inherited: its cue may be about something else."""
    stated_side = getattr(coder, "stated_side", None)
    if stated_side is None:
        return None
    issues = {issue.id: issue for issue in codebook.issues}
    framing = {id(statement): frame for statement, frame in zip(statements, framings, strict=True)}

    def outright(statement: Statement, coding: Coding) -> bool:
        issue = issues.get(coding.issue)
        if issue is None or statement.cue is None or "+continuation" in coding.origin:
            return False
        return stated_side(statement.cue.text, statement.content.text, framing.get(id(statement), ""),
                           issue) == coding.stance

    return outright


def _stance_of(coder: StanceCoder, text: str, issue: Issue, coding: Coding) -> str:
    """The side ``text`` takes on ``issue`` read alone where the coder's cue rules decide it ("Some have asked us
    to scrap the regulation"), else ``neutral`` (a question, a topic: the reply is read on the claim itself); a
    coder without ``decisions`` gives ``coding``'s stance."""
    decide = getattr(coder, "decisions", None)
    if decide is None:
        return coding.stance
    (stance, _, way), = decide([issue], [text], [(text, text)])
    return stance if way == "rule" else "neutral"


def _coded_in_text_order(statements: Sequence[Statement], found: Sequence[Sequence[Coding]],
                         embedded: Sequence[dict[str, Any]], links: dict[int, int], framings: Sequence[str],
                         codebook: Codebook, coder: StanceCoder, sided: Sequence[bool]) -> list[Statement]:
    """Each statement with its codings, made in text order when statements continue others (a continuation after
    the statement it inherits from); returned in the order given."""
    coded_with = coded_with_mark(codebook, coder)
    out: list[Statement | None] = [None] * len(statements)
    for i in sorted(range(len(statements)), key=lambda k: statements[k].content.start if links else k):
        before = out[links[i]] if i in links else None
        codings = _codings(statements[i], found[i], before, codebook, coder, framings[i], sided[i])
        out[i] = statements[i].with_(codings=codings, coded_with=coded_with, **embedded[i])
    return [statement for statement in out if statement is not None]  # every slot is filled


def _framings(statements: Sequence[Statement], context: Callable[[Statement], str] | None,
              text: str | None) -> list[str]:
    """Each statement's framing (:func:`_framer`); a statement reported inside another's content is framed by its
    own words only, from its speaker or cue to its content's end ("when they hear a candidate say it's a Chinese
    hoax, I think that is a barrier": the candidate's words are not read with Graham's)."""
    framer = _framer(context, text)
    if text is None:
        return [framer(st) for st in statements]
    # the contents by start, and the furthest end of any content starting at or before each: one sort, no pairs
    by_start = sorted((st.content.start, st.content.end) for st in statements)
    starts = [a for a, _ in by_start]
    reach = list(accumulate((b for _, b in by_start), max))
    out = []
    for st in statements:
        start = min(span.start for span in (st.speaker, st.cue, st.content) if span is not None)
        k = bisect_right(starts, start)  # contents starting at or before the speaker or cue (never st's own)
        inside = start < st.content.start and k > 0 and reach[k - 1] >= st.content.end
        out.append(text[start:st.content.end] if inside else framer(st))
    return out


def _framer(context: Callable[[Statement], str] | None, text: str | None) -> Callable[[Statement], str]:
    """How a statement is framed for the coder: ``context``, else its sentence in ``text``, else its cue."""
    if context is not None:
        return context
    if text is not None:
        return lambda st: sentence_around(text, st.content.start, st.content.end)
    return _default_context


def _codings(
    statement: Statement,
    found: Sequence[Coding],
    before: Statement | None,
    codebook: Codebook,
    coder: StanceCoder,
    framing: str,
    sided: bool,
) -> tuple[Coding, ...]:
    """A statement's codings: a person's kept, then the model's (``found``, or inherited from ``before``) per issue;
    ``sided``: the statement takes sides (:func:`~.consistency.takes_sides`)."""
    kept = tuple(c for c in statement.codings if c.origin.startswith("person:"))
    by_person = {c.issue for c in kept}
    by_issue = {c.issue: c for c in found}
    new = []
    for issue in codebook.issues:
        if issue.id in by_person:
            continue
        coding = by_issue.get(issue.id)
        if coding is None and before is not None:
            coding = _inherited(coder, statement, before, issue, framing, sided)
        if coding is not None:
            new.append(coding)
    return kept + tuple(new)


def coded_with_mark(codebook: Codebook, coder: StanceCoder) -> str:
    """What a coding stage records on each statement: ``"<codebook hash>|<coder fingerprint>"``.

    A coder's ``fingerprint`` (when it has one) names its model too, so that recoding
    finds what a changed codebook or a newly trained model has not coded.

    >>> coded_with_mark(Codebook((), hash="abc"), get_coder("keyword.v1"))
    'abc|keyword.v1'
    """
    return f"{codebook.hash}|{getattr(coder, 'fingerprint', coder.name)}"


def _model_codings(statements: Sequence[Statement], framings: Sequence[str], codebook: Codebook,
                   coder: StanceCoder, text: str | None, sided: Sequence[bool],
                   document_vector: np.ndarray | None = None) -> tuple[list[list[Coding]], list[dict[str, Any]]]:
    """The coder's codings of every statement on every issue, and the embeddings it made; ``sided``: which
    statements take sides (:func:`~.consistency.takes_sides`), for a coder that reads them so, as it may read
    those a person said (``people``: the extractor typed their speaker a person).

    A coder with ``code_many`` (and ``embed_statements``) codes the whole document at
    once, reusing a statement's stored embedding when the same embedder made it.
    """
    if not hasattr(coder, "code_many"):
        found = [[c for c in (coder.code(s.content.text, f, issue) for issue in codebook.issues) if c is not None]
                 for s, f in zip(statements, framings, strict=False)]
        return found, [{} for _ in statements]
    embedder = coder.embedder.name  # type: ignore[attr-defined]
    dim = coder.embedder.dim  # type: ignore[attr-defined]
    contents = [s.content.text for s in statements]
    vectors = np.zeros((len(statements), 2, dim), dtype=np.float32)
    todo = []
    for i, statement in enumerate(statements):
        if statement.embedding is not None and statement.embedder == embedder and \
                len(statement.embedding) == 2 * dim * 2:
            vectors[i] = np.frombuffer(statement.embedding, dtype="<f2").reshape(2, dim)
        else:
            todo.append(i)
    if todo:
        vectors[todo] = coder.embed_statements(  # type: ignore[attr-defined]
            [contents[i] for i in todo], [framings[i] for i in todo])
    cues = [s.cue.text if s.cue is not None else None for s in statements]
    extra: dict[str, Any] = {}
    if _takes(coder.code_many, "sided"):
        extra["sided"] = list(sided)
    if _takes(coder.code_many, "people"):
        extra["people"] = [s.speaker_type == "person" for s in statements]
    if document_vector is not None and _takes(coder.code_many, "document_vector"):
        extra["document_vector"] = document_vector
    found = coder.code_many(contents, framings, cues, codebook.issues, vectors=vectors,  # type: ignore[attr-defined]
                            document=text, **extra)
    embedded = [{"embedding": v.astype("<f2").tobytes(), "embedder": embedder} for v in vectors]
    return found, embedded


def _takes(method: Callable[..., Any], keyword: str) -> bool:
    """Whether a coder's method takes ``keyword`` (``sided``, ``people``: a plug-in coder need not)."""
    return keyword in inspect.signature(method).parameters


def _inherited(coder: StanceCoder, statement: Statement, before: Statement, issue: Issue,
               framing: str, sided: bool) -> Coding | None:
    # a person's coding is never a cue for the machine's (a DNA run would read the gold it is scored on)
    neighbour = next((c for c in before.codings if c.issue == issue.id and not c.origin.startswith("person:")), None)
    return None if neighbour is None else inherit(coder, statement, neighbour, issue, framing, sided)
