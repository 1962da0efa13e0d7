"""Attainment of a values table: region targets, history from the table, no_data rows, input untouched."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.attainment import assess_indicator, assess_values, status_counts
from geo.catalog import Catalog, Clause, Indicator
from geo.errors import UnknownIndicator, UnknownRegion
from geo.values import normalise


def _ind(
    id_: str,
    rule: str,
    target: float | None,
    unit: str = "%",
    name_zh: str = "",
    lower: str = "each",
    aggregation: str = "area_weighted",
    **kw,
) -> Indicator:
    return Indicator(
        id=id_,
        name_zh=name_zh or id_,
        name_en=id_,
        unit=unit,
        unit_en=unit,
        action=3,
        clause=Clause("三", None, "…"),
        rule=rule,
        target=target,
        target_year=2026,
        level="county",
        aggregation=aggregation,
        lower=lower,
        **kw,
    )


CATALOG = Catalog(
    actions=(),
    source="test",
    indicators=(
        _ind("forest_cover", "hold_at_least", 63.1, near_margin=0.5),
        _ind("pm25", "at_most", 29.0, unit="μg/m³", name_zh="PM2.5平均浓度", baseline=29.0, baseline_year=2023),
        _ind("afforest", "cumulative_at_least", 150.0, unit="万亩", params={"start_year": 2024}),
        _ind("tea_oil", "multiple_of_base", None, unit="亿元", params={"factor": 4, "base_year": 2022}),
        _ind("monitoring", "qualitative", None, unit=""),
        _ind("reserve_area", "at_least", 2760.7, unit="万亩", lower="share", aggregation="sum"),
    ),
)
LEVEL_OF = {"360000": "province", "360100": "city", "360102": "county", "360103": "county", "360104": "county"}


def table(rows: list[tuple]) -> pd.DataFrame:
    cols = ["adcode", "indicator", "year", "value", "target"]
    t = pd.DataFrame(rows, columns=cols)
    t["source"], t["provenance"], t["note"] = "test", "demo", ""
    return normalise(t)


def test_region_target_overrides_catalog_default_only_where_present():
    v = table([("360102", "forest_cover", 2026, 62.0, 61.0), ("360103", "forest_cover", 2026, 62.0, None)])
    out = assess_values(v, CATALOG, LEVEL_OF)
    assert list(out["target_used"]) == [61.0, 63.1]
    assert list(out["status"]) == ["met", "not_met"]
    assert list(out["gap"]) == pytest.approx([1.0, -1.1])
    assert list(out["unit"]) == ["%", "%"] and list(out["rule"]) == ["hold_at_least", "hold_at_least"]


def test_history_comes_from_earlier_years_of_the_same_region_only():
    v = table(
        [
            ("360102", "afforest", 2024, 50.0, None),
            ("360102", "afforest", 2025, 50.0, None),
            ("360102", "afforest", 2026, 55.0, None),
            ("360103", "afforest", 2026, 55.0, None),  # another county's years must not be summed in
        ]
    )
    out = assess_values(v, CATALOG, LEVEL_OF, years=[2026])
    assert list(out["status"]) == ["met", "not_met"]
    assert list(out["progress"]) == pytest.approx([155.0, 55.0])


def test_multiple_of_base_takes_the_base_year_value_from_the_table():
    v = table([("360000", "tea_oil", 2022, 12.5, None), ("360000", "tea_oil", 2026, 51.0, None)])
    out = assess_values(v, CATALOG, LEVEL_OF, years=[2026])
    assert out.loc[1, "target_used"] == 50.0 and out.loc[1, "status"] == "met"


def test_years_filter_keeps_the_original_index_and_returns_a_new_frame():
    v = table([("360102", "pm25", 2024, 31.0, None), ("360102", "pm25", 2026, 28.0, None)])
    v.index = [10, 20]
    before = v.copy(deep=True)
    out = assess_values(v, CATALOG, LEVEL_OF, years=[2026])
    assert list(out.index) == [20]
    assert out.loc[20, "status"] == "met" and out.loc[20, "gap"] == pytest.approx(1.0)
    pd.testing.assert_frame_equal(v, before)
    assert "status" not in v.columns


def test_missing_value_row_is_no_data_and_qualitative_is_tracked():
    v = table([("360102", "pm25", 2026, None, None), ("360102", "monitoring", 2026, None, None)])
    out = assess_values(v, CATALOG, LEVEL_OF)
    assert list(out["status"]) == ["no_data", "tracked"]
    assert out["gap"].isna().all()


def test_unknown_indicator_raises_with_its_name():
    with pytest.raises(UnknownIndicator, match="'pm10' is not an indicator of the catalog"):
        assess_values(table([("360102", "pm10", 2026, 1.0, None)]), CATALOG, LEVEL_OF)


def test_status_counts_lists_every_status_including_zeros():
    v = table(
        [
            ("360102", "pm25", 2026, 28.0, None),
            ("360103", "pm25", 2026, 40.0, None),
            ("360104", "pm25", 2026, 27.0, None),
        ]
    )
    assert status_counts(assess_values(v, CATALOG, LEVEL_OF)) == {
        "met": 2,
        "near": 0,
        "not_met": 1,
        "no_data": 0,
        "tracked": 0,
        "no_target": 0,
    }


def test_assess_indicator_has_a_row_for_every_region_including_those_without_values():
    v = table(
        [
            ("360102", "pm25", 2026, 28.0, None),
            ("360103", "pm25", 2025, 20.0, None),
            ("360102", "forest_cover", 2026, 70.0, None),
        ]
    )
    before = v.copy(deep=True)
    out = assess_indicator(v, CATALOG, "pm25", 2026, ["360102", "360103", "360104"], "county")
    assert list(out.index) == ["360102", "360103", "360104"]
    assert list(out["status"]) == ["met", "no_data", "no_data"]
    assert out.loc["360104", "target_used"] == 29.0 and pd.isna(out.loc["360104", "value"])
    assert out.loc["360102", "provenance"] == "demo"
    pd.testing.assert_frame_equal(v, before)


def test_assess_indicator_accepts_the_chinese_name_and_rejects_unknown_ones():
    v = table([("360102", "pm25", 2026, 30.0, None)])
    out = assess_indicator(v, CATALOG, "PM2.5平均浓度", 2026, ["360102"], "county")
    assert out.loc["360102", "status"] == "not_met"
    with pytest.raises(UnknownIndicator):
        assess_indicator(v, CATALOG, "no_such", 2026, ["360102"], "county")


# ------------------------------------------------------------------ targets judged where the plan sets them


@settings(max_examples=60, deadline=None)
@given(value=st.floats(min_value=0, max_value=30000, allow_nan=False), level=st.sampled_from(["county", "city"]))
def test_a_region_without_an_allocated_target_is_never_not_met_on_a_provincial_total(value: float, level: str):
    code = "360102" if level == "county" else "360100"
    v = table([(code, "reserve_area", 2026, value, None)])
    out = assess_indicator(v, CATALOG, "reserve_area", 2026, [code], level)
    assert out.loc[code, "status"] == "no_target"
    assert pd.isna(out.loc[code, "target_used"]) and pd.isna(out.loc[code, "gap"])


@settings(max_examples=60, deadline=None)
@given(
    value=st.floats(min_value=0, max_value=30000, allow_nan=False),
    allocated=st.floats(min_value=1, max_value=3000, allow_nan=False),
)
def test_an_allocated_target_is_honoured_for_a_share_of_a_total(value: float, allocated: float):
    v = table([("360102", "reserve_area", 2026, value, allocated)])
    out = assess_indicator(v, CATALOG, "reserve_area", 2026, ["360102"], "county")
    assert out.loc["360102", "target_used"] == allocated
    assert out.loc["360102", "status"] == ("met" if value >= allocated else "not_met")


def test_the_province_total_is_judged_against_the_plans_target():
    v = table([("360000", "reserve_area", 2026, 2700.0, None), ("360102", "reserve_area", 2026, 36.6, None)])
    out = assess_values(v, CATALOG, LEVEL_OF)
    assert list(out["status"]) == ["not_met", "no_target"]
    assert out.loc[0, "target_used"] == 2760.7 and out.loc[0, "gap"] == pytest.approx(-60.7)


def test_a_rate_each_unit_must_reach_binds_counties_cities_and_the_province():
    v = table([(c, "forest_cover", 2026, 60.0, None) for c in ("360000", "360100", "360102")])
    assert list(assess_values(v, CATALOG, LEVEL_OF)["status"]) == ["not_met"] * 3


def test_a_county_with_no_value_on_a_provincial_total_is_no_data():
    out = assess_indicator(table([]), CATALOG, "reserve_area", 2026, ["360103"], "county")
    assert out.loc["360103", "status"] == "no_data"


def test_a_region_missing_from_the_levels_is_named():
    with pytest.raises(UnknownRegion, match="'369999'"):
        assess_values(table([("369999", "pm25", 2026, 1.0, None)]), CATALOG, LEVEL_OF)
