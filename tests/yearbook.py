"""Real-looking yearbook workbooks built with openpyxl, and a small region tree (with parents and areas) to check
their total rows against: shared by the layout, importer, validate and page tests."""

from __future__ import annotations

import dataclasses
import io

import openpyxl
import pandas as pd

from geo.catalog import Catalog
from geo.regions import RegionIndex
from tests.importer_fixtures import CATALOG, CHANGES, REGIONS

PARENTS = {
    "360000": "",
    "360100": "360000",
    "360112": "360100",
    "360700": "360000",
    "360702": "360700",
    "360704": "360700",
    "360722": "360700",
    "360800": "360000",
    "360821": "360800",
    "361100": "360000",
    "361104": "361100",
}
AREAS = {"360112": 100.0, "360702": 100.0, "360704": 300.0, "360722": 100.0, "360821": 200.0, "361104": 100.0}
TREE = REGIONS.assign(
    parent_adcode=REGIONS["adcode"].map(PARENTS), area_km2=REGIONS["adcode"].map(AREAS).astype(object)
)
AGGREGATION = {"forest_coverage": "area_weighted", "wetland_protection_rate": "area_weighted"}
TREE_CATALOG = Catalog(
    actions=(),
    source="test",
    indicators=tuple(dataclasses.replace(i, aggregation=AGGREGATION.get(i.id, "sum")) for i in CATALOG.indicators),
)

# 表3-2 as a yearbook prints it: title, units row, a two-row header with each indicator merged over its years,
# 全省 and city subtotal rows among counties indented with full-width spaces, missing marks, footnotes.
SHEET = [
    ["表3-2 各县（市、区）生态指标", None, None, None],
    ["单位：%", None, None, None],
    ["地区", "森林覆盖率", None, "湿地保护率"],
    [None, "2022年", "2023年", "2023年"],
    ["全省", 63.1, 63.4, 62],
    ["赣州市", 66.0, 55.2, 50],
    ["\u3000\u3000章贡区", 60, 61.0, 55],
    ["\u3000\u3000赣县区", 70, 60.2, "…"],
    ["\u3000\u3000信丰县", "６０", 52.7, 45],
    ["吉安市", "—", 65.0, "/"],
    ["\u3000\u3000吉安县", "—", 65.0, 48],
    [None, None, None, None],
    ["注：森林覆盖率含灌木林。", None, None, None],
    ["资料来源：江西省林业局。", None, None, None],
]
MERGES = ["A1:D1", "A3:A4", "B3:C3"]
# 表3-3: one indicator named in the title, in 公顷 where the catalog counts 万亩.
SHEET2 = [
    ["表3-3 各县高标准农田面积", None],
    ["单位：公顷", None],
    ["县（市、区）", "2023年"],
    ["章贡区", "1,500"],
    ["信丰县", "３０００"],
]


def tree_index() -> RegionIndex:
    return RegionIndex.from_table(TREE, CHANGES, area="Jiangxi", aliases=("全省", "江西", "jiangxi"))


def yearbook_bytes(second: bool = False, rows: list[list[object]] | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "表3-2"
    for r in rows or SHEET:
        sheet.append(r)
    for m in MERGES:
        sheet.merge_cells(m)
    if second:
        other = book.create_sheet("表3-3")
        for r in SHEET2:
            other.append(r)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def frame_of(values: pd.DataFrame) -> list[list[object]]:
    """adcode, indicator, year, period, value of an imported table, as plain lists."""
    cols = ["adcode", "indicator", "year", "period", "value"]
    return [[None if pd.isna(x) else x for x in row] for row in values[cols].astype(object).values.tolist()]
