"""`python -m geo zonal RASTER.tif --preset NAME --out PATH.csv`: county land-cover shares from a GeoTIFF."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.boundaries import leaf_units
from geo.errors import InputFileError
from geo.landcover import indicator_id, to_values
from geo.pack import load_pack
from geo.presets import Preset, get_preset, load_mapping, load_presets
from geo.settings import Settings
from geo.zonal import class_fractions

HELP = "Per-county forest/wetland/water shares (%) of a land-cover GeoTIFF, written in the import's long format."

# Columns of the long format the import reads (region = six-digit adcode).
OUT_COLUMNS: list[str] = ["region", "indicator", "year", "value", "source", "note"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("raster", type=Path, help="categorical land-cover GeoTIFF, any CRS")
    p.add_argument("--preset", choices=sorted(load_presets()), help="class scheme of a known product")
    p.add_argument(
        "--mapping", type=Path, help="class scheme file instead of a preset: YAML group: [codes] or CSV class,group"
    )
    p.add_argument("--year", type=int, help="year the land cover shows (default: a 4-digit year in the file name)")
    p.add_argument("--regions", type=Path, help="polygons with an adcode column instead of the county boundaries")
    p.add_argument("--out", type=Path, required=True, help="CSV to write (UTF-8)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    scheme = scheme_for(args.preset, args.mapping)
    year = args.year or year_from_name(args.raster.name)
    if args.regions:
        regions, area = read_regions(args.regions), args.regions.name
    else:
        regions, area = leaf_units(settings.data_dir), load_pack(settings.data_dir).name_en
    fractions = class_fractions(
        args.raster,
        regions,
        scheme.groups,
        settings,
        nodata_classes=scheme.nodata,
        progress=_print_progress,
        area_name=area,
    )
    values = to_values(
        fractions, f"{args.raster.name} ({scheme.title})", year, {g: indicator_id(g) for g in scheme.groups}
    )
    table = long_format(values)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.out, index=False, encoding="utf-8")
    missing = sorted(set(map(str, regions.index)) - set(table["region"]))
    print(f"wrote {len(table)} rows for {table['region'].nunique()} regions to {args.out}")
    if missing:
        print(f"no valid cells (no value written) for {len(missing)} regions: {', '.join(missing[:10])}")
    return 0


def scheme_for(preset: str | None, mapping: Path | None) -> Preset:
    """The class scheme from --preset or --mapping (exactly one)."""
    if bool(preset) == bool(mapping):
        raise InputFileError(
            "give either --preset or --mapping",
            f"presets: {', '.join(load_presets())}; or a YAML/CSV class->group file",
        )
    return get_preset(preset) if preset else load_mapping(mapping)  # type: ignore[arg-type]


def year_from_name(name: str) -> int:
    """The single 4-digit year (1980-2099) in a file name; otherwise InputFileError asks for --year."""
    years = sorted(set(re.findall(r"(?<!\d)(19[89]\d|20\d\d)(?!\d)", name)))
    if len(years) != 1:
        raise InputFileError(f"{name}: cannot tell the year of the land cover from the file name", "give --year YYYY")
    return int(years[0])


def long_format(values: pd.DataFrame) -> pd.DataFrame:
    """Canonical values -> the import's long columns (region, indicator, year, value, source, note)."""
    return pd.DataFrame(
        {
            "region": values["adcode"],
            "indicator": values["indicator"],
            "year": values["year"],
            "value": values["value"],
            "source": values["source"],
            "note": values["note"],
        }
    )[OUT_COLUMNS]


def read_regions(path: Path) -> gpd.GeoDataFrame:
    """Polygons from a vector file, indexed by their adcode column (text)."""
    try:
        frame = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise InputFileError(f"{path}: cannot read the regions ({exc})", "give a GeoJSON or GeoPackage") from None
    if "adcode" not in frame.columns:
        raise InputFileError(f"{path}: no column adcode", "add the six-digit region code as property adcode")
    return frame.assign(adcode=frame["adcode"].astype(str)).set_index("adcode")


def _print_progress(fraction: float, message: str) -> None:
    print(f"\r[{fraction * 100:5.1f}%] {message[:60]:<60}", end="\n" if fraction >= 1 else "", flush=True)
