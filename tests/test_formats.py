"""layers/formats.py: one registry of export formats for the page's downloads and the command line."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from PIL import Image

from geo.errors import AtlasError
from layers.formats import FORMATS, Export, export_bytes, formats_for


def test_every_format_writes_a_file_a_reader_opens(tiny_view, catalog_for_maps) -> None:
    view = tiny_view()
    export = Export(view, {"title": "测试", "warning": "demo"}, "tiny", ind=catalog_for_maps.get("forest_coverage"))
    assert formats_for("indicator") == ("geojson", "gpkg", "csv", "xlsx", "png")
    files = {name: export_bytes(name, export) for name in formats_for("indicator")}
    assert json.loads(files["geojson"])["metadata"]["title"] == "测试"
    assert files["gpkg"][:16] == b"SQLite format 3\x00"
    assert "360101" in files["csv"].decode("utf-8-sig")
    sheet = pd.read_excel(io.BytesIO(files["xlsx"]), sheet_name=None)
    assert list(sheet) == ["data", "metadata"] and len(sheet["data"]) == 3 and "geometry" not in sheet["data"]
    assert Image.open(io.BytesIO(files["png"])).format == "PNG"


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
    assert {f.ext for f in FORMATS.values()} == set(FORMATS)
    assert all("/" in f.mime for f in FORMATS.values())
