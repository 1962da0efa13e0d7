"""Attainment of a values table: region targets, history from the table, no_data rows, input untouched."""
from __future__ import annotations

import pandas as pd
import pytest

from geo.attainment import assess_indicator, assess_values, status_counts
from geo.catalog import Catalog, Clause, Indicator
from geo.errors import UnknownIndicator
from geo.values import normalise


def _ind(id_: str, rule: str, target: float | None, unit: str = "%", name_zh: str = "", **kw) -> Indicator:
    return Indicator(id=id_, name_zh=name_zh or id_, name_en=id_, unit=unit, unit_en=unit, action=3,
                     clause=Clause("三", None, "…"), rule=rule, target=target, target_year=2026,
                     level="county", aggregation="area_weighted", **kw)


CATALOG = Catalog(actions=(), source="test", indicators=(
    _ind("forest_cover", "hold_at_least", 63.1, near_margin=0.5),
    _ind("pm25", "at_most", 29.0, unit="μg/m³", name_zh="PM2.5平均浓度", baseline=29.0, baseline_year=2023),
    _ind("afforest", "cumulative_at_least", 150.0, unit="万亩", params={"start_year": 2024}),
    _ind("tea_oil", "multiple_of_base", None, unit="亿元", params={"factor": 4, "base_year": 2022}),
    _ind("monitoring", "qualitative", None, unit=""),
))


def table(rows: list[tuple]) -> pd.DataFrame:
    cols = ["adcode", "indicator", "year", "value", "target"]
    t = pd.DataFrame(rows, columns=cols)
    t["source"], t["provenance"], t["note"] = "test", "demo", ""
    return normalise(t)


def test_region_target_overrides_catalog_default_only_where_present():
    v = table([("360102", "forest_cover", 2026, 62.0, 61.0), ("360103", "forest_cover", 2026, 62.0, None)])
    out = assess_values(v, CATALOG)
    assert list(out["target_used"]) == [61.0, 63.1]
    assert list(out["status"]) == ["met", "not_met"]
    assert list(out["gap"]) == pytest.approx([1.0, -1.1])
    assert list(out["unit"]) == ["%", "%"] and list(out["rule"]) == ["hold_at_least", "hold_at_least"]


def test_history_comes_from_earlier_years_of_the_same_region_only():
    v = table([
        ("360102", "afforest", 2024, 50.0, None), ("360102", "afforest", 2025, 50.0, None),
        ("360102", "afforest", 2026, 55.0, None),
        ("360103", "afforest", 2026, 55.0, None),  # another county's years must not be summed in
    ])
    out = assess_values(v, CATALOG, years=[2026])
    assert list(out["status"]) == ["met", "not_met"]
    assert list(out["progress"]) == pytest.approx([155.0, 55.0])


def test_multiple_of_base_takes_the_base_year_value_from_the_table():
    v = table([("360000", "tea_oil", 2022, 12.5, None), ("360000", "tea_oil", 2026, 51.0, None)])
    out = assess_values(v, CATALOG, years=[2026])
    assert out.loc[1, "target_used"] == 50.0 and out.loc[1, "status"] == "met"


def test_years_filter_keeps_the_original_index_and_returns_a_new_frame():
    v = table([("360102", "pm25", 2024, 31.0, None), ("360102", "pm25", 2026, 28.0, None)])
    v.index = [10, 20]
    before = v.copy(deep=True)
    out = assess_values(v, CATALOG, years=[2026])
    assert list(out.index) == [20]
    assert out.loc[20, "status"] == "met" and out.loc[20, "gap"] == pytest.approx(1.0)
    pd.testing.assert_frame_equal(v, before)
    assert "status" not in v.columns


def test_missing_value_row_is_no_data_and_qualitative_is_tracked():
    v = table([("360102", "pm25", 2026, None, None), ("360102", "monitoring", 2026, None, None)])
    out = assess_values(v, CATALOG)
    assert list(out["status"]) == ["no_data", "tracked"]
    assert out["gap"].isna().all()


def test_unknown_indicator_raises_with_its_name():
    with pytest.raises(UnknownIndicator, match="'pm10' is not an indicator of the catalog"):
        assess_values(table([("360102", "pm10", 2026, 1.0, None)]), CATALOG)


def test_status_counts_lists_every_status_including_zeros():
    v = table([("360102", "pm25", 2026, 28.0, None), ("360103", "pm25", 2026, 40.0, None),
               ("360104", "pm25", 2026, 27.0, None)])
    assert status_counts(assess_values(v, CATALOG)) == {
        "met": 2, "near": 0, "not_met": 1, "no_data": 0, "tracked": 0}


def test_assess_indicator_has_a_row_for_every_region_including_those_without_values():
    v = table([("360102", "pm25", 2026, 28.0, None), ("360103", "pm25", 2025, 20.0, None),
               ("360102", "forest_cover", 2026, 70.0, None)])
    before = v.copy(deep=True)
    out = assess_indicator(v, CATALOG, "pm25", 2026, ["360102", "360103", "360104"])
    assert list(out.index) == ["360102", "360103", "360104"]
    assert list(out["status"]) == ["met", "no_data", "no_data"]
    assert out.loc["360104", "target_used"] == 29.0 and pd.isna(out.loc["360104", "value"])
    assert out.loc["360102", "provenance"] == "demo"
    pd.testing.assert_frame_equal(v, before)


def test_assess_indicator_accepts_the_chinese_name_and_rejects_unknown_ones():
    v = table([("360102", "pm25", 2026, 30.0, None)])
    assert assess_indicator(v, CATALOG, "PM2.5平均浓度", 2026, ["360102"]).loc["360102", "status"] == "not_met"
    with pytest.raises(UnknownIndicator):
        assess_indicator(v, CATALOG, "no_such", 2026, ["360102"])
