"""import_values: long and wide tables, every bad cell reported with its text, good rows kept."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from geo.errors import InputFileError, Issue
from geo.importer import import_values
from tests.importer_fixtures import CATALOG, small_index

LONG = "地区,指标,年份,数值\n"


def run(text: str, name: str = "data.csv", **kw):
    return import_values(text.encode("utf-8"), name, CATALOG, small_index(), **kw)


def only_issue(result) -> Issue:
    assert len(result.issues) == 1, [str(i) for i in result.issues]
    return result.issues[0]


def test_good_long_table():
    r = run(LONG + "章贡区,森林覆盖率,2023,63.1\n360704,forest_coverage,2023,70\n")
    assert r.ok and r.issues == []
    assert r.values[["adcode", "indicator", "year", "value", "provenance"]].values.tolist() == [
        ["360702", "forest_coverage", 2023, 63.1, "user"],
        ["360704", "forest_coverage", 2023, 70.0, "user"],
    ]
    assert r.rejected.empty
    assert r.summary() == "data.csv: 2 rows read (long table), 2 values imported, 0 rows rejected; 0 errors, 0 warnings"


@pytest.mark.parametrize(
    "row, text",
    [
        (
            "火星县,森林覆盖率,2023,1",
            "data.csv row 2, column 地区: '火星县' is not a county of Jiangxi; write a six-digit code "
            "or a Chinese name (e.g. 360112 or 新建区) from the region list",
        ),
        (
            "信风县,森林覆盖率,2023,1",
            "data.csv row 2, column 地区: '信风县' is not a county of Jiangxi; did you mean 信丰县?",
        ),
        (
            "湾里区,森林覆盖率,2023,1",
            "data.csv row 2, column 地区: 湾里区 was merged into 新建区 (360112) in 2019; "
            "use 新建区 or its code 360112",
        ),
        (
            "章贡区,森林复盖率,2023,1",
            "data.csv row 2, column 指标: '森林复盖率' is not an indicator of the catalog; did you mean 森林覆盖率?",
        ),
        (
            "章贡区,森林覆盖率,1999,1",
            "data.csv row 2, column 年份: year 1999 is outside 2000-2035; check the year; the atlas covers 2000-2035",
        ),
        (
            "章贡区,森林覆盖率,二〇二三,1",
            "data.csv row 2, column 年份: '二〇二三' is not a year; write the year as four digits, e.g. 2023",
        ),
        (
            "章贡区,森林覆盖率,2023,abc",
            "data.csv row 2, column 数值: 'abc' is not a number; "
            "write a number such as 63.1 (a % sign is allowed for rates)",
        ),
        (
            '章贡区,森林覆盖率,2023,"63,1"',
            "data.csv row 2, column 数值: '63,1' is not a number (a comma is only read between "
            "groups of three digits); write the number with a decimal point, e.g. 63.1, or as 3,079 / 3079",
        ),
        (
            "章贡区,森林覆盖率,2023,163.1",
            "data.csv row 2, column 数值: 163.1 is outside the valid range 0-100% of 森林覆盖率; "
            "check the figure and its unit (rates are percentages from 0 to 100)",
        ),
        (
            "章贡区,,2023,1",
            "data.csv row 2, column 指标: the indicator is blank; write an indicator id or Chinese name, e.g. 森林覆盖率",
        ),
        (
            ",森林覆盖率,2023,1",
            "data.csv row 2, column 地区: the region is blank; write a six-digit code or a Chinese name such as 章贡区",
        ),
        (
            "章贡区,森林覆盖率,,1",
            "data.csv row 2, column 年份: the year is blank; fill in the year, or give it for the whole file",
        ),
    ],
)
def test_bad_rows_are_rejected_with_their_message(row, text):
    r = run(LONG + row + "\n赣县区,森林覆盖率,2023,70\n")
    issue = only_issue(r)
    assert str(issue) == text
    assert issue.severity == "error" and not r.ok
    assert r.values["adcode"].tolist() == ["360704"]  # the good row is kept
    assert r.rejected["row"].tolist() == [2]
    assert r.rejected["reason"].iloc[0].startswith(f"{issue.column}: {issue.message}")
    assert r.rejected["地区"].iloc[0] == row.split(",")[0]  # original cells kept


def test_blank_value_is_reported_as_missing():
    r = run(LONG + "章贡区,森林覆盖率,2023,-\n")
    issue = only_issue(r)
    assert str(issue) == (
        "data.csv row 2, column 数值: the value of 森林覆盖率 is blank (missing), so none is imported; "
        "fill in the figure, or leave it out if there is none"
    )
    assert issue.severity == "warning" and r.ok and r.values.empty
    assert r.rejected["reason"].tolist() == ["数值: value is blank"]


def test_old_name_is_filed_under_new_code_with_warning():
    r = run(LONG + "上饶县,森林覆盖率,2023,70\n")
    assert str(only_issue(r)) == (
        "data.csv row 2, column 地区: '上饶县' is the old name of 广信区 (361104), upgraded in 2019; "
        "filed under 361104; write 广信区 or 361104"
    )
    assert r.ok and r.values["adcode"].tolist() == ["361104"]


def test_duplicate_key_names_both_rows_and_rejects_both():
    r = run(LONG + "章贡区,森林覆盖率,2023,60\n信丰县,森林覆盖率,2023,50\n360702,forest_coverage,2023,61\n")
    assert str(only_issue(r)) == (
        "data.csv row 4, column 数值: rows 2 and 4 both give 章贡区 (360702), forest_coverage, 2023: "
        "60 and 61; keep one of rows 2 and 4"
    )
    assert r.values["adcode"].tolist() == ["360722"]
    assert r.rejected["row"].tolist() == [2, 4]


def test_old_and_new_name_in_one_file_are_duplicates():
    r = run(LONG + "上饶县,森林覆盖率,2023,60\n广信区,森林覆盖率,2023,62\n")
    assert [i.severity for i in r.issues] == ["warning", "error"]
    assert r.issues[1].message == "rows 2 and 3 both give 广信区 (361104), forest_coverage, 2023: 60 and 62"


def test_same_value_twice_is_kept_once_with_warning():
    r = run(LONG + "章贡区,森林覆盖率,2023,60\n章贡区,森林覆盖率,2023,60.0\n")
    assert str(only_issue(r)) == (
        "data.csv row 3, column 数值: repeats 章贡区 (360702), forest_coverage, 2023 of row 2 "
        "with the same value; kept once; delete row 3"
    )
    assert len(r.values) == 1 and r.ok


def test_percent_strings_and_thousands_separators():
    r = run(LONG + '章贡区,森林覆盖率,2023,63.1%\n章贡区,高标准农田面积,2023,"3,079"\n信丰县,高标准农田面积,2023,12%\n')
    assert r.values["value"].tolist() == [63.1, 3079.0, 12.0]  # sorted by adcode, indicator, year
    assert str(only_issue(r)) == (
        "data.csv row 4, column 数值: '12%' has a percent sign but the unit is 万亩; read as 12; "
        "check that the figure is in the catalog unit"
    )


def test_english_headers_any_case_and_optional_columns():
    r = run(
        " Region ,INDICATOR,year, Value ,Target,Source,Provenance,Note\n"
        "章贡区,forest_coverage,2023,63.1,65,江西统计年鉴2024,official,checked\n"
        "赣县区,forest_coverage,2023,70,,,official,\n"
    )
    rows = r.values[["adcode", "target", "source", "provenance", "note"]].astype(object).values.tolist()
    assert rows[0] == ["360702", 65.0, "江西统计年鉴2024", "official", "checked"]
    assert rows[1][3] == "user"  # official without a source is not official
    assert str(only_issue(r)) == (
        "data.csv row 3, column Provenance: official values need a source; the value is kept as user; "
        "fill in the source (来源) column with the publication"
    )


def test_chinese_code_column_and_name_must_agree():
    r = run("行政区划代码,县名,指标名称,年份,值\n360702,章贡区,森林覆盖率,2023,1\n360722,章贡区,森林覆盖率,2023,2\n")
    assert str(only_issue(r)) == (
        "data.csv row 3, column 县名: the name is 章贡区 (360702) but the code 360722 is 信丰县; "
        "correct the code or the name so they agree"
    )
    assert r.values["adcode"].tolist() == ["360702"]


WIDE = '地区,年份,森林覆盖率(%),湿地保护率,high_standard_farmland_area\n章贡区,2023,63.1,50,"1,200"\n赣县区,2023,70,40,800\n'
LONG_SAME = (
    LONG + "章贡区,森林覆盖率,2023,63.1\n章贡区,湿地保护率,2023,50\n章贡区,高标准农田面积,2023,1200\n"
    "赣县区,forest_coverage,2023,70\n赣县区,wetland_protection_rate,2023,40\n赣县区,high_standard_farmland_area,2023,800\n"
)


def test_wide_and_long_give_the_same_values():
    wide, long = run(WIDE), run(LONG_SAME)
    assert wide.ok and long.ok and wide.layout == "wide" and long.layout == "long"
    pd.testing.assert_frame_equal(wide.values, long.values)


def test_wide_with_year_given_and_unknown_column_warned():
    r = run("区县,森林覆盖率,湿地保护率(%),森林覆盖面积\n章贡区,63.1,,12\n", year=2022)
    assert r.values[["indicator", "year", "value"]].values.tolist() == [["forest_coverage", 2022, 63.1]]
    assert [str(i) for i in r.issues] == [
        "data.csv, column 森林覆盖面积: column '森林覆盖面积' is not read: it is not an indicator of the catalog; did you mean 森林覆盖率?",
    ]
    # A blank cell of a wide table is a missing figure: counted in a note, not an issue and not a rejected row.
    assert r.missing == 1 and len(r.rejected) == 0
    assert "1 cells marked missing (空白 ×1) were not imported" in r.note_lines("en")


def test_wide_unit_in_header_that_converts_is_converted_with_a_note():
    r = run("地区,高标准农田面积(公顷)\n章贡区,1500\n", year=2023)
    assert r.ok and r.issues == []
    assert r.values["value"].tolist() == [2.25]  # 1,500 公顷 = 2.25 万亩
    assert "column '高标准农田面积(公顷)' is in '公顷'; multiplied by 0.0015 to give '万亩'" in r.note_lines("en")
    assert "“高标准农田面积(公顷)”以“公顷”计，已乘以 0.0015 换算为“万亩”" in r.note_lines("zh")


def test_wide_unit_that_cannot_be_converted_refuses_the_column():
    r = run("地区,湿地保护率(万亩)\n章贡区,10\n", year=2023)
    assert len(r.values) == 0 and not r.ok
    assert [i.text("en") for i in r.issues] == [
        "data.csv, column 湿地保护率(万亩): column '湿地保护率(万亩)' is in '万亩' but 湿地保护率 is measured in '%', which "
        "it cannot safely be converted to; the column is not imported; convert the column to '%' and upload again, or "
        "correct the column's reading in the preview"
    ]
    assert r.issues[0].text("zh") == (
        "data.csv “湿地保护率(万亩)”列：“湿地保护率(万亩)”的单位是“万亩”，而湿地保护率以“%”计，无法安全换算，该列未导入；"
        "把该列换算为“%”后重新上传，或在预览中更正该列的读法"
    )


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "名字,数值\n章贡区,1\n",
            "data.csv has no region column (columns: 名字, 数值); "
            "name the column of county names or codes 地区, 区县, 行政区划代码 or region",
        ),
        (
            "地区,其他\n章贡区,1\n",
            "data.csv has neither indicator and value columns nor columns named after indicators; use columns "
            "地区, 指标, 年份, 数值 (long), or one column per indicator such as 森林覆盖率(%) (wide)",
        ),
        (
            "地区,森林覆盖率\n章贡区,1\n",
            "data.csv is a wide table without a year column; add a column 年份, or give the year (--year 2023)",
        ),
    ],
)
def test_unusable_layouts_raise_input_file_error(text, message):
    with pytest.raises(InputFileError) as e:
        run(text)
    assert str(e.value) == message


def test_dataframe_input_is_not_mutated_and_report_lists_issues():
    frame = pd.DataFrame(
        {"地区": ["章贡区", "火星县"], "指标": ["森林覆盖率"] * 2, "年份": [2023, 2023], "数值": [63.1, 5.0]}
    )
    before = frame.copy()
    r = import_values(frame, "frame", CATALOG, small_index())
    pd.testing.assert_frame_equal(frame, before)
    assert r.report().splitlines()[-2:] == [
        "error: frame row 3, column 地区, cell A3: '火星县' is not a county of Jiangxi; write a six-digit code or a "
        "Chinese name (e.g. 360112 or 新建区) from the region list",
        "frame: 2 rows read (long table), 1 value imported, 1 row rejected; 1 error, 0 warnings",
    ]


def test_gbk_file_imports(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes((LONG + "章贡区,森林覆盖率,2023,63.1\n").encode("gbk"))
    r = import_values(path, "gbk.csv", CATALOG, small_index())
    assert r.ok and r.notes[0] == "read gbk.csv as CSV, GBK: 1 row, 4 columns"


CELL = st.one_of(
    st.text(max_size=8), st.sampled_from(["章贡区", "360704", "森林覆盖率", "2023", "63.1%", "3,079", "湾里区", ""])
)


@hsettings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(CELL, CELL, CELL, CELL, CELL), min_size=1, max_size=6))
def test_import_never_crashes_on_random_cells(rows):
    frame = pd.DataFrame(rows, columns=["地区", "指标", "年份", "数值", "目标值"])
    r = import_values(frame, "fuzz", CATALOG, small_index())
    assert all(isinstance(i, Issue) for i in r.issues)
    nonblank = sum(any(str(c).strip() for c in row) for row in rows)
    assert r.rows_read == nonblank
    # each non-blank row is imported, listed in rejected with a reason, or a repeat of the same value kept once
    repeats = sum(1 for i in r.issues if "with the same value; kept once" in i.message)
    assert len(r.values) + len(r.rejected) + repeats == nonblank
    assert set(r.rejected["row"]) == {i.row for i in r.issues if i.severity == "error"} | {
        i.row for i in r.issues if "is blank (missing)" in i.message
    }


def test_a_value_without_a_source_names_the_file_it_came_from() -> None:
    r = run(
        "地区,指标,年份,数值,来源\n章贡区,森林覆盖率,2023,63.1,\n360704,forest_coverage,2023,70,2023年统计公报\n",
        name="mine.csv",
    )
    sources = dict(zip(r.values["adcode"], r.values["source"]))
    assert sources["360702"] == "mine.csv (your table; no source given)"
    assert sources["360704"] == "2023年统计公报"
    assert set(r.values["provenance"]) == {"user"}


# ------------------------------------------------------------------ allocated targets

ALLOCATION = "地区,指标,目标值\n"


def test_an_allocation_table_gives_each_region_its_own_target_for_every_year():
    r = run(ALLOCATION + "章贡区,高标准农田面积,40\n赣州市,高标准农田面积,300\n")
    assert r.ok and r.issues == []
    assert r.values[["adcode", "indicator", "target"]].values.tolist() == [
        ["360700", "high_standard_farmland_area", 300.0],
        ["360702", "high_standard_farmland_area", 40.0],
    ]
    assert r.values["value"].isna().all() and r.values["year"].isna().all()


@pytest.mark.parametrize(
    "row, message, fix",
    [
        (
            "江西省,高标准农田面积,2800",
            "江西省 is a unit of province level, where no target is allocated",
            "allocate targets to units below that level",
        ),
        ("章贡区,森林覆盖率,-3", "-3 is outside the valid range 0-100%", "check the figure and its unit"),
        ("章贡区,森林覆盖率,abc", "'abc' is not a number", "write a number"),
        ("章贡区,高标准农田面积,", "the target of 高标准农田面积 is blank", "fill in the allocated target"),
    ],
)
def test_a_bad_allocated_target_is_a_row_error_with_its_fix(row, message, fix):
    r = run(ALLOCATION + row + "\n")
    issue = only_issue(r)
    assert issue.severity == "error" and issue.row == 2 and issue.column == "目标值"
    assert message in issue.message and fix in issue.fix
    assert len(r.values) == 0 and list(r.rejected["row"]) == [2]


def test_a_target_for_a_qualitative_aim_is_refused():
    from geo.catalog import Catalog
    from tests.importer_fixtures import _indicator

    aim = _indicator("survey", "调查监测体系", "", None)
    catalog = Catalog(actions=(), source="test", indicators=(type(aim)(**{**aim.__dict__, "rule": "qualitative"}),))
    r = import_values(
        (LONG.rstrip("\n") + ",目标值\n章贡区,调查监测体系,2025,1,1\n").encode(), "t.csv", catalog, small_index()
    )
    issue = only_issue(r)
    assert "qualitative aim, tracked and not scored: it takes no target" in issue.message
    assert issue.fix == "leave the target cell empty" and len(r.values) == 0


def test_a_city_column_places_a_county_within_its_city_and_a_city_table_names_cities():
    r = run("地区,所属市,指标,年份,数值\n章贡区,赣州市,森林覆盖率,2023,63.1\n")
    assert r.ok and r.values["adcode"].tolist() == ["360702"]
    cities = run("城市,指标,年份,数值\n赣州市,森林覆盖率,2023,70\n")
    assert cities.ok and cities.values["adcode"].tolist() == ["360700"]


# ------------------------------------------------------------------ value types
def _catalog_with(unit: str, value_type: str):
    from dataclasses import replace

    from geo.catalog import Catalog

    ind = replace(
        CATALOG.indicators[0],
        id="section_class",
        name_zh="断面水质类别",
        unit=unit,
        valid_range=(1, 6),
        value_type=value_type,
    )
    return Catalog(actions=(), source="test", indicators=(ind,))


def test_cells_are_read_by_the_declared_value_type_not_by_the_unit():
    text = "地区,指标,年份,数值\n章贡区,断面水质类别,2023,Ⅱ类\n赣县区,断面水质类别,2023,3\n".encode()
    as_class = import_values(text, "c.csv", _catalog_with("", "water_class"), small_index())
    assert as_class.ok and as_class.values["value"].tolist() == [2.0, 3.0]
    as_number = import_values(text, "c.csv", _catalog_with("类", "number"), small_index())
    assert [i.message for i in as_number.errors] == ["'Ⅱ类' is not a number"]
    assert as_number.values["value"].tolist() == [3.0]


def test_the_catalog_declares_water_classes_and_refuses_an_unknown_value_type(tmp_path):
    import yaml

    from geo.catalog import load_catalog
    from geo.errors import CatalogError
    from geo.paths import INDICATORS

    catalog = load_catalog()
    assert {i.id for i in catalog.indicators if i.value_type == "water_class"} == {
        i.id for i in catalog.indicators if i.unit == "类"
    }
    assert {i.value_type for i in catalog.indicators} == {"number", "water_class"}
    raw = yaml.safe_load((INDICATORS / "catalog.yaml").read_text(encoding="utf-8"))
    entry = {**raw["indicators"][0], "value_type": "roman"}
    path = tmp_path / "catalog.yaml"
    path.write_text(
        yaml.safe_dump({"actions": raw["actions"], "indicators": [entry]}, allow_unicode=True), encoding="utf-8"
    )
    with pytest.raises(CatalogError, match=r"value_type 'roman' is unknown; use one of number, water_class"):
        load_catalog(path)


# ------------------------------------------------------------------ yearbook sheets (issue 16)


def yearbook(**kw):
    from tests.yearbook import TREE, TREE_CATALOG, tree_index, yearbook_bytes

    data = kw.pop("data", None) or yearbook_bytes(second=kw.pop("second", False))
    return import_values(data, "年鉴.xlsx", TREE_CATALOG, tree_index(), regions_table=TREE, **kw)


def test_a_yearbook_sheet_imports_its_counties_and_checks_its_subtotals():
    from tests.yearbook import frame_of

    r = yearbook()
    assert r.ok and r.layout == "wide" and r.missing == 4
    assert frame_of(r.values) == [
        ["360702", "forest_coverage", 2022, None, 60.0],
        ["360702", "forest_coverage", 2023, None, 61.0],
        ["360702", "wetland_protection_rate", 2023, None, 55.0],
        ["360704", "forest_coverage", 2022, None, 70.0],
        ["360704", "forest_coverage", 2023, None, 60.2],
        ["360722", "forest_coverage", 2022, None, 60.0],  # ６０ in full-width digits
        ["360722", "forest_coverage", 2023, None, 52.7],
        ["360722", "wetland_protection_rate", 2023, None, 45.0],
        ["360821", "forest_coverage", 2023, None, 65.0],
        ["360821", "wetland_protection_rate", 2023, None, 48.0],
    ]
    # 赣州市 2023: (61.0×100 + 60.2×300 + 52.7×100) / 500 = 58.86 by area; the table prints 55.2.
    (issue,) = r.issues
    assert issue.text("en") == (
        "年鉴.xlsx row 6, column 森林覆盖率 · 2023年, cell 表3-2!C6: 赣州市: table 55.2, its counties aggregate to 58.9; "
        "check that row or its counties' figures; if the table's figure is the one to keep, import with totals used"
    )
    assert issue.text("zh") == (
        "年鉴.xlsx 第6行，“森林覆盖率 · 2023年”列，单元格 表3-2!C6：赣州市：表中 55.2，其所属县汇总为 58.9；"
        "核对该行或其所属县的数值；若表中数值为准，导入时选择“采用合计行”"
    )
    zh = r.note_lines("zh")
    assert "表头上方的第1, 2行作为标题跳过：表3-2 各县（市、区）生态指标 / 单位：%" in zh
    assert "表头在第3, 4行" in zh
    assert "第13行是表注，跳过：注：森林覆盖率含灌木林。" in zh
    assert "4 个单元格标为缺失（… ×1, — ×2, / ×1），未导入" in zh
    assert "江西省（森林覆盖率 2022）：表中只有其 6 个所属县中的 3 个，未核对" in zh
    assert "3 个合计/小计行（江西省, 赣州市, 吉安市）未作为数值导入，已与所属县的汇总核对" in zh
    assert "row 14 is a footnote, skipped: 资料来源：江西省林业局。" in r.note_lines("en")
    assert r.arrived() == {
        "indicators": 2,
        "periods": 2,
        "regions": 4,
        "names": "forest_coverage, wetland_protection_rate",
    }


def test_total_rows_are_imported_as_the_table_gives_them_only_when_asked():
    r = yearbook(totals="use")
    got = {(a, i, y): v for a, i, y, v in r.values[["adcode", "indicator", "year", "value"]].values.tolist()}
    assert got[("360700", "forest_coverage", 2023)] == 55.2 and got[("360000", "forest_coverage", 2022)] == 63.1
    assert r.issues == [] and len(r.values) == 17  # 10 county figures, 全省 3, 赣州市 3, 吉安市 1
    assert "3 个合计/小计行（江西省, 赣州市, 吉安市）按表中数值导入" in r.note_lines("zh")
    with pytest.raises(InputFileError, match="totals='replace' is not a mode"):
        yearbook(totals="replace")


def test_every_sheet_or_the_ones_picked_and_a_unit_title_converts():
    both = yearbook(second=True, sheets=[])
    assert [x.sheet for x in both.readings] == ["表3-2", "表3-3"]
    farmland = both.values.loc[both.values["indicator"] == "high_standard_farmland_area"]
    assert farmland[["adcode", "value"]].values.tolist() == [["360702", 2.25], ["360722", 4.5]]  # 公顷 -> 万亩
    assert "“2023年”以“公顷”计，已乘以 0.0015 换算为“万亩”" in both.note_lines("zh")
    picked = yearbook(second=True, sheets=["表3-3"])
    assert [x.sheet for x in picked.readings] == ["表3-3"] and len(picked.values) == 2
    with pytest.raises(InputFileError, match="has no sheet '表9'"):
        yearbook(second=True, sheets=["表9"])


def test_a_bad_cell_names_its_sheet_cell_in_both_languages():
    from tests.yearbook import SHEET, yearbook_bytes

    rows = [list(r) for r in SHEET]
    rows[6][1] = "六十"
    r = yearbook(data=yearbook_bytes(rows=rows))
    bad = [i for i in r.errors]
    assert [i.text("zh") for i in bad] == [
        "年鉴.xlsx 第7行，“森林覆盖率 · 2022年”列，单元格 表3-2!B7：“六十”不是数字；填写数字，如 63.1（比率可带 % 号）"
    ]
    assert bad[0].text("en") == (
        "年鉴.xlsx row 7, column 森林覆盖率 · 2022年, cell 表3-2!B7: '六十' is not a number; "
        "write a number such as 63.1 (a % sign is allowed for rates)"
    )
    assert r.rejected["row"].tolist() == [7]


def test_a_corrected_reading_is_what_the_import_applies():
    from geo.importer import preview

    text = "地区,林木覆盖,备注\n章贡区,60,\n".encode()
    (reading,) = preview(text, "t.csv", CATALOG)
    with pytest.raises(InputFileError, match="neither indicator and value columns"):
        import_values(text, "t.csv", CATALOG, small_index(), reading=reading)
    fixed = reading.corrected("林木覆盖", CATALOG, indicator="forest_coverage", period="2024-05")
    r = import_values(text, "t.csv", CATALOG, small_index(), reading=fixed)
    assert r.values[["adcode", "indicator", "year", "value"]].values.tolist() == [
        ["360702", "forest_coverage", 2024, 60.0]
    ]
    assert "“林木覆盖”列按您的更正读取：forest_coverage 2024-05" in r.note_lines("zh")


def test_a_header_fifty_rows_down_is_found_and_one_past_the_search_is_refused():
    from geo.header import HEADER_SEARCH

    def sheet(blank_titles: int) -> bytes:
        lines = [f"说明第{i}行" for i in range(blank_titles)] + ["地区,森林覆盖率(%),年份", "章贡区,60,2023"]
        return "\n".join(lines).encode()

    r = run(sheet(50).decode())
    assert r.ok and r.values["value"].tolist() == [60.0]
    with pytest.raises(InputFileError, match=f"no header row in the first {HEADER_SEARCH} rows"):
        run(sheet(HEADER_SEARCH + 5).decode())


def test_a_thousand_columns_are_read_and_more_than_the_limit_refused():
    from geo.readers.grid import MAX_COLUMNS

    wide = "地区,年份," + ",".join(f"列{i}" for i in range(998)) + "\n章贡区,2023," + ",".join("1" * 998) + "\n"
    r = run(wide.replace("列0", "森林覆盖率"))
    assert r.values["value"].tolist() == [1.0] and len(r.warnings) == 997
    too = "地区," + ",".join(f"列{i}" for i in range(MAX_COLUMNS + 1)) + "\n章贡区\n"
    with pytest.raises(InputFileError, match=f"more than {MAX_COLUMNS} columns"):
        run(too)


def test_a_long_table_with_a_month_column_gives_monthly_values():
    r = run(
        "地区,指标,年份,月份,数值\n章贡区,森林覆盖率,2024,3,60\n章贡区,森林覆盖率,2024,4月,61\n"
        "章贡区,森林覆盖率,,2024年5月,62\n章贡区,森林覆盖率,2024,13,1\n"
    )
    assert r.values[["year", "period", "value"]].astype(object).values.tolist() == [
        [2024, "2024-03", 60.0],
        [2024, "2024-04", 61.0],
        [2024, "2024-05", 62.0],
    ]
    (issue,) = r.issues
    assert issue.text("zh") == (
        "data.csv 第5行，“月份”列，单元格 D5：“13”不是可识别的时期（或与年份不符）；"
        "写成 2023年、2024年3月、2023年1-6月 或 一季度（置于年份之下）"
    )


def test_every_issue_of_an_import_has_a_message_in_both_languages():
    text = (
        LONG
        + "火星县,森林覆盖率,2023,1\n章贡区,森林覆盖,2023,1\n章贡区,森林覆盖率,二〇二三,1\n章贡区,森林覆盖率,2023,abc\n"
        "章贡区,湿地保护率,2023,101\n上饶县,森林覆盖率,2023,60\n章贡区,森林覆盖率,,1\n,森林覆盖率,2023,1\n"
        "360702.0,森林覆盖率,2022,5%\n"
    )
    r = run(text)
    assert len(r.issues) >= 8
    for issue in r.issues:
        assert issue.key, str(issue)
        zh = issue.text("zh")
        assert zh != issue.text("en") and not any(w in zh for w in (" is ", " not ", "write ", "check ")), zh


def test_a_units_row_under_the_header_and_a_table_total_row():
    from tests.yearbook import TREE, TREE_CATALOG, tree_index

    text = "表1 赣州市各县生态指标\n地区,森林覆盖率,湿地保护率\n单位,%,%\n章贡区,60,50\n赣县区,70,40\n信丰县,60,45\n合计,66.0,40.0\n"
    r = import_values(text.encode(), "t.csv", TREE_CATALOG, tree_index(), year=2023, regions_table=TREE)
    assert [c.reads_as() for c in r.readings[0].columns] == [
        "region",
        "forest_coverage",
        "wetland_protection_rate",
    ]
    assert r.readings[0].header_rows == (2, 3) and len(r.values) == 6  # the 合计 row is 赣州市's, checked, not imported
    # 湿地保护率 by area: (50×100 + 40×300 + 45×100) / 500 = 43.0; the 合计 row says 40.0.
    assert [i.text("zh") for i in r.issues] == [
        "t.csv 第7行，“湿地保护率 · %”列，单元格 C7：赣州市：表中 40，其所属县汇总为 43.0；"
        "核对该行或其所属县的数值；若表中数值为准，导入时选择“采用合计行”"
    ]
    used = import_values(
        text.encode(), "t.csv", TREE_CATALOG, tree_index(), year=2023, regions_table=TREE, totals="use"
    )
    assert sorted(used.values.loc[used.values["adcode"] == "360700", "value"].tolist()) == [40.0, 66.0]


def test_a_long_tables_row_with_blanks_right_under_the_header_is_data_not_header():
    r = run(LONG + ",森林覆盖率,2023,\n章贡区,森林覆盖率,2023,63.1\n")
    assert r.readings[0].header_rows == (1,) and r.values["value"].tolist() == [63.1]
    assert [i.key for i in r.errors] == ["region_blank"] and r.rejected["row"].tolist() == [2]


def test_the_readers_notes_are_said_in_chinese_too():
    r = run("地区\t指标\t年份\t数值\t数值\n章贡区\t森林覆盖率\t2023\t63.1\t\n")
    zh = r.note_lines("zh")
    assert "列以 制表符 分隔" in zh and "表头“数值”出现两次，第二列按“数值 (E)”读取" in zh
    assert "columns separated by tab" in r.note_lines("en")
