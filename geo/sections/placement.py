"""The county of a monitoring section, decided by its position alone (point in polygon, or a short snap)."""

from __future__ import annotations

import math
from typing import Any

import geopandas as gpd
from shapely.geometry import Point

from geo.cells import place_key
from geo.errors import AtlasError
from geo.issues import IssueLog

SNAP_KM = 2.0  # a point this close outside every county (a river on a simplified border) joins the nearest one
_KM_PER_DEG = 111.32


def place(
    lon_text: str, lat_text: str, counties: gpd.GeoDataFrame, log: IssueLog, row: int, area: tuple[str, str]
) -> dict[str, Any]:
    """lon, lat, adcode and county name, or issues (in `log`, on `row`) saying why the position cannot be used;
    `area` names the counties' whole (zh, en) for a point outside them."""
    out: dict[str, Any] = {"lon": None, "lat": None, "adcode": None, "county_zh": None}
    try:
        lon, lat = float(lon_text), float(lat_text)
        if not (math.isfinite(lon) and math.isfinite(lat)):
            raise ValueError
    except ValueError:
        given = f"{lon_text}, {lat_text}"
        log.say(row, "lon", given, "position_not_numbers", lon=lon_text, lat=lat_text)
        return out
    at = {"lon": _fmt(lon), "lat": _fmt(lat)}
    value = f"{_fmt(lon)}, {_fmt(lat)}"
    degrees = abs(lon) <= 180 and abs(lat) <= 90
    found = _county_at(lon, lat, counties) if degrees else None
    if found is None:
        if abs(lat) <= 180 and abs(lon) <= 90 and _county_at(lat, lon, counties) is not None:
            log.say(row, "lon", value, "position_swapped", **at)
        elif max(abs(lon), abs(lat)) > 1000:
            log.say(row, "lon", value, "position_projected", **at)
        elif not degrees:
            log.say(row, "lon", value, "position_not_degrees", **at)
        else:
            w, s, e, n = counties.total_bounds
            span = {"w": f"{w:.1f}", "s": f"{s:.1f}", "e": f"{e:.1f}", "n": f"{n:.1f}"}
            log.say(row, "lon", value, "position_outside", area_zh=area[0], area_en=area[1], **at, **span)
        return out
    adcode, distance_km = found
    if distance_km > 0:
        county = _name(counties, adcode)
        km = f"{distance_km:.1f}"
        log.say(row, "lon", value, "position_snapped", "warning", km=km, county=county, code=adcode, **at)
    out.update(lon=lon, lat=lat, adcode=adcode, county_zh=_name(counties, adcode))
    return out


def same_county(given: str, adcode: str, name_zh: str | None) -> bool:
    """Whether a county column's code or name names the county the position gave."""
    if given.isdigit():
        return given == adcode
    if not name_zh:
        return False
    return place_key(given) == place_key(name_zh)  # 樟树 and 樟树市 name one county


def in_wgs84(counties: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A copy of the counties in EPSG:4326 with text adcodes as index; AtlasError when they have no CRS."""
    if counties.crs is None:
        raise AtlasError("the county boundaries have no CRS", "set EPSG:4326 on them")
    out = counties if counties.crs.equals("EPSG:4326") else counties.to_crs(4326)
    out = out.copy()
    out.index = out.index.astype(str)
    return out


def _fmt(x: float) -> str:
    """A coordinate as written, without exponent: 3200000 not 3.2e+06, 115.89 not 115.890000."""
    return f"{x:.7f}".rstrip("0").rstrip(".")


def _county_at(lon: float, lat: float, counties: gpd.GeoDataFrame) -> tuple[str, float] | None:
    """(adcode, km outside) of the county holding the point, or of the nearest within SNAP_KM; else None."""
    point = Point(lon, lat)
    hits = counties.sindex.query(point, predicate="intersects")
    if len(hits):
        return str(counties.index[sorted(hits)[0]]), 0.0
    near, dist = counties.sindex.nearest(point, return_all=False, return_distance=True)
    if len(dist) == 0:
        return None
    # Degrees to km: east-west degrees shrink with latitude; take the conservative (larger) scale.
    km = float(dist[0]) * _KM_PER_DEG
    if km > SNAP_KM:
        return None
    return str(counties.index[near[1][0]]), max(km, 0.05)


def _name(counties: gpd.GeoDataFrame, adcode: str) -> str:
    return str(counties.loc[adcode, "name_zh"]) if "name_zh" in counties.columns else adcode
