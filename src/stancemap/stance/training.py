"""Learning from people: review uncertain codings, refit the project's stance model.

A person's review (``stancemap code review``) stores their stance as a person
coding (:meth:`stancemap.store.Store.add_person_coding`), which reruns never
overwrite. ``stancemap code train`` turns every person coding into a training
example, adds the codebook's labelled examples and the packaged base data
(Perspectrum training pairs, CC BY-SA 4.0), and refits the learned model of
the default coder (``tfidf-mlp.v1`` inside ``cues-mlp.v1``). The project's
model is written next to the database (``corpus.db`` -> ``corpus.stance.npz``),
where :func:`project_coder` finds it for the next run.

Examples
--------
>>> project_model_path("sqlite:////data/corpus.db").as_posix()
'/data/corpus.stance.npz'
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from stancemap.context import sentence_around
from stancemap.stance.lexical import frame
from stancemap.stance.teach import teaching_order, vectors_from_bytes
from stancemap.models import STANCES, Codebook

__all__ = [
    "REVIEW_ANSWERS", "TrainingSummary", "base_pairs", "codebook_pairs", "person_pairs", "project_model_path",
    "project_coder", "record_review", "review_queue", "train_project_model",
]

#: What a reviewer may answer, and what it does.
REVIEW_ANSWERS: tuple[str, ...] = (*STANCES, "skip", "not-relevant")
BASE_FILE = "perspectrum_train.npz"
#: How many times a person's coding counts against one base pair.
PERSON_WEIGHT = 20


def project_model_path(db: str | None) -> Path:
    """Where the project's stance model lives: next to a SQLite file, else in the working directory.

    ``corpus.db`` -> ``corpus.stance.npz``; a PostgreSQL database ``postgresql://.../news``
    -> ``./news.stance.npz``.
    """
    from stancemap.store.connect import database_url

    url = database_url(db)
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///"):].split("?", 1)[0])
        return path.with_name(path.stem + ".stance.npz")
    from sqlalchemy.engine import make_url

    name = make_url(url).database or "stancemap"
    return Path.cwd() / f"{Path(name).name}.stance.npz"


def project_coder(db: str | None, default: str | None = None) -> str:
    """The coder a run on ``db`` should use: the project's model when one was trained, else ``default``.

    Returns a coder spec for :func:`stancemap.stance.get_coder`: ``"cues-mlp.v1@<model path>"``
    or the default coder's name.
    """
    from stancemap.stance.coders import DEFAULT_CODER
    from stancemap.stance.hybrid import CODER_NAME

    path = project_model_path(db)
    if path.exists():
        return f"{CODER_NAME}@{path}"
    return default or DEFAULT_CODER


# ---------------------------------------------------------------- review


#: How many of the least certain codings :func:`review_queue` considers per coding it returns.
CANDIDATES_PER_ITEM = 4
#: At most this many candidates are ordered for teaching (the rest follow, least certain first).
MAX_ORDERED = 2000


def review_queue(store: Any, *, limit: int | None = 20, issue: str | None = None) -> list[Any]:
    """Model codings no person has coded yet, in the order that teaches the model most.

    The least certain codings (:func:`stancemap.store.codings.review_queue`) are the
    candidates; among them, :func:`stancemap.stance.teach.teaching_order` puts uncertain
    and mutually different statements first (by their stored embeddings), so that a
    reviewer does not decide the same near-copy twice in a row.
    """
    from stancemap.store import codings

    window = None if limit is None else limit * CANDIDATES_PER_ITEM
    items = codings.review_queue(store, limit=window, issue=issue)
    head, tail = items[:MAX_ORDERED], items[MAX_ORDERED:]
    stored = store.statement_embeddings([item.statement_id for item in head])
    order = teaching_order([item.confidence for item in head],
                           vectors_from_bytes([stored.get(item.statement_id) for item in head]))
    ranked = [head[i] for i in order] + tail
    return ranked if limit is None else ranked[:limit]


def record_review(store: Any, item: Any, answer: str, person: str) -> str:
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
        from stancemap.store.codings import dismiss_model_coding

        dismiss_model_coding(store, item.statement_id, item.issue_id, person)
        return "marked not relevant"
    store.add_person_coding(item.statement_id, item.issue_id, answer, person)
    return f"coded {answer}"


# ---------------------------------------------------------------- training data


def base_pairs() -> list[tuple[str, str, str]]:
    """The packaged base training pairs: Perspectrum v1.0 train (CC BY-SA 4.0)."""
    ref = resources.files("stancemap.stance").joinpath("data", BASE_FILE)
    with resources.as_file(ref) as path, np.load(path, allow_pickle=False) as f:
        claims = [str(c) for c in f["claims"]]
        return [(claims[i], str(t), str(lab)) for i, t, lab in zip(f["claim_index"], f["texts"], f["labels"])]


def codebook_pairs(codebook: Codebook | None) -> list[tuple[str, str, str]]:
    """The codebook's labelled examples as ``(claim, text, stance)``."""
    if codebook is None:
        return []
    return [(issue.claim, text, stance) for issue in codebook.issues for text, stance in issue.examples]


def person_pairs(store: Any) -> list[tuple[str, str, str]]:
    """Every statement and issue a person coded, as ``(claim, text in its sentence, stance)``.

    The text is the statement read in its sentence, as the coder reads it in a run.
    """
    from stancemap.store.codings import person_examples

    texts: dict[int, str] = {}
    out = []
    for ex in person_examples(store):
        if ex.document_id not in texts:
            texts[ex.document_id] = store.document_text(ex.document_id)
        context = sentence_around(texts[ex.document_id], ex.content_start, ex.content_end)
        out.append((ex.claim, frame(ex.content, context)[0], ex.stance))
    return out


@dataclass
class TrainingSummary:
    """What :func:`train_project_model` trained on and where it wrote the model."""

    path: Path
    person: int = 0
    codebook: int = 0
    base: int = 0
    labels: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "person": self.person, "codebook": self.codebook, "base": self.base,
                "labels": self.labels}


def train_project_model(
    store: Any,
    out: str | Path,
    *,
    codebook: Codebook | None = None,
    base: Sequence[tuple[str, str, str]] | None = None,
    person_weight: int = PERSON_WEIGHT,
    learner: str = "tfidf-mlp.v1",
    on_epoch: Callable[[int, int, float], None] | None = None,
    **options: Any,
) -> TrainingSummary:
    """Refit the project's model from people's codings, codebook examples and base pairs.

    Parameters
    ----------
    store : Store
    out : path
        Where to write the model (see :func:`project_model_path`).
    codebook : Codebook, optional
        Its labelled examples are added (each counts ``person_weight`` times).
    base : sequence of (claim, text, label), optional
        Default :func:`base_pairs`.
    person_weight : int
        How many times each person coding and codebook example is repeated.
    learner : str
        ``tfidf-mlp.v1`` (default) or ``tfidf-lr.v1``.

    Returns
    -------
    TrainingSummary
    """
    from stancemap.stance.learners import save_any, train_model

    people = person_pairs(store)
    examples = codebook_pairs(codebook)
    base_rows = list(base_pairs() if base is None else base)
    rows = base_rows + (people + examples) * max(1, person_weight)
    if learner == "tfidf-mlp.v1" and on_epoch is not None:
        options["on_epoch"] = on_epoch
    model = train_model(rows, learner, source=json.dumps({"person": len(people), "codebook": len(examples),
                                                          "base": len(base_rows),
                                                          "person_weight": person_weight}), **options)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    save_any(model, out)
    return TrainingSummary(out, len(people), len(examples), len(base_rows),
                           dict(Counter(r[2] for r in base_rows + people + examples)))
