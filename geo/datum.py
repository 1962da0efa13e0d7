"""WGS-84 <-> GCJ-02 (the obfuscated datum of Amap/AutoNavi tiles and data), on arrays and frames.

GCJ-02 is WGS-84 plus a smooth, position-dependent offset defined by the published GCJ-02 formula
(Krasovsky ellipsoid constants, polynomial plus sine terms of (lon - 105, lat - 35)). Inside
Jiangxi the offset is about 560-650 m. By the usual rule the offset is applied only inside the
rectangle lon 72.004..137.8347, lat 0.8293..55.8271 ("China"); outside it the offset is zero, so
points abroad pass through unchanged. The rectangle is the common convention, not the border.

There is no EPSG code for GCJ-02: shifted frames keep the EPSG:4326 label and carry
`attrs["datum"] = "gcj02"` so a second shift in the same direction is refused.
"""

from __future__ import annotations

from typing import TypeVar

import geopandas as gpd
import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray

from geo.errors import DatumError

DATUMS = ("wgs84", "gcj02")

_A = 6378245.0  # semi-major axis (Krasovsky 1940) used by the formula
_EE = 0.00669342162296594323  # first eccentricity squared of that ellipsoid
_CHINA_LON = (72.004, 137.8347)
_CHINA_LAT = (0.8293, 55.8271)
_INVERSE_TOL_DEG = 1e-10  # stop well below the 1e-9 degree promised
_INVERSE_MAX_ITER = 30

Frame = TypeVar("Frame", gpd.GeoDataFrame, gpd.GeoSeries)


def in_china(lon: ArrayLike, lat: ArrayLike) -> NDArray[np.bool_]:
    """True where a point lies in the rectangle inside which GCJ-02 applies an offset."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    return (lon >= _CHINA_LON[0]) & (lon <= _CHINA_LON[1]) & (lat >= _CHINA_LAT[0]) & (lat <= _CHINA_LAT[1])


def _offset(lon: NDArray[np.float64], lat: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """GCJ-02 minus WGS-84 (degrees) at WGS-84 points; zero outside the China rectangle."""
    x = lon - 105.0
    y = lat - 35.0
    pi = np.pi
    sqrt_abs_x = np.sqrt(np.abs(x))
    common = (20.0 * np.sin(6.0 * x * pi) + 20.0 * np.sin(2.0 * x * pi)) * 2.0 / 3.0
    d_lat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt_abs_x
    d_lat += common
    d_lat += (20.0 * np.sin(y * pi) + 40.0 * np.sin(y / 3.0 * pi)) * 2.0 / 3.0
    d_lat += (160.0 * np.sin(y / 12.0 * pi) + 320.0 * np.sin(y * pi / 30.0)) * 2.0 / 3.0
    d_lon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt_abs_x
    d_lon += common
    d_lon += (20.0 * np.sin(x * pi) + 40.0 * np.sin(x / 3.0 * pi)) * 2.0 / 3.0
    d_lon += (150.0 * np.sin(x / 12.0 * pi) + 300.0 * np.sin(x / 30.0 * pi)) * 2.0 / 3.0
    rad_lat = lat / 180.0 * pi
    magic = 1.0 - _EE * np.sin(rad_lat) ** 2
    sqrt_magic = np.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * pi)
    d_lon = (d_lon * 180.0) / (_A / sqrt_magic * np.cos(rad_lat) * pi)
    inside = in_china(lon, lat)
    return np.where(inside, d_lon, 0.0), np.where(inside, d_lat, 0.0)


def wgs84_to_gcj02(lon: ArrayLike, lat: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """GCJ-02 longitude and latitude of WGS-84 points (arrays in, new arrays out)."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    d_lon, d_lat = _offset(lon, lat)
    return lon + d_lon, lat + d_lat


def gcj02_to_wgs84(lon: ArrayLike, lat: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """WGS-84 longitude and latitude of GCJ-02 points, exact to < 1e-9 degree by fixed-point iteration."""
    g_lon = np.asarray(lon, dtype=float)
    g_lat = np.asarray(lat, dtype=float)
    # Start from "GCJ minus the offset at the GCJ point", then correct by the residual; the offset
    # varies slowly (its gradient is ~1e-5), so each step gains about five digits.
    d_lon, d_lat = _offset(g_lon, g_lat)
    w_lon, w_lat = g_lon - d_lon, g_lat - d_lat
    for _ in range(_INVERSE_MAX_ITER):
        f_lon, f_lat = wgs84_to_gcj02(w_lon, w_lat)
        r_lon, r_lat = g_lon - f_lon, g_lat - f_lat
        w_lon, w_lat = w_lon + r_lon, w_lat + r_lat
        # NaN residuals (NaN input) must not keep the loop going; near the rectangle's edge the
        # mapping jumps, so an exact inverse may not exist and the iteration simply stops at the cap.
        if not np.any(np.abs(r_lon) > _INVERSE_TOL_DEG) and not np.any(np.abs(r_lat) > _INVERSE_TOL_DEG):
            break
    return w_lon, w_lat


def _shift_coords(coords: NDArray[np.float64], to: str) -> NDArray[np.float64]:
    """Shift an (N, 2) or (N, 3) coordinate array; z, if present, is left as it is."""
    out = coords.copy()
    func = wgs84_to_gcj02 if to == "gcj02" else gcj02_to_wgs84
    out[:, 0], out[:, 1] = func(coords[:, 0], coords[:, 1])
    return out


def _shift(frame: Frame, to: str) -> Frame:
    """A copy of a frame with every coordinate moved to datum `to`."""
    if not isinstance(frame, (gpd.GeoDataFrame, gpd.GeoSeries)):
        raise DatumError(
            f"expected a GeoDataFrame or GeoSeries, got {type(frame).__name__}",
            "wrap the geometries with geopandas.GeoSeries(..., crs='EPSG:4326')",
        )
    crs = frame.crs
    if crs is None or not crs.is_geographic or crs.to_epsg() != 4326:
        raise DatumError(
            f"the frame's CRS is {crs.to_string() if crs is not None else 'not set'}; "
            "the GCJ-02 shift works on WGS-84 longitude/latitude",
            "call .to_crs('EPSG:4326') (or .set_crs('EPSG:4326') if the CRS is just missing) first",
        )
    if frame.attrs.get("datum") == to:
        raise DatumError(
            f"the frame is already marked as {to} (attrs['datum'])",
            "do not shift it twice; drop attrs['datum'] if the mark is wrong",
        )
    out = frame.copy(deep=True)
    geoms = out.geometry.values if isinstance(out, gpd.GeoDataFrame) else out.values
    has_z = shapely.has_z(np.asarray(geoms))
    moved = np.asarray(geoms, dtype=object).copy()
    if (~has_z).any():
        moved[~has_z] = shapely.transform(moved[~has_z], lambda c: _shift_coords(c, to), include_z=False)
    if has_z.any():
        moved[has_z] = shapely.transform(moved[has_z], lambda c: _shift_coords(c, to), include_z=True)
    if isinstance(out, gpd.GeoDataFrame):
        out[out.geometry.name] = gpd.GeoSeries(moved, index=out.index, crs=crs)
    else:
        out = gpd.GeoSeries(moved, index=out.index, crs=crs, name=out.name)
    out.attrs = {**frame.attrs, "datum": to}
    return out


def to_gcj02(frame: Frame) -> Frame:
    """A copy of a WGS-84 (EPSG:4326) GeoDataFrame/GeoSeries shifted to GCJ-02, index kept."""
    return _shift(frame, "gcj02")


def to_wgs84(frame: Frame) -> Frame:
    """A copy of a GCJ-02 GeoDataFrame/GeoSeries (labelled EPSG:4326) shifted back to WGS-84, index kept."""
    return _shift(frame, "wgs84")


def to_datum(frame: Frame, datum: str) -> Frame:
    """A copy of a frame in `datum`, shifted only if its attrs['datum'] (unmarked = wgs84) differs."""
    if datum not in DATUMS:
        raise DatumError(f"datum {datum!r} is unknown", f"use one of: {', '.join(DATUMS)}")
    if frame.attrs.get("datum", "wgs84") != datum:
        return _shift(frame, datum)
    out = frame.copy(deep=True)
    out.attrs = {**frame.attrs, "datum": datum}
    return out
