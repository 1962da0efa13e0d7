"""geo/issues.py: one report for both imports. An error rejects its row, the rejected table keeps the row's cells,
and the indicator import and the sections import give the same kind of rejected table."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

from geo.cells import parse_year
from geo.importer import import_values
from geo.issues import IssueLog, counted
from geo.sections import import_sections
from geo.settings import Settings
from tests.importer_fixtures import CATALOG, small_index


def test_an_error_rejects_its_row_and_a_warning_does_not():
    log = IssueLog("t.csv")
    log.add(3, "数值", 63.1, "too high", "check it")
    log.add(4, "地区", "x", "odd", "", "warning")
    log.add(None, "备注", None, "not read", "", "warning")
    assert [str(i) for i in log.issues] == [
        "t.csv row 3, column 数值: too high; check it",
        "t.csv row 4, column 地区: odd",
        "t.csv, column 备注: not read",
    ]
    assert log.issues[0].value == "63.1" and log.issues[2].value is None
    assert log.rejects(3) and not log.rejects(4) and log.reasons == {3: ["数值: too high"]}


def test_a_row_can_be_rejected_without_an_error_of_its_own():
    log = IssueLog("t.csv")
    log.reject(5, "数值: value is blank")
    assert log.rejects(5) and log.issues == []


def test_parse_records_the_problem_of_the_cell():
    log = IssueLog("t.csv")
    assert log.parse(2, "年份", "2023年", lambda t: parse_year(t, (2000, 2035))) == 2023
    assert log.parse(3, "年份", "23", lambda t: parse_year(t, (2000, 2035))) is None
    assert [str(i) for i in log.issues] == [
        "t.csv row 3, column 年份: '23' is not a year; write the year as four digits, e.g. 2023"
    ]
    assert log.on_row(3).func == log.add and log.on_row(3).args == (3,)


def test_rejected_rows_in_row_order_with_their_cells():
    frame = pd.DataFrame({"地区": ["a", "b", "c"], "row": ["1", "2", "3"], "reason": ["", "", ""]}, index=[2, 3, 4])
    log = IssueLog("t.csv")
    log.add(4, "地区", "c", "bad")
    log.add(2, None, None, "worse")
    log.add(4, "row", "3", "also bad")
    out = log.rejected_rows(frame)
    assert list(out.columns) == ["row", "reason", "地区", "row (original)", "reason (original)"]
    assert out.values.tolist() == [[2, "worse", "a", "1", ""], [4, "地区: bad; row: also bad", "c", "3", ""]]
    assert list(IssueLog("t.csv").rejected_rows(frame).columns) == list(out.columns)


def test_counted():
    assert (counted(0, "row"), counted(1, "row"), counted(2, "error")) == ("0 rows", "1 row", "2 errors")


def test_both_imports_give_the_same_rejected_table_for_the_same_bad_year():
    text = "地区,指标,年份,数值\n章贡区,森林覆盖率,二〇二三,1\n"
    values = import_values(text.encode(), "v.csv", CATALOG, small_index())
    counties = gpd.GeoDataFrame(
        {"name_zh": ["西县"]},
        index=pd.Index(["360101"], name="adcode"),
        geometry=[box(115.5, 28.5, 116.0, 29.0)],
        crs="EPSG:4326",
    )
    sections = import_sections(
        pd.DataFrame(
            [{"name": "A", "river": "赣江", "lon": "115.7", "lat": "28.7", "target_class": "Ⅱ", "year": "二〇二三"}]
        ),
        "s.csv",
        counties,
        Settings(),
    )
    for result, column in ((values, "年份"), (sections, "year")):
        assert list(result.rejected.columns[:2]) == ["row", "reason"]
        assert result.rejected[["row", "reason"]].values.tolist() == [[2, f"{column}: '二〇二三' is not a year"]]
        assert [str(i) for i in result.errors] == [
            f"{result.name} row 2, column {column}: '二〇二三' is not a year; write the year as four digits, e.g. 2023"
        ]
