"""Hostile uploads (issue 7): each is refused with a clear message or loaded whole; nothing is read or written
outside the upload, no request leaves, and data already loaded stays. The map tooltip XSS tests live with the
browser tests (tests/test_browser.py), the config rules in tests/test_config.py, the fuzz in tests/test_fuzz.py."""

from __future__ import annotations

import ast
import csv
import io
import os
import subprocess
import sys
import threading
import time
import tracemalloc
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pytest
import rasterio
from affine import Affine
from shapely.geometry import Point, box

from geo.errors import InputFileError, LimitExceeded, RasterError
from geo.export import csv_files, to_csv, to_xlsx
from geo.i18n import Translator
from geo.importer import import_values
from geo.sections import import_sections
from geo.settings import GDAL_SKIP_DRIVERS, Settings, harden_gdal
from geo.spreadsheet import FORMULA_PREFIXES, neutralise
from geo.table import read_table
from geo.zonal import class_fractions
from tests.importer_fixtures import CATALOG, small_index

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
JIANGXI = gpd.GeoDataFrame({"adcode": ["360000"]}, geometry=[box(113.5, 24.5, 118.5, 30.1)], crs="EPSG:4326").set_index(
    "adcode"
)
FOREST = {"forest": [1]}


# ------------------------------------------------------------------------------------------------ helpers
@pytest.fixture
def listener():
    """A local HTTP server standing in for 'the internet': (base URL, list of paths requested)."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_error(404)

        do_HEAD = do_GET  # noqa: N815

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def files_under(*folders: Path) -> set[Path]:
    return {p for f in folders for p in f.rglob("*")}


def clean_env() -> dict[str, str]:
    """This process's environment without GDAL_SKIP (an AppTest run of app.py may have set it here)."""
    env = {k: v for k, v in os.environ.items() if k != "GDAL_SKIP"}
    env["PYTHONPATH"] = str(ROOT)
    return env


def python(code: str) -> str:
    out = subprocess.run([PY, "-c", code], cwd=ROOT, env=clean_env(), capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


DRIVERS_SEEN = (
    "import pyogrio, rasterio\n"
    "ogr = pyogrio.list_drivers()\n"
    "with rasterio.Env() as env: gdal = env.drivers()\n"
    "print(sorted({'VRT', 'OGR_VRT', 'MRF'} & (set(ogr) | set(gdal))))\n"
)


def zipped(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as archive:
        for name, blob in parts.items():
            archive.writestr(name, blob)
    return buf.getvalue()


# ------------------------------------------------------------------------------------------------ GDAL drivers
def test_harden_gdal_adds_the_three_drivers_once_and_keeps_others() -> None:
    env = {"GDAL_SKIP": "netCDF HDF5"}
    harden_gdal(env)
    harden_gdal(env)
    assert env["GDAL_SKIP"] == "netCDF,HDF5,VRT,OGR_VRT,MRF"
    assert GDAL_SKIP_DRIVERS == ("VRT", "OGR_VRT", "MRF")


def test_without_hardening_gdal_registers_the_dangerous_drivers() -> None:
    assert python(DRIVERS_SEEN) == "['MRF', 'OGR_VRT', 'VRT']"  # what the defence is against


def test_the_cli_edge_hardens_gdal_before_it_loads() -> None:
    code = (
        "import contextlib, io\nfrom geo.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()): main(['settings'])\n" + DRIVERS_SEEN
    )
    assert python(code) == "[]"


def test_the_app_edge_hardens_gdal_before_anything_imports_it() -> None:
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    order = []
    for node in tree.body:
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Call)
            and getattr(node.value.func, "id", "") == "harden_gdal"
        ):
            order.append("harden_gdal")
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            order += [
                m
                for m in modules
                if m.split(".")[0] not in ("__future__", "argparse", "os", "sys", "pathlib") and m != "geo.settings"
            ]
    assert order[0] == "harden_gdal", order
    # And the same order in a fresh process really keeps the drivers out of both GDALs the app loads.
    code = "import os\nfrom geo.settings import harden_gdal\nharden_gdal(os.environ)\nimport ui.page\n" + DRIVERS_SEEN
    assert python(code) == "[]"


def _vrt(source: str) -> bytes:
    return (
        '<VRTDataset rasterXSize="10" rasterYSize="10"><SRS>EPSG:4326</SRS>'
        '<GeoTransform>115,0.01,0,28,0,-0.01</GeoTransform><VRTRasterBand dataType="Byte" band="1">'
        f"<SimpleSource><SourceFilename>{source}</SourceFilename><SourceBand>1</SourceBand></SimpleSource>"
        "</VRTRasterBand></VRTDataset>"
    ).encode()


@pytest.mark.parametrize("source", ["/vsicurl/{url}/secret.tif", "{secret}"])
def test_a_vrt_renamed_tif_reads_nothing_and_fetches_nothing(tmp_path, listener, source) -> None:
    url, hits = listener
    secret = tmp_path / "elsewhere" / "secret.tif"
    secret.parent.mkdir()
    with rasterio.open(
        secret,
        "w",
        driver="GTiff",
        width=10,
        height=10,
        count=1,
        dtype="uint8",
        crs="EPSG:4326",
        transform=Affine(0.01, 0, 115, 0, -0.01, 28),
    ) as dst:
        dst.write(np.ones((1, 10, 10), "uint8"))
    upload = tmp_path / "upload" / "forest.tif"  # how ui/landcover.py stores an upload: a private folder
    upload.parent.mkdir()
    upload.write_bytes(_vrt(source.format(url=url, secret=secret)))
    with pytest.raises(RasterError) as e:
        class_fractions(str(upload), JIANGXI, FOREST, Settings())
    assert e.value.message.startswith("forest.tif: not a GeoTIFF (GDAL's GTiff driver cannot read it")
    assert (
        e.value.fix == "export the layer as a GeoTIFF (.tif); VRT, MRF, IMG, NetCDF and other formats are not accepted"
    )
    assert hits == []


def _mrf(folder: Path, source: Path) -> bytes:
    return (
        f"<MRF_META><CachedSource><Source>{source}</Source></CachedSource><Raster>"
        '<Size x="10" y="10" c="1"/><PageSize x="10" y="10" c="1"/><DataType>Byte</DataType>'
        f"<DataFile>{folder}/evil.dat</DataFile><IndexFile>{folder}/evil.idx</IndexFile></Raster>"
        '<GeoTags><BoundingBox minx="115" miny="27.9" maxx="115.1" maxy="28"/></GeoTags></MRF_META>'
    ).encode()


def _source_tif(path: Path) -> Path:
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=10,
        height=10,
        count=1,
        dtype="uint8",
        crs="EPSG:4326",
        transform=Affine(0.01, 0, 115, 0, -0.01, 28),
    ) as dst:
        dst.write(np.ones((1, 10, 10), "uint8"))
    return path


def test_an_mrf_renamed_tif_writes_nothing(tmp_path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    upload = tmp_path / "upload.tif"
    upload.write_bytes(_mrf(elsewhere, _source_tif(tmp_path / "src.tif")))
    with pytest.raises(RasterError, match=r"^upload\.tif: not a GeoTIFF"):
        class_fractions(str(upload), JIANGXI, FOREST, Settings())
    assert list(elsewhere.iterdir()) == []


def test_an_mrf_writes_where_it_says_unless_gdal_is_hardened(tmp_path) -> None:
    """The threat is real: an ordinary open writes the MRF's files; after harden_gdal GDAL cannot even open it."""
    src = _source_tif(tmp_path / "src.tif")
    for hardened, folder in ((False, tmp_path / "plain"), (True, tmp_path / "hardened")):
        folder.mkdir()
        upload = folder / "upload.tif"
        upload.write_bytes(_mrf(folder / "out", src))
        (folder / "out").mkdir()
        code = (
            "import os\nfrom geo.settings import harden_gdal\n"
            + ("harden_gdal(os.environ)\n" if hardened else "")
            + "import rasterio\ntry:\n    rasterio.open("
            + repr(str(upload))
            + ").read()\n    print('opened')\n"
            "except Exception as exc:\n    print('refused')\n"
        )
        assert python(code) == ("refused" if hardened else "opened")
        assert sorted(p.name for p in (folder / "out").iterdir()) == ([] if hardened else ["evil.dat", "evil.idx"])


def test_an_ogr_vrt_renamed_geojson_fetches_nothing(listener) -> None:
    url, hits = listener
    vrt = (
        f'<OGRVRTDataSource><OGRVRTLayer name="x"><SrcDataSource>/vsicurl/{url}/x.geojson</SrcDataSource>'
        "</OGRVRTLayer></OGRVRTDataSource>"
    ).encode()
    for name in ("values.geojson", "values.json", "values.gpkg"):
        with pytest.raises(InputFileError) as e:
            import_values(vrt, name, CATALOG, small_index())
        assert "its content is XML (an OGR VRT, which can read other files); it was not opened" in e.value.message
    assert hits == []


def test_an_ogr_vrt_posing_as_a_zipped_shapefile_is_not_opened(listener) -> None:
    url, hits = listener
    vrt = f'<OGRVRTDataSource><OGRVRTLayer name="x"><SrcDataSource>/vsicurl/{url}/a</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>'
    data = zipped({"x.shp": vrt.encode(), "x.shx": b"\x00\x00\x27\x0a" + bytes(96), "x.dbf": b"", "x.prj": b""})
    with pytest.raises(InputFileError) as e:
        read_table(data, "x.zip")
    assert str(e.value) == (
        "x.zip: x.shp is not a shapefile part (its header is wrong); it was not opened; "
        "export the layer again as a shapefile from QGIS or ArcGIS and zip its parts"
    )
    assert hits == []


def test_upload_names_are_labels_never_paths(tmp_path, monkeypatch, listener) -> None:
    """Whatever the name says, GDAL gets the uploaded bytes (pyogrio keeps them in /vsimem/), never a path or URL."""
    import pyogrio

    url, hits = listener
    seen: list[type] = []
    for fn in ("list_layers", "read_info", "read_dataframe"):
        real = getattr(pyogrio, fn)
        monkeypatch.setattr(
            pyogrio, fn, lambda src, *a, _real=real, **k: (seen.append(type(src)), _real(src, *a, **k))[1]
        )
    g = gpd.GeoDataFrame(
        {"地区": ["章贡区"], "指标": ["森林覆盖率"], "年份": ["2023"], "数值": ["70.5"]},
        geometry=[Point(114.9, 25.8)],
        crs="EPSG:4326",
    )
    g.to_file(tmp_path / "t.geojson")
    data = (tmp_path / "t.geojson").read_bytes()
    before = files_under(tmp_path, ROOT)
    for name in (f"/vsicurl/{url}/x.geojson", "../../../etc/passwd.geojson", str(tmp_path / "t.geojson")):
        result = import_values(data, name, CATALOG, small_index())
        assert result.values["value"].tolist() == [70.5]
    assert seen and set(seen) == {bytes}
    assert hits == [] and files_under(tmp_path, ROOT) == before


# ------------------------------------------------------------------------------------------------ bombs
def test_a_raster_declaring_200000_by_200000_pixels_is_refused_from_its_header(huge_tif) -> None:
    path = huge_tif
    started = time.perf_counter()
    tracemalloc.start()
    try:
        with pytest.raises(LimitExceeded) as e:
            class_fractions(str(path), JIANGXI, FOREST, Settings())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(e.value) == (
        "huge.tif: declares 200,000 x 200,000 = 40,000,000,000 pixels, more than max_raster_pixels = "
        "1,600,000,000; clip the raster to the region or resample it, or raise GANPO_MAX_RASTER_PIXELS "
        "if the machine can take it"
    )
    assert time.perf_counter() - started < 2 and peak < 20_000_000


def test_a_raster_with_10000_bands_is_refused_from_its_header(tmp_path) -> None:
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
    with pytest.raises(LimitExceeded) as e:
        class_fractions(str(path), JIANGXI, FOREST, Settings())
    assert str(e.value) == (
        "bands.tif: has 10,000 bands, more than max_raster_bands = 16; "
        "give a single-band land-cover raster, or raise GANPO_MAX_RASTER_BANDS"
    )
    small = tmp_path / "three.tif"  # the limit comes from Settings, the one config place
    with rasterio.open(
        small,
        "w",
        driver="GTiff",
        width=2,
        height=2,
        count=3,
        dtype="uint8",
        crs="EPSG:4326",
        transform=Affine(0.01, 0, 115.0, 0, -0.01, 28.0),
    ):
        pass
    with pytest.raises(LimitExceeded, match=r"^three\.tif: has 3 bands, more than max_raster_bands = 2;"):
        class_fractions(str(small), JIANGXI, FOREST, Settings(max_raster_bands=2))


def _bomb(member: str, megabytes: int = 200) -> bytes:
    """A small zip whose one member unpacks to `megabytes` MB of zeros (written in chunks: never held whole)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open(member, "w", force_zip64=True) as out:
            chunk = bytes(1024 * 1024)
            for _ in range(megabytes):
                out.write(chunk)
    return buf.getvalue()


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    return {"book.xlsx": _bomb("xl/worksheets/sheet1.xml"), "layer.zip": _bomb("layer.dbf")}


@pytest.mark.parametrize("name", ["book.xlsx", "layer.zip"])
def test_a_zip_bomb_is_refused_without_unpacking(bombs, name) -> None:
    data = bombs[name]
    assert len(data) < 300_000
    index = small_index()  # built first: its name matcher's dictionaries are not what the bomb costs
    tracemalloc.start()
    try:
        with pytest.raises(LimitExceeded) as e:
            import_values(data, name, CATALOG, index)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        ratio = round(sum(i.file_size for i in archive.infolist()) / sum(i.compress_size for i in archive.infolist()))
    assert ratio > 900
    assert e.value.message == f"{name} is compressed {ratio} times, more than the ratio 100 allowed"
    assert e.value.fix == "save it again without padding, or raise the limit max_zip_ratio (GANPO_MAX_ZIP_RATIO)"
    assert peak < 20_000_000


def test_the_unzipped_size_limit_names_its_setting(bombs) -> None:
    settings = Settings(max_unzipped_mb=100, max_zip_ratio=10**6)
    with pytest.raises(LimitExceeded) as e:
        read_table(bombs["layer.zip"], "layer.zip", settings=settings)
    assert str(e.value) == (
        "layer.zip would unpack to 200 MB, more than the 100 MB allowed; "
        "split the zip, or raise the limit max_unzipped_mb (GANPO_MAX_UNZIPPED_MB)"
    )


def _xlsx(sheet_xml: str | None = None) -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"], book.active["A2"] = "地区", "章贡区"
    buf = io.BytesIO()
    book.save(buf)
    if sheet_xml is None:
        return buf.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, sheet_xml if item.filename == "xl/worksheets/sheet1.xml" else src.read(item))
    return out.getvalue()


def test_an_xlsx_with_an_external_entity_cannot_read_a_local_file(tmp_path, listener) -> None:
    url, hits = listener
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    for target in (secret.as_uri(), f"{url}/dtd"):
        xxe = (
            f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "{target}">]>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
            '<c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>'
        )
        with pytest.raises(InputFileError) as e:
            import_values(_xlsx(xxe), "book.xlsx", CATALOG, small_index())
        assert e.value.message.startswith("book.xlsx contains XML that is refused (")
        assert "TOP-SECRET" not in str(e.value)
    assert hits == []


# ------------------------------------------------------------------------------------------------ zipped shapefiles
def _shapefile(
    tmp_path: Path, frame: gpd.GeoDataFrame, encoding: str, keep_cpg: bool, stem: str = "县"
) -> dict[str, bytes]:
    folder = tmp_path / "shp"
    folder.mkdir(exist_ok=True)
    frame.to_file(folder / f"{stem}.shp", encoding=encoding, engine="pyogrio")
    if not keep_cpg:
        (folder / f"{stem}.cpg").unlink()
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _values_layer() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "地区": ["章贡区", "信丰县"],
            "指标": ["森林覆盖率", "湿地保护率"],
            "年份": [2023, 2023],
            "数值": [70.5, 62.25],
            "备注": ["赣州市统计年鉴", "-3.5"],
        },
        geometry=[Point(114.9, 25.8), Point(114.9, 25.4)],
        crs="EPSG:4326",
    )


def test_a_zipped_gbk_shapefile_without_cpg_keeps_its_chinese_text(tmp_path) -> None:
    parts = _shapefile(tmp_path, _values_layer(), "gbk", keep_cpg=False)
    assert ".cpg" not in "".join(parts) and "章贡区".encode("gbk") in parts["县.dbf"]
    table = read_table(zipped(parts), "县界.zip")
    assert (table.format, table.encoding) == ("Shapefile", "GBK")
    assert table.notes == (
        "driver ESRI Shapefile",
        "no .cpg: attributes read as GBK, the first encoding that fits",
        "geometry ignored: regions are matched by code or name",
    )
    assert list(table.frame.columns) == ["地区", "指标", "年份", "数值", "备注"]
    result = import_values(zipped(parts), "县界.zip", CATALOG, small_index())
    assert result.ok, [str(i) for i in result.issues]
    assert result.values[["adcode", "indicator", "value", "note"]].values.tolist() == [
        ["360702", "forest_coverage", 70.5, "赣州市统计年鉴"],
        ["360722", "wetland_protection_rate", 62.25, "-3.5"],
    ]


def test_a_cpg_names_the_encoding(tmp_path) -> None:
    parts = _shapefile(tmp_path, _values_layer(), "utf-8", keep_cpg=True)
    table = read_table(zipped({f"data/{k}": v for k, v in parts.items()}), "layer.zip")
    assert table.notes[1] == "attributes read as UTF-8 (from the .cpg)"
    assert table.frame["地区"].tolist() == ["章贡区", "信丰县"]
    parts["县.cpg"] = b"KLINGON-1"
    with pytest.raises(InputFileError) as e:
        read_table(zipped(parts), "layer.zip")
    assert str(e.value) == (
        "layer.zip: its .cpg names the encoding 'KLINGON-1', which is not known; "
        "write UTF-8 or GBK in the .cpg file, or leave the .cpg out"
    )


@pytest.mark.parametrize("missing", [["shx"], ["dbf"], ["prj"], ["shx", "prj"]])
def test_a_missing_shapefile_part_is_named(tmp_path, missing) -> None:
    parts = _shapefile(tmp_path, _values_layer(), "gbk", keep_cpg=False)
    data = zipped({k: v for k, v in parts.items() if k.rsplit(".", 1)[1] not in missing})
    with pytest.raises(InputFileError) as e:
        import_values(data, "县界.zip", CATALOG, small_index())
    lacking = " and ".join(f"县.{ext}" for ext in missing)
    assert str(e.value) == (
        f"县界.zip: the shapefile 县.shp comes without {lacking}; "
        "zip all its parts together: 县.shp, .shx, .dbf and .prj (.cpg if you have it)"
    )


@pytest.mark.parametrize(
    "parts, text",
    [
        (
            {"readme.txt": b"hi"},
            "a.zip holds no shapefile (.shp); it holds readme.txt; "
            "zip the .shp, .shx, .dbf and .prj of one layer, or upload a CSV or XLSX table",
        ),
        ({"a.shp": b"", "b.shp": b""}, "a.zip holds 2 shapefiles (a.shp, b.shp); upload one layer per zip"),
    ],
)
def test_a_zip_without_exactly_one_shapefile(parts, text) -> None:
    with pytest.raises(InputFileError) as e:
        read_table(zipped(parts), "a.zip")
    assert str(e.value) == text
    with pytest.raises(InputFileError) as e:
        read_table(b"not a zip at all", "a.zip")
    assert str(e.value) == "a.zip is not a zip archive; zip the .shp, .shx, .dbf and .prj of one layer"


def test_member_paths_of_a_zip_are_never_unpacked(tmp_path) -> None:
    parts = _shapefile(tmp_path, _values_layer(), "gbk", keep_cpg=False)
    hostile = {f"../../../../tmp/escape_{k}": v for k, v in parts.items()}
    before = files_under(tmp_path, ROOT)
    table = read_table(zipped(hostile), "evil.zip")
    assert table.frame["地区"].tolist() == ["章贡区", "信丰县"]
    assert not list(Path("/tmp").glob("escape_*")) and files_under(tmp_path, ROOT) == before


def test_sections_from_a_zipped_shapefile_of_points(tmp_path) -> None:
    counties = gpd.GeoDataFrame(
        {"name_zh": ["西县", "东县"], "name_en": ["West", "East"]},
        index=pd.Index(["360101", "360102"], name="adcode"),
        geometry=[box(115.5, 28.5, 116.0, 29.0), box(116.0, 28.5, 116.5, 29.0)],
        crs="EPSG:4326",
    )
    points = gpd.GeoDataFrame(
        {"name": ["生米"], "river": ["赣江"], "target": ["Ⅱ"], "year": ["2024"], "class": ["II"]},
        geometry=[Point(115.7, 28.7)],
        crs="EPSG:4326",
    )
    parts = _shapefile(tmp_path, points, "gbk", keep_cpg=False, stem="断面")
    result = import_sections(zipped(parts), "断面.zip", counties, Settings())
    assert result.ok, [str(i) for i in result.issues]
    assert result.sections[["name", "river", "adcode"]].values.tolist() == [["生米", "赣江", "360101"]]


# ------------------------------------------------------------------------------------------------ exports
def _values() -> pd.DataFrame:
    text = (
        "地区,指标,年份,数值,来源,备注\n"
        '章贡区,森林覆盖率,2023,70.5,"=HYPERLINK(""http://evil"",""x"")",+cmd|calc\n'
        "信丰县,高标准农田面积,2023,3.5,@SUM(A1),-3.5\n"
    )
    result = import_values(text.encode(), "in.csv", CATALOG, small_index())
    assert result.ok
    return result.values


def test_exports_neutralise_formula_text_and_keep_numbers() -> None:
    values = _values().assign(value=[70.5, -3.5])
    rows = list(csv.reader(io.StringIO(to_csv(values))))
    source, note, value = (rows[0].index(c) for c in ("source", "note", "value"))
    assert rows[1][source] == '\'=HYPERLINK("http://evil","x")' and rows[1][note] == "'+cmd|calc"
    assert rows[2][value] == "-3.5" and rows[2][note] == "'-3.5"  # the number stays a number, the text is marked
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(values))).active
    cells = {c.value: c.data_type for row in sheet.iter_rows(min_row=2) for c in row}
    assert cells['\'=HYPERLINK("http://evil","x")'] == "s" and cells["'@SUM(A1)"] == "s"
    assert cells[-3.5] == "n"
    assert not any(str(v).startswith(FORMULA_PREFIXES) and t != "n" for v, t in cells.items() if v is not None)


def test_a_source_in_the_csv_description_cannot_start_a_cell() -> None:
    # The description is a file of its own beside the table (no '#' lines above the header any more); each entry
    # stays on one line there, whatever line breaks a source holds, and the table's first line is its header.
    meta = {"sources": 'official | x,=HYPERLINK("http://evil")', "note": "a\n=cmd", "title": "森林覆盖率, 2023, county"}
    files = csv_files(_values(), meta, "export", Translator("en"))
    about = files["export_metadata.txt"].decode("utf-8-sig").splitlines()
    assert about[2:] == [
        'Sources (sources): official | x,=HYPERLINK("http://evil")',
        "note (note): a =cmd",
        "Title (title): 森林覆盖率, 2023, county",
    ]
    table = files["export.csv"].decode("utf-8-sig")
    assert table.startswith("adcode,") and "HYPERLINK" not in table.splitlines()[0]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_loses_nothing(fmt) -> None:
    values = _values()
    meta = {"sources": "x,=cmd", "title": "t"}
    data = to_csv(values).encode("utf-8-sig") if fmt == "csv" else to_xlsx(values, meta)
    again = import_values(data, f"export.{fmt}", CATALOG, small_index())
    assert again.ok, [str(i) for i in again.issues]
    pd.testing.assert_frame_equal(again.values, values)


def test_the_rejected_rows_download_reads_back_as_written() -> None:
    result = import_values(
        "地区,指标,年份,数值\n火星县,森林覆盖率,2023,-3.5\n".encode(), "in.csv", CATALOG, small_index()
    )
    download = neutralise(result.rejected).to_csv(index=False).encode("utf-8-sig")  # as ui/upload.py offers it
    assert b"'-3.5" in download
    back = read_table(download, "rejected_in.csv")
    assert back.frame.loc[2, "数值"] == "-3.5" and back.frame.loc[2, "地区"] == "火星县"
    assert "1 cell began with the apostrophe exports put before = + - @; it was removed" in back.notes


# ------------------------------------------------------------------------------------------------ tables
def test_bom_header_and_codes_stored_as_numbers() -> None:
    text = "\ufeff行政区划代码,指标,年份,数值\n360702.0,森林覆盖率,2023,70.5\n360722,湿地保护率,2023,60\n"
    table = read_table(text.encode("utf-8"), "codes.csv")
    assert table.encoding == "UTF-8 with BOM" and table.frame.columns[0] == "行政区划代码"
    result = import_values(text.encode("utf-8"), "codes.csv", CATALOG, small_index())
    assert result.values["adcode"].tolist() == ["360702", "360722"]
    assert [str(i) for i in result.issues] == [
        "codes.csv row 2, column 行政区划代码: the code '360702.0' was stored as a number; read as 360702; "
        "format the code column as text in the spreadsheet"
    ]
    assert result.issues[0].severity == "warning"


# ------------------------------------------------------------------------------------------------ caches and sessions
CACHES = ("cache_data", "cache_resource")


def unbounded_caches(source: str, filename: str = "<ui>") -> list[str]:
    """st.cache_data / st.cache_resource decorators without max_entries or ttl, as 'file:line name'."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for dec in node.decorator_list:
            target = dec.func if isinstance(dec, ast.Call) else dec
            if isinstance(target, ast.Attribute) and target.attr in CACHES:
                keywords = {k.arg for k in dec.keywords} if isinstance(dec, ast.Call) else set()
                if not keywords & {"max_entries", "ttl"}:
                    found.append(f"{filename}:{node.lineno} {node.name}")
    return found


def test_every_cache_in_the_app_is_bounded() -> None:
    found = []
    for path in sorted((ROOT / "ui").glob("*.py")) + [ROOT / "app.py"]:
        found += unbounded_caches(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert found == [], "give these caches max_entries or ttl"


def test_the_cache_rule_catches_an_unbounded_cache() -> None:
    source = (
        "import streamlit as st\n@st.cache_data\ndef a(): ...\n@st.cache_data(show_spinner=False)\ndef b(): ...\n"
        "@st.cache_data(ttl=60)\ndef c(): ...\n@st.cache_resource(max_entries=1)\ndef d(): ...\n"
    )
    assert unbounded_caches(source) == ["<ui>:3 a", "<ui>:5 b"]


def _app(monkeypatch, argv: list[str]):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setattr(sys, "argv", ["app.py", *argv])
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.query_params["tab"] = "data"  # where the uploader is
    at.run()
    assert not at.exception, at.exception
    return at


def _imported(at) -> pd.DataFrame | None:
    result = at.session_state["user_import"] if "user_import" in at.session_state else None
    return None if result is None else result.values


def test_uploads_stay_in_their_session_and_a_refused_one_keeps_the_data_before(tmp_path, monkeypatch, listener) -> None:
    url, hits = listener
    start = tmp_path / "start.csv"
    start.write_text("地区,指标,年份,数值,来源\n章贡区,森林覆盖率,2023,71.5,session A\n", encoding="utf-8")
    first = _app(monkeypatch, ["--values", str(start)])  # `streamlit run app.py -- --values start.csv`
    assert _imported(first)["source"].tolist() == ["session A"]

    second = _app(monkeypatch, [])
    assert _imported(second) is None  # only the built-in data: the first session's table is not here
    upload = next(u for u in second.file_uploader if u.key == "upload")
    upload.set_value(
        ("mine.csv", "地区,指标,年份,数值,来源\n信丰县,森林覆盖率,2023,66.5,session B\n".encode(), "text/csv")
    )
    second.run()
    assert not second.exception
    second.button(key="upload_import").click().run()  # previewed first, imported when the user says so
    assert not second.exception
    assert _imported(second)["source"].tolist() == ["session B"]

    hostile = (
        f'<OGRVRTDataSource><OGRVRTLayer name="x"><SrcDataSource>/vsicurl/{url}/x</SrcDataSource>'
        "</OGRVRTLayer></OGRVRTDataSource>"
    ).encode()
    upload = next(u for u in second.file_uploader if u.key == "upload")
    upload.set_value(("evil.geojson", hostile, "application/geo+json"))
    second.run()
    assert not second.exception
    errors = " ".join(e.value for e in second.error)
    assert "evil.geojson 的扩展名表明是 GeoJSON，但内容不是 GeoJSON；未打开" in errors  # refused in the preview
    assert _imported(second)["source"].tolist() == ["session B"]  # the data loaded before stays
    assert hits == []

    first.run()
    assert _imported(first)["source"].tolist() == ["session A"]  # and the second session's upload is not here
    from ui.resources import atlas

    shared = atlas(Settings.from_env(values=start))
    assert not shared.values()["provenance"].eq("user").any()  # the process-wide atlas never holds an upload
