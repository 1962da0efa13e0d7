"""Display geometry as static GeoJSON files that the map fetches by URL, instead of carrying it in every rerun.

Every Streamlit rerun sends the map's scripts again (layers/script.py): with the outlines and the county
polygons inline that was ~1 MB per indicator switch. The geometry depends only on
the level and the datum, so it is written once (by the caller, at first use) into the git-ignored static folder
under a content-hashed name (a changed boundary file gets a new URL, so a browser never joins old shapes), and
the map script names its URL. The per-indicator layer then carries only {adcode: properties}, joined to the
fetched features by adcode in the browser (`layers.mapview.GeoJsonText`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from layers.js import script_json

GEO_FOLDER = "geo"  # under the static folder: served at <static_url>/geo/


@dataclass(frozen=True)
class GeometryRef:
    """A GeoJSON FeatureCollection (property `adcode` only) that the browser fetches from `url`."""

    url: str


def geometry_text(gdf: gpd.GeoDataFrame) -> str:
    """The FeatureCollection of `gdf`'s geometry (index = adcode), each feature with only its adcode."""
    data = gpd.GeoDataFrame({"adcode": gdf.index.astype(str)}, geometry=gdf.geometry.values, crs=gdf.crs)
    return script_json(data.to_geo_dict(drop_id=True))


def write_geometry(static_dir: Path, name: str, text: str) -> str:
    """Write `text` as <static_dir>/geo/<name>.<hash>.json unless it is there; return the path under static_dir."""
    folder = Path(static_dir) / GEO_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.is_file():
        ignore.write_text("# display geometry written by the app at first use; not committed\n*\n", encoding="utf-8")
    data = text.encode("utf-8")
    filename = f"{name}.{hashlib.sha256(data).hexdigest()[:16]}.json"
    dest = folder / filename
    if not dest.is_file() or dest.stat().st_size != len(data):
        tmp = dest.with_name(f"{filename}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(dest)  # atomic: a running server never serves half a file
    return f"{GEO_FOLDER}/{filename}"


def geometry_refs(
    static_dir: Path, static_url: str, layers: Mapping[str, gpd.GeoDataFrame], suffix: str = ""
) -> dict[str, GeometryRef]:
    """Write each {name: GeoDataFrame} as a static file; return {name: GeometryRef} of their URLs."""
    base = static_url.rstrip("/")
    return {
        name: GeometryRef(f"{base}/{write_geometry(static_dir, name + suffix, geometry_text(gdf))}")
        for name, gdf in layers.items()
    }
