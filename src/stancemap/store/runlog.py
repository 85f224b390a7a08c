"""The store's log of pipeline runs and unreadable inputs (the ``runs`` and ``failures`` tables).

Functions take a connection inside the caller's transaction; :class:`stancemap.store.Store`
(``begin_run``, ``finish_run``, ``runs``, ``record_failure``, ``failures``) opens it.

A run records the process that started it (``pid`` and ``host`` in its ``args``), so that
a run left 'running' by a killed process can be told from a live one:

>>> process_gone({"pid": os.getpid(), "host": socket.gethostname()})
False
>>> process_gone({"host": "another-host", "pid": 1})
False
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from stancemap.models import ReadFailure
from stancemap.store.records import RunInfo, StoredFailure
from stancemap.store.schema import failures, runs, utcnow


def decode_args(text: str | None) -> dict[str, Any]:
    """A run's stored ``args`` JSON as a dict (``{}`` when empty or not an object)."""
    value = json.loads(text or "{}")
    return value if isinstance(value, dict) else {}


def process_gone(args: dict[str, Any]) -> bool:
    """Whether the run with these ``args`` was started on this host by a process that no longer exists.

    ``False`` when it cannot be told: another host, no pid recorded, or
    Windows (where ``os.kill`` would end the process instead of probing it).
    """
    pid = args.get("pid")
    if os.name == "nt" or args.get("host") != socket.gethostname():
        return False
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError, OSError):
        return False  # alive under another user, or not a pid this system can probe
    return False


def start_run(
    connection: Connection, *, pipeline_version: str, model: str | None, codebook_hash: str | None,
    args: dict[str, Any],
) -> int:
    """Insert a 'running' run and return its id; this host's runs whose process is gone become 'interrupted'.

    ``args`` gains this process's ``pid`` and ``host`` unless it names them.
    """
    args = {"pid": os.getpid(), "host": socket.gethostname(), **args}
    running = connection.execute(sa.select(runs.c.id, runs.c.args).where(runs.c.status == "running")).all()
    dead = [row.id for row in running if process_gone(decode_args(row.args))]
    if dead:
        connection.execute(
            sa.update(runs).where(runs.c.id.in_(dead), runs.c.status == "running").values(status="interrupted")
        )
    run_id = connection.execute(
        sa.insert(runs)
        .values(
            started_at=utcnow(),
            status="running",
            pipeline_version=pipeline_version,
            model=model,
            codebook_hash=codebook_hash,
            args=json.dumps(args, sort_keys=True, default=str),
            counts="{}",
        )
        .returning(runs.c.id)
    ).scalar_one()
    return int(run_id)


def finish_run(connection: Connection, run_id: int, status: str, counts: dict[str, Any]) -> None:
    """Record the end of run ``run_id`` with its final ``status`` and ``counts``."""
    connection.execute(
        sa.update(runs)
        .where(runs.c.id == run_id)
        .values(finished_at=utcnow(), status=status, counts=json.dumps(counts, sort_keys=True, default=str))
    )


def read_runs(connection: Connection, ids: Sequence[int] | None = None) -> list[RunInfo]:
    """Every run (or those with these ``ids``), oldest first; 'running' with its process gone is 'interrupted'."""
    query = sa.select(runs).order_by(runs.c.id)
    if ids is not None:
        query = query.where(runs.c.id.in_(list(ids)))
    found = []
    for row in connection.execute(query).all():
        args = decode_args(row.args)
        status = row.status
        if status == "running" and process_gone(args):
            status = "interrupted"
        found.append(
            RunInfo(
                id=row.id,
                started_at=row.started_at,
                finished_at=row.finished_at,
                status=status,
                pipeline_version=row.pipeline_version,
                model=row.model,
                codebook_hash=row.codebook_hash,
                args=args,
                counts=json.loads(row.counts or "{}"),
            )
        )
    return found


def run_codebook_hash(connection: Connection, run_id: int) -> str | None:
    """The hash of the codebook run ``run_id`` coded with."""
    return connection.scalar(sa.select(runs.c.codebook_hash).where(runs.c.id == run_id))


def record_failure(connection: Connection, run_id: int | None, failure: ReadFailure) -> int:
    """Store ``failure`` unless one with the same origin, code and reason is stored; return its id."""
    known = connection.scalar(
        sa.select(sa.func.min(failures.c.id)).where(
            failures.c.origin == failure.origin,
            failures.c.code == failure.code,
            failures.c.reason == failure.reason,
        )
    )
    if known is not None:
        return int(known)
    failure_id = connection.execute(
        sa.insert(failures)
        .values(run_id=run_id, origin=failure.origin, code=failure.code, reason=failure.reason, created_at=utcnow())
        .returning(failures.c.id)
    ).scalar_one()
    return int(failure_id)


def read_failures(connection: Connection, run_id: int | None = None, warnings: bool = False) -> list[StoredFailure]:
    """The stored failures in the order recorded (those first recorded by ``run_id``, when given);
    with ``warnings``, the input warnings (``W`` codes) instead."""
    kept = failures.c.code.like("W%")
    query = sa.select(failures).where(kept if warnings else sa.not_(kept)).order_by(failures.c.id)
    if run_id is not None:
        query = query.where(failures.c.run_id == run_id)
    return [
        StoredFailure(
            id=row.id,
            run_id=row.run_id,
            origin=row.origin,
            reason=row.reason,
            code=row.code,
            created_at=row.created_at,
        )
        for row in connection.execute(query)
    ]
