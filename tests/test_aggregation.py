"""Aggregation of county values to cities and the province, checked against numbers worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.aggregation import aggregate
from geo.catalog import Catalog, Clause, Indicator
from geo.errors import UnknownIndicator, UnknownLevel
from geo.values import VALUE_COLUMNS, normalise

# Two cities: A (360100) with counties of 100 and 300 km²; B (360200) with 50, 150 and 200 km².
REGIONS = pd.DataFrame(
    [
        ("360000", "省", "province", None, 800.0),
        ("360100", "甲市", "city", "360000", 400.0),
        ("360101", "甲一县", "county", "360100", 100.0),
        ("360102", "甲二县", "county", "360100", 300.0),
        ("360200", "乙市", "city", "360000", 400.0),
        ("360201", "乙一县", "county", "360200", 50.0),
        ("360202", "乙二县", "county", "360200", 150.0),
        ("360203", "乙三县", "county", "360200", 200.0),
    ],
    columns=["adcode", "name_zh", "level", "parent_adcode", "area_km2"],
)


def _ind(id_: str, aggregation: str) -> Indicator:
    return Indicator(
        id=id_,
        name_zh=id_,
        name_en=id_,
        unit="%",
        unit_en="%",
        action=4,
        clause=Clause("四", None, "…"),
        rule="at_least",
        target=1.0,
        target_year=2026,
        level="county",
        aggregation=aggregation,
    )


CATALOG = Catalog(
    actions=(),
    source="test",
    indicators=(
        _ind("forest", "area_weighted"),
        _ind("farmland", "sum"),
        _ind("good_sections", "count"),
        _ind("gdp_share", "none"),
    ),
)


def table(rows: list[tuple], provenance: str = "official") -> pd.DataFrame:
    t = pd.DataFrame(rows, columns=["adcode", "indicator", "value"])
    t["year"], t["target"], t["source"], t["provenance"], t["note"] = 2025, None, "统计年鉴", provenance, ""
    return normalise(t)


FOREST = table(
    [("360101", "forest", 60.0), ("360102", "forest", 80.0), ("360201", "forest", 50.0), ("360202", "forest", 70.0)]
)  # 360203 has no value
FARMLAND = table(
    [
        ("360101", "farmland", 10.0),
        ("360102", "farmland", 20.0),
        ("360201", "farmland", 5.0),
        ("360202", "farmland", 7.0),
        ("360203", "farmland", 8.0),
    ]
)


def by_code(out: pd.DataFrame) -> pd.DataFrame:
    return out.set_index("adcode")


def test_area_weighted_city_means_by_hand_and_missing_county_noted():
    out = by_code(aggregate(FOREST, REGIONS, CATALOG, "city"))
    # A: (60×100 + 80×300) / (100 + 300) = (6000 + 24000) / 400 = 75.0
    assert out.loc["360100", "value"] == pytest.approx(75.0)
    assert out.loc["360100", "note"] == "all 2 counties"
    # B: (50×50 + 70×150) / (50 + 150) = (2500 + 10500) / 200 = 65.0; covered 200 of 400 km² = 50 %
    assert out.loc["360200", "value"] == pytest.approx(65.0)
    assert out.loc["360200", "note"] == "2 of 3 counties, 50.0% of the area; no value for 360203"
    assert out.loc["360200", "source"] == "aggregated from 2 county values (area-weighted)"
    assert set(out["provenance"]) == {"derived"} and out["target"].isna().all()


def test_area_weighted_province_by_hand():
    out = by_code(aggregate(FOREST, REGIONS, CATALOG, "province"))
    # (6000 + 24000 + 2500 + 10500) / (100 + 300 + 50 + 150) = 43000 / 600 = 71.666…; area 600 of 800 = 75 %
    assert list(out.index) == ["360000"]
    assert out.loc["360000", "value"] == pytest.approx(43000 / 600)
    assert out.loc["360000", "note"].startswith("4 of 5 counties, 75.0% of the area")


def test_sum_by_city_and_province():
    city = by_code(aggregate(FARMLAND, REGIONS, CATALOG, "city"))
    assert city.loc["360100", "value"] == pytest.approx(30.0)  # 10 + 20
    assert city.loc["360200", "value"] == pytest.approx(20.0)  # 5 + 7 + 8
    prov = by_code(aggregate(FARMLAND, REGIONS, CATALOG, "province"))
    assert prov.loc["360000", "value"] == pytest.approx(50.0)
    assert prov.loc["360000", "source"] == "aggregated from 5 county values (sum)"


def test_count_weighted_by_sections_and_unweighted_fallback_says_so():
    v = table([("360101", "good_sections", 100.0), ("360102", "good_sections", 50.0)])
    weighted = by_code(aggregate(v, REGIONS, CATALOG, "city", weights={"360101": 1, "360102": 3}))
    assert weighted.loc["360100", "value"] == pytest.approx(62.5)  # (100×1 + 50×3) / 4 = 250 / 4
    plain = by_code(aggregate(v, REGIONS, CATALOG, "city"))
    assert plain.loc["360100", "value"] == pytest.approx(75.0)  # (100 + 50) / 2
    assert "unweighted mean" in plain.loc["360100", "note"]
    assert plain.loc["360100", "source"] == "aggregated from 2 county values (unweighted mean)"


def test_city_without_any_county_value_still_gets_a_row_saying_so():
    v = table([("360101", "farmland", 10.0)])
    out = by_code(aggregate(v, REGIONS, CATALOG, "city"))
    assert pd.isna(out.loc["360200", "value"])
    assert out.loc["360200", "note"].startswith("0 of 3 counties, 0.0% of the area; no value for 360201, 360202")


def test_any_demo_input_makes_the_aggregate_demo():
    v = pd.concat(
        [table([("360101", "forest", 60.0)], "demo"), table([("360102", "forest", 80.0), ("360201", "forest", 50.0)])],
        ignore_index=True,
    )
    out = by_code(aggregate(v, REGIONS, CATALOG, "city"))
    assert out.loc["360100", "provenance"] == "demo"
    assert out.loc["360200", "provenance"] == "derived"
    assert by_code(aggregate(v, REGIONS, CATALOG, "province")).loc["360000", "provenance"] == "demo"


def test_none_aggregation_gives_no_rows_and_output_is_canonical():
    v = pd.concat([FOREST, table([("360101", "gdp_share", 3.0)])], ignore_index=True)
    out = aggregate(v, REGIONS, CATALOG, "city")
    assert tuple(out.columns) == VALUE_COLUMNS
    assert set(out["indicator"]) == {"forest"}
    assert list(out["adcode"]) == ["360100", "360200"]


def test_input_tables_are_untouched():
    values, regions = FOREST.copy(deep=True), REGIONS.copy(deep=True)
    values.index = [7, 8, 9, 10]
    before_v, before_r = values.copy(deep=True), regions.copy(deep=True)
    aggregate(values, regions, CATALOG, "city")
    pd.testing.assert_frame_equal(values, before_v)
    pd.testing.assert_frame_equal(regions, before_r)


def test_bad_level_and_unknown_indicator_are_named():
    with pytest.raises(UnknownLevel, match=r"cannot aggregate to 'county'; use one of city, province"):
        aggregate(FOREST, REGIONS, CATALOG, "county")
    with pytest.raises(UnknownIndicator, match="'ozone'"):
        aggregate(table([("360101", "ozone", 1.0)]), REGIONS, CATALOG, "city")


def test_county_with_unknown_area_is_left_out_by_name():
    regions = REGIONS.copy()
    regions.loc[regions["adcode"] == "360101", "area_km2"] = None
    out = by_code(aggregate(FOREST, regions, CATALOG, "city"))
    assert out.loc["360100", "value"] == pytest.approx(80.0)  # only 360102 can be weighted
    assert "area unknown for 360101; left out" in out.loc["360100", "note"]
    assert out.loc["360100", "source"] == "aggregated from 1 county value (area-weighted)"
