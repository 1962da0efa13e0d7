"""geo/region_cells.py: a region the index cannot match is said in Chinese with its detail (the unit it was merged
into, the units a short name fits, the close names), as in English."""

from __future__ import annotations

from geo.importer import import_values
from tests.importer_fixtures import CATALOG, small_index


def issues(*regions: str):
    text = "地区,指标,年份,数值\n" + "".join(f"{r},森林覆盖率,2023,60\n" for r in regions)
    return import_values(text.encode("utf-8"), "d.csv", CATALOG, small_index()).issues


def test_a_merged_unit_names_its_successor_in_both_languages():
    (issue,) = issues("湾里区")
    assert issue.key == "region_merged"
    assert (
        issue.text("zh")
        == "d.csv 第2行，“地区”列，单元格 A2：“湾里区”已于 2019 年并入 新建区（360112）；改用 新建区 或其代码 360112"
    )
    assert issue.text("en").endswith("湾里区 was merged into 新建区 (360112) in 2019; use 新建区 or its code 360112")


def test_a_short_name_of_two_units_lists_both():
    (issue,) = issues("吉安")
    assert issue.key == "region_ambiguous"
    assert issue.text("zh").split("：", 1)[1].startswith("“吉安”对应多个地区：吉安市 (360800")
    assert "吉安县 (360821" in issue.text("zh")


def test_a_close_name_is_offered_in_chinese():
    (issue,) = issues("信风县")
    assert issue.key == "region_unknown"
    assert issue.text("zh").endswith("请对照地区列表（本页可下载）填写名称或六位代码（是否为 信丰县？）")
    assert issue.text("en").endswith("did you mean 信丰县?")


def test_a_repeated_figure_names_the_indicator_in_chinese():
    (issue,) = issues("章贡区", "章贡区")
    assert issue.key == "duplicate_same"
    assert "与第2行的 章贡区（360702）森林覆盖率 2023 重复且数值相同" in issue.text("zh")
    assert "repeats 章贡区 (360702), forest_coverage, 2023 of row 2" in issue.text("en")
