"""Who speaks in a document: the speaker fields, their defaults, and genres.

Author-voiced documents (speeches, testimony, debate turns, press releases,
op-eds, interviews) carry ``speaker``, ``speaker_org``, ``party``, ``role`` and
``genre``. They come from the input (JSON Lines, CSV and Parquet fields; the
ParlaMint and transcript readers) or, for documents that give none, from
options (``--speaker``, ``--genre``) held in a :class:`SpeakerDefaults`.

>>> check_genre("Press release", "a.csv line 3")
'press-release'
>>> check_genre("sermon", "a.csv line 3")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
stancemap.errors.InputError: a.csv line 3: unknown genre 'sermon'; use one of news, speech, ...
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from stancemap.errors import InputError, UsageError
from stancemap.models import GENRES

__all__ = ["SPEAKER_FIELDS", "SpeakerDefaults", "check_genre", "normalise_genre", "genre_option"]

#: The speaker fields of a document besides ``genre``.
SPEAKER_FIELDS: tuple[str, ...] = ("speaker", "speaker_org", "party", "role")


def normalise_genre(value: str) -> str:
    """Lower case, spaces and underscores as hyphens: ``"Press release"`` -> ``"press-release"``.

    >>> normalise_genre(" Op_Ed ")
    'op-ed'
    """
    return "-".join(value.strip().lower().replace("_", " ").split())


def check_genre(value: Any, where: str) -> str:
    """``value`` as one of :data:`~stancemap.models.GENRES`, or E115 naming ``where``.

    Raises
    ------
    InputError
        E115, naming the file and line and listing the allowed genres.
    """
    genre = normalise_genre(str(value))
    if genre not in GENRES:
        raise InputError.of("E115", where=where, value=value, genres=", ".join(GENRES))
    return genre


def genre_option(value: str | None) -> str | None:
    """Check a ``--genre`` option; ``None`` stays ``None``.

    Raises
    ------
    UsageError
        E500 listing the allowed genres.
    """
    if value is None or not str(value).strip():
        return None
    genre = normalise_genre(str(value))
    if genre not in GENRES:
        raise UsageError.of("E500.genre", value=value, genres=", ".join(GENRES))
    return genre


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    value = " ".join(str(value).split())
    return value or None


@dataclass(frozen=True)
class SpeakerDefaults:
    """Speaker fields for documents whose input gives none (``--speaker``, ``--genre``).

    ``genre`` ``None`` means each reader's own default (``news``; ``debate`` for
    ParlaMint and transcripts).

    >>> SpeakerDefaults(speaker="Kateri Callahan", genre="testimony").fields(lambda f: None)
    {'speaker': 'Kateri Callahan', 'speaker_org': None, 'party': None, 'role': None, 'genre': 'testimony'}
    """

    speaker: str | None = None
    speaker_org: str | None = None
    party: str | None = None
    role: str | None = None
    genre: str | None = None

    def fields(
        self, get: Callable[[str], Any], where: str = "input", default_genre: str = "news"
    ) -> dict[str, Any]:
        """The speaker fields of one document: ``get(field)`` wins over these defaults.

        Raises
        ------
        InputError
            E115 when ``get("genre")`` is not a known genre.
        """
        out: dict[str, Any] = {}
        for name in SPEAKER_FIELDS:
            out[name] = _clean(get(name)) or getattr(self, name)
        raw = get("genre")
        if raw is None or not str(raw).strip():
            out["genre"] = self.genre or default_genre
        else:
            out["genre"] = check_genre(raw, where)
        return out


#: No defaults: every field comes from the input.
NO_DEFAULTS = SpeakerDefaults()
