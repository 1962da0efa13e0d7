"""geo/values.py: the canonical table, how tables combine, and allocated targets laid over values."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.periods import PeriodError
from geo.values import (
    MONTHS_MEAN_NOTE,
    combine,
    normalise,
    split_allocations,
    sub_year,
    with_allocations,
    yearly,
    yearly_from_months,
)


def table(rows: list[tuple]) -> pd.DataFrame:
    t = pd.DataFrame(rows, columns=["adcode", "indicator", "year", "value", "target"])
    t["provenance"] = "user"
    return normalise(t)


VALUES = table(
    [
        ("360101", "reserve", 2024, 30.0, None),
        ("360101", "reserve", 2025, 35.0, None),
        ("360102", "reserve", 2025, 20.0, 25.0),
    ]
)


def test_an_allocation_row_is_a_target_without_a_value() -> None:
    values, allocations = split_allocations(
        table([("360101", "reserve", 2025, 35.0, None), ("360101", "reserve", None, None, 40.0)])
    )
    assert list(values["value"]) == [35.0] and list(allocations["target"]) == [40.0]


def test_a_yearless_allocation_holds_for_every_year_and_a_years_own_allocation_wins() -> None:
    allocations = table([("360101", "reserve", None, None, 40.0), ("360101", "reserve", 2025, None, 45.0)])
    out = with_allocations(VALUES, allocations).set_index(["adcode", "year"])
    assert out.loc[("360101", 2024), "target"] == 40.0
    assert out.loc[("360101", 2025), "target"] == 45.0
    assert out.loc[("360102", 2025), "target"] == 25.0  # the row's own target is kept


def test_an_allocation_never_replaces_a_value_and_a_region_without_one_keeps_its_target() -> None:
    allocations = table([("360101", "reserve", 2025, None, 50.0), ("360103", "reserve", 2025, None, 10.0)])
    out = with_allocations(VALUES, allocations).set_index(["adcode", "year"])
    assert out.loc[("360101", 2025), "value"] == 35.0
    assert pd.isna(out.loc[("360103", 2025), "value"]) and out.loc[("360103", 2025), "target"] == 10.0


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["360101", "360102", "360103"]),
            st.sampled_from([None, 2024, 2025]),
            st.floats(min_value=0, max_value=1000, allow_nan=False),
        ),
        max_size=6,
    )
)
def test_allocations_change_targets_only(allocs: list[tuple]) -> None:
    allocations = table([(code, "reserve", year, None, target) for code, year, target in allocs])
    out = with_allocations(VALUES, allocations)
    kept = out.merge(VALUES, on=["adcode", "indicator", "year"], suffixes=("", "_before"))
    assert len(kept) == len(VALUES)  # every value row is still there
    assert (kept["value"] == kept["value_before"]).all()
    assert out.loc[out["value"].isna(), "target"].notna().all()  # added rows are allocations
    assert out["year"].notna().all()


def test_a_later_table_replaces_the_row_of_an_earlier_one() -> None:
    out = combine(VALUES, table([("360101", "reserve", 2025, 36.0, None)]))
    assert out.set_index(["adcode", "year"]).loc[("360101", 2025), "value"] == 36.0 and len(out) == 3


# --- sub-year periods (issue 16): a period column, yearly() / sub_year(), a year derived from 12 months ---


def months_table(year: int, months: range, indicator: str = "pm25", adcode: str = "360000") -> pd.DataFrame:
    return normalise(
        pd.DataFrame(
            {
                "adcode": adcode,
                "indicator": indicator,
                "year": year,
                "period": [f"{year}-{m:02d}" for m in months],
                "value": [float(20 + m) for m in months],
                "source": "bulletin",
                "provenance": "official",
            }
        )
    )


def test_a_month_and_its_year_are_different_keys_and_a_later_month_replaces_an_earlier_one() -> None:
    year_row = normalise(pd.DataFrame([{"adcode": "360000", "indicator": "pm25", "year": 2024, "value": 29.0}]))
    may = months_table(2024, range(5, 6))
    again = may.assign(value=33.0, provenance="user")
    out = combine(year_row, may, again)
    assert len(out) == 2
    assert out.loc[out["period"].isna(), "value"].tolist() == [29.0]
    assert out.loc[out["period"] == "2024-05", ["value", "provenance"]].values.tolist() == [[33.0, "user"]]
    assert str(out["period"].dtype) == "string"


def test_normalise_checks_period_codes_and_fills_the_year_from_the_period() -> None:
    out = normalise(pd.DataFrame([{"adcode": "1", "indicator": "pm25", "year": None, "period": "2024-Q2"}]))
    assert out["year"].tolist() == [2024]
    with pytest.raises(PeriodError, match="2024-13"):
        normalise(pd.DataFrame([{"adcode": "1", "indicator": "pm25", "year": 2024, "period": "2024-13"}]))
    with pytest.raises(PeriodError, match="not in year 2023"):
        normalise(pd.DataFrame([{"adcode": "1", "indicator": "pm25", "year": 2023, "period": "2024-05"}]))


@given(st.lists(st.sampled_from([None, "2024-01", "2024-Q1", "2024-01~06", "2024-12"]), min_size=1, max_size=30))
@settings(max_examples=50)
def test_yearly_and_sub_year_split_every_table_in_two(periods: list[str | None]) -> None:
    t = normalise(pd.DataFrame({"adcode": "1", "indicator": "pm25", "year": 2024, "period": periods, "value": 1.0}))
    assert len(yearly(t)) + len(sub_year(t)) == len(t)
    assert yearly(t)["period"].isna().all() and sub_year(t)["period"].notna().all()


def test_a_year_is_derived_from_months_only_when_all_twelve_exist() -> None:
    assert len(yearly_from_months(months_table(2024, range(1, 12)), ["pm25"])) == 0  # 11 months: no year
    derived = yearly_from_months(months_table(2024, range(1, 13)), ["pm25"])
    row = derived.iloc[0]
    assert (row["year"], row["provenance"], row["note"]) == (2024, "derived", MONTHS_MEAN_NOTE)
    assert pd.isna(row["period"]) and row["value"] == pytest.approx(sum(20 + m for m in range(1, 13)) / 12)
    assert row["source"].startswith(MONTHS_MEAN_NOTE) and "bulletin" in row["source"]
    assert len(yearly_from_months(months_table(2024, range(1, 13)), [])) == 0  # an indicator not to average


def test_allocated_targets_apply_to_yearly_rows_and_leave_months_alone() -> None:
    values = combine(VALUES, months_table(2025, range(1, 3), indicator="reserve", adcode="360101"))
    allocation = table([("360101", "reserve", None, None, 40.0)])
    out = with_allocations(values, allocation)
    assert out.loc[out["period"].notna(), "target"].isna().all()
    assert out.loc[out["period"].isna() & (out["adcode"] == "360101"), "target"].tolist() == [40.0, 40.0]


def test_a_derived_years_source_reads_in_the_pages_language() -> None:
    from geo.i18n import Translator
    from geo.sources import render_source

    source = yearly_from_months(months_table(2024, range(1, 13)), ["pm25"]).iloc[0]["source"]
    assert render_source(source, Translator("zh").t).startswith(
        "由12个月的月度数值平均得出（本系统计算）；月度来源：bulletin"
    )


def test_a_derived_year_names_each_of_its_months_sources_once() -> None:
    months = months_table(2024, range(1, 13))
    months["source"] = ["A"] * 6 + ["B"] * 6
    assert yearly_from_months(months, ["pm25"]).iloc[0]["source"] == f"{MONTHS_MEAN_NOTE}: A; B"
