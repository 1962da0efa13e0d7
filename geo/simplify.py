"""Topology-preserving simplification of a polygon coverage (neighbours keep one shared edge)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from geo.errors import CoverageError, DatumError


def _invalid_members(geoms: np.ndarray, index: list[str]) -> list[str]:
    """Index labels of polygons that are invalid or that overlap/misfit a neighbour."""
    edges = shapely.coverage_invalid_edges(geoms)
    return [str(i) for i, g, e in zip(index, geoms, edges) if not shapely.is_valid(g) or not e.is_empty]


def simplify_coverage(gdf: gpd.GeoDataFrame, tolerance_deg: float, precision: float | None = None) -> gpd.GeoDataFrame:
    """A copy of a polygon coverage simplified with shared edges kept (no gaps or slivers), index kept."""
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise CoverageError(f"expected a GeoDataFrame, got {type(gdf).__name__}", "pass e.g. load_boundaries('county')")
    if gdf.crs is None or not gdf.crs.is_geographic:
        raise DatumError(
            f"the frame's CRS is {gdf.crs.to_string() if gdf.crs is not None else 'not set'}, "
            "but tolerance_deg is in degrees",
            "call .to_crs('EPSG:4326') first",
        )
    if not np.isfinite(tolerance_deg) or tolerance_deg < 0:
        raise CoverageError(
            f"tolerance_deg={tolerance_deg!r} must be a number >= 0", "use e.g. 0.001 (about 100 m) for a province map"
        )
    if precision is not None and (not np.isfinite(precision) or precision <= 0):
        raise CoverageError(
            f"precision={precision!r} must be a positive grid size in degrees or None",
            "use e.g. 1e-5 (about 1 m) or None to keep coordinates as they are",
        )
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    labels = [str(i) for i in gdf.index]
    not_polygonal = [i for i, t in zip(labels, shapely.get_type_id(geoms)) if t not in (3, 6)]
    if not_polygonal:
        raise CoverageError(
            f"rows {not_polygonal[:10]} are not (Multi)Polygons", "drop them or fix their geometry first"
        )
    if not shapely.coverage_is_valid(geoms):
        raise CoverageError(
            f"the polygons do not form a valid coverage; rows {_invalid_members(geoms, labels)[:10]} "
            "overlap or misfit a neighbour",
            "simplify a coverage such as load_boundaries('county'), or repair shared edges first",
        )
    out_geoms = shapely.coverage_simplify(geoms, tolerance_deg) if tolerance_deg > 0 else geoms.copy()
    if precision is not None:
        # "pointwise" snaps every vertex to the grid without re-noding, so a vertex shared by two
        # neighbours lands on the same grid point in both; tiny rings can collapse, hence the check below.
        out_geoms = shapely.set_precision(out_geoms, precision, mode="pointwise")
        bad = (
            _invalid_members(out_geoms, labels)
            if not shapely.coverage_is_valid(out_geoms) or not shapely.is_valid(out_geoms).all()
            else []
        )
        if bad:
            raise CoverageError(
                f"rounding to precision={precision!r} breaks rows {bad[:10]} (invalid or overlapping)",
                f"use a finer precision, e.g. {precision / 10:g}, or precision=None",
            )
    out = gdf.copy(deep=True)
    out[out.geometry.name] = gpd.GeoSeries(out_geoms, index=out.index, crs=gdf.crs)
    out.attrs = dict(gdf.attrs)
    return out
