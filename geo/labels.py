"""Where a region's name goes on a map: a point inside its shape (on its largest part), and the order in which names
give way when they would overlap (larger regions first)."""

from __future__ import annotations

import geopandas as gpd
import shapely


def label_points(units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One point per unit (index kept, CRS kept) inside its largest part, with the columns of `units` but its
    geometry, plus `area` (in the CRS's units, for ordering only), largest first."""
    parts = [_largest(g) for g in units.geometry]
    points = shapely.point_on_surface(parts)  # inside the part, unlike a centroid (a crescent's falls outside)
    out = gpd.GeoDataFrame(
        units.drop(columns=units.geometry.name),
        geometry=gpd.GeoSeries(points, index=units.index, crs=units.crs),
    )
    out["area"] = [float(p.area) if p is not None else 0.0 for p in parts]
    return out.sort_values("area", ascending=False, kind="stable")


def _largest(geom: shapely.Geometry | None) -> shapely.Geometry | None:
    """The largest polygon of a multipolygon (a county's main land, not an island or an exclave)."""
    if geom is None or geom.is_empty:
        return None
    parts = getattr(geom, "geoms", None)
    return max(parts, key=lambda p: p.area) if parts is not None else geom
