"""geo.datum: the GCJ-02 formula, its exact inverse, and the frame-level shifts."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod
from shapely.geometry import Point, Polygon

from geo.boundaries import load_boundaries
from geo.datum import gcj02_to_wgs84, in_china, to_datum, to_gcj02, to_wgs84, wgs84_to_gcj02
from geo.errors import DatumError

GEOD = Geod(ellps="WGS84")
# Jiangxi's bounding box with a small margin.
LON = st.floats(113.5, 118.6, allow_nan=False)
LAT = st.floats(24.4, 30.1, allow_nan=False)


def metres(lon1: np.ndarray, lat1: np.ndarray, lon2: np.ndarray, lat2: np.ndarray) -> np.ndarray:
    """Geodesic distance in metres between paired points."""
    return np.asarray(GEOD.inv(lon1, lat1, lon2, lat2)[2])


def test_matches_published_example() -> None:
    # The worked example in the README of the widely used coordtransform library (Tiananmen area).
    lon, lat = wgs84_to_gcj02(116.404, 39.915)
    assert lon == pytest.approx(116.41024449916938, abs=1e-9)
    assert lat == pytest.approx(39.91640428150164, abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(LON, LAT)
def test_round_trip_wgs84_gcj02_wgs84_under_a_decimetre(lon: float, lat: float) -> None:
    g_lon, g_lat = wgs84_to_gcj02(lon, lat)
    w_lon, w_lat = gcj02_to_wgs84(g_lon, g_lat)
    assert metres(lon, lat, w_lon, w_lat) < 0.1
    assert abs(w_lon - lon) < 1e-9 and abs(w_lat - lat) < 1e-9


@settings(max_examples=200, deadline=None)
@given(LON, LAT)
def test_offset_inside_jiangxi_is_400_to_800_m(lon: float, lat: float) -> None:
    g_lon, g_lat = wgs84_to_gcj02(lon, lat)
    assert 400 < metres(lon, lat, g_lon, g_lat) < 800


def test_vectorised_matches_pointwise() -> None:
    rng = np.random.default_rng(7)
    lon, lat = rng.uniform(113.5, 118.6, 500), rng.uniform(24.4, 30.1, 500)
    g_lon, g_lat = wgs84_to_gcj02(lon, lat)
    assert g_lon.shape == (500,)
    one = [wgs84_to_gcj02(float(a), float(b)) for a, b in zip(lon[:5], lat[:5])]
    np.testing.assert_array_equal(np.array(one), np.column_stack([g_lon[:5], g_lat[:5]]))
    w_lon, w_lat = gcj02_to_wgs84(g_lon, g_lat)
    assert np.abs(w_lon - lon).max() < 1e-9 and np.abs(w_lat - lat).max() < 1e-9


def test_no_offset_outside_china() -> None:
    # Tokyo and London lie outside the rectangle lon 72.004..137.8347, lat 0.8293..55.8271.
    lon, lat = np.array([139.69, -0.13]), np.array([35.69, 51.51])
    assert not in_china(lon, lat).any()
    for func in (wgs84_to_gcj02, gcj02_to_wgs84):
        out_lon, out_lat = func(lon, lat)
        np.testing.assert_array_equal(out_lon, lon)
        np.testing.assert_array_equal(out_lat, lat)


def _frame() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"name": ["b", "a"]},
        geometry=[Polygon([(115.0, 27.0), (115.1, 27.0), (115.1, 27.1), (115.0, 27.1)]), Point(116.0, 28.0, 5.0)],
        index=pd.Index(["360702", "360102"], name="adcode"),
        crs="EPSG:4326",
    )


def test_frame_shift_keeps_index_and_input_and_z() -> None:
    gdf = _frame()
    before = gdf.geometry.to_wkb().tolist()
    out = to_gcj02(gdf)
    assert gdf.geometry.to_wkb().tolist() == before  # input untouched
    assert "datum" not in gdf.attrs
    assert out.index.equals(gdf.index) and out.index.name == "adcode"
    assert out["name"].tolist() == ["b", "a"]
    assert out.crs == gdf.crs and out.attrs["datum"] == "gcj02"
    assert out.geometry.iloc[1].has_z and out.geometry.iloc[1].z == 5.0
    moved = metres(gdf.geometry.iloc[1].x, gdf.geometry.iloc[1].y, out.geometry.iloc[1].x, out.geometry.iloc[1].y)
    assert 400 < moved < 800
    back = to_wgs84(out)
    assert back.geometry.geom_equals_exact(gdf.geometry, tolerance=1e-9).all()


def test_geoseries_shift_returns_geoseries() -> None:
    s = gpd.GeoSeries([Point(115.9, 28.7)], index=["x"], crs="EPSG:4326")
    out = to_gcj02(s)
    assert isinstance(out, gpd.GeoSeries) and out.index.tolist() == ["x"]
    assert s.iloc[0].x == 115.9


def test_refuses_projected_frame_with_fix() -> None:
    gdf = _frame().to_crs("EPSG:3857")
    with pytest.raises(DatumError, match=r"CRS is EPSG:3857.*call \.to_crs\('EPSG:4326'\)"):
        to_gcj02(gdf)


def test_refuses_second_shift_in_same_direction() -> None:
    once = to_gcj02(_frame())
    with pytest.raises(DatumError, match="already marked as gcj02.*do not shift it twice"):
        to_gcj02(once)


def test_to_datum_unknown_lists_valid() -> None:
    with pytest.raises(DatumError, match="datum 'bd09' is unknown; use one of: wgs84, gcj02"):
        to_datum(_frame(), "bd09")


def test_to_datum_follows_the_mark() -> None:
    gdf = _frame()
    same = to_datum(gdf, "wgs84")
    assert same.geometry.geom_equals_exact(gdf.geometry, tolerance=0).all() and same.attrs["datum"] == "wgs84"
    gcj = to_datum(gdf, "gcj02")
    back = to_datum(gcj, "wgs84")  # marked gcj02, so it is shifted back rather than relabelled
    assert back.geometry.geom_equals_exact(gdf.geometry, tolerance=1e-9).all()
    assert not back.geometry.geom_equals_exact(gcj.geometry, tolerance=1e-4).any()


def test_county_coverage_stays_valid_in_gcj02() -> None:
    counties = load_boundaries("county")
    gcj = to_gcj02(counties)
    assert shapely.coverage_is_valid(np.asarray(gcj.geometry.values))
    assert gcj.geometry.is_valid.all()
    back = to_wgs84(gcj)
    # Shifting back reproduces the committed (7-decimal) coordinates to well under a millimetre.
    assert back.geometry.geom_equals_exact(counties.geometry, tolerance=1e-8).all()
