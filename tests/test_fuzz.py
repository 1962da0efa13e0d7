"""Fuzz of everything an upload passes through: random bytes, archives and cells give a table, Issues or an
AtlasError (a message for the user), never another exception."""

from __future__ import annotations

import codecs
import io
import zipfile

import geopandas as gpd
import pandas as pd
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from shapely.geometry import box

from geo.errors import AtlasError, Issue
from geo.importer import import_values
from geo.sections import import_sections
from geo.settings import Settings
from geo.table import READERS, RawTable, read_table
from tests.importer_fixtures import CATALOG, small_index

SETTINGS = Settings(max_table_rows=500)
EXTENSIONS = sorted(ext for reader in READERS.values() for ext in reader.extensions)
FUZZ = hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
INDEX = small_index()
COUNTIES = gpd.GeoDataFrame(
    {"name_zh": ["西县", "东县"], "name_en": ["West", "East"]},
    index=pd.Index(["360101", "360102"], name="adcode"),
    geometry=[box(115.5, 28.5, 116.0, 29.0), box(116.0, 28.5, 116.5, 29.0)],
    crs="EPSG:4326",
)

# Starts that steer the bytes into each reader's deeper paths (zip, JSON, SQLite/GeoPackage, XML, BOMs).
PREFIXES = [
    b"",
    b"PK\x03\x04",
    b"{",
    b'{"type":"FeatureCollection","features":[',
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE,
    b"SQLite format 3\x00" + bytes(52) + b"GPKG",
    b"<OGRVRTDataSource>",
    b"<VRTDataset>",
    "地区,指标,年份,数值\n".encode("gbk"),
    b"\x00\x00\x27\x0a",
]
CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "章贡区",
            "360702",
            "360702.0",
            "森林覆盖率",
            "forest_coverage",
            "2023",
            "63.1",
            "-3.5",
            "'=1+1",
            "=cmd",
            "Ⅱ",
            "115.7",
            "28.7",
            "",
            "—",
            "1e400",
            "nan",
            "\ufeff地区",
        ]
    ),
)
HEADERS = st.lists(
    st.sampled_from(
        [
            "地区",
            "指标",
            "年份",
            "数值",
            "代码",
            "来源",
            "备注",
            "森林覆盖率(%)",
            "name",
            "river",
            "lon",
            "lat",
            "year",
            "month",
            "target_class",
            "measured_class",
            "x",
            "",
        ]
    ),
    min_size=1,
    max_size=7,
)


def accepted(call) -> object:
    try:
        return call()
    except AtlasError as exc:
        assert exc.message.strip()  # a message a user can read
        return exc


@FUZZ
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=400), ext=st.sampled_from(EXTENSIONS))
def test_the_table_reader_on_random_bytes(prefix: bytes, body: bytes, ext: str) -> None:
    out = accepted(lambda: read_table(prefix + body, f"upload{ext}", settings=SETTINGS))
    assert isinstance(out, (RawTable, AtlasError))


@FUZZ
@given(
    members=st.lists(
        st.tuples(
            st.sampled_from(
                [
                    "a.shp",
                    "a.shx",
                    "a.dbf",
                    "a.prj",
                    "a.cpg",
                    "b.shp",
                    "../x.shp",
                    "dir/a.shp",
                    "A.SHP",
                    "xl/workbook.xml",
                    "[Content_Types].xml",
                ]
            ),
            st.one_of(
                st.binary(max_size=120),
                st.just(b"\x00\x00\x27\x0a" + bytes(96)),
                st.just(b"GBK"),
                st.just(b"\x03" + bytes(31) + b"\r"),
            ),
        ),
        max_size=6,
        unique_by=lambda m: m[0],
    ),
    ext=st.sampled_from([".zip", ".xlsx"]),
)
def test_the_table_reader_on_random_archives(members: list[tuple[str, bytes]], ext: str) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, blob in members:
            archive.writestr(name, blob)
    out = accepted(lambda: read_table(buf.getvalue(), f"upload{ext}", settings=SETTINGS))
    assert isinstance(out, (RawTable, AtlasError))


@FUZZ
@given(
    headers=HEADERS,
    rows=st.lists(st.lists(CELL, max_size=8), max_size=6),
    sep=st.sampled_from([",", "\t", ";"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gbk"]),
)
def test_indicator_import_on_random_csv(headers: list[str], rows: list[list[str]], sep: str, encoding: str) -> None:
    text = "\n".join(
        sep.join(c.replace(sep, " ").replace("\n", " ").replace('"', "") for c in line) for line in [headers, *rows]
    )
    data = text.encode(encoding, errors="replace")
    out = accepted(lambda: import_values(data, "fuzz.csv", CATALOG, INDEX, settings=SETTINGS))
    if not isinstance(out, AtlasError):
        assert all(isinstance(i, Issue) for i in out.issues)
        assert len(out.values) + len(out.rejected) <= len(rows) * max(1, len(headers))


@FUZZ
@given(headers=HEADERS, rows=st.lists(st.lists(CELL, min_size=7, max_size=7), max_size=6))
def test_sections_import_on_random_cells(headers: list[str], rows: list[list[str]]) -> None:
    width = len(headers)
    frame = pd.DataFrame(
        [r[:width] for r in rows],
        columns=[f"{h}{i}" if headers.count(h) > 1 else h for i, h in enumerate(headers)],
        dtype=object,
    )
    out = accepted(lambda: import_sections(frame, "fuzz.csv", COUNTIES, SETTINGS))
    if not isinstance(out, AtlasError):
        assert all(isinstance(i, Issue) for i in out.issues)
        assert len(out.rejected) <= len(rows)


@FUZZ
@given(
    prefix=st.sampled_from(PREFIXES),
    body=st.binary(max_size=300),
    ext=st.sampled_from([".csv", ".xlsx", ".geojson", ".zip"]),
)
def test_sections_import_on_random_bytes(prefix: bytes, body: bytes, ext: str) -> None:
    out = accepted(lambda: import_sections(prefix + body, f"fuzz{ext}", COUNTIES, SETTINGS))
    assert out is not None
