"""Per-polygon shares of land-cover class groups in a categorical GeoTIFF, weighted by exact covered area."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping, Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import rasterio
import yaml

from geo.errors import CatalogError, InputFileError
from geo.paths import DATA
from geo.rasters import open_raster, safe_env
from geo.settings import Settings
from geo.values import normalise

PRESETS_PATH = DATA / "rasters" / "presets.yaml"
# Columns class_fractions adds beside the group shares; a group may not use these names.
REPORT_COLUMNS: tuple[str, ...] = ("valid_km2", "covered_km2", "nodata_pct", "outside_pct")
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Preset:
    """A land-cover product's class groups (group -> class codes) and the codes meaning 'no observation'."""

    name: str
    title: str
    groups: dict[str, tuple[int, ...]]
    nodata: tuple[int, ...] = ()
    url: str = ""
    licence: str = ""


def load_presets(path: Path | None = None) -> dict[str, Preset]:
    """The raster presets (data/rasters/presets.yaml) by name; CatalogError names the entry at fault."""
    path = path or PRESETS_PATH
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogError(f"{path}: cannot read the raster presets ({exc})", "fix the YAML syntax") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("presets"), dict):
        raise CatalogError(f"{path}: expected a top-level mapping 'presets'", "see data/rasters/README.md")
    out: dict[str, Preset] = {}
    for name, e in raw["presets"].items():
        where = f"{path}: preset {name!r}"
        if not isinstance(e, dict) or not isinstance(e.get("groups"), dict):
            raise CatalogError(f"{where}: missing 'groups'", "give groups: {forest: [codes], ...}")
        out[name] = Preset(name=name, title=str(e.get("title", name)), groups=_groups(where, e["groups"]),
                           nodata=_codes(where, "nodata", e.get("nodata") or []),
                           url=str(e.get("url", "")), licence=str(e.get("licence", "")))
    return out


def get_preset(name: str, path: Path | None = None) -> Preset:
    """One preset by name; InputFileError lists the known ones."""
    presets = load_presets(path)
    if name not in presets:
        raise InputFileError(f"'{name}' is not a raster preset", f"use one of {', '.join(presets)} or --mapping FILE")
    return presets[name]


def load_mapping(path: Path) -> Preset:
    """A user's class scheme: YAML `{group: [codes], nodata: [codes]}` or CSV with columns class,group."""
    path = Path(path)
    where = f"{path}"
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(f"{path}: cannot read the class mapping ({exc})", "give a UTF-8 YAML or CSV file") from exc
    if path.suffix.lower() == ".csv":
        groups: dict[str, list[int]] = {}
        rows = list(csv.DictReader(text.splitlines()))
        if not rows or not {"class", "group"} <= set(rows[0]):
            raise InputFileError(f"{path}: expected columns class,group", "e.g. a row '10,forest' per class code")
        for i, row in enumerate(rows, start=2):
            try:
                code = int(str(row["class"]).strip())
            except ValueError:
                raise InputFileError(f"{path} row {i}, column class: {row['class']!r} is not a whole number",
                                     "give the integer class code of the raster") from None
            groups.setdefault(str(row["group"]).strip(), []).append(code)
        nodata = groups.pop("nodata", [])
        return Preset(name=path.stem, title=path.name, groups=_groups(where, groups), nodata=tuple(nodata))
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputFileError(f"{path}: not valid YAML ({exc})", "write group: [codes] per line") from exc
    if not isinstance(raw, dict):
        raise InputFileError(f"{path}: expected a mapping group -> list of class codes", "e.g. forest: [10, 20]")
    raw = dict(raw.get("groups", raw))
    nodata = raw.pop("nodata", [])
    return Preset(name=path.stem, title=path.name, groups=_groups(where, raw), nodata=_codes(where, "nodata", nodata))


def coverage_weight(crs: rasterio.crs.CRS) -> str:
    """exactextract's cell weighting: true (spherical) cell area for geographic rasters, plane area otherwise."""
    return "area_spherical_m2" if crs.is_geographic else "area_cartesian"


def class_fractions(raster: str | Path | rasterio.DatasetReader, polygons: gpd.GeoDataFrame,
                    classes: Mapping[str, Sequence[int]], settings: Settings, *,
                    nodata_classes: Sequence[int] = (), progress: Progress | None = None,
                    area_name: str = "Jiangxi") -> pd.DataFrame:
    """Per polygon (index kept): % of valid covered area in each class group, plus areas and nodata share.

    Polygons are reprojected to the raster's CRS; the raster is never warped. Partial cells count by the
    area the polygon covers (exactextract), cells of geographic rasters by their true area. Reads stream
    in windows of at most settings.zonal_window_pixels cells. `nodata_classes` are codes treated as nodata.
    """
    groups = {str(g): tuple(int(c) for c in codes) for g, codes in classes.items()}
    _groups("classes", groups)
    if isinstance(raster, rasterio.DatasetReader):
        return _fractions(raster, polygons, groups, settings, tuple(nodata_classes), progress)
    with open_raster(raster, settings, categorical=True, polygons=polygons, area_name=area_name) as ds:
        return _fractions(ds, polygons, groups, settings, tuple(nodata_classes), progress)


def _fractions(ds: rasterio.DatasetReader, polygons: gpd.GeoDataFrame, groups: dict[str, tuple[int, ...]],
               settings: Settings, nodata_classes: tuple[int, ...], progress: Progress | None) -> pd.DataFrame:
    from exactextract import exact_extract  # imported here: a compiled extension only zonal statistics needs

    if polygons.crs is None:
        raise InputFileError("the polygons have no CRS", "set the boundaries' CRS (EPSG:4326) first")
    local = gpd.GeoDataFrame(geometry=polygons.geometry.to_crs(ds.crs).values, crs=ds.crs)
    local["_row"] = np.arange(len(local))
    weight = coverage_weight(ds.crs)
    fill = int(ds.nodata) if ds.nodata is not None else 0  # any value: it only makes nodata cells count
    ops = [f"unique", f"frac(coverage_weight={weight})", f"valid=count(coverage_weight={weight})",
           f"total=count(coverage_weight={weight},default_value={fill})"]
    with safe_env():
        result = exact_extract(ds, local, ops, include_cols=["_row"], output="pandas",
                               strategy="feature-sequential", max_cells_in_memory=settings.zonal_window_pixels,
                               progress=progress or False)
    result = result.set_index("_row").reindex(np.arange(len(local)))
    unit2 = 1.0 if ds.crs.is_geographic else (ds.crs.linear_units_factor[1] ** 2)
    to_km2 = unit2 / 1e6
    rows = []
    for codes, fracs, valid, total in zip(result["unique"], result["frac"], result["valid"], result["total"]):
        share = dict(zip((int(c) for c in _list(codes)), (float(f) for f in _list(fracs))))
        blank = sum(share.pop(c, 0.0) for c in nodata_classes)
        kept = 1.0 - blank
        valid_area = float(valid or 0.0) * kept
        total_area = float(total or 0.0)
        row = {g: (100.0 * sum(share.get(c, 0.0) for c in codes_) / kept if valid_area > 0 else np.nan)
               for g, codes_ in groups.items()}
        row["valid_km2"] = valid_area * to_km2
        row["covered_km2"] = total_area * to_km2
        row["nodata_pct"] = 100.0 * (total_area - valid_area) / total_area if total_area > 0 else np.nan
        rows.append(row)
    out = pd.DataFrame(rows, index=polygons.index, columns=[*groups, *REPORT_COLUMNS[:3]])
    out["outside_pct"] = _outside_pct(local.geometry, ds)
    return out


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


def to_values(fractions: pd.DataFrame, dataset_name: str, year: int,
              indicator_ids: Mapping[str, str]) -> pd.DataFrame:
    """The canonical values table (provenance derived, source = the raster) for the groups in indicator_ids."""
    rows = []
    for group, indicator in indicator_ids.items():
        if group not in fractions.columns:
            raise InputFileError(f"class group '{group}' is not in the zonal result",
                                 f"use one of {', '.join(c for c in fractions.columns if c not in REPORT_COLUMNS)}")
        for adcode, r in fractions.iterrows():
            if pd.isna(r[group]):
                continue  # no valid cell covers this polygon: no value, rather than a made-up zero
            note = (f"share of valid area ({r['valid_km2']:.1f} km²); nodata {r['nodata_pct']:.1f} % of covered area"
                    + (f"; {r['outside_pct']:.1f} % of the region outside the raster" if r["outside_pct"] > 0.05 else ""))
            rows.append({"adcode": str(adcode), "indicator": indicator, "year": int(year), "value": round(float(r[group]), 3),
                         "source": dataset_name, "provenance": "derived", "note": note})
    return normalise(pd.DataFrame(rows, columns=["adcode", "indicator", "year", "value", "source", "provenance", "note"]))


def indicator_id(group: str) -> str:
    """The derived indicator id of a class group, e.g. forest -> landcover_forest_share."""
    return f"landcover_{group}_share"


def _list(v: object) -> list:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return []
    return list(v)  # type: ignore[arg-type]


def _codes(where: str, key: str, codes: object) -> tuple[int, ...]:
    if not isinstance(codes, (list, tuple)):
        codes = [codes]
    try:
        return tuple(int(c) for c in codes)
    except (TypeError, ValueError):
        raise CatalogError(f"{where}: {key} {codes!r} is not a list of whole numbers",
                           "give integer class codes, e.g. [10, 20]") from None


def _groups(where: str, raw: Mapping[str, object]) -> dict[str, tuple[int, ...]]:
    if not raw:
        raise CatalogError(f"{where}: no class groups", "give at least one group, e.g. forest: [10]")
    groups = {str(g): _codes(where, f"group {g!r}", codes) for g, codes in raw.items()}
    clash = sorted(set(groups) & set(REPORT_COLUMNS))
    if clash:
        raise CatalogError(f"{where}: group name {clash[0]!r} is reserved", "rename the group")
    return groups
