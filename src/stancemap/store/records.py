"""Small records the store returns besides those of :mod:`stancemap.models`.

Also the name normalisation that decides when two aliases are the same.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from typing import Any


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


def normalise_alias(name: str) -> str:
    """The form under which two names count as the same alias.

    Unicode NFKC, case-folded, whitespace collapsed.

    >>> normalise_alias("  Josep   BORRELL ")
    'josep borrell'
    """
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


#: Mention texts never stored as an actor's alias: they name different actors
#: in different sentences.
NOT_ALIASES: frozenset[str] = frozenset(
    """i me my mine we us our ours you your yours he him his she her hers it its
    they them their theirs this that these those who whom which one ones
    himself herself itself themselves ourselves yourself yourselves myself""".split()
)
