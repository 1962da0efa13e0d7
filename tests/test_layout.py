"""geo/layout.py: which column is which, and whether a table is long, wide or an allocation."""

from __future__ import annotations

import pytest

from geo.errors import InputFileError
from geo.issues import IssueLog
from geo.layout import detect_layout, split_unit, unit_key
from geo.table import read_table
from tests.importer_fixtures import CATALOG


def layout_of(text: str, year: int | None = None):
    log = IssueLog("t.csv")
    return detect_layout(read_table(text.encode(), "t.csv"), CATALOG, year, log), log


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
    layout, log = layout_of(header + "\n" + ",".join("x" * len(header.split(","))) + "\n")
    assert layout.roles == roles and layout.long is long and layout.allocation is allocation
    assert log.issues == []


def test_a_wide_table_names_its_indicator_columns_and_warns_about_the_rest():
    layout, log = layout_of("地区,年份,森林覆盖率(％),湿地保护率(万亩),森林覆盖,备注\n章贡区,2023,1,2,3,\n")
    assert {c: (ind.id, unit) for c, (ind, unit) in layout.indicator_columns.items()} == {
        "森林覆盖率(％)": ("forest_coverage", "%"),
        "湿地保护率(万亩)": ("wetland_protection_rate", "万亩"),
    }
    assert [str(i) for i in log.issues] == [
        "t.csv, column 森林覆盖: column '森林覆盖' is not read: it is not an indicator of the catalog; "
        "did you mean 森林覆盖率?",
        "t.csv, column 湿地保护率(万亩): the header gives the unit '万亩' but 湿地保护率 (wetland_protection_rate) is "
        "measured in '%'; convert the column to the catalog unit",
    ]
    assert all(i.severity == "warning" for i in log.issues)


@pytest.mark.parametrize(
    "text, year, message",
    [
        ("指标,数值\nx,1\n", None, "t.csv has no region column (columns: 指标, 数值)"),
        ("地区,数值\nx,1\n", None, "t.csv has neither indicator and value columns nor columns named after indicators"),
        ("地区,森林覆盖率\nx,1\n", None, "t.csv is a wide table without a year column"),
    ],
)
def test_tables_without_a_layout_are_refused(text, year, message):
    with pytest.raises(InputFileError) as err:
        layout_of(text, year)
    assert err.value.message == message


def test_a_wide_table_without_a_year_column_takes_the_given_year():
    layout, _ = layout_of("地区,森林覆盖率\nx,1\n", year=2023)
    assert not layout.long and "year" not in layout.roles


def test_units_in_headers():
    assert split_unit("森林覆盖率(%)") == ("森林覆盖率", "%") and split_unit("森林覆盖率（％）") == ("森林覆盖率", "%")
    assert split_unit("森林覆盖率") == ("森林覆盖率", None) and split_unit("(%)") == ("(%)", None)
    assert unit_key("％") == unit_key("%") and unit_key("万 亩") == unit_key("万亩")
