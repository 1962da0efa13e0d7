"""A sections import's report in the page's language: each problem keyed in catalogs/messages.yaml, its cell named."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from geo.errors import InputFileError
from geo.messages import error_text
from geo.sections import import_sections
from geo.settings import Settings

SETTINGS = Settings()
HEADINGS = {
    "name": "断面名称",
    "river": "河流",
    "lon": "经度",
    "lat": "纬度",
    "target_class": "水质目标",
    "year": "年份",
}


@pytest.fixture
def counties() -> gpd.GeoDataFrame:
    """Two square 'counties' near Nanchang: west 360101 and east 360102 (border at lon 116.0)."""
    return gpd.GeoDataFrame(
        {"name_zh": ["西县", "东县"]},
        index=pd.Index(["360101", "360102"], name="adcode"),
        geometry=[box(115.5, 28.5, 116.0, 29.0), box(116.0, 28.5, 116.5, 29.0)],
        crs="EPSG:4326",
    )


def run(counties: gpd.GeoDataFrame, *rows: dict) -> object:
    base = {"name": "A", "river": "赣江", "lon": "115.7", "lat": "28.7", "target_class": "Ⅱ", "year": "2024"}
    frame = pd.DataFrame([{**base, **r} for r in rows]).astype(str).rename(columns=HEADINGS)
    return import_sections(frame, "s.csv", counties, SETTINGS)


def test_swapped_coordinates_in_chinese_and_english(counties):
    res = run(counties, {"lon": "28.68", "lat": "115.89"})
    (issue,) = res.issues
    assert issue.key == "position_swapped" and issue.cell == "C2"
    assert issue.text("zh") == "s.csv 第2行，“经度”列，单元格 C2：经度 28.68、纬度 115.89 似乎填反了；交换经度和纬度"
    assert issue.text("en") == (
        "s.csv row 2, column 经度, cell C2: lon 28.68, lat 115.89 look swapped; exchange the lon and lat values"
    )


def test_a_point_outside_the_province_names_it_in_each_language(counties):
    (issue,) = run(counties, {"lon": "120.15", "lat": "30.28"}).issues
    assert (
        "经度 120.15、纬度 30.28 位于江西省之外；核对位置；各区县范围为经度 115.5–116.5、纬度 28.5–29.0"
        in issue.text("zh")
    )
    assert "lies outside Jiangxi; check the position; the counties span lon 115.5–116.5" in issue.text("en")


def test_row_problems_in_chinese(counties):
    res = run(
        counties,
        {"name": "B", "river": ""},
        {"name": "C", "target_class": "七类"},
        {"name": "D", "year": "24.5"},
        {"name": "E", "lon": "abc"},
        {"name": "E", "lon": "abc", "year": "2025"},
    )
    zh = [i.text("zh") for i in res.issues]
    assert zh[0] == "s.csv 第2行，“河流”列，单元格 B2：河流为空；填写断面所在河流或湖库"
    assert zh[1].startswith("s.csv 第3行，“水质目标”列，单元格 E3：“七类”不是水质类别；写作 Ⅱ、II 或 Ⅱ类")
    assert zh[2] == "s.csv 第4行，“年份”列，单元格 F4：“24.5”不是年份；用四位数字写年份，如 2023"
    assert zh[3].startswith(
        "s.csv 第5行，“经度”列，单元格 C5：经度“abc”、纬度“28.7”不是数字；以十进制度填写 WGS-84 经纬度"
    )
    # Nothing in English but the user's own cells and the forms a cell may take (II, WGS-84).
    assert not any("is not" in line or "column" in line for line in zh)


def test_repeats_and_the_summary_follow_the_language(counties):
    res = run(counties, {}, {"lon": "115.8"}, {"year": "2025", "lon": "115.9"})
    assert [i.text("zh").split("：", 1)[1] for i in res.issues] == [
        "断面 A 2024 重复出现（首次在第2行）；每个断面、年份和月份只保留一行",
        "断面 A 在此处位于经度 115.9、纬度 28.7，而第2行为经度 115.7、纬度 28.7；同一断面只给一个位置",
    ]
    assert res.summary("zh") == "s.csv：导入 1 个断面（1 行），拒绝 2 行；2 个错误，0 个提示"
    assert res.report("zh").splitlines()[0].startswith("错误：s.csv 第3行")
    assert (
        res.report("en")
        .splitlines()[0]
        .startswith("error: s.csv row 3, column 断面名称, cell A3: section A 2024 appears")
    )
    assert res.summary() == "s.csv: 1 section in 1 row imported, 2 rows rejected; 2 errors, 0 warnings"


def test_a_refused_sections_file_is_said_in_either_language(counties):
    with pytest.raises(InputFileError) as err:
        import_sections(pd.DataFrame({"断面名称": ["A"], "经度": ["115.7"]}), "s.csv", counties, SETTINGS)
    assert error_text(err.value, "zh").startswith(
        "s.csv 缺少列：river, target_class, year, lat；补上这些列（可用的列名："
    )
    assert error_text(err.value, "en").startswith("s.csv: missing column(s) river, target_class, year, lat; add them")
