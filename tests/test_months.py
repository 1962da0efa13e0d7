"""geo/months.py: a region's monthly series and latest month, from the sub-year rows only."""

from __future__ import annotations

import pandas as pd

from geo.months import MONTHS_COLUMNS, indicators_with_months, latest_month, monthly_series, months_table
from geo.periods import Period
from geo.values import normalise

VALUES = normalise(
    pd.DataFrame(
        [
            ("360000", "pm25", 2024, "2024-05", 21.0, "official"),
            ("360000", "pm25", 2024, "2024-02", 41.0, "official"),
            ("360000", "pm25", 2024, "2024-Q2", 23.0, "official"),  # a quarter: not a point of the monthly line
            ("360000", "pm25", 2024, None, 30.0, "official"),  # the year: not a month
            ("360102", "pm25", 2025, "2025-01", 50.0, "user"),
        ],
        columns=["adcode", "indicator", "year", "period", "value", "provenance"],
    )
)


def test_the_series_is_the_regions_months_oldest_first() -> None:
    series = monthly_series(VALUES, "360000", "pm25")
    assert series["period"].tolist() == ["2024-02", "2024-05"] and series["value"].tolist() == [41.0, 21.0]


def test_the_latest_month_is_the_newest_with_a_value() -> None:
    latest = latest_month(VALUES, "360000", "pm25")
    assert latest is not None and (latest.period, latest.value) == (Period(2024, "2024-05"), 21.0)
    assert latest_month(VALUES, "360000", "good_air_days_ratio") is None
    assert indicators_with_months(VALUES, "360102") == ["pm25"] and indicators_with_months(VALUES, "360101") == []


def test_the_export_keeps_the_period_beside_the_year() -> None:
    regions = pd.DataFrame({"adcode": ["360000", "360102"], "name_zh": ["江西省", "东湖区"]})
    table = months_table(VALUES, regions, "pm25", "微克/立方米")
    assert list(table.columns) == list(MONTHS_COLUMNS) and len(table) == 4  # months and the quarter, not the year
    assert table["period"].tolist() == ["2024-02", "2024-05", "2024-Q2", "2025-01"]
    assert table["name_zh"].tolist()[-1] == "东湖区" and (table["unit"] == "微克/立方米").all()
