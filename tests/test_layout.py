"""geo/layout.py: how each column is read (roles, yearbook columns as indicator · period · unit), and corrections."""

from __future__ import annotations

import pytest

from geo.errors import InputFileError, LayoutError
from geo.layout import FIGURES, read_layout, split_unit, unit_key
from geo.table import read_table
from tests.importer_fixtures import CATALOG
from tests.yearbook import yearbook_bytes


def reading_of(text: str, year: int | None = None):
    return read_layout(read_table(text.encode(), "t.csv"), CATALOG, year)


@pytest.mark.parametrize(
    "header, roles, long, allocation",
    [
        ("地区,指标,年份,数值", {"region": "地区", "indicator": "指标", "year": "年份", "value": "数值"}, True, False),
        (
            " Region , Indicator_ID ,年 份,Value",
            {"region": "Region", "indicator": "Indicator_ID", "year": "年 份", "value": "Value"},
            True,
            False,
        ),
        ("行政区划代码,指标,目标值", {"code": "行政区划代码", "indicator": "指标", "target": "目标值"}, True, True),
        ("城市,指标,年份,数值", {"region": "城市", "indicator": "指标", "year": "年份", "value": "数值"}, True, False),
        ("地区,年份,森林覆盖率(%)", {"region": "地区", "year": "年份"}, False, False),
    ],
)
def test_roles_and_kind(header, roles, long, allocation):
    reading = reading_of(header + "\n" + ",".join("x" * len(header.split(","))) + "\n")
    assert reading.roles == roles and reading.long is long and reading.allocation is allocation


def test_a_wide_table_names_its_indicator_columns_with_units_and_conversions():
    reading = reading_of(
        "地区,年份,森林覆盖率(％),湿地保护率(万亩),高标准农田面积(公顷),森林覆盖,备注\n章贡区,2023,1,2,3,4,\n"
    )
    got = {c.column: (c.role, c.indicator, c.unit, c.factor) for c in reading.columns}
    assert got["森林覆盖率(％)"] == (FIGURES, "forest_coverage", "%", 1.0)
    assert got["湿地保护率(万亩)"] == (FIGURES, "wetland_protection_rate", "万亩", None)  # an area is not a rate
    assert got["高标准农田面积(公顷)"][:3] == (FIGURES, "high_standard_farmland_area", "公顷")
    assert got["高标准农田面积(公顷)"][3] == pytest.approx(0.0015)
    assert got["森林覆盖"] == (None, None, None, 1.0) and got["备注"][0] == "note"
    assert [c.column for c in reading.figures] == ["森林覆盖率(％)", "高标准农田面积(公顷)"]


@pytest.mark.parametrize(
    "text, year, message",
    [
        ("指标,数值\nx,1\n", None, "t.csv has no region column (columns: 指标, 数值)"),
        ("地区,数值\nx,1\n", None, "t.csv has neither indicator and value columns nor columns named after indicators"),
        ("地区,森林覆盖率\nx,1\n", None, "t.csv is a wide table without a year column"),
    ],
)
def test_tables_without_a_layout_are_refused_with_a_message_key(text, year, message):
    reading = reading_of(text, year)
    with pytest.raises(InputFileError) as err:
        reading.check()
    assert err.value.message == message and isinstance(err.value, LayoutError) and err.value.key.startswith("layout_")


def test_a_wide_table_without_a_year_column_takes_the_given_year():
    reading = reading_of("地区,森林覆盖率\nx,1\n", year=2023)
    assert not reading.long and not reading.needs_year
    assert reading_of("地区,森林覆盖率\nx,1\n").needs_year


def test_units_in_headers():
    assert split_unit("森林覆盖率(%)") == ("森林覆盖率", "%") and split_unit("森林覆盖率（％）") == ("森林覆盖率", "%")
    assert split_unit("森林覆盖率") == ("森林覆盖率", None) and split_unit("(%)") == ("(%)", None)
    assert unit_key("％") == unit_key("%") and unit_key("万 亩") == unit_key("万亩")


def test_a_yearbook_sheet_reads_as_indicator_and_year_pairs_under_merged_headings():
    raw = read_table(yearbook_bytes(), "年鉴.xlsx")
    reading = read_layout(raw, CATALOG)
    assert reading.sheet == "表3-2" and reading.header_rows == (3, 4)
    assert reading.above == ((1, "表3-2 各县（市、区）生态指标"), (2, "单位：%"))
    assert [c.describe() for c in reading.columns] == [
        "地区 → region",
        "森林覆盖率 · 2022年 → forest_coverage 2022",
        "森林覆盖率 · 2023年 → forest_coverage 2023",
        "湿地保护率 · 2023年 → wetland_protection_rate 2023",
    ]
    assert [c.letter for c in reading.columns] == ["A", "B", "C", "D"]
    assert reading.skipped == ((13, "注：森林覆盖率含灌木林。"), (14, "资料来源：江西省林业局。"))
    assert not reading.needs_year


def test_months_under_a_year_heading_in_a_sheet_titled_with_its_indicator():
    text = "各县森林覆盖率（%）\n地区,2024年,2024年\n,1月,2月\n章贡区,60,61\n"
    reading = reading_of(text)
    assert [c.reads_as() for c in reading.columns] == ["region", "forest_coverage 2024-01", "forest_coverage 2024-02"]


def test_a_correction_maps_an_unrecognised_header_and_sets_a_period():
    reading = reading_of("地区,林木覆盖,备注\n章贡区,60,\n")
    assert reading.column("林木覆盖").role is None
    fixed = reading.corrected("林木覆盖", CATALOG, indicator="森林覆盖率", period="2024-05")
    col = fixed.column("林木覆盖")
    assert (col.role, col.indicator, col.year, col.period, col.corrected) == (
        FIGURES,
        "forest_coverage",
        2024,
        "2024-05",
        True,
    )
    assert fixed.corrected("林木覆盖", CATALOG, period="2023年").column("林木覆盖").reads_as() == "forest_coverage 2023"
    assert fixed.corrected("林木覆盖", CATALOG, ignore=True).column("林木覆盖").read is False
    assert reading.column("林木覆盖").role is None  # the reading given is untouched


def test_a_title_naming_one_year_gives_the_year_of_a_table_without_one():
    reading = reading_of("2023年各县（市、区）森林覆盖率\n地区,森林覆盖率(%)\n章贡区,60\n")
    assert reading.year == 2023 and reading.year_from_title and not reading.needs_year
    assert reading.lines("zh")[-1] == "表中没有年份列：按标题中的 2023 年读取"
    assert reading.with_year(2024).year == 2024
    assert reading_of("2022-2023年各县森林覆盖率\n地区,森林覆盖率(%)\n章贡区,60\n").year is None  # two years: asked
    assert reading_of("2023年各县森林覆盖率\n地区,森林覆盖率(%)\n章贡区,60\n", year=2021).year == 2021


def test_the_preview_names_each_columns_indicator_in_the_pages_language():
    """'B列：森林覆盖率 · 2022年 → forest_coverage 2022' showed a catalog code on the Chinese page."""
    reading = reading_of("地区,森林覆盖率(%),年份\n章贡区,60,2023\n")
    names = {i.id: i.name("zh") for i in CATALOG.indicators}
    assert "B列：森林覆盖率(%) → 森林覆盖率" in reading.lines("zh", names)
    assert "B列：森林覆盖率(%) → forest_coverage" in reading.lines("zh")  # without names: the codes, as before
