"""layers/places.py: the readable map's data (names, search entries, water, extent) and what the base map draws."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
from shapely.geometry import box

from geo.pack import MapView
from layers.assets import assert_offline
from layers.mapview import MapOptions, base_map, place_data
from layers.script import map_script

VIEW = MapView(bounds=((24.45, 113.55), (30.1, 118.5)), centre=(27.3, 115.9), zoom=7)


def counties() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"name_zh": ["甲县", "乙县"], "name_en": ["Jia", "Yi"], "city_zh": ["一市", "一市"]},
        geometry=[box(115, 28, 116, 29), box(116, 28, 116.5, 28.5)],
        crs=4326,
        index=["360101", "360102"],
    )


def lakes() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"area_km2": [10.0]}, geometry=[box(115.2, 28.2, 115.3, 28.3)], crs=4326)


def test_names_search_water_and_extent_in_the_page_language() -> None:
    root = gpd.GeoDataFrame(geometry=[box(115, 28, 116.5, 29)], crs=4326)
    places = place_data(counties(), MapOptions(lang="zh", view=VIEW), lakes(), root)
    labels = json.loads(places.labels)
    assert [name for *_, name in labels] == ["甲县", "乙县"]  # the larger first
    assert box(115, 28, 116, 29).contains(gpd.points_from_xy([labels[0][1]], [labels[0][0]])[0])
    assert json.loads(places.search)[0] == ["甲县（一市）", "360101", 28.0, 115.0, 29.0, 116.0]
    assert places.lakes is not None and json.loads(places.lakes)["features"][0]["geometry"]["type"] == "Polygon"
    assert places.bounds == ((28.0, 115.0), (29.0, 116.5))
    english = place_data(counties(), MapOptions(lang="en", view=VIEW))
    assert json.loads(english.search)[1][0] == "Yi" and english.lakes is None and english.bounds is None


def test_the_base_map_has_a_km_scale_plain_credits_names_water_search_and_fits_the_province() -> None:
    root = gpd.GeoDataFrame(geometry=[box(115, 28, 116.5, 29)], crs=4326)
    places = place_data(counties(), MapOptions(view=VIEW), lakes(), root)
    script = map_script(assert_offline(base_map(MapOptions(view=VIEW), {}, places=places))).base
    assert "L.control.scale({imperial: false, metric: true" in script and "L.control.scale()" not in script
    assert "attributionControl.setPrefix(false)" in script and "湖泊：Natural Earth" in script
    assert "createPane('gpWater')" in script and "createPane('gpLabels')" in script
    assert '"zoomSnap": 0.25' in script
    assert ".fitBounds(\n" in script or "fitBounds(" in script
    assert "[[28.0, 115.0], [29.0, 116.5]]" in script.replace("\n", "").replace("  ", "")
    assert "查找地区" in script and "甲县（一市）" in script


def test_without_places_the_map_still_has_a_km_scale_and_no_leaflet_flag() -> None:
    script = map_script(base_map(MapOptions(view=VIEW), {})).base
    assert "imperial: false" in script and "setPrefix(false)" in script and "gpLabels" not in script


@pytest.mark.parametrize("name", ["<img src=x onerror=alert(1)>", "</script><b>"])
def test_a_hostile_name_stays_text(name: str) -> None:
    units = counties().assign(name_zh=[name, "乙县"])
    script = map_script(base_map(MapOptions(view=VIEW), {}, places=place_data(units, MapOptions(view=VIEW)))).base
    assert "<img" not in script and "</script>" not in script and "el.textContent = p[2]" in script


def test_with_a_url_the_names_search_and_water_come_from_one_prefetched_file() -> None:
    from dataclasses import replace

    root = gpd.GeoDataFrame(geometry=[box(115, 28, 116.5, 29)], crs=4326)
    places = place_data(counties(), MapOptions(view=VIEW), lakes(), root)
    doc = json.loads(places.file_text())
    assert (
        doc["labels"][0][2] == "甲县"
        and doc["search"][1][1] == "360102"
        and doc["lakes"]["type"] == "FeatureCollection"
    )
    fetched = replace(places, url="/app/static/geo/places_county.abc.json")
    script = map_script(base_map(MapOptions(view=VIEW), {}, places=fetched))
    assert "/app/static/geo/places_county.abc.json" in script.prefetch
    assert "甲县" not in script.base and "湖泊：Natural Earth" in script.base
