"""Relevance: whether a statement is about an issue, from meaning rather than shared words.

An issue is represented by its *phrases*: the claim, the label, each sentence of the
description, each example and each keyword, every one embedded once
(:class:`IssueIndex`). A statement is about an issue when its content (or the sentence
it stands in) is close in meaning to one of those phrases; the closest phrase is
recorded as the evidence, so a reader can see why a statement was coded.

Two rules keep relevance from firing on a shared word:

* Names of people are taken out of both sides before comparing ("Hillary Clinton said
  the weather in Vermont was lovely" is not about Clinton's health): the words of the
  person names the caller gives (the actor registry's people, see
  :func:`person_name_words`) are dropped.
* A keyword counts only when its words are found in the statement's content or its
  sentence, in any of their forms and close together (:mod:`stancemap.stance.keywords`:
  "Muslim ban" is found in "banning Muslims"), and a keyword that is nothing but a
  person's name counts for nothing; nor does an organisation's name the issue's claim and
  label do not name ("State Department" on Clinton's emails): a body speaks on many things.

The similarities (to the nearest phrase, to the issue's centroid and claim, for the
content and for its sentence), the keywords found and the margin over the next issue
(and, for an issue whose claim names a person, whether the sentence names them or
only other people) become a score through a logistic regression of thirteen weights,
one per way the codebook is written (:data:`MODELS`: a bare claim is compared with
less than an issue with a description, examples and keywords), fitted on hand-coded
news statements coded against the codebook and against it cut down to each subset of
its parts (``data/MODEL_CARD.md``).

>>> from stancemap.models import Issue
>>> index = IssueIndex([Issue("tax", "Fuel tax", "Fuel taxes should be raised.",
...                           keywords=("fuel tax",))], embedder=None)
>>> index.keyword_hit(0, "They oppose the new fuel tax.")
'fuel tax'
>>> index.keyword_hit(0, "Taxes on fuels?")
'Taxes on fuels'
>>> index.keyword_hit(0, "Fuel prices rose; the tax on income fell.") is None
True
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from stancemap.models import Issue
from stancemap.stance.encodedrelevance import FLOOR, EncodedPhrases, encoded_issue, encoded_models_for
from stancemap.stance.exclusions import IssueExclusions
from stancemap.stance.keywords import KeywordMatcher

__all__ = ["IssueIndex", "Relevance", "person_name_words", "organisation_names", "strip_names", "muted_keywords",
           "codebook_variant", "keyword_weight", "FEATURES", "PARTS", "MODELS", "MODELS_FINGERPRINT", "THRESHOLD",
           "OWN_VOICE_THRESHOLD", "SINGLE_WORD_KEYWORD", "encoded_columns"]

#: The relevance features of a (statement, issue) pair (see :meth:`IssueIndex.features`).
FEATURES: tuple[str, ...] = ("phrase_content", "phrase_sentence", "top3_content", "centroid_content",
                             "centroid_sentence", "claim_content", "claim_sentence", "keyword_content",
                             "keyword_sentence", "centroid_margin", "centroid_document", "claim_person",
                             "other_person")
#: What a codebook's author may write for an issue besides its claim and label.
PARTS: tuple[str, ...] = ("description", "examples", "keywords")
_FITTED_TEXT = (Path(__file__).parent / "data" / "relevance.v2.json").read_text(encoding="utf-8")
_FITTED = json.loads(_FITTED_TEXT)
#: what the relevance models are, and how keywords are read, for the coder's fingerprint (a new fit recodes stored
#: statements)
MODELS_FINGERPRINT = hashlib.sha256(_FITTED_TEXT.encode()).hexdigest()[:12] + ":organisation-keywords"
#: A statement is coded on an issue when its relevance reaches this (see ``relevance.v2.json``).
THRESHOLD = float(_FITTED["threshold"])
#: The threshold for a statement in its speaker's own voice (kind ``own``: testimony, speeches, press
#: releases). Such statements are already selected as claims and their documents keep to their subject,
#: so more of them are about the codebook's issues than of reported statements in news. Chosen on the
#: own-voice *train* set (``benchmarks/data/ownvoice_train``) from 0.5, 0.4, 0.3 and 0.2: (actor,
#: issue, agreement) F1 0.591 -> 0.622 with its codebook, 0.516 -> 0.559 with its claims alone as
#: concepts (relevance precision 0.897 -> 0.886 and 0.931 -> 0.886). Chosen again from 0.4, 0.3 and 0.2
#: when the news threshold fell to 0.4 (:data:`SINGLE_WORD_KEYWORD`): F1 0.835 / 0.829 / 0.810 with the
#: codebook, 0.783 / 0.789 / 0.734 with its claims alone; 0.3, a tie, keeps it below the news threshold.
OWN_VOICE_THRESHOLD = 0.3
#: What a keyword of one word found in a statement counts for in the keyword features, against 1 for a keyword
#: of two words or more: one word ("presidential", "coal", "wall") is found in statements about many things.
#: With it, the relevance models refitted on the PolNeAR train statements reach their precision (0.8,
#: cross-validated) at threshold 0.4 instead of 0.5, recall 0.447 -> 0.500 (``eval_coding_polnear.md``).
SINGLE_WORD_KEYWORD = 0.5
#: Per codebook variant (:func:`codebook_variant`), the logistic regression over :data:`FEATURES`
#: fitted on issues written that way, its bias moved so that its own threshold is :data:`THRESHOLD`
#: (fitted by ``benchmarks/fit_relevance.py``; see ``data/MODEL_CARD.md``).
MODELS: dict[str, tuple[np.ndarray, float]] = {
    variant: (np.array([fitted["weights"][name] for name in FEATURES], dtype=np.float32), float(fitted["bias"]))
    for variant, fitted in _FITTED["models"].items()}


def keyword_weight(found: str | None) -> float:
    """What a keyword found (its words as found, or ``None``) counts for in a keyword feature: 0 when none was
    found, :data:`SINGLE_WORD_KEYWORD` for one word, 1 for more.

    >>> keyword_weight(None), keyword_weight("presidential"), keyword_weight("nuclear codes")
    (0.0, 0.5, 1.0)
    """
    if found is None:
        return 0.0
    return 1.0 if len(found.split()) > 1 else SINGLE_WORD_KEYWORD


def codebook_variant(issue: Issue) -> str:
    """Which of :data:`PARTS` the codebook gives ``issue``, joined by "+" ("claims" for none).

    A bare claim is compared with less than an issue with a description, examples and
    keywords, so its similarities mean more: each variant has a relevance model of its own.

    >>> codebook_variant(Issue("tax", "Fuel tax", "Fuel taxes should be raised.", keywords=("fuel tax",)))
    'keywords'
    >>> codebook_variant(Issue("tax", "Fuel tax", "Fuel taxes should be raised."))
    'claims'
    """
    written = {"description": bool(issue.description.strip()), "examples": bool(issue.examples),
               "keywords": any(k.strip() for k in issue.keywords)}
    return "+".join(part for part in PARTS if written[part]) or "claims"


_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
#: a capitalised word, without a possessive ending or trailing punctuation ("Clinton's" -> "Clinton")
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][A-Za-z'’-]*")
_POSSESSIVE_END = re.compile(r"['’]s?$")
_POSSESSIVE_OR_PUNCTUATION = re.compile(r"(['’]s)?[^\w]*$")


@dataclass(frozen=True)
class Relevance:
    """How relevant a statement is to an issue, and the phrase that makes it so."""

    score: float
    evidence: str


def person_name_words(names: Iterable[str]) -> frozenset[str]:
    """The lower-cased words of people's names, to be ignored when comparing meaning.

    >>> sorted(person_name_words(["Hillary Clinton", "Donald J. Trump"]))
    ['clinton', 'donald', 'hillary', 'trump']
    """
    words: set[str] = set()
    for name in names:
        for word in _WORD.findall(name):
            word = word.strip(".'’-").lower()
            if len(word) > 1:
                words.add(word)
    return frozenset(words)


def organisation_names(names: Iterable[str]) -> frozenset[str]:
    """Organisations' names and aliases as a keyword is compared with them (lower case, spaces single).

    >>> sorted(organisation_names(["State Department", "IRS"]))
    ['irs', 'state department']
    """
    return frozenset(" ".join(name.lower().split()) for name in names if name.strip())


def strip_names(text: str, name_words: frozenset[str]) -> str:
    """``text`` without the capitalised words in ``name_words`` (possessive endings and all).

    Only capitalised words go: "may" stays although "May" is a name.

    >>> strip_names("Clinton's health may be fine", frozenset({"clinton", "may"}))
    'health may be fine'
    """
    if not name_words:
        return text
    kept = []
    for word in text.split():
        bare = word.lstrip("\"“”(")
        if bare[:1].isupper() and _POSSESSIVE_OR_PUNCTUATION.sub("", bare).lower() in name_words:
            continue
        kept.append(word)
    return " ".join(kept)


def muted_keywords(keywords: Sequence[str], corrections: Sequence[tuple[str, str]]) -> frozenset[str]:
    """The keywords people's corrections contradict: each found in at least two texts they called
    ``unrelated``, and in more of those than of the texts they coded with a stance.

    A keyword a codebook's author chose too widely ("tax" for Trump's tax returns fires on every
    tax plan) stops counting for its issue once people say so twice.

    >>> muted_keywords(["tax", "tax returns"], [
    ...     ("his tax plan would cut rates", "unrelated"), ("a tax on imports", "unrelated"),
    ...     ("release his tax returns", "support")])
    frozenset({'tax'})
    """
    out = set()
    for keyword in keywords:
        if not keyword.strip():
            continue
        matcher = KeywordMatcher([keyword])
        found = [label for text, label in corrections if matcher.find(text) is not None]
        against = sum(label == "unrelated" for label in found)
        if against >= 2 and against > len(found) - against:
            out.add(keyword)
    return frozenset(out)


def encoded_columns(issues: Sequence[Issue], policy: str) -> np.ndarray:
    """The issues (indices) the sentence encoder reads under ``policy`` (:func:`~.encodedrelevance.encoded_issue`)."""
    return np.flatnonzero([encoded_issue("keywords" in codebook_variant(issue), policy) for issue in issues])


class IssueIndex:
    """The embedded phrases and keywords of a codebook's issues.

    Parameters
    ----------
    issues : sequence of Issue
    embedder : Embedder or None
        Anything with ``embed(texts) -> array``; ``None`` builds only the keyword part
        (used in doctests and by callers that score keywords alone).
    name_words : frozenset of str
        Lower-cased words of people's names, left out on both sides.
    organisations : frozenset of str
        Organisations' names and aliases (:func:`organisation_names`): as a keyword, one counts only where
        the issue's claim or label names it.
    """

    def __init__(self, issues: Sequence[Issue], embedder: object | None,
                 name_words: frozenset[str] = frozenset(), muted: Mapping[str, frozenset[str]] | None = None,
                 organisations: frozenset[str] = frozenset(), encoder: object | None = None,
                 policy: str = "auto") -> None:
        self.issues = tuple(issues)
        self.name_words = name_words
        self.organisations = organisations
        #: per issue id, the keywords people's corrections contradict (:func:`muted_keywords`): left out
        self.muted = dict(muted or {})
        self._keywords = [self._keyword_matcher(issue) for issue in self.issues]
        #: per issue, the weights and bias of the relevance model of issues written like it
        models = [MODELS[codebook_variant(issue)] for issue in self.issues]
        self._weights = np.stack([w for w, _ in models]) if models else np.zeros((0, len(FEATURES)), np.float32)
        self._biases = np.array([b for _, b in models], dtype=np.float32)
        #: per issue, the name words of the people its claim and label name ("trump" in "Trump should ...")
        self._claim_people = [self.named(f"{issue.claim} {issue.label}") for issue in self.issues]
        self.phrases: list[list[str]] = [self._phrases(issue, self.muted.get(issue.id, frozenset()))
                                         for issue in self.issues]
        self._owner = np.array([i for i, ph in enumerate(self.phrases) for _ in ph], dtype=np.int64)
        flat = [p for ph in self.phrases for p in ph]
        self._flat = flat
        if embedder is not None and flat:
            self.vectors = np.asarray(embedder.embed([strip_names(p, name_words) for p in flat]),  # type: ignore[attr-defined]
                                      dtype=np.float32)
        else:
            self.vectors = np.zeros((len(flat), 0), dtype=np.float32)
        #: the issues the sentence encoder reads (``policy``, :mod:`.encodedrelevance`), and their encoded phrases
        #: and models, where an encoder is given and models were fitted for it
        variants = [codebook_variant(issue) for issue in self.issues]
        self.encoded_columns = encoded_columns(self.issues, policy)
        models_encoded = None if encoder is None or not self.encoded_columns.size else encoded_models_for(
            [variants[i] for i in self.encoded_columns], encoder.name)  # type: ignore[attr-defined]
        if models_encoded is None:
            self.encoded_columns = self.encoded_columns[:0]
        self.encoded = None if models_encoded is None else (EncodedPhrases(
            [strip_names(p, name_words) for p in flat], self._owner, len(self.issues), encoder,
            self.encoded_columns.tolist()), *models_encoded)
        #: what each issue is not about (the codebook's ``excludes``)
        self.exclusions = IssueExclusions(self.issues, embedder, lambda phrase: strip_names(phrase, name_words))
        self._centroids = np.zeros((len(self.issues), self.vectors.shape[1]), dtype=np.float32)
        for i in range(len(self.issues)):
            rows = self.vectors[self._owner == i]
            if len(rows):
                centroid = rows.mean(axis=0)
                self._centroids[i] = centroid / max(float(np.linalg.norm(centroid)), 1e-9)

    @staticmethod
    def _phrases(issue: Issue, muted: frozenset[str] = frozenset()) -> list[str]:
        phrases = [issue.claim]
        if issue.label and issue.label != issue.id:
            phrases.append(issue.label)
        phrases.extend(s for s in _SENTENCE_END.split(issue.description.strip()) if len(s.split()) >= 3)
        phrases.extend(text for text, _ in issue.examples)
        phrases.extend(k for k in issue.keywords if k.strip() and k not in muted)
        return list(dict.fromkeys(p.strip() for p in phrases if p.strip()))

    def _keyword_matcher(self, issue: Issue) -> KeywordMatcher:
        """The issue's keywords, less those people's corrections mute, those that are only a person's name and
        the organisations' names its claim and label do not name.

        >>> issue = Issue("emails", "Her emails", "Her private email server was reckless.",
        ...               keywords=("private email server", "State Department", "Clinton"))
        >>> index = IssueIndex([issue], None, frozenset({"clinton"}), organisations=frozenset({"state department"}))
        >>> index.keyword_hit(0, "The State Department said so."), index.keyword_hit(0, "her private email server")
        (None, 'private email server')
        """
        muted = self.muted.get(issue.id, frozenset())
        named = " ".join(f"{issue.claim} {issue.label}".lower().split())
        kept = []
        for keyword in issue.keywords:
            words = [w.strip(".'’-").lower() for w in _WORD.findall(keyword)]
            bare = " ".join(keyword.lower().split())
            if not words or all(w in self.name_words for w in words) or keyword in muted:
                continue  # a person's name alone never makes a statement relevant
            if bare not in self.organisations or re.search(rf"\b{re.escape(bare)}\b", named):
                kept.append(keyword)  # nor does a body's name the issue does not name: it speaks on many things
        return KeywordMatcher(kept)

    def named(self, text: str) -> frozenset[str]:
        """The words of people's names written (capitalised) in ``text``.

        >>> IssueIndex([], None, frozenset({"trump", "clinton"})).named("Mrs. Clinton's view: trump cards win")
        frozenset({'clinton'})
        """
        if not self.name_words:
            return frozenset()
        words = (_POSSESSIVE_END.sub("", m).lower() for m in _CAPITALISED.findall(text))
        return frozenset(w for w in words if w in self.name_words)

    def keyword_hit(self, issue_index: int, text: str, start: int = 0, end: int | None = None) -> str | None:
        """A keyword of issue ``issue_index`` found in ``text`` (between ``start`` and ``end``; as written there),
        or ``None``."""
        return self._keywords[issue_index].find(text, start, end)

    def features(self, contents: Sequence[str], contexts: Sequence[str], content_vectors: np.ndarray,
                 context_vectors: np.ndarray, document_vector: np.ndarray | None = None
                 ) -> tuple[np.ndarray, np.ndarray, list[list[str | None]]]:
        """The relevance features of every (statement, issue) pair, and the nearest phrase's index.

        Features, in the order of :data:`FEATURES`: the highest similarity of the content
        and of its sentence to a phrase of the issue, the mean of the content's three
        highest, the similarity of content and sentence to the issue's centroid and to its
        claim, whether a keyword is found in the content and in the sentence, and
        how much closer the content is to this issue's centroid than to the next issue's,
        how close the whole document is to the issue's centroid (the sentence's, without
        a document: a statement in an article about the issue can be about it in words of
        its own), and, for an issue whose claim names a person, whether the sentence names
        them, or names other people and not them ("Clinton has what the job takes" is not
        about Trump's fitness).
        Returns the features ``(n, n_issues, len(FEATURES))``, the nearest phrase's index
        ``(n, n_issues)`` and, per statement and issue, the keyword found (content first).
        """
        n, k = len(contents), len(self.issues)
        out = np.zeros((n, k, len(FEATURES)), dtype=np.float32)
        where = np.zeros((n, k), dtype=np.int64)
        hits: list[list[str | None]] = [[None] * k for _ in range(n)]
        if n == 0 or k == 0 or self.vectors.shape[1] == 0:
            return out, where, hits
        cv = np.asarray(content_vectors, dtype=np.float32)
        xv = np.asarray(context_vectors, dtype=np.float32)
        sc, sx = cv @ self.vectors.T, xv @ self.vectors.T
        people = [self.named(f"{c} {x}") for c, x in zip(contents, contexts, strict=False)] \
            if any(self._claim_people) else []
        for i in range(k):
            cols = np.flatnonzero(self._owner == i)
            if cols.size == 0:
                continue
            centroid = self._centroids[i]
            local_c, local_x = sc[:, cols], sx[:, cols]
            top = np.sort(local_c, axis=1)[:, -3:].mean(axis=1)
            out[:, i, 0], out[:, i, 1], out[:, i, 2] = local_c.max(axis=1), local_x.max(axis=1), top
            out[:, i, 3], out[:, i, 4] = cv @ centroid, xv @ centroid
            out[:, i, 5], out[:, i, 6] = sc[:, cols[0]], sx[:, cols[0]]
            for row, named in enumerate(people if self._claim_people[i] else []):
                out[row, i, 11] = bool(named & self._claim_people[i])
                out[row, i, 12] = bool(named) and not named & self._claim_people[i]
            use_context = local_x.max(axis=1) - 0.1 > local_c.max(axis=1)
            where[:, i] = cols[np.where(use_context, local_x.argmax(axis=1), local_c.argmax(axis=1))]
        self._keyword_features(contents, contexts, out, hits)
        centroid_sims = out[:, :, 3]
        runner_up = np.sort(centroid_sims, axis=1)[:, -2] if k > 1 else np.zeros(n, dtype=np.float32)
        best_other = np.where(centroid_sims >= centroid_sims.max(axis=1, keepdims=True), runner_up[:, None],
                              centroid_sims.max(axis=1, keepdims=True))
        out[:, :, 9] = centroid_sims - best_other
        if document_vector is not None:
            out[:, :, 10] = self._centroids @ np.asarray(document_vector, dtype=np.float32)
        else:  # no document: the sentence is all the document there is
            out[:, :, 10] = xv @ self._centroids.T
        return out, where, hits

    def _read_encoded(self, contents: Sequence[str], contexts: Sequence[str], feats: np.ndarray, probs: np.ndarray,
                      where: np.ndarray, encoder: object) -> None:
        """Score again, in place, the statements of ``probs`` past the floor with the encoded models; their
        nearest phrases (``where``) become the encoder's."""
        assert self.encoded is not None
        phrases, weights, biases = self.encoded
        cols = self.encoded_columns
        rows = np.flatnonzero((probs[:, cols] >= FLOOR).any(axis=1))
        if rows.size == 0:
            return
        picked = rows.tolist()
        texts = [strip_names(t, self.name_words) for t in [contents[r] for r in picked] + [contexts[r] for r in picked]]
        at = {t: i for i, t in enumerate(dict.fromkeys(texts))}  # statements of one sentence: encoded once
        made = np.asarray(encoder.embed(list(at)), dtype=np.float32)  # type: ignore[attr-defined]
        vectors = made[[at[t] for t in texts]]
        read, nearest = phrases.features(vectors[:rows.size], vectors[rows.size:])
        both = np.concatenate([feats[rows][:, cols], read[:, cols]], axis=2)
        probs[np.ix_(rows, cols)] = 1.0 / (1.0 + np.exp(-(np.einsum("nkf,kf->nk", both, weights) + biases)))
        where[np.ix_(rows, cols)] = nearest[:, cols]

    def _keyword_features(self, contents: Sequence[str], contexts: Sequence[str], out: np.ndarray,
                          hits: list[list[str | None]]) -> None:
        """Fill the keyword features (content, sentence) and the keyword found, per statement and issue;
        statement by statement, so that each text is read once for all the issues."""
        for row, (content, context) in enumerate(zip(contents, contexts, strict=False)):
            at = context.find(content)  # a content is read in its sentence, which tells a name from a capital
            for i in range(len(self.issues)):
                in_content = self.keyword_hit(i, content) if at < 0 else \
                    self.keyword_hit(i, context, at, at + len(content))
                in_sentence = in_content if in_content is not None and at >= 0 else self.keyword_hit(i, context)
                out[row, i, 7], out[row, i, 8] = keyword_weight(in_content), keyword_weight(in_sentence)
                hits[row][i] = in_content or in_sentence

    def score(self, contents: Sequence[str], contexts: Sequence[str], content_vectors: np.ndarray,
              context_vectors: np.ndarray, shifts: np.ndarray | None = None,
              document_vector: np.ndarray | None = None, encoder: object | None = None) -> list[list[Relevance]]:
        """The relevance of each statement to each issue: a probability and its evidence.

        A logistic regression over :meth:`features` (the issue's model in :data:`MODELS`); the
        evidence is the keyword found, or else the phrase closest to the statement.
        ``shifts`` (statements x issues, cosine units) move the content's similarities,
        as people's relevance corrections do (:meth:`stancemap.stance.adapt.IssueAdapter.relevance_shift`).
        With an ``encoder`` (the index's sentence encoder, or one that keeps its vectors), statements the static
        model scores at :data:`~.encodedrelevance.FLOOR` or more on some issue are read again with it.
        """
        feats, where, hits = self.features(contents, contexts, content_vectors, context_vectors, document_vector)
        excluded = self.exclusions.find(contents, contexts, content_vectors, context_vectors, feats[:, :, :2], hits)
        if shifts is not None:
            for column in (0, 2, 3):  # the content's phrase, top-3 and centroid similarities
                feats[:, :, column] += shifts
        probs = 1.0 / (1.0 + np.exp(-(np.einsum("nkf,kf->nk", feats, self._weights) + self._biases)))
        if self.encoded is not None and encoder is not None:
            self._read_encoded(contents, contexts, feats, probs, where, encoder)
        out = []
        for row in range(len(contents)):
            found = []
            for i in range(len(self.issues)):
                if (row, i) in excluded:
                    found.append(Relevance(0.0, f"excluded: {excluded[row, i]}"))
                    continue
                keyword = hits[row][i]
                evidence = f"keyword: {keyword}" if keyword else (self._flat[int(where[row, i])] if self._flat else "")
                found.append(Relevance(round(float(probs[row, i]), 4), evidence))
            out.append(found)
        return out
