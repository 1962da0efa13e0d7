"""Per-polygon shares of land-cover class groups in a categorical GeoTIFF, weighted by exact covered area."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import rasterio
from rasterio.enums import MaskFlags

from geo.errors import InputFileError, RasterError
from geo.presets import REPORT_COLUMNS, check_groups
from geo.rasters import open_raster, safe_env
from geo.settings import Settings

if TYPE_CHECKING:
    import numpy.typing as npt
    from affine import Affine
    from shapely.geometry.base import BaseGeometry

Progress = Callable[[float, str], None]


def class_fractions(
    raster: str | Path | rasterio.DatasetReader,
    polygons: gpd.GeoDataFrame,
    classes: Mapping[str, Sequence[int]],
    settings: Settings,
    *,
    nodata_classes: Sequence[int] = (),
    progress: Progress | None = None,
    area_name: str = "the region's units",
) -> pd.DataFrame:
    """Per polygon (index kept): % of valid covered area in each class group, plus areas and nodata share.

    Polygons are reprojected to the raster's CRS; the raster is never warped. A cell counts by the exact
    fraction of it the polygon covers, times its area (true ellipsoidal area for geographic rasters).
    Reads go by windows of at most settings.zonal_window_pixels cells. `nodata_classes` count as nodata.
    """
    groups = {str(g): tuple(int(c) for c in codes) for g, codes in classes.items()}
    check_groups("classes", groups)
    if isinstance(raster, rasterio.DatasetReader):
        return _fractions(raster, polygons, groups, settings, tuple(nodata_classes), progress)
    with open_raster(raster, settings, categorical=True, polygons=polygons, area_name=area_name) as ds:
        return _fractions(ds, polygons, groups, settings, tuple(nodata_classes), progress)


def _fractions(
    ds: rasterio.DatasetReader,
    polygons: gpd.GeoDataFrame,
    groups: dict[str, tuple[int, ...]],
    settings: Settings,
    nodata_classes: tuple[int, ...],
    progress: Progress | None,
) -> pd.DataFrame:
    if polygons.crs is None:
        raise InputFileError("the polygons have no CRS", "set the boundaries' CRS (EPSG:4326) first")
    geoms = polygons.geometry.to_crs(ds.crs)
    cell_area = _row_areas(ds) if ds.crs.is_geographic else None
    rows = []
    with safe_env():
        for i, geom in enumerate(geoms):
            hist_valid, valid, total = _histogram(ds, geom, cell_area, settings.zonal_window_pixels)
            for code in nodata_classes:
                valid -= hist_valid.pop(code, 0.0)
            row = {
                g: (100.0 * sum(hist_valid.get(c, 0.0) for c in codes) / valid if valid > 0 else np.nan)
                for g, codes in groups.items()
            }
            row["valid_km2"], row["covered_km2"] = valid / 1e6, total / 1e6
            row["nodata_pct"] = 100.0 * (total - valid) / total if total > 0 else np.nan
            rows.append(row)
            if progress:
                progress((i + 1) / len(geoms), f"{polygons.index[i]}")
    out = pd.DataFrame(rows, index=polygons.index, columns=[*groups, *REPORT_COLUMNS[:3]])
    out["outside_pct"] = _outside_pct(geoms, ds)
    return out


def _histogram(
    ds: rasterio.DatasetReader, geom: BaseGeometry | None, cell_area: np.ndarray | None, window_pixels: int
) -> tuple[dict[int, float], float, float]:
    """Covered area (m²) per class code among valid cells, valid area, and covered area incl. nodata."""
    from rasterio.windows import Window

    if geom is None or geom.is_empty:
        return {}, 0.0, 0.0
    t = ds.transform
    # The polygon's cell window, clipped to the raster.
    xmin, ymin, xmax, ymax = geom.bounds
    c0, r0 = (xmin - t.c) / t.a, (ymax - t.f) / t.e  # north-up grid (checked when opened)
    c1, r1 = (xmax - t.c) / t.a, (ymin - t.f) / t.e
    col0, row0 = max(0, int(np.floor(c0))), max(0, int(np.floor(r0)))
    col1, row1 = min(ds.width, int(np.ceil(c1))), min(ds.height, int(np.ceil(r1)))
    if col1 <= col0 or row1 <= row0:
        return {}, 0.0, 0.0
    width = col1 - col0
    pieces = _boundary_pieces(geom, t, col0, row0, width)
    unit2 = 1.0 if ds.crs.is_geographic else ds.crs.linear_units_factor[1] ** 2
    band = max(1, window_pixels // width)
    hist: dict[int, float] = {}
    valid = total = 0.0
    nodata = ds.nodata
    own_mask = not (MaskFlags.all_valid in ds.mask_flag_enums[0] or MaskFlags.nodata in ds.mask_flag_enums[0])
    fast = np.dtype(ds.dtypes[0]) in (np.uint8, np.uint16) and not own_mask
    for top in range(row0, row1, band):
        h = min(band, row1 - top)
        area = cell_area[top : top + h] if cell_area is not None else np.full(h, abs(t.a * t.e) * unit2)
        weight = _coverage(pieces, top - row0, h, width, area)  # m² of each cell inside the polygon
        window = Window(col0, top, width, h)
        data = ds.read(1, window=window)
        if fast:  # one pass: cells outside weigh 0; the nodata code's bin is the nodata area
            counts = np.bincount(data.ravel(), weights=weight.ravel())
            band_total = float(counts.sum())
            if nodata is not None and 0 <= nodata < len(counts) and float(nodata).is_integer():
                counts[int(nodata)] = 0.0
            band_valid = float(counts.sum())
            nz = np.flatnonzero(counts)
            pairs = zip(nz.tolist(), counts[nz].tolist())
        else:  # a mask band, or codes that are not small unsigned integers
            band_total = float(weight.sum())
            if own_mask:
                weight[ds.read_masks(1, window=window) == 0] = 0.0
            elif nodata is not None and not np.isnan(nodata):
                weight[data == nodata] = 0.0
            inside = weight > 0
            uniq, inverse = np.unique(data[inside], return_inverse=True)
            sums = np.bincount(inverse.ravel(), weights=weight[inside], minlength=len(uniq))
            band_valid = float(sums.sum())
            pairs = zip(uniq.tolist(), sums.tolist())
        total += band_total
        valid += band_valid
        for code, covered in pairs:
            hist[int(code)] = hist.get(int(code), 0.0) + covered
    return hist, valid, total


def _row_areas(ds: rasterio.DatasetReader) -> np.ndarray:
    """True area (m²) of one cell in each row of a geographic raster, on the CRS's ellipsoid."""
    from pyproj import CRS

    e = CRS.from_wkt(ds.crs.to_wkt()).ellipsoid
    if e is None:
        raise RasterError(
            "the raster's geographic CRS has no ellipsoid", "assign a complete CRS in a GIS (e.g. EPSG:4326)"
        )
    a, b = e.semi_major_metre, e.semi_minor_metre
    ecc = math.sqrt(max(0.0, 1 - (b / a) ** 2))
    t: Affine = ds.transform
    lat = np.radians(t.f + t.e * np.arange(ds.height + 1))
    s = np.sin(lat)
    # Area from the equator to latitude phi, per radian of longitude, on an ellipsoid of revolution.
    if ecc > 0:
        band = (b**2 / 2) * (s / (1 - ecc**2 * s**2) + np.log((1 + ecc * s) / (1 - ecc * s)) / (2 * ecc))
    else:
        band = a**2 * s
    return np.abs(np.diff(band)) * math.radians(abs(t.a))


def _boundary_pieces(geom: BaseGeometry, t: Affine, col0: int, row0: int, width: int) -> np.ndarray:
    """The polygon's rings cut into pieces that each lie in one cell: rows of (row, col, dy, x_mid_in_cell).

    Coordinates are in cells relative to the window; x is clamped to [0, width] (a ring left of the window
    still counts for every cell to its right), after first cutting segments where they cross 0 and width.
    """
    import shapely

    geom = shapely.orient_polygons(shapely.make_valid(geom) if not geom.is_valid else geom)
    rings = shapely.get_rings(shapely.get_parts(geom))
    segs = []
    for ring in rings:
        xy = shapely.get_coordinates(ring)
        cols = (xy[:, 0] - t.c) / t.a - col0
        rws = (xy[:, 1] - t.f) / t.e - row0
        segs.append(np.column_stack([cols[:-1], rws[:-1], cols[1:], rws[1:]]))
    if not segs:
        return np.empty((0, 4))
    s = np.concatenate(segs)
    s = s[s[:, 1] != s[:, 3]]  # horizontal segments add no area
    s = _split(s, axis=0, bounds=(0.0, float(width)))
    s[:, [0, 2]] = s[:, [0, 2]].clip(0, width)
    s = _split(s, axis=0)
    s = _split(s, axis=1)
    xm = (s[:, 0] + s[:, 2]) / 2
    ym = (s[:, 1] + s[:, 3]) / 2
    col = np.minimum(np.floor(xm), width)
    dy = s[:, 3] - s[:, 1]
    # Orientation: the running sums come out positive or negative depending on the rings' direction in
    # cell space; flip once per polygon so that covered areas are positive (holes still subtract).
    if np.sum(dy * (width - xm)) < 0:
        dy = -dy
    return np.column_stack([np.floor(ym), col, dy, xm - col])


def _split(s: np.ndarray, axis: int, bounds: tuple[float, float] | None = None) -> np.ndarray:
    """Cut segments (x0, y0, x1, y1) where coordinate `axis` crosses integers (or only the given bounds)."""
    a0, a1 = s[:, axis], s[:, axis + 2]
    lo, hi = np.minimum(a0, a1), np.maximum(a0, a1)
    if bounds is None:
        first, last = np.floor(lo) + 1, np.ceil(hi) - 1  # integers strictly between the ends
        counts = np.maximum(0, last - first + 1).astype(np.int64)
        seg = np.repeat(np.arange(len(s)), counts)
        offsets = np.cumsum(counts) - counts
        k = first[seg] + (np.arange(counts.sum()) - offsets[seg])
    else:
        seg = np.concatenate([np.flatnonzero((lo < b) & (hi > b)) for b in bounds])
        k = np.concatenate([np.full(int(((lo < b) & (hi > b)).sum()), b) for b in bounds])
    with np.errstate(divide="ignore", invalid="ignore"):
        tk = (k - a0[seg]) / (a1[seg] - a0[seg])
    n = len(s)
    seg_all = np.concatenate([np.arange(n), np.arange(n), seg])
    t_all = np.concatenate([np.zeros(n), np.ones(n), tk])
    order = np.lexsort((t_all, seg_all))
    seg_all, t_all = seg_all[order], t_all[order]
    same = seg_all[:-1] == seg_all[1:]
    i, ta, tb = seg_all[:-1][same], t_all[:-1][same], t_all[1:][same]
    d = s[i, 2:] - s[i, :2]
    out = np.column_stack([s[i, :2] + d * ta[:, None], s[i, :2] + d * tb[:, None]])
    forward: npt.NDArray[np.bool_] = ta < tb  # drops the zero-length pieces
    return out[forward]


def _coverage(pieces: np.ndarray, top: int, h: int, width: int, row_area: np.ndarray) -> np.ndarray:
    """Area (row_area units) of each cell in rows [top, top+h) of the window that the polygon covers.

    Exact signed-area accumulation: a boundary piece adds, in its own cell, the area right of it, and to
    every cell further right its full height; a running sum along the row then gives each cell's covered
    fraction. Rows are scaled by their cell area before the sum (it is linear), so no extra pass is needed.
    """
    sel = (pieces[:, 0] >= top) & (pieces[:, 0] < top + h) & (pieces[:, 1] < width)
    p = pieces[sel]
    r = (p[:, 0] - top).astype(np.int64)
    c = p[:, 1].astype(np.int64)
    dy = p[:, 2] * row_area[r]
    xm = p[:, 3]
    acc = np.zeros((h, width))
    np.add.at(acc, (r, c), dy * (1 - xm))
    right = c + 1 < width
    np.add.at(acc, (r[right], c[right] + 1), (dy * xm)[right])
    return np.cumsum(acc, axis=1, out=acc)


def _outside_pct(geoms: gpd.GeoSeries, ds: rasterio.DatasetReader) -> np.ndarray:
    """% of each polygon's area beyond the raster's extent (equal-area measure for geographic rasters)."""
    from shapely.geometry import box

    inside = geoms.intersection(box(*ds.bounds))
    if ds.crs.is_geographic:
        lon0 = (ds.bounds.left + ds.bounds.right) / 2
        ea = f"+proj=cea +lon_0={lon0} +ellps=WGS84 +units=m"
        geoms, inside = geoms.to_crs(ea), gpd.GeoSeries(inside, crs=ds.crs).to_crs(ea)
    whole = np.asarray(geoms.area, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(whole > 0, 100.0 * (1.0 - np.asarray(inside.area, dtype=float) / whole), np.nan).clip(0, 100)
