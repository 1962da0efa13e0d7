"""Safe opening of an untrusted GeoTIFF: GTiff driver only, header checked against the limits before any read."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import geopandas as gpd
import numpy as np
import rasterio
from rasterio.errors import RasterioIOError
from rasterio.warp import transform_bounds

from geo.errors import LimitExceeded, RasterError
from geo.settings import Settings

# Only this driver may open a user's raster: a VRT, MRF or any other format that can point at other files
# (or at /vsicurl/ URLs) is refused by GDAL itself before it reads anything.
ALLOWED_DRIVERS: tuple[str, ...] = ("GTiff",)

# GDAL options for reading untrusted files. GDAL_SKIP only takes effect if GDAL registers its drivers inside
# this environment (the first rasterio.Env of the process); the driver allowlist protects in any case.
SAFE_GDAL_OPTIONS: dict[str, str | int] = {
    "GDAL_SKIP": "VRT OGR_VRT MRF",
    "GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR",  # do not list the folder: no sibling .ovr/.aux.xml discovery
    "GDAL_PAM_ENABLED": "NO",  # ignore a side-car .aux.xml that could override nodata, scale or the CRS
    "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".tif",
    "GDAL_HTTP_MAX_RETRY": "0",
    # GDAL's block cache defaults to 5 % of RAM and would grow with the raster; 64 MB keeps zonal
    # statistics' memory bounded by the window size (measured: no slower, see bench/README.md).
    "GDAL_CACHEMAX": 64 * 1024 * 1024,  # bytes: rasterio sets it with GDALSetCacheMax64
}


def safe_env() -> rasterio.Env:
    """A rasterio environment for untrusted rasters; enter it before the first GDAL call of the process."""
    return rasterio.Env(**SAFE_GDAL_OPTIONS)


def skipped_drivers_active() -> bool:
    """True when GDAL's driver registry of this process lacks VRT and MRF (GDAL_SKIP took effect)."""
    with safe_env() as env:
        drivers = env.drivers()
    return not any(name in drivers for name in ("VRT", "MRF"))


@contextmanager
def open_raster(
    path: str | Path,
    settings: Settings,
    *,
    categorical: bool = True,
    polygons: gpd.GeoDataFrame | None = None,
    area_name: str = "the region's units",
) -> Iterator[rasterio.DatasetReader]:
    """Open a GeoTIFF for zonal statistics; RasterError/LimitExceeded name the problem before pixels are read."""
    path = Path(path)
    if not path.is_file():
        raise RasterError(f"{path}: no such file", "give the path of a GeoTIFF (.tif)")
    with safe_env():
        try:
            dataset = rasterio.open(path, driver=ALLOWED_DRIVERS[0])
        except RasterioIOError as exc:
            raise RasterError(
                f"{path.name}: not a GeoTIFF (GDAL's GTiff driver cannot read it: {_first_line(exc)})",
                "export the layer as a GeoTIFF (.tif); VRT, MRF, IMG, NetCDF and other formats are not accepted",
            ) from None
        try:
            check_header(dataset, settings, categorical=categorical, name=path.name)
            if polygons is not None:
                check_overlap(dataset, polygons, area_name=area_name, name=path.name)
            yield dataset
        finally:
            dataset.close()


def check_header(dataset: rasterio.DatasetReader, settings: Settings, *, categorical: bool, name: str) -> None:
    """Refuse a raster whose declared size, bands, type, CRS or grid cannot be used; reads no pixels."""
    if dataset.driver not in ALLOWED_DRIVERS:  # belt and braces: the open call already restricts drivers
        raise RasterError(f"{name}: opened as {dataset.driver}, not GeoTIFF", "give a GeoTIFF (.tif)")
    pixels = dataset.width * dataset.height
    if pixels > settings.max_raster_pixels:
        raise LimitExceeded(
            f"{name}: declares {dataset.width:,} x {dataset.height:,} = {pixels:,} pixels, more than "
            f"max_raster_pixels = {settings.max_raster_pixels:,}",
            "clip the raster to the region or resample it, or raise GANPO_MAX_RASTER_PIXELS if the machine can take it",
        )
    if dataset.count > settings.max_raster_bands:
        raise LimitExceeded(
            f"{name}: has {dataset.count:,} bands, more than max_raster_bands = {settings.max_raster_bands}",
            "give a single-band land-cover raster, or raise GANPO_MAX_RASTER_BANDS",
        )
    if dataset.count < 1:
        raise RasterError(f"{name}: has no raster band", "give a GeoTIFF with one band of class codes")
    dtype = np.dtype(dataset.dtypes[0])
    if categorical and not np.issubdtype(dtype, np.integer):
        raise RasterError(
            f"{name}: band 1 holds {dtype.name} values, a continuous raster, but class codes were expected",
            "give a categorical land-cover raster with integer class codes (e.g. uint8)",
        )
    if categorical and (dataset.scales[0] != 1.0 or dataset.offsets[0] != 0.0):
        raise RasterError(
            f"{name}: band 1 has scale {dataset.scales[0]} and offset {dataset.offsets[0]}, so its values are "
            "not class codes",
            "give a raster whose pixel values are the land-cover class codes",
        )
    if dataset.crs is None:
        raise RasterError(
            f"{name}: has no coordinate reference system",
            "assign the CRS in a GIS (e.g. gdal_translate -a_srs EPSG:4326) and try again",
        )
    t = dataset.transform
    if t.b != 0 or t.d != 0 or t.a <= 0 or t.e >= 0:
        raise RasterError(
            f"{name}: its grid is rotated or not north-up (transform {tuple(t)[:6]})",
            "warp it to a north-up grid (gdalwarp) first",
        )


def check_overlap(dataset: rasterio.DatasetReader, polygons: gpd.GeoDataFrame, *, area_name: str, name: str) -> None:
    """Refuse a raster whose extent does not meet the polygons' bounds."""
    if polygons.crs is None:
        raise RasterError("the polygons have no CRS", "set the boundaries' CRS (EPSG:4326) before zonal statistics")
    left, bottom, right, top = transform_bounds(polygons.crs, dataset.crs, *polygons.total_bounds, densify_pts=21)
    b = dataset.bounds
    if not (left < b.right and right > b.left and bottom < b.top and top > b.bottom):
        wgs = transform_bounds(dataset.crs, "EPSG:4326", *b, densify_pts=21)
        raise RasterError(
            f"{name}: does not overlap {area_name} (raster covers lon {wgs[0]:.2f}..{wgs[2]:.2f}, "
            f"lat {wgs[1]:.2f}..{wgs[3]:.2f} in WGS-84)",
            f"give a raster that covers {area_name}, and check that its CRS is set correctly",
        )


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
