"""Pace towards a target: the latest value, the yearly change still needed, and the yearly change so far."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Pace:
    """How fast a value moves and how fast it must move (per year, in the indicator's unit) to reach the target."""

    year: int
    value: float
    target: float
    target_year: int
    needed_per_year: float | None  # None when the target year is past; 0 when already met
    observed_per_year: float | None  # since the first reported year; None with a single year
    met: bool
    on_track: bool | None  # None when either rate is unknown


def pace(history: Mapping[int, float], target: float, target_year: int, better: str) -> Pace | None:
    """Pace from a region's {year: value}: the latest value, the rate needed to reach the target, the rate so far."""
    known = {int(y): float(v) for y, v in history.items() if v is not None and not pd.isna(v)}
    if not known or better not in ("higher", "lower"):
        return None
    year = max(known)
    value = known[year]
    sign = 1.0 if better == "higher" else -1.0
    met = sign * (value - target) >= 0
    needed = None if year >= target_year and not met else (0.0 if met else (target - value) / (target_year - year))
    first = min(known)
    observed = None if first == year else (value - known[first]) / (year - first)
    on_track = None
    if met:
        on_track = True
    elif needed is not None and observed is not None:
        on_track = sign * observed >= sign * needed
    return Pace(
        year,
        value,
        float(target),
        int(target_year),
        None if needed is None else round(needed, 6),
        None if observed is None else round(observed, 6),
        met,
        on_track,
    )
