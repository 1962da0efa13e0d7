"""A region's sub-year values as a series and its latest month: progress shown beside a yearly judgement, never
judged itself (a yearly target is judged on yearly values only)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.periods import Period, kind
from geo.values import sub_year


@dataclass(frozen=True)
class MonthFigure:
    """The latest month of one region and indicator: its period, value, provenance and source."""

    period: Period
    value: float
    provenance: str | None
    source: str | None


def monthly_series(values: pd.DataFrame, adcode: str, indicator: str) -> pd.DataFrame:
    """The region's monthly values of the indicator (period, value, provenance, source), oldest first; quarters and
    spans are left out so that the points of one line are alike."""
    rows = sub_year(values)
    rows = rows.loc[(rows["adcode"] == adcode) & (rows["indicator"] == indicator) & rows["value"].notna()]
    rows = rows.loc[rows["period"].map(kind) == "month"] if len(rows) else rows
    return rows[["period", "value", "provenance", "source"]].sort_values("period").reset_index(drop=True)


def latest_month(values: pd.DataFrame, adcode: str, indicator: str) -> MonthFigure | None:
    """The newest month with a value, or None when the region has no monthly value of the indicator."""
    series = monthly_series(values, adcode, indicator)
    if not len(series):
        return None
    last = series.iloc[-1]
    code = str(last["period"])
    return MonthFigure(
        period=Period(int(code[:4]), code),
        value=float(last["value"]),
        provenance=None if pd.isna(last["provenance"]) else str(last["provenance"]),
        source=None if pd.isna(last["source"]) else str(last["source"]),
    )


def indicators_with_months(values: pd.DataFrame, adcode: str) -> list[str]:
    """The indicators that have monthly values for the region, in the table's order."""
    rows = sub_year(values)
    rows = rows.loc[(rows["adcode"] == adcode) & rows["value"].notna()]
    return list(dict.fromkeys(rows.loc[rows["period"].map(kind) == "month", "indicator"].astype(str)))


MONTHS_COLUMNS: tuple[str, ...] = (
    "adcode",
    "name_zh",
    "indicator",
    "year",
    "period",
    "value",
    "unit",
    "provenance",
    "source",
    "note",
)


def months_table(values: pd.DataFrame, regions: pd.DataFrame, indicator: str, unit: str = "") -> pd.DataFrame:
    """The indicator's sub-year values as exported: one row per region and period, the `period` code kept
    (2024-05, 2024-Q2, 2023-01~06) beside the year, so that a month is never read as a year."""
    rows = sub_year(values)
    rows = rows.loc[rows["indicator"] == indicator]
    names = dict(zip(regions["adcode"].astype(str), regions["name_zh"], strict=False)) if len(regions) else {}
    out = rows.assign(name_zh=rows["adcode"].astype(str).map(names).astype("string"), unit=unit)
    return out[list(MONTHS_COLUMNS)].sort_values(["adcode", "period"]).reset_index(drop=True)
