"""Learning from people: review uncertain codings, and adapt each issue to people's corrections.

A person's review (``stancemap stance review``, or the web review queue) stores their
stance as a person coding (:meth:`stancemap.store.Store.add_person_coding`), which
reruns never overwrite; "not relevant" is stored as the stance ``unrelated``.
``stancemap stance learn`` collects every person coding, per issue, as a correction
(the statement as the coder reads it, and the person's label) into the project's
corrections file next to the database (``corpus.db`` -> ``corpus.corrections.json``),
where :func:`project_coder` finds it for the next run: the default coder then adapts
each issue's zero-shot stance model to its corrections
(:class:`stancemap.stance.adapt.IssueAdapter`, the zero-shot model as the prior) and
moves relevance towards the statements people called relevant and away from those
they called unrelated. Nothing is retrained from scratch: learning takes seconds.

Examples
--------
>>> project_corrections_path("sqlite:////data/corpus.db").as_posix()
'/data/corpus.corrections.json'
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stancemap.context import sentence_around
from stancemap.models import STANCES
from stancemap.stance.adaptconfidence import held_out_decisions
from stancemap.stance.coders import DEFAULT_CODER
from stancemap.stance.ruledecision import claim_rules
from stancemap.stance.semantic import make_semantic_coder
from stancemap.stance.statementtext import FRAGMENT_WORDS, frame, stance_text
from stancemap.stance.teach import teaching_order, vectors_from_bytes
from stancemap.store import codings
from stancemap.store.codings import dismiss_model_coding, person_examples
from stancemap.store.connect import database_url

if TYPE_CHECKING:
    from stancemap.store.repository import Store

__all__ = [
    "REVIEW_ANSWERS", "LearnSummary", "person_corrections", "project_corrections_path", "project_coder",
    "record_review", "review_queue", "order_for_teaching", "learn_from_people", "CORRECTIONS_FORMAT",
]

#: What a reviewer may answer, and what it does.
REVIEW_ANSWERS: tuple[str, ...] = (*STANCES, "skip", "not-relevant")
#: The format name of a project's corrections file.
CORRECTIONS_FORMAT = "stancemap-corrections.v1"
#: The coder that reads a corrections file (``"semantic.v1@<file>"``).
CORRECTED_CODER = "semantic.v1"


def project_corrections_path(db: str | None) -> Path:
    """Where the project's corrections live: next to a SQLite file, else in the working directory.

    ``corpus.db`` -> ``corpus.corrections.json``; a PostgreSQL database ``postgresql://.../news``
    -> ``./news.corrections.json``.
    """

    url = database_url(db)
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///"):].split("?", 1)[0])
        return path.with_name(path.stem + ".corrections.json")
    from sqlalchemy.engine import make_url

    name = make_url(url).database or "stancemap"
    return Path.cwd() / f"{Path(name).name}.corrections.json"


def project_coder(db: str | None, default: str | None = None) -> str:
    """The coder a run on ``db`` should use: the default coder with the project's corrections, if any.

    Returns a coder spec for :func:`stancemap.stance.get_coder`:
    ``"semantic.v1@<corrections file>"`` when ``stancemap stance learn`` wrote one, else
    ``default`` (or the default coder).
    """

    path = project_corrections_path(db)
    if path.exists():
        return f"{CORRECTED_CODER}@{path}"
    return default or DEFAULT_CODER


# ---------------------------------------------------------------- review


#: How many of the least certain codings :func:`review_queue` considers per coding it returns.
CANDIDATES_PER_ITEM = 4
#: At most this many candidates are ordered for teaching (the rest follow, least certain first).
MAX_ORDERED = 2000


def review_queue(store: Store, *, limit: int | None = 20, issue: str | None = None) -> list[Any]:
    """Model codings no person has coded yet, in the order that teaches the model most.

    The least certain codings (:func:`stancemap.store.codings.review_queue`) are the
    candidates; among them, :func:`stancemap.stance.teach.teaching_order` puts uncertain
    and mutually different statements first (by their stored embeddings), so that a
    reviewer does not decide the same near-copy twice in a row.
    """

    window = None if limit is None else limit * CANDIDATES_PER_ITEM
    items = codings.review_queue(store, limit=window, issue=issue)
    head, tail = items[:MAX_ORDERED], items[MAX_ORDERED:]
    order = order_for_teaching(store, [item.statement_id for item in head], [item.confidence for item in head])
    ranked = [head[i] for i in order] + tail
    return ranked if limit is None else ranked[:limit]


def order_for_teaching(store: Store, statement_ids: list[int], confidences: list[float]) -> list[int]:
    """Indices of the statements, uncertain and mutually different first, by their stored embeddings.

    :func:`stancemap.stance.teach.teaching_order` over the store's embeddings of
    ``statement_ids`` (least certain first where a statement has none).
    """
    stored = store.statement_embeddings(statement_ids)
    return teaching_order(confidences, vectors_from_bytes([stored.get(i) for i in statement_ids]))


def record_review(store: Store, item: Any, answer: str, person: str) -> str:
    """Store a reviewer's ``answer`` about a coding from :func:`review_queue`; returns what was done.

    ``support`` / ``oppose`` / ``neutral`` become the person's coding of the
    statement on the issue; ``not-relevant`` becomes the person's coding
    ``unrelated`` (it replaces the model's coding and trains as unrelated);
    ``skip`` does nothing.

    Raises
    ------
    ValueError
        For an answer not in :data:`REVIEW_ANSWERS`.
    """
    if answer not in REVIEW_ANSWERS:
        raise ValueError(f"answer {answer!r} is not one of {', '.join(REVIEW_ANSWERS)}")
    if answer == "skip":
        return "skipped"
    if answer == "not-relevant":

        dismiss_model_coding(store, item.statement_id, item.issue_id, person)
        return "marked not relevant"
    store.add_person_coding(item.statement_id, item.issue_id, answer, person)
    return f"coded {answer}"


# ---------------------------------------------------------------- learning


def person_corrections(store: Store) -> dict[str, dict[str, Any]]:
    """People's codings per issue: ``{issue: {"claim": ..., "corrections": [[text, label], ...]}}``.

    The text is what the coder reads (the cue before the content when the content does
    not hold it, a fragment's sentence: :func:`stancemap.stance.statementtext.stance_text`, read as
    in reported speech); a "not relevant" is the label ``unrelated``.
    """

    out: dict[str, dict[str, Any]] = {}
    texts: dict[int, str] = {}
    for ex in person_examples(store):
        entry = out.setdefault(ex.issue_id, {"claim": ex.claim, "corrections": []})
        sentence = None
        if len(ex.content.split()) < FRAGMENT_WORDS:  # read in its sentence, framed as the coder frames it
            if ex.document_id not in texts:
                texts[ex.document_id] = store.document_text(ex.document_id)
            around = sentence_around(texts[ex.document_id], ex.content_start, ex.content_end)
            sentence = frame(ex.content, around)[0]
        entry["corrections"].append([stance_text(ex.content, ex.cue, sentence), ex.stance])
    return out


@dataclass
class LearnSummary:
    """What :func:`learn_from_people` collected and where it wrote it."""

    path: Path
    corrections: int = 0
    issues: dict[str, Counter[str]] = field(default_factory=dict)
    #: per issue, how many of its stance corrections a model fitted on the others codes right, of how many
    held_out: dict[str, tuple[int, int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "corrections": self.corrections,
                "issues": {k: dict(v) for k, v in self.issues.items()},
                "held_out": {k: list(v) for k, v in self.held_out.items()}}


def learn_from_people(store: Store, out: str | Path) -> LearnSummary:
    """Write every person's coding, per issue, as the project's corrections file ``out``.

    The next run (or ``stancemap stance recode``) with the default coder adapts each
    issue to its corrections; see the module docstring. Each stance correction is also coded by the issue's
    model fitted on the others (:func:`stancemap.stance.adaptconfidence.held_out_decisions`): how often that is
    right is what coding the issue from the corrections is worth (``held_out``).
    """
    found = person_corrections(store)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"format": CORRECTIONS_FORMAT, "issues": found}, ensure_ascii=False, indent=1) + "\n",
                   encoding="utf-8")
    issues = {issue: Counter(label for _, label in entry["corrections"]) for issue, entry in found.items()}
    coder = make_semantic_coder(corrections=out)
    decided = held_out_decisions(found, coder.model, coder.embedder, coder.learning_settings, coder.learning_embedder,
                                 partial(claim_rules, coder.rules))
    held = {issue: (sum(right), len(right)) for issue, (_, right) in decided.items() if right}
    return LearnSummary(out, sum(sum(c.values()) for c in issues.values()), issues, held)
