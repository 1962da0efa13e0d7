"""The joined view: one row per region, with status, gap, rank and provenance; cities aggregated from counties."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from geo.catalog import load_catalog
from geo.errors import AtlasError, UnknownIndicator
from geo.view import VIEW_COLUMNS, build_view, judged_at, view_metadata


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def tiny():
    counties = gpd.GeoDataFrame(
        {
            "name_zh": ["甲县", "乙县", "丙县"],
            "name_en": ["Jia County", "Yi County", "Bing County"],
            "parent_adcode": ["360100", "360100", "360200"],
            "city_zh": ["一市", "一市", "二市"],
        },
        geometry=[box(115, 28, 115.1, 28.1), box(115.1, 28, 115.2, 28.1), box(115.2, 28, 115.3, 28.1)],
        crs="EPSG:4326",
        index=pd.Index(["360101", "360102", "360201"], name="adcode"),
    )
    cities = gpd.GeoDataFrame(
        {
            "name_zh": ["一市", "二市"],
            "name_en": ["Yi City", "Er City"],
            "parent_adcode": ["360000", "360000"],
            "city_zh": ["一市", "二市"],
        },
        geometry=[box(115, 28, 115.2, 28.1), box(115.2, 28, 115.3, 28.1)],
        crs="EPSG:4326",
        index=pd.Index(["360100", "360200"], name="adcode"),
    )
    regions = pd.DataFrame(
        {
            "adcode": ["360000", "360100", "360200", "360101", "360102", "360201"],
            "name_zh": ["省", "一市", "二市", "甲县", "乙县", "丙县"],
            "name_en": ["P", "Yi City", "Er City", "Jia County", "Yi County", "Bing County"],
            "level": ["province", "city", "city", "county", "county", "county"],
            "parent_adcode": ["", "360000", "360000", "360100", "360100", "360200"],
            "area_km2": [300.0, 200.0, 100.0, 100.0, 100.0, 100.0],
        }
    )
    values = pd.DataFrame(
        {
            "adcode": ["360101", "360102"],
            "indicator": ["forest_coverage"] * 2,
            "year": [2024, 2024],
            "value": [70.0, 50.0],
            "source": ["s", "s"],
            "provenance": ["user", "demo"],
            "note": [None, None],
        }
    )
    return counties, cities, regions, values


def test_county_view_has_every_region_and_every_export_property(catalog) -> None:
    counties, _, regions, values = tiny()
    view = build_view(counties, values, regions, catalog, "forest_coverage", 2024, "county")
    assert list(view.index) == ["360101", "360102", "360201"]
    assert set(VIEW_COLUMNS) <= set(view.columns)
    assert view["status"].tolist() == ["met", "not_met", "no_data"]
    assert view["gap"].tolist()[:2] == [pytest.approx(6.9), pytest.approx(-13.1)]
    assert view["rank"].tolist()[:2] == [1, 2] and view["rank_of"].iloc[0] == 2
    assert view.crs.to_epsg() == 4326


def test_lower_is_better_ranks_the_lowest_first(catalog) -> None:
    counties, _, regions, values = tiny()
    pm = values.assign(indicator="pm25", value=[30.0, 20.0])
    view = build_view(counties, pm, regions, catalog, "pm25", 2024, "county")
    assert view["rank"].tolist()[:2] == [2, 1]


def test_city_view_aggregates_counties_by_area(catalog) -> None:
    counties, cities, regions, values = tiny()
    view = build_view(cities, values, regions, catalog, "forest_coverage", 2024, "city")
    assert view.loc["360100", "value"] == pytest.approx(60.0)  # (70*100 + 50*100) / 200
    assert view.loc["360100", "provenance"] == "demo"  # one input was demo
    assert view.loc["360200", "status"] == "no_data"


def test_inputs_are_untouched_and_bad_arguments_named(catalog) -> None:
    counties, _, regions, values = tiny()
    before = values.copy()
    build_view(counties, values, regions, catalog, "forest_coverage", 2024, "county")
    pd.testing.assert_frame_equal(values, before)
    with pytest.raises(AtlasError, match="level 'town' cannot be mapped; use one of county, city"):
        build_view(counties, values, regions, catalog, "forest_coverage", 2024, "town")
    with pytest.raises(UnknownIndicator, match="'forest' is not an indicator"):
        build_view(counties, values, regions, catalog, "forest", 2024, "county")


def test_metadata_warns_about_demo_values(catalog) -> None:
    counties, _, regions, values = tiny()
    view = build_view(counties, values, regions, catalog, "forest_coverage", 2024, "county")
    meta = view_metadata(view, catalog.get("forest_coverage"), 2024, "county", link="?x=1")
    assert "NOT official" in meta["warning"]
    assert "63.1" in meta["clause"] and meta["provenance_counts"] == "demo=1, user=1"


def test_a_countys_share_of_a_provincial_total_is_shown_not_judged(catalog) -> None:
    counties, cities, regions, _ = tiny()
    values = pd.DataFrame(
        {
            "adcode": ["360101", "360102", "360201"],
            "indicator": ["nature_reserve_area"] * 3,
            "year": [2025] * 3,
            "value": [30.0, 10.0, 60.0],
            "source": ["s"] * 3,
            "provenance": ["user"] * 3,
            "note": [None] * 3,
        }
    )
    view = build_view(counties, values, regions, catalog, "nature_reserve_area", 2025, "county")
    assert list(view["status"]) == ["no_target"] * 3  # 30 万亩 is nobody's 2760.7 万亩
    assert list(view["share"]) == [30.0, 10.0, 60.0]  # percent of the province's 100
    assert view["target"].isna().all() and view["gap"].isna().all()
    city = build_view(cities, values, regions, catalog, "nature_reserve_area", 2025, "city")
    assert list(city["share"]) == [40.0, 60.0] and list(city["status"]) == ["no_target"] * 2


def test_the_map_colours_by_attainment_only_where_a_target_binds(catalog) -> None:
    _, _, _, values = tiny()
    assert judged_at(catalog.get("forest_coverage"), "county", values)  # every county must reach 63.1 %
    reserve = catalog.get("nature_reserve_area")
    assert not judged_at(reserve, "county", values)
    allocated = pd.DataFrame(
        {"adcode": ["360101"], "indicator": ["nature_reserve_area"], "year": [2025], "value": [30.0], "target": [25.0]}
    )
    assert judged_at(reserve, "county", allocated)  # an allocated target is judged
    assert not judged_at(catalog.get("landcover_forest_share"), "county", values)  # tracked, never scored
