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
from stancemap.analysis.polarization import Polarization, polarization, signed_parts
from stancemap.analysis.selection import Observation, Selection, observations, select
from stancemap.analysis.timeline import Entry, Event, Timeline, timeline
from stancemap.analysis.windows import Period, parse_period, slices, split

__all__ = [
    "DUPLICATE_RULES",
    "Entry",
    "Event",
    "Observation",
    "Period",
    "Polarization",
    "Selection",
    "Tally",
    "Timeline",
    "keep_all",
    "observations",
    "parse_period",
    "per_document",
    "per_month",
    "per_range",
    "per_week",
    "per_year",
    "polarization",
    "select",
    "signed_parts",
    "slices",
    "split",
    "tally",
    "timeline",
]
