"""Selections, time windows, position timelines (shifts, contradictions) and polarization."""

from stancemap.analysis.duplicates import (
    DUPLICATE_RULES,
    Tally,
    keep_all,
    per_document,
    per_month,
    per_range,
    per_week,
    per_year,
    tally,
)
from stancemap.analysis.selection import Observation, Selection, observations, select
from stancemap.analysis.windows import Period, parse_period, slices, split

__all__ = [
    "DUPLICATE_RULES",
    "Observation",
    "Period",
    "Selection",
    "Tally",
    "keep_all",
    "observations",
    "parse_period",
    "per_document",
    "per_month",
    "per_range",
    "per_week",
    "per_year",
    "select",
    "slices",
    "split",
    "tally",
]
