"""``semantic.v1``, the default coder: relevance by meaning, stance by a (claim, text) model.

For every statement and issue of the codebook:

1. **Relevance** (:mod:`.relevance`): the statement's content and its sentence are embedded (the static
   embedder, :mod:`.embeddings`; past a floor, the sentence encoder too, :mod:`.encodedrelevance`) and
   compared with the issue's claim, label, description, examples and keywords, people's names left out on
   both sides (a name shared with the claim never makes a statement relevant). Below :data:`.relevance.THRESHOLD`
   (in a speaker's own voice :data:`.relevance.OWN_VOICE_THRESHOLD`) no coding is made.
2. **Stance**: the packaged pair model (:mod:`stancemap.stance.pairmodel`, trained on
   Perspectrum and IBM ArgQ, never on the user's issues) reads the issue's claim and the
   statement (its cue, when the cue is not part of the content, then the content; a fragment
   in reported speech, its sentence: :mod:`stancemap.stance.statementtext`) and gives calibrated
   probabilities of support and oppose. When neither side leads by the model's
   ``neutral_margin`` the coding is ``neutral``. An issue's codebook examples and
   people's corrections adapt its model (:mod:`stancemap.stance.adapt`).

The coding's ``confidence`` is the chance that such a decision is right on news
(:mod:`stancemap.stance.calibration`), its ``relevance``
the relevance probability, and its ``evidence`` the codebook phrase (or keyword) closest
to the statement. No training data from the user is needed; people's codings adapt an
issue's model through :mod:`stancemap.stance.adapt` (``stancemap stance learn``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from stancemap.models import Coding, Issue
from stancemap.stance import relevance as rel
from stancemap.stance import replies
from stancemap.stance.adapt import LEARNING_EMBEDDER, LEARNING_SETTINGS, IssueAdapter
from stancemap.stance.adaptconfidence import ConfidenceMap, adapted_confidence_map
from stancemap.stance.adapterfile import read_corrections_file
from stancemap.stance.calibration import load_calibration
from stancemap.stance.coderfingerprint import coder_fingerprint
from stancemap.stance.coders import register_coder
from stancemap.stance.embeddings import DEFAULT_EMBEDDER, Embedder, get_embedder
from stancemap.stance.encodedrelevance import encoder_policy
from stancemap.stance.lexical import KeywordCoder
from stancemap.stance.pairmodel import PairModel, load_pair_model
from stancemap.stance.registrynames import starter_organisations, starter_people
from stancemap.stance.ruledecision import claim_rules, decisive, rule_pass, rule_reader
from stancemap.stance.sides import settled, turned_round
from stancemap.stance.statementtext import frame, stance_text
from stancemap.stance.vectorcache import CachedEmbedder, VectorCache

__all__ = ["CODER_NAME", "SemanticCoder", "make_semantic_coder"]

CODER_NAME = "semantic.v1"


class SemanticCoder:
    """Relevance by embeddings, stance by the pair model (see the module docstring).

    Parameters
    ----------
    embedder : str
        A registered embedder name (default ``e5-static.v1``).
    model : PairModel or path, optional
        The stance model; default the packaged ``embed-lr.v1``.
    name_words : iterable of str
        People's names whose words never count for relevance (see
        :func:`stancemap.stance.relevance.person_name_words`).
    threshold : float
        The relevance from which a statement is coded (default the fitted one).
    own_voice_threshold : float
        The same for a statement in its speaker's own voice (``sided`` in :meth:`code_many`).
    encoder : str
        Which issues the sentence encoder reads for relevance (:func:`~.encodedrelevance.encoder_policy`).
    rules : bool
        Let the cue rules decide where they are decisive (see :meth:`_stances`).
    corrections : path, optional
        A project's corrections file (``stancemap stance learn``); ``path=`` ending in
        ``.json`` is the same, any other ``path=`` a stance model file.
    """

    name = CODER_NAME

    def __init__(self, embedder: str = DEFAULT_EMBEDDER, model: PairModel | str | Path | None = None,
                 name_words: Sequence[str] = (), threshold: float = rel.THRESHOLD,
                 corrections: str | Path | None = None, path: str | Path | None = None, rules: bool = True,
                 own_voice_threshold: float = rel.OWN_VOICE_THRESHOLD, encoder: str = "auto") -> None:
        if path is not None and str(path).endswith(".json"):
            corrections = corrections or path
        elif path is not None:
            model = model or path
        self.embedder = get_embedder(embedder)
        #: the sentence encoder that reads relevance again past the static floor, and which issues it reads
        self.encoder_name, self.encoder_policy = encoder_policy(encoder)
        self._encoder: Embedder | None = None
        self.model = model if isinstance(model, PairModel) else load_pair_model(model)
        self.name_words = rel.person_name_words(name_words)
        self.organisations = starter_organisations()
        self.threshold = threshold
        self.own_voice_threshold = own_voice_threshold
        self.rules = KeywordCoder() if rules else None
        self.calibration = load_calibration()
        self._indexes: dict[tuple[Issue, ...], rel.IssueIndex] = {}
        self._adapters: dict[Issue, IssueAdapter | None] = {}
        self._confidence_map: ConfidenceMap | None = None
        self._corrections_of: dict[Issue, list[tuple[str, str]]] = {}
        self._learning_embedder: Embedder | None = None
        self._vector_cache: VectorCache | None = None
        #: the prior of an issue people corrected (:data:`~stancemap.stance.adapt.LEARNING_SETTINGS`)
        self.learning_settings = LEARNING_SETTINGS
        self.corrections = read_corrections_file(corrections) if corrections else {}

    @property
    def corrections(self) -> dict[str, Any]:
        """People's corrections per issue id (``{"claim": ..., "corrections": [[text, label], ...]}``)."""
        return self._corrections

    @corrections.setter
    def corrections(self, corrections: dict[str, Any]) -> None:
        """New corrections: what was fitted or indexed on the old ones is dropped, the fingerprint made again."""
        self._corrections = corrections
        self._indexes.clear()
        self._adapters.clear()
        self._corrections_of.clear()
        self._confidence_map = None
        self.fingerprint = coder_fingerprint(self, corrections)  # what made a coding, for recoding

    def adapter(self, issue: Issue) -> IssueAdapter | None:
        """The issue's stance model adapted to its codebook examples and people's corrections (or ``None``).

        People's corrections count while the issue keeps the claim they were made on; they are learnt on
        :data:`~stancemap.stance.adapt.LEARNING_EMBEDDER`, codebook examples alone on the coder's embedder.
        """
        if issue not in self._adapters:
            corrections = self.corrections_of(issue)
            found = [(text, stance) for text, stance in issue.examples] + corrections
            if not found:
                self._adapters[issue] = None
            elif corrections:  # the rules no longer decide alone: they weigh in the adapter's prior
                self._adapters[issue] = IssueAdapter.fit(issue.claim, found, self.model, self.embedder,
                                                         self.learning_settings, stance_embedder=self.learning_embedder,
                                                         rules=rule_reader(self.rules, issue))
            else:  # the rules decide first where they do (:meth:`decisions`)
                self._adapters[issue] = IssueAdapter.fit(issue.claim, found, self.model, self.embedder)
        return self._adapters[issue]

    def corrections_of(self, issue: Issue) -> list[tuple[str, str]]:
        """People's corrections of ``issue`` that count: those made on its current claim (read once per issue)."""
        if issue not in self._corrections_of:
            entry = self.corrections.get(issue.id)
            found = entry["corrections"] if entry and entry.get("claim") == issue.claim else []
            self._corrections_of[issue] = [(str(text), str(label)) for text, label in found]
        return self._corrections_of[issue]

    @property
    def confidence_map(self) -> ConfidenceMap:
        """What a corrected issue's raw probability means: the chance of being right, fitted on every correction
        held out of its issue's fit (:mod:`stancemap.stance.adaptconfidence`; once per set of corrections)."""
        if self._confidence_map is None:
            self._confidence_map = adapted_confidence_map(self.corrections, self.model, self.embedder,
                                                          self.learning_settings, self.learning_embedder,
                                                          partial(claim_rules, self.rules))
        return self._confidence_map

    @property
    def learning_embedder(self) -> Embedder:
        """The embedder people's corrections are learnt on (:data:`~stancemap.stance.adapt.LEARNING_EMBEDDER`,
        made on first use: it loads a model)."""
        if self._learning_embedder is None:
            made = get_embedder(LEARNING_EMBEDDER)
            self._learning_embedder = made if self._vector_cache is None else CachedEmbedder(made, self._vector_cache)
        return self._learning_embedder

    @learning_embedder.setter
    def learning_embedder(self, embedder: Embedder) -> None:
        self._learning_embedder = embedder
        self._drop_learnt_adapters()

    @property
    def vector_cache(self) -> VectorCache | None:
        """Where the vectors of :attr:`learning_embedder` and of whole documents are kept (a store's, while
        recoding it), or ``None``."""
        return self._vector_cache

    @vector_cache.setter
    def vector_cache(self, cache: VectorCache | None) -> None:
        self._vector_cache = cache
        self._learning_embedder = None  # made again, with the cache, on first use
        self._drop_learnt_adapters()

    def _drop_learnt_adapters(self) -> None:
        """Forget the adapters fitted on :attr:`learning_embedder` (the corrected issues'), and the
        :attr:`confidence_map`; those of issues with codebook examples alone read the coder's own embedder and stay."""
        self._confidence_map = None
        self._adapters = {issue: adapter for issue, adapter in self._adapters.items()
                          if not self.corrections_of(issue)}

    # ------------------------------------------------------------ embeddings

    def embed_statements(self, contents: Sequence[str], contexts: Sequence[str]) -> np.ndarray:
        """Embeddings of the contents and of their sentences, names left out: ``(n, 2, dim)``.

        A context that does not hold the content (a cue such as "have been wary of") frames it.
        """
        contexts = [frame(content, context)[0] for content, context in zip(contents, contexts, strict=False)]
        texts = [rel.strip_names(t, self.name_words) for t in list(contents) + list(contexts)]
        vectors = np.asarray(self.embedder.embed(texts), dtype=np.float32)
        n = len(contents)
        return np.stack([vectors[:n], vectors[n:]], axis=1) if n else vectors.reshape(0, 2, self.embedder.dim)

    def index(self, issues: Sequence[Issue]) -> rel.IssueIndex:
        """The embedded phrases of ``issues`` (built once per set of issues), without the
        keywords people's corrections contradict (:func:`stancemap.stance.relevance.muted_keywords`)."""
        key = tuple(issues)
        if key not in self._indexes:
            muted = {issue.id: rel.muted_keywords(issue.keywords, self.corrections_of(issue)) for issue in key}
            reads = self.encoder_name and rel.encoded_columns(key, self.encoder_policy).size  # else never loaded
            self._indexes[key] = rel.IssueIndex(key, self.embedder, self.name_words, muted, self.organisations,
                                                encoder=self.encoder if reads else None, policy=self.encoder_policy)
        return self._indexes[key]

    @property
    def encoder(self) -> Embedder | None:
        """The sentence encoder (loaded on first use), or ``None``."""
        if self._encoder is None and self.encoder_name:
            self._encoder = get_embedder(self.encoder_name)
        return self._encoder

    # ------------------------------------------------------------ coding

    def document_vectors(self, documents: Sequence[str]) -> np.ndarray:
        """Each whole document's embedding, names left out (the relevance's document feature), as float16:
        with a :attr:`vector_cache` (a store's, while it is recoded) read back or kept (:class:`CachedEmbedder`)."""
        embedder = self.embedder if self._vector_cache is None else CachedEmbedder(self.embedder, self._vector_cache)
        made = embedder.embed([rel.strip_names(d, self.name_words) for d in documents])
        return np.asarray(made, dtype="<f2").astype(np.float32).reshape(len(documents), self.embedder.dim)

    def code_many(self, contents: Sequence[str], contexts: Sequence[str], cues: Sequence[str | None],
                  issues: Sequence[Issue], vectors: np.ndarray | None = None,
                  document: str | None = None, sided: Sequence[bool] | None = None,
                  document_vector: np.ndarray | None = None, people: Sequence[bool] | None = None
                  ) -> list[list[Coding]]:
        """Code many statements on many issues at once; per statement, its codings.

        ``vectors`` are :meth:`embed_statements` of the statements when stored ones exist;
        ``document`` is the text of the document they all come from, when they do (its
        :meth:`document_vectors` row may be given as ``document_vector``); ``sided``
        marks the statements in their speaker's own voice (see :meth:`decisions`), which are
        coded from :attr:`own_voice_threshold` on; ``people`` those a person said (:meth:`decisions`).
        """
        if not contents or not issues:
            return [[] for _ in contents]
        contexts = [frame(content, context)[0] for content, context in zip(contents, contexts, strict=False)]
        if vectors is None:
            vectors = self.embed_statements(contents, contexts)
        shifts = np.zeros((len(contents), len(issues)), dtype=np.float32)
        for col, issue in enumerate(issues):
            adapter = self.adapter(issue)
            if adapter is not None:
                shifts[:, col] = adapter.relevance_shift(vectors[:, 0])
        if document_vector is None and document:
            document_vector = self.document_vectors([document])[0]
        index = self.index(issues)
        encoder = None if index.encoded is None or self.encoder is None else self.encoder if \
            self._vector_cache is None else CachedEmbedder(self.encoder, self._vector_cache)
        scores = index.score(contents, contexts, vectors[:, 0], vectors[:, 1], shifts=shifts,
                                          document_vector=document_vector, encoder=encoder)
        own = np.full(len(issues), self.own_voice_threshold)  # the encoder finds own-voice statements unaided
        own[index.encoded_columns] = self.threshold
        wanted = [(row, col) for row in range(len(contents)) for col in range(len(issues))
                  if scores[row][col].score >= (own[col] if sided is not None and sided[row] else self.threshold)]
        out: list[list[Coding]] = [[] for _ in contents]
        if not wanted:
            return out
        # a fragment is read in its sentence, except in a speaker's own voice
        stances = self._stances([issues[c] for _, c in wanted],
                                [stance_text(contents[r], cues[r], None if sided is not None and sided[r]
                                             else contexts[r]) for r, _ in wanted],
                                [(contents[r], contexts[r]) for r, _ in wanted],
                                None if sided is None else [sided[r] for r, _ in wanted],
                                people=None if people is None else [people[r] for r, _ in wanted])
        for (row, col), (stance, p) in zip(wanted, stances, strict=False):
            found = scores[row][col]
            out[row].append(Coding(issue=issues[col].id, stance=stance, confidence=p, origin=f"model:{self.name}",
                                   relevance=found.score, evidence=found.evidence))
        return out

    def _stances(self, issues: Sequence[Issue], texts: Sequence[str],
                 framed: Sequence[tuple[str, str]] | None = None,
                 sided: Sequence[bool] | None = None, sentences: bool = False,
                 people: Sequence[bool] | None = None) -> list[tuple[str, float]]:
        """Stance and confidence per (issue, text): :meth:`decisions`, the confidence calibrated.

        The confidence is the chance that such a decision is right on news, in the speaker's own voice where
        ``sided`` marks it, or on news ``sentences`` (:mod:`stancemap.stance.calibration`), except on an issue
        people's corrections adapted, whose adapted model's probability is mapped by :attr:`confidence_map`.
        """
        out = []
        own = list(sided) if sided is not None else [False] * len(texts)
        decided = self.decisions(issues, texts, framed, sided, sentences, people)
        for issue, (stance, raw, way), own_voice in zip(issues, decided, own, strict=True):
            adapted = bool(self.corrections_of(issue))
            calibrated = self.calibration.confidence(way, raw, own_voice, sentences)
            out.append((stance, self.confidence_map(raw) if adapted else calibrated))
        return out

    def decisions(self, issues: Sequence[Issue], texts: Sequence[str],
                  framed: Sequence[tuple[str, str]] | None = None,
                  sided: Sequence[bool] | None = None, sentences: bool = False,
                  people: Sequence[bool] | None = None) -> list[tuple[str, float, str]]:
        """Stance, raw score and the way it was decided per (issue, text): the cue rules where they decide,
        else the model.

        ``framed`` holds each statement's ``(content, sentence)`` for the cue rules (:mod:`.lexical`): where they
        find the stance decisively (a polar cue such as "have been wary of", a negation, "some say ... but that is
        wrong") or a deliberation with no stance cue ("whether to ..."), their coding stands (way ``rule`` or
        ``rule-neutral``), unless a person's corrections adapted the issue (there it is evidence in the adapter's
        prior, :func:`~.ruledecision.rule_reader`). Elsewhere the issue's adapter, or the zero-shot model, decides
        (:func:`~.sides.settled`), reading a clause the statement denies with no cue in it ("he denied that
        vaccines cause autism") on its own and turning its stance round; a side whose lead is below the model's
        ``neutral_margin`` (more where the rules find no cue, :func:`~.sides.statement_margin`) is ``neutral``,
        except in a speaker's own voice (``sided``), where the rules found polar cues they could not read as one
        side, and where ``people`` marks a statement a person said. A pair file's ``sentences`` need more
        (:func:`~.sides.sentence_margins`).
        """
        out: list[tuple[str, float, str] | None] = [None] * len(texts)
        margins = [self.model.neutral_margin] * len(texts)
        denied, evidence_for, cued = rule_pass(self.rules, issues, framed, sentences, out, margins,
                                               lambda issue: bool(self.corrections_of(issue)))
        groups: dict[Issue, list[int]] = {}
        for i, issue in enumerate(issues):
            groups.setdefault(issue, []).append(i)
        for issue, rows in groups.items():
            rows = [i for i in rows if out[i] is None]
            if not rows:
                continue
            adapter = self.adapter(issue)
            chunk = [denied.get(i, texts[i]) for i in rows]
            if adapter is not None:
                said = [evidence_for[i] for i in rows] if all(i in evidence_for for i in rows) else None
                probs, labels = adapter.predict_proba(chunk, said), list(adapter.labels)
            else:
                probs, labels = self.model.predict_proba([issue.claim] * len(chunk), chunk), list(self.model.labels)
            for i, row in zip(rows, probs, strict=False):
                settle = ("model-sided" if sided is not None and sided[i] else "model-cued" if i in cued
                          else "model-person" if people is not None and people[i] else None)
                out[i] = settled(labels, turned_round(labels, row) if i in denied else row, margins[i], settle)
        return out  # type: ignore[return-value]

    def stated_side(self, cue: str, content: str, context: str, issue: Issue) -> str | None:
        """The side a speaker takes on ``issue`` in so many words: where their ``cue`` evaluates or demands ("we
        *oppose* a one-size-fits-all mandate", "Congress *should* reject it"), the cue rules' support or oppose
        of ``content`` read in ``context`` where they decide (``None`` elsewhere, and on an issue people's
        corrections adapted)."""
        if self.rules is None or self.corrections_of(issue) or not self.rules.lexicon.takes_a_side(cue):
            return None
        ruled = self._ruled(issue, content, context)
        return ruled[0] if ruled is not None and ruled[0] != "neutral" else None

    def _ruled(self, issue: Issue, content: str, context: str) -> tuple[str, float] | None:
        """The cue rules' stance when it is decisive (see :meth:`decisions`), else ``None``."""
        assert self.rules is not None
        return decisive(*self.rules.judge(content, context, issue))

    def code(self, content: str, context: str, issue: Issue) -> Coding | None:
        """Code one statement on one issue; ``None`` when not relevant (the coder protocol)."""
        found = self.code_many([content], [context], [None], [issue])[0]
        return found[0] if found else None

    def code_stances(self, claims: Sequence[str], texts: Sequence[str],
                     labels: Sequence[str] = ("support", "oppose", "neutral"),
                     sentences: bool = True) -> list[tuple[str, float]]:
        """Stance and confidence of each text taken as relevant to the issue whose claim is beside it.

        What ``stancemap stance predict`` gives without ``--model``: the cue rules where they decide, else the
        zero-shot model with the neutral rule, each claim an issue of its own (no codebook, no relevance gate),
        the texts read as news ``sentences`` (:func:`~.sides.sentence_margins`) or as claims that take sides. With
        support and oppose only, the model's likelier side: its features hold the rules' score, and on debate
        arguments the rules alone are right less often (IBM ArgQ dev: 0.66 against 0.84).
        """
        if set(labels) == {"support", "oppose"}:
            probs = self.model.predict_proba(list(claims), list(texts))
            sides = [list(self.model.labels).index(label) for label in ("support", "oppose")]
            return [(("support", "oppose")[int(row[sides].argmax())], round(float(row[sides].max()), 4))
                    for row in probs]
        issues = {claim: Issue(id=f"claim-{i}", label=claim, claim=claim)
                  for i, claim in enumerate(dict.fromkeys(claims))}
        return self._stances([issues[c] for c in claims], list(texts), [(t, t) for t in texts],
                             [not sentences] * len(texts), sentences)

    def reply_sign(self, content: str) -> int | None:
        """+1 / -1 where ``content`` is a short reply that agrees / refuses, else ``None`` (:mod:`.replies`)."""
        return replies.reply_sign(content, self.rules.lexicon if self.rules is not None else None)

    def code_stance(self, content: str, context: str, issue: Issue, sided: bool = False) -> Coding:
        """The stance of ``content`` taken as relevant to ``issue`` (for continuations); ``sided``
        as in :meth:`decisions`."""
        (stance, p), = self._stances([issue], [content], [(content, context)], [sided])
        return Coding(issue=issue.id, stance=stance, confidence=p, origin=f"model:{self.name}")


@register_coder(CODER_NAME)
def make_semantic_coder(**options: Any) -> SemanticCoder:
    """Factory for ``semantic.v1``; ``path=`` uses another stance model file (e.g. a project's).

    Without ``name_words``, the starter registry's people are left out of relevance.
    """
    options.setdefault("name_words", starter_people())
    return SemanticCoder(**options)
