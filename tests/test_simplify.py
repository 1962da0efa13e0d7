"""geo.simplify: simplified coverages keep shared edges, lose vertices, and keep areas."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import Polygon

from geo.boundaries import load_boundaries
from geo.errors import CoverageError, DatumError
from geo.simplify import simplify_coverage

AREA_CRS = "+proj=aea +lat_1=25 +lat_2=30 +lat_0=0 +lon_0=116 +datum=WGS84 +units=m"


@pytest.fixture(scope="module")
def counties() -> gpd.GeoDataFrame:
    return load_boundaries("county")


def _vertices(gdf: gpd.GeoDataFrame) -> int:
    return int(shapely.get_num_coordinates(np.asarray(gdf.geometry.values)).sum())


@pytest.mark.parametrize("precision", [None, 1e-5])
def test_simplified_counties_stay_a_coverage_with_fewer_vertices(counties, precision) -> None:
    out = simplify_coverage(counties, 0.002, precision)
    geoms = np.asarray(out.geometry.values)
    assert out.geometry.is_valid.all() and shapely.coverage_is_valid(geoms)
    union = shapely.coverage_union_all(geoms)
    assert union.geom_type == "Polygon" and shapely.get_num_interior_rings(union) == 0  # no gaps opened
    assert _vertices(out) < 0.5 * _vertices(counties)
    before = counties.to_crs(AREA_CRS).area
    after = out.to_crs(AREA_CRS).area
    assert ((after - before).abs() / before).max() < 0.03
    assert out.index.equals(counties.index) and out["name_zh"].equals(counties["name_zh"])


def test_input_untouched(counties) -> None:
    before = counties.geometry.to_wkb().tolist()
    simplify_coverage(counties, 0.01, None)
    assert counties.geometry.to_wkb().tolist() == before


def test_precision_rounds_coordinates() -> None:
    gdf = gpd.GeoDataFrame(
        geometry=[
            Polygon([(0, 0), (1.000004, 0), (1.000004, 1), (0, 1)]),
            Polygon([(1.000004, 0), (2, 0), (2, 1), (1.000004, 1)]),
        ],
        index=["a", "b"],
        crs="EPSG:4326",
    )
    out = simplify_coverage(gdf, 0.0, precision=1e-3)
    xs = shapely.get_coordinates(np.asarray(out.geometry.values))[:, 0]
    assert set(np.round(xs, 9)) == {0.0, 1.0, 2.0}
    assert shapely.coverage_is_valid(np.asarray(out.geometry.values))


def test_overlapping_input_is_refused_with_rows() -> None:
    gdf = gpd.GeoDataFrame(
        geometry=[Polygon([(0, 0), (2, 0), (2, 1), (0, 1)]), Polygon([(1, 0), (3, 0), (3, 1), (1, 1)])],
        index=["360102", "360103"],
        crs="EPSG:4326",
    )
    with pytest.raises(CoverageError, match=r"do not form a valid coverage; rows \['360102', '360103'\]"):
        simplify_coverage(gdf, 0.1, None)


def test_precision_that_collapses_a_polygon_is_refused() -> None:
    gdf = gpd.GeoDataFrame(
        geometry=[Polygon([(0, 0), (1, 0), (1, 1), (0, 1)]), Polygon([(1, 0), (1.0004, 0), (1.0004, 1), (1, 1)])],
        index=["wide", "thin"],
        crs="EPSG:4326",
    )
    with pytest.raises(CoverageError, match=r"precision=0\.01 breaks rows \[.*'thin'\].*finer precision, e.g\. 0\.001"):
        simplify_coverage(gdf, 0.0, precision=0.01)


def test_projected_frame_is_refused(counties) -> None:
    with pytest.raises(DatumError, match=r"tolerance_deg is in degrees; call \.to_crs\('EPSG:4326'\) first"):
        simplify_coverage(counties.iloc[:3].to_crs(AREA_CRS), 0.01, None)


def test_negative_tolerance_is_refused(counties) -> None:
    with pytest.raises(CoverageError, match=r"tolerance_deg=-1 must be a number >= 0"):
        simplify_coverage(counties.iloc[:3], -1, None)
