"""Loading a model file that is either given by the user or packaged in ``stance/data``."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TypeVar

from stancemap.errors import PipelineError

M = TypeVar("M")


def load_model_file(path: str | Path | None, packaged: str, read: Callable[[Path], M], *, kind: str, fix: str) -> M:
    """Read ``path`` (or the packaged ``data/<packaged>`` when None) with ``read``.

    Raises
    ------
    PipelineError
        ``E400`` naming the file, the model ``kind`` expected and the ``fix``.
    """
    try:
        if path is None:
            ref = resources.files("stancemap.stance").joinpath("data", packaged)
            with resources.as_file(ref) as local:
                return read(local)
        return read(Path(path))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        where = path or f"packaged data/{packaged}"
        raise PipelineError.of("E400.model-file", where=where, kind=kind, reason=exc, fix=fix) from exc
