"""geo.rasters: untrusted GeoTIFFs are refused, with a message naming the problem, before any large read."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import rasterio
from affine import Affine
from shapely.geometry import box

from geo.errors import LimitExceeded, RasterError
from geo.rasters import open_raster
from geo.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
JIANGXI = gpd.GeoDataFrame({"adcode": ["360000"]}, geometry=[box(113.5, 24.5, 118.5, 30.1)], crs="EPSG:4326").set_index(
    "adcode"
)


def write_tif(
    path: Path, data: np.ndarray, *, crs: str | None = "EPSG:4326", transform=None, nodata=None, **extra
) -> Path:
    """A small GeoTIFF with the given band(s)."""
    data = data if data.ndim == 3 else data[None]
    profile = dict(
        driver="GTiff",
        width=data.shape[2],
        height=data.shape[1],
        count=data.shape[0],
        dtype=data.dtype,
        transform=transform or Affine(0.01, 0, 115.0, 0, -0.01, 28.0),
        nodata=nodata,
        **extra,
    )
    if crs:
        profile["crs"] = crs
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data)
    return path


def test_a_valid_geotiff_opens(tmp_path):
    path = write_tif(tmp_path / "ok.tif", np.ones((10, 10), np.uint8))
    with open_raster(path, Settings(), polygons=JIANGXI) as ds:
        assert (ds.driver, ds.width, ds.count) == ("GTiff", 10, 1)


def test_a_text_file_is_not_a_geotiff(tmp_path):
    path = tmp_path / "notes.tif"
    path.write_text("forest,wetland\n63.1,62\n", encoding="utf-8")
    with pytest.raises(RasterError, match=r"notes\.tif: not a GeoTIFF.*export the layer as a GeoTIFF"):
        with open_raster(path, Settings()):
            pass


def test_a_vrt_renamed_tif_is_refused(tmp_path):
    # A VRT can point GDAL at any file or URL; the GTiff-only open must not follow it.
    target = write_tif(tmp_path / "real.tif", np.ones((10, 10), np.uint8))
    vrt = tmp_path / "sneaky.tif"
    vrt.write_text(
        '<VRTDataset rasterXSize="10" rasterYSize="10"><SRS>EPSG:4326</SRS>'
        "<GeoTransform>115,0.01,0,28,0,-0.01</GeoTransform>"
        '<VRTRasterBand dataType="Byte" band="1"><SimpleSource>'
        f"<SourceFilename>{target}</SourceFilename><SourceBand>1</SourceBand>"
        "</SimpleSource></VRTRasterBand></VRTDataset>",
        encoding="utf-8",
    )
    with pytest.raises(RasterError, match=r"sneaky\.tif: not a GeoTIFF"):
        with open_raster(vrt, Settings()):
            pass


def test_an_absurd_declared_size_is_refused_before_reading(huge_tif):
    started = time.perf_counter()
    with pytest.raises(
        LimitExceeded,
        match=r"huge\.tif: declares 200,000 x 200,000 = 40,000,000,000 pixels, "
        r"more than max_raster_pixels = 1,600,000,000",
    ):
        with open_raster(huge_tif, Settings(), polygons=JIANGXI):
            pass
    assert time.perf_counter() - started < 2


def test_too_many_bands_is_refused(tmp_path):
    path = tmp_path / "bands.tif"
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=1,
        height=1,
        count=10_000,
        dtype="uint8",
        crs="EPSG:4326",
        transform=Affine(0.01, 0, 115.0, 0, -0.01, 28.0),
        interleave="pixel",
        sparse_ok=True,
    ):
        pass
    assert path.stat().st_size < 1_000_000
    with pytest.raises(LimitExceeded, match=r"bands\.tif: has 10,000 bands, more than max_raster_bands = 16"):
        with open_raster(path, Settings()):
            pass


def test_a_float_raster_is_not_categorical(tmp_path):
    path = write_tif(tmp_path / "ndvi.tif", np.full((10, 10), 0.7, np.float32))
    with pytest.raises(
        RasterError, match=r"ndvi\.tif: band 1 holds float32 values, a continuous raster.*integer class codes"
    ):
        with open_raster(path, Settings(), categorical=True):
            pass
    with open_raster(path, Settings(), categorical=False) as ds:  # fine where continuous values are wanted
        assert ds.dtypes[0] == "float32"


def test_a_raster_without_crs_is_refused(tmp_path):
    path = write_tif(tmp_path / "nocrs.tif", np.ones((10, 10), np.uint8), crs=None)
    with pytest.raises(RasterError, match=r"nocrs\.tif: has no coordinate reference system"):
        with open_raster(path, Settings()):
            pass


def test_a_raster_elsewhere_does_not_overlap_jiangxi(tmp_path):
    # A tile over the Alps, in a projected CRS, checked against Jiangxi's WGS-84 bounds.
    path = write_tif(
        tmp_path / "alps.tif",
        np.ones((10, 10), np.uint8),
        crs="EPSG:32632",
        transform=Affine(30, 0, 400_000, 0, -30, 5_100_000),
    )
    with pytest.raises(RasterError, match=r"alps\.tif: does not overlap Jiangxi \(raster covers lon 7\.\d\d"):
        with open_raster(path, Settings(), polygons=JIANGXI, area_name="Jiangxi"):
            pass


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(RasterError, match=r"nowhere\.tif: no such file"):
        with open_raster(tmp_path / "nowhere.tif", Settings()):
            pass


def test_gdal_skip_takes_effect_when_the_safe_env_comes_first():
    code = "from geo.rasters import skipped_drivers_active; print(skipped_drivers_active())"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert out.stdout.strip() == "True"
