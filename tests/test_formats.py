"""layers/formats.py: one registry of export formats for the page's downloads and the command line."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import openpyxl
import pandas as pd
import pytest
from PIL import Image

from geo.errors import AtlasError
from geo.i18n import Translator
from layers.formats import FORMATS, Export, export_bytes, export_files, formats_for


def test_every_format_writes_a_file_a_reader_opens(tiny_view, catalog_for_maps) -> None:
    view = tiny_view()
    export = Export(view, {"title": "测试", "warning": "demo"}, "tiny", ind=catalog_for_maps.get("forest_coverage"))
    assert formats_for("indicator")[:5] == ("geojson", "gpkg", "csv", "xlsx", "png")
    files = {name: export_bytes(name, export) for name in formats_for("indicator")[:5]}
    assert json.loads(files["geojson"])["metadata"]["title"] == "测试"
    assert files["gpkg"][:16] == b"SQLite format 3\x00"
    with zipfile.ZipFile(io.BytesIO(files["csv"])) as zf:
        assert zf.namelist() == ["tiny.csv", "tiny_metadata.txt"]
        assert "360101" in zf.read("tiny.csv").decode("utf-8-sig")
    sheet = pd.read_excel(io.BytesIO(files["xlsx"]), sheet_name=None)
    assert list(sheet) == ["数据", "说明"] and len(sheet["数据"]) == 3 and "geometry" not in sheet["数据"]
    assert Image.open(io.BytesIO(files["png"])).format == "PNG"


def test_the_csv_opens_with_its_header_on_line_1_and_status_words_beside_the_codes(tiny_view, catalog_for_maps) -> None:
    view = tiny_view(values=(63.14159, 50.0, None), names=["甲县", "乙,县", None])
    export = Export(
        view, {"title": "测试", "link": "?indicator=forest_coverage"}, "tiny", ind=view_ind(catalog_for_maps)
    )
    files = export_files("csv", export)
    assert list(files) == ["tiny.csv", "tiny_metadata.txt"]
    text = files["tiny.csv"].decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["adcode", "name_zh", "name_en"] and not text.startswith("#")
    by_pandas = pd.read_csv(io.BytesIO(files["tiny.csv"]), encoding="utf-8-sig", dtype={"adcode": str})
    assert list(by_pandas.columns) == rows[0] and len(by_pandas) == 3
    assert by_pandas["name_zh"].tolist()[:2] == ["甲县", "乙,县"]  # the comma stays inside its cell
    assert by_pandas["value"].tolist()[:2] == [63.1, 50.0]  # forest coverage: 1 decimal (catalog)
    assert by_pandas["status_text"].tolist()[:2] == ["达标", "未达标"]
    assert by_pandas.columns.get_loc("status_text") == by_pandas.columns.get_loc("status") + 1
    assert by_pandas["provenance_text"].iloc[0] in ("演示数据（非官方）", "官方数据", "本系统计算", "用户上传")
    meta = files["tiny_metadata.txt"].decode("utf-8-sig")
    assert "标题 (title): 测试" in meta and "视图链接 (link): ?indicator=forest_coverage" in meta


def test_the_excel_grid_has_headers_in_the_page_language_and_a_metadata_sheet(tiny_view, catalog_for_maps) -> None:
    view = tiny_view()
    for lang, (data, about, value) in {"zh": ("数据", "说明", "数值"), "en": ("data", "metadata", "Value")}.items():
        export = Export(view, {"title": "测试", "warning": "demo"}, "tiny", ind=view_ind(catalog_for_maps), lang=lang)
        book = openpyxl.load_workbook(io.BytesIO(export_bytes("xlsx", export)))
        assert book.sheetnames == [data, about]
        headers = [c.value for c in book[data][1]]
        assert value in headers and "geometry" not in headers
        meta = [[c.value for c in row] for row in book[about].iter_rows(min_row=2)]
        banner = Translator(lang).t("demo_banner")  # the demo warning in the workbook's language
        assert [m[1:] for m in meta] == [["title", "测试"], ["warning", banner]]


def view_ind(catalog):
    return catalog.get("forest_coverage")


def test_a_format_that_cannot_write_a_kind_of_layer_names_the_ones_that_can(tiny_view) -> None:
    with pytest.raises(
        AtlasError, match="format 'png' cannot write sections layers; use one of geojson, gpkg, csv, xlsx"
    ):
        export_bytes("png", Export(tiny_view(), {}, "x"), "sections")
    with pytest.raises(
        AtlasError, match="format 'shp' cannot write indicator layers; use one of geojson, gpkg, csv, xlsx, png"
    ):
        export_bytes("shp", Export(tiny_view(), {}, "x"))


def test_each_format_has_an_extension_and_a_mime_type() -> None:
    # CSV downloads as a zip of the table and its metadata file.
    assert {f.ext for f in FORMATS.values()} == set(FORMATS) - {"csv"} | {"zip"}
    assert all("/" in f.mime for f in FORMATS.values())
