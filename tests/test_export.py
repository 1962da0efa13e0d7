"""Export writers: RFC 7946 GeoJSON (golden file), GeoPackage with metadata, CSV with provenance and safe cells."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely
from shapely.geometry import Polygon

from geo.errors import AtlasError
from geo.export import csv_bundle, headers_in, public_link, readable, to_csv, to_geojson, to_gpkg, with_link
from geo.i18n import Translator

GOLDEN = Path(__file__).parent / "golden" / "tiny_layer.geojson"


def tiny_layer() -> gpd.GeoDataFrame:
    # Two squares side by side; the first is written clockwise on purpose (RFC 7946 wants counter-clockwise).
    cw = Polygon([(115.0, 28.0), (115.0, 28.1), (115.1, 28.1), (115.1, 28.0)])
    ccw = Polygon([(115.1, 28.0), (115.2, 28.0), (115.2, 28.1), (115.1, 28.1)])
    return gpd.GeoDataFrame(
        {
            "adcode": ["360702", "360703"],
            "name_zh": ["章贡区", "=南康区"],
            "value": [63.1, None],
            "provenance": ["demo", pd.NA],
        },
        geometry=[cw, ccw],
        crs="EPSG:4326",
        index=pd.Index(["360702", "360703"], name="adcode"),
    )


def test_geojson_matches_the_golden_file() -> None:
    text = to_geojson(tiny_layer(), {"title": "测试"})
    assert json.loads(text) == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_geojson_is_rfc7946() -> None:
    doc = json.loads(to_geojson(tiny_layer()))
    assert "crs" not in doc
    for feature in doc["features"]:
        ring = feature["geometry"]["coordinates"][0]
        assert shapely.Polygon(ring).exterior.is_ccw, "exterior rings must be counter-clockwise"
        assert all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in ring)
    assert doc["features"][0]["properties"]["name_zh"] == "章贡区"  # UTF-8, not \\u escapes


def test_geojson_reprojects_a_projected_layer() -> None:
    projected = tiny_layer().to_crs(32650)
    doc = json.loads(to_geojson(projected))
    x, y = doc["features"][0]["geometry"]["coordinates"][0][0]
    assert abs(x - 115.0) < 1e-6 and abs(y - 28.0) < 1e-6


def test_layer_without_crs_is_refused() -> None:
    with pytest.raises(AtlasError, match="the layer has no CRS; set its CRS before export"):
        to_geojson(tiny_layer().set_crs(None, allow_override=True))


def test_input_is_not_modified() -> None:
    layer = tiny_layer()
    before = layer.copy()
    to_geojson(layer)
    to_csv(layer)
    pd.testing.assert_frame_equal(layer, before)


def test_csv_has_its_header_on_line_1_and_neutralises_formulas() -> None:
    text = to_csv(tiny_layer())
    lines = text.splitlines()
    assert lines[0] == "adcode,name_zh,value,provenance"
    assert "'=南康区" in text and "63.1" in text


def test_the_csv_bundle_is_the_table_and_its_metadata_file() -> None:
    data = csv_bundle(tiny_layer(), {"title": "测试", "sources": "年报, 第2版\n修订"}, "tiny", Translator("en"))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.namelist() == ["tiny.csv", "tiny_metadata.txt"]
        meta = zf.read("tiny_metadata.txt").decode("utf-8-sig").splitlines()
    assert meta[2:] == ["Title (title): 测试", "Sources (sources): 年报, 第2版 修订"]


def test_a_link_is_absolute_under_the_public_url_and_said_to_be_relative_without() -> None:
    tr = Translator("zh")
    meta = with_link({"title": "x"}, "?indicator=pm25&year=2025", "https://atlas.example.gov.cn/", tr)
    assert meta == {"title": "x", "link": "https://atlas.example.gov.cn/?indicator=pm25&year=2025"}
    meta = with_link({"title": "x"}, "?indicator=pm25", "", tr)
    assert meta["link"] == "?indicator=pm25" and "GANPO_PUBLIC_URL" in meta["link_note"]
    assert public_link("?a=1", "https://h.example/atlas") == "https://h.example/atlas/?a=1"


def test_readable_rounds_each_row_by_its_indicator_and_adds_status_words(catalog_for_maps) -> None:
    table = pd.DataFrame(
        {
            "indicator": ["forest_coverage", "poyang_lake_total_phosphorus"],
            "value": [57.171234, 0.0712345],
            "target": [63.1, 0.05],
            "status": ["not_met", "met"],
            "gap": [-5.928766, 0.0212345],
        }
    )
    catalog = {i.id: i for i in catalog_for_maps.indicators}
    out = readable(table, catalog, Translator("en"))
    assert out["value"].tolist() == [57.2, 0.071] and out["gap"].tolist() == [-5.9, 0.021]
    assert out["status_text"].tolist() == ["Not met", "Met"]
    assert table["value"].iloc[0] == 57.171234  # the input is left as it was
    halves = readable(table.assign(value=[63.15, 2.5], indicator="forest_coverage"), catalog, Translator("zh"))
    assert halves["value"].tolist() == [63.2, 2.5]  # half up (四舍五入), not to even, not by the float's binary value
    classes = readable(table.assign(indicator="outflow_section_water_class"), catalog, Translator("zh"))
    assert to_csv(classes[["value", "target"]]).splitlines()[1:] == ["57,63", "0,0"]  # whole numbers, no ".0"


def test_headers_in_the_page_language_keep_unknown_columns() -> None:
    out = headers_in(pd.DataFrame(columns=["value", "status_text", "mystery"]), Translator("zh"))
    assert list(out.columns) == ["数值", "状态说明", "mystery"]


def test_gpkg_has_the_layer_and_a_metadata_table(tmp_path: Path) -> None:
    path = to_gpkg(tiny_layer(), tmp_path / "x.gpkg", "tiny", {"title": "测试"})
    layers = {name for name, _ in pyogrio.list_layers(path)}
    assert layers == {"tiny", "metadata"}
    back = gpd.read_file(path, layer="tiny")
    assert back["adcode"].tolist() == ["360702", "360703"] and back.crs.to_epsg() == 4326
    meta = pyogrio.read_dataframe(path, layer="metadata")
    assert meta.set_index("key")["value"]["title"] == "测试"


def test_the_projects_own_source_texts_are_exported_in_the_pages_language() -> None:
    from geo.sources import DEMO_VALUES

    table = pd.DataFrame(
        {"source": [DEMO_VALUES, "江西省林业局年报", "aggregated from 13 county values (area-weighted)"]}
    )
    zh = readable(table, None, Translator("zh"))
    assert zh["source"].tolist() == table["source"].tolist()  # the canonical text stays, for machines
    assert "Generated" not in zh["source_text"].iloc[0] and "演示" in zh["source_text"].iloc[0]
    assert zh["source_text"].iloc[1] == "江西省林业局年报"  # someone else's words, as written
    assert "13" in zh["source_text"].iloc[2] and "aggregated" not in zh["source_text"].iloc[2]
    meta = {"sources": f"{DEMO_VALUES} | 江西省林业局年报", "warning": "Contains demo values / 含演示数据"}
    data = csv_bundle(table, meta, "t", Translator("zh"))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        text = zf.read("t_metadata.txt").decode("utf-8-sig")
    assert "Generated" not in text and "Contains demo" not in text
    assert "江西省林业局年报" in text and Translator("zh").t("demo_banner") in text
