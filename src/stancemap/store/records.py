"""Small records the store returns besides those of :mod:`stancemap.models`.

Two aliases are the same when they have one :func:`stancemap.names.normalise.name_key`
(stored in ``aliases.normalised``), the key that also decides actor identity.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from stancemap.models import Coding, DocumentInfo, Statement


@dataclass(frozen=True)
class RunInfo:
    """One pipeline run as stored (``args`` and ``counts`` decoded from JSON)."""

    id: int
    started_at: dt.datetime
    finished_at: dt.datetime | None
    status: str
    pipeline_version: str
    model: str | None
    codebook_hash: str | None
    args: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StoredFailure:
    """A :class:`~stancemap.models.ReadFailure` as stored, with its run and time.

    Has the same ``origin``, ``reason`` and ``code`` attributes as a ``ReadFailure``.
    """

    id: int
    run_id: int | None
    origin: str
    reason: str
    code: str
    created_at: dt.datetime


@dataclass(frozen=True)
class StoredCoding:
    """One effective coding (a person's replacing the model's) with its stored statement and document.

    Returned by :meth:`stancemap.store.Store.codings`.

    Attributes
    ----------
    statement_id : int
        The statement's database id (as in :class:`~stancemap.models.StoredStatement`).
    coding : Coding
        Issue, stance, confidence, origin (``model:<coder>`` or ``person:<name>``).
    statement : Statement
        The statement coded, with its spans and actor.
    document : DocumentInfo
        The stored document the statement is in.
    """

    statement_id: int
    coding: Coding
    statement: Statement
    document: DocumentInfo


#: Mention texts never stored as an actor's alias: they name different actors
#: in different sentences (compared with the mention's ``name_key``).
NOT_ALIASES: frozenset[str] = frozenset(
    """i me my mine we us our ours you your yours he him his she her hers it its
    they them their theirs this that these those who whom which one ones
    himself herself itself themselves ourselves yourself yourselves myself""".split()
)
