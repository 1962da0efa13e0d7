"""The land-cover tab as a user drives it: upload a GeoTIFF, compute county shares, see them flow into the data."""

from __future__ import annotations

import io

import numpy as np
import rasterio
from rasterio.transform import from_origin
from streamlit.testing.v1 import AppTest

from geo.paths import ROOT


def geotiff(fill: int, dtype: str = "uint8") -> bytes:
    """A 0.02° land-cover raster over all of Jiangxi, every cell one class."""
    data = np.full((300, 300), fill, dtype=dtype)
    buf = io.BytesIO()
    with rasterio.MemoryFile() as mem:
        with mem.open(
            driver="GTiff",
            width=300,
            height=300,
            count=1,
            dtype=dtype,
            crs="EPSG:4326",
            transform=from_origin(113.0, 31.0, 0.02, 0.02),
            nodata=255 if dtype == "uint8" else None,
        ) as ds:
            ds.write(data, 1)
        buf.write(mem.read())
    return buf.getvalue()


def app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["tab"] = "landcover"  # only the open tab is drawn
    at.run()
    assert not at.exception
    return at


def uploader(at: AppTest, key: str):
    return next(u for u in at.file_uploader if u.key == key)


def test_uploaded_raster_gives_every_county_a_share_and_joins_the_session_data() -> None:
    at = app()
    uploader(at, "lc_raster").set_value(("forest_2024.tif", geotiff(1), "image/tiff"))  # IGBP 1 = forest
    at.selectbox(key="lc_preset").set_value("modis_igbp")
    at.run()
    at.button(key="lc_run").click()
    at.run()
    assert not at.exception
    done = [s.value for s in at.success]
    assert any("100" in d and "遥感森林占比（对照）" in d for d in done), done
    # Headers and regions as people read them: indicator names, county names beside their codes.
    table = at.dataframe[-1].value
    assert len(table) == 100 and (table["遥感森林占比（对照）"] == 100).all()
    assert list(table.columns[:2]) == ["县（市、区）", "行政区划代码"] and "南昌县" in set(table["县（市、区）"])
    assert not any("landcover_" in str(c) for c in table.columns)
    # The computed values are this session's data: on the map, the indicator now has 2024 among its years.
    at.session_state["open_tab"] = "map"
    at.run()
    at.button_group(key="action").set_value(4).run()
    at.button_group(key="indicator").set_value("landcover_forest_share")
    at.run()
    assert "2024" in [str(y) for y in at.button_group(key="year").options]


def test_a_float_raster_is_refused_with_a_message() -> None:
    at = app()
    uploader(at, "lc_raster").set_value(("ndvi.tif", geotiff(0, "float32"), "image/tiff"))
    at.run()
    at.button(key="lc_run").click()
    at.run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "ndvi.tif" in errors and "float" in errors.lower()


def test_a_file_that_is_not_a_geotiff_is_refused() -> None:
    at = app()
    uploader(at, "lc_raster").set_value(("fake.tif", b"<VRTDataset><VRTRasterBand/></VRTDataset>", "image/tiff"))
    at.run()
    at.button(key="lc_run").click()
    at.run()
    assert not at.exception
    assert any("fake.tif" in e.value for e in at.error)
