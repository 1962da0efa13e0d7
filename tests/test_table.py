"""Reading users' files: encodings, XLSX safety and limits, GeoJSON/GPKG driver allowlist, refusals."""

from __future__ import annotations

import io
import zipfile

import geopandas as gpd
import openpyxl
import openpyxl.xml
import pytest
import shapely

from geo.errors import InputFileError, LimitExceeded
from geo.messages import error_text
from geo.settings import Settings
from geo.table import read_table

CSV = "地区,指标,年份,数值\n章贡区,森林覆盖率,2023,63.1\n赣县区,森林覆盖率,2023,70\n"


@pytest.mark.parametrize(
    "encoding, label",
    [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 with BOM"), ("gbk", "GBK"), ("gb18030", "GBK"), ("utf-16", "UTF-16")],
)
def test_encodings_round_trip(tmp_path, encoding, label):
    path = tmp_path / "data.csv"
    path.write_bytes(CSV.encode(encoding))
    t = read_table(path)
    assert t.encoding == label
    assert list(t.frame.columns) == ["地区", "指标", "年份", "数值"]  # no '\ufeff' left in the first header
    assert t.frame.loc[2].tolist() == ["章贡区", "森林覆盖率", "2023", "63.1"]
    assert t.describe() == f"read data.csv as CSV, {label}: 2 rows, 4 columns"


def test_gb18030_only_characters_are_reported_as_gb18030():
    data = "地区,备注\n章贡区,€ 𠀀\n".encode("gb18030")  # 𠀀 is outside GBK
    assert read_table(data, "a.csv").encoding == "GB18030"


def test_codes_keep_leading_zeros_and_rows_are_spreadsheet_numbers():
    t = read_table(b"code,v\n007,1\n\n360702,2\n", "a.csv")
    assert t.frame["code"].tolist() == ["007", "", "360702"]
    assert [t.row_number(i) for i in range(3)] == [2, 3, 4]


def test_tab_separated():
    t = read_table("地区\t数值\n章贡区\t1\n".encode(), "a.txt")
    assert t.frame.columns.tolist() == ["地区", "数值"]


def _xlsx(cells: dict[str, object]) -> bytes:
    book = openpyxl.Workbook()
    for ref, value in cells.items():
        book.active[ref] = value
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_xlsx_title_row_floats_and_row_numbers():
    data = _xlsx(
        {"A1": "表1 各县森林覆盖率", "A3": "代码", "B3": "森林覆盖率(%)", "A4": 360702.0, "B4": 63.1, "A5": "360704"}
    )
    t = read_table(data, "y.xlsx")
    assert t.header_row == 3
    assert t.frame.columns.tolist() == ["代码", "森林覆盖率(%)"]
    assert t.frame.loc[4].tolist() == ["360702", "63.1"]
    assert t.row_number(1) == 5
    assert t.notes == ("sheet 'Sheet'", "row 1 taken as a title, header in row 3")


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True


def test_xlsx_with_xml_entity_bomb_is_refused():
    good = _xlsx({"A1": "地区", "A2": "章贡区"})
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
        '<c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, bomb if item.filename == "xl/worksheets/sheet1.xml" else src.read(item))
    with pytest.raises(InputFileError) as e:
        read_table(out.getvalue(), "bomb.xlsx")
    assert e.value.message.startswith("bomb.xlsx contains XML that is refused (")
    assert e.value.fix == "save the workbook again from Excel or WPS; files with XML entities are not read"


def test_xlsx_zip_ratio_limit():
    data = _xlsx({"A1": "地区", "A2": "章贡区"})
    with pytest.raises(LimitExceeded) as e:
        read_table(data, "a.xlsx", settings=Settings(max_zip_ratio=1))
    assert e.value.fix == "save it again without padding, or raise the limit max_zip_ratio (GANPO_MAX_ZIP_RATIO)"


def test_not_a_workbook():
    with pytest.raises(InputFileError) as e:
        read_table(b"hello", "a.xlsx")
    assert str(e.value) == (
        "a.xlsx is not an .xlsx workbook (an .xlsx file is a zip archive); "
        "open it in Excel or WPS and save it as .xlsx, or save it as CSV UTF-8"
    )


def _vector(tmp_path, ext: str) -> bytes:
    g = gpd.GeoDataFrame(
        {"adcode": ["360702"], "森林覆盖率": [63.1], "n": [3]}, geometry=[shapely.Point(114.9, 25.8)], crs="EPSG:4326"
    )
    path = tmp_path / f"t{ext}"
    g.to_file(path)
    return path.read_bytes()


@pytest.mark.parametrize("ext, fmt", [(".geojson", "GeoJSON"), (".gpkg", "GeoPackage")])
def test_geojson_and_geopackage_attributes_as_text(tmp_path, ext, fmt):
    t = read_table(_vector(tmp_path, ext), f"up{ext}")
    assert t.format == fmt
    assert t.frame.loc[2].tolist() == ["360702", "63.1", "3"]
    assert t.notes[1] == "geometry ignored: regions are matched by code or name"


def test_hostile_vrt_renamed_geojson_is_refused_before_any_read(tmp_path, monkeypatch):
    import pyogrio

    def never(*a, **k):
        raise AssertionError("GDAL was asked to open the file")

    for fn in ("read_info", "list_layers", "read_dataframe"):
        monkeypatch.setattr(pyogrio, fn, never)
    vrt = (
        b'<OGRVRTDataSource><OGRVRTLayer name="x"><SrcDataSource>/etc/passwd</SrcDataSource>'
        b"</OGRVRTLayer></OGRVRTDataSource>"
    )
    (tmp_path / "evil.geojson").write_bytes(vrt)
    with pytest.raises(InputFileError) as e:
        read_table(tmp_path / "evil.geojson")
    assert str(e.value) == (
        "evil.geojson is named as GeoJSON but its content is XML (an OGR VRT, which can read "
        "other files); it was not opened; upload a real GeoJSON file, or a CSV or XLSX table"
    )


def test_geopackage_named_geojson_is_refused(tmp_path):
    with pytest.raises(InputFileError) as e:
        read_table(_vector(tmp_path, ".gpkg"), "x.geojson")
    assert e.value.message == "x.geojson is named as GeoJSON but its content is GeoPackage; it was not opened"


def test_json_that_gdal_opens_with_another_driver_is_refused():
    topo = b'{"type":"Topology","objects":{"a":{"type":"GeometryCollection","geometries":[]}},"arcs":[]}'
    with pytest.raises(InputFileError) as e:
        read_table(topo, "t.geojson")
    assert e.value.message.startswith("t.geojson ")
    assert "not an allowed format" in e.value.message or "cannot be read as GeoJSON" in e.value.message


@pytest.mark.parametrize(
    "data, name, text",
    [
        (b"", "a.csv", "a.csv is empty; choose a file with a header row and at least one data row"),
        (b"\n\n ,\n", "a.csv", "a.csv is empty; choose a file with a header row and at least one data row"),
        (
            b"360702,63.1\n360704,70\n",
            "a.csv",
            "a.csv has no header row: row 1 holds '360702', '63.1'; add a first row naming the columns, e.g. 地区,指标,年份,数值",
        ),
        (b"a,b\n", "a.csv", "a.csv has a header row but no data rows; add one row per value below the header"),
        (
            b"x",
            "a.doc",
            "a.doc: files with '.doc' cannot be read; use CSV, XLSX, GeoJSON or GeoPackage (.csv, .xlsx, .geojson, .gpkg)",
        ),
        (
            b"x",
            "noext",
            "noext: files with no extension cannot be read; use CSV, XLSX, GeoJSON or GeoPackage (.csv, .xlsx, .geojson, .gpkg)",
        ),
        (
            b"x",
            "a.xls",
            "a.xls: old binary Excel (.xls) workbooks are not read; save it as .xlsx or CSV UTF-8 and upload that",
        ),
        (
            b"PK\x03\x04rest",
            "a.csv",
            "a.csv is a zip archive (perhaps an Excel workbook), not a CSV text file; "
            "rename it to .xlsx if it is a workbook, or save it as CSV UTF-8",
        ),
        (
            b"a,b\n\x81\x20,1\n",
            "a.csv",
            "a.csv is not text in UTF-8, GBK or GB18030; save it from Excel or WPS as 'CSV UTF-8', or upload the .xlsx",
        ),
    ],
)
def test_refusals(data, name, text):
    with pytest.raises(InputFileError) as e:
        read_table(data, name)
    assert str(e.value) == text


def test_row_limit_names_the_setting():
    with pytest.raises(LimitExceeded) as e:
        read_table(b"a,b\n" + b"1,2\n" * 11, "a.csv", settings=Settings(max_table_rows=10))
    assert (
        str(e.value)
        == "a.csv has more than 10 rows; split the file, or raise the limit max_table_rows (GANPO_MAX_TABLE_ROWS)"
    )
    assert len(read_table(b"a,b\n" + b"1,2\n" * 10, "a.csv", settings=Settings(max_table_rows=10)).frame) == 10


def test_size_limit_names_the_setting(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"a\n" + b"1\n" * 600_000)
    with pytest.raises(LimitExceeded) as e:
        read_table(path, settings=Settings(max_upload_mb=1))
    assert str(e.value) == (
        "big.csv is 1.1 MB, more than the 1 MB allowed; "
        "split the file, or raise the limit max_upload_mb (GANPO_MAX_UPLOAD_MB)"
    )


def test_missing_path_and_nameless_bytes(tmp_path):
    with pytest.raises(InputFileError) as e:
        read_table(tmp_path / "nope.csv")
    assert (
        str(e.value)
        == f"cannot read {tmp_path / 'nope.csv'}: No such file or directory; check the path and its permissions"
    )
    with pytest.raises(InputFileError) as e:
        read_table(b"a,b\n1,2\n")
    assert str(e.value) == "an uploaded table came without a file name; give the file name so its format is known"


# ------------------------------------------------------------------------------------------ the registry
def test_one_reader_per_format_and_each_ending_read_by_one():
    from geo.table import READERS, reader_for

    assert list(READERS) == ["CSV", "XLSX", "GeoJSON", "GeoPackage", "Shapefile"]
    endings = [ext for reader in READERS.values() for ext in reader.extensions]
    assert len(endings) == len(set(endings))
    assert all(reader_for(f"upload{ext.upper()}") is reader for reader in READERS.values() for ext in reader.extensions)
    with pytest.raises(TypeError):
        READERS["CSV"] = READERS["XLSX"]  # type: ignore[index]  # the registry is read-only


@pytest.mark.parametrize("fmt, data, name", [("CSV", CSV.encode(), "a.csv"), ("CSV", CSV.encode(), "a.TSV")])
def test_the_table_says_which_reader_read_it(fmt, data, name):
    assert read_table(data, name).format == fmt


def test_an_unknown_ending_names_the_formats_that_are_read():
    from geo.table import reader_for

    with pytest.raises(InputFileError) as err:
        reader_for("a.ods")
    assert str(err.value) == (
        "a.ods: files with '.ods' cannot be read; use CSV, XLSX, GeoJSON or GeoPackage (.csv, .xlsx, .geojson, .gpkg)"
    )


@pytest.mark.parametrize(
    "data, name, zh",
    [
        (
            b"360702,63.1\n",
            "a.csv",
            "a.csv 没有表头行：第1行是 '360702', '63.1'；在第一行写上列名，如 地区,指标,年份,数值",
        ),
        (
            b"a,b\n\x80,\xff\n",
            "b.csv",
            "b.csv 不是 UTF-8、GBK 或 GB18030 编码的文本；用 Excel 或 WPS 另存为“CSV UTF-8”，或上传 .xlsx",
        ),
        (
            b"PK\x03\x04broken",
            "c.xlsx",
            "c.xlsx 不是可读取的 .xlsx 工作簿；用 Excel 或 WPS 打开并另存为 .xlsx，或另存为 CSV UTF-8",
        ),
        (b"\xe5\x9c\xb0\xe5\x8c\xba,x\n", "d.csv", "d.csv 只有表头，没有数据行；在表头下方每行填写一个地区的数值"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_a_message_in_both_languages(data, name, zh):
    from geo.messages import render

    with pytest.raises(InputFileError) as err:
        read_table(data, name)
    assert err.value.key is not None
    text, fix = render(err.value.key, err.value.params, "zh")
    assert f"{text}；{fix}" == zh


@pytest.mark.parametrize("data", [b"", b"\n\n ,\n"])
def test_an_empty_file_is_refused_in_the_pages_language(data):
    with pytest.raises(InputFileError) as e:
        read_table(data, "空表.csv")
    assert error_text(e.value, "zh") == "空表.csv 是空的；选择有表头行且至少有一行数据的文件"
    assert error_text(e.value, "en") == "空表.csv is empty; choose a file with a header row and at least one data row"
